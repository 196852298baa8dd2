// The visitor's site-wide choices: text size and contrast. Stored (js/io.js, which never
// throws), applied to the page, and kept in step across tabs. Widgets only render; this module
// owns the state.
//
// The text scaler itself (js/scaler.js, over the Rust core's CSS rewriting) is in the late
// module (js/core.js): `scalerReady()` fetches it at the first change of size, or at start for a
// saved size; a page view that never changes the size never downloads it.
//
// #12: this was Rust against web-sys (src/dom/prefs.rs and scaler.rs): 11 KB of Wasm for what
// is mostly DOM calls. The CSS rewriting, the part worth testing natively, stays in the core.

import { late } from './core.js';
import { get, set, remove } from './io.js';
import { warn, under } from './view.js';

const SIZE_KEY = 'civic-a11y:text-size';
const CONTRAST_KEY = 'civic-a11y:contrast';
/** The contrast levels, from least to most (core::contrast::Level). */
export const LEVELS = ['soft', 'normal', 'high', 'dark'];
/** Colour properties an inline `style="…!important"` could pin against a contrast level. */
const COLORS = ['color', 'background-color', 'background-image', '-webkit-text-fill-color', 'text-shadow'];
const html = () => document.documentElement;
const isOne = (f) => Math.abs(f - 1) < 1e-9;

let scale = 1;
let level = 'normal';
/** [element, property, value] of the inline `!important` colours demoted while a level is on. */
let demoted = [];
/** The text scaler (js/scaler.js, in the late module), once loaded; the `data-target` region
 *  to scale (null: the whole page). */
let scaler = null;
let target = null;

/** Applies a text-size factor (0.5–4, checked by the caller); `persist` stores it for the site. */
function setScale(f, persist) {
  if (persist) isOne(f) ? remove(SIZE_KEY) : set(SIZE_KEY, String(+f.toFixed(4)));
  // A build without the text-size widget leaves the page at its designed size.
  if (!CIVIC_SCALES && !isOne(f)) throw new Error('the text scaler is not in this build (use the tools or all preset)');
  if (CIVIC_SCALES && (scaler || !isOne(f))) {
    if (!scaler) throw new Error('the text scaler has not loaded');
    scaler.apply(f);
  }
  scale = f;
}

/** A stored factor; null for anything else (storage edited by hand). */
const parseScale = (v) => (/^\d+(\.\d+)?$/.test(v) && v >= 0.5 && v <= 4 ? +v : null);
/** A level's name, as the API and storage may spell it; undefined for none. */
const parseLevel = (v) => LEVELS.find((l) => l === String(v).trim().toLowerCase());
/** The level when the visitor has not chosen: `high` under `prefers-contrast: more`. */
const defaultLevel = () => (matchMedia('(prefers-contrast: more)').matches ? 'high' : 'normal');

/** Demotes inline `!important` colours under `node` to normal priority (value kept): CSS gives
 *  them the last word, above any stylesheet, while a level is on. */
function demote(node) {
  for (const el of under(node, '[style*=important]')) {
    for (const p of COLORS) {
      if (el.style?.getPropertyPriority(p) === 'important') {
        const value = el.style.getPropertyValue(p);
        el.style.setProperty(p, value, '');
        demoted.push([el, p, value]);
      }
    }
  }
}

/** Sets the contrast level on `<html>`; `persist` stores it as the visitor's choice. */
function setLevel(l, persist) {
  // Absent means normal: a first visitor's start leaves it absent, as adding it on <html>
  // restyles the whole page (#12: 37–49 ms on a page of 10,000 elements in the last benches).
  if ((html().getAttribute('data-civic-contrast') || 'normal') !== l) html().setAttribute('data-civic-contrast', l);
  const was = level !== 'normal';
  level = l;
  if (!was && l !== 'normal') demote(document);
  if (was && l === 'normal') {
    for (const [el, p, value] of demoted) el.style.setProperty(p, value, 'important');
    demoted = [];
  }
  if (persist) set(CONTRAST_KEY, l);
}

/** Null once the text scaler can run (or in a build without it); else the promise of its
 *  module, which rejects with the reason it did not load. */
