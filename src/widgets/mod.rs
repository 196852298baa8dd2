//! One module per widget, and the machinery they share: finding hosts, the per-widget failure
//! boundary, the registry that drops a widget's listeners when its host leaves the page.

#[cfg(feature = "contrast")]
pub mod contrast;
#[cfg(feature = "rating")]
pub mod rating;
#[cfg(feature = "read-aloud")]
pub mod read_aloud;
#[cfg(feature = "share")]
pub mod share;
#[cfg(feature = "stats")]
pub mod stats;
#[cfg(feature = "text-size")]
pub mod text_size;
#[cfg(any(feature = "text-spacing", feature = "motion"))]
pub mod toggle;
#[cfg(feature = "toolbar")]
pub mod toolbar;

use crate::core::config::{Attrs, ConfigError, Warning};
use crate::core::i18n::{Key, Lang};
use crate::dom::{self, prefs, sheet::Sheet};
use crate::error::{Error, Result};
use gloo_events::EventListener;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, MutationObserver, MutationObserverInit, Node, ShadowRoot};

use crate::core::config::SELECTOR;

/// Renders a widget into a node (its shadow root, or a toolbar cell) and returns it.
pub type Mount = fn(&Ctx, &Node) -> Result<Rc<dyn Widget>>;

/// The widgets of this build, by the names in `core::config::WIDGETS` (a browser test checks
/// that every name there has its row here in the default build).
pub const TABLE: &[(&str, Mount)] = &[
    #[cfg(feature = "text-size")]
    ("text-size", text_size::mount),
    #[cfg(feature = "contrast")]
    ("contrast", contrast::mount),
    #[cfg(feature = "share")]
    ("share", share::mount),
    #[cfg(feature = "rating")]
    ("rating", rating::mount),
    #[cfg(feature = "toolbar")]
    ("toolbar", toolbar::mount),
    #[cfg(feature = "stats")]
    ("stats", stats::mount),
    #[cfg(feature = "text-spacing")]
    ("text-spacing", toggle::mount_spacing),
    #[cfg(feature = "motion")]
    ("motion", toggle::mount_motion),
    #[cfg(feature = "read-aloud")]
    ("read-aloud", read_aloud::mount),
];

#[cfg(any(feature = "rating", feature = "stats", feature = "read-aloud"))]
#[wasm_bindgen(module = "/js/core.js")]
extern "C" {
    #[wasm_bindgen(js_name = link)]
    fn link_js(exports: &JsValue);
}

/// Gives the widgets written in JavaScript (`js/rating.js`, `js/stats.js`, `js/reader.js`) the
/// Rust core's exports: the entry calls this with the module's exports, before any widget is
/// built.
#[cfg(any(feature = "rating", feature = "stats", feature = "read-aloud"))]
#[wasm_bindgen]
pub fn link(exports: JsValue) {
    link_js(&exports);
}

/// A mounted widget. Dropping the last handle removes it (its shadow root's listeners hold the
/// others).
pub trait Widget {
    /// Re-reads shared state (text size, contrast) after it changed elsewhere.
    fn refresh(&self) {}
    /// A click on a control marked `data-act` in this widget's shadow root: one listener per
    /// root instead of a closure per control (#12). Keyboard activation of buttons and links
    /// arrives as a click too. (The widgets drawn by JavaScript listen themselves.)
    fn click(&self, _act: &str, _e: &Event) {}
}

/// A widget drawn by a JavaScript module (rating, share, stats, read-aloud): the module holds
/// its state and listeners; dropping this (the host left the page) calls the function it
/// returned, which removes them and stops its timers.
pub struct JsWidget(pub js_sys::Function);
impl Widget for JsWidget {}

impl Drop for JsWidget {
    fn drop(&mut self) {
        let _ = self.0.call0(&JsValue::NULL);
    }
}

/// What a widget knows about where it lives.
pub struct Ctx {
    /// The light-DOM element the page author wrote.
    pub host: Element,
    /// The language of its labels.
    pub lang: Lang,
}

