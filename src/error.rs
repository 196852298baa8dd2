//! The one error type. JS exceptions become `Error::Js` at the boundary; configuration problems
//! carry the attribute they came from so the warning can name it.

use crate::core::config::ConfigError;

/// Everything that can go wrong inside civic-a11y.
#[derive(Debug)]
pub enum Error {
    /// A browser API threw; the message is the exception's.
    Js(String),
    /// A `data-*` attribute could not be used.
    Config {
        /// The attribute, e.g. `data-url`.
        attr: &'static str,
        /// Why.
        err: ConfigError,
    },
    /// Something the widget needs is missing (e.g. `data-item`, or no `document`).
    Missing(&'static str),
}

/// Result alias used across the crate.
pub type Result<T> = core::result::Result<T, Error>;

impl Error {
    /// One sentence for the console.
    pub fn describe(&self) -> String {
        match self {
            Error::Js(m) => String::from("a browser API failed: ") + m,
            Error::Config { attr, err } => String::from(*attr) + " " + err.message(),
            Error::Missing(what) => String::from(*what) + " is missing",
        }
    }
}

#[cfg(target_arch = "wasm32")]
impl From<wasm_bindgen::JsValue> for Error {
    fn from(v: wasm_bindgen::JsValue) -> Self {
        use wasm_bindgen::JsCast;
        let msg = if let Some(e) = v.dyn_ref::<js_sys::Error>() {
            String::from(e.message())
        } else {
            v.as_string()
                .unwrap_or_else(|| String::from("unknown error"))
        };
        Error::Js(msg)
    }
}
