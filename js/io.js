// The browser's promise-returning APIs, answered through a callback: the Wasm side then needs
// no futures executor (wasm-bindgen-futures and the async state machines cost ~6 KB, #12).

/** How long a rating request may take before the vote is kept for later. */
const TIMEOUT_MS = 10000;

/**
 * fetch() for the rating protocol. `headers` is "name\nvalue\n..."; `done(status, text)` is
 * called exactly once, with status 0 for a network failure or a timeout.
 */
export function send(method, url, headers, body, done) {
  const h = { Accept: 'application/json, text/plain' };
  const list = headers ? headers.split('\n') : [];
  for (let i = 0; i + 1 < list.length; i += 2) h[list[i]] = list[i + 1];
  let signal;
  try {
    signal = AbortSignal.timeout(TIMEOUT_MS);
  } catch (e) {
    /* old browsers: no timeout */
  }
  Promise.resolve()
    .then(() => fetch(url, { method, headers: h, body, credentials: 'same-origin', signal }))
    .then((r) => r.text().then((t) => [r.status, t]))
    .catch(() => [0, ''])
    .then(([status, text]) => done(status, text));
}

/** Waits for a promise; `done(ok)` if given. A rejection is an answer, never an error. */
export function settle(promise, done) {
  Promise.resolve(promise).then(
    () => done && done(true),
    () => done && done(false)
  );
}
