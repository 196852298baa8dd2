// Issue 13: the package as front-end developers use it. On a server (SSR) it imports without a
// page; bundled by esbuild with the README's copy step it runs; the civic-* tags become
// registered custom elements once the widgets are ready.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { root, startServer, launch, newPage } from './helpers.mjs';

const app = mkdtempSync(join(tmpdir(), 'civic-esbuild-'));
let server, browser;

before(async () => {
  // A plain ESM app, bundled by esbuild; then the documented step: the files named by
  // `new URL(…, import.meta.url)` copied beside the bundle.
  writeFileSync(join(app, 'main.js'), `import { init, getTextSize } from 'civic-a11y';
document.addEventListener('civic:text-size', (e) => (document.getElementById('out').textContent = 'scale ' + e.detail.scale));
init().then(() => (document.getElementById('out').textContent = 'ready ' + getTextSize()));
`);
  writeFileSync(join(app, 'index.html'), `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>esbuild</title><link rel="icon" href="data:,">
<script type="module" src="./dist/main.js"></script></head>
<body><civic-toolbar></civic-toolbar><p id="para">Nội dung</p><p id="out"></p></body></html>`);
  buildSync({ entryPoints: [join(app, 'main.js')], bundle: true, format: 'esm', outdir: join(app, 'dist'), alias: { 'civic-a11y': join(root, 'pkg/index.js') }, logLevel: 'error' });
  for (const f of ['civic_a11y_wasm_bg.wasm', 'civic_a11y_late_bg.wasm', 'civic_a11y_vote_bg.wasm', 'civic-a11y.css', 'reader.js']) copyFileSync(join(root, 'pkg', f), join(app, 'dist', f));
  server = await startServer(['--static', '/esb/=' + app]);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

test('on a server (SSR) the package imports, the getters answer the defaults, init() does nothing', async () => {
  const m = await import(pathToFileURL(join(root, 'pkg/index.js')).href);
  assert.equal(typeof window, 'undefined');
  assert.equal(m.getTextSize(), 1);
  assert.equal(m.getContrast(), 'normal');
  assert.equal(await m.init(), undefined);
  assert.equal(m.mountedCount(), 0);
  // The classic loader, imported by mistake on a server, does nothing either.
  await import(pathToFileURL(join(root, 'pkg/civic-a11y.js')).href);
  assert.equal(typeof globalThis.civicA11y, 'undefined');
});

test('bundled by esbuild with the documented copy step: upgraded, A+ works, custom elements defined', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '/esb/index.html', { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => document.getElementById('out').textContent === 'ready 1');
  await page.locator('civic-toolbar').getByRole('button', { name: /^A\+ / }).click();
  await page.waitForFunction(() => /^scale 1\.\d+$/.test(document.getElementById('out').textContent));
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.getElementById('para')).fontSize), '16px');
  // Registered once ready: `:defined` and whenDefined() mean "upgraded".
  assert.deepEqual(
    await page.evaluate(async () => {
      await customElements.whenDefined('civic-toolbar');
      return [!!customElements.get('civic-read-aloud'), document.querySelector('civic-toolbar').matches(':defined'), !!document.querySelector('civic-toolbar').shadowRoot];
    }),
    [true, true, true]
  );
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.logs.filter((l) => l.type === 'error' || l.type === 'warning'), []);
});

test('a .wasm URL that answers HTML: one console line names the URL and the fix', async () => {
  const page = await newPage(browser);
  // As Vite's dev server does for a pre-bundled copy: the .wasm request gets the app's HTML.
  await page.route('**/dist/civic_a11y_wasm_bg.wasm', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<!DOCTYPE html><title>app</title>' }));
  await page.goto(server.url + '/esb/index.html', { waitUntil: 'domcontentloaded' });
  for (let i = 0; i < 50 && !page.logs.some((l) => l.text.startsWith('civic-a11y')); i++) await page.waitForTimeout(100);
  await page.waitForTimeout(300);
  const lines = page.logs.filter((l) => l.text.startsWith('civic-a11y')).map((l) => l.text);
  assert.equal(lines.length, 1, JSON.stringify(lines));
  assert.match(lines[0], /dist\/civic_a11y_wasm_bg\.wasm is not WebAssembly.*optimizeDeps/);
});
