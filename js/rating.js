// Star rating: the aggregate as on the seed portal, and a radio group of stars (WAI-ARIA APG
// rating pattern: arrows move, Space/Enter choose). src/widgets/rating.rs parses the attributes
// and passes them here with the labels; what comes from servers and storage is read by the Rust
// core (core.js): the answers of both protocols and the stored queue. What only a vote needs (a
// NukeViet reply, a refusal's reason, whether a queued vote may be resent) is read by the vote
// module, fetched then (#12: 1.0 KB of gzip less on every page view); the JSON-LD is written here
// with JSON.stringify (0.5 KB less). Written in JavaScript because it is mostly DOM and
// callbacks: against web-sys they took 7.5 KB of the gzipped Wasm, here 3.9 KB (#12).
//
// No vote is lost: a vote is written to the pending queue in storage *before* it is sent and
// removed only when the server acknowledges it; the queue is flushed on every page load, on
// the `online` event, and on a back-off timer while votes wait. The server replaces a voter's
// earlier score, so a resend never counts twice.

import { build, fill, announce as say, warn, emit as dispatch, describe } from './view.js';
import { send, get, set, remove } from './io.js';
import { core, vote as voteModule } from './core.js';
import { sheet } from './widgets.js';

const QUEUE = 'civic-a11y:pending';
const VOTER = 'civic-a11y:voter';
const FIRST_RETRY_MS = 5000;
const MAX_RETRY_MS = 300000;
/** The largest `data-max`: it bounds the check of a queued NukeViet vote whose widget is not on
 *  this page (NukeViet's answer is checked against the number of stars). */
const MAX_STARS = 10;

/** The mounted widgets' state. */
let widgets = [];
/** endpoint+item of the requests under way: a double click and a flush send one. */
const flying = new Set();
/** What background flushes learned, by endpoint+item, applied once by that widget's render:
 *  { agg, score } when the vote counted, { reason } (null: the endpoint takes no votes) if not. */
const learned = new Map();
let retry = { scheduled: false, delay: FIRST_RETRY_MS };
let warnedUnserved = false;
let warnedUnread = false;
let listening = false;

const pair = (endpoint, item) => endpoint + '\n' + item;
let starSheet = null;

// The queue: lines `[nv:checkss \t][csrf:token \t]score \t item \t endpoint`, read and written
// through the core, which drops corrupt lines (edited by hand, truncated, a bad token).
function queue() {
  const out = [];
  for (const line of core.ratingQueue(get(QUEUE) || '').split('\n')) {
    if (!line) continue;
    const f = line.split('\t');
    const p = {};
    while (/^(nv|csrf):/.test(f[0])) {
      const [, name, value] = f.shift().match(/^(\w+):(.*)$/);
      p[name] = value;
    }
    p.score = +f[0];
    p.item = f[1];
    p.endpoint = f.slice(2).join('\t');
    out.push(p);
  }
  return out;
}
/** Writes the queue; says how long it will be kept. */
function saveQueue(q) {
  const text = core.ratingQueue(
    q.map((p) => (p.nv !== undefined ? 'nv:' + p.nv + '\t' : '') + (p.csrf ? 'csrf:' + p.csrf + '\t' : '') + p.score + '\t' + p.item + '\t' + p.endpoint + '\n').join('')
  );
  if (text) return set(QUEUE, text);
  remove(QUEUE);
  return 'site';
}
/** Drops the acknowledged vote only: a newer score queued meanwhile must still be sent. */
function dequeue(endpoint, item, score) {
  saveQueue(queue().filter((p) => !(p.endpoint === endpoint && p.item === item && p.score === score)));
}
const voteKey = (item) => 'civic-a11y:vote:' + item;

/** The opaque voter id for one article: random, made at the first vote on it and kept, so the
 *  server can replace a changed score but cannot link one reader's votes across articles (#17).
 *  A visitor who voted before ids were per article keeps the old id for it. */
function voter(item) {
  const key = VOTER + ':' + item;
  const ok = (v) => v && v.length >= 16 && v.length <= 64;
  let v = get(key);
  if (ok(v)) return v;
  v = get(VOTER);
  // 128 random bits, also on a portal on plain http (randomUUID() is for secure contexts only).
  if (!ok(v)) v = crypto.getRandomValues(new Uint32Array(4)).join('-');
  set(key, v);
  return v;
}

