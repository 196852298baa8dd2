//! **Tăng tương phản / Giảm tương phản**: two buttons stepping through `data-levels`.
//!
//! The colours themselves are a stylesheet keyed on `<html data-civic-contrast>` (`js/page.css`),
//! adopted before first paint by the loader, so switching costs one attribute write. Under
//! `forced-colors: active` the operating system's theme wins and the buttons say so.

use super::{Ctx, Widget};
use crate::core::contrast::{ContrastConfig, Level, Levels};
use crate::core::i18n::{fill, Key};
use crate::dom::{self, prefs, view};
use crate::error::Result;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::{Element, HtmlElement, Node};

/// A mounted contrast widget.
pub struct Contrast {
    host: Element,
    levels: Levels,
    more: HtmlElement,
    less: HtmlElement,
    note: HtmlElement,
    status: HtmlElement,
    announce: String,
    names: [String; 4],
}

const VIEW: &str = "0div class=row role=group aria-label=$0
1button type=button data-act=more _=$1
1button type=button data-act=less _=$2
1span class=note hidden= _=$3
0span class=sr role=status";

/// Renders the two buttons into `parent`.
pub fn mount(ctx: &Ctx, parent: &Node) -> Result<Rc<dyn Widget>> {
    let ContrastConfig { levels } = ctx.config(ContrastConfig::parse);
    let v = view::build(
        parent,
        VIEW,
        &[
            &ctx.label(Key::ContrastGroup),
            &ctx.label(Key::More),
            &ctx.label(Key::Less),
            &ctx.label(Key::ForcedColors),
        ],
    )?;
    let widget = Contrast {
        host: ctx.host.clone(),
        levels,
        more: v.get(1),
        less: v.get(2),
        note: v.get(3),
        status: v.get(4),
        announce: ctx.label(Key::ContrastNow),
        names: [
            ctx.label(Key::LevelSoft),
            ctx.label(Key::LevelNormal),
            ctx.label(Key::LevelHigh),
            ctx.label(Key::LevelDark),
        ],
    };
    widget.refresh();
    Ok(Rc::new(widget))
}

fn forced_colors() -> bool {
    dom::media("(forced-colors: active)")
}

impl Contrast {
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
    fn click(&self, act: &str, _: &web_sys::Event) {
        if forced_colors() {
            return;
        }
        let cur = prefs::level();
        let next = match act {
            "more" => self.levels.more(cur),
            "less" => self.levels.less(cur),
            _ => None,
        };
        if let Some(next) = next {
            self.choose(next);
        }
    }

    fn refresh(&self) {
        let i = self;
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
