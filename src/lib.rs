//! # civic-a11y
//!
//! Drop-in accessibility widgets for government web portals: **A- A A+** text size,
//! **Tăng / Giảm tương phản** contrast, share links and an article star rating.
//!
//! Layout: [`core`] is pure Rust (tested natively); `dom` is the only module calling web-sys;
//! `widgets` has one module per widget. This file holds only the JS-facing exports.
//!
//! No panic may reach the browser: a panic aborts the Wasm instance and every widget on the
//! page with it. Fallible paths return [`error::Result`]; the lints below keep it that way.
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod core;
pub mod error;

#[cfg(target_arch = "wasm32")]
mod alloc;
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOC: alloc::Classes = alloc::Classes::new();

// Public only so the browser tests (tests/browser.rs) can reach them; not a stable API.
// Not in the late module (see `late` below): it draws nothing.
#[cfg(all(target_arch = "wasm32", not(feature = "late-module")))]
#[doc(hidden)]
pub mod dom;
#[cfg(all(target_arch = "wasm32", not(feature = "late-module")))]
#[doc(hidden)]
pub mod widgets;

#[cfg(all(
    target_arch = "wasm32",
    not(feature = "late-module"),
    any(feature = "text-size", feature = "contrast")
))]
mod exports {
    //! What the JavaScript calls besides each widget's config (`widgets::config`): the steps
    //! of the text-size and contrast buttons. The visitor's preferences themselves are kept by
    //! `js/prefs.js`. Each only in builds with its widget (a preset without it does not pay).
    #[cfg(feature = "contrast")]
    use crate::core::contrast::{Level, Levels};
    #[cfg(feature = "text-size")]
    use crate::core::steps;
    use wasm_bindgen::prelude::*;

    /// The text-size step after `scale` among `steps` (ascending): the next `larger` one or the
    /// next smaller one; `undefined` at the end.
    #[cfg(feature = "text-size")]
    #[wasm_bindgen(js_name = textSizeStep)]
    pub fn text_size_step(steps: &[f64], scale: f64, larger: bool) -> Option<f64> {
        steps::next(steps, scale, larger)
    }

    /// The level after `current` among `levels` (space-separated): `more` or less contrast;
    /// `undefined` at the end.
    #[cfg(feature = "contrast")]
    #[wasm_bindgen(js_name = contrastStep)]
    pub fn contrast_step(levels: &str, current: &str, more: bool) -> Option<String> {
        let levels = Levels::parse(levels).ok()?;
        let current = Level::parse(current)?;
        let next = if more {
            levels.more(current)
        } else {
            levels.less(current)
        };
        next.map(|l| String::from(l.as_str()))
    }
}

#[cfg(all(target_arch = "wasm32", not(feature = "main-module")))]
mod late {
    //! The late module (#12): what no page view needs until a visitor uses it, fetched and
    //! instantiated then by `js/core.js` (`late()`): the text scaler's CSS rewriting, needed at
    //! the first text-size change (or at start for a visitor with a saved size), and the
    //! sentence splitter, needed at the first press of read-aloud. A first-time visitor who uses
    //! neither downloads none of it.
    #[cfg(feature = "text-size")]
    use crate::core::steps;
    use wasm_bindgen::prelude::*;

    /// The override sheet for the page's rules ([`steps::override_sheet`]); `root` is the root
    /// of the scaled area (`<html>`, or the `data-target` element).
    #[cfg(feature = "text-size")]
    #[wasm_bindgen(js_name = scaleRules)]
    pub fn scale_rules(rules: &str, target: Option<String>, keywords: &str, root: &Page) -> String {
        steps::override_sheet(rules, target.as_deref(), keywords, &|s| {
            root.matches(s).unwrap_or(false)
        })
    }

    #[cfg(feature = "text-size")]
    #[wasm_bindgen]
    extern "C" {
        /// An element of the page: all the scaler asks of it is `matches`. (Declared here, not
        /// web-sys's `Element`: any use of web-sys brings js-sys's closure shims into the Wasm.)
        pub type Page;
        #[wasm_bindgen(method, catch)]
        fn matches(this: &Page, selectors: &str) -> Result<bool, JsValue>;
    }

    /// One inline declaration's value, scaled ([`steps::scale_value`]); `undefined` when
    /// nothing in it needs scaling. `is_root`: the element is the root of the scaled area;
    /// `region`: a `data-target` region is scaled, not the whole page.
    #[cfg(feature = "text-size")]
    #[wasm_bindgen(js_name = scaleValue)]
    pub fn scale_value(
        value: &str,
        is_root: bool,
        region: bool,
        font_size: bool,
        keywords: &str,
    ) -> Option<String> {
        let ctx = steps::context(is_root, region);
        steps::scale_value(value, ctx, font_size, &steps::keyword_in(keywords))
    }

    /// Cuts `text` into utterances for `js/reader.js`: offsets `start end start end …`, by
    /// spaces, see [`crate::core::speech::utterances`]. (A string, not an Array: no js-sys in
    /// the Wasm.)
    #[cfg(feature = "read-aloud")]
    #[wasm_bindgen(js_name = speechSplit)]
    pub fn speech_split(text: &str) -> String {
        let mut out = String::new();
        for n in crate::core::speech::utterances(text) {
            if !out.is_empty() {
                out.push(' ');
            }
            crate::core::num::push_u64(&mut out, u64::from(n));
        }
        out
    }
}
