// npm run bench: bytes, start-up, interaction, memory and rating-server throughput, ours beside
// the peers, all in one headless Chromium run. Writes bench/results.json.
//   --quick  bytes only; exits 1 when the bytes budget is exceeded (deterministic, for CI).
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import http from 'node:http';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { root, startServer, launch } from '../tests/e2e/helpers.mjs';

const quick = process.argv.includes('--quick');
/** What the script tag downloads for every widget must stay under this (gzip -9 bytes):
 *  today's figure + ~3 % for the build that ships (pinned nightly, std with immediate-abort) and
 *  for the stable fallback (scripts/build.mjs records which one built pkg/). The goal (34 KB
 *  gzip, then 20 KB brotli) is printed beside it. Raised by the new widgets (visit statistics
 *  #15, the reading aids #14), lowered by #14's trimming (page rules, labels and the read-aloud
 *  engine only where used; terser): 72,800 / 81,000 before it. Lowered by #12's move of the
 *  rating, share and stats views into JavaScript (61.2 / 68.5 KB): 71,000 / 79,300 before it;
 *  then by the registry and the remaining views (55.2 / 62.6 KB): 63,000 / 70,600 before it;
 *  then by the preferences, the text scaler's page work, the document import and the label table
 *  (49.0 / 56.3 KB): 56,900 / 64,500 before it; then by the late module (the text scaler's
 *  rewriting with its page work, and the sentence splitter, fetched on first use and weighed
 *  on its own line): 43.4 / 50.2 KB, 50,500 / 58,000 before it; then by a crate without web-sys
 *  or js-sys, one export and strings across the boundary (38.0 / 44.4 KB): 44,700 / 51,800
 *  before it; then by both modules' own boundary instead of wasm-bindgen's and wasm-opt's
 *  --low-memory-unused (36.8 / 42.9 KB): 39,200 / 45,800 before it; then by the vote module
 *  (the reading of a vote's answer, fetched when one needs it; 35.8 / 41.9 KB): 37,900 / 44,200
 *  before it; then by the JSON-LD written with JSON.stringify (35.3 / 41.4 KB): 36,900 / 43,200
 *  before it; then by LLVM's size knobs (nightly only), the English labels fetched only by
 *  pages that show English and two smaller share helpers (33.9 / 41.0 KB): 36,400 / 42,700
 *  before it. (Measured with gzip -9 as the issue asks; the .gz files pkg/ ships are Zopfli's,
 *  smaller: printed beside.) */
const BUDGETS = { nightly: 34_900, stable: 42_200 };
/** The late module's own guard, the same way: 9.1 / 16.5 KB + ~3 % (9.2 KB today, with the
 *  text the browser sizes itself; 9,900 before LLVM's size knobs, 11,700 / 18,800 before its
 *  own boundary, 13,000 / 20,200 before its text scaler's page work moved in). */
const LATE_BUDGETS = { nightly: 9_300, stable: 17_000 };
const toolchain = (() => {
  try {
    return JSON.parse(readFileSync(join(root, 'target/civic-build.json'), 'utf8')).toolchain;
  } catch {
    return 'stable';
  }
})();
const BUDGET_GZIP = BUDGETS[toolchain] ?? BUDGETS.stable;
const LATE_BUDGET_GZIP = LATE_BUDGETS[toolchain] ?? LATE_BUDGETS.stable;
/** The vote module's guard, the same way: 5.7 / 12.7 KB today + ~3 % (6,300 before LLVM's
 *  size knobs; its own since #12 moved the reading of a vote's answer out of the page view). */
const VOTE_BUDGETS = { nightly: 5_800, stable: 13_100 };
const VOTE_BUDGET_GZIP = VOTE_BUDGETS[toolchain] ?? VOTE_BUDGETS.stable;
const TARGET_GZIP = 34_000; // issue #12: the JS stack a webmaster would otherwise install, rounded up
const TARGET_BROTLI = 20_000;

