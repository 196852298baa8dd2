//! The one error type: why a widget cannot start. Configuration problems carry the attribute
//! they came from so the warning can name it. (No variant for a JS exception: the core calls
//! nothing in the browser that throws, js/view.js answers every question it asks.)

use crate::core::config::ConfigError;

/// Everything that can go wrong inside civic-a11y.
#[derive(Debug)]
pub enum Error {
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
            Error::Config { attr, err } => String::from(*attr) + " " + err.message(),
            Error::Missing(what) => String::from(*what) + " is missing",
        }
    }
}
