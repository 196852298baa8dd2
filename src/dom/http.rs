//! `fetch` with a timeout, for the rating protocol. Returns the status and body text; network
//! failures and timeouts are `Err` so the caller can keep the vote for later.

use crate::error::{Error, Result};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = AbortSignal, js_name = timeout, catch)]
    fn abort_after(ms: u32) -> core::result::Result<JsValue, JsValue>;
}

/// How long a rating request may take before the vote is kept for later.
pub const TIMEOUT_MS: u32 = 10_000;

/// Sends a request; `body` with its content type for POST.
pub async fn send(
    method: &str,
    url: &str,
    body: Option<(&str, &str)>,
    headers: &[(&str, &str)],
) -> Result<(u16, String)> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    let h = web_sys::Headers::new()?;
    h.set("Accept", "application/json, text/plain")?;
    for (k, v) in headers {
        h.set(k, v)?;
    }
    if let Some((content_type, text)) = body {
        h.set("Content-Type", content_type)?;
        init.set_body(&JsValue::from_str(text));
    }
    init.set_headers(&h);
    if let Ok(signal) = abort_after(TIMEOUT_MS) {
        let _ = js_sys::Reflect::set(&init, &JsValue::from_str("signal"), &signal);
    }
    let window = super::window()?;
    let resp: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await?
        .dyn_into()
        .map_err(|_| Error::Missing("a fetch response"))?;
    let text = JsFuture::from(resp.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    Ok((resp.status(), text))
}