// Each file is compressed on its own, as a web server sends it, and the sizes are summed.
const sizes = (files) => {
  const out = { raw: 0, gzip: 0, brotli: 0 };
  for (const f of files) {
    const buf = readFileSync(f);
    out.raw += buf.length;
    out.gzip += gzipSync(buf, { level: 9 }).length;
    out.brotli += brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return out;
};
const pkg = (f) => join(root, 'pkg', f);
const peer = (f) => join(root, 'bench/node_modules', f);
const OURS = ['civic-a11y.js', 'index.js', 'civic_a11y_wasm_bg.wasm'].map(pkg);
const PEERS = {
  'accessibility (ranbuch)': ['accessibility/dist/main.bundle.js'],
  'sienna-accessibility': ['sienna-accessibility/dist/sienna.min.js'],
  shareon: ['shareon/dist/shareon.iife.js', 'shareon/dist/shareon.min.css'],
  'star-rating.js': ['star-rating.js/dist/star-rating.min.js', 'star-rating.js/dist/star-rating.min.css'],
  'rater-js': ['rater-js/index.js'],
};

const kb = (n) => (n / 1000).toFixed(1) + ' KB';
const results = { date: new Date().toISOString(), machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`, bytes: {} };

results.bytes.ours = sizes(OURS);
// What a server with precompressed files (nginx gzip_static / brotli_static, README) sends: the
// .gz (Zopfli) and .br files that the build writes beside each file. Printed beside the measure
// above, which stays `gzip -9` so that figures compare across sessions and with the peers.
const shipped = (files) => ({
  raw: files.reduce((n, f) => n + readFileSync(f).length, 0),
  gzip: files.reduce((n, f) => n + (existsSync(f + '.gz') ? readFileSync(f + '.gz').length : NaN), 0),
  brotli: files.reduce((n, f) => n + (existsSync(f + '.br') ? readFileSync(f + '.br').length : NaN), 0),
});
results.shipped = shipped(OURS);
// The presets (#12): folders of the same three files, with fewer widgets.
const PRESETS = {
  article: "the seed's tool row: text size, contrast, share, rating, toolbar",
  tools: 'text size, contrast, spacing, motion',
  share: 'share links',
  rating: 'star rating',
  stats: 'visit statistics',
};
results.presets = {};
for (const name of Object.keys(PRESETS)) results.presets[name] = sizes(OURS.map((f) => f.replace('/pkg/', `/pkg/${name}/`)));
const haveBenchDeps = existsSync(peer('accessibility'));
if (haveBenchDeps) for (const [name, files] of Object.entries(PEERS)) results.bytes[name] = sizes(files.map(peer));

console.log('\nBytes a page downloads (raw / gzip -9 / brotli -q 11)');
const o = results.bytes.ours;
for (const [name, s] of Object.entries(results.bytes)) {
  const ratio = name === 'ours' ? '' : `  ours/peer gzip ${(o.gzip / s.gzip).toFixed(2)}`;
  console.log(`  ${name.padEnd(26)} ${kb(s.raw).padStart(9)} ${kb(s.gzip).padStart(9)} ${kb(s.brotli).padStart(9)}${ratio}`);
}
for (const [name, s] of Object.entries(results.presets)) {
  console.log(`  ${('ours, preset ' + name).padEnd(26)} ${kb(s.raw).padStart(9)} ${kb(s.gzip).padStart(9)} ${kb(s.brotli).padStart(9)}  (${PRESETS[name]}; pkg/${name}/)`);
}
{
  const s = results.shipped;
  console.log(`  ${'ours, as pkg/ ships it'.padEnd(26)} ${kb(s.raw).padStart(9)} ${kb(s.gzip).padStart(9)} ${kb(s.brotli).padStart(9)}  (its .gz (Zopfli) and .br files, as gzip_static / brotli_static serve them)`);
}
// Not in the page view (#12): the late module, fetched at a visitor's first text-size change
// (at start for a saved size) or first read-aloud press. Printed beside, never hidden.
// (A custom build without text size and read-aloud has none.)
results.lateModule = existsSync(pkg('late.js')) ? sizes(['late.js', 'civic_a11y_late_bg.wasm'].map(pkg)) : { raw: 0, gzip: 0, brotli: 0 };
if (results.lateModule.raw) {
  const l = results.lateModule;
  console.log(`  ${'+ late module, on use'.padEnd(26)} ${kb(l.raw).padStart(9)} ${kb(l.gzip).padStart(9)} ${kb(l.brotli).padStart(9)}  (late.js + civic_a11y_late_bg.wasm: text scaler, sentence splitter)`);
}
// The vote module: fetched at a vote whose answer needs reading (a NukeViet reply, a refusal),
// or at a page load with votes waiting; a civic vote the server accepts does without it.
results.voteModule = existsSync(pkg('vote.js')) ? sizes(['vote.js', 'civic_a11y_vote_bg.wasm'].map(pkg)) : { raw: 0, gzip: 0, brotli: 0 };
if (results.voteModule.raw) {
  const v = results.voteModule;
  console.log(`  ${'+ vote module, at a vote'.padEnd(26)} ${kb(v.raw).padStart(9)} ${kb(v.gzip).padStart(9)} ${kb(v.brotli).padStart(9)}  (vote.js + civic_a11y_vote_bg.wasm: a NukeViet reply, a refusal's reason, the resend check)`);
}
console.log(`  budget ${kb(BUDGET_GZIP)} gzip for the ${toolchain} build (regression guard; the late module ${kb(LATE_BUDGET_GZIP)}, the vote module ${kb(VOTE_BUDGET_GZIP)}); goal ${kb(TARGET_GZIP)} gzip, ${kb(TARGET_BROTLI)} brotli`);
if (o.gzip > BUDGET_GZIP) {
  console.error(`bytes budget exceeded: ${o.gzip} > ${BUDGET_GZIP} gzip bytes`);
  process.exit(1);
}
if (results.lateModule.gzip > LATE_BUDGET_GZIP) {
  console.error(`bytes budget of the late module exceeded: ${results.lateModule.gzip} > ${LATE_BUDGET_GZIP} gzip bytes`);
  process.exit(1);
}
if (results.voteModule.gzip > VOTE_BUDGET_GZIP) {
  console.error(`bytes budget of the vote module exceeded: ${results.voteModule.gzip} > ${VOTE_BUDGET_GZIP} gzip bytes`);
  process.exit(1);
}
if (quick) {
  console.log('bytes budget: ok');
  process.exit(0);
}
// What each control added beyond the seed widgets (#14, #15): the full build without it, weighed
// the same way (its page-stylesheet rules, boot lines and labels go with it).
const ALL = ['text-size', 'contrast', 'share', 'rating', 'toolbar', 'stats', 'text-spacing', 'motion', 'read-aloud'];
const CONTROLS = {
  'visit statistics': ['stats'],
  'text spacing': ['text-spacing'],
  'pause motion': ['motion'],
  'read-aloud': ['read-aloud'],
  // Together: what they share (preferences, the toggle) counts once here, in neither row above.
  'the three reading aids': ['text-spacing', 'motion', 'read-aloud'],
};
results.controls = {};
for (const [name, drop] of Object.entries(CONTROLS)) {
  const outDir = join(tmpdir(), 'civic-without-' + drop.join('-'));
  const features = ALL.filter((f) => !drop.includes(f)).join(',');
  execFileSync('node', [join(root, 'scripts/build.mjs')], { env: { ...process.env, CIVIC_OUT: outDir, CIVIC_FEATURES: features }, stdio: 'ignore' });
  const without = sizes(['civic-a11y.js', 'index.js', 'civic_a11y_wasm_bg.wasm'].map((f) => join(outDir, f)));
  results.controls[name] = { gzip: o.gzip - without.gzip, brotli: o.brotli - without.brotli };
}
console.log('\nWhat each control adds to the full build (gzip / brotli; #14 allows 5 KB gzip for the three reading aids)');
for (const [name, d] of Object.entries(results.controls)) console.log(`  ${name.padEnd(26)} ${kb(d.gzip).padStart(9)} ${kb(d.brotli).padStart(9)}`);
// Not in any page view: read-aloud's engine, fetched when a visitor first reaches for its buttons.
const engine = sizes([pkg('reader.js')]);
results.controls['read-aloud engine, on first use'] = { gzip: engine.gzip, brotli: engine.brotli };
console.log(`  ${'+ read-aloud engine'.padEnd(26)} ${kb(engine.gzip).padStart(9)} ${kb(engine.brotli).padStart(9)}  (reader.js, on the first press only)`);

if (!haveBenchDeps) {
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: join(root, 'bench'), stdio: 'inherit' });
  console.log('peers installed; run `npm run bench` again to include them');
}

