//! Constructed stylesheets (`new CSSStyleSheet()` + `adoptedStyleSheets`). Unlike `<style>` text
//! or `style=""` markup, CSSOM is allowed under a strict `style-src 'self'` policy.

use crate::error::Result;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A stylesheet made with `new CSSStyleSheet()`.
    #[wasm_bindgen(js_name = CSSStyleSheet)]
    pub type Sheet;

    #[wasm_bindgen(constructor, js_class = "CSSStyleSheet", catch)]
    fn construct() -> core::result::Result<Sheet, JsValue>;

    #[wasm_bindgen(method, js_name = replaceSync, catch)]
    fn replace_sync(this: &Sheet, text: &str) -> core::result::Result<(), JsValue>;
}

impl Sheet {
    /// A new, empty constructed sheet.
    pub fn create() -> Result<Sheet> {
        Ok(Sheet::construct()?)
    }

    /// Replaces all rules.
    pub fn set(&self, css: &str) -> Result<()> {
        Ok(self.replace_sync(css)?)
    }
}

/// Appends `sheet` to `target.adoptedStyleSheets` (a document or shadow root) unless present,
/// keeping the sheets the page adopted itself.
pub fn adopt(target: &JsValue, sheet: &Sheet) -> Result<()> {
    let key = JsValue::from_str("adoptedStyleSheets");
    let current: js_sys::Array = js_sys::Reflect::get(target, &key)?
        .dyn_into()
        .unwrap_or_default();
    if current.includes(sheet, 0) {
        return Ok(());
    }
    let next = current.slice(0, current.length());
    next.push(sheet);
    js_sys::Reflect::set(target, &key, &next)?;
    Ok(())
}
