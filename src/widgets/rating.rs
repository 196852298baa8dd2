//! Star rating: the aggregate as on the seed portal, and a radio group of stars
//! (WAI-ARIA APG rating pattern: arrows move, Space/Enter choose).
//!
//! No vote is lost: a vote is written to the pending queue in storage *before* it is sent and
//! removed only when the server acknowledges it; the queue is flushed on every page load, on
//! the `online` event, and on a back-off timer while votes wait. The server replaces a voter's earlier score, so a resend never counts twice.

use super::{Ctx, Widget};
use crate::core::config::ConfigError;
use crate::core::i18n::{fill, Key, Lang};
use crate::core::num::{decimal_str, parse_u32, u64_str};
use crate::core::rating::{self, Aggregate, Pending, Protocol, RatingConfig};
use crate::core::share::encode;
use crate::dom::{self, http, storage, view::Spec};
use crate::error::Result;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, Node};

const QUEUE_KEY: &str = "civic-a11y:pending";
const VOTER_KEY: &str = "civic-a11y:voter";

/// Endpoint, item, and the server's answer: the new aggregate, or why it refused the vote.
type Learned = (String, String, core::result::Result<Aggregate, String>);

thread_local! {
    /// What background flushes learned (the new aggregate, or why the server refused the
    /// vote), picked up by widgets on refresh.
    static LEARNED: RefCell<Vec<Learned>> = const { RefCell::new(Vec::new()) };
    /// endpoint+item pairs with a request under way: double clicks and flushes send one.
    static IN_FLIGHT: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
    /// Next retry delay while votes wait (a server can be down while the browser is online, so
    /// the `online` event alone is not enough), and whether a retry is already scheduled.
    static RETRY: Cell<(bool, u32)> = const { Cell::new((false, FIRST_RETRY_MS)) };
}

/// The current tokens a rating widget on this page holds for `endpoint`: its CSRF token, and
/// its NukeViet `checkss` when it rates `item`.
fn live_tokens(endpoint: &str, item: &str) -> (Option<String>, Option<String>) {
    let (mut csrf, mut checkss) = (None, None);
    super::for_each(|w| {
        let Some(i) = w.rating().map(|r| &r.inner) else {
            return;
        };
        if i.endpoint.as_deref() == Some(endpoint) {
            csrf = csrf.take().or_else(|| i.csrf.clone());
            if i.item == item && i.protocol == Protocol::NukeViet {
                checkss = Some(i.checkss.clone());
            }
        }
    });
    (csrf, checkss)
}

const FIRST_RETRY_MS: u32 = 5_000;
const MAX_RETRY_MS: u32 = 300_000;

/// Schedules one flush of the queue after the current back-off delay (5 s, doubling to 5 min).
fn schedule_retry() {
    let (scheduled, delay) = RETRY.with(Cell::get);
    if scheduled {
        return;
    }
    RETRY.with(|r| r.set((true, delay.saturating_mul(2).min(MAX_RETRY_MS))));
    let cb = wasm_bindgen::closure::Closure::once_into_js(|| {
        RETRY.with(|r| r.set((false, r.get().1)));
        flush_pending();
    });
    if let Ok(w) = dom::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
            cb.unchecked_ref(),
            delay as i32,
        );
    }
}

/// A vote got through: the next failure starts the back-off from the beginning.
fn reset_retry() {
    RETRY.with(|r| r.set((r.get().0, FIRST_RETRY_MS)));
}

