// Shared set-up for the end-to-end tests: the real reference server (fresh SQLite file) and
// Debian's headless Chromium driven by playwright-core.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Starts civic-server on a free port with its own database. `extra` are more CLI options. */
export async function startServer(extra = []) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'civic-e2e-'));
  const args = [
    '--port', String(port), '--db', join(dir, 'ratings.sqlite3'), '--rate-limit', '0', '--threads', '8',
    '--static', '/=www', '--static', '/pkg/=pkg', '--static', '/fixtures/=tests/fixtures',
    // The same pkg/ copied to another path: the script must find its wasm from its own URL.
    '--static', '/static/vendor/civic/=pkg', '--strict-csp', '/', '--strict-csp', '/fixtures/csp/',
    '--static', '/fixtures/csp/=tests/fixtures/csp',
    ...extra,
  ];
  const proc = spawn(join(root, 'target/release/civic-server'), args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    proc.stdout.on('data', (d) => d.toString().includes('http://') && resolve());
    proc.on('exit', (code) => reject(new Error('civic-server exited with ' + code)));
  });
  return { url: `http://127.0.0.1:${port}`, port, dir, proc, stop: () => proc.kill('SIGKILL') };
}

/** Registers before/after hooks that start a server and a browser for one test file. */
export function suite(extra = []) {
  const env = {};
  before(async () => {
    env.server = await startServer(extra);
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.stop();
  });
  return env;
}

/** Chromium; `extra`: more command-line switches. */
export async function launch(extra = []) {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extra] });
}

/** A Chromium in which `http://portal.test:<port>` is the test server: a portal on plain http,
 *  not a secure context (127.0.0.1 and localhost are), as many portals still are. */
export const launchPlainHttp = () => launch(['--host-resolver-rules=MAP portal.test 127.0.0.1']);

/** A new page that records console messages, page errors and every request URL. */
export async function newPage(browser, options = {}) {
  const context = options.context || (await browser.newContext({ viewport: { width: 1000, height: 800 }, ...options }));
  const page = await context.newPage();
  page.logs = [];
  page.errors = [];
  page.requests = [];
  page.on('console', (m) => page.logs.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('request', (r) => page.requests.push(r.url()));
  return page;
}

/** Navigates and waits until civic-a11y has upgraded the page. */
export async function open(page, url) {
  // The widgets are awaited below; images and other subresources are not what is under test.
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => window.civicA11y && window.civicA11y.mountedCount && window.civicA11y.mountedCount() > 0);
  return page;
}

/** Runs axe-core in the page. `options.include` limits it to selectors. */
export async function axe(page, { rules, include } = {}) {
  const source = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
  // Inject through the DevTools protocol: the demo pages forbid inline and eval'd scripts (CSP).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Runtime.evaluate', { expression: source });
  const result = await cdp.send('Runtime.evaluate', {
    expression: `axe.run(${include ? JSON.stringify({ include: include.map((s) => [s]) }) : 'document'}, ${JSON.stringify(
      rules ? { runOnly: { type: 'rule', values: rules } } : { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }
    )}).then(r => JSON.stringify({ violations: r.violations.map(v => ({ id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary) })) }))`,
    awaitPromise: true,
    returnByValue: true,
  });
  if (result.exceptionDetails) throw new Error('axe failed: ' + JSON.stringify(result.exceptionDetails));
  return JSON.parse(result.result.value).violations;
}

/** Elements inside a host's shadow root. */
export function shadow(page, host, selector) {
  return page.locator(host).locator(selector);
}

/** Serves the pages matching `pattern` as the server does, their text rewritten by `edit`: a
 *  fixture as another site would write it. */
export const rewrite = (context, pattern, edit) =>
  context.route(pattern, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: edit(await response.text()) });
  });

/** console.warn messages from civic-a11y. */
export const warnings = (page) => page.logs.filter((l) => l.type === 'warning' && l.text.startsWith('civic-a11y'));

/**
 * A returning visitor (saved text size 1.3, dark contrast) opens `url`: the first 20 painted
 * frames as "font-size of #id, body background", the hidden ones left out. A page without the
 * no-flash step shows the designed look first.
 */
export async function returningVisitorPaints(page, url, id) {
  await page.addInitScript((id) => {
    localStorage.setItem('civic-a11y:text-size', '1.3');
    localStorage.setItem('civic-a11y:contrast', 'dark');
    window.paints = [];
    const sample = () => {
      const el = document.getElementById(id);
      if (el && getComputedStyle(document.body).visibility !== 'hidden') window.paints.push(getComputedStyle(el).fontSize + ' ' + getComputedStyle(document.body).backgroundColor);
      if (window.paints.length < 20) requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  }, id);
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => window.paints.length >= 20);
  return [...new Set(await page.evaluate(() => window.paints))];
}