/** Claims endpoint+item for one request; false when one is already under way. */
function start(endpoint, item) {
  const k = pair(endpoint, item);
  if (flying.has(k)) return false;
  flying.add(k);
  return true;
}

/** One flush of the queue after the current back-off delay (5 s, doubling to 5 min): a server
 *  can be down while the browser is online, so the `online` event alone is not enough. */
function scheduleRetry() {
  if (retry.scheduled) return;
  const delay = retry.delay;
  retry = { scheduled: true, delay: Math.min(delay * 2, MAX_RETRY_MS) };
  setTimeout(() => {
    retry.scheduled = false;
    flush();
  }, delay);
}
const resetRetry = () => (retry.delay = FIRST_RETRY_MS);

/** What a server answered, read by the core, to `then`: { agg }, { retry: limited } or
 *  { reason }. The main module reads the figures and what a status alone says; a NukeViet reply
 *  and a refusal's reason are read by the vote module (#12). `atOnce` (a page view's GET): not
 *  those, no vote module. If it cannot load, the vote waits as for a server that is down. */
function answer(nukeviet, status, text, max, endpoint, then, atOnce) {
  const o = core.ratingOutcome(nukeviet, status, max, text);
  if (o !== undefined) return then(meaning(o, status, endpoint));
  if (atOnce) return;
  voteModule()
    .then((l) => l.ratingOutcome(nukeviet, status, max, text))
    .then(
      (o) => then(meaning(o, status, endpoint)),
      (e) => {
        unread(e);
        then({ retry: false });
      }
    );
}
/** The vote module did not load (a deployment that left it out, the network): said once. */
function unread(e) {
  if (!warnedUnread) warn(`rating: the vote module (vote.js, civic_a11y_vote_bg.wasm) did not load: ${e?.message ?? e}; votes wait until it does`);
  warnedUnread = true;
}
/** `ratingOutcome`'s line as an object (src/core/rating.rs `Outcome::encode`). */
function meaning(o, status, endpoint) {
  if (o[0] === 'a') {
    const [count, sum] = o.slice(1).split(' ').map(Number);
    return { agg: { count, sum } };
  }
  if (o[0] === 'r') return { reason: o.slice(1) };
  if (o[0] === 'u') {
    // The endpoint does not take votes: the webmaster is told once, the visitor in words.
    if (!warnedUnserved) warn(`rating: data-endpoint "${endpoint}" answered HTTP ${status}; votes cannot be delivered there. Check the address of the rating server`);
    warnedUnserved = true;
    return { reason: null };
  }
  return { retry: o === 'l' };
}

/** Posts a vote `p` ({ endpoint, item, score, nv, csrf }) with the protocol it was made with. */
function post(p, max, then) {
  const nukeviet = p.nv !== undefined;
  let url = p.endpoint;
  let body;
  let headers;
  if (nukeviet) {
    // NukeViet serves op=rating only to requests it takes for AJAX: a `nocache` of 10+ digits
    // (its own sendrating() adds Date.now()) and a referer from the site (fetch sends it).
    url += (url.includes('?') ? '&' : '?') + 'nocache=' + Date.now();
    body = 'id=' + encodeURIComponent(p.item) + '&point=' + p.score + '&checkss=' + encodeURIComponent(p.nv);
    headers = 'Content-Type\napplication/x-www-form-urlencoded; charset=UTF-8\nX-Requested-With\nXMLHttpRequest';
  } else {
    url += '/' + encodeURIComponent(p.item);
    // The voter id is ours (a UUID): nothing in it needs escaping.
    body = JSON.stringify({ score: p.score, voter: voter(p.item).replace(/[^A-Za-z0-9-]/g, '') });
    headers = 'Content-Type\napplication/json' + (p.csrf ? '\nX-CSRF-Token\n' + p.csrf : '');
  }
  send('POST', url, headers, body, (status, text) => {
    flying.delete(pair(p.endpoint, p.item));
    answer(nukeviet, status, text, max, p.endpoint, then);
  });
}