struct Inner {
    host: Element,
    lang: Lang,
    item: String,
    endpoint: Option<String>,
    protocol: Protocol,
    csrf: Option<String>,
    checkss: String,
    max: u32,
    agg: Cell<Aggregate>,
    yours: Cell<Option<u32>>,
    pending: Cell<bool>,
    /// The waiting vote is kept only while this page is open (storage refused it).
    volatile: Cell<bool>,
    /// Why the server refused this visitor's last vote, shown until they vote again.
    refused: RefCell<Option<String>>,
    focus: Cell<u32>,
    /// Whether impossible server figures were reported (once per widget).
    warned: Cell<bool>,
    summary: HtmlElement,
    /// `data-schema`: the `@type` and name for JSON-LD, and its script element once written.
    schema: Option<(String, String)>,
    schema_el: RefCell<Option<Element>>,
    avg_fill: HtmlElement,
    stars: Vec<HtmlElement>,
    note: HtmlElement,
    status: HtmlElement,
    labels: Labels,
}

struct Labels {
    summary: String,
    summary_one: String,
    summary_none: String,
    thanks: String,
    pending: String,
    pending_page: String,
    local: String,
    refused: String,
    limited: String,
}

/// A mounted rating widget.
pub struct Rating {
    inner: Rc<Inner>,
}

/// Renders the aggregate and stars into `parent`.
pub fn mount(ctx: &Ctx, parent: &Node) -> Result<Rc<dyn Widget>> {
    let RatingConfig {
        item,
        max,
        agg,
        endpoint,
        protocol,
        csrf,
        checkss,
        schema,
        title,
    } = ctx.config(RatingConfig::parse).map_err(|err| match err {
        ConfigError::Empty => crate::error::Error::Missing("data-item"),
        err => crate::error::Error::Config {
            attr: "data-item",
            err,
        },
    })?;

    // The average as stars (aria-hidden: the exact numbers are in the text beside it), then
    // the prompt and one radio per star.
    let mut v = Spec::default();
    // Empty stars are outlines, so no contrast level can make an unrated article look full
    // (dark contrast drew five white ★ beside yellow ones, #17).
    v.raw("0div\n1p class=summary\n2span class=avg aria-hidden=true\n3span class=avg-bg _=")
        .text(&"☆".repeat(max as usize))
        .raw("\n3span class=avg-fill _=")
        .text(&"★".repeat(max as usize))
        .raw("\n2span\n1p class=prompt id=civic-rate-prompt _=")
        .text(&ctx.label(Key::RatePrompt))
        .raw("\n1div class=stars role=radiogroup aria-labelledby=civic-rate-prompt");
    let star_label = ctx.label(Key::Star);
    for n in 1..=max {
        let n_str = u64_str(u64::from(n));
        let name = if n == 1 {
            ctx.label(Key::StarOne)
        } else {
            fill(&star_label, &[("n", &n_str)])
        };
        v.raw("\n2span class=star role=radio aria-checked=false tabindex=")
            .raw(if n == 1 { "0" } else { "-1" })
            .raw(" data-act=")
            .raw(&n_str)
            .raw(" _=★ aria-label=")
            .text(&name);
    }
    v.raw("\n1p class=note\n1span class=sr role=status");
    let nodes = v.build(parent)?;
    // Elements: 0 wrap, 1 summary, 2 avg, 3 avg-bg, 4 avg-fill, 5 summary text, 6 prompt,
    // 7 stars, then one per star, the note and the status.
    let stars: Vec<HtmlElement> = (0..max).map(|i| nodes.get(8 + i)).collect();

    // Extra styles for the stars: a second adopted sheet scoped to this shadow root.
    let sheet = dom::sheet::Sheet::create()?;
    sheet.set(include_str!(concat!(env!("OUT_DIR"), "/rating.css")))?;
    if let Some(root) = parent.dyn_ref::<web_sys::ShadowRoot>() {
        dom::sheet::adopt(root, &sheet)?;
    }

    let inner = Rc::new(Inner {
        host: ctx.host.clone(),
        lang: ctx.lang,
        item,
        endpoint,
        protocol,
        csrf,
        checkss,
        max,
        agg: Cell::new(agg),
        yours: Cell::new(None),
        pending: Cell::new(false),
        volatile: Cell::new(false),
        refused: RefCell::new(None),
        focus: Cell::new(1),
        warned: Cell::new(false),
        summary: nodes.get(5),
        schema: schema.map(|kind| {
            let name = title
                .or_else(|| dom::meta("og:title"))
                .or_else(|| dom::document().ok().map(|d| d.title()))
                .unwrap_or_default();
            (kind, name)
        }),
        schema_el: RefCell::new(None),
        avg_fill: nodes.get(4),
        stars,
        note: nodes.get(8 + max),
        status: nodes.get(9 + max),
        labels: Labels {
            summary: ctx.label(Key::RatingSummary),
            summary_one: ctx.label(Key::RatingSummaryOne),
            summary_none: ctx.label(Key::RatingSummaryNone),
            thanks: ctx.label(Key::Thanks),
            pending: ctx.label(Key::Pending),
            pending_page: ctx.label(Key::PendingPage),
            local: ctx.label(Key::LocalOnly),
            refused: ctx.label(Key::RateRefused),
            limited: ctx.label(Key::RateLimited),
        },
    });
    // Restore what this visitor already did: a vote still waiting, else the score this
    // browser remembers (the server never tells a page view whose vote is whose).
    inner.yours.set(
        storage::get(&local_key(&inner.item))
            .and_then(|v| parse_u32(&v))
            .filter(|s| rating::valid_score(*s, max)),
    );
    if let Some(ep) = &inner.endpoint {
        if let Some(p) = queue()
            .into_iter()
            .find(|p| p.endpoint == *ep && p.item == inner.item)
        {
            inner.yours.set(Some(p.score));
            inner.pending.set(true);
        }
    }
    inner.render();
    if inner.endpoint.is_some() && inner.protocol == Protocol::Civic {
        inner.clone().fetch_aggregate();
    }
    Ok(Rc::new(Rating { inner }))
}