impl Ctx {
    /// A label, honouring `data-label-*` overrides.
    pub fn label(&self, key: Key) -> String {
        dom::label(&self.host, self.lang, key)
    }

    /// The widget's config, parsed in `core/` from the host's attributes; each problem is
    /// logged once, naming the element and the attribute.
    pub fn config<T>(&self, parse: fn(&mut Attrs) -> T) -> T {
        let get = |name: &str| dom::attr(&self.host, name);
        let mut attrs = Attrs::new(&get);
        let config = parse(&mut attrs);
        self.report(attrs.warnings);
        config
    }

    fn report(&self, warnings: Vec<Warning>) {
        for w in warnings {
            let parts = [&dom::describe(&self.host), ": ", w.attr, w.message.as_str()];
            if w.info {
                dom::info(&parts);
            } else {
                dom::warn(&parts);
            }
        }
    }

    /// `<div data-civic="share">: data-url is not an http(s) URL and was refused<tail>`.
    pub fn warn_config(&self, attr: &str, err: ConfigError, tail: &str) {
        dom::warn(&[
            &dom::describe(&self.host),
            ": ",
            attr,
            " ",
            err.message(),
            tail,
        ]);
    }
}

struct Mounted {
    host: Element,
    widget: Rc<dyn Widget>,
    _listeners: Vec<EventListener>,
}

struct Global {
    _observer: Option<MutationObserver>,
    _on_mutation: Option<Closure<dyn FnMut(js_sys::Array)>>,
    _listeners: Vec<EventListener>,
}

thread_local! {
    static MOUNTED: RefCell<Vec<Mounted>> = const { RefCell::new(Vec::new()) };
    static GLOBAL: RefCell<Option<Global>> = const { RefCell::new(None) };
    static BASE_SHEET: RefCell<Option<Sheet>> = const { RefCell::new(None) };
}

/// Upgrades every host on the page and, the first time, starts watching for new ones.
/// Idempotent: hosts already mounted are skipped.
pub fn start() -> Result<()> {
    let first = begin()?;
    for el in hosts()? {
        mount(&el);
    }
    if first {
        settle();
    }
    Ok(())
}

/// The first time: applies saved preferences and starts watching the page. Returns whether
/// this was the first time. The entry (`js/index.js`) then upgrades [`hosts`] a few per task
/// (#12: one long task held the page's main thread for tens of ms) and calls [`settle`].
pub fn begin() -> Result<bool> {
    let first = GLOBAL.with(|g| g.try_borrow().map(|g| g.is_none()).unwrap_or(false));
    if !first {
        return Ok(false);
    }
    if !dom::sheet::supported() {
        // An old browser: no shadow root is attached, so the fallback content written inside
        // each element stays visible, and the page keeps its designed size.
        dom::warn(&["this browser lacks constructable stylesheets (Chrome 73, Firefox 101, Safari 16.4); the widgets stay off and their fallback content is shown"]);
        if let Ok(r) = dom::root() {
            let _ = r.remove_attribute(prefs::PENDING_ATTR);
        }
        GLOBAL.with(|g| {
            if let Ok(mut g) = g.try_borrow_mut() {
                *g = Some(Global {
                    _observer: None,
                    _on_mutation: None,
                    _listeners: Vec::new(),
                })
            }
        });
        return Ok(true);
    }
    prefs::restore();
    #[cfg(any(feature = "text-spacing", feature = "motion"))]
    toggle::start();
    install_global()?;
    Ok(true)
}

/// The hosts on the page, in document order (none in a browser without constructable sheets).
pub fn hosts() -> Result<Vec<Element>> {
    if !dom::sheet::supported() {
        return Ok(Vec::new());
    }
    Ok(dom::elements_under(&dom::document()?.into(), SELECTOR))
}

/// After the first upgrade: votes waiting from earlier pages go out now, after mounting, so a
/// rating widget on this page lends them its current tokens.
pub fn settle() {
    #[cfg(feature = "rating")]
    rating::flush_pending();
}

