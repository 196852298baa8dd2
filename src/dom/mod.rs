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
    let mut s = String::from("<");
    s.push_str(&e.tag_name().to_ascii_lowercase());
    for name in ["data-civic", "id", "data-item"] {
        if let Some(v) = attr(e, name) {
            s.push(' ');
            s.push_str(name);
            s.push_str("=\"");
            s.extend(v.chars().take(40));
            s.push('"');
        }
    }
    s.push('>');
    s
}

/// The language for an element: its own or nearest ancestor's `lang`, else `<html lang>`.
pub fn lang_of(e: &Element) -> Lang {
    let tag = e
        .closest("[lang]")
        .ok()
        .flatten()
        .and_then(|a| attr(&a, "lang"))
        .filter(|l| !l.trim_ascii().is_empty())
        .or_else(|| root().ok().and_then(|r| attr(&r, "lang")))
        .unwrap_or_default();
    Lang::from_tag(&tag)
}

#[wasm_bindgen(module = "/js/view.js")]
extern "C" {
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

/// Content of `<meta property|name=...>`, trimmed, if present and not empty.
pub fn meta(key: &str) -> Option<String> {
    let doc = document();
    let sel = String::from("meta[property=\"") + key + "\"],meta[name=\"" + key + "\"]";
    let m = doc.query_selector(&sel).ok()??;
    attr(&m, "content")
        .map(|s| s.trim_ascii().to_string())
        .filter(|s| !s.is_empty())
}
