// The main Wasm module's glue (#12). Its boundary is src/abi.rs: the export `c` (the core's one
// entry point, a string in and a string out), the export `a` (a buffer for a string going in)
// and the imports `m.p` (`page` of view.js) and `m.n` (`note`), strings as UTF-8 in the
// module's memory. wasm-bindgen's generated glue, made for any signature, cost 0.8 KB more of
// gzip on every page view; the late module still has it.
import { note, page } from './view.js';

let wasm;
const encoder = new TextEncoder();
// (ignoreBOM: a leading U+FEFF is part of the text, as wasm-bindgen's glue kept it.)
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const read = (p, n) => decoder.decode(new Uint8Array(wasm.memory.buffer, p, n));
// Views are made after each call into the module: a call may grow its memory, which detaches
// the old buffer.
const pair = (p) => new Uint32Array(wasm.memory.buffer, p, 2);

/** Copies `s` into a buffer of the module's: [address, length]. */
function write(s) {
  const bytes = encoder.encode(s);
  const p = wasm.a(bytes.length);
  new Uint8Array(wasm.memory.buffer, p, bytes.length).set(bytes);
  return [p, bytes.length];
}

/** The core's one entry point (src/lib.rs `exports::call`). */
export function call(input) {
  const [p, n] = write(input);
  const [q, m] = pair(wasm.c(p, n));
  return read(q, m);
}

const imports = {
  m: {
    p(p, n, out) {
      const s = page(read(p, n));
      if (s == null) return 0;
      const answer = write(s);
      pair(out).set(answer);
      return 1;
    },
    n: (p, n, info) => note(read(p, n), info !== 0),
  },
};

/** Instantiates the module from `module_or_path`: its URL, or the Response of a fetch already
 *  under way (the classic loader starts one early). Resolves to its exports. */
export default async function init({ module_or_path: from }) {
  const res = await (typeof from === 'string' || from instanceof URL ? fetch(from) : from);
  // (Worded for index.js's explain(): "fetch" says the file did not load.)
  if (!res.ok) throw new Error(`failed to fetch Wasm: ${res.status} ${res.statusText} fetching '${res.url}'`);
  let made;
  try {
    made = await WebAssembly.instantiateStreaming(res, imports);
  } catch (e) {
    // Old portal servers send .wasm as application/octet-stream: then compile from its bytes
    // (not while it downloads), and say how to serve it. Anything else is a real failure.
    const type = res.headers.get('Content-Type');
    if (type === 'application/wasm') throw e;
    made = await WebAssembly.instantiate(await res.arrayBuffer(), imports);
    console.warn(`civic-a11y: ${res.url} came as "${type}"; serve .wasm files as application/wasm (faster start)`);
  }
  wasm = made.instance.exports;
  return wasm;
}
