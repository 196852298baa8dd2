//! # civic-a11y
//!
//! Drop-in accessibility widgets for government web portals: **A- A A+** text size,
//! **Tăng / Giảm tương phản** contrast, share links and an article star rating.
//!
//! Layout: [`core`] is pure Rust (tested natively); `dom` is the one module that asks the page
//! (through `js/view.js`, strings in and out); `widgets` has one module per widget; `abi` is
//! the Wasm modules' boundary with JavaScript. This file holds the functions JavaScript
//! calls by name.
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

// The boundary of the modules of the build (js/wasm.js is its glue); without either
// feature (the browser tests), wasm-bindgen's.
#[cfg(all(
    target_arch = "wasm32",
    any(feature = "main-module", feature = "late-module")
))]
mod abi;
#[cfg(all(
    target_arch = "wasm32",
    not(any(feature = "main-module", feature = "late-module", feature = "bindgen"))
))]
compile_error!("the wasm32 build needs `main-module` or `late-module` (their own boundary, src/abi.rs), or `bindgen` (wasm-bindgen's: the browser tests)");
#[cfg(all(feature = "main-module", feature = "late-module"))]
compile_error!("`main-module` and `late-module` are two builds: enable one");

#[cfg(target_arch = "wasm32")]
mod args {
    //! The arguments of a `call` (see `exports`), as JavaScript's `join("\x1f")` wrote them.
    use crate::core::num::parse_u32;
    use crate::core::text;

    /// The arguments not read yet.
    pub struct Args<'a>(pub &'a str);

    // (A build whose functions read fewer kinds of argument leaves some unused.)
    #[allow(dead_code)]
    impl<'a> Args<'a> {
        /// The next argument.
        pub fn next(&mut self) -> &'a str {
            let (arg, rest) = text::split_once(self.0, 0x1f).unwrap_or((self.0, ""));
            self.0 = rest;
            arg
        }
        /// A number argument (0 when malformed: the JavaScript passes whole numbers).
        pub fn num(&mut self) -> u32 {
            parse_u32(self.next()).unwrap_or(0)
        }
        /// A `true`/`false` argument.
        pub fn flag(&mut self) -> bool {
            self.next() == "true"
        }
        /// The next argument, `None` for `\x1e` (JavaScript's `undefined`).
        pub fn opt(&mut self) -> Option<&'a str> {
            Some(self.next()).filter(|a| *a != "\u{1e}")
        }
    }
}

// Public only so the browser tests reach `call`; not a stable API.
#[cfg(all(target_arch = "wasm32", not(feature = "late-module")))]
#[doc(hidden)]
pub mod exports {
    //! The main module's one export, `call`: the JavaScript (`js/core.js`) calls every function
    //! of the core through it by name (#12: one entry point in the glue and in the Wasm instead
    //! of one per function: 1 KB of gzip on every page view).
    //!
    //! `call("name\x1farg\x1farg…")`: the arguments as JavaScript's `join` writes them (numbers
    //! in decimal, `true`/`false`); the answer is a string, `\x1e` alone for `undefined`. At most
    //! one argument is free text (a server's answer, stored data, a page's title or attribute)
    //! and it comes last: a `\x1f` inside it cannot move the others. A name this build lacks
    //! (a preset without that widget) answers `undefined`.
    use crate::args::Args;

    /// See the module comment. (Exported by `src/abi.rs`.)
    pub fn call(input: &str) -> String {
        let mut args = Args(input);
        let name = args.next();
        answer(name, args).unwrap_or_else(|| String::from("\u{1e}"))
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
                let steps: Vec<f64> = crate::core::text::split(a.0, b" ")
                    .filter_map(crate::core::num::parse_u32)
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
            // (nukeviet, status, max, text): the figures and what a status alone says;
            // `undefined` when the words must be read, by the vote module's `ratingOutcome`.
            #[cfg(feature = "rating")]
            "ratingOutcome" => {
                let (nukeviet, status, _max) = (a.flag(), a.num(), a.num());
                crate::core::rating::plain_outcome(nukeviet, status as u16, a.0)?.encode()
            }
            #[cfg(feature = "rating")]
            "ratingQueue" => widgets::rating::queue(a.0),
            #[cfg(feature = "stats")]
            "statsAnswer" => widgets::stats::answer(a.0)?,
            _ => return None,
        })
    }
}

