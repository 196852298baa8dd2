// Issue 13: a Next.js app router app (tests/next-app) with the package installed from pkg/:
// `next build` and `next start`; the page is rendered on the server, where the package is
// imported too; in Chromium the widgets upgrade, A+ works, there is no console error, and a
// returning visitor's saved size and contrast are in the first frame (the README's step).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { rmSync, copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { root, launch, newPage, returningVisitorPaints, freePort } from './helpers.mjs';

const app = join(root, 'tests/next-app');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
let next, url, browser;

before(async () => {
  const sh = (cmd, args) => execFileSync(cmd, args, { cwd: app, env, stdio: ['ignore', 'ignore', 'inherit'] });
  sh('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
  rmSync(join(app, 'node_modules/civic-a11y'), { recursive: true, force: true });
  sh('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', '--install-links', join(root, 'pkg')]);
  mkdirSync(join(app, 'public'), { recursive: true });
  for (const f of ['civic-a11y-boot.js', 'civic-a11y.css']) copyFileSync(join(app, 'node_modules/civic-a11y', f), join(app, 'public', f));
  sh(join(app, 'node_modules/.bin/next'), ['build']);
  const port = await freePort();
  next = spawn(join(app, 'node_modules/.bin/next'), ['start', '-p', String(port), '-H', '127.0.0.1'], { cwd: app, env, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    next.stdout.on('data', (d) => /Ready|started/i.test(d.toString()) && resolve());
    next.on('exit', (code) => reject(new Error('next start exited with ' + code)));
  });
  url = `http://127.0.0.1:${port}/`;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  next?.kill('SIGKILL');
});

test('next build + start: rendered on the server with the package, upgraded in the browser, A+ works', async () => {
  const html = await (await fetch(url)).text();
  assert.match(html, /server 1 normal/, 'the package answered its defaults during server rendering');
  const page = await newPage(browser);
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => document.getElementById('out').textContent === 'ready 1', null, { timeout: 20000 });
  await page.locator('civic-toolbar').getByRole('button', { name: /^A\+ / }).click();
  await page.waitForFunction(() => /^scale 1\.\d+$/.test(document.getElementById('out').textContent));
  assert.equal(await page.evaluate(() => document.querySelector('civic-toolbar').matches(':defined')), true);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.logs.filter((l) => l.type === 'error'), []);
});

test('a returning visitor: the Next.js page paints the saved size and contrast in its first frame', async () => {
  const page = await newPage(browser);
  assert.deepEqual(await returningVisitorPaints(page, url, 'para'), ['20.8px rgb(0, 0, 0)'], 'never painted as designed');
  assert.deepEqual(page.errors, []);
});
