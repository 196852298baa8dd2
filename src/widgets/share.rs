//! Share links: real `<a href>` elements built by `core::share`, so middle-click works and
//! nothing is requested from any network until the visitor clicks. This module parses the
//! attributes and builds every href in `core/`; `js/share.js` draws the controls and answers
//! the clicks (copy, the device share sheet, the cancelable `civic:share` event).
//!
//! Zalo has no documented share URL (its official button loads a third-party SDK and needs an
//! Official Account id), so the Zalo control opens the device share sheet, where Zalo is listed
//! on phones that have it, and otherwise copies the link for pasting into Zalo.

use super::Ctx;
use crate::core::config::ConfigError;
use crate::core::i18n::{fill, Key};
use crate::core::share::{clean_url, Kind, ShareConfig, ShareData};
use crate::dom;
use crate::error::{Error, Result};

/// The URL to share: `data-url`, canonical link, `og:url`, then the page's own.
fn share_url(url: Option<core::result::Result<String, ConfigError>>) -> Result<String> {
    if let Some(v) = url {
        return v.map_err(|err| Error::Config {
            attr: "data-url",
            err,
        });
    }
    // Resolved `href` of a canonical link, then og:url, then the location: first usable wins.
    let candidates = [
        dom::page("canonical"),
        dom::meta("og:url"),
        dom::page("url"),
    ];
    candidates
        .into_iter()
        .flatten()
        .find_map(|u| clean_url(&u).ok())
        .ok_or(Error::Config {
            attr: "data-url",
            err: ConfigError::UnsafeUrl,
        })
}

/// What is shared: the attributes, else the page's Open Graph tags and title.
fn share_data(config: ShareConfig) -> Result<ShareData> {
    let url = share_url(config.url)?;
    let title = config
        .title
        .or_else(|| dom::meta("og:title"))
        .or_else(|| dom::page("title"))
        .unwrap_or_default();
    let text = config
        .text
        .or_else(|| dom::meta("og:description"))
        .unwrap_or_default();
    Ok(ShareData {
        url,
        title: String::from(title.trim_ascii()),
        text: String::from(text.trim_ascii()),
    })
}

/// Fields: see `mountShare` in `js/share.js`.
pub fn config(ctx: &Ctx) -> Result<()> {
    let mut config = ctx.config(ShareConfig::parse);
    let nets = core::mem::take(&mut config.networks);
    let data = share_data(config)?;
    let push = |v: &str| ctx.text(v);
    for v in [
        &data.url,
        &data.title,
        &ctx.label(Key::ShareGroup),
        &ctx.label(Key::Copied),
        &ctx.label(Key::CopyFailed),
    ] {
        push(v);
    }
    for net in nets {
        let (kind, key) = match net.kind {
            Kind::Mail => ("mail", Key::Email),
            Kind::Copy => ("copy", Key::Copy),
            Kind::Native => ("native", Key::NativeShare),
            Kind::Link => ("link", Key::ShareOn),
            Kind::Zalo => ("zalo", Key::ShareOn),
        };
        let name = fill(&ctx.label(key), &[("network", net.name)]);
        push(net.id);
        push(kind);
        match net.href {
            Some(href) => push(&href(&data)),
            None => ctx.none(),
        }
        push(&name);
        push(net.icon);
    }
    Ok(())
}
