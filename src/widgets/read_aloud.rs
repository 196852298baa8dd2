//! **Nghe đọc bài viết**: reads the article aloud with the device's own voices; nothing leaves
//! the browser. Play / pause (cancel and resume from the current sentence, which works where
//! the engine's own pause does not), stop, previous / next sentence, speed 0.75×–1.5×
//! (remembered). The text is cut into short utterances in `core::speech`; `js/speech.js` walks
//! the DOM, speaks and highlights the sentence (CSS Custom Highlight API: the page's DOM is not
//! changed). Without a voice for the page's language the button says so instead of reading
//! Vietnamese with an English voice.

use super::{Ctx, Widget};
use crate::core::i18n::{fill, Key, Lang};
use crate::core::num::decimal_str;
use crate::core::speech;
use crate::dom::{self, storage, view};
use crate::error::Result;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement, Node};

#[wasm_bindgen(module = "/js/speech.js")]
extern "C" {
    type Reader;
    #[wasm_bindgen(constructor)]
    fn new(target: &Element, lang: &str, split: &JsValue, report: &JsValue) -> Reader;
    #[wasm_bindgen(method)]
    fn play(this: &Reader);
    #[wasm_bindgen(method)]
    fn pause(this: &Reader);
    #[wasm_bindgen(method)]
    fn stop(this: &Reader);
    #[wasm_bindgen(method, js_name = move)]
    fn step(this: &Reader, by: i32);
    #[wasm_bindgen(method, js_name = setRate)]
    fn set_rate(this: &Reader, rate: f64);
    #[wasm_bindgen(js_name = voiceFor)]
    fn voice_for(lang: &str) -> JsValue;
    #[wasm_bindgen(js_name = whenVoices)]
    fn when_voices(done: &JsValue);
}

/// `report(kind, index, count)` from `js/speech.js`.
type Report = Closure<dyn FnMut(JsValue, u32, u32)>;

const RATE_KEY: &str = "civic-a11y:read-rate";
const RATES: [f64; 4] = [1.0, 1.25, 1.5, 0.75];

#[derive(Clone, Copy, PartialEq)]
enum State {
    Idle,
    Reading,
    Paused,
}

struct Inner {
    host: Element,
    lang: Lang,
    /// `data-target` (`data-read-target` in the toolbar): the article.
    target: String,
    reader: RefCell<Option<Reader>>,
    state: Cell<State>,
    rate: Cell<usize>,
    /// Buttons: read/pause, previous, next, stop, speed; and the live region.
    buttons: [HtmlElement; 5],
    status: HtmlElement,
    labels: [String; 9],
    /// The callbacks `js/speech.js` holds: the reporter (once a reader exists) and the splitter.
    report: RefCell<Option<Report>>,
    split: Closure<dyn Fn(String) -> Vec<u32>>,
}

struct ReadAloud(Rc<Inner>);

const VIEW: &str = "0div class=row role=group aria-label=$0
1button type=button data-act=read _=$0
1button type=button data-act=prev hidden= _=$1
1button type=button data-act=next hidden= _=$2
1button type=button data-act=stop hidden= _=$3
1button type=button data-act=rate
0span class=sr role=status";

/// Renders the controls into `parent`.
pub fn mount(ctx: &Ctx, parent: &Node) -> Result<Rc<dyn Widget>> {
    let target = dom::attr(&ctx.host, "data-read-target")
        .or_else(|| dom::attr(&ctx.host, "data-target"))
        .unwrap_or_else(|| String::from("article, main, body"));
    let v = view::build(
        parent,
        VIEW,
        &[
            &ctx.label(Key::ReadAloud),
            &ctx.label(Key::ReadPrev),
            &ctx.label(Key::ReadNext),
            &ctx.label(Key::ReadStop),
        ],
    )?;
    let saved = storage::get(RATE_KEY);
    let rate = RATES
        .iter()
        .position(|r| saved.as_deref() == Some(decimal_str(*r, 2, '.').as_str()))
        .unwrap_or(0);
    let inner = Rc::new(Inner {
        host: ctx.host.clone(),
        lang: ctx.lang,
        target,
        reader: RefCell::new(None),
        state: Cell::new(State::Idle),
        rate: Cell::new(rate),
        buttons: [v.get(1), v.get(2), v.get(3), v.get(4), v.get(5)],
        status: v.get(6),
        labels: [
            ctx.label(Key::ReadAloud),
            ctx.label(Key::ReadPause),
            ctx.label(Key::ReadResume),
            ctx.label(Key::ReadRate),
            ctx.label(Key::ReadNoVoice),
            ctx.label(Key::ReadReading),
            ctx.label(Key::ReadPaused),
            ctx.label(Key::ReadStopped),
            ctx.label(Key::ReadDone),
        ],
        report: RefCell::new(None),
        split: Closure::new(|text: String| speech::utterances(&text)),
    });
    inner.render();
    // The voice list arrives late in Chrome; until it does the button reads normally.
    let me = Rc::downgrade(&inner);
    when_voices(&Closure::once_into_js(move || {
        if let Some(me) = me.upgrade() {
            me.render();
        }
    }));
    Ok(Rc::new(ReadAloud(inner)))
}

