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
        push(icon(net.id).unwrap_or_else(|letter| letter));
    }
    Ok(())
}

/// The icon's path data, or the monogram letter for brands drawn as a letter.
fn icon(id: &str) -> core::result::Result<&'static str, &'static str> {
    Ok(match id {
        "facebook" => "M13.5 22v-8h2.7l.4-3.2h-3.1V8.8c0-.9.3-1.5 1.6-1.5h1.7V4.4c-.3 0-1.3-.1-2.4-.1-2.4 0-4 1.5-4 4.1v2.4H7.7V14h2.7v8z",
        "x" => "M17.8 3h3.1l-6.8 7.7L22 21h-6.2l-4.9-6.3L5.3 21H2.2l7.2-8.3L2 3h6.4l4.4 5.8zm-1.1 16.2h1.7L7.4 4.7H5.6z",
        "linkedin" => "M4 9h3.6v11H4zm1.8-5.5a2 2 0 110 4.1 2 2 0 010-4.1zM9.8 9h3.4v1.5h.1c.5-.9 1.6-1.8 3.4-1.8 3.6 0 4.3 2.4 4.3 5.4V20h-3.6v-5.3c0-1.3 0-2.9-1.8-2.9s-2.1 1.4-2.1 2.8V20H9.8z",
        "email" => "M3 5h18v14H3zm2 2v.4l7 4.6 7-4.6V7zm14 2.8l-7 4.6-7-4.6V17h14z",
        "copy" => "M8 3h11v13h-2V5H8zM5 7h10v14H5zm2 2v10h6V9z",
        "native" => "M18 16a3 3 0 00-2.2 1l-7-3.9a3 3 0 000-2.2l7-3.9A3 3 0 1015 5l-7 3.9a3 3 0 100 6.2l7 3.9A3 3 0 1018 16z",
        "telegram" => "M21.5 3.5L2.8 10.7c-1.3.5-1.3 1.2-.2 1.5l4.8 1.5 1.8 5.6c.2.6.4.8.9.8.4 0 .6-.2.9-.5l2.2-2.1 4.6 3.4c.8.5 1.4.2 1.6-.8l3-14.3c.3-1.3-.5-1.8-1.4-1.4zM9.3 14.5l8.3-7.6-6.5 8.3-.3 3z",
        "zalo" => return Err("Z"),
        "whatsapp" => return Err("W"),
        "reddit" => return Err("r"),
        "pinterest" => return Err("P"),
        "threads" => return Err("@"),
        "bluesky" => return Err("b"),
        _ => return Err("•"),
    })
}
