//! Pure logic: no `wasm-bindgen`, `web-sys` or `js-sys` here, so every function is tested natively
//! with plain `cargo test`. The DOM layer (`crate::dom`, `crate::widgets`) calls into these.

pub mod config;
pub mod contrast;
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzz;
pub mod i18n;
pub mod num;
pub mod rating;
pub mod share;
pub mod speech;
pub mod stats;
pub mod steps;
pub mod text;