export const scalerReady = () =>
  !CIVIC_SCALES || scaler
    ? null
    : late().then((m) => {
        scaler ||= m.scaler;
        if (target) scaler.retarget(target);
      });

/** `f()` now when the text scaler can run, else once its module has loaded (`fail(error)` if
 *  it does not). */
export function withScaler(f, fail) {
  const wait = scalerReady();
  if (!wait) return f();
  wait.then(f, (e) => fail(new Error('the text scaler did not load: ' + e.message)));
}

/** Applies (and with `persist`, saves) the factor `f`, now or once the text scaler has loaded
 *  (`1` needs none); then `then()`, or `fail(error)` with the reason it could not be. */
function scaleTo(f, persist, then, fail) {
  const apply = () => {
    try {
      setScale(f, persist);
    } catch (e) {
      return fail(e);
    }
    then();
  };
  isOne(f) ? apply() : withScaler(apply, fail);
}

/** Once, at start: applies the saved choices, then un-hides the page (the loader hid it while
 *  a saved size was pending). `refresh` redraws the widgets when the size comes later (its
 *  module was not fetched before start: a size kept only in sessionStorage). */
export function begin(refresh) {
  const saved = get(CONTRAST_KEY);
  const l = saved !== null && parseLevel(saved);
  if (saved !== null && !l) {
    warn('ignoring a corrupted saved contrast level');
    remove(CONTRAST_KEY);
  }
  setLevel(l || defaultLevel(), false);
  const size = CIVIC_SCALES && get(SIZE_KEY);
  if (size) {
    const f = parseScale(size);
    if (f === null) {
      warn('ignoring a corrupted saved text size');
      remove(SIZE_KEY);
    } else {
      const fail = (e) => {
        warn('text-size: could not apply the saved size: ' + e.message);
        unhide();
      };
      return scaleTo(
        f,
        false,
        () => {
          unhide();
          refresh();
        },
        fail
      );
    }
  }
  unhide();
}
/** Shows the page the loader hid while a saved size was pending. */
export const unhide = () => html().removeAttribute('data-civic-pending');

/** Sets and saves the text-size factor, now or once the text scaler has loaded; `then()` after
 *  it is applied, `fail(error)` with the reason it could not be. */
export const applyTextSize = (f, then, fail) => scaleTo(f, true, then, fail);
/** The current text-size factor (1 = the site as designed). */
export const textSize = () => scale;
/** The current contrast level. */
export const contrast = () => level;
/** Sets and saves the contrast level; false for a name that is not a level. */
export function applyContrast(name) {
  const l = parseLevel(name);
  if (l) setLevel(l, true);
  return !!l;
}

/** Limits text scaling to `selector` (the first text-size widget's `data-target`, checked
 *  against the page by the caller). A saved size may already be applied to the whole page when
 *  that widget mounts, so the overrides are rebuilt for the region at once. */
export function scaleTarget(selector) {
  if (target === selector) return;
  target = selector;
  scaler?.retarget(selector);
}

/** Another tab changed a choice (a `storage` event; `key` null: storage cleared): follow it
 *  without storing again, then `refresh()` the widgets. Text spacing and motion
 *  follow their own keys (js/toggle.js). */
export function followStorage(key, value, refresh) {
  if (key !== null && key !== SIZE_KEY && key !== CONTRAST_KEY) return;
  const f = (key === SIZE_KEY && parseScale(value)) || 1;
  const follow = () => {
    try {
      if (key !== CONTRAST_KEY) setScale(f, false);
      if (key !== SIZE_KEY) setLevel(parseLevel(value) || defaultLevel(), false);
    } catch {
      return;
    }
    refresh();
  };
  isOne(f) ? follow() : withScaler(follow, (e) => warn('text-size: ' + e.message));
}

/** The page inserted `node` (or, with `newSheet`, a `<style>` or a loaded stylesheet): scale
 *  its inline sizes, demote its inline `!important` colours while a level is on, and re-read
 *  the stylesheets when one arrived. */
export function pageChanged(node, newSheet) {
  if (level !== 'normal') demote(node);
  scaler?.pageChanged(node, newSheet);
}
