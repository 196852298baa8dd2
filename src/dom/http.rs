//! `fetch` with a timeout, for the rating protocol, through `js/io.js`: the answer comes back to
//! a callback, so no futures executor is compiled in (#12).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/io.js")]
extern "C" {
    #[wasm_bindgen(js_name = send)]
    fn send_js(method: &str, url: &str, headers: &str, body: Option<String>, done: &JsValue);

    /// Waits for `promise`; calls `done(ok: bool)` unless `done` is undefined. A rejection is
    /// swallowed (the visitor dismissed a share sheet, the clipboard was refused).
    pub fn settle(promise: &JsValue, done: &JsValue);
}

/// What a request answered: the HTTP status and body text; status 0 when the network failed
/// or the request timed out (10 s), so the caller keeps the vote for later.
pub type Done = Box<dyn FnOnce(u16, String)>;

/// Sends a request; `body` with its content type for POST. `done` runs once.
pub fn send(
    method: &str,
    url: &str,
    body: Option<(&str, &str)>,
    headers: &[(&str, &str)],
    done: Done,
) {
    let mut h = String::new();
    let body = body.map(|(content_type, text)| {
        h.push_str("Content-Type\n");
        h.push_str(content_type);
        String::from(text)
    });
    for (k, v) in headers {
        h.push('\n');
        h.push_str(k);
        h.push('\n');
        h.push_str(v);
    }
    let h = h.strip_prefix('\n').unwrap_or(&h);
    send_js(method, url, h, body, &Closure::once_into_js(done));
}
