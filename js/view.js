// Builds a widget's shadow DOM from a compact description (#12: smaller than the calls it
// replaces, in Rust as in JavaScript).
//
//   view = line ("\n" line)*
//   line = depth tag (" " name "=" value)*      depth: "0".."9", the parent's depth + 1
//   value = "$" n (the n-th text) | a literal without spaces;  name "_" is the text content
//
// Nothing is parsed as HTML: texts become attribute values and textContent only, so labels
// from the page are inert, and no Trusted Types sink is touched.
const SVG = 'http://www.w3.org/2000/svg';

export function build(parent, spec, texts = []) {
  const made = [];
  // Built detached, then inserted at once: one insertion into the live tree instead of one per
  // element (measured: the view builds of the demo page took 8.5 ms of start(); see #12).
  const frag = document.createDocumentFragment();
  const at = [frag];
  for (const line of spec.split('\n')) {
    if (!line) continue;
    const [head, ...attrs] = line.split(' ');
    const depth = +head[0];
    const tag = head.slice(1);
    const el = /^(svg|path|text)$/.test(tag) ? document.createElementNS(SVG, tag) : document.createElement(tag);
    for (const a of attrs) {
      const eq = a.indexOf('=');
      const name = a.slice(0, eq);
      let value = a.slice(eq + 1);
      if (value[0] === '$') value = texts[value.slice(1)];
      if (name === '_') el.textContent = value;
      else el.setAttribute(name, value);
    }
    // Theming (README): buttons and share links are `::part(button)`; other classes, their name.
    const cls = el.getAttribute('class');
    if (tag === 'button' || cls === 'btn') el.setAttribute('part', 'button');
    else if (cls && cls !== 'sr') el.setAttribute('part', cls);
    at[depth].appendChild(el);
    at[depth + 1] = el;
    made.push(el);
  }
  parent.appendChild(frag);
  return made;
}

// Label packs registered once for the page (`init({ labels })`, or a
// `<script type="application/json" data-civic-labels>` block): { fr: { larger: "…" }, … }, by
// primary language subtag. Kept on `window` because js/index.js fills it and this module reads it.
const PACKS = Symbol.for('civic-a11y.labels');

/** The English built-in labels (labels-en.js, written by scripts/build.mjs from
 *  src/core/i18n.rs), once loaded: #12, the main Wasm module carries only the Vietnamese, and
 *  most page views show no English. `{}` when the file did not load: the Vietnamese stands in. */
let english = null;
let englishLoad = null;
/** The primary language subtag of `host`, lower-cased: `vi`, `en`, `fr`, or ''. */
const tagOf = (host) => langOf(host).split(/[-_]/)[0].toLowerCase();

/** Resolves once the English labels are there, if one of `hosts` shows English (any language
 *  but Vietnamese, as src/core/i18n.rs `Lang::from_tag`); undefined when none needs them or
 *  they are already there. Fetched once per page. */
export function englishFor(hosts) {
  if (english || hosts.every((h) => tagOf(h) === 'vi')) return;
  return (englishLoad ||= import('./labels-en.js').then(
    (m) => (english = m.default),
    (e) => {
      english = {};
      warn('labels-en.js did not load (' + e.message + '): English labels show in Vietnamese');
    }
  ));
}

/** The page's label for `key` on `host`, or undefined (then the core's built-in Vietnamese):
 *  the host's `data-label-<key>` if set and not blank, else the label pack for the host's
 *  language, else for a host that shows English the built-in English. At most 200 characters. */
function pageLabel(host, key) {
  let text = host.getAttribute('data-label-' + key);
  if (!text || !text.trim()) {
    const packs = window[PACKS];
    const tag = tagOf(host);
    text = packs && packs[tag] && packs[tag][key];
    if (typeof text !== 'string' || !text.trim()) return tag === 'vi' || !english ? undefined : english[key];
  }
  return [...text].slice(0, 200).join('');
}

/** The language of `host`: the `lang` of the nearest element that has one, else `<html lang>`
 *  (a blank one counts as none). */
function langOf(host) {
  const el = host.closest('[lang]');
  return (el && el.getAttribute('lang').trim()) || document.documentElement.getAttribute('lang') || '';
}

/** `<div data-civic="share" id="x">`: a host as console messages name it. */
export function describe(host) {
  let s = '<' + host.localName;
  for (const name of ['data-civic', 'id', 'data-item']) {
    const v = host.getAttribute(name);
    if (v !== null) s += ` ${name}="${[...v].slice(0, 40).join('')}"`;
  }
  return s + '>';
}

/** The widget host whose config the Rust core is reading (js/widgets.js `config`). */
let host = null;
export const reading = (h) => (host = h);

/** What the Rust core reads about the page and the host it is reading (src/dom/mod.rs): one of
 *  the host's `data-*` attributes; `label:<key>`, its label from the page (pageLabel); `lang`
 *  and `describe` of the host; the page's `title`, `url`, `canonical` (the resolved address of
 *  its `<link rel=canonical>`), or the content of a `<meta>` by property or name (`og:title`).
 *  Undefined for none. (One import for all of them, strings in and out: each import costs glue
 *  on both sides, and an element crossing over costs a table of JS values in the Wasm.) */
export function page(what) {
  const d = document;
  if (what.startsWith('data-')) return host.getAttribute(what);
  if (what.startsWith('label:')) {
    try {
      return pageLabel(host, what.slice(6));
    } catch {
      return; // the packs are the page's data: a throwing getter costs the pack, not the widget
    }
  }
  if (what === 'lang') return langOf(host);
  if (what === 'describe') return describe(host);
  if (what === 'title') return d.title;
  if (what === 'url') return d.URL;
  if (what === 'canonical') return d.querySelector('link[rel=canonical][href]')?.href;
  return d.querySelector(`meta[property="${what}"],meta[name="${what}"]`)?.getAttribute('content');
}

/** The console line of a misconfigured widget (src/dom/mod.rs): a warning, or with `info` a
 *  notice that is no mistake. */
export const note = (text, info) => console[info ? 'info' : 'warn']('civic-a11y: ' + text);

/** A label with its `{name}` slots filled from `values` (unknown slots stay as written). */
export const fill = (template, values) => template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));

/** The elements matching `selector` in `node` (the document, or an element the page inserted,
 *  which counts too when it matches itself), in document order. */
export function under(node, selector) {
  if (!node) return [];
  const list = [...node.querySelectorAll(selector)];
  if (node.matches?.(selector)) list.unshift(node);
  return list;
}

/** The first element of the page `selector` matches; null for none or an invalid selector. */
export function find(selector) {
  try {
    return document.querySelector(selector);
  } catch {
    return null;
  }
}

/** One console line, `civic-a11y: …`. */
export const warn = (text) => console.warn('civic-a11y: ' + text);

/** Dispatches `name` with `detail` from `from`, bubbling and composed (out of shadow roots);
 *  false if a listener cancelled a `cancelable` one. */
export const emit = (from, name, detail, cancelable = false) =>
  from.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, cancelable, detail }));

/** Writes into a polite live region; clearing first makes a repeated text announced again. */
export function announce(region, text) {
  region.textContent = '';
  region.textContent = text;
}
