// Storage and network for the widgets (rating.js, stats.js) and the preferences (prefs.js).
//
// Storage never throws. When `localStorage` refuses a value (a full quota, Safari private mode,
// blocked cookies) the value goes to `sessionStorage`, which lasts as long as the tab, and when
// that refuses too, to memory for this page: the visitor's choice still works, and the caller
// learns how long it will be kept. Reads look in the newer places first (they hold what the
// older ones refused).
//
// Network answers come to a callback, with status 0 for a network failure or a timeout.

const memory = new Map();
/** The result of `f(storage)`, or null where the storage is missing or throws. */
function tryStore(name, f) {
  try {
    return f(window[name]);
  } catch {
    return null;
  }
}
/** The value of `key`, or null. */
export function get(key) {
  if (memory.has(key)) return memory.get(key);
  for (const name of ['sessionStorage', 'localStorage']) {
    const v = tryStore(name, (s) => s.getItem(key));
    if (v !== null) return v;
  }
  return null;
}
/** Stores a value in the longest-lived place that takes it, and clears it from the others.
 *  Returns where it was kept: 'site', 'tab' or 'page'. */
export function set(key, value) {
  const kept = tryStore('localStorage', (s) => (s.setItem(key, value), 'site')) || tryStore('sessionStorage', (s) => (s.setItem(key, value), 'tab'));
  if (!kept) {
    memory.set(key, value);
    return 'page';
  }
  memory.delete(key);
  if (kept === 'site') tryStore('sessionStorage', (s) => s.removeItem(key));
  return kept;
}
/** Removes `key` from every place. */
export function remove(key) {
  memory.delete(key);
  for (const name of ['sessionStorage', 'localStorage']) tryStore(name, (s) => s.removeItem(key));
}

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

/**
 * Counts this page view (visit statistics): once per page load, and only once the page is
 * really shown: not while prerendering, not in a background tab never looked at. A back/forward
 * cache restore runs no script, so it is not counted either. Sends the path only (no query: it
 * can carry personal data), without credentials. `done(status, text)` gets the server's answer
 * (200: the figures, this view included), or status 0 at once when the view must wait to be
 * shown or was already counted, so the widget reads the figures itself.
 *
 * fetch with `keepalive` rather than `sendBeacon`: a beacon's answer cannot be read, so the
 * figures would need a second request, which can reach the server before the beacon and show
 * the reader figures without their own visit. `keepalive` lets the count finish even if the
 * reader leaves at once; `sendBeacon` is the fallback where fetch fails to start.
 */
export function hit(url, done) {
  if (hit.sent) return done(0, '');
  hit.sent = true;
  const body = JSON.stringify({ path: location.pathname });
  const send = (answer) => {
    try {
      fetch(url, { method: 'POST', body, keepalive: true, credentials: 'omit', headers: { 'Content-Type': 'text/plain;charset=UTF-8' } })
        .then((r) => r.text().then((t) => answer(r.status, t)))
        .catch(() => answer(0, ''));
    } catch (e) {
      try {
        navigator.sendBeacon(url, body);
      } catch (e2) {
        /* nothing left to try */
      }
      answer(0, '');
    }
  };
  const shown = () => {
    if (document.prerendering) {
      document.addEventListener('prerenderingchange', shown, { once: true });
    } else if (document.visibilityState !== 'visible') {
      document.addEventListener('visibilitychange', shown, { once: true });
    } else {
      send(done);
      return;
    }
    // Waiting to be shown: the figures are read now, the view counted later.
    const d = done;
    done = () => {};
    d(0, '');
  };
  shown();
}

/** Calls `tick` every `ms` while the page is visible; returns the function that stops it. */
export function every(ms, tick) {
  const id = setInterval(() => document.hidden || tick(), ms);
  return () => clearInterval(id);
}
