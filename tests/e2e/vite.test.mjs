// Issue 2: pkg/ installed as an npm dependency of a Vite app builds and runs in Chromium.
// Issue 13: and under Vite's dev server, with no config and with optimizeDeps.exclude.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync, readdirSync, existsSync, mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, startServer, launch, newPage, returningVisitorPaints } from './helpers.mjs';

const app = join(root, 'tests/vite-app');
let server, browser;

before(async () => {
  rmSync(join(app, 'node_modules'), { recursive: true, force: true });
  rmSync(join(app, 'dist'), { recursive: true, force: true });
  // `npm install ../../pkg`: exactly what a front-end developer does with a local build.
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', '--install-links', join(root, 'pkg')], { cwd: app, stdio: 'inherit' });
  // The README's step: the classic boot script (and the CSS it falls back to) into public/.
  mkdirSync(join(app, 'public'), { recursive: true });
  for (const f of ['civic-a11y-boot.js', 'civic-a11y.css']) copyFileSync(join(app, 'node_modules/civic-a11y', f), join(app, 'public', f));
  execFileSync(join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: app, stdio: 'inherit' });
  server = await startServer(['--static', '/vite/=tests/vite-app/dist']);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

test('vite build emits the wasm as an asset and the app upgrades widgets', async () => {
  const assets = readdirSync(join(app, 'dist/assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), 'wasm emitted: ' + assets.join(', '));
  assert.ok(existsSync(join(app, 'node_modules/civic-a11y/index.d.ts')));
  const page = await newPage(browser);
  await page.goto(server.url + '/vite/', { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => /^ready 1 high$/.test(document.getElementById('out').textContent));
  await page.locator('civic-text-size').getByRole('button', { name: 'A+ Larger text' }).click();
  await page.waitForFunction(() => document.getElementById('out').textContent === 'scale 1.15');
  assert.equal(await page.locator('[data-civic=share] a[data-network=facebook]').count(), 1);
  assert.deepEqual(page.errors, []);
});

test('a returning visitor: the Vite app paints the saved size and contrast in its first frame', async () => {
  const page = await newPage(browser);
  assert.deepEqual(await returningVisitorPaints(page, server.url + '/vite/', 'out'), ['20.8px rgb(0, 0, 0)'], 'never painted as designed');
  assert.deepEqual(page.errors, []);
});

for (const [name, optimizeDeps] of [['with no config (the package pre-bundled)', {}], ["with optimizeDeps.exclude ['civic-a11y']", { exclude: ['civic-a11y'] }]])
test(`vite dev server ${name}: upgraded, A+ works, no errors`, async () => {
  const { createServer } = await import(join(root, 'node_modules/vite/dist/node/index.js'));
  rmSync(join(app, 'node_modules/.vite'), { recursive: true, force: true });
  const dev = await createServer({
    root: app,
    configFile: false,
    logLevel: 'silent',
    server: { host: '127.0.0.1', port: 0 },
    optimizeDeps,
  });
  await dev.listen();
  try {
    const page = await newPage(browser);
    await page.goto(dev.resolvedUrls.local[0], { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => /^ready 1 high$/.test(document.getElementById('out').textContent), null, { timeout: 20000 });
    await page.locator('civic-text-size').getByRole('button', { name: 'A+ Larger text' }).click();
    await page.waitForFunction(() => document.getElementById('out').textContent === 'scale 1.15');
    assert.equal(await page.evaluate(() => !!customElements.get('civic-text-size')), true);
    // Without the line, Vite really served the pre-bundled copy (so this case can fail).
    assert.equal(page.requests.some((u) => u.includes('/.vite/deps/civic-a11y')), !optimizeDeps.exclude);
    assert.deepEqual(page.errors, []);
  } finally {
    await dev.close();
  }
});