fn local_key(item: &str) -> String {
    String::from("civic-a11y:vote:") + item
}

fn queue() -> Vec<Pending> {
    storage::get(QUEUE_KEY)
        .map(|s| rating::decode_queue(&s))
        .unwrap_or_default()
}

/// Writes the queue; says how long it will be kept (a full storage keeps it for this page only).
fn save_queue(q: &[Pending]) -> storage::Kept {
    if q.is_empty() {
        storage::remove(QUEUE_KEY);
        storage::Kept::Site
    } else {
        storage::set(QUEUE_KEY, &rating::encode_queue(q))
    }
}

/// Remembers this browser's own score for `item` (`None` forgets it).
fn remember(item: &str, score: Option<u32>) {
    match score {
        Some(s) => {
            storage::set(&local_key(item), &u64_str(u64::from(s)));
        }
        None => storage::remove(&local_key(item)),
    }
}

fn dequeue(endpoint: &str, item: &str, score: u32) {
    let mut q = queue();
    // Only the acknowledged vote: a newer score queued meanwhile must still be sent.
    q.retain(|p| !(p.endpoint == endpoint && p.item == item && p.score == score));
    save_queue(&q);
}

/// The opaque voter id for one article: random, made at the first vote on it and kept in
/// storage, so the server can replace a changed score but cannot link one reader's votes across
/// articles (#17). A visitor who voted before ids were per article keeps the old id for it, so
/// those votes are still replaced, not added.
fn voter(item: &str) -> String {
    let key = String::from(VOTER_KEY) + ":" + item;
    let ok = |v: &String| v.len() >= 16 && v.len() <= 64;
    if let Some(v) = storage::get(&key).filter(ok) {
        return v;
    }
    let v = storage::get(VOTER_KEY).filter(ok).unwrap_or_else(|| {
        dom::window()
            .ok()
            .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("crypto")).ok())
            .and_then(|c| {
                let f = js_sys::Reflect::get(&c, &JsValue::from_str("randomUUID")).ok()?;
                f.dyn_ref::<js_sys::Function>()?.call0(&c).ok()?.as_string()
            })
            .unwrap_or_else(|| {
                let mut s = String::new();
                for _ in 0..4 {
                    s.push_str(&u64_str((js_sys::Math::random() * 4_294_967_296.0) as u64));
                    s.push('-');
                }
                s
            })
    });
    storage::set(&key, &v);
    v
}