impl Inner {
    fn code(&self) -> &'static str {
        match self.lang {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    fn has_voice(&self) -> bool {
        !voice_for(self.code()).is_null()
    }

    /// Labels and visibility for the current state.
    fn render(&self) {
        let [read, prev, next, stop, rate] = &self.buttons;
        let state = self.state.get();
        let voiced = self.has_voice();
        let label = match (voiced, state) {
            (false, _) => &self.labels[4],
            (_, State::Reading) => &self.labels[1],
            (_, State::Paused) => &self.labels[2],
            (_, State::Idle) => &self.labels[0],
        };
        read.set_text_content(Some(label));
        dom::set(read, "aria-disabled", if voiced { "false" } else { "true" });
        for b in [prev, next, stop] {
            b.set_hidden(state == State::Idle);
        }
        rate.set_hidden(!voiced);
        let r = RATES.get(self.rate.get()).copied().unwrap_or(1.0);
        let n = decimal_str(r, 2, self.lang.decimal_sep());
        rate.set_text_content(Some(&fill(&self.labels[3], &[("n", &n)])));
    }

    /// The reader over the article, made at the first play (the article may come later).
    fn reader(self: &Rc<Self>) -> Option<()> {
        if self.reader.borrow().is_some() {
            return Some(());
        }
        let target = dom::document()
            .ok()?
            .query_selector(&self.target)
            .ok()
            .flatten();
        let Some(target) = target else {
            dom::warn(&[
                &dom::describe(&self.host),
                ": data-target matches no element; nothing to read",
            ]);
            return None;
        };
        let me = Rc::downgrade(self);
        let report = Report::new(move |kind: JsValue, i: u32, n: u32| {
            if let (Some(me), Some(kind)) = (Weak::upgrade(&me), kind.as_string()) {
                me.reported(&kind, i, n);
            }
        });
        let reader = Reader::new(&target, self.code(), self.split.as_ref(), report.as_ref());
        reader.set_rate(RATES.get(self.rate.get()).copied().unwrap_or(1.0));
        *self.report.borrow_mut() = Some(report);
        *self.reader.borrow_mut() = Some(reader);
        Some(())
    }

    /// What `js/speech.js` reports: `play`, `sentence`, `pause`, `stop`, `end`, `error`.
    fn reported(&self, kind: &str, index: u32, count: u32) {
        let (state, said) = match kind {
            "play" => (State::Reading, Some(&self.labels[5])),
            "sentence" => (self.state.get(), None),
            "pause" => (State::Paused, Some(&self.labels[6])),
            "stop" => (State::Idle, Some(&self.labels[7])),
            "end" => (State::Idle, Some(&self.labels[8])),
            _ => (State::Idle, None),
        };
        self.state.set(state);
        self.render();
        if let Some(text) = said {
            dom::announce(&self.status, text);
        } else if kind == "error" {
            let text = dom::label(&self.host, self.lang, Key::ReadError);
            dom::announce(&self.status, &text);
        }
        let detail = dom::object(&[
            (
                "type",
                JsValue::from_str(if kind == "play" { "start" } else { kind }),
            ),
            ("index", JsValue::from(index)),
            ("count", JsValue::from(count)),
        ]);
        dom::emit(&self.host, "civic:read", &detail, false);
    }
}

impl Widget for ReadAloud {
    fn click(&self, act: &str, _: &web_sys::Event) {
        let me = &self.0;
        if !me.has_voice() {
            return;
        }
        if act == "rate" {
            let next = (me.rate.get() + 1) % RATES.len();
            me.rate.set(next);
            let r = RATES.get(next).copied().unwrap_or(1.0);
            storage::set(RATE_KEY, &decimal_str(r, 2, '.'));
            if let Some(reader) = me.reader.borrow().as_ref() {
                reader.set_rate(r);
            }
            me.render();
            return;
        }
        if !matches!(act, "read" | "prev" | "next" | "stop") || me.reader().is_none() {
            return;
        }
        let reader = me.reader.borrow();
        let Some(reader) = reader.as_ref() else {
            return;
        };
        match (act, me.state.get()) {
            ("read", State::Reading) => reader.pause(),
            ("read", _) => reader.play(),
            ("prev", _) => reader.step(-1),
            ("next", _) => reader.step(1),
            ("stop", _) => reader.stop(),
            _ => {}
        }
    }
}

impl Drop for ReadAloud {
    fn drop(&mut self) {
        if let Some(reader) = self.0.reader.borrow().as_ref() {
            reader.stop();
        }
    }
}
