// The functions of the modules fetched on use (#12, src/lib.rs `late`), through each module's
// one export (js/wasm.js `call`): the text scaler's CSS rewriting and the read-aloud sentence
// splitter (late.js, with the page work that drives them; js/core.js `late()`), and the reading
// of a vote's answer (vote.js; js/core.js `vote()`). Each file has its own copy of this module,
// instantiated over its own .wasm (scripts/build.mjs).

import { load } from './wasm.js';

let late;
/** The root of the scaled area, while `scaleRules` runs: the core asks it `matches`. */
let root = null;

/** Instantiates the module from `from` (its URL or its fetch). */
export default (from) =>
  load(from, {
    matches(selectors) {
      try {
        return root.matches(selectors);
      } catch {
        return false; // a selector this browser cannot parse matches nothing
      }
    },
  }).then((m) => {
    late = m;
  });

/** The override sheet for the page's stylesheet `rules` (src/core/steps.rs `override_sheet`);
 *  `target`: the `data-target` selector or null; `el`: the root of the scaled area. */
export function scaleRules(rules, target, keywords, el) {
  root = el;
  try {
    // Only the last argument may hold the separators: in the selector they become CSS escapes,
    // which mean the same characters (the rules come from the CSSOM, which escapes them).
    target = target?.replace(/[\x1e\x1f]/g, (c) => '\\' + c.charCodeAt(0).toString(16) + ' ');
    return late.call('scaleRules', target ?? '\x1e', keywords, rules);
  } finally {
    root = null;
  }
}

/** One inline declaration's value, scaled; undefined when nothing in it needs scaling. */
export const scaleValue = (value, isRoot, region, fontSize, keywords) => late.call('scaleValue', isRoot, region, fontSize, keywords, value);

/** A server's answer to a vote, read whole (src/core/rating.rs `outcome`): js/rating.js reads
 *  the main module's `ratingOutcome` first, which leaves out what needs the words read. */
export const ratingOutcome = (nukeviet, status, max, text) => late.call('ratingOutcome', nukeviet, status, max, text);

/** Whether a queued vote may be resent to `endpoint` from this page (src/core/rating.rs
 *  `may_resend`); `declared`: the endpoints of the page's rating widgets, one per line. */
export const ratingMayResend = (origin, declared, endpoint) => late.call('ratingMayResend', origin, declared, endpoint) === '1';

/** `text` cut into utterances: [start, end, start, end, …] (src/core/speech.rs). */
export const speechSplit = (text) => late.call('speechSplit', text).split(' ').map(Number);