enum Outcome {
    Accepted(Aggregate),
    /// Keep the vote and try again later (offline, timeout, 5xx, 429).
    Retry(bool),
    /// The server said no for good (400, 403): drop it and say why.
    Refused(String),
}

/// Claims the endpoint+item for one request; `false` when a request for it is already under way.
fn try_start(endpoint: &str, item: &str) -> bool {
    IN_FLIGHT.with(|f| {
        let Ok(mut f) = f.try_borrow_mut() else {
            return false;
        };
        let busy = f.iter().any(|(e, i)| e == endpoint && i == item);
        if !busy {
            f.push((endpoint.to_string(), item.to_string()));
        }
        !busy
    })
}

fn done(endpoint: &str, item: &str) {
    IN_FLIGHT.with(|f| {
        if let Ok(mut f) = f.try_borrow_mut() {
            f.retain(|(e, i)| !(e == endpoint && i == item));
        }
    });
}

thread_local! {
    /// Whether the webmaster was told that an endpoint does not exist (once per page).
    static WARNED_UNSERVED: Cell<bool> = const { Cell::new(false) };
}

/// The endpoint answered 404, 405 or 501: it does not take votes, so resending would never
/// help. Warns the webmaster once; the vote is refused with a plain reason for the visitor.
fn unserved(endpoint: &str, status: u16) -> Outcome {
    warn_unserved(endpoint, status);
    let lang = dom::root().map(|r| dom::lang_of(&r)).unwrap_or(Lang::Vi);
    Outcome::Refused(String::from(Key::RateNoServer.text(lang)))
}

fn warn_unserved(endpoint: &str, status: u16) {
    if !WARNED_UNSERVED.with(|w| w.replace(true)) {
        dom::warn(&[
            "rating: data-endpoint \"",
            endpoint,
            "\" answered HTTP ",
            &u64_str(u64::from(status)),
            "; votes cannot be delivered there. Check the address of the rating server",
        ]);
    }
}

/// Where an outcome goes: the widget that voted, or the queue flush.
type Then = Box<dyn FnOnce(Outcome)>;

fn post_civic(endpoint: &str, item: &str, score: u32, csrf: Option<&str>, then: Then) {
    let url = String::from(endpoint) + "/" + &encode(item);
    let body = rating::vote_body(score, &voter(item));
    let mut headers = Vec::new();
    if let Some(t) = csrf {
        headers.push(("X-CSRF-Token", t));
    }
    let ep = String::from(endpoint);
    let done = move |status: u16, text: String| {
        then(match status {
            200 => match rating::parse_aggregate(&text) {
                Some(a) => Outcome::Accepted(Aggregate {
                    yours: Some(score),
                    ..a
                }),
                None => Outcome::Retry(false),
            },
            429 => Outcome::Retry(true),
            // A request timeout is the network's, not the vote's fault.
            408 => Outcome::Retry(false),
            404 | 405 | 501 => unserved(&ep, status),
            400..=499 => Outcome::Refused(
                rating::parse_error(&text).unwrap_or_else(|| u64_str(u64::from(status))),
            ),
            _ => Outcome::Retry(false),
        })
    };
    http::send(
        "POST",
        &url,
        Some(("application/json", &body)),
        &headers,
        Box::new(done),
    );
}

