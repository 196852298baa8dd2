// Issue 13: the same small app (tests/bundlers-app/src/main.js) bundled by webpack 5, which
// emits the .wasm and the lazy chunks itself, and by Rollup with the README's copy step; each
// runs in Chromium: widgets upgraded, A+ works, custom elements defined, no console errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync, copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { root, startServer, launch, newPage } from './helpers.mjs';

const app = join(root, 'tests/bundlers-app');
const page = (script) => `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>bundled</title><link rel="icon" href="data:,">
<script type="module" src="${script}"></script></head><body><civic-toolbar data-read-target="#para"></civic-toolbar><p id="para">Nội dung</p><p id="out"></p></body></html>`;
let server, browser;

before(async () => {
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: app, stdio: 'inherit' });
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', '--install-links', join(root, 'pkg')], { cwd: app, stdio: 'inherit' });
  const need = createRequire(join(app, 'package.json'));

  // webpack 5, production: `new URL(…, import.meta.url)` and import() are its own business.
  const web = join(app, 'dist-webpack');
  rmSync(web, { recursive: true, force: true });
  const webpack = need('webpack');
  const stats = await new Promise((resolve, reject) =>
    webpack({ mode: 'production', context: app, entry: './src/main.js', output: { path: web, filename: 'main.js', publicPath: 'auto' }, performance: { hints: false } }, (err, s) => (err ? reject(err) : resolve(s)))
  );
  assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
  writeFileSync(join(web, 'index.html'), page('./main.js'));

  // Rollup with node-resolve, then the README's step: the files named by new URL() copied
  // (import() targets, such as read-aloud's engine, are Rollup's own chunks).
  const roll = join(app, 'dist-rollup');
  rmSync(roll, { recursive: true, force: true });
  const { rollup } = await import(need.resolve('rollup'));
  const { nodeResolve } = await import(need.resolve('@rollup/plugin-node-resolve'));
  const bundle = await rollup({ input: join(app, 'src/main.js'), plugins: [nodeResolve()], onwarn: () => {} });
  await bundle.write({ dir: roll, format: 'es' });
  for (const f of ['civic_a11y_wasm_bg.wasm', 'civic_a11y_late_bg.wasm', 'civic_a11y_vote_bg.wasm', 'civic-a11y.css']) copyFileSync(join(app, 'node_modules/civic-a11y', f), join(roll, f));
  writeFileSync(join(roll, 'index.html'), page('./main.js'));

  server = await startServer(['--static', '/webpack/=' + web, '--static', '/rollup/=' + roll]);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

for (const name of ['webpack', 'rollup']) {
  test(`${name}: upgraded, A+ works, custom elements defined, no console errors`, async () => {
    if (name === 'webpack') assert.ok(readdirSync(join(app, 'dist-webpack')).some((f) => f.endsWith('.wasm')), 'webpack emitted the wasm');
    const p = await newPage(browser);
    await p.goto(`${server.url}/${name}/index.html`, { waitUntil: 'domcontentloaded' });
    await p.waitForFunction(() => document.getElementById('out').textContent === 'ready 1', null, { timeout: 15000 });
    await p.locator('civic-toolbar').getByRole('button', { name: /^A\+ / }).click();
    await p.waitForFunction(() => /^scale 1\.\d+$/.test(document.getElementById('out').textContent));
    assert.equal(await p.evaluate(() => document.querySelector('civic-toolbar').matches(':defined')), true);
    // Reaching for read-aloud fetches its engine (reader.js; the late module came with A+):
    // Rollup's chunk of it, webpack's (named by id), never a file left to copy. A missing one
    // would also be a console error below.
    const engine = p.waitForResponse((r) => r.ok() && (name === 'rollup' ? /\/reader-[\w-]+\.js$/ : /\.js$/).test(new URL(r.url()).pathname));
    await p.locator('civic-toolbar [data-act=read]').focus();
    await engine;
    assert.deepEqual(p.errors, []);
    assert.deepEqual(p.logs.filter((l) => l.type === 'error' || l.type === 'warning'), []);
  });
}
