// ESM entry: `import { init } from "civic-a11y"`. Also what the classic loader imports.
// wasm-bindgen's glue (target/wbg); scripts/build.mjs bundles it into pkg/index.js.
import wasmInit, * as wasm from './civic_a11y_wasm.js';

const BOOT = Symbol.for('civic-a11y.boot');
const unhide = () => document.documentElement.removeAttribute('data-civic-pending');
// The classic loader has already applied saved preferences before first paint; only a bundled
// (npm) page needs ./boot.js, loaded on demand so script-tag pages never download it twice.
const boot = (base) => (window[BOOT] ? Promise.resolve() : import('./boot.js').then((m) => m.civicBoot(base)));

const VERSION = '/*VERSION*/';
let loading = null;
let started = false;
let memory = null;

function domReady() {
  if (document.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
}

/**
 * Loads the Wasm module once, upgrades every widget under `document` and watches for new ones.
 * Idempotent: later calls only upgrade widgets added since.
 */
export function init(options = {}) {
  if (loading) return loading.then(() => void wasm.start());
  const base = new URL('.', import.meta.url).href;
  // A URL, or a fetch already under way (the classic loader starts one early).
  const wasmUrl = options.wasmUrl || new URL('./civic_a11y_wasm_bg.wasm', import.meta.url);
  loading = boot(base)
    .then(() => wasmInit({ module_or_path: wasmUrl }))
    .then((exports) => {
      memory = exports.memory;
      return domReady();
    })
    .then(() => {
      const t0 = performance.now();
      wasm.start();
      started = true;
      if (performance.measure) performance.measure('civic-a11y:start', { start: t0 });
      if (performance.mark) performance.mark('civic-a11y:interactive');
      document.dispatchEvent(new CustomEvent('civic-a11y:ready', { detail: { version: VERSION } }));
    })
    .catch((err) => {
      unhide();
      console.warn(
        'civic-a11y: the widgets could not start (' + ((err && err.message) || err) + '). ' +
          'If the page has a Content-Security-Policy, allow script-src \'wasm-unsafe-eval\'. The page works as before.'
      );
      throw err;
    });
  return loading;
}

const state = () => window[BOOT] || { textSize: 1, contrast: 'normal' };

/** Sets the site-wide text-size factor (0.5–4; 1 = as designed). Resolves to the factor in force. */
export function setTextSize(factor) {
  return init().then(() => wasm.setTextSize(Number(factor)));
}
/** The current text-size factor. */
export function getTextSize() {
  return started ? wasm.getTextSize() : state().textSize;
}
/** Sets the contrast level: "soft", "normal", "high" or "dark". Resolves to the level in force. */
export function setContrast(level) {
  return init().then(() => wasm.setContrast(String(level)));
}
/** The current contrast level. */
export function getContrast() {
  return started ? wasm.getContrast() : state().contrast;
}
/** Number of mounted widget hosts (diagnostics). */
export function mountedCount() {
  return started ? wasm.mountedCount() : 0;
}
/** Bytes of Wasm linear memory in use (diagnostics, `npm run bench`). */
export function wasmMemoryBytes() {
  return memory ? memory.buffer.byteLength : 0;
}
export const version = VERSION;