/// Posts a vote to a NukeViet site's own rating endpoint: the form its article page sends.
fn post_nukeviet(endpoint: &str, item: &str, checkss: &str, score: u32, max: u32, then: Then) {
    let mut body = String::from("id=");
    body.push_str(&encode(item));
    body.push_str("&point=");
    body.push_str(&u64_str(u64::from(score)));
    body.push_str("&checkss=");
    body.push_str(&encode(checkss));
    let ct = "application/x-www-form-urlencoded; charset=UTF-8";
    let ep = String::from(endpoint);
    let done = move |status: u16, text: String| {
        then(match status {
            200 => match rating::parse_nukeviet(&text, max) {
                rating::NvReply::Counted(a) => Outcome::Accepted(Aggregate {
                    yours: Some(score),
                    ..a
                }),
                // A second vote, an expired checkss, `Wrong URL`: NukeViet says why in words.
                rating::NvReply::Refused(reason) => Outcome::Refused(reason),
            },
            429 | 408 => Outcome::Retry(false),
            404 | 405 | 501 => unserved(&ep, status),
            400..=499 => Outcome::Refused(u64_str(u64::from(status))),
            _ => Outcome::Retry(false),
        })
    };
    // NukeViet serves op=rating only to requests it takes for AJAX: a `nocache` of 10+ digits
    // (its own sendrating() adds Date.now()) and a referer from the site (fetch sends it).
    let mut url = String::from(endpoint);
    url.push(if endpoint.contains('?') { '&' } else { '?' });
    url.push_str("nocache=");
    url.push_str(&u64_str(js_sys::Date::now() as u64));
    http::send(
        "POST",
        &url,
        Some((ct, &body)),
        &[("X-Requested-With", "XMLHttpRequest")],
        Box::new(done),
    );
}

/// Sends every queued vote (page load, `online`), each with the protocol it was made with.
/// Safe to call any time.
pub fn flush_pending() {
    let origin = dom::window()
        .and_then(|w| Ok(w.location().origin()?))
        .unwrap_or_default();
    let mut declared: Vec<String> = Vec::new();
    super::for_each(|w| {
        if let Some(ep) = w.rating().and_then(|r| r.inner.endpoint.clone()) {
            declared.push(ep);
        }
    });
    let declared: Vec<&str> = declared.iter().map(String::as_str).collect();
    for p in queue() {
        if !rating::may_resend(&p.endpoint, &origin, &declared) || !try_start(&p.endpoint, &p.item)
        {
            continue;
        }
        // Tokens expire with sessions: a widget on this page has the current ones, the queue
        // has those the vote was made with.
        let (live_csrf, live_checkss) = live_tokens(&p.endpoint, &p.item);
        let csrf = live_csrf.or_else(|| p.csrf.clone());
        let checkss = p
            .nukeviet
            .as_ref()
            .map(|stored| live_checkss.unwrap_or_else(|| stored.clone()));
        let (endpoint, item, score) = (p.endpoint.clone(), p.item.clone(), p.score);
        let then: Then = Box::new(move |outcome| {
            done(&p.endpoint, &p.item);
            let learned = match outcome {
                Outcome::Accepted(a) => {
                    reset_retry();
                    remember(&p.item, Some(p.score));
                    Ok(a)
                }
                Outcome::Refused(reason) => Err(reason),
                Outcome::Retry(_) => return schedule_retry(),
            };
            dequeue(&p.endpoint, &p.item, p.score);
            LEARNED.with(|l| {
                if let Ok(mut l) = l.try_borrow_mut() {
                    l.retain(|(e, i, _)| !(*e == p.endpoint && *i == p.item));
                    l.push((p.endpoint.clone(), p.item.clone(), learned));
                }
            });
            super::refresh_all();
        });
        match &checkss {
            None => post_civic(&endpoint, &item, score, csrf.as_deref(), then),
            // The widget's data-max is not known here; the largest bounds the check.
            Some(checkss) => {
                post_nukeviet(&endpoint, &item, checkss, score, rating::MAX_STARS, then)
            }
        }
    }
}

