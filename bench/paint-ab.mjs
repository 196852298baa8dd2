// Paired first-paint A/B of builds of civic-a11y on the demo article (#12). Noise between cold
// loads on a 2-core machine is larger than the effects worth finding, so each round loads every
// variant once, in random order, each in a fresh context, and the report is the median over
// rounds of each load's figure minus the no-library load of the same round.
//
//   node bench/paint-ab.mjs DIR[@top|@async|@defer|@render|@arender] ...     e.g. node bench/paint-ab.mjs pkg /tmp/try
//
// DIR: a copy of pkg/ (delete its .gz and .br siblings: the server prefers them when newer);
// a DIR without index.js (e.g. an empty civic-a11y.js: what any head script costs) is not waited on.
// @top: the script tag first in <head>, before the stylesheets; @async: with `async`; @defer:
// with `defer`; @render: with `defer blocking="render"`; @arender: with `async blocking="render"`. NOWAIT=1: do not wait for the widgets
// (for variants of the loader that never load them). ROUNDS=31 by default. CPU=4: a CPU four times slower (a cheap phone);
// NET=150,1600: each request 150 ms late, 1,600 kbit/s (a slow 4G). Prints FCP, DOMContentLoaded, first usable control, start()'s
// main-thread time and the layout shift score × 1000 (medians), and ΔFCP (with its quartiles), ΔDCL against the page
// without the library.
import { writeFileSync, readFileSync, mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { root, startServer, launch } from '../tests/e2e/helpers.mjs';

const variants = process.argv.slice(2);
if (!variants.length) {
  console.error('usage: node bench/paint-ab.mjs DIR[@top|@async|@defer|@render|@arender] ...');
  process.exit(2);
}
const ROUNDS = +(process.env.ROUNDS || 31);
const CPU = +(process.env.CPU || 1);
const NET = process.env.NET && process.env.NET.split(',').map(Number);
const pages = mkdtempSync(join(tmpdir(), 'civic-paint-'));
const article = readFileSync(join(root, 'www/index.html'), 'utf8');
const tag = '<script src="/pkg/civic-a11y.js"></script>';
if (!article.includes(tag)) throw new Error('www/index.html no longer has ' + tag);
const statics = [];
const page = (v, i) => {
  if (v === 'none') return article.replace(tag, '');
  const [dir, where] = v.split('@');
  statics.push('--static', `/v${i}/=${resolve(dir)}`);
  const t = tag.replace('/pkg/', `/v${i}/`);
  if (where === 'top') return article.replace(tag, '').replace('<meta charset="utf-8">', '<meta charset="utf-8">\n' + t);
  if (where === 'async') return article.replace(tag, t.replace('<script ', '<script async '));
  if (where === 'defer') return article.replace(tag, t.replace('<script ', '<script defer '));
  if (where === 'arender') return article.replace(tag, t.replace('<script ', '<script async blocking="render" '));
  if (where === 'render') return article.replace(tag, t.replace('<script ', '<script defer blocking="render" '));
  return article.replace(tag, t);
};
const all = ['none', ...variants];
all.forEach((v, i) => writeFileSync(join(pages, `p${i}.html`), page(v, i)));
const server = await startServer(['--static', '/ab/=' + pages, ...statics]);
const browser = await launch();
const rows = all.map(() => []);
for (let r = 0; r < ROUNDS; r++) {
  for (const i of all.map((_, i) => i).sort(() => Math.random() - 0.5)) {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    const cdp = await ctx.newCDPSession(p);
    if (CPU > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU });
    if (NET) await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: NET[0], downloadThroughput: NET[1] * 125, uploadThroughput: NET[1] * 125 });
    // Layout shifts after the first paint (the widgets' hosts must hold their space, #12).
    await p.addInitScript(() => {
      window.civicShift = 0;
      new PerformanceObserver((l) => l.getEntries().forEach((e) => (window.civicShift += e.value))).observe({ type: 'layout-shift', buffered: true });
    });
    await p.goto(`${server.url}/ab/p${i}.html`, { waitUntil: 'load' });
    if (i > 0 && !process.env.NOWAIT && existsSync(join(all[i].split('@')[0], 'index.js'))) await p.waitForFunction(() => performance.getEntriesByName('civic-a11y:interactive').length > 0, null, { timeout: 15000 });
    else await p.waitForTimeout(300);
    await p.waitForTimeout(200); // (late shifts: a widget's answer from its server)
    await p.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
    rows[i][r] = await p.evaluate(() => {
      const get = (n) => performance.getEntriesByName(n)[0];
      return {
        fcp: get('first-contentful-paint').startTime,
        dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventStart,
        first: get('civic-a11y:first-control')?.startTime ?? 0,
        busy: get('civic-a11y:start')?.duration ?? 0,
        cls: window.civicShift * 1000,
      };
    });
    await ctx.close();
  }
}
await browser.close();
server.stop();
// q: the quantile (0.5: the median). The first paint lands on a frame (16.7 ms apart), and two
// copies of one build differ by up to a frame in a run of 45 rounds: hence the quartiles of ΔFCP.
const at = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q + 0.5)];
const median = (xs) => at(xs, 0.5);
all.forEach((v, i) => {
  const of = (k) => median(rows[i].map((x) => x[k])).toFixed(0);
  const deltas = (k) => rows[i].map((x, r) => x[k] - rows[0][r][k]);
  const delta = (k) => median(deltas(k)).toFixed(0) + (k === 'fcp' ? ` [${at(deltas(k), 0.25).toFixed(0)}..${at(deltas(k), 0.75).toFixed(0)}]` : '');
  const base = ['fcp', 'dcl', 'first', 'busy', 'cls'].map((k) => `${k} ${of(k)}`).join('  ');
  console.log(v.padEnd(16), base, i ? `| ΔFCP ${delta('fcp')}  ΔDCL ${delta('dcl')}` : '');
});
