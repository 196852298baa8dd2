//! **A- A A+**: three buttons stepping through `data-steps`.
//!
//! Names follow WCAG 2.5.3 (Label in Name): each accessible name starts with the visible text.
//! The new size is announced in a polite live region (WCAG 4.1.3).

use super::{Ctx, Widget};
use crate::core::i18n::{fill, Key};
use crate::core::num::u64_str;
use crate::core::steps::{percent, Steps, TextSizeConfig};
use crate::dom::{self, prefs, view};
use crate::error::Result;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::{Element, HtmlElement, Node};

/// A mounted text-size widget.
pub struct TextSize {
    host: Element,
    steps: Steps,
    smaller: HtmlElement,
    reset: HtmlElement,
    larger: HtmlElement,
    status: HtmlElement,
    announce: String,
}

const VIEW: &str = "0div class=row role=group aria-label=$0
1button type=button data-act=smaller aria-label=$1 _=A-
1button type=button data-act=reset aria-label=$2 _=A
1button type=button data-act=larger aria-label=$3 _=A+
0span class=sr role=status";

/// Renders the buttons into `parent` (a shadow root, or the toolbar's row).
pub fn mount(ctx: &Ctx, parent: &Node) -> Result<Rc<dyn Widget>> {
    let TextSizeConfig { steps, target } = ctx.config(TextSizeConfig::parse);
    if let Some(target) = target {
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
    // Each accessible name starts with the visible text (WCAG 2.5.3).
    let name = |visible: &str, key: Key| String::from(visible) + " " + &ctx.label(key);
    let v = view::build(
        parent,
        VIEW,
        &[
            &ctx.label(Key::TextSizeGroup),
            &name("A-", Key::Smaller),
            &name("A", Key::DefaultSize),
            &name("A+", Key::Larger),
        ],
    )?;
    let widget = TextSize {
        host: ctx.host.clone(),
        steps,
        smaller: v.get(1),
        reset: v.get(2),
        larger: v.get(3),
        status: v.get(4),
        announce: ctx.label(Key::SizeNow),
    };
    widget.refresh();
    Ok(Rc::new(widget))
}

impl TextSize {
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
    fn click(&self, act: &str, _: &web_sys::Event) {
        let cur = prefs::scale();
        let next = match act {
            "smaller" => self.steps.smaller(cur),
            "larger" => self.steps.larger(cur),
            "reset" => ((cur - 1.0).abs() > 1e-9).then_some(1.0),
            _ => None,
        };
        if let Some(next) = next {
            self.choose(next);
        }
    }

    fn refresh(&self) {
        let i = self;
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
