// Issue 15: "Thống kê truy cập". A page view is counted once per load (not on a back/forward
// cache restore, not while prerendering or hidden), the seed's rows with formatted numbers,
// server-rendered figures at once, a refresh a minute while visible, no cookie, storage or
// request off the page's origin, the fallback without Wasm, axe clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { suite, newPage, axe, root, warnings } from './helpers.mjs';

const env = suite(['--stats-rate-limit', '0']);
// Headless Chromium says "HeadlessChrome": the server rightly counts that as a bot.
const READER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const figures = async () => (await fetch(`${env.server.url}/api/stats`)).json();
const cells = (page, host) =>
  page.evaluate((host) => [...document.querySelector(host).shadowRoot.querySelectorAll('tr')].map((tr) => [tr.cells[0].textContent, tr.cells[1].textContent]), host);
const readerPage = async (opts = {}) => {
  const context = await env.browser.newContext({ userAgent: READER, viewport: { width: 1000, height: 800 }, ...opts });
  return newPage(env.browser, { context });
};
const waitFor = async (what, check, ms = 5000) => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting for ' + what);
    await new Promise((r) => setTimeout(r, 50));
  }
};

test('the seed portal\'s figures: imported, shown in its rows and number format, one view per load', async () => {
  execFileSync(join(root, 'target/release/civic-server'), [
    'stats', 'import', '--db', join(env.server.dir, 'ratings.sqlite3'),
    '--total', '61296415', '--year', '1705031', '--month', '206138', '--yesterday', '15254', '--today', '20473',
  ]);
  const page = await readerPage();
  await page.goto(env.server.url + '/fixtures/csp/stats.html');
  await page.waitForFunction(() => /20\.474/.test(document.getElementById('stats').shadowRoot?.textContent));
  const rows = await cells(page, '#stats');
  const { day } = await figures();
  const [y, m] = day.split('-');
  assert.deepEqual(rows, [
    ['Đang truy cập', '1'],
    ['Hôm nay', '20.474'],
    ['Hôm qua', '15.254'],
    [`Tháng ${m}`, '206.139'],
    [`Năm ${y}`, '1.705.032'],
    ['Tổng số', '61.296.416'],
  ]);
  // A table screen readers read row by row: a row header, then its figure.
  const table = page.locator('#stats').getByRole('table', { name: 'Thống kê truy cập' });
  assert.equal(await table.getByRole('rowheader').count(), 6);
  assert.equal(await table.getByRole('row', { name: /Hôm nay/ }).getByRole('cell').innerText(), '20.474');
  // Two widgets on the page, one page view.
  assert.equal((await figures()).today, 20474);
  await new Promise((r) => setTimeout(r, 1100)); // a batch window: the server has its figures at hand
  const mark = page.requests.length;
  await page.reload();
  await page.waitForFunction(() => /20\.475/.test(document.getElementById('stats').shadowRoot?.textContent));
  assert.equal((await figures()).today, 20475, 'a reload is a page view');
  // One request per page view: the count's answer carries the figures, this view included.
  assert.deepEqual(page.requests.slice(mark).filter((u) => u.includes('/api/stats')), [env.server.url + '/api/stats/hit']);

  // Private by design: no cookie, no storage, nothing sent elsewhere.
  assert.deepEqual(await page.context().cookies(), []);
  assert.deepEqual(await page.evaluate(() => [localStorage.length, sessionStorage.length]), [0, 0]);
  assert.deepEqual(page.requests.filter((u) => !u.startsWith(env.server.url)), []);
  assert.deepEqual(page.errors, []);
  // The legacy fixture's own grey text fails contrast; the widgets are what is checked.
  assert.deepEqual(await axe(page, { include: ['#stats', '#rendered'] }), []);
  await page.context().close();
});

test('a back/forward cache restore is not a new page view', async () => {
  // Playwright turns the cache off by default; this browser has it, as a visitor's does.
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'], ignoreDefaultArgs: ['--disable-back-forward-cache'] });
  try {
    const page = await browser.newPage({ userAgent: READER });
    // This view's count answered before the figure is read (earlier tests left one already).
    const hit = page.waitForResponse((r) => r.url().endsWith('/api/stats/hit'));
    await page.goto(env.server.url + '/fixtures/csp/stats.html');
    await page.waitForFunction(() => document.getElementById('stats').shadowRoot?.querySelector('td'));
    assert.equal((await hit).status(), 200);
    const counted = await waitFor('the view counted', async () => (await figures()).today);
    await page.evaluate(() => addEventListener('pageshow', (e) => (window.restored = e.persisted)));
    await page.click('#away');
    await page.waitForURL(/stats-away/);
    await page.goBack({ waitUntil: 'commit' }); // a restored page fires no load event
    await page.waitForFunction(() => window.restored !== undefined);
    assert.equal(await page.evaluate(() => window.restored), true, 'restored from the back/forward cache');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await figures()).today, counted, 'not counted again');
    // A real navigation back to it (a new load) is.
    await page.reload();
    await waitFor('the reload counted', async () => (await figures()).today === counted + 1);
  } finally {
    await browser.close();
  }
});

