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
const html = () => document.documentElement;

/** Its two adopted sheets (rules, `--civic-ts`), created on first use; whether the rules are
 *  built; the `data-target` region scaled; [element, property, value, priority] of the inline
 *  sizes rewritten; the keywords' px, measured once. */
const S = { sheets: null, built: false, target: null, inline: [], keywords: '' };

/** What the `font-size` keywords compute to in this browser (they follow the visitor's default
 *  size, not the page's root), measured with a probe that lives for these style reads. */
function measureKeywords() {
  const probe = document.createElement('span');
  probe.setAttribute('aria-hidden', 'true');
  html().append(probe);
  const px = KEYWORDS.map((k) => ((probe.style.fontSize = k), getComputedStyle(probe).fontSize)).join(' ');
  probe.remove();
  return px;
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
  S.keywords ||= measureKeywords();
  S.sheets[0].replaceSync(scaleRules(collectRules(), t, S.keywords, root));
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