/// Number of mounted widgets (for tests and leak checks).
pub fn mounted_count() -> usize {
    MOUNTED.with(|m| m.try_borrow().map(|m| m.len()).unwrap_or(0))
}

/// Shared state changed (text size, contrast): every widget re-reads it, then `event`
/// `{key: value}` is dispatched from `from` (the widget's host, or `<html>` for API calls).
pub fn changed(from: &Element, event: &str, key: &str, value: JsValue) {
    refresh_all();
    dom::emit(from, event, &dom::object(&[(key, value)]), false);
}

/// Calls `f` with every mounted widget.
pub fn for_each(mut f: impl FnMut(&dyn Widget)) {
    MOUNTED.with(|m| {
        if let Ok(m) = m.try_borrow() {
            for w in m.iter() {
                f(w.widget.as_ref());
            }
        }
    });
}

/// Tells every widget that shared state changed.
pub fn refresh_all() {
    for_each(|w| w.refresh());
}

fn install_global() -> Result<()> {
    let on_mutation = Closure::<dyn FnMut(js_sys::Array)>::new(on_mutations);
    let observer = MutationObserver::new(on_mutation.as_ref().unchecked_ref())?;
    let init = MutationObserverInit::new();
    init.set_child_list(true);
    init.set_subtree(true);
    let doc = dom::document()?;
    observer.observe_with_options(&doc, &init)?;
    let window = dom::window()?;
    let mut listeners = vec![EventListener::new(&window, "storage", |e| {
        if let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() {
            if prefs::follow_storage(e.key(), e.new_value()) {
                refresh_all();
            }
        }
    })];
    // `load` does not bubble, but it can be captured: a stylesheet the page adds later.
    listeners.push(EventListener::new_with_options(
        &doc,
        "load",
        gloo_events::EventListenerOptions::run_in_capture_phase(),
        |e| {
            if e.target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlLinkElement>().ok())
                .is_some()
            {
                prefs::page_changed(&JsValue::NULL, true);
            }
        },
    ));
    GLOBAL.with(|g| {
        if let Ok(mut g) = g.try_borrow_mut() {
            *g = Some(Global {
                _observer: Some(observer),
                _on_mutation: Some(on_mutation),
                _listeners: listeners,
            });
        }
    });
    Ok(())
}

fn on_mutations(records: js_sys::Array) {
    let mut removed = false;
    for rec in records.iter() {
        let Ok(rec) = rec.dyn_into::<web_sys::MutationRecord>() else {
            continue;
        };
        removed |= rec.removed_nodes().length() > 0;
        let added = rec.added_nodes();
        for i in 0..added.length() {
            let Some(el) = added.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            if !el.is_connected() {
                continue;
            }
            let tag = el.tag_name();
            prefs::page_changed(&el, tag.eq_ignore_ascii_case("style"));
            if el.matches(SELECTOR).unwrap_or(false) {
                mount(&el);
            }
            if let Ok(list) = el.query_selector_all(SELECTOR) {
                for j in 0..list.length() {
                    if let Some(inner) = list.item(j).and_then(|n| n.dyn_into::<Element>().ok()) {
                        mount(&inner);
                    }
                }
            }
        }
    }
    if removed {
        sweep();
    }
}

/// Drops widgets whose host left the document (SPA navigation): their listeners go with them.
fn sweep() {
    let gone: Vec<Mounted> = MOUNTED.with(|m| match m.try_borrow_mut() {
        Ok(mut m) => {
            let (keep, gone): (Vec<_>, Vec<_>) = m.drain(..).partition(|w| w.host.is_connected());
            *m = keep;
            gone
        }
        Err(_) => Vec::new(),
    });
    drop(gone);
}

fn is_mounted(el: &Element) -> bool {
    MOUNTED.with(|m| {
        m.try_borrow()
            .map(|m| m.iter().any(|w| w.host == *el))
            .unwrap_or(true)
    })
}

