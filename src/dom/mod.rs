//! The one place that calls web-sys: small named helpers so widgets read like prose.

use crate::core::i18n::{Key, Lang};
use crate::error::{Error, Result};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;
use web_sys::{Document, Element};

#[wasm_bindgen]
extern "C" {
    /// The page's `document`, looked up once. (`web_sys::window()` searches for the global
    /// object four ways first: four imports and their glue, for a widget layer that only runs
    /// in a page; `js/index.js` starts nothing elsewhere.)
    #[wasm_bindgen(thread_local_v2, js_name = document)]
    static DOCUMENT: Document;
}

/// The document.
pub fn document() -> Document {
    DOCUMENT.with(Document::clone)
}

/// `<html>`.
pub fn root() -> Result<Element> {
    document()
        .document_element()
        .ok_or(Error::Missing("<html>"))
}

/// Reads an attribute; `None` when absent.
pub fn attr(e: &Element, name: &str) -> Option<String> {
    e.get_attribute(name)
}

/// `console.warn("civic-a11y: " + parts...)`: the one message a misconfigured widget logs.
pub fn warn(parts: &[&str]) {
    web_sys::console::warn_1(&JsValue::from_str(&join(parts)));
}

/// `console.info(...)`, for notices that are not mistakes (e.g. Google+ skipped).
pub fn info(parts: &[&str]) {
    web_sys::console::info_1(&JsValue::from_str(&join(parts)));
}

fn join(parts: &[&str]) -> String {
    let mut s = String::from("civic-a11y: ");
    for p in parts {
        s.push_str(p);
    }
    s
}

/// A short description of an element for console messages: `<div data-civic="share" id="x">`.
pub fn describe(e: &Element) -> String {
    page(e, "describe").unwrap_or_default()
}

/// The language for an element: its own or nearest ancestor's `lang`, else `<html lang>`.
pub fn lang_of(e: &Element) -> Lang {
    Lang::from_tag(&page(e, "lang").unwrap_or_default())
}

// What the core reads about the page comes through `js/view.js` (#12: the same lookups made
// here through web-sys took a dozen imports, each with glue on both sides of the boundary).
#[wasm_bindgen(module = "/js/view.js")]
extern "C" {
    /// See `page` in `js/view.js`.
    #[wasm_bindgen(js_name = page)]
    pub fn page(host: &Element, what: &str) -> Option<String>;
    // catch: the packs are the page's data; a throwing getter in one costs the pack, not the widget.
    #[wasm_bindgen(catch, js_name = pageLabel)]
    fn page_label(host: &Element, key: &str) -> core::result::Result<Option<String>, JsValue>;
}

/// A label: the host's `data-label-<key>` if set and not empty, else the page's label pack for
/// the host's language (both read by `js/view.js`), else the built-in text.
pub fn label(host: &Element, lang: Lang, key: Key) -> String {
    match page_label(host, key.attr()) {
        Ok(Some(v)) => v,
        _ => String::from(key.text(lang)),
    }
}

/// Content of `<meta property|name=...>`, trimmed, if present and not empty (`host`: the
/// widget asking).
pub fn meta(host: &Element, key: &str) -> Option<String> {
    page(host, key)
        .map(|s| s.trim_ascii().to_string())
        .filter(|s| !s.is_empty())
}
