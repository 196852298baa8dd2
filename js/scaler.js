// The text scaler's page work, in the late module with the Rust rewriting it drives (#12:
// js/core.js fetches both at a visitor's first change of size, or at start for a saved size;
// js/prefs.js keeps the visitor's choice and calls this).
//
// On first use it reads the page's stylesheet rules once (js/sheets.js) and the Rust core writes
// one override sheet (`override_sheet` in src/core/steps.rs) with every absolute `font-size`,
// `line-height`, `letter-spacing` and `word-spacing` multiplied by `var(--civic-ts)`. A step
// change then rewrites one custom property: its cost does not grow with the page, and text added
// later matches the same rules. Inline `style` attributes get the same rewrite, with what the
// author wrote kept so that **A** restores it exactly.

import { scaleRules, scaleValue } from './late-core.js';
import { warn, under, find } from './view.js';
import { collectRules, PROPS } from './sheets.js';

/** The absolute-size keywords, in the order of core::steps::FONT_SIZE_KEYWORDS. */
const KEYWORDS = ['xx-small', 'x-small', 'small', 'medium', 'large', 'x-large', 'xx-large', 'xxx-large'];
/** Elements whose text the browser's own stylesheet sizes (see measure()). */
const NATIVE = ['input', 'textarea', 'select', 'button', 'table'];
const html = () => document.documentElement;

/** Its two adopted sheets (rules, `--civic-ts`), created on first use; whether the rules are
 *  built; the `data-target` region scaled; [element, property, value, priority] of the inline
 *  sizes rewritten; the keywords' px and the browser-sized text as rules, measured once. */
const S = { sheets: null, built: false, target: null, inline: [], keywords: '', native: '' };

/** Measures, once, with probes that live for these style reads: what the `font-size` keywords
 *  compute to in this browser (they follow the visitor's default size, not the page's root), and
 *  the browser's own size of the elements whose text its stylesheet sizes instead of letting it
 *  inherit (form controls; tables in quirks mode, a page without a doctype), where this page
 *  leaves that size alone: a probe in the page sized like one in a shadow root (out of the
 *  page's rules) and unlike the body. No page rule to rewrite reaches that text, so it goes to
 *  the core as a page rule of no specificity (js/sheets.js lines): it scales like the rest, as a
 *  browser's "zoom text only" scales it, and any page rule for those elements still wins. */
function measure() {
  const probe = () => {
    const el = document.createElement('span');
    el.setAttribute('aria-hidden', 'true');
    return el;
  };
  const size = (el) => getComputedStyle(el).fontSize;
  const keyword = probe();
  html().append(keyword);
  S.keywords = KEYWORDS.map((k) => ((keyword.style.fontSize = k), size(keyword))).join(' ');
  keyword.remove();
  const body = document.body || html();
  const host = probe();
  const shadow = host.attachShadow({ mode: 'open' });
  body.append(host);
  const pairs = NATIVE.map((tag) => [shadow, body].map((parent) => parent.appendChild(document.createElement(tag))));
  const own = size(body);
  pairs.forEach(([inside, outside], i) => {
    const v = size(inside);
    if (v === size(outside) && v !== own) S.native += `:where(${NATIVE[i]})\x01font-size\x02${v}\x02\n`;
  });
  // (Removed once all are read: a removal between two reads would restyle again.)
  for (const [, outside] of pairs) outside.remove();
  host.remove();
}

/** (Re-)reads the page's stylesheets into the override sheet and rewrites inline sizes. */
function rebuild() {
  const t = S.target;
  const root = t ? find(t) : html();
  if (!root) {
    warn('text-size: data-target matches nothing; scaling the whole page');
    S.target = null;
    return rebuild();
  }
  if (!S.keywords) measure();
  S.sheets[0].replaceSync(scaleRules(S.native + collectRules(), t, S.keywords, root));
  S.built = true;
  scaleInline(document);
}

/** rebuild(), for callers that must go on whatever happens (an observer, a widget). */
function tryRebuild() {
  try {
    rebuild();
  } catch (e) {
    warn('text-size: ' + e.message);
  }
}

/** Rewrites the absolute sizes in `style` attributes under `node`. */
function scaleInline(node) {
  const t = S.target;
  for (const el of under(node, '[style]')) {
    const style = el.style;
    if (!style || (t && !el.closest(t))) continue;
    const isRoot = t ? el.matches(t) : el === html();
    for (const p of PROPS) {
      const value = style.getPropertyValue(p);
      const priority = style.getPropertyPriority(p);
      const next = value && scaleValue(value, isRoot, !!t, p === 'font-size', S.keywords);
      if (next) {
        style.setProperty(p, next, priority);
        S.inline.push([el, p, value, priority]);
      }
    }
  }
}

function restoreInline() {
  for (const [el, p, value, priority] of S.inline) el.style.setProperty(p, value, priority);
  S.inline = [];
}

/** Applies a factor; `1` removes every override and restores inline styles exactly. Throws
 *  where the browser cannot (no constructable stylesheets). */
export function apply(f) {
  if (!S.sheets) {
    S.sheets = [new CSSStyleSheet(), new CSSStyleSheet()];
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, ...S.sheets];
  }
  if (Math.abs(f - 1) < 1e-9) {
    S.sheets[0].replaceSync('');
    S.sheets[1].replaceSync('');
    restoreInline();
    S.built = false;
    return;
  }
  if (!S.built) rebuild();
  S.sheets[1].replaceSync(':root{--civic-ts:' + +f.toFixed(4) + '}');
}

/** Limits scaling to `target` (a selector; null: the whole page): a size already applied is
 *  rebuilt for the region at once. */
export function retarget(target) {
  S.target = target;
  if (S.built) {
    restoreInline();
    tryRebuild();
  }
}

/** The page inserted `node` (or, with `newSheet`, a `<style>` or a loaded stylesheet). */
export function pageChanged(node, newSheet) {
  if (!S.built) return;
  if (newSheet) tryRebuild();
  else scaleInline(node);
}
