//! `localStorage` that never throws: `js/io.js`, shared with the widgets written in
//! JavaScript (#12: one copy of it, in the smaller language). When it refuses a value (a full
//! quota, Safari private mode, blocked cookies) the value goes to `sessionStorage`, and when
//! that refuses too, to memory for this page: the visitor's choice still works.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/io.js")]
extern "C" {
    /// Reads a value: memory, then the tab, then the site (the newer places hold what the
    /// older ones refused).
    pub fn get(key: &str) -> Option<String>;
    /// Stores a value in the longest-lived place that takes it, and clears it from the others.
    pub fn set(key: &str, value: &str);
    /// Removes a value from every place.
    pub fn remove(key: &str);
}
