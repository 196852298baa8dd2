//! Each widget's configuration: its host's attributes parsed in `core/`, with its labels, for
//! the JavaScript that draws it. `js/widgets.js` finds the hosts, calls [`config`] once per
//! widget and hands the result to the widget's module in `js/` (#12: written against web-sys,
//! the registry and the views took twice the bytes of the same JavaScript, and every DOM call
//! crossed the Wasm boundary at start).

#[cfg(feature = "contrast")]
pub mod contrast;
#[cfg(feature = "rating")]
pub mod rating;
#[cfg(feature = "read-aloud")]
pub mod read_aloud;
#[cfg(feature = "share")]
pub mod share;
#[cfg(feature = "stats")]
pub mod stats;
#[cfg(feature = "text-size")]
pub mod text_size;
#[cfg(any(feature = "text-spacing", feature = "motion"))]
pub mod toggle;

use crate::core::config::{widget_name, Attrs, ConfigError, Warning};
use crate::core::i18n::{Key, Lang};
use crate::dom;
use crate::error::{Error, Result};
use wasm_bindgen::prelude::*;
use web_sys::Element;

/// Reads one widget's config and labels from its host into [`Ctx::fields`], in the order its
/// JavaScript takes them.
pub type Config = fn(&Ctx) -> Result<()>;

/// The widgets of this build, by the names in `core::config::WIDGETS` (a browser test checks
/// that every name there has its row here in the default build, an end-to-end test that each
/// also has its builder in `js/widgets.js`).
pub const TABLE: &[(&str, Config)] = &[
    #[cfg(feature = "text-size")]
    ("text-size", text_size::config),
    #[cfg(feature = "contrast")]
    ("contrast", contrast::config),
    #[cfg(feature = "share")]
    ("share", share::config),
    #[cfg(feature = "rating")]
    ("rating", rating::config),
    // The toolbar's parts each read their own config from the toolbar's host.
    #[cfg(feature = "toolbar")]
    ("toolbar", |_| Ok(())),
    #[cfg(feature = "stats")]
    ("stats", stats::config),
    #[cfg(feature = "text-spacing")]
    ("text-spacing", toggle::spacing),
    #[cfg(feature = "motion")]
    ("motion", toggle::motion),
    #[cfg(feature = "read-aloud")]
    ("read-aloud", read_aloud::config),
];

/// What a widget knows about where it lives, and the fields it hands to JavaScript.
pub struct Ctx {
    /// The light-DOM element the page author wrote.
    pub host: Element,
    /// The language of its labels.
    pub lang: Lang,
    /// The config for JavaScript, in the order the widget's module reads it.
    pub fields: js_sys::Array,
}

impl Ctx {
    /// A label, honouring `data-label-*` overrides and the page's label packs.
    pub fn label(&self, key: Key) -> String {
        dom::label(&self.host, self.lang, key)
    }

    /// Appends a value to the fields.
    pub fn push(&self, v: &JsValue) {
        self.fields.push(v);
    }

    /// Appends a string.
    pub fn text(&self, v: &str) {
        self.push(&JsValue::from_str(v));
    }

    /// Appends labels, in order.
    pub fn labels(&self, keys: &[Key]) {
        for key in keys {
            self.text(&self.label(*key));
        }
    }

    /// The widget's config, parsed in `core/` from the host's attributes; each problem is
    /// logged once, naming the element and the attribute.
    pub fn config<T>(&self, parse: fn(&mut Attrs) -> T) -> T {
        let get = |name: &str| dom::attr(&self.host, name);
        let mut attrs = Attrs::new(&get);
        let config = parse(&mut attrs);
        self.report(attrs.warnings);
        config
    }

    fn report(&self, warnings: Vec<Warning>) {
        for w in warnings {
            let parts = [&dom::describe(&self.host), ": ", w.attr, w.message.as_str()];
            if w.info {
                dom::info(&parts);
            } else {
                dom::warn(&parts);
            }
        }
    }

    /// `<div data-civic="share">: data-url is not an http(s) URL and was refused<tail>`.
    pub fn warn_config(&self, attr: &str, err: ConfigError, tail: &str) {
        dom::warn(&[
            &dom::describe(&self.host),
            ": ",
            attr,
            " ",
            err.message(),
            tail,
        ]);
    }
}

/// The config of the widget on `host` (of the toolbar's `part` there): `[name, problem, ...fields]`.
/// `name` is the widget's (`unknown` for a name not in `core::config::WIDGETS`); `problem` is
/// `undefined`, or the sentence saying why the widget cannot start (then no fields follow).
#[wasm_bindgen]
pub fn config(host: &Element, part: Option<String>) -> js_sys::Array {
    let out = js_sys::Array::new();
    let name = part
        .or_else(|| dom::attr(host, "data-civic"))
        .unwrap_or_else(|| host.tag_name());
    let Some(bare) = widget_name(&name) else {
        out.push(&JsValue::from_str("unknown"));
        out.push(&JsValue::from_str("data-civic has an unknown widget name; known: text-size, contrast, share, rating, toolbar, stats, text-spacing, motion, read-aloud"));
        return out;
    };
    out.push(&JsValue::from_str(bare));
    let ctx = Ctx {
        host: host.clone(),
        lang: dom::lang_of(host),
        fields: out,
    };
    ctx.push(&JsValue::UNDEFINED);
    let built = match TABLE.iter().find(|(n, _)| *n == bare) {
        Some((_, config)) => config(&ctx),
        None => Err(Error::Missing(
            "this widget in this build (enable its Cargo feature)",
        )),
    };
    if let Err(e) = built {
        ctx.fields.set_length(1);
        ctx.text(&e.describe());
    }
    ctx.fields
}

/// Every widget host: `core::config::SELECTOR`.
#[wasm_bindgen]
pub fn selector() -> String {
    String::from(crate::core::config::SELECTOR)
}

/// `<div data-civic="share" id="x">`, for the console messages `js/widgets.js` writes.
#[wasm_bindgen]
pub fn describe(host: &Element) -> String {
    dom::describe(host)
}
