//! # civic-a11y
//!
//! Drop-in accessibility widgets for government web portals: **A- A A+** text size,
//! **Tăng / Giảm tương phản** contrast, share links and an article star rating.
//!
//! Layout: [`core`] is pure Rust (tested natively); `dom` is the one module that asks the page
//! (through `js/view.js`, strings in and out); `widgets` has one module per widget. This file
//! holds only the JS-facing exports.
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

// The main module's boundary (js/wasm.js is its glue); without `main-module`, wasm-bindgen's.
#[cfg(all(target_arch = "wasm32", feature = "main-module"))]
mod abi;
#[cfg(all(
    target_arch = "wasm32",
    not(any(feature = "main-module", feature = "bindgen"))
))]
compile_error!("the wasm32 build needs `main-module` (its own boundary, src/abi.rs) or `bindgen` (wasm-bindgen's: the browser tests, the late module)");

// Public only so the browser tests reach `call`; not a stable API.
#[cfg(all(target_arch = "wasm32", not(feature = "late-module")))]
#[doc(hidden)]
pub mod exports {
    //! The main module's one export, `call`: the JavaScript (`js/core.js`) calls every function
    //! of the core through it by name (#12: one wrapper in wasm-bindgen's glue instead of one per
    //! function, and one ABI shim in the Wasm: 1 KB of gzip on every page view).
    //!
    //! `call("name\x1farg\x1farg…")`: the arguments as JavaScript's `join` writes them (numbers
    //! in decimal, `true`/`false`); the answer is a string, `\x1e` alone for `undefined`. At most
    //! one argument is free text (a server's answer, stored data, a page's title or attribute)
    //! and it comes last: a `\x1f` inside it cannot move the others. A name this build lacks
    //! (a preset without that widget) answers `undefined`.
    use crate::core::num::parse_u32;
    use crate::core::text;

    /// See the module comment. (Exported by `src/abi.rs`.)
    pub fn call(input: &str) -> String {
        let mut args = Args(input);
        let name = args.next();
        answer(name, args).unwrap_or_else(|| String::from("\u{1e}"))
    }

    /// The arguments after the name.
    struct Args<'a>(&'a str);

    #[cfg_attr(
        not(any(feature = "text-size", feature = "contrast", feature = "rating")),
        allow(dead_code)
    )]
    impl<'a> Args<'a> {
        /// The next argument.
        fn next(&mut self) -> &'a str {
            let (arg, rest) = text::split_once(self.0, 0x1f).unwrap_or((self.0, ""));
            self.0 = rest;
            arg
        }
        /// A number argument (0 when malformed: the JavaScript passes whole numbers).
        fn num(&mut self) -> u32 {
            parse_u32(self.next()).unwrap_or(0)
        }
        /// A `true`/`false` argument.
        fn flag(&mut self) -> bool {
            self.next() == "true"
        }
    }

    // (A preset with none of the widgets that take arguments reads none.)
    #[cfg_attr(
        not(any(feature = "text-size", feature = "contrast", feature = "rating")),
        allow(unused_mut)
    )]
    fn answer(name: &str, mut a: Args) -> Option<String> {
        use crate::widgets;
        Some(match name {
            "config" => widgets::config(a.0),
            "selector" => String::from(crate::core::config::SELECTOR),
            // (larger, scale, steps): the scale and the steps in ten-thousandths.
            #[cfg(feature = "text-size")]
            "textSizeStep" => {
                let larger = a.flag();
                let scale = f64::from(a.num()) / 10_000.0;
                let steps: Vec<f64> = text::split(a.0, b" ")
                    .filter_map(parse_u32)
                    .map(|n| f64::from(n) / 10_000.0)
                    .collect();
                let next = crate::core::steps::next(&steps, scale, larger)?;
                let mut out = String::new();
                crate::core::num::push_u64(&mut out, (next * 10_000.0 + 0.5) as u64);
                out
            }
            // (more, current, levels): the level after `current` among `levels`
            // (space-separated), `undefined` at the end.
            #[cfg(feature = "contrast")]
            "contrastStep" => {
                use crate::core::contrast::{Level, Levels};
                let more = a.flag();
                let current = Level::parse(a.next())?;
                let levels = Levels::parse(a.0).ok()?;
                let next = if more {
                    levels.more(current)
                } else {
                    levels.less(current)
                };
                String::from(next?.as_str())
            }
            // (nukeviet, status, max, text)
            #[cfg(feature = "rating")]
            "ratingOutcome" => {
                let (nukeviet, status, max) = (a.flag(), a.num(), a.num());
                widgets::rating::outcome(nukeviet, status as u16, a.0, max)
            }
            #[cfg(feature = "rating")]
            "ratingQueue" => widgets::rating::queue(a.0),
            // (origin, declared, endpoint): `1` or nothing.
            #[cfg(feature = "rating")]
            "ratingMayResend" => {
                let (origin, declared) = (a.next(), a.next());
                let yes = widgets::rating::may_resend(a.0, origin, declared);
                String::from(if yes { "1" } else { "" })
            }
            // (count, sum, max, kind, name)
            #[cfg(feature = "rating")]
            "ratingJsonLd" => {
                let (count, sum, max, kind) = (a.num(), a.num(), a.num(), a.next());
                widgets::rating::json_ld(kind, a.0, count, sum, max)?
            }
            #[cfg(feature = "stats")]
            "statsAnswer" => widgets::stats::answer(a.0)?,
            _ => return None,
        })
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
