//! **Tăng tương phản / Giảm tương phản**: two buttons stepping through `data-levels`.
//!
//! The colours themselves are a stylesheet keyed on `<html data-civic-contrast>` (`js/page.css`),
//! adopted before first paint by the loader, so switching costs one attribute write. Under
//! `forced-colors: active` the operating system's theme wins and the buttons say so.

use super::{Ctx, Widget};
use crate::core::contrast::{Level, Levels};
use crate::core::i18n::{fill, Key};
use crate::dom::{self, prefs};
use crate::error::Result;
use gloo_events::EventListener;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::{Element, HtmlElement, Node};

struct Inner {
    host: Element,
    levels: Levels,
    more: HtmlElement,
    less: HtmlElement,
    status: HtmlElement,
    note: HtmlElement,
    announce: String,
    names: [String; 4],
}

/// A mounted contrast widget.
pub struct Contrast {
    inner: Rc<Inner>,
    _listeners: Vec<EventListener>,
}

/// Renders the two buttons into `parent`.
pub fn mount(ctx: &Ctx, parent: &Node) -> Result<Box<dyn Widget>> {
    let levels = ctx.parse_or("data-levels", Levels::default(), Levels::parse);
    let group = dom::el_text("div", "row", "")?;
    dom::set(&group, "role", "group");
    dom::set(&group, "aria-label", &ctx.label(Key::ContrastGroup));
    let button = |key: Key| -> Result<HtmlElement> {
        let b = dom::el_text("button", "", &ctx.label(key))?;
        dom::set(&b, "type", "button");
        group.append_child(&b)?;
        Ok(b)
    };
    let more = button(Key::More)?;
    let less = button(Key::Less)?;
    let note = dom::el_text("span", "note", "")?;
    note.set_hidden(true);
    group.append_child(&note)?;
    let status = dom::el_text("span", "sr", "")?;
    dom::set(&status, "role", "status");
    parent.append_child(&group)?;
    parent.append_child(&status)?;

    let names = [
        ctx.label(Key::LevelSoft),
        ctx.label(Key::LevelNormal),
        ctx.label(Key::LevelHigh),
        ctx.label(Key::LevelDark),
    ];
    let inner = Rc::new(Inner {
        host: ctx.host.clone(),
        levels,
        more,
        less,
        status,
        note,
        announce: ctx.label(Key::ContrastNow),
        names,
    });
    inner
        .note
        .set_text_content(Some(&ctx.label(Key::ForcedColors)));
    let on = |el: &HtmlElement, step: fn(&Levels, Level) -> Option<Level>| {
        let inner = inner.clone();
        EventListener::new(el, "click", move |_| {
            if forced_colors() {
                return;
            }
            if let Some(next) = step(&inner.levels, prefs::level()) {
                inner.choose(next);
            }
        })
    };
    let listeners = vec![on(&inner.more, Levels::more), on(&inner.less, Levels::less)];
    let widget = Contrast {
        inner,
        _listeners: listeners,
    };
    widget.refresh();
    Ok(Box::new(widget))
}

fn forced_colors() -> bool {
    dom::media("(forced-colors: active)")
}

impl Inner {
    fn name(&self, level: Level) -> &str {
        let i = Level::ALL.iter().position(|l| *l == level).unwrap_or(1);
        self.names.get(i).map_or("", String::as_str)
    }

    fn choose(&self, level: Level) {
        if let Err(e) = prefs::set_level(level, true) {
            dom::warn(&["contrast: ", &e.describe()]);
            return;
        }
        super::changed(
            &self.host,
            "civic:contrast",
            "level",
            JsValue::from_str(level.as_str()),
        );
        dom::announce(
            &self.status,
            &fill(&self.announce, &[("level", self.name(level))]),
        );
    }
}

impl Widget for Contrast {
    fn refresh(&self) {
        let i = &self.inner;
        let level = prefs::level();
        let forced = forced_colors();
        let bool_str = |b: bool| if b { "true" } else { "false" };
        dom::set(
            &i.more,
            "aria-disabled",
            bool_str(forced || i.levels.more(level).is_none()),
        );
        dom::set(
            &i.less,
            "aria-disabled",
            bool_str(forced || i.levels.less(level).is_none()),
        );
        i.note.set_hidden(!forced);
    }
}
