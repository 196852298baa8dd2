//! Share links: real `<a href>` elements built by `core::share`, so middle-click works and
//! nothing is requested from any network until the visitor clicks.
//!
//! Zalo has no documented share URL (its official button loads a third-party SDK and needs an
//! Official Account id), so the Zalo control opens the device share sheet, where Zalo is listed
//! on phones that have it, and otherwise copies the link for pasting into Zalo.

use super::{Ctx, Widget};
use crate::core::config::ConfigError;
use crate::core::i18n::{fill, Key};
use crate::core::share::{clean_url, Kind, Network, ShareConfig, ShareData};
use crate::dom::{self, http, view::Spec};
use crate::error::{Error, Result};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, Node};

/// A mounted share widget.
pub struct Share {
    host: Element,
    data: ShareData,
    /// What was rendered, and whether the device share sheet exists.
    networks: Vec<&'static Network>,
    native: bool,
    status: HtmlElement,
    copied: String,
    copy_failed: String,
}

/// The URL to share: `data-url`, canonical link, `og:url`, then the page's own.
fn share_url(url: Option<core::result::Result<String, ConfigError>>) -> Result<String> {
    if let Some(v) = url {
        return v.map_err(|err| Error::Config {
            attr: "data-url",
            err,
        });
    }
    let doc = dom::document()?;
    let canonical = doc
        .query_selector("link[rel=canonical][href]")
        .ok()
        .flatten()
        .and_then(|l| l.dyn_into::<web_sys::HtmlLinkElement>().ok())
        .map(|l| l.href());
    // Resolved `href` of a canonical link, then og:url, then the location: first usable wins.
    let candidates = [
        canonical,
        dom::meta("og:url"),
        dom::window()?.location().href().ok(),
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
        .or_else(|| dom::document().ok().map(|d| d.title()))
        .unwrap_or_default();
    let text = config
        .text
        .or_else(|| dom::meta("og:description"))
        .unwrap_or_default();
    Ok(ShareData {
        url,
        title: String::from(title.trim()),
        text: String::from(text.trim()),
    })
}

fn can_native_share() -> bool {
    let Ok(w) = dom::window() else { return false };
    let nav = w.navigator();
    js_sys::Reflect::get(&nav, &JsValue::from_str("canShare"))
        .map(|f| f.is_function())
        .unwrap_or(false)
}

/// Renders the links into `parent`.
pub fn mount(ctx: &Ctx, parent: &Node) -> Result<Rc<dyn Widget>> {
    let mut config = ctx.config(ShareConfig::parse);
    let nets = core::mem::take(&mut config.networks);
    let data = share_data(config)?;
    let native = can_native_share();
    let mut v = Spec::default();
    v.raw("0div class=row role=group aria-label=")
        .text(&ctx.label(Key::ShareGroup));
    let mut shown = Vec::new();
    for net in nets {
        if net.kind == Kind::Native && !native {
            continue;
        }
        let name = match net.kind {
            Kind::Mail => ctx.label(Key::Email),
            Kind::Copy => ctx.label(Key::Copy),
            Kind::Native => ctx.label(Key::NativeShare),
            Kind::Link | Kind::Zalo => fill(&ctx.label(Key::ShareOn), &[("network", net.name)]),
        };
        // A real link where there is a URL (middle-click works), else a button.
        match net.href {
            Some(href) => {
                v.raw("\n1a class=btn href=").text(&href(&data));
                if net.kind == Kind::Link {
                    v.raw(" target=_blank rel=").text("noopener noreferrer");
                }
            }
            None => {
                v.raw("\n1button class=btn type=button");
            }
        }
        v.raw(" data-network=")
            .raw(net.id)
            .raw(" data-act=")
            .raw(net.id)
            .raw("\n2svg viewBox=")
            .text("0 0 24 24")
            .raw(" aria-hidden=true focusable=false\n3");
        // Inline icon, hidden from assistive technology (the control has a text name); brand
        // monogram where there is no path.
        match icon(net.id) {
            Ok(d) => v.raw("path d=").text(d),
            Err(letter) => v
                .raw("text x=12 y=17 text-anchor=middle font-size=14 font-weight=700 font-family=Arial,sans-serif _=")
                .raw(letter),
        };
        v.raw("\n2span class=sr _=").text(&name);
        shown.push(net);
    }
    v.raw("\n0span class=sr role=status");
    let nodes = v.build(parent)?;
    Ok(Rc::new(Share {
        host: ctx.host.clone(),
        data,
        networks: shown,
        native,
        status: nodes.get(nodes.len() - 1),
        copied: ctx.label(Key::Copied),
        copy_failed: ctx.label(Key::CopyFailed),
    }))
}

impl Widget for Share {
    fn click(&self, act: &str, e: &web_sys::Event) {
        if let Some(net) = self.networks.iter().find(|n| n.id == act) {
            self.clicked(e, net.id, net.kind);
        }
    }
}

impl Share {
    fn clicked(&self, e: &web_sys::Event, id: &str, kind: Kind) {
        let detail = dom::object(&[
            ("network", JsValue::from_str(id)),
            ("url", JsValue::from_str(&self.data.url)),
        ]);
        // Cancelable: a site may log shares itself, or stop one.
        if !dom::emit(&self.host, "civic:share", &detail, true) {
            e.prevent_default();
            return;
        }
        match kind {
            Kind::Link | Kind::Mail => {}
            Kind::Copy => self.copy(),
            Kind::Native => self.native_share(),
            Kind::Zalo if self.native => self.native_share(),
            Kind::Zalo => self.copy(),
        }
    }

    fn native_share(&self) {
        let Ok(w) = dom::window() else { return };
        let nav = w.navigator();
        let data = dom::object(&[
            ("url", JsValue::from_str(&self.data.url)),
            ("title", JsValue::from_str(&self.data.title)),
        ]);
        if let Ok(f) = js_sys::Reflect::get(&nav, &JsValue::from_str("share")) {
            if let Some(f) = f.dyn_ref::<js_sys::Function>() {
                // The visitor may dismiss the sheet: a rejected promise is not an error.
                if let Ok(p) = f.call1(&nav, &data) {
                    http::settle(&p, &JsValue::UNDEFINED);
                }
            }
        }
    }

    fn copy(&self) {
        let url = self.data.url.clone();
        let status = self.status.clone();
        let (copied, failed) = (self.copied.clone(), self.copy_failed.clone());
        let done = move |ok: bool| {
            let text = if ok {
                copied
            } else {
                fill(&failed, &[("url", &url)])
            };
            dom::announce(&status, &text);
            show_toast(&status, &text);
        };
        let done = wasm_bindgen::closure::Closure::once_into_js(done);
        match dom::window() {
            Ok(w) => http::settle(&w.navigator().clipboard().write_text(&self.data.url), &done),
            Err(_) => http::settle(&js_sys::Promise::reject(&JsValue::NULL), &done),
        }
    }
}

/// Makes the confirmation visible for sighted visitors too, then hides it again.
fn show_toast(status: &HtmlElement, _text: &str) {
    status.set_class_name("note");
    let status = status.clone();
    let cb = wasm_bindgen::closure::Closure::once_into_js(move || status.set_class_name("sr"));
    if let Ok(w) = dom::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), 6000);
    }
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