// ---------------------------------------------------------------- pages
const dir = join(tmpdir(), 'civic-bench');
mkdirSync(dir, { recursive: true });
const article = readFileSync(join(root, 'www/index.html'), 'utf8');
const big = (head, body = '') => {
  let items = '';
  for (let i = 0; i < 2000; i++) {
    items += `<div class="item"><h3 class="t">Tin số ${i}</h3><p class="d">Nội dung bản tin số ${i} của cổng thông tin tỉnh.</p><span class="m">07/04/2021</span><a href="#">Xem</a></div>`;
  }
  return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>10k</title><link rel="stylesheet" href="/bench/big.css"><link rel="stylesheet" href="/bench/big-floor.css">${head}</head><body>${body}<div id="list">${items}</div></body></html>`;
};
writeFileSync(join(dir, 'big.css'), 'body{font:13px/18px Arial}.item{width:300px;display:inline-block;vertical-align:top}.t{font-size:15px;line-height:20px;color:#b71c1c}.d{font-size:12px;line-height:17px;color:#333}.m{font-size:11px;color:#999}');
// The browser's floor for each interaction on this page: a stylesheet made for it, switched by one
// class on <html>. `floor-ts` gives the article text the first step's growth (×1.15); `floor-c`
// recolours every element. Nothing can change the page faster than this.
writeFileSync(join(dir, 'big-floor.css'), 'html.floor-ts body{font-size:14.95px;line-height:20.7px}html.floor-ts .t{font-size:17.25px;line-height:23px}html.floor-ts .d{font-size:13.8px;line-height:19.55px}html.floor-ts .m{font-size:12.65px}html.floor-c *{color:#000!important;background:#fff!important}');
writeFileSync(join(dir, 'big-ours.html'), big('<script src="/pkg/civic-a11y.js"></script>', '<civic-toolbar></civic-toolbar>'));
const peerTag = (files) => files.map((f) => (f.endsWith('.css') ? `<link rel="stylesheet" href="/peers/${f}">` : `<script src="/peers/${f}"></script>`)).join('');
writeFileSync(join(dir, 'big-accessibility.html'), big(peerTag(PEERS['accessibility (ranbuch)'])));
writeFileSync(join(dir, 'big-sienna.html'), big(peerTag(PEERS['sienna-accessibility'])));
const articleWith = (tags) => article.replace(/<script src="\/pkg\/civic-a11y.js"><\/script>/, '').replace('</head>', tags + '</head>');
writeFileSync(join(dir, 'article-accessibility.html'), articleWith(`<script>performance.mark('peer:script')</script>${peerTag(PEERS['accessibility (ranbuch)'])}<script>window.addEventListener('load',()=>{window.acc=new Accessibility();performance.mark('peer:interactive')})</script>`));
writeFileSync(join(dir, 'article-sienna.html'), articleWith(`<script>performance.mark('peer:script')</script>${peerTag(PEERS['sienna-accessibility'])}<script>window.addEventListener('load',()=>setTimeout(()=>performance.mark('peer:interactive')))</script>`));

const server = await startServer(['--static', '/bench/=' + dir, '--static', '/peers/=bench/node_modules']);
const browser = await launch();
results.browser = browser.version();
// Nothing may leave this machine: third-party requests (peers load web fonts and icons) are
// aborted and counted.
results.thirdPartyRequests = {};
const isLocal = (u) => u.startsWith('http://127.0.0.1') || u.startsWith('about:') || u.startsWith('data:');
async function guard(ctx, label) {
  await ctx.route((u) => !isLocal(u.href), (r) => {
    const host = new URL(r.request().url()).host;
    (results.thirdPartyRequests[label] ??= new Set()).add(host);
    return r.abort();
  });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quartiles = (xs) => [0.25, 0.75].map((q) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q + 0.5)]);

// ---------------------------------------------------------------- start-up
/** Median wall time from mark `from` to mark `to` over cold loads; with `measure`, also the
 *  median duration of that performance measure, read from the same loads. */
async function startup(label, url, from, to, measure, runs = 15) {
  const times = [];
  const measured = [];
  for (let i = 0; i < runs; i++) {
    const ctx = await browser.newContext();
    await guard(ctx, label);
    const page = await ctx.newPage();
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(([t]) => performance.getEntriesByName(t).length > 0, [to], { timeout: 15000 });
    times.push(await page.evaluate(([f, t]) => performance.getEntriesByName(t)[0].startTime - performance.getEntriesByName(f)[0].startTime, [from, to]));
    if (measure) measured.push(await page.evaluate((m) => { const e = performance.getEntriesByName(m)[0]; return [e.duration, e.detail?.longest]; }, measure));
    await ctx.close();
  }
  return measure ? [median(times), median(measured.map((m) => m[0])), median(measured.map((m) => m[1]))] : median(times);
}
const [oursStartup, oursMainThread, oursLongest] = await startup('ours', server.url + '/', 'civic-a11y:script', 'civic-a11y:interactive', 'civic-a11y:start');
results.startupMainThread = oursMainThread;
// start() builds the widgets in slices, yielding between them (#12): the longest is what a click waits for.
results.startupLongestSlice = oursLongest;
results.startup = {
  ours: oursStartup,
  'accessibility (ranbuch)': await startup('accessibility (ranbuch)', server.url + '/bench/article-accessibility.html', 'peer:script', 'peer:interactive'),
  'sienna-accessibility': await startup('sienna-accessibility', server.url + '/bench/article-sienna.html', 'peer:script', 'peer:interactive'),
};

// ---------------------------------------------------------------- first paint, from navigation
// The demo article, from navigation start: first contentful paint beside the same page with no
// library, navigation → first usable control, and the layout shift score (the widgets' hosts must
// hold their space, #12). Each round loads every row once, in a random order, each in a fresh
// context, so the machine's drift hits every row alike; the Δ is the median over rounds of each
// load's paint minus the no-library load of the same round (#12: first-time visitor ≤ 10 ms).
// "an empty head script": an empty classic script where ours goes, what any head script costs
// (the parser waits for the stylesheet above it). The two "returning" rows: a visitor with a
// saved choice (no flash and no shift, #12; a saved text size keeps the page hidden until
// it is applied).
writeFileSync(join(dir, 'article-none.html'), articleWith(''));
writeFileSync(join(dir, 'empty.js'), '/* empty */\n');
writeFileSync(join(dir, 'article-empty.html'), article.replace('<script src="/pkg/civic-a11y.js"></script>', '<script src="/bench/empty.js"></script>'));
const OURS_FIRST = 'civic-a11y:first-control';
const firstPaint = {
  'no library': { path: '/bench/article-none.html' },
  'an empty head script': { path: '/bench/article-empty.html' },
  ours: { path: '/', mark: OURS_FIRST },
  'accessibility (ranbuch)': { path: '/bench/article-accessibility.html', mark: 'peer:interactive' },
  'sienna-accessibility': { path: '/bench/article-sienna.html', mark: 'peer:interactive' },
  'ours, returning (contrast)': { path: '/', mark: OURS_FIRST, saved: { 'civic-a11y:contrast': 'high' } },
  'ours, returning (text size)': { path: '/', mark: OURS_FIRST, saved: { 'civic-a11y:text-size': '1.3' } },
};
// 45 rounds: the first paint lands on a frame (17 ms apart), and at 15 rounds two runs of one
// build read +16 and +44 ms; two copies of one build in one run of 45 still differ by a frame,
// hence the quartiles beside the median.
const PAINT_ROUNDS = 45;
const paints = Object.fromEntries(Object.keys(firstPaint).map((k) => [k, { fcp: [], usable: [], shift: [] }]));
for (let i = 0; i < PAINT_ROUNDS; i++) {
  for (const label of Object.keys(firstPaint).sort(() => Math.random() - 0.5)) {
    const { path, mark, saved } = firstPaint[label];
    const ctx = await browser.newContext();
    await guard(ctx, label.startsWith('ours') ? 'ours' : label);
    await ctx.addInitScript((saved) => {
      if (saved) for (const k in saved) localStorage.setItem(k, saved[k]);
      window.benchShift = 0;
      new PerformanceObserver((l) => l.getEntries().forEach((e) => (window.benchShift += e.value))).observe({ type: 'layout-shift', buffered: true });
    }, saved || null);
    const page = await ctx.newPage();
    await page.goto(server.url + path, { waitUntil: 'load' });
    // Ours: the end of the slice that built the first widget (the toolbar, on this page), when its
    // controls answer; the peers build their one widget in one go.
    if (mark) await page.waitForFunction((m) => performance.getEntriesByName(m).length > 0, mark, { timeout: 15000 });
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
    // (Shifts after the first control: the other widgets, the statistics' answer.)
    await page.waitForTimeout(400);
    const [fcp, usable, shift] = await page.evaluate((m) => [performance.getEntriesByName('first-contentful-paint')[0].startTime, m ? performance.getEntriesByName(m)[0].startTime : null, window.benchShift], mark);
    paints[label].fcp[i] = fcp;
    if (mark) paints[label].usable.push(usable);
    paints[label].shift.push(shift);
    await ctx.close();
  }
}
const noneFcp = paints['no library'].fcp;
results.firstPaint = Object.fromEntries(
  Object.entries(paints).map(([k, v]) => [
    k,
    {
      fcp: median(v.fcp),
      fcpDelta: median(v.fcp.map((f, i) => f - noneFcp[i])),
      fcpDeltaQuartiles: quartiles(v.fcp.map((f, i) => f - noneFcp[i])),
      usable: v.usable.length ? median(v.usable) : null,
      layoutShift: median(v.shift),
      loadsShifted: v.shift.filter((x) => x > 0).length,
      loads: v.shift.length,
    },
  ])
);

// ---------------------------------------------------------------- interaction on 10k elements
// Time from the action to the next rendered frame (style, layout and paint included).
const NEXT_FRAME = `(action) => new Promise((resolve) => { const t0 = performance.now(); action();
  requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => resolve(performance.now() - t0); c.port2.postMessage(0); }); })`;
async function interaction(label, url, prepare, steps) {
  const ctx = await browser.newContext();
  await guard(ctx, label);
  const page = await ctx.newPage();
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.evaluate(prepare);
  await page.waitForTimeout(300);
  const out = {};
  // Correctness of the text step: the share of text elements that grew, and how many now have
  // line boxes shorter than their font (overlapping lines). Measured once, outside the timing.
  const [textAct, textUndo] = steps['text size step'];
  // Ours: the first step also fetches and compiles the text scaler (the late module, #12).
  // Measured once, click → the change event → the next frame; the timed steps below come after.
  if (label === 'ours') {
    out.firstTextStep = await page.evaluate(`new Promise((resolve) => { const t0 = performance.now();
      document.addEventListener('civic:text-size', () => requestAnimationFrame(() => resolve(performance.now() - t0)), { once: true }); ${textAct}; })`);
    await page.evaluate(`(${NEXT_FRAME})(() => { ${textUndo} })`);
  }
  out.correctness = await page.evaluate(`(async () => {
    const els = [...document.querySelectorAll('#list .t, #list .d, #list .m, #list a')];
    const size = (e) => parseFloat(getComputedStyle(e).fontSize);
    const before = els.map(size);
    await (${NEXT_FRAME})(() => { ${textAct} });
    await new Promise((r) => setTimeout(r, 200));
    let grown = 0, overlapping = 0;
    els.forEach((e, i) => {
      const cs = getComputedStyle(e);
      if (parseFloat(cs.fontSize) >= before[i] * 1.05) grown++;
      const lh = parseFloat(cs.lineHeight);
      if (!Number.isNaN(lh) && lh < parseFloat(cs.fontSize)) overlapping++;
    });
    await (${NEXT_FRAME})(() => { ${textUndo} });
    return { grown: grown / els.length, overlapping };
  })()`);
  steps = {
    ...steps,
    'floor text size': ["document.documentElement.classList.add('floor-ts')", "document.documentElement.classList.remove('floor-ts')"],
    'floor contrast': ["document.documentElement.classList.add('floor-c')", "document.documentElement.classList.remove('floor-c')"],
  };
  for (const [name, [act, undo]] of Object.entries(steps)) {
    const times = [];
    for (let i = 0; i < 7; i++) {
      times.push(await page.evaluate(`(${NEXT_FRAME})(() => { ${act} })`));
      await page.evaluate(`(${NEXT_FRAME})(() => { ${undo} })`);
    }
    out[name] = median(times);
  }
  await ctx.close();
  return out;
}
const btn = (label) => `[...document.querySelector('civic-toolbar').shadowRoot.querySelectorAll('button')].find(b => b.textContent === '${label}').click()`;
results.interaction = {
  ours: await interaction('ours', server.url + '/bench/big-ours.html', 'new Promise(r => { const w = () => window.civicA11y.mountedCount && window.civicA11y.mountedCount() ? r() : setTimeout(w, 20); w(); })', {
    'text size step': [btn('A+'), btn('A')],
    'contrast switch': [btn('Tăng tương phản'), btn('Giảm tương phản')],
  }),
  // textPixelMode: the peer's documented mode for px pages (its default leaves px text as it is).
  'accessibility (ranbuch)': await interaction('accessibility (ranbuch)', server.url + '/bench/big-accessibility.html', 'window.acc = new Accessibility({ textPixelMode: true })', {
    'text size step': ['acc.menuInterface.increaseText()', 'acc.menuInterface.decreaseText()'],
    'contrast switch': ['acc.menuInterface.invertColors()', 'acc.menuInterface.invertColors()'],
  }),
  'sienna-accessibility': await interaction('sienna-accessibility', server.url + '/bench/big-sienna.html', 'new Promise(r => setTimeout(() => { document.querySelector(".asw-menu-btn").click(); r(); }, 300))', {
    'text size step': ['document.querySelector(".asw-plus[data-key=font-size]").click()', 'document.querySelector(".asw-minus[data-key=font-size]").click()'],
    'contrast switch': ['document.querySelector(".asw-btn[data-key=high-contrast]").click()', 'document.querySelector(".asw-btn[data-key=high-contrast]").click()'],
  }),
};

// ---------------------------------------------------------------- a page view's work on 10k elements
// What a first visit adds to the browser's own work on a big legacy page: style recalculation,
// layout and every main-thread task (Chromium's Performance metrics, from navigation to 1 s after
// the widgets are ready), beside the same page without the library. A rule of page.css that the
// browser must check for every element costs here at every restyle, even with nothing on (#12:
// the contrast rules did, until they named a plain [data-civic-contrast]; a ::highlight() rule
// nearly doubled each restyle, until read-aloud adopted it only while it highlights).
writeFileSync(join(dir, 'big-none.html'), big(''));
const views = { 'no library': [], ours: [] };
for (let i = 0; i < 7; i++) {
  for (const label of Object.keys(views)) {
    const ctx = await browser.newContext();
    await guard(ctx, label);
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(server.url + (label === 'ours' ? '/bench/big-ours.html' : '/bench/big-none.html'), { waitUntil: 'load' });
    if (label === 'ours') await page.waitForFunction(() => performance.getEntriesByName('civic-a11y:interactive').length > 0, null, { timeout: 30000 });
    await page.waitForTimeout(1000);
    const m = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value * 1000]));
    // Then one restyle of every element, as any change of an inherited value on <html> causes:
    // what each of the page's own restyles costs while our stylesheets are there (median of 9).
    const restyle = await page.evaluate(() => {
      const times = [];
      for (let k = 0; k < 9; k++) {
        document.body.offsetHeight;
        const t = performance.now();
        document.documentElement.style.setProperty('--bench-restyle', String(k));
        document.body.offsetHeight;
        times.push(performance.now() - t);
      }
      return times.sort((a, b) => a - b)[4];
    });
    views[label].push([m.RecalcStyleDuration, m.LayoutDuration, m.TaskDuration, restyle]);
    await ctx.close();
  }
}
results.pageViewWork = Object.fromEntries(
  Object.entries(views).map(([k, v]) => [k, { style: median(v.map((x) => x[0])), layout: median(v.map((x) => x[1])), tasks: median(v.map((x) => x[2])), restyle: median(v.map((x) => x[3])) }])
);

// ---------------------------------------------------------------- memory
{
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const heap = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize').value;
  await page.goto(server.url + '/fixtures/dynamic.html');
  await page.waitForFunction(() => window.civicA11y.mountedCount && window.civicA11y.mountedCount() > 0);
  const withUs = await heap();
  const wasm = await page.evaluate(() => window.civicA11y.wasmMemoryBytes());
  const bare = await browser.newPage();
  const cdp2 = await bare.context().newCDPSession(bare);
  await cdp2.send('Performance.enable');
  await bare.route('**/civic-a11y.js', (r) => r.fulfill({ body: '' }));
  await bare.goto(server.url + '/fixtures/dynamic.html');
  const without = (await cdp2.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize').value;
  results.memory = { jsHeapAdded: withUs - without, wasmLinearMemory: wasm };
  await page.close();
  await bare.close();
}
await browser.close();
server.stop();

// ---------------------------------------------------------------- rating server
// `kind` 'votes': POST /api/ratings/<item> (500 items); 'hits': POST /api/stats/hit, page views
// from 1,000 distinct readers (user agents), checked afterwards against GET /api/stats.
async function load(db, label, kind = 'votes') {
  const srv = await startServer(['--db', db, '--stats-rate-limit', '0']);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const lat = [];
  let sent = 0;
  const deadline = Date.now() + 5000; // bounded: 5 s or 60,000 votes, loopback only
  const one = (i) =>
    new Promise((resolve, reject) => {
      const hit = kind === 'hits';
      const body = hit ? JSON.stringify({ path: '/tin-tuc/bai-' + (i % 50) + '.html' }) : JSON.stringify({ score: 1 + (i % 5), voter: 'bench-voter-' + i });
      const url = hit ? `${srv.url}/api/stats/hit` : `${srv.url}/api/ratings/bench-${i % 500}`;
      const headers = { 'Content-Type': hit ? 'text/plain;charset=UTF-8' : 'application/json', 'Content-Length': Buffer.byteLength(body) };
      if (hit) headers['User-Agent'] = `Mozilla/5.0 (Linux; Android 13) Chrome/131.0 Mobile Safari/537.36 reader-${i % 1000}`;
      const t0 = process.hrtime.bigint();
      const req = http.request(url, { method: 'POST', agent, headers }, (res) => {
        res.resume();
        res.on('end', () => { lat.push(Number(process.hrtime.bigint() - t0) / 1e6); (res.statusCode === 200 || (hit && res.statusCode === 204)) ? resolve() : reject(new Error('status ' + res.statusCode)); });
      });
      req.on('error', reject);
      // Bounded in time per request too: a server that stops answering is reported, not waited on.
      req.setTimeout(5000, () => req.destroy(new Error('no answer within 5 s')));
      req.end(body);
    });
  const t0 = Date.now();
  const limit = kind === 'hits' ? 200000 : 60000;
  let counted;
  try {
    const before = kind === 'hits' ? (await (await fetch(`${srv.url}/api/stats`)).json()).total : 0;
    await Promise.all(Array.from({ length: 32 }, async () => { while (Date.now() < deadline && sent < limit) await one(sent++); }));
    if (kind === 'hits') counted = (await (await fetch(`${srv.url}/api/stats`)).json()).total - before;
  } finally {
    agent.destroy();
    srv.stop();
  }
  const secs = (Date.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  return { label, perSecond: Math.round(lat.length / secs), sent: lat.length, counted, p50ms: lat[Math.floor(lat.length * 0.5)], p99ms: lat[Math.floor(lat.length * 0.99)] };
}
/** A load run whose failure (a stall, an error status) is reported in the table, not thrown. */
const measured = (db, label, kind) => load(db, label, kind).catch((e) => ({ label, error: String(e.message || e) }));
mkdirSync(join(dir, 'db'), { recursive: true });
results.server = [await measured(join(dir, 'db', `s${Date.now()}.sqlite3`), 'SQLite')];
results.stats = [await measured(join(dir, 'db', `h${Date.now()}.sqlite3`), 'SQLite', 'hits')];
try {
  const env = execFileSync('bash', [join(root, 'scripts/pg.sh')], { encoding: 'utf8' });
  const url = env.match(/CIVIC_TEST_POSTGRES=(\S+);/)[1];
  const pgDir = env.match(/CIVIC_PG_DIR=(\S+)/)[1];
  try {
    results.server.push(await measured(url, 'PostgreSQL'));
    results.stats.push(await measured(url, 'PostgreSQL', 'hits'));
  } finally {
    execFileSync('bash', [join(root, 'scripts/pg.sh'), 'stop', pgDir]);
  }
} catch (e) {
  results.server.push({ label: 'PostgreSQL', error: String(e.message || e) });
  results.stats.push({ label: 'PostgreSQL', error: String(e.message || e) });
}

for (const k of Object.keys(results.thirdPartyRequests)) results.thirdPartyRequests[k] = [...results.thirdPartyRequests[k]];

// ---------------------------------------------------------------- report
const ms = (v) => (typeof v === 'number' ? v.toFixed(1) + ' ms' : 'n/a');
console.log(`\ncivic-a11y bench · ${results.date} · ${results.machine} · Chromium ${results.browser}`);
console.log('\nStart-up, script start → widgets interactive (median of 15 cold loads, demo article)');
for (const [k, v] of Object.entries(results.startup)) console.log(`  ${k.padEnd(26)} ${ms(v).padStart(9)}${k === 'ours' ? '' : '  ours/peer ' + (results.startup.ours / v).toFixed(2)}`);
console.log(`  ours, main-thread time of start() (upgrade every widget): ${ms(results.startupMainThread)}, in slices; the longest ${ms(results.startupLongestSlice)}`);
console.log(`\nFirst paint from navigation start, demo article (${PAINT_ROUNDS} rounds of cold loads, every row once per round in a random order;`);
console.log('Δ: median [quartiles] over rounds against the no-library load of the same round; layout shift: median score, loads that shifted)');
// (A figure changing its width in a table cell moves its text by a few pixels: < 0.001.)
const score = (x) => (x === 0 ? '0' : x < 0.001 ? '< 0.001' : x.toFixed(3));
for (const [k, v] of Object.entries(results.firstPaint)) {
  const [q1, q3] = v.fcpDeltaQuartiles;
  const delta = k === 'no library' ? ''.padEnd(22) : ` (${v.fcpDelta >= 0 ? '+' : ''}${v.fcpDelta.toFixed(0)} ms [${q1.toFixed(0)}..${q3.toFixed(0)}])`.padEnd(22);
  const usable = v.usable == null ? ''.padEnd(32) : `   first usable control ${ms(v.usable).padStart(9)}`;
  console.log(`  ${k.padEnd(28)} first contentful paint ${ms(v.fcp).padStart(9)}${delta}${usable}   layout shift ${score(v.layoutShift)} (${v.loadsShifted}/${v.loads} loads moved)`);
}
console.log('\nInteraction on a 10,000-element px page, action → next frame (median of 7), and as a ratio to');
console.log('the browser floor on the same page (one class on <html> switching a stylesheet made for it)');
for (const [k, v] of Object.entries(results.interaction)) {
  const ratio = (a, b) => (v[a] / v[b]).toFixed(2) + '×';
  const c = v.correctness;
  console.log(`  ${k.padEnd(26)} text size ${ms(v['text size step']).padStart(9)} = ${ratio('text size step', 'floor text size')} floor ` +
    `(${(c.grown * 100).toFixed(0)} % of text grown, ${c.overlapping} overlapping)   contrast ${ms(v['contrast switch']).padStart(9)} = ${ratio('contrast switch', 'floor contrast')} floor`);
}
console.log(`  ours, the first text-size step of a page view (it fetches the text scaler, loopback): ${ms(results.interaction.ours.firstTextStep)}`);
console.log('\nA first visit\'s work on the 10,000-element page (Chromium metrics, navigation → 1 s after start, median of 7 loads)');
for (const [k, v] of Object.entries(results.pageViewWork)) console.log(`  ${k.padEnd(26)} style ${ms(v.style).padStart(9)}   layout ${ms(v.layout).padStart(9)}   every main-thread task ${ms(v.tasks).padStart(9)}   then a restyle of the whole page ${ms(v.restyle).padStart(8)}`);
console.log('\nThird-party hosts contacted (aborted by the bench)');
for (const k of ['ours', 'accessibility (ranbuch)', 'sienna-accessibility']) console.log(`  ${k.padEnd(26)} ${(results.thirdPartyRequests[k] || []).join(', ') || 'none'}`);
console.log('\nMemory');
console.log(`  JS heap added by civic-a11y ${kb(results.memory.jsHeapAdded)}; Wasm linear memory ${kb(results.memory.wasmLinearMemory)} (${results.memory.wasmLinearMemory / 65536} pages)`);
console.log('\nRating server (loopback, 32 keep-alive clients, ≤ 5 s)');
for (const s of results.server) console.log(s.error ? `  ${s.label}: not measured (${s.error})` : `  ${s.label.padEnd(11)} ${String(s.perSecond).padStart(6)} votes/s   p50 ${ms(s.p50ms)}   p99 ${ms(s.p99ms)}`);
console.log('\nVisit statistics, POST /api/stats/hit (loopback, 32 keep-alive clients, 1,000 readers, ≤ 5 s; goal ≥ 10,000 hits/s, p99 < 20 ms on SQLite)');
for (const s of results.stats) console.log(s.error ? `  ${s.label}: not measured (${s.error})` : `  ${s.label.padEnd(11)} ${String(s.perSecond).padStart(6)} hits/s    p50 ${ms(s.p50ms)}   p99 ${ms(s.p99ms)}   counted ${s.counted} of ${s.sent}${s.counted === s.sent ? ' (exact)' : ' (NOT exact)'}`);
writeFileSync(join(root, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
console.log('\nwritten to bench/results.json');
