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
    //! What `js/widgets.js` and the API in `js/index.js` call: the visitor's preferences, which
    //! the page keeps in Rust (the text scaler rewrites the page's stylesheets). Each widget's
    //! config is `widgets::config`.
    use crate::core::contrast::{Level, Levels};
    use crate::core::steps;
    use crate::dom::prefs;
    use wasm_bindgen::prelude::*;

    /// Once, at start: applies the saved preferences, then un-hides the page.
    #[wasm_bindgen]
    pub fn begin() {
        prefs::restore();
    }

    /// Sets and saves the text-size factor (0.5 to 4, checked by the caller); throws the
    /// reason when it cannot be applied.
    #[wasm_bindgen(js_name = applyTextSize)]
    pub fn apply_text_size(factor: f64) -> Result<(), JsValue> {
        prefs::set_scale(factor, true).map_err(|e| JsValue::from_str(&e.describe()))
    }

    /// The current text-size factor (1 = the site as designed).
    #[wasm_bindgen(js_name = textSize)]
    pub fn text_size() -> f64 {
        prefs::scale()
    }

    /// The text-size step after `scale` among `steps` (ascending): the next `larger` one or the
    /// next smaller one; `undefined` at the end.
    #[wasm_bindgen(js_name = textSizeStep)]
    pub fn text_size_step(steps: &[f64], scale: f64, larger: bool) -> Option<f64> {
        steps::next(steps, scale, larger)
    }

    /// Limits text scaling to the elements `selector` matches (the first text-size widget's
    /// `data-target`, checked against the page by the caller).
    #[cfg(feature = "text-size")]
    #[wasm_bindgen(js_name = scaleTarget)]
    pub fn scale_target(selector: String) {
        prefs::set_target(Some(selector));
    }

    /// Sets and saves the contrast level; `false` for a name that is not a level.
    #[wasm_bindgen(js_name = applyContrast)]
    pub fn apply_contrast(level: &str) -> bool {
        Level::parse(level).is_some_and(|l| prefs::set_level(l, true).is_ok())
    }

    /// The current contrast level.
    #[wasm_bindgen]
    pub fn contrast() -> String {
        String::from(prefs::level().as_str())
    }

    /// The level after `current` among `levels` (space-separated): `more` or less contrast;
    /// `undefined` at the end.
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

    /// Another tab changed a preference (a `storage` event): follow it. Returns whether
    /// anything changed, so the widgets refresh.
    #[wasm_bindgen(js_name = followStorage)]
    pub fn follow_storage(key: Option<String>, value: Option<String>) -> bool {
        prefs::follow_storage(key, value)
    }

    /// The page inserted `node` (`new_sheet`: a `<style>` or a loaded `<link>` stylesheet).
    #[wasm_bindgen(js_name = pageChanged)]
    pub fn page_changed(node: &JsValue, new_sheet: bool) {
        prefs::page_changed(node, new_sheet)
    }
}