/** Sends every queued vote (page load, `online`, the retry timer). Safe to call any time. */
export function flush() {
  if (!core.ratingQueue) return;
  if (!listening) addEventListener('online', flush);
  listening = true;
  if (!queue().length) return;
  // Storage is writable by any script on the site: a vote goes only where this site sends votes,
  // which the vote module checks (only a page with votes waiting needs it). Not loaded: later.
  voteModule().then(resend, (e) => {
    unread(e);
    scheduleRetry();
  });
}
function resend(l) {
  widgets = widgets.filter((w) => w.host.isConnected);
  const declared = widgets.map((w) => w.endpoint || '').join('\n');
  for (const p of queue()) {
    if (!l.ratingMayResend(location.origin, declared, p.endpoint) || !start(p.endpoint, p.item)) continue;
    // Tokens expire with sessions: a widget on this page has the current ones, the queue has
    // those the vote was made with.
    let csrf;
    let checkss;
    for (const w of widgets) {
      if (w.endpoint !== p.endpoint) continue;
      csrf ??= w.csrf;
      if (w.item === p.item && w.nv !== undefined) checkss = w.nv;
    }
    const vote = { ...p, csrf: csrf ?? p.csrf, nv: p.nv === undefined ? undefined : checkss ?? p.nv };
    // The widget's data-max is not known here; the largest bounds the check.
    post(vote, MAX_STARS, (o) => {
      if ('retry' in o) return scheduleRetry();
      if (o.agg) {
        resetRetry();
        set(voteKey(p.item), String(p.score));
      }
      dequeue(p.endpoint, p.item, p.score);
      learned.set(pair(p.endpoint, p.item), o.agg ? { agg: o.agg, score: p.score } : o);
      for (const w of widgets) render(w);
    });
  }
}

/** Renders the widget into `root` (its shadow root) and returns the function that removes it.
 *  `f`: see src/widgets/rating.rs. */
export function mount(root, host, f) {
  // Extra styles for the stars: a second sheet, made once, in this shadow root only.
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, (starSheet ||= sheet(CIVIC_RATING_CSS))];
  const [item, maxText, count, sum, endpoint, nv, csrf, schema, name, sep, ...l] = f;
  const max = +maxText;
  const [prompt, star, starOne, summary, summaryOne, summaryNone, thanks, pending, pendingPage, local, refused, limited, noServer] = l;
  // The average as stars (aria-hidden: the exact numbers are in the text beside it), then the
  // prompt and one radio per star. Empty stars are outlines, so no contrast level can make an
  // unrated article look full (#17).
  let spec =
    '0div\n1p class=summary\n2span class=avg aria-hidden=true\n3span class=avg-bg _=$0\n3span class=avg-fill _=$1\n2span' +
    '\n1p class=prompt id=civic-rate-prompt _=$2\n1div class=stars role=radiogroup aria-labelledby=civic-rate-prompt';
  const texts = ['☆'.repeat(max), '★'.repeat(max), prompt];
  for (let n = 1; n <= max; n++) {
    spec += `\n2span class=star role=radio aria-checked=false tabindex=${n === 1 ? 0 : -1} data-act=${n} _=★ aria-label=$${texts.length}`;
    texts.push(n === 1 ? starOne : fill(star, { n }));
  }
  const nodes = build(root, spec + '\n1p class=note\n1span class=sr role=status', texts);
  // Elements: 0 wrap, 1 summary, 2 avg, 3 avg-bg, 4 avg-fill, 5 summary text, 6 prompt,
  // 7 stars, then one per star, the note and the status.
  const w = {
    host, item, max, endpoint, nv, csrf, schema, name, sep,
    desc: describe(host),
    labels: { summary, summaryOne, summaryNone, thanks, pending, pendingPage, local, refused, limited, noServer },
    agg: { count: +count, sum: +sum },
    yours: 0,
    pending: false,
    /** The waiting vote is kept only while this page is open (storage refused it). */
    volatile: false,
    /** Why the server refused this visitor's last vote, shown until they vote again. */
    refused: null,
    focus: 1,
    warned: false,
    ld: null,
    summaryText: nodes[5],
    avgFill: nodes[4],
    stars: nodes.slice(8, 8 + max),
    note: nodes[8 + max],
    status: nodes[9 + max],
  };
  // Restore what this visitor already did: a vote still waiting, else the score this browser
  // remembers (the server never tells a page view whose vote is whose).
  const saved = +get(voteKey(item));
  if (saved >= 1 && saved <= max && Number.isInteger(saved)) w.yours = saved;
  const waiting = endpoint && queue().find((p) => p.endpoint === endpoint && p.item === item);
  if (waiting) {
    w.yours = waiting.score;
    w.pending = true;
  }
  // Keyboard activation arrives as a click too; the stars' own keys as keydown.
  const click = (e) => {
    const act = e.target.closest?.('[data-act]');
    if (act) vote(w, +act.getAttribute('data-act'));
  };
  const keydown = (e) => key(w, e);
  root.addEventListener('click', click);
  root.addEventListener('keydown', keydown);
  widgets = widgets.filter((o) => o.host.isConnected).concat(w);
  render(w);
  // A page view sends no voter id (CONTRACT §3); the visitor's own score is remembered here.
  if (endpoint && nv === undefined) {
    send('GET', endpoint + '/' + encodeURIComponent(item), '', undefined, (status, text) =>
      answer(false, status, text, max, endpoint, (o) => status === 200 && o.agg && take(w, o.agg) && render(w), true)
    );
  }
  // Called when the host leaves the page (single-page apps mount and unmount widgets).
  return () => {
    root.removeEventListener('click', click);
    root.removeEventListener('keydown', keydown);
    widgets = widgets.filter((o) => o !== w);
  };
}

