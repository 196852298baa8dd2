// Text spacing and pause motion: one toggle button each, with aria-pressed (the APG toggle
// button: the name stays, the state changes). The state is an attribute on <html> that
// js/page.css keys on, set before the first paint from storage by boot.js; this module switches
// it, keeps the choice, and follows other tabs. It is JavaScript because there is nothing to
// parse or compute, and each call across the Wasm boundary costs bytes (#14).
//
// Storage holds `on` or `off`: `off` is a choice too (it overrides the system's reduced-motion
// wish). Keys `civic-a11y:text-spacing` and `civic-a11y:motion`; events `civic:<kind>` {on}.

import { build, emit } from './view.js';
import { checkTarget } from './tools.js';

const FLAGS = { 'text-spacing': ['data-civic-spacing', 'on'], motion: ['data-civic-motion', 'paused'] };
/** What a flag does beyond CSS (motion.js registers the videos and marquees). */
const effects = {};
/** [kind, button] of every mounted toggle. */
const buttons = [];
/** Spacing limited to the elements a widget's `data-target` marked `data-civic-spaced`. */
let scoped = false;
let following = false;

// Looked up when used, never at import: the module is also imported on servers (SSR).
const html = () => document.documentElement;
const isOn = (kind) => html().hasAttribute(FLAGS[kind][0]);
/** The saved choice, else the system's wish (reduced motion), else off. */
function wish(kind) {
  let saved = null;
  try {
    saved = localStorage.getItem('civic-a11y:' + kind);
  } catch {
    /* storage blocked: the default */
  }
  return saved ? saved === 'on' : kind === 'motion' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

function set(kind, on) {
  const [attr, value] = FLAGS[kind];
  if (on) html().setAttribute(attr, scoped && kind !== 'motion' ? 'scoped' : value);
  else html().removeAttribute(attr);
  effects[kind]?.(on);
  for (const [k, b] of buttons) if (k === kind) b.setAttribute('aria-pressed', on);
}

/** Starts following other tabs' choices (and `localStorage.clear()`); once, at start. */
export function follow(kind, effect) {
  if (effect) {
    effects[kind] = effect;
    if (isOn(kind)) effect(true);
  }
  if (following) return;
  following = true;
  // Read back rather than taken from the event: a `clear()` of sessionStorage has a null key too.
  addEventListener('storage', (e) => {
    for (const k in FLAGS) if (e.key === null || e.key === 'civic-a11y:' + k) set(k, wish(k));
  });
}

/** Text spacing (`f`: its label); the host's `data-target` limits it to a region, as for text
 *  size. Returns the function that removes its listener. */
export const mountSpacing = (root, host, [label]) => mountToggle(root, host, label, 'text-spacing', checkTarget(host, host.getAttribute('data-target'), 'spacing'));

/** Pause motion (`f`: its label). */
export const mountMotion = (root, host, [label]) => mountToggle(root, host, label, 'motion');

/** Renders the toggle for `kind` into `root`; `scope` (text spacing only) is the selector of
 *  the region to space, or empty for the whole page. Returns the function that removes its
 *  listener. */
function mountToggle(root, host, label, kind, scope) {
  const [button] = build(root, `0button type=button aria-pressed=${isOn(kind)} data-act=${kind} _=$0`, [label]);
  buttons.push([kind, button]);
  if (scope) {
    for (const el of document.querySelectorAll(scope)) el.setAttribute('data-civic-spaced', '');
    scoped = true;
    if (isOn(kind)) set(kind, true);
  }
  // The toolbar's parts share one shadow root: only this button's clicks.
  const click = (e) => {
    if (!e.target.closest?.(`[data-act=${kind}]`)) return;
    const on = !isOn(kind);
    set(kind, on);
    try {
      localStorage.setItem('civic-a11y:' + kind, on ? 'on' : 'off');
    } catch {
      /* storage blocked: this page only */
    }
    emit(host, 'civic:' + kind, { on });
  };
  root.addEventListener('click', click);
  // Called when the widget leaves the page (single-page apps mount and unmount them).
  return () => {
    root.removeEventListener('click', click);
    buttons.splice(buttons.findIndex((b) => b[1] === button), 1);
  };
}
