// ESM entry: `import { init } from "civic-a11y"`. Also what the classic loader imports.
// scripts/build.mjs bundles it with the modules of js/ into pkg/index.js.
import { link, main } from './core.js';
import { warn, englishFor } from './view.js';
import * as prefs from './prefs.js';
import { begin, upgrade as upgradeHost, settle, changed, mountedCount as mounted } from './widgets.js';

const BOOT = Symbol.for('civic-a11y.boot');
// On a server (SSR) there is no page: the getters answer the defaults and init() does nothing.
const browser = typeof window !== 'undefined' && typeof document !== 'undefined';
// The classic loader has already applied saved preferences before first paint; only a bundled
// (npm) page needs ./boot.js, loaded on demand so script-tag pages never download it twice.
// The fallback stylesheet (browsers without constructable sheets) is looked for beside the
// .wasm: a literal `new URL('./civic-a11y.css', import.meta.url)` makes Next.js (Turbopack)
// fail the build, and a bare `new URL('.', …)` made Vite copy this whole module.
const boot = (wasmUrl) =>
  window[BOOT]
    ? Promise.resolve()
    : import('./boot.js').then((m) => m.civicBoot(new URL('civic-a11y.css', new URL(wasmUrl, location.href)).href));
// The widgets this build has (scripts/build.mjs), registered as custom elements once they are
// upgraded, so `:defined` and `customElements.whenDefined()` mean "ready".
const WIDGETS = /*WIDGETS*/ [];

/** One console line that says what failed and what to do, instead of the engine's own words
 *  (Chromium, Gecko and WebKit word each case differently; these words are in all three). */
function explain(err, url) {
  const m = String((err && err.message) || err);
  if (!import.meta.url) return m + ' (no import.meta.url in this bundle: pass init({ wasmUrl }))';
  if (/CSP|Content.Security|unsafe-eval/i.test(m)) return m + " (allow script-src 'wasm-unsafe-eval')";
  if (/magic|\\0asm|MIME/i.test(m)) return url + " is not WebAssembly (HTML?): serve it as application/wasm; Vite dev: optimizeDeps.exclude ['civic-a11y']";
  if (/fetch|network|load/i.test(m)) return url + ' did not load: ' + CORS;
  return m;
}
const CORS = 'another origin needs Access-Control-Allow-Origin; file:// needs a web server';

/** Registers label packs, `{ fr: { larger: "…" } }`, for the widgets upgraded from now on
 *  (js/view.js reads them). A pack merges into any earlier one for the same language. */
function addLabels(packs) {
  const all = (window[Symbol.for('civic-a11y.labels')] ||= {});
  for (const lang in packs) {
    const key = lang.toLowerCase();
    all[key] = Object.assign(all[key] || {}, packs[lang]);
  }
}
/** The page's `<script type="application/json" data-civic-labels>` blocks (script-tag users). */
function pageLabels() {
  for (const s of document.querySelectorAll('script[data-civic-labels]')) {
    try {
      addLabels(JSON.parse(s.textContent));
    } catch (e) {
      console.warn('civic-a11y: <script data-civic-labels> is not valid JSON and was ignored: ' + e.message);
    }
  }
}

const VERSION = '/*VERSION*/';
let loading = null;
let started = false;
let memory = null;

