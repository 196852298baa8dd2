// "Thống kê truy cập": the seed sidebar's visit statistics as a table screen readers read row by
// row (CONTRACT §3b). src/widgets/stats.rs parses the attributes and passes them here with the
// labels; the server's answers are read by the Rust core (`statsAnswer`). Counts this page view
// once (io.js `hit`, only once the page is really shown; its answer carries the figures), shows
// the server-rendered figures at once, then the server's, and refreshes them every minute while
// the page is visible. No cookie, storage or identifier.

import { build } from './view.js';
import { send, hit, every } from './io.js';
import { core } from './core.js';

/** "Online now" is visitors of the last five minutes: a minute between reads is enough. */
const REFRESH_MS = 60000;

/** Renders the table into `root` and returns the function that stops its refresh.
 *  `f`: endpoint, digit-group separator, [year, month] or undefined, title, then per row its
 *  index in the server's answer, its label template and its figure (undefined: not known). */
export function mountStats(root, host, f) {
  const [endpoint, sep, day, title, ...rows] = f;
  let spec = '0table class=stats aria-label=$0';
  for (let i = 0; i < rows.length; i += 3) spec += '\n1tr\n2th scope=row\n2td';
  const nodes = build(root, spec, [title]);
  const figures = [];
  const shown = [];
  for (let i = 0; i < rows.length; i += 3) {
    figures[rows[i]] = rows[i + 2] && +rows[i + 2];
    shown.push([+rows[i], rows[i + 1], nodes[2 + i], nodes[3 + i]]);
  }
  const state = { day: day?.split('-').map(Number), live: true };
  const render = () => {
    const [y, m] = state.day || [];
    for (const [row, template, th, td] of shown) {
      // "Tháng 04", "Năm 2021" as the seed writes them; without the portal's day, "Tháng này".
      th.textContent = template.replace(/\{([my])\}/g, (_, k) => (y ? (k === 'y' ? y : String(m).padStart(2, '0')) : k === 'y' ? 'nay' : 'này'));
      // 20473 → 20.473 (Vietnamese), 20,473 (English); "…" while unknown.
      td.textContent = figures[row] === undefined ? '…' : String(figures[row]).replace(/\B(?=(\d{3})+$)/g, sep);
    }
  };
  /** Shows the figures of a 200 answer; anything else (the server down, an HTML error page)
   *  keeps the last. Returns whether it showed them. */
  const take = (status, text) => {
    const got = status === 200 && state.live && core.statsAnswer(text);
    if (!got) return false;
    const [counts, d] = got.split('|');
    counts.split(' ').forEach((n, i) => n && (figures[i] = +n));
    if (d) state.day = d.split('-').map(Number);
    render();
    return true;
  };
  const read = () => send('GET', endpoint, '', undefined, take);
  render();
  // The count's answer carries the figures; without them (the view waits to be shown, was
  // counted by another table on this page, or the server did not say), they are read. In a
  // task of its own, not in the one building the widgets: starting a keepalive fetch takes
  // 2–8 ms of main thread (#12).
  const count = setTimeout(() => hit(endpoint + '/hit', (status, text) => take(status, text) || (state.live && read())));
  const stop = every(REFRESH_MS, read);
  return () => {
    state.live = false;
    clearTimeout(count);
    stop();
  };
}
