//! **Giãn dòng, giãn chữ** (text spacing, WCAG 1.4.12) and **Dừng chuyển động** (pause motion):
//! one toggle button each, with `aria-pressed`.
//!
//! Like contrast, the effect is a stylesheet keyed on an attribute of `<html>` (`js/page.css`),
//! set before first paint by the loader from the saved choice. Switching it, keeping it and
//! following other tabs is `js/toggle.js`: an attribute and a storage key need no Rust, and
//! every call across the boundary costs bytes (#14). Here: the label, and the check of
//! `data-target` that names the element and the attribute when it matches nothing.

use super::{Ctx, Widget};
use crate::core::i18n::Key;
use crate::error::Result;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Element, Node};

#[wasm_bindgen(module = "/js/toggle.js")]
extern "C" {
    #[wasm_bindgen(js_name = mountToggle)]
    /// Returns the function that removes the toggle's listener.
    fn mount_toggle(
        root: &Node,
        host: &Element,
        label: &str,
        kind: &str,
        scope: &str,
    ) -> js_sys::Function;
    /// Follows other tabs; with an effect (motion), applies it to the current state first.
    #[wasm_bindgen(js_name = follow)]
    fn follow(kind: &str, effect: &JsValue);
}

#[cfg(feature = "motion")]
#[wasm_bindgen(module = "/js/motion.js")]
extern "C" {
    /// `follow("motion", …)` with the half of pause motion CSS cannot do: videos, marquees.
    #[wasm_bindgen(js_name = startMotion)]
    fn start_motion();
}

/// The toggles keep no Rust state (the page's `<html>` holds it), only the function that
/// removes the JavaScript listener when the host leaves the page.
struct Toggle(js_sys::Function);

impl Widget for Toggle {}

impl Drop for Toggle {
    fn drop(&mut self) {
        let _ = self.0.call0(&JsValue::NULL);
    }
}

/// At start, whether or not the page shows a toggle: other tabs' choices are followed, and a
/// saved (or system) pause-motion choice reaches the videos.
pub fn start() {
    #[cfg(feature = "motion")]
    start_motion();
    #[cfg(not(feature = "motion"))]
    follow("text-spacing", &JsValue::UNDEFINED);
}

/// Text spacing; `data-target` limits it to a region, as for text size.
#[cfg(feature = "text-spacing")]
pub fn mount_spacing(ctx: &Ctx, parent: &Node) -> Result<Rc<dyn Widget>> {
    let mut scope = crate::dom::attr(&ctx.host, "data-target").unwrap_or_default();
    if !scope.is_empty()
        && !crate::dom::document()?
            .query_selector(&scope)
            .is_ok_and(|found| found.is_some())
    {
        ctx.warn_config(
            "data-target",
            crate::core::config::ConfigError::Unknown,
            " (no element matches it); spacing the whole page",
        );
        scope.clear();
    }
    let off = mount_toggle(
        parent,
        &ctx.host,
        &ctx.label(Key::Spacing),
        "text-spacing",
        &scope,
    );
    Ok(Rc::new(Toggle(off)))
}

/// Pause motion.
#[cfg(feature = "motion")]
pub fn mount_motion(ctx: &Ctx, parent: &Node) -> Result<Rc<dyn Widget>> {
    let off = mount_toggle(parent, &ctx.host, &ctx.label(Key::Motion), "motion", "");
    Ok(Rc::new(Toggle(off)))
}
