//! "Thống kê truy cập": the seed sidebar's visit statistics as a table screen readers read row
//! by row (CONTRACT §3b). Counts this page view once (`js/io.js` `hit`, only once the page is
//! really shown; its answer carries the figures), shows the server-rendered figures at once,
//! then the server's, and refreshes them every minute while the page is visible. No cookie,
//! storage or identifier.

use super::{Ctx, Widget};
use crate::core::i18n::{Key, Lang};
use crate::core::stats::{self, Figures, StatsConfig};
use crate::dom::{http, view::Spec};
use crate::error::Result;
use std::cell::Cell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, Node};

#[wasm_bindgen(module = "/js/io.js")]
extern "C" {
    /// Counts this page view at `url` (once per page load, once the page is shown); `done`
    /// gets the answer (200: the figures), or status 0 when the figures must be read.
    fn hit(url: &str, done: &JsValue);
    /// Calls `tick` every `ms` while the page is visible; returns the function that stops it.
    fn every(ms: u32, tick: &JsValue) -> js_sys::Function;
}

/// "Online now" is visitors of the last five minutes: a minute between reads is enough.
const REFRESH_MS: u32 = 60_000;

struct Inner {
    endpoint: String,
    lang: Lang,
    /// The shown rows: (index into `stats::ROWS`, its label template, header cell, figure cell).
    rows: Vec<(usize, String, HtmlElement, HtmlElement)>,
    figures: Cell<Figures>,
    day: Cell<Option<(u32, u32)>>,
}

/// A mounted stats table; dropping it stops the refresh.
struct Stats {
    _inner: Rc<Inner>,
    /// Stops the minute timer; `_tick` is what it calls, kept alive until then.
    stop: js_sys::Function,
    _tick: Closure<dyn FnMut()>,
}

impl Drop for Stats {
    fn drop(&mut self) {
        let _ = self.stop.call0(&JsValue::NULL);
    }
}

impl Widget for Stats {}

impl Inner {
    /// Writes every row's label and figure ("…" while unknown).
    fn render(&self) {
        let figures = self.figures.get();
        for (row, template, th, td) in &self.rows {
            th.set_text_content(Some(&stats::row_label(template, self.day.get())));
            let text = figures[*row].map_or(String::from("…"), |n| stats::grouped(n, self.lang));
            td.set_text_content(Some(&text));
        }
    }

    /// Shows the figures in a 200 answer; anything else (the server down, an HTML error page)
    /// keeps the last. Returns whether it showed them.
    fn take(&self, status: u16, text: &str) -> bool {
        let Some((figures, day)) =
            stats::parse_answer(text, &self.figures.get()).filter(|_| status == 200)
        else {
            return false;
        };
        self.figures.set(figures);
        self.day.set(day.or(self.day.get()));
        self.render();
        true
    }

    fn fetch(self: &Rc<Self>) {
        let me = Rc::downgrade(self);
        let done = move |status: u16, text: String| {
            if let Some(me) = Weak::upgrade(&me) {
                me.take(status, &text);
            }
        };
        http::send("GET", &self.endpoint, None, &[], Box::new(done));
    }
}

/// Renders the table into `parent`, counts the page view and asks for the figures.
pub fn mount(ctx: &Ctx, parent: &Node) -> Result<Rc<dyn Widget>> {
    let c = ctx.config(StatsConfig::parse);
    let mut v = Spec::default();
    v.raw("0table class=stats aria-label=")
        .text(&ctx.label(Key::StatsTitle));
    for _ in &c.rows {
        v.raw("\n1tr\n2th scope=row\n2td");
    }
    let nodes = v.build(parent)?;
    let rows = c
        .rows
        .iter()
        .enumerate()
        .map(|(i, &row)| {
            let at = 2 + 3 * i as u32;
            (
                row,
                ctx.label(stats::row_key(row)),
                nodes.get(at),
                nodes.get(at + 1),
            )
        })
        .collect();
    let inner = Rc::new(Inner {
        endpoint: c.endpoint,
        lang: ctx.lang,
        rows,
        figures: Cell::new(c.figures),
        day: Cell::new(c.day),
    });
    inner.render();
    // The count's answer carries the figures; without them (the view waits to be shown, was
    // counted by another table on this page, or the server did not say), they are read.
    let me = Rc::downgrade(&inner);
    let counted = Closure::once_into_js(move |status: u16, text: String| {
        if let Some(me) = me.upgrade() {
            if !me.take(status, &text) {
                me.fetch();
            }
        }
    });
    hit(&(inner.endpoint.clone() + "/hit"), &counted);
    let me = Rc::downgrade(&inner);
    let tick = Closure::<dyn FnMut()>::new(move || {
        if let Some(me) = me.upgrade() {
            me.fetch();
        }
    });
    let stop = every(REFRESH_MS, tick.as_ref());
    Ok(Rc::new(Stats {
        _inner: inner,
        stop,
        _tick: tick,
    }))
}
