// The Rust core's exports, for the widgets written in JavaScript: the entry links them once the
// Wasm module is instantiated, before any widget is built.
// (A module of its own so that a preset takes only the widgets it has.)
//
// The core is two Wasm modules (#12, Cargo.toml): the main one, which every page view runs, and
// the late one (the text scaler's CSS rewriting, the read-aloud sentence splitter), which only a
// visitor's first text-size change or first read-aloud press needs. `late()` fetches it then,
// once, with the JavaScript that drives it (late.js: js/late-core.js, js/scaler.js, the glue).

import { load } from './wasm.js';
import { note, page } from './view.js';

/** The Rust core's functions, once linked: strings in, a string or undefined out. */
export const core = {};
/** Where the late module's .wasm is: beside the main one (js/index.js). */
let lateUrl;
/** Its fetch, when the classic loader started it early (a visitor with a saved text size). */
let early = null;
let loading = null;

/** Called once by js/index.js with where the late module's .wasm is, and its fetch if the
 *  classic loader started one. */
export function link(url, started) {
  lateUrl = url;
  early = started || null;
}

/** Instantiates the main module from `from` (its URL or its fetch) and links the core's
 *  functions to it; resolves to it (`{ call, memory }`). */
export function main(from) {
  return load(from, { page, note }).then((m) => {
    // (One Wasm export calls them all by name: src/lib.rs `exports`.)
    for (const name of ['config', 'selector', 'textSizeStep', 'contrastStep', 'ratingOutcome', 'ratingQueue', 'ratingJsonLd', 'statsAnswer']) {
      core[name] = (...args) => m.call(name, ...args);
    }
    return m;
  });
}

/** Resolves to the late module (`scaler`: js/scaler.js; `speechSplit`), instantiated; a failed
 *  load is tried again at the next call. CIVIC_LATE: false in presets with neither text size
 *  nor read-aloud (scripts/build.mjs). */
export function late() {
  if (!CIVIC_LATE) return Promise.reject(new Error('the late module is not in this build'));
  if (loading) return loading;
  // The glue and its .wasm download side by side, not one after the other.
  const wasm = early || fetch(lateUrl, { credentials: 'same-origin' });
  early = null;
  wasm.catch(() => {}); // (its failure is the load's, reported once by the caller)
  loading = import('./late.js')
    .then((m) => m.default(wasm).then(() => m))
    .catch((e) => {
      loading = null;
      throw e;
    });
  return loading;
}
