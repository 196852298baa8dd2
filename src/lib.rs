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
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod dom;
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod widgets;

#[cfg(target_arch = "wasm32")]
mod exports {
    use crate::core::contrast::Level;
    use crate::dom::{self, prefs};
    use crate::widgets;
    use wasm_bindgen::prelude::*;

    /// The first time, applies saved preferences and starts watching the page for new hosts;
    /// returns the hosts on the page for [`upgrade`], which the entry calls a few per task.
    #[wasm_bindgen]
    pub fn begin() -> Result<js_sys::Array, JsValue> {
        widgets::begin()
            .and_then(|_| widgets::hosts())
            .map(|hosts| hosts.into_iter().collect())
            .map_err(|e| JsValue::from_str(&e.describe()))
    }

    /// Upgrades one host (skipped if already upgraded or no longer on the page).
    #[wasm_bindgen]
    pub fn upgrade(host: &web_sys::Element) {
        widgets::mount(host)
    }

    /// Once the first hosts are upgraded: sends the votes queued on earlier pages.
    #[wasm_bindgen]
    pub fn settle() {
        widgets::settle()
    }

    /// Sets the text-size factor for the site (0.5 to 4; anything else is refused and the
    /// current factor returned). Returns the factor in force.
    #[wasm_bindgen(js_name = setTextSize)]
    pub fn set_text_size(factor: f64) -> f64 {
        if !(crate::core::steps::MIN_STEP..=crate::core::steps::MAX_STEP).contains(&factor) {
            dom::warn(&["setTextSize: the factor must be a number from 0.5 to 4"]);
            return prefs::scale();
        }
        if let Err(e) = prefs::set_scale(factor, true) {
            dom::warn(&["setTextSize: ", &e.describe()]);
        }
        if let Ok(root) = dom::root() {
            widgets::changed(
                &root,
                "civic:text-size",
                "scale",
                JsValue::from_f64(prefs::scale()),
            );
        }
        prefs::scale()
    }

    /// The current text-size factor (1 = the site as designed).
    #[wasm_bindgen(js_name = getTextSize)]
    pub fn get_text_size() -> f64 {
        prefs::scale()
    }

    /// Sets the contrast level (`soft`, `normal`, `high`, `dark`). Returns the level in force.
    #[wasm_bindgen(js_name = setContrast)]
    pub fn set_contrast(level: &str) -> String {
        match Level::parse(level) {
            Some(l) => {
                if let Err(e) = prefs::set_level(l, true) {
                    dom::warn(&["setContrast: ", &e.describe()]);
                }
                if let Ok(root) = dom::root() {
                    widgets::changed(
                        &root,
                        "civic:contrast",
                        "level",
                        JsValue::from_str(l.as_str()),
                    );
                }
            }
            None => dom::warn(&["setContrast: unknown level; use soft, normal, high or dark"]),
        }
        String::from(prefs::level().as_str())
    }

    /// The current contrast level.
    #[wasm_bindgen(js_name = getContrast)]
    pub fn get_contrast() -> String {
        String::from(prefs::level().as_str())
    }

    /// How many widget hosts are mounted (for leak checks in tests).
    #[wasm_bindgen(js_name = mountedCount)]
    pub fn mounted_count() -> usize {
        widgets::mounted_count()
    }
}