test('server-rendered figures show at once and stay when the endpoint is missing', async () => {
  const page = await readerPage();
  await page.route('**/khong-co', (r) => r.fulfill({ status: 404, contentType: 'text/html', body: '<!doctype html><p>404' }));
  await page.goto(env.server.url + '/fixtures/csp/stats.html');
  await page.waitForFunction(() => document.getElementById('rendered').shadowRoot?.querySelector('td'));
  assert.deepEqual(await cells(page, '#rendered'), [['Hôm nay', '20.473'], ['Tổng số', '61.296.415']]);
  await waitFor('the 404', () => page.requests.some((u) => u.endsWith('/khong-co')));
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(await cells(page, '#rendered'), [['Hôm nay', '20.473'], ['Tổng số', '61.296.415']]);
  assert.deepEqual(await cells(page, '#noday'), [['Tháng này', '1.206.139'], ['Năm nay', '…']]);
  assert.deepEqual(warnings(page), []);
  await page.context().close();
});

test('a hidden or prerendering page is counted only once it is shown', async () => {
  const page = await readerPage();
  // The page starts hidden, as a tab opened in the background, and prerendering.
  await page.addInitScript(() => {
    let state = 'hidden';
    let prerendering = true;
    Object.defineProperty(Document.prototype, 'visibilityState', { get: () => state, configurable: true });
    Object.defineProperty(Document.prototype, 'hidden', { get: () => state === 'hidden', configurable: true });
    Object.defineProperty(Document.prototype, 'prerendering', { get: () => prerendering, configurable: true });
    window.activate = () => {
      prerendering = false;
      document.dispatchEvent(new Event('prerenderingchange'));
    };
    window.show = () => {
      state = 'visible';
      document.dispatchEvent(new Event('visibilitychange'));
    };
  });
  const before = (await figures()).today;
  await page.goto(env.server.url + '/fixtures/csp/stats.html');
  await page.waitForFunction(() => document.getElementById('stats').shadowRoot?.querySelector('td'));
  await new Promise((r) => setTimeout(r, 500));
  assert.equal((await figures()).today, before, 'not while prerendering');
  await page.evaluate(() => window.activate());
  await new Promise((r) => setTimeout(r, 500));
  assert.equal((await figures()).today, before, 'activated but still in a background tab');
  await page.evaluate(() => window.show());
  await waitFor('the view counted', async () => (await figures()).today === before + 1);
  await page.evaluate(() => window.show());
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await figures()).today, before + 1, 'once');
  await page.context().close();
});

test('"online now" is read again every minute while the page is visible', async () => {
  const page = await readerPage();
  await page.clock.install();
  await page.goto(env.server.url + '/fixtures/csp/stats.html');
  await page.waitForFunction(() => document.getElementById('stats').shadowRoot?.querySelector('td'));
  await page.waitForFunction(() => !/…/.test(document.getElementById('stats').shadowRoot.textContent));
  const reads = () => page.requests.filter((u) => u.endsWith('/api/stats')).length;
  const first = reads(); // 0 when the count's answer carried the figures, else 1
  await page.clock.runFor(60_000);
  await waitFor('a read a minute later', () => reads() === first + 1);
  await page.clock.runFor(60_000);
  await waitFor('and another', () => reads() === first + 2);
  await page.context().close();
});

test('English page: English labels, English numbers, the rows the site chose', async () => {
  const page = await readerPage();
  await page.goto(env.server.url + '/en/');
  await page.waitForFunction(() => /Total/.test(document.querySelector('civic-stats').shadowRoot?.textContent) && !/…/.test(document.querySelector('civic-stats').shadowRoot.textContent));
  const rows = await cells(page, 'civic-stats');
  assert.deepEqual(rows.map((r) => r[0]), ['Online now', 'Today', 'Yesterday', 'This year', 'Total']);
  assert.match(rows[4][1], /^61,296,4\d\d$/);
  assert.deepEqual(await axe(page, { include: ['civic-stats'] }), []);
  await page.context().close();
});

test('with Wasm blocked the fallback list stays, and nothing is counted', async () => {
  const page = await readerPage();
  await page.route('**/*.wasm', (r) => r.abort());
  const before = (await figures()).today;
  await page.goto(env.server.url + '/fixtures/csp/stats.html');
  await new Promise((r) => setTimeout(r, 800));
  assert.equal(await page.locator('#fallback').isVisible(), true);
  assert.match(await page.locator('#fallback').innerText(), /Hôm nay\s+20\.473/);
  assert.equal((await figures()).today, before);
  await page.context().close();
});
