// The widget registry: finds the hosts, builds each widget into its shadow root from the config
// the Rust core parsed (`config` in src/widgets/mod.rs: one Wasm call per widget), keeps the
// widgets in step with the visitor's preferences, and drops a widget's listeners when its host
// leaves the page (single-page apps). One failure stays inside its widget: one console line, a
// `civic:error` event, an empty shadow root, and every other widget keeps working.
//
// #12: this and the text-size, contrast and toolbar views were Rust against web-sys: twice the
// bytes of the same JavaScript, and a Wasm call for every element and listener at start.

import { core } from './core.js';
import * as prefs from './prefs.js';
import { warn, emit, under, describe, reading, englishFor } from './view.js';
import { TABLE, starting } from './table.js';

/** host → { off, refresh } of every host seen (failed ones too, so they warn once). */
const mounted = new Map();
const INERT = { off() {}, refresh() {} };
let begun = false;
let base = null;

/** Constructable stylesheets adoptable by shadow roots (Chrome 73, Firefox 101, Safari 16.4):
 *  the minimum, as the widgets style themselves that way under a strict CSP. */
const supported = () =>
  typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype && typeof ShadowRoot === 'function' && 'adoptedStyleSheets' in ShadowRoot.prototype;

/** A constructed stylesheet of `css` (allowed under a strict `style-src 'self'`, unlike
 *  `<style>` or `style=""`); callers make each one once and share it. */
export function sheet(css) {
  const s = new CSSStyleSheet();
  s.replaceSync(css);
  return s;
}

/** Every widget re-reads the shared state (text size, contrast) that changed. */
function refreshAll() {
  for (const w of mounted.values()) w.refresh();
}

/** Shared state changed: every widget re-reads it, then `event` `{key: value}` goes out from
 *  `from` (the widget's host, or `<html>` for API calls). */
export function changed(from, event, key, value) {
  refreshAll();
  emit(from, event, { [key]: value });
}

/**
 * The first time: applies saved preferences and starts watching the page. Returns the hosts on
 * the page in document order (none in a browser below the minimum), which the entry upgrades a
 * few per task.
 */
export function begin() {
  const ok = supported();
  if (!begun) {
    begun = true;
    if (!ok) {
      // No shadow root is attached, so the fallback content written inside each element stays
      // visible, and the page keeps its designed size.
      warn('this browser lacks constructable stylesheets (Chrome 73, Firefox 101, Safari 16.4); the widgets stay off and their fallback content is shown');
      prefs.unhide();
    } else {
      prefs.begin(refreshAll);
      starting();
      watch();
    }
  }
  return ok ? [...document.querySelectorAll(core.selector())] : [];
}

// After the first upgrade: what the build does once its widgets are on the page (votes waiting
// from earlier pages go out, lent this page's rating tokens).
export { settle } from './table.js';

/** How many hosts are mounted (leak checks). */
export const mountedCount = () => mounted.size;

function watch() {
  // Every host, including widgets this build lacks (they say so).
  const hosts = core.selector();
  new MutationObserver((records) => {
    let removed = false;
    for (const r of records) {
      removed ||= r.removedNodes.length > 0;
      for (const el of r.addedNodes) {
        if (el.nodeType !== 1 || !el.isConnected) continue;
        prefs.pageChanged(el, el.localName === 'style');
        for (const host of under(el, hosts)) upgrade(host);
      }
    }
    // A host that left the page (SPA navigation) takes its listeners and timers with it.
    if (removed) {
      for (const [host, w] of mounted) {
        if (!host.isConnected) {
          mounted.delete(host);
          w.off();
        }
      }
    }
  }).observe(document, { childList: true, subtree: true });
  addEventListener('storage', (e) => prefs.followStorage(e.key, e.newValue, refreshAll));
  // `load` does not bubble, but it can be captured: a stylesheet the page adds later.
  document.addEventListener('load', (e) => e.target.localName === 'link' && prefs.pageChanged(null, true), true);
}

/** The config the core read for the widget `name` (a `data-civic`, a tag name, a toolbar part)
 *  on `host`: `[name, problem, ...fields]`, each a string or undefined (src/widgets/mod.rs). */
export function config(host, name) {
  // The core reads the host's attributes and labels through js/view.js `page`.
  reading(host);
  try {
    return core
      .config(name)
      .split('\x1f')
      .slice(0, -1)
      .map((v) => (v === '\x1e' ? undefined : v));
  } finally {
    reading(null);
  }
}

/** Draws the widget `name` (`fields`: its config from the core) into `root`, its shadow root
 *  or a toolbar cell. */
export function draw(root, host, name, fields) {
  const w = TABLE[name](root, host, fields);
  return typeof w === 'function' ? { off: w, refresh() {} } : w;
}

/** Upgrades one host, once (a host can leave the page between the entry's tasks). */
export function upgrade(host) {
  if (!host.isConnected || mounted.has(host)) return;
  // A host added later that shows English waits for its labels (js/index.js waits for those of
  // the hosts there at start).
  const labels = englishFor([host]);
  if (labels) return void labels.then(() => upgrade(host));
  let w = INERT;
  let name = 'unknown';
  try {
    // The core names the widget and words any problem: unknown, not in this build, bad config.
    const [known, problem, ...fields] = config(host, host.getAttribute('data-civic') ?? host.localName);
    name = known;
    if (problem) throw new Error(problem);
    let root = host.shadowRoot;
    if (!root) {
      try {
        root = host.attachShadow({ mode: 'open' });
      } catch {
        throw new Error('a host element that accepts shadow DOM (use div, span, p, section or the civic-* element) is missing');
      }
    }
    // A host re-added after SPA navigation keeps its old shadow root: emptied.
    root.replaceChildren();
    // Shadow DOM keeps the page's CSS resets out; the widget stylesheet is shared by all.
    root.adoptedStyleSheets = [(base ||= sheet(CIVIC_BASE_CSS))];
    w = draw(root, host, name, fields);
  } catch (e) {
    const message = String(e?.message ?? e);
    const unknown = name === 'unknown';
    warn(describe(host) + ': ' + message + (unknown ? '' : '; this widget is hidden, the others keep working'));
    emit(host, 'civic:error', { widget: name, message });
  }
  mounted.set(host, w);
}