function vote(w, score) {
  if (!(score >= 1 && score <= w.max)) return;
  w.refused = null;
  w.focus = score;
  if (!w.endpoint) {
    set(voteKey(w.item), String(score));
    w.yours = score;
    render(w);
    announce(w, fill(w.labels.local, { n: score }));
    emit(w, score, false);
    return;
  }
  // A double click sends one vote: the second click finds the first still under way, or (on a
  // slow device) already acknowledged with the same score, which is only confirmed.
  if (w.yours === score && !w.pending) return announce(w, fill(w.labels.thanks, { n: score }));
  if (!start(w.endpoint, w.item)) return;
  const p = { endpoint: w.endpoint, item: w.item, score, nv: w.nv, csrf: w.csrf };
  w.volatile = saveQueue(queue().filter((o) => !(o.endpoint === p.endpoint && o.item === p.item)).concat(p)) === 'page';
  w.yours = score;
  w.pending = true;
  render(w);
  post(p, w.max, (o) => {
    if (o.agg) {
      dequeue(p.endpoint, p.item, score);
      resetRetry();
      take(w, o.agg);
      w.pending = false;
      render(w);
      delivered(w, score);
    } else if ('retry' in o) {
      scheduleRetry();
      render(w);
      announce(w, o.retry ? w.labels.limited : pendingText(w, score));
      emit(w, score, true);
    } else {
      dequeue(p.endpoint, p.item, score);
      refuse(w, o.reason);
      render(w);
    }
  });
}

/** Shows the server's figures if they are possible for this widget (a sum above count × max, or
 *  an absurd count, is a broken server); otherwise keeps the last good ones and warns once. */
function take(w, a) {
  if (a.count <= 1e8 && a.sum <= a.count * w.max && (a.count === 0 || a.sum >= a.count)) {
    w.agg = a;
    return true;
  }
  if (!w.warned) warn(`${w.desc}: the rating server answered impossible figures (sum ${a.sum} from ${a.count} votes); showing the last good ones`);
  w.warned = true;
  return false;
}

/** "Waiting, will be sent automatically", or, when storage could keep the vote only for this
 *  page, "keep this page open": never a promise the browser cannot keep (#17). */
const pendingText = (w, n) => fill(w.volatile ? w.labels.pendingPage : w.labels.pending, { n });

const announce = (w, text) => say(w.status, text);

const event = (w, name, detail) => dispatch(w.host, name, detail);
const emit = (w, score, pending) => event(w, 'civic:rate', { item: w.item, score, sum: w.agg.sum, count: w.agg.count, pending });

/** The server acknowledged the vote: thank the visitor and tell the page. */
function delivered(w, score) {
  set(voteKey(w.item), String(score));
  announce(w, fill(w.labels.thanks, { n: score }));
  emit(w, score, false);
}

/** The server refused the vote for good: it is no longer this visitor's score; the reason stays
 *  in the note until they vote again, and is announced and reported once. */
function refuse(w, reason) {
  reason ??= w.labels.noServer;
  w.pending = false;
  w.yours = 0;
  remove(voteKey(w.item));
  announce(w, fill(w.labels.refused, { reason }));
  event(w, 'civic:error', { widget: 'rating', message: reason });
  w.refused = reason;
}

