// The Rust core's exports, for the widgets written in JavaScript: the entry links them once the
// Wasm module is instantiated, before any widget is built.
// (A module of its own so that a preset takes only the widgets it has.)
//
// The core is three Wasm modules (#12, Cargo.toml): the main one, which every page view runs;
// the late one (the text scaler's CSS rewriting, the read-aloud sentence splitter), which only a
// visitor's first text-size change or first read-aloud press needs, fetched then by `late()`
// with the JavaScript that drives it (late.js: js/late-core.js, js/scaler.js, the glue); and the
// vote module (the reading of a NukeViet reply or of a refusal's reason, and whether a queued
// vote may be resent), which only a vote or a page with votes waiting needs, fetched then by
// `vote()` (vote.js: js/late-core.js, the glue). The same Rust crate, built three ways.

import { load } from './wasm.js';
import { note, page } from './view.js';

/** The Rust core's functions, once linked: strings in, a string or undefined out. */
export const core = {};
/** Where the late module's and the vote module's .wasm are: beside the main one (js/index.js). */
let urls;
/** The late module's fetch, when the classic loader started it early (a visitor with a saved
 *  text size). */
let early = null;
let loading = null;
let voting = null;

/** Called once by js/index.js with where the other modules' .wasm are (`{ late, vote }`), and
 *  the late module's fetch if the classic loader started one. */
export function link(where, started) {
  urls = where;
  early = started || null;
}

/** Instantiates the main module from `from` (its URL or its fetch) and links the core's
 *  functions to it; resolves to it (`{ call, memory }`). */
export function main(from) {
  return load(from, { page, note }).then((m) => {
    // (One Wasm export calls them all by name: src/lib.rs `exports`.)
    for (const name of ['config', 'selector', 'textSizeStep', 'contrastStep', 'ratingOutcome', 'ratingQueue', 'statsAnswer']) {
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
  const wasm = early || fetch(urls.late);
  early = null;
  return (loading = instantiate(import('./late.js'), wasm, () => (loading = null)));
}

/** Resolves to the vote module (`ratingOutcome`, `ratingMayResend`: js/late-core.js),
 *  instantiated; a failed load is tried again at the next call. CIVIC_VOTE: false in presets
 *  without the rating (scripts/build.mjs). */
export function vote() {
  if (!CIVIC_VOTE) return Promise.reject(new Error('the vote module is not in this build'));
  // (`||=` evaluates its right side only when there is no load under way: one fetch.)
  return (voting ||= instantiate(import('./vote.js'), fetch(urls.vote), () => (voting = null)));
}

/** The glue (`glue`, its import) and the .wasm (`wasm`, its fetch) download side by side, not
 *  one after the other; `failed` forgets the load so that the next call tries again. */
function instantiate(glue, wasm, failed) {
  wasm.catch(() => {}); // (its failure is the load's, reported once by the caller)
  return glue
    .then((m) => m.default(wasm).then(() => m))
    .catch((e) => {
      failed();
      throw e;
    });
}
