//! Widget markup as data: a widget writes its shadow DOM as a few lines of text and
//! `js/view.js` builds it. One imported call replaces a call per element and attribute, each of
//! which cost Wasm bytes where it was made (#12). The format is documented in `js/view.js`.

use crate::error::Result;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, Node};

#[wasm_bindgen(module = "/js/view.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = build)]
    fn build_js(parent: &Node, view: &str) -> core::result::Result<js_sys::Array, JsValue>;
}

/// The elements a view made, in the order of its lines.
pub struct Nodes(js_sys::Array);

impl Nodes {
    /// The element made by line `i` (0-based).
    pub fn get(&self, i: u32) -> HtmlElement {
        self.0.get(i).unchecked_into()
    }

    /// How many elements were made.
    pub fn len(&self) -> u32 {
        self.0.length()
    }

    /// Whether none were.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Builds `spec` into `parent`; `$n` in the spec stands for `texts[n]`.
pub fn build(parent: &Node, spec: &str, texts: &[&str]) -> Result<Nodes> {
    let mut view = String::from(spec);
    for t in texts {
        view.push('\x01');
        // The separator cannot come from a label: drop it rather than shift the texts.
        view.extend(t.chars().filter(|c| *c != '\x01'));
    }
    Ok(Nodes(build_js(parent, &view)?))
}
