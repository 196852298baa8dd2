// #13: `npm run dev` serves the demo under its strict CSP and reloads open pages on a change.
// (A change under src/ or js/ rebuilds pkg/ first; that path is not run here: it would replace
// pkg/ under the other test files.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, launch, newPage, freePort } from './helpers.mjs';

test('npm run dev: the demo works, and touching a file under www/ reloads the open page', async () => {
  const port = await freePort();
  const dev = spawn('node', ['scripts/dev.mjs', '--no-build'], { cwd: root, env: { ...process.env, PORT: String(port), DATABASE_URL: join(mkdtempSync(join(tmpdir(), 'civic-dev-')), 'dev.sqlite3') }, stdio: ['ignore', 'pipe', 'inherit'] });
  const browser = await launch();
  try {
    await new Promise((resolve, reject) => {
      dev.stdout.on('data', (d) => d.toString().includes('dev: http://') && resolve());
      dev.on('exit', (code) => reject(new Error('dev exited with ' + code)));
    });
    const page = await newPage(browser);
    const missing = [];
    page.on('response', (r) => r.status() === 404 && missing.push(new URL(r.url()).pathname));
    const listening = page.waitForResponse((r) => r.url().endsWith('/__dev/events'));
    await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => window.civicA11y?.mountedCount?.() > 0);
    await page.evaluate(() => (window.beforeReload = true));
    await listening;
    const now = new Date();
    utimesSync(join(root, 'www/portal.css'), now, now);
    await page.waitForFunction(() => !window.beforeReload && window.civicA11y?.mountedCount?.() > 0, null, { timeout: 10000 });
    assert.deepEqual(page.errors, []);
    assert.deepEqual([...new Set(missing)], missing.length ? ['/favicon.ico'] : []);
    // (The demo has no favicon: the browser's own 404 for it is not ours.)
    assert.deepEqual(page.logs.filter((l) => l.type === 'error' && !/404/.test(l.text)), []);
  } finally {
    await browser.close();
    dev.kill();
  }
});
