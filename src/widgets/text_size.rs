//! **A- A A+**: three buttons stepping through `data-steps`.
//!
//! Names follow WCAG 2.5.3 (Label in Name): each accessible name starts with the visible text.
//! The new size is announced in a polite live region (WCAG 4.1.3).

use super::{Ctx, Widget};
use crate::core::i18n::{fill, Key};
use crate::core::num::u64_str;
use crate::core::steps::{percent, Steps};
use crate::dom::{self, prefs};
use crate::error::Result;
use gloo_events::EventListener;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::{Element, HtmlElement, Node};

struct Inner {
    host: Element,
    steps: Steps,
    smaller: HtmlElement,
    reset: HtmlElement,
    larger: HtmlElement,
    status: HtmlElement,
    announce: String,
}

/// A mounted text-size widget.
pub struct TextSize {
    inner: Rc<Inner>,
    _listeners: Vec<EventListener>,
}

/// Renders the buttons into `parent` (a shadow root, or the toolbar's row).
pub fn mount(ctx: &Ctx, parent: &Node) -> Result<Box<dyn Widget>> {
    let steps = ctx.parse_or("data-steps", Steps::default(), Steps::parse);
    if let Some(target) = ctx.attr("data-target") {
        let valid = dom::document()?
            .query_selector(&target)
            .ok()
            .flatten()
            .is_some();
        if valid {
            prefs::set_target(Some(target));
        } else {
            ctx.warn_config(
                "data-target",
                crate::core::config::ConfigError::Unknown,
                " (no element matches it); scaling the whole page",
            );
        }
    }
    let group = dom::el_text("div", "row", "")?;
    dom::set(&group, "role", "group");
    dom::set(&group, "aria-label", &ctx.label(Key::TextSizeGroup));
    let button = |visible: &str, key: Key| -> Result<HtmlElement> {
        let b = dom::el_text("button", "", visible)?;
        dom::set(&b, "type", "button");
        dom::set(
            &b,
            "aria-label",
            &(String::from(visible) + " " + &ctx.label(key)),
        );
        group.append_child(&b)?;
        Ok(b)
    };
    let smaller = button("A-", Key::Smaller)?;
    let reset = button("A", Key::DefaultSize)?;
    let larger = button("A+", Key::Larger)?;
    let status = dom::el_text("span", "sr", "")?;
    dom::set(&status, "role", "status");
    parent.append_child(&group)?;
    parent.append_child(&status)?;

    let inner = Rc::new(Inner {
        host: ctx.host.clone(),
        steps,
        smaller,
        reset,
        larger,
        status,
        announce: ctx.label(Key::SizeNow),
    });
    let on = |el: &HtmlElement, step: fn(&Steps, f64) -> Option<f64>| {
        let inner = inner.clone();
        EventListener::new(el, "click", move |_| {
            if let Some(next) = step(&inner.steps, prefs::scale()) {
                inner.choose(next);
            }
        })
    };
    let listeners = vec![
        on(&inner.smaller, Steps::smaller),
        on(&inner.larger, Steps::larger),
        on(&inner.reset, |_, cur| {
            ((cur - 1.0).abs() > 1e-9).then_some(1.0)
        }),
    ];
    let widget = TextSize {
        inner,
        _listeners: listeners,
    };
    widget.refresh();
    Ok(Box::new(widget))
}

impl Inner {
    fn choose(&self, scale: f64) {
        if let Err(e) = prefs::set_scale(scale, true) {
            dom::warn(&["text-size: ", &e.describe()]);
            return;
        }
        super::changed(
            &self.host,
            "civic:text-size",
            "scale",
            JsValue::from_f64(scale),
        );
        dom::announce(
            &self.status,
            &fill(&self.announce, &[("n", &u64_str(percent(scale)))]),
        );
    }
}

impl Widget for TextSize {
    fn refresh(&self) {
        let i = &self.inner;
        let scale = prefs::scale();
        let bool_str = |b: bool| if b { "true" } else { "false" };
        dom::set(
            &i.smaller,
            "aria-disabled",
            bool_str(i.steps.smaller(scale).is_none()),
        );
        dom::set(
            &i.larger,
            "aria-disabled",
            bool_str(i.steps.larger(scale).is_none()),
        );
        dom::set(
            &i.reset,
            "aria-pressed",
            bool_str((scale - 1.0).abs() < 1e-9),
        );
    }
}