function domReady() {
  if (document.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
}

/** Resolves once the page has painted its first content (#12; js/boot.js `shown`): building the
 *  widgets is tens of ms of main thread, and run before that paint it held it back. No wait
 *  while a saved text size keeps the page hidden: it shows when the widgets apply it. Hosts hold
 *  their space until built (page.css), so painting first moves nothing. */
const painted = () => document.documentElement.hasAttribute('data-civic-pending') || state().shown;

/** Lets the browser handle input and paint before the next slice of work. */
const nextTask = () =>
  globalThis.scheduler && scheduler.yield
    ? scheduler.yield()
    : new Promise((resolve) => {
        // Not setTimeout: a background tab clamps timers to once a second.
        const c = new MessageChannel();
        c.port1.onmessage = resolve;
        c.port2.postMessage(0);
      });

/** Upgrades the hosts on the page in document order, in slices of about one frame (16 ms),
 *  yielding to the browser between them (#12: building them all in one task held the main
 *  thread for 40–60 ms on the demo, 134 ms on a page of 60 hosts, and a click or a key press
 *  waited for it). The first slice always builds the first host, so the first controls come
 *  with the preferences. `civic-a11y:start` measures the main-thread time of all slices
 *  together (its detail: the longest slice); `civic-a11y:first-control` marks the end of the
 *  slice that built the first host, when its controls answer. */
async function upgrade(first) {
  const mark = (name) => first && performance.mark && performance.mark(name);
  const t0 = performance.now();
  let slice = t0;
  let busy = 0;
  let longest = 0;
  let built = false;
  let marked = false;
  const endSlice = () => {
    const spent = performance.now() - slice;
    longest = Math.max(longest, spent);
    busy += spent;
    if (!marked) mark('civic-a11y:first-control');
    marked = true;
  };
  pageLabels();
  const hosts = begin();
  await englishFor(hosts);
  for (const host of hosts) {
    if (built && performance.now() - slice > 16) {
      endSlice();
      await nextTask();
      slice = performance.now();
    }
    upgradeHost(host);
    built = true;
  }
  if (first) settle();
  endSlice();
  try {
    // (User Timing 3; where measure() takes no options, there is no figure and no harm.)
    if (first) performance.measure('civic-a11y:start', { start: t0, duration: busy, detail: { longest } });
  } catch {}
}

/**
 * Loads the Wasm module once, upgrades every widget under `document` and watches for new ones.
 * Idempotent: later calls only upgrade widgets added since.
 */
export function init(options = {}) {
  if (!browser) return Promise.resolve();
  if (options.labels) addLabels(options.labels);
  if (loading) return loading.then(() => upgrade(false));
  // A URL, or a fetch already under way (the classic loader starts one early). Inside the
  // promise: in a bundle without `import.meta.url` (IIFE) a failure must reject, not throw.
  let wasmUrl = options.wasmUrl;
  const urls = {};
  // A page in English (or any language but Vietnamese) fetches its English labels now, beside
  // the Wasm module, not once its hosts are found.
  englishFor([document.documentElement]);
  let scaler = null;
  loading = Promise.resolve()
    .then(() => {
      // (The literal `new URL(…, import.meta.url)` is what bundlers look for to emit the file.)
      // Vite's dev server pre-bundles this module into node_modules/.vite/deps/, away from its
      // .wasm, and answers for the missing file with the app's HTML: look in the package instead.
      // (Turbopack's URL here may be relative: only Vite's is rewritten.)
      const vite = (url) => (String(url).includes('/.vite/deps/') ? String(url).replace('/.vite/deps/', '/civic-a11y/') : url);
      // The late and the vote modules (js/core.js) sit beside the main one: beside a wasmUrl
      // given as an address, else beside this module.
      const given = typeof wasmUrl === 'string' || wasmUrl instanceof URL;
      if (CIVIC_LATE) urls.late = given ? new URL('civic_a11y_late_bg.wasm', new URL(wasmUrl, location.href)) : vite(new URL('./civic_a11y_late_bg.wasm', import.meta.url));
      if (CIVIC_VOTE) urls.vote = given ? new URL('civic_a11y_vote_bg.wasm', new URL(wasmUrl, location.href)) : vite(new URL('./civic_a11y_vote_bg.wasm', import.meta.url));
      wasmUrl ||= vite(new URL('./civic_a11y_wasm_bg.wasm', import.meta.url));
      return boot(wasmUrl instanceof Promise ? location.href : wasmUrl);
    })
    .then(() => {
      // The widgets call the Rust core through these (js/core.js), once it is instantiated.
      // (`lateWasm`: the late module's fetch, started by the classic loader; internal.)
      link(urls, options.lateWasm);
      // A visitor with a saved text size (the page stays hidden until it is applied) needs the
      // text scaler at start: its module downloads beside the main one, not after it.
      if (CIVIC_SCALES && state().textSize !== 1) scaler = prefs.scalerReady()?.catch(() => {}); // (begin() says why)
      return main(wasmUrl);
    })
    .then((m) => {
      memory = m.memory;
      return Promise.all([scaler, domReady().then(painted)]);
    })
    .then(() => upgrade(true))
    .then(() => {
      started = true;
      if (performance.mark) performance.mark('civic-a11y:interactive');
      for (const name of WIDGETS) {
        const tag = 'civic-' + name;
        if (!customElements.get(tag)) customElements.define(tag, class extends HTMLElement {});
      }
      document.dispatchEvent(new CustomEvent('civic-a11y:ready', { detail: { version: VERSION } }));
    })
    .catch((err) => {
      prefs.unhide();
      const url = !wasmUrl || wasmUrl instanceof Promise ? 'civic_a11y_wasm_bg.wasm' : String(wasmUrl);
      console.warn('civic-a11y: the widgets could not start: ' + explain(err, url) + '. The page works as before.');
      throw err;
    });
  return loading;
}

const state = () => (browser && window[BOOT]) || { textSize: 1, contrast: 'normal' };

const html = () => document.documentElement;

/** Sets the site-wide text-size factor (0.5–4; 1 = as designed). Resolves to the factor in force. */
export function setTextSize(factor) {
  return init().then(() => {
    const f = Number(factor);
    if (!(f >= 0.5 && f <= 4)) {
      warn('setTextSize: the factor must be a number from 0.5 to 4');
    } else {
      const failed = (e) => warn('setTextSize: ' + e.message);
      return new Promise((resolve) => prefs.applyTextSize(f, resolve, (e) => resolve(failed(e)))).then(() => {
        changed(html(), 'civic:text-size', 'scale', prefs.textSize());
        return prefs.textSize();
      });
    }
    return prefs.textSize();
  });
}
/** The current text-size factor. */
export function getTextSize() {
  return started ? prefs.textSize() : state().textSize;
}
/** Sets the contrast level: "soft", "normal", "high" or "dark". Resolves to the level in force. */
export function setContrast(level) {
  return init().then(() => {
    if (prefs.applyContrast(String(level))) changed(html(), 'civic:contrast', 'level', prefs.contrast());
    else warn('setContrast: unknown level; use soft, normal, high or dark');
    return prefs.contrast();
  });
}
/** The current contrast level. */
export function getContrast() {
  return started ? prefs.contrast() : state().contrast;
}
/** Number of mounted widget hosts (diagnostics). */
export function mountedCount() {
  return started ? mounted() : 0;
}
/** Bytes of Wasm linear memory in use (diagnostics, `npm run bench`). */
export function wasmMemoryBytes() {
  return memory ? memory.buffer.byteLength : 0;
}
export const version = VERSION;
