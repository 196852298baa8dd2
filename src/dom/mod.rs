//! What the core reads about the page, and the console: through `js/view.js`, which answers for
//! the widget host whose config is being read (`config` in `js/widgets.js` names it around each
//! call to `widgets::config`). #12: the same lookups made here through web-sys took a dozen
//! imports, and passing the host element across needed wasm-bindgen's table of JS values; as
//! strings in, strings out, the main module has neither.

use crate::core::i18n::{Key, Lang};

// The build's main module asks through its own boundary (src/abi.rs, js/wasm.js); the browser
// tests through wasm-bindgen's, which can also name the host.
#[cfg(feature = "main-module")]
pub use crate::abi::{note, page};

#[cfg(not(feature = "main-module"))]
#[wasm_bindgen::prelude::wasm_bindgen(module = "/js/view.js")]
extern "C" {
    /// See `page` in `js/view.js`.
    #[wasm_bindgen(js_name = page)]
    pub fn page(what: &str) -> Option<String>;
    /// `console.warn` (or `.info`) of `civic-a11y: <text>`.
    #[wasm_bindgen(js_name = note)]
    pub fn note(text: &str, info: bool);
    /// Names the host the reads below answer for (`js/widgets.js` does it for the widgets; the
    /// browser tests, tests/browser.rs, through this).
    #[doc(hidden)]
    #[wasm_bindgen(js_name = reading)]
    pub fn reading(host: &wasm_bindgen::JsValue);
}

/// Reads an attribute of the host; `None` when absent.
pub fn attr(name: &str) -> Option<String> {
    page(name)
}

/// `console.warn("civic-a11y: " + parts...)`: the one message a misconfigured widget logs.
pub fn warn(parts: &[&str]) {
    note(&join(parts), false);
}

/// `console.info(...)`, for notices that are not mistakes (e.g. Google+ skipped).
pub fn info(parts: &[&str]) {
    note(&join(parts), true);
}

// (Not `parts.concat()`: its generic copy is twice the Wasm.)
fn join(parts: &[&str]) -> String {
    let mut s = String::new();
    for p in parts {
        s.push_str(p);
    }
    s
}

/// A short description of the host for console messages: `<div data-civic="share" id="x">`.
pub fn describe() -> String {
    page("describe").unwrap_or_default()
}

/// The host's language: its own or nearest ancestor's `lang`, else `<html lang>`.
pub fn lang() -> Lang {
    Lang::from_tag(&page("lang").unwrap_or_default())
}

/// A label: the host's `data-label-<key>` if set and not empty, else the page's label pack for
/// the host's language (both read by `js/view.js`), else the built-in text.
pub fn label(lang: Lang, key: Key) -> String {
    page(&(String::from("label:") + key.attr())).unwrap_or_else(|| String::from(key.text(lang)))
}

/// Content of `<meta property|name=...>`, trimmed, if present and not empty.
pub fn meta(key: &str) -> Option<String> {
    page(key)
        .map(|s| s.trim_ascii().to_string())
        .filter(|s| !s.is_empty())
}