function key(w, e) {
  const act = e.target.closest?.('[data-act]');
  if (!act) return;
  // The star that has focus is the one the keys act on, however it got focus (Tab, a click, a
  // screen reader's browse mode).
  let cur = +act.getAttribute('data-act');
  if (!(cur >= 1 && cur <= w.max)) cur = w.focus;
  const [fwd, back] = getComputedStyle(w.host).direction === 'rtl' ? ['ArrowLeft', 'ArrowRight'] : ['ArrowRight', 'ArrowLeft'];
  const k = e.key;
  let next;
  if (k === fwd || k === 'ArrowUp') next = cur >= w.max ? 1 : cur + 1;
  else if (k === back || k === 'ArrowDown') next = cur <= 1 ? w.max : cur - 1;
  else if (k === 'Home') next = 1;
  else if (k === 'End') next = w.max;
  else if (k === ' ' || k === 'Enter') {
    e.preventDefault();
    return vote(w, cur);
  }
  if (next) {
    e.preventDefault();
    w.focus = next;
    roving(w);
    w.stars[next - 1].focus();
  }
}

const roving = (w) => w.stars.forEach((s, i) => s.setAttribute('tabindex', i + 1 === w.focus ? 0 : -1));

function render(w) {
  // An answer learned by a background flush is applied once, then forgotten, so it can never
  // overwrite a newer one. A vote this widget showed as waiting was settled: say so.
  const k = w.endpoint && pair(w.endpoint, w.item);
  const got = k && learned.get(k);
  if (got) {
    learned.delete(k);
    if (got.agg) {
      const wasPending = w.pending;
      w.pending = false;
      take(w, got.agg);
      if (wasPending) delivered(w, got.score);
    } else if (w.pending) refuse(w, got.reason);
  }
  const { count, sum } = w.agg;
  const avg = count ? sum / count : 0;
  // The average with one decimal at most, in the widget's language (4,2 in Vietnamese).
  const tenths = Math.floor(avg * 10 + 0.5);
  const template = count === 0 ? w.labels.summaryNone : count === 1 ? w.labels.summaryOne : w.labels.summary;
  w.summaryText.textContent = fill(template, { sum, count, max: w.max, avg: Math.floor(tenths / 10) + (tenths % 10 ? w.sep + (tenths % 10) : '') });
  // Partial fill of the average (4.2 of 5 = 84%); the exact number is in the text.
  w.avgFill.style.width = Math.floor((avg / w.max) * 10000 + 0.5) / 100 + '%';
  w.stars.forEach((s, i) => {
    s.setAttribute('aria-checked', w.yours === i + 1);
    s.className = w.yours > i ? 'star on' : 'star';
  });
  if (w.yours && w.focus === 1) w.focus = w.yours;
  roving(w);
  const note = w.yours
    ? !w.endpoint
      ? fill(w.labels.local, { n: w.yours })
      : w.pending
        ? pendingText(w, w.yours)
        : ''
    : w.refused !== null
      ? fill(w.labels.refused, { reason: w.refused })
      : '';
  w.note.textContent = note;
  w.note.hidden = !note;
  writeSchema(w, tenths / 10);
}

let policy;
/** Keeps the JSON-LD (`data-schema` only: the type, checked by the core) in step with the
 *  visible numbers (`avg`: the average as shown). None without votes: search engines reject an
 *  AggregateRating with no ratings. JSON.stringify escapes quotes and control characters; `<`
 *  (with `>`, `&`, U+2028/9) is escaped here, so the text can never close its element. Under
 *  `require-trusted-types-for 'script'` a script's text is a Trusted Types sink, so it goes
 *  through a policy named `civic-a11y`. (In Rust this was 0.6 KB of gzipped Wasm; here 0.1 KB.) */
function writeSchema(w, avg) {
  if (!w.schema) return;
  const { count } = w.agg;
  const json =
    count &&
    JSON.stringify({
      '@context': 'https://schema.org',
      '@type': w.schema,
      name: w.name ?? '',
      aggregateRating: { '@type': 'AggregateRating', ratingValue: avg, bestRating: w.max, worstRating: 1, ratingCount: count },
    }).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  if (!json) {
    w.ld?.remove();
    w.ld = null;
    return;
  }
  try {
    if (!w.ld) {
      w.ld = document.createElement('script');
      w.ld.type = 'application/ld+json';
      w.host.append(w.ld);
    }
    if (window.trustedTypes) policy ||= trustedTypes.createPolicy('civic-a11y', { createScript: (s) => s });
    w.ld.text = policy ? policy.createScript(json) : json;
  } catch (e) {
    warn(`${w.desc}: data-schema: ${e.message}`);
    w.ld?.remove();
    w.ld = null;
  }
}