#[cfg(all(target_arch = "wasm32", feature = "late-module"))]
mod late {
    //! The modules fetched on use (#12): what no page view needs until a visitor uses it,
    //! instantiated then by `js/core.js`. Built twice (scripts/build.mjs): the late module
    //! (`late()`), with the text scaler's CSS rewriting, needed at the first text-size change
    //! (or at start for a visitor with a saved size), and the sentence splitter, needed at the
    //! first press of read-aloud; and the vote module (`vote()`, the `rating` feature alone),
    //! with the reading of a vote's answer (a NukeViet reply, a refusal's reason) and of
    //! whether a queued vote may be resent, needed after such an answer or on a page with votes
    //! waiting. Apart, so that neither visitor downloads the other's. A first-time visitor who
    //! uses none of them downloads none of it.
    //!
    //! Its one export is `call`, as the main module's (`js/late-core.js` makes the functions
    //! of it): `scaleRules(target, keywords, rules)`, `scaleValue(isRoot, region, fontSize,
    //! keywords, value)`, `speechSplit(text)`, `ratingOutcome(nukeviet, status, max, text)`
    //! and `ratingMayResend(origin, declared, endpoint)`, free text last; a name this build
    //! lacks answers `undefined`.
    use crate::args::Args;

    /// See the module comment. (Exported by `src/abi.rs`.)
    pub fn call(input: &str) -> String {
        let mut args = Args(input);
        let name = args.next();
        answer(name, args).unwrap_or_else(|| String::from("\u{1e}"))
    }

    #[allow(unused_mut, unused_variables)] // (a build with none of them reads no argument)
    fn answer(name: &str, mut a: Args) -> Option<String> {
        match name {
            // The override sheet for the page's rules ([`steps::override_sheet`]); the
            // selectors are matched against the root of the scaled area (`<html>`, or the
            // `data-target` element), which js/late-core.js names around the call.
            #[cfg(feature = "text-size")]
            "scaleRules" => {
                let (target, keywords) = (a.opt(), a.next());
                Some(crate::core::steps::override_sheet(
                    a.0,
                    target,
                    keywords,
                    &crate::abi::matches,
                ))
            }
            // One inline declaration's value, scaled ([`steps::scale_value`]); `undefined`
            // when nothing in it needs scaling. `isRoot`: the element is the root of the
            // scaled area; `region`: a `data-target` region is scaled, not the whole page.
            #[cfg(feature = "text-size")]
            "scaleValue" => {
                use crate::core::steps;
                let (is_root, region, font_size, keywords) =
                    (a.flag(), a.flag(), a.flag(), a.next());
                let ctx = steps::context(is_root, region);
                steps::scale_value(a.0, ctx, font_size, &steps::keyword_in(keywords))
            }
            // A server's answer to a vote, read whole (`core::rating::outcome`): a NukeViet
            // reply, a refusal's reason. (nukeviet, status, max, text)
            #[cfg(feature = "rating")]
            "ratingOutcome" => {
                let (nukeviet, status, max) = (a.flag(), a.num(), a.num());
                Some(crate::core::rating::outcome(nukeviet, status as u16, a.0, max).encode())
            }
            // Whether a queued vote may be resent from this page (`core::rating::may_resend`):
            // `1` or nothing. (origin, declared: the page's endpoints one per line, endpoint)
            #[cfg(feature = "rating")]
            "ratingMayResend" => {
                let (origin, declared) = (a.next(), a.next());
                let declared: Vec<&str> = crate::core::text::split(declared, b"\n").collect();
                let yes = crate::core::rating::may_resend(a.0, origin, &declared);
                Some(String::from(if yes { "1" } else { "" }))
            }
            // Cuts the text into utterances for `js/reader.js`: offsets `start end start end
            // …`, by spaces, see [`crate::core::speech::utterances`].
            #[cfg(feature = "read-aloud")]
            "speechSplit" => {
                let mut out = String::new();
                for n in crate::core::speech::utterances(a.0) {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    crate::core::num::push_u64(&mut out, u64::from(n));
                }
                Some(out)
            }
            _ => None,
        }
    }
}