impl Inner {
    fn vote(self: &Rc<Self>, score: u32) {
        if !rating::valid_score(score, self.max) {
            return;
        }
        if let Ok(mut r) = self.refused.try_borrow_mut() {
            *r = None;
        }
        self.focus.set(score);
        let Some(endpoint) = self.endpoint.clone() else {
            storage::set(&local_key(&self.item), &u64_str(u64::from(score)));
            self.yours.set(Some(score));
            self.render();
            let text = fill(&self.labels.local, &[("n", &u64_str(u64::from(score)))]);
            dom::announce(&self.status, &text);
            self.emit(score, false);
            return;
        };
        // A double click sends one vote: the second click finds the first still under way, or
        // (on a slow device) already acknowledged with the same score, which is only confirmed.
        if self.yours.get() == Some(score) && !self.pending.get() {
            let text = fill(&self.labels.thanks, &[("n", &u64_str(u64::from(score)))]);
            dom::announce(&self.status, &text);
            return;
        }
        if !try_start(&endpoint, &self.item) {
            return;
        }
        let mut q = queue();
        rating::upsert(
            &mut q,
            Pending {
                endpoint: endpoint.clone(),
                item: self.item.clone(),
                score,
                nukeviet: (self.protocol == Protocol::NukeViet).then(|| self.checkss.clone()),
                csrf: self.csrf.clone(),
            },
        );
        self.volatile.set(save_queue(&q) == storage::Kept::Page);
        self.yours.set(Some(score));
        self.pending.set(true);
        self.render();
        let inner = self.clone();
        let ep = endpoint.clone();
        let then: Then = Box::new(move |outcome| {
            done(&ep, &inner.item);
            inner.settle(&ep, score, outcome);
        });
        match self.protocol {
            Protocol::Civic => post_civic(&endpoint, &self.item, score, self.csrf.as_deref(), then),
            Protocol::NukeViet => {
                post_nukeviet(&endpoint, &self.item, &self.checkss, score, self.max, then)
            }
        }
    }

    fn settle(&self, endpoint: &str, score: u32, outcome: Outcome) {
        match outcome {
            Outcome::Accepted(a) => {
                dequeue(endpoint, &self.item, score);
                reset_retry();
                self.take(a);
                self.pending.set(false);
                self.render();
                self.delivered(score);
            }
            Outcome::Retry(limited) => {
                schedule_retry();
                self.render();
                let text = if limited {
                    self.labels.limited.clone()
                } else {
                    self.pending_text(score)
                };
                dom::announce(&self.status, &text);
                self.emit(score, true);
            }
            Outcome::Refused(reason) => {
                dequeue(endpoint, &self.item, score);
                self.refuse(reason);
                self.render();
            }
        }
    }

    fn fetch_aggregate(self: Rc<Self>) {
        let Some(endpoint) = self.endpoint.clone() else {
            return;
        };
        // A page view sends no voter id (CONTRACT §3); the visitor's own score is remembered
        // in the browser.
        let url = String::from(&endpoint) + "/" + &encode(&self.item);
        let ep = endpoint.clone();
        let done = move |status: u16, text: String| {
            if matches!(status, 404 | 405 | 501) {
                warn_unserved(&ep, status);
            }
            if status != 200 {
                return;
            }
            if rating::parse_aggregate(&text).is_some_and(|a| self.take(a)) {
                self.render();
            }
        };
        http::send("GET", &url, None, &[], Box::new(done));
    }

    /// Shows the server's figures if they are possible for this widget (a sum above
    /// count × max, or an absurd count, is a broken server): otherwise keeps the last good
    /// ones and warns once.
    fn take(&self, a: Aggregate) -> bool {
        if a.plausible(self.max) {
            self.agg.set(a);
            return true;
        }
        if !self.warned.replace(true) {
            dom::warn(&[
                &dom::describe(&self.host),
                ": the rating server answered impossible figures (sum ",
                &u64_str(a.sum),
                " from ",
                &u64_str(u64::from(a.count)),
                " votes); showing the last good ones",
            ]);
        }
        false
    }

