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
use crate::core::num::push_u64;
use crate::core::text;
use crate::dom;
use crate::error::{Error, Result};
use core::cell::Cell;

/// Reads one widget's config and labels from its host into the [`Ctx`]'s fields, in the order
/// its JavaScript takes them.
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

/// Ends each field for JavaScript (`config` in `js/widgets.js` splits on it).
const END: char = '\u{1f}';
/// A field of its own: `undefined`.
const UNDEFINED: char = '\u{1e}';

/// What a widget knows about where it lives, and the fields it hands to JavaScript.
pub struct Ctx {
    /// The language of its labels.
    pub lang: Lang,
    /// The config for JavaScript, in the order the widget's module reads it: each field ended by
    /// `\u{1f}`, `\u{1e}` alone for `undefined`, numbers in decimal. (One string, not an Array
    /// of values: #12, each value crossing as a JS value cost imports and glue.)
    fields: Cell<String>,
}

impl Ctx {
    /// A label, honouring `data-label-*` overrides and the page's label packs.
    pub fn label(&self, key: Key) -> String {
        dom::label(self.lang, key)
    }

    fn add(&self, f: impl FnOnce(&mut String)) {
        let mut s = self.fields.take();
        f(&mut s);
        s.push(END);
        self.fields.set(s);
    }

    /// Appends a string (a separator in it, from a page's label, becomes a space).
    pub fn text(&self, v: &str) {
        self.add(|s| {
            for (i, piece) in text::split(v, b"\x1e\x1f").enumerate() {
                if i > 0 {
                    s.push(' ');
                }
                s.push_str(piece);
            }
        });
    }

    /// Appends a whole number.
    pub fn num(&self, n: u64) {
        self.add(|s| push_u64(s, n));
    }

    /// Appends `undefined`.
    pub fn none(&self) {
        self.add(|s| s.push(UNDEFINED));
    }

    /// Appends `v`, or `undefined`.
    pub fn opt(&self, v: Option<&str>) {
        match v {
            Some(v) => self.text(v),
            None => self.none(),
        }
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
        let get = |name: &str| dom::attr(name);
        let mut attrs = Attrs::new(&get);
        let config = parse(&mut attrs);
        self.report(attrs.warnings);
        config
    }

    fn report(&self, warnings: Vec<Warning>) {
        for w in warnings {
            let parts = [&dom::describe(), ": ", w.attr, w.message.as_str()];
            if w.info {
                dom::info(&parts);
            } else {
                dom::warn(&parts);
            }
        }
    }

    /// `<div data-civic="share">: data-url is not an http(s) URL and was refused<tail>`.
    pub fn warn_config(&self, attr: &str, err: ConfigError, tail: &str) {
        dom::warn(&[&dom::describe(), ": ", attr, " ", err.message(), tail]);
    }
}

/// The config of the widget `name` (its `data-civic`, tag name or toolbar part) on the host
/// that `js/widgets.js` names (see [`dom`]): the fields `[name, problem, ...fields]` (see
/// [`Ctx`]). `name` is the widget's (`unknown` for a name not in `core::config::WIDGETS`);
/// `problem` is `undefined`, or the sentence saying why the widget cannot start (then no fields
/// follow).
pub fn config(name: &str) -> String {
    let ctx = Ctx {
        lang: Lang::En,
        fields: Cell::new(String::new()),
    };
    let Some(bare) = widget_name(name) else {
        ctx.text("unknown");
        ctx.text("data-civic has an unknown widget name; known: text-size, contrast, share, rating, toolbar, stats, text-spacing, motion, read-aloud");
        return ctx.fields.take();
    };
    let ctx = Ctx {
        lang: dom::lang(),
        ..ctx
    };
    ctx.text(bare);
    // Where to start again from, should the widget not start: its name, then the problem.
    let named = ctx.fields.take();
    ctx.fields.set(named.clone());
    ctx.none();
    let built = match TABLE.iter().find(|(n, _)| *n == bare) {
        Some((_, config)) => config(&ctx),
        None => Err(Error::Missing(
            "this widget in this build (enable its Cargo feature)",
        )),
    };
    if let Err(e) = built {
        ctx.fields.set(named);
        ctx.text(&e.describe());
    }
    ctx.fields.take()
}
