//! **Giãn dòng, giãn chữ** (text spacing, WCAG 1.4.12) and **Dừng chuyển động** (pause motion):
//! one toggle button each, with `aria-pressed` (the APG toggle button: the name stays, the
//! state changes).
//!
//! Like contrast, the effect is a stylesheet keyed on an attribute of `<html>` (`js/page.css`),
//! set before first paint by the loader from the saved choice; `dom::prefs` owns the state.
//! Pause motion also stops autoplaying videos and `<marquee>` tickers (`js/motion.js`).

use super::{Ctx, Widget};
use crate::core::i18n::Key;
use crate::dom::{self, prefs, view};
use crate::error::Result;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::{Element, HtmlElement, Node};

struct Toggle {
    host: Element,
    flag: &'static prefs::Flag,
    /// `civic:text-spacing` / `civic:motion`, with `{on: bool}`.
    event: &'static str,
    button: HtmlElement,
}

/// `data-act` is the event's name (`civic:motion`): the toolbar's parts share one listener.
const VIEW: &str = "0button type=button aria-pressed=false data-act=$1 _=$0";

fn mount(
    ctx: &Ctx,
    parent: &Node,
    flag: &'static prefs::Flag,
    key: Key,
    event: &'static str,
) -> Result<Rc<dyn Widget>> {
    let v = view::build(parent, VIEW, &[&ctx.label(key), event])?;
    let widget = Toggle {
        host: ctx.host.clone(),
        flag,
        event,
        button: v.get(0),
    };
    widget.refresh();
    Ok(Rc::new(widget))
}

/// Text spacing; `data-target` limits it to a region, as for text size.
#[cfg(feature = "text-spacing")]
pub fn mount_spacing(ctx: &Ctx, parent: &Node) -> Result<Rc<dyn Widget>> {
    if let Some(target) = dom::attr(&ctx.host, "data-target") {
        match dom::document()?.query_selector_all(&target) {
            Ok(found) if found.length() > 0 => prefs::scope_spacing(&found)?,
            _ => ctx.warn_config(
                "data-target",
                crate::core::config::ConfigError::Unknown,
                " (no element matches it); spacing the whole page",
            ),
        }
    }
    mount(
        ctx,
        parent,
        &prefs::SPACING,
        Key::Spacing,
        "civic:text-spacing",
    )
}

/// Pause motion.
#[cfg(feature = "motion")]
pub fn mount_motion(ctx: &Ctx, parent: &Node) -> Result<Rc<dyn Widget>> {
    mount(ctx, parent, &prefs::MOTION, Key::Motion, "civic:motion")
}

impl Widget for Toggle {
    fn click(&self, act: &str, _: &web_sys::Event) {
        if act != self.event {
            return;
        }
        let on = !prefs::flag(self.flag);
        if let Err(e) = prefs::set_flag(self.flag, on, true) {
            dom::warn(&[self.event, ": ", &e.describe()]);
            return;
        }
        super::changed(&self.host, self.event, "on", JsValue::from_bool(on));
    }

    fn refresh(&self) {
        let on = prefs::flag(self.flag);
        dom::set(
            &self.button,
            "aria-pressed",
            if on { "true" } else { "false" },
        );
    }
}
