// The glue of the core's Wasm modules (#12). Their boundary is src/abi.rs: the export `c`
// (the module's one entry point, a string in and a string out), the export `a` (a buffer for a
// string going in) and the imports of `m`: `p` and `n` for the main module (`page` and `note`
// of view.js), `q` for the late one (`matches`), strings as UTF-8 in the module's memory.
// wasm-bindgen's generated glue, made for any signature, cost 0.8 KB more of gzip on every page
// view, and as much again in the late module.

const encoder = new TextEncoder();
// (ignoreBOM: a leading U+FEFF is part of the text, as wasm-bindgen's glue kept it.)
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Instantiates a module from `from`: its URL, or the Response of a fetch already under way (the
 * classic loader starts one early). `on`: what its imports answer with (`page`, `note`,
 * `matches`). Resolves to `{ call, memory }`: `call(name, ...args)` calls the module's function
 * `name` (src/lib.rs: the arguments joined by \x1f, free text last; \x1e alone is undefined).
 */
export async function load(from, on) {
  let wasm;
  const read = (p, n) => decoder.decode(new Uint8Array(wasm.memory.buffer, p, n));
  // Views are made after each call into the module: a call may grow its memory, which detaches
  // the old buffer.
  const pair = (p) => new Uint32Array(wasm.memory.buffer, p, 2);
  /** Copies `s` into a buffer of the module's: [address, length]. */
  const write = (s) => {
    const bytes = encoder.encode(s);
    const p = wasm.a(bytes.length);
    new Uint8Array(wasm.memory.buffer, p, bytes.length).set(bytes);
    return [p, bytes.length];
  };
  const m = {
    p(p, n, out) {
      const s = on.page(read(p, n));
      if (s == null) return 0;
      const answer = write(s);
      pair(out).set(answer);
      return 1;
    },
    n: (p, n, info) => on.note(read(p, n), info !== 0),
    q: (p, n) => on.matches(read(p, n)),
  };
  const res = await (typeof from === 'string' || from instanceof URL ? fetch(from) : from);
  // (Worded for index.js's explain(): "fetch" says the file did not load.)
  if (!res.ok) throw new Error(`failed to fetch Wasm: ${res.status} ${res.statusText} fetching '${res.url}'`);
  let made;
  try {
    made = await WebAssembly.instantiateStreaming(res, { m });
  } catch (e) {
    // Old portal servers send .wasm as application/octet-stream: then compile from its bytes
    // (not while it downloads), and say how to serve it. Anything else is a real failure.
    const type = res.headers.get('Content-Type');
    if (type === 'application/wasm') throw e;
    made = await WebAssembly.instantiate(await res.arrayBuffer(), { m });
    console.warn(`civic-a11y: ${res.url} came as "${type}"; serve .wasm files as application/wasm (faster start)`);
  }
  wasm = made.instance.exports;
  return {
    memory: wasm.memory,
    call(...args) {
      const [p, n] = write(args.join('\x1f'));
      const [q, len] = pair(wasm.c(p, n));
      const r = read(q, len);
      return r === '\x1e' ? undefined : r;
    },
  };
}
