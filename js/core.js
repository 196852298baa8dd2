// The Rust core's exports, for the widgets written in JavaScript (rating.js, stats.js, and the
// read-aloud engine's sentence splitter): the entry links them once the Wasm module is
// instantiated, before any widget is built.
// (A module of its own so that a preset takes only the widgets it has.)

/** The Wasm module's exports (wasm-bindgen's wrappers: strings in, strings out). */
export let core;

/** Called once by src/widgets/mod.rs `link`, which the entry calls with the exports. */
export function link(exports) {
  core = exports;
}
