//! civic-a11y: drop-in accessibility widgets for government web portals.
pub mod core;