/// Upgrades one host. Any failure stays inside this widget: one warning, an empty shadow root,
/// and every other widget keeps working.
pub fn mount(el: &Element) {
    // (A host can leave the page between the entry's tasks.)
    if !el.is_connected() || is_mounted(el) {
        return;
    }
    let name = dom::attr(el, "data-civic").unwrap_or_else(|| el.tag_name());
    let Some(bare) = crate::core::config::widget_name(&name) else {
        let msg = "data-civic has an unknown widget name; known: text-size, contrast, share, rating, toolbar, stats, text-spacing, motion, read-aloud";
        dom::warn(&[&dom::describe(el), ": ", msg]);
        error_event(el, "unknown", msg);
        // Remember it so the warning is not repeated on every mutation.
        push(el, Rc::new(Inert), Vec::new());
        return;
    };
    let built = match TABLE.iter().find(|(n, _)| *n == bare) {
        Some((_, mount)) => build(el, *mount),
        None => Err(Error::Missing(
            "this widget in this build (enable its Cargo feature)",
        )),
    };
    match built {
        Ok((widget, listeners)) => push(el, widget, listeners),
        Err(e) => {
            let msg = e.describe();
            dom::warn(&[
                &dom::describe(el),
                ": ",
                &msg,
                "; this widget is hidden, the others keep working",
            ]);
            error_event(el, bare, &msg);
            push(el, Rc::new(Inert), Vec::new());
        }
    }
}

/// `civic:error {widget, message}` from the host, so a site can log what the console says.
fn error_event(el: &Element, widget: &str, message: &str) {
    let detail = [
        ("widget", JsValue::from_str(widget)),
        ("message", JsValue::from_str(message)),
    ];
    dom::emit(el, "civic:error", &dom::object(&detail), false);
}

fn push(el: &Element, widget: Rc<dyn Widget>, listeners: Vec<EventListener>) {
    MOUNTED.with(|m| {
        if let Ok(mut m) = m.try_borrow_mut() {
            m.push(Mounted {
                host: el.clone(),
                widget,
                _listeners: listeners,
            });
        }
    });
}

/// A host that failed or is unknown: renders nothing.
struct Inert;
impl Widget for Inert {}

fn build(el: &Element, mount: Mount) -> Result<(Rc<dyn Widget>, Vec<EventListener>)> {
    let root = shadow(el)?;
    let ctx = Ctx {
        host: el.clone(),
        lang: dom::lang_of(el),
    };
    let widget = mount(&ctx, root.as_ref())?;
    let w = widget.clone();
    let listeners = vec![EventListener::new(&root, "click", move |e| {
        let act = e
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest("[data-act]").ok().flatten())
            .and_then(|t| dom::attr(&t, "data-act"));
        if let Some(act) = act {
            w.click(&act, e)
        }
    })];
    Ok((widget, listeners))
}

/// The host's shadow root, emptied (a host re-added after SPA navigation keeps its old one),
/// with the shared widget stylesheet adopted. Shadow DOM keeps the page's CSS resets out.
fn shadow(el: &Element) -> Result<ShadowRoot> {
    let root = match el.shadow_root() {
        Some(r) => r,
        None => el
            .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
            .map_err(|_| Error::Missing("a host element that accepts shadow DOM (use div, span, p, section or the civic-* element)"))?,
    };
    while let Some(child) = root.first_child() {
        root.remove_child(&child)?;
    }
    BASE_SHEET.with(|s| -> Result<()> {
        let mut s = s
            .try_borrow_mut()
            .map_err(|_| Error::Missing("the widget stylesheet"))?;
        if s.is_none() {
            let sheet = Sheet::create()?;
            sheet.set(include_str!(concat!(env!("OUT_DIR"), "/base.css")))?;
            *s = Some(sheet);
        }
        match s.as_ref() {
            Some(sheet) => dom::sheet::adopt(&root, sheet),
            None => Ok(()),
        }
    })?;
    Ok(root)
}