    /// "Waiting, will be sent automatically", or, when storage could keep the vote only for
    /// this page, "keep this page open": never a promise the browser cannot keep (#17).
    fn pending_text(&self, score: u32) -> String {
        let label = if self.volatile.get() {
            &self.labels.pending_page
        } else {
            &self.labels.pending
        };
        fill(label, &[("n", &u64_str(u64::from(score)))])
    }

    /// The server acknowledged the vote: thank the visitor and tell the page.
    fn delivered(&self, score: u32) {
        remember(&self.item, Some(score));
        let text = fill(&self.labels.thanks, &[("n", &u64_str(u64::from(score)))]);
        dom::announce(&self.status, &text);
        self.emit(score, false);
    }

    /// The server refused the vote for good: it is no longer this visitor's score; the reason
    /// stays in the note until they vote again, and is announced and reported once.
    fn refuse(&self, reason: String) {
        self.pending.set(false);
        self.yours.set(None);
        remember(&self.item, None);
        let text = fill(&self.labels.refused, &[("reason", &reason)]);
        dom::announce(&self.status, &text);
        let detail = [
            ("widget", JsValue::from_str("rating")),
            ("message", JsValue::from_str(&reason)),
        ];
        dom::emit(&self.host, "civic:error", &dom::object(&detail), false);
        if let Ok(mut r) = self.refused.try_borrow_mut() {
            *r = Some(reason);
        }
    }

    fn emit(&self, score: u32, pending: bool) {
        let a = self.agg.get();
        let detail = [
            ("item", JsValue::from_str(&self.item)),
            ("score", JsValue::from_f64(f64::from(score))),
            ("sum", JsValue::from_f64(a.sum as f64)),
            ("count", JsValue::from_f64(f64::from(a.count))),
            ("pending", JsValue::from_bool(pending)),
        ];
        dom::emit(&self.host, "civic:rate", &dom::object(&detail), false);
    }

    fn key(self: &Rc<Self>, act: &str, e: &web_sys::Event) {
        let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        let rtl = dom::window()
            .ok()
            .and_then(|w| w.get_computed_style(&self.host).ok().flatten())
            .and_then(|s| s.get_property_value("direction").ok())
            .is_some_and(|d| d == "rtl");
        // The star that has focus (its `data-act` is its number) is the one the keys act on,
        // however it got focus (Tab, a click, a screen reader's browse mode).
        let cur = parse_u32(act)
            .filter(|n| rating::valid_score(*n, self.max))
            .unwrap_or(self.focus.get());
        let (fwd, back) = if rtl {
            ("ArrowLeft", "ArrowRight")
        } else {
            ("ArrowRight", "ArrowLeft")
        };
        let key = k.key();
        let next = match key.as_str() {
            k if k == fwd || k == "ArrowUp" => Some(if cur >= self.max { 1 } else { cur + 1 }),
            k if k == back || k == "ArrowDown" => Some(if cur <= 1 { self.max } else { cur - 1 }),
            "Home" => Some(1),
            "End" => Some(self.max),
            " " | "Enter" => {
                e.prevent_default();
                self.vote(cur);
                return;
            }
            _ => None,
        };
        if let Some(n) = next {
            e.prevent_default();
            self.focus.set(n);
            self.roving();
            if let Some(s) = self.stars.get(n as usize - 1) {
                let _ = s.focus();
            }
        }
    }

    fn roving(&self) {
        let focus = self.focus.get();
        for (i, s) in self.stars.iter().enumerate() {
            dom::set(
                s,
                "tabindex",
                if i as u32 + 1 == focus { "0" } else { "-1" },
            );
        }
    }

