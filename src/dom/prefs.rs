//! The visitor's site-wide choices: text size and contrast. Stored in `localStorage` (memory
//! where it throws), applied to the page, and kept in step across tabs by the `storage` event.
//! Widgets only render; this module owns the state.

#[cfg(feature = "text-size")]
use super::scaler::Scaler;
use super::{root, set, storage, warn};
use crate::core::contrast::Level;
use crate::core::num::{decimal_str, parse_decimal};
use crate::core::steps::{MAX_STEP, MIN_STEP};
use crate::error::Result;
use std::cell::RefCell;

/// Storage key of the text-size factor (e.g. `1.3`).
pub const TEXT_SIZE_KEY: &str = "civic-a11y:text-size";
/// Storage key of the contrast level (e.g. `dark`).
pub const CONTRAST_KEY: &str = "civic-a11y:contrast";
/// Attribute on `<html>` that the page stylesheet keys contrast on.
pub const CONTRAST_ATTR: &str = "data-civic-contrast";
/// Attribute on `<html>` that hides the page while a saved size is applied (set by the loader).
pub const PENDING_ATTR: &str = "data-civic-pending";

struct State {
    scale: f64,
    level: Level,
    /// Only builds with the text-size widget carry the scaler (the `tools` and `all` presets).
    #[cfg(feature = "text-size")]
    scaler: Option<Scaler>,
    /// Inline `!important` colours demoted while a contrast level is on, to restore after.
    demoted: Vec<(web_sys::HtmlElement, &'static str, String)>,
}

#[cfg(feature = "text-size")]
impl State {
    /// The scaler, created on first use (it adopts two stylesheets into the document).
    fn scaler(&mut self) -> Result<&mut Scaler> {
        if self.scaler.is_none() {
            self.scaler = Some(Scaler::new()?);
        }
        self.scaler
            .as_mut()
            .ok_or(crate::error::Error::Missing("the text scaler"))
    }
}

thread_local! {
    static STATE: RefCell<State> = const {
        RefCell::new(State {
            scale: 1.0,
            level: Level::Normal,
            #[cfg(feature = "text-size")]
            scaler: None,
            demoted: Vec::new(),
        })
    };
}

/// Colour properties an inline `style="...!important"` could pin against the contrast levels.
const COLOR_PROPS: [&str; 5] = [
    "color",
    "background-color",
    "background-image",
    "-webkit-text-fill-color",
    "text-shadow",
];

/// CSS gives inline `!important` the last word, above any stylesheet, so while a level is on
/// those declarations are demoted to normal priority (value kept, restored exactly later).
fn demote_inline_important(
    node: &wasm_bindgen::JsValue,
    out: &mut Vec<(web_sys::HtmlElement, &'static str, String)>,
) {
    use wasm_bindgen::JsCast;
    let els = super::elements_under(node, "[style*=important]");
    for el in els
        .into_iter()
        .filter_map(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let style = el.style();
        for prop in COLOR_PROPS {
            if style.get_property_priority(prop) == "important" {
                let value = style.get_property_value(prop).unwrap_or_default();
                if style.set_property_with_priority(prop, &value, "").is_ok() {
                    out.push((el.clone(), prop, value));
                }
            }
        }
    }
}

/// Parses a stored or API-given factor; out-of-range or garbage (storage edited by hand) → `None`.
pub fn parse_scale(v: &str) -> Option<f64> {
    parse_decimal(v).filter(|f| (MIN_STEP..=MAX_STEP).contains(f))
}

/// The current text-size factor.
pub fn scale() -> f64 {
    STATE.with(|s| s.try_borrow().map(|s| s.scale).unwrap_or(1.0))
}

/// The current contrast level.
pub fn level() -> Level {
    STATE.with(|s| s.try_borrow().map(|s| s.level).unwrap_or(Level::Normal))
}

/// Limits text scaling to `selector` (the first text-size widget's `data-target`).
#[cfg(feature = "text-size")]
pub fn set_target(selector: Option<String>) {
    STATE.with(|s| {
        if let Ok(mut s) = s.try_borrow_mut() {
            if let Ok(sc) = s.scaler() {
                sc.set_target(selector);
            }
        }
    });
}

/// Applies a text-size factor; `persist` stores it for the site.
pub fn set_scale(scale: f64, persist: bool) -> Result<()> {
    let result = STATE.with(|s| -> Result<()> {
        let Ok(mut s) = s.try_borrow_mut() else {
            return Ok(());
        };
        #[cfg(feature = "text-size")]
        s.scaler()?.apply(scale)?;
        #[cfg(not(feature = "text-size"))]
        if (scale - 1.0).abs() > 1e-9 {
            return Err(crate::error::Error::Missing(
                "the text scaler in this build (use the tools or all preset)",
            ));
        }
        s.scale = scale;
        Ok(())
    });
    if persist {
        if (scale - 1.0).abs() < 1e-9 {
            storage::remove(TEXT_SIZE_KEY);
        } else {
            storage::set(TEXT_SIZE_KEY, &decimal_str(scale, 4, '.'));
        }
    }
    result
}

/// Sets the contrast level on `<html>`; `persist` stores it as the visitor's choice.
pub fn set_level(level: Level, persist: bool) -> Result<()> {
    set(&root()?, CONTRAST_ATTR, level.as_str());
    STATE.with(|s| {
        if let Ok(mut s) = s.try_borrow_mut() {
            let was_on = s.level != Level::Normal;
            s.level = level;
            match (was_on, level != Level::Normal) {
                (false, true) => {
                    if let Ok(doc) = super::document() {
                        demote_inline_important(&doc.into(), &mut s.demoted);
                    }
                }
                (true, false) => {
                    for (el, prop, value) in s.demoted.drain(..) {
                        let _ = el
                            .style()
                            .set_property_with_priority(prop, &value, "important");
                    }
                }
                _ => {}
            }
        }
    });
    if persist {
        storage::set(CONTRAST_KEY, level.as_str());
    }
    Ok(())
}

/// The level to use when the visitor has not chosen: `high` under `prefers-contrast: more`.
pub fn default_level() -> Level {
    if super::media("(prefers-contrast: more)") {
        Level::High
    } else {
        Level::Normal
    }
}

/// Reads the saved choices and applies them; then un-hides the page.
pub fn restore() {
    let level = match storage::get(CONTRAST_KEY) {
        Some(v) => Level::parse(&v).unwrap_or_else(|| {
            warn(&["ignoring a corrupted saved contrast level"]);
            storage::remove(CONTRAST_KEY);
            default_level()
        }),
        None => default_level(),
    };
    let _ = set_level(level, false);
    // A build without the text-size widget leaves the page at its designed size.
    #[cfg(feature = "text-size")]
    if let Some(v) = storage::get(TEXT_SIZE_KEY) {
        match parse_scale(&v) {
            Some(f) => {
                if let Err(e) = set_scale(f, false) {
                    warn(&["text-size: could not apply the saved size: ", &e.describe()]);
                }
            }
            None => {
                warn(&["ignoring a corrupted saved text size"]);
                storage::remove(TEXT_SIZE_KEY);
            }
        }
    }
    if let Ok(r) = root() {
        let _ = r.remove_attribute(PENDING_ATTR);
    }
}

/// Another tab changed a preference: follow it without storing again. Returns whether anything
/// changed (so widgets refresh).
pub fn follow_storage(key: Option<String>, value: Option<String>) -> bool {
    match key.as_deref() {
        Some(TEXT_SIZE_KEY) => {
            let f = value.as_deref().and_then(parse_scale).unwrap_or(1.0);
            set_scale(f, false).is_ok()
        }
        Some(CONTRAST_KEY) => {
            let l = value
                .as_deref()
                .and_then(Level::parse)
                .unwrap_or_else(default_level);
            set_level(l, false).is_ok()
        }
        // `localStorage.clear()` in another tab.
        None => {
            let a = set_scale(1.0, false).is_ok();
            let b = set_level(default_level(), false).is_ok();
            a || b
        }
        // Text spacing and motion: `js/toggle.js` follows its own keys.
        Some(_) => false,
    }
}

/// The page inserted nodes: scale new inline styles, demote new inline `!important` colours
/// while a contrast level is on, and re-read sheets if a `<style>`/`<link>` arrived.
pub fn page_changed(node: &wasm_bindgen::JsValue, new_sheet: bool) {
    STATE.with(|s| {
        let Ok(mut s) = s.try_borrow_mut() else {
            return;
        };
        if s.level != Level::Normal {
            let State { demoted, .. } = &mut *s;
            demote_inline_important(node, demoted);
        }
        #[cfg(feature = "text-size")]
        if let Some(sc) = s.scaler.as_mut().filter(|sc| sc.active()) {
            if !new_sheet {
                sc.scale_inline_under(node);
            } else if let Err(e) = sc.rebuild() {
                warn(&["text-size: ", &e.describe()]);
            }
        }
        #[cfg(not(feature = "text-size"))]
        let _ = new_sheet;
    });
}