    fn render(&self) {
        // An aggregate learned by a background flush is applied once, then forgotten, so it
        // can never overwrite a newer answer.
        let learned = LEARNED.with(|l| {
            let mut l = l.try_borrow_mut().ok()?;
            let ep = self.endpoint.as_deref()?;
            let at = l.iter().position(|(e, i, _)| e == ep && *i == self.item)?;
            Some(l.remove(at).2)
        });
        // A vote this widget showed as waiting was settled in the background: say so, as when
        // it is settled at once.
        match learned {
            Some(Ok(learned)) => {
                let delivered = self.pending.replace(false);
                self.take(learned);
                if let Some(y) = learned.yours.filter(|_| delivered) {
                    self.delivered(y);
                }
            }
            Some(Err(reason)) if self.pending.get() => self.refuse(reason),
            _ => {}
        }
        let a = self.agg.get();
        let avg = decimal_str(a.average(), 1, self.lang.decimal_sep());
        let (count, sum, max) = (
            u64_str(u64::from(a.count)),
            u64_str(a.sum),
            u64_str(u64::from(self.max)),
        );
        let template = match a.count {
            0 => &self.labels.summary_none,
            1 => &self.labels.summary_one,
            _ => &self.labels.summary,
        };
        let text = fill(
            template,
            &[
                ("sum", &sum),
                ("count", &count),
                ("avg", &avg),
                ("max", &max),
            ],
        );
        self.summary.set_text_content(Some(&text));
        // Partial fill of the average (e.g. 4.2 of 5 = 84%); the exact number is in the text.
        let pct = if self.max > 0 {
            a.average() / f64::from(self.max) * 100.0
        } else {
            0.0
        };
        let width = decimal_str(pct, 2, '.') + "%";
        let _ = self.avg_fill.style().set_property("width", &width);
        let yours = self.yours.get();
        for (i, s) in self.stars.iter().enumerate() {
            let n = i as u32 + 1;
            dom::set(
                s,
                "aria-checked",
                if yours == Some(n) { "true" } else { "false" },
            );
            s.set_class_name(if yours.is_some_and(|y| n <= y) {
                "star on"
            } else {
                "star"
            });
        }
        if let Some(y) = yours {
            if self.focus.get() == 1 {
                self.focus.set(y);
            }
        }
        self.roving();
        let note = match (yours, self.endpoint.is_some(), self.pending.get()) {
            (Some(y), false, _) => fill(&self.labels.local, &[("n", &u64_str(u64::from(y)))]),
            (Some(y), true, true) => self.pending_text(y),
            (None, _, _) => self
                .refused
                .try_borrow()
                .ok()
                .and_then(|r| {
                    r.as_ref()
                        .map(|r| fill(&self.labels.refused, &[("reason", r)]))
                })
                .unwrap_or_default(),
            _ => String::new(),
        };
        self.note.set_text_content(Some(&note));
        self.note.set_hidden(note.is_empty());
        self.write_schema(&a);
    }

    /// Keeps the JSON-LD in step with the visible numbers (only with `data-schema`).
    fn write_schema(&self, a: &Aggregate) {
        let Some((kind, name)) = &self.schema else {
            return;
        };
        let Ok(mut slot) = self.schema_el.try_borrow_mut() else {
            return;
        };
        let Some(json) = rating::json_ld(kind, name, a, self.max) else {
            if let Some(el) = slot.take() {
                el.remove();
            }
            return;
        };
        if slot.is_none() {
            let Ok(el) = dom::el("script") else { return };
            dom::set(&el, "type", "application/ld+json");
            if self.host.append_child(&el).is_err() {
                return;
            }
            *slot = Some(el.into());
        }
        if let Some(el) = slot.as_ref() {
            if let Err(e) = dom::set_json_ld(el, &json) {
                dom::warn(&[&dom::describe(&self.host), ": data-schema: ", &e.describe()]);
                el.remove();
                *slot = None;
            }
        }
    }
}

impl Widget for Rating {
    fn refresh(&self) {
        self.inner.render();
    }

    fn click(&self, act: &str, _: &web_sys::Event) {
        if let Some(score) = parse_u32(act) {
            self.inner.vote(score);
        }
    }

    fn key(&self, act: &str, e: &web_sys::Event) {
        self.inner.key(act, e);
    }

    fn rating(&self) -> Option<&Rating> {
        Some(self)
    }
}
