// Issue 5: clean canonical URLs, correct encoding of Vietnamese titles, nothing requested from any
// third party until a click, Google+ skipped with a notice, keyboard and screen-reader names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, newPage, open, axe, warnings, launchPlainHttp } from './helpers.mjs';

const env = suite();

const CLEAN = 'http://127.0.0.1:8080/tin-tuc/lanh-dao-ubnd-tinh-lam-viec-voi-cac-ban-quan-ly-1234.html';
const ENC = encodeURIComponent(CLEAN);
const TITLE = 'Lãnh đạo UBND tỉnh làm việc với tập thể lãnh đạo các Ban Quản lý của tỉnh';

test('hrefs carry the clean canonical URL, correctly encoded, and the Vietnamese title intact', async () => {
  const page = await newPage(env.browser);
  await open(page, env.server.url + '/');
  const href = (n) => page.locator(`civic-toolbar a[data-network=${n}]`).getAttribute('href');
  assert.equal(await href('facebook'), 'https://www.facebook.com/sharer/sharer.php?u=' + ENC);
  assert.equal(await href('linkedin'), 'https://www.linkedin.com/sharing/share-offsite/?url=' + ENC);
  const x = new URL(await href('x'));
  assert.equal(x.origin + x.pathname, 'https://x.com/intent/tweet');
  assert.equal(x.searchParams.get('url'), CLEAN);
  assert.equal(x.searchParams.get('text'), TITLE);
  const mail = await href('email');
  assert.ok(mail.startsWith('mailto:?subject=' + encodeURIComponent(TITLE)));
  for (const n of ['facebook', 'x', 'linkedin']) {
    const a = page.locator(`civic-toolbar a[data-network=${n}]`);
    assert.equal(await a.getAttribute('target'), '_blank');
    assert.equal(await a.getAttribute('rel'), 'noopener noreferrer');
  }
});

test('no request leaves the page origin on load (and none for the wasm either)', async () => {
  const page = await newPage(env.browser);
  await open(page, env.server.url + '/');
  await page.waitForTimeout(300);
  const foreign = page.requests.filter((u) => !u.startsWith(env.server.url));
  assert.deepEqual(foreign, []);
  assert.deepEqual(await page.context().cookies(), []);
});

test('keyboard users reach every link and hear its name; axe finds nothing', async () => {
  const page = await newPage(env.browser);
  await open(page, env.server.url + '/');
  const bar = page.locator('civic-toolbar');
  for (const [role, name] of [['link', 'Chia sẻ lên Facebook'], ['link', 'Chia sẻ lên X'], ['button', 'Chia sẻ lên Zalo'],
    ['link', 'Chia sẻ lên LinkedIn'], ['link', 'Gửi qua email'], ['button', 'Sao chép liên kết']]) {
    assert.equal(await bar.getByRole(role, { name, exact: true }).count(), 1, name);
  }
  // Tab from the text-size buttons through every share control.
  await page.locator('civic-toolbar').getByRole('button', { name: /^A\+ / }).focus();
  const reached = [];
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    reached.push(await page.evaluate(() => document.activeElement.shadowRoot?.activeElement?.getAttribute('data-network')));
  }
  assert.deepEqual(reached, ['facebook', 'x', 'zalo', 'linkedin', 'email', 'copy']);
  assert.deepEqual(await axe(page, { include: ['civic-toolbar', 'civic-rating'] }), []);
});

test('copy link: copies, and says so visibly and to screen readers; civic:share is cancelable', async () => {
  const context = await env.browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await newPage(env.browser, { context });
  await open(page, env.server.url + '/');
  await page.evaluate(() => document.addEventListener('civic:share', (e) => (window.shared = e.detail)));
  await page.locator('civic-toolbar [data-network=copy]').click();
  await page.waitForFunction(() => navigator.clipboard.readText().then((t) => t.startsWith('http')));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), CLEAN);
  assert.deepEqual(await page.evaluate(() => window.shared), { network: 'copy', url: CLEAN });
  const status = page.locator('civic-toolbar [role=status]').nth(1);
  assert.equal(await status.innerText(), 'Đã sao chép liên kết');
  assert.ok(await status.isVisible());
  // A site that cancels the event stops the share (no popup opened).
  await page.evaluate(() => document.addEventListener('civic:share', (e) => e.preventDefault()));
  const popups = [];
  context.on('page', (p) => popups.push(p));
  await page.locator('civic-toolbar a[data-network=facebook]').click();
  await page.waitForTimeout(200);
  assert.equal(popups.length, 0);
  await context.close();
});

test('copy link on a portal served over plain http, where there is no Clipboard API, still copies the link', async () => {
  const browser = await launchPlainHttp();
  try {
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
    const page = await newPage(browser, { context });
    await open(page, `http://portal.test:${env.server.port}/`);
    assert.deepEqual(await page.evaluate(() => [isSecureContext, 'clipboard' in navigator]), [false, false]);
    await page.locator('civic-toolbar [data-network=copy]').click();
    assert.equal(await page.locator('civic-toolbar [role=status]').nth(1).innerText(), 'Đã sao chép liên kết');
    // The clipboard, read by a page of the secure origin.
    const reader = await context.newPage();
    await reader.goto(env.server.url + '/fixtures/blank.html');
    const clipboard = () => reader.bringToFront().then(() => reader.evaluate(() => navigator.clipboard.readText()));
    assert.equal(await clipboard(), CLEAN);
    // Then the visitor copies text of the page itself: that is what the clipboard holds (the
    // widget left no listener behind).
    await page.bringToFront();
    await page.evaluate(() => getSelection().selectAllChildren(document.querySelector('h1')));
    await page.keyboard.press('Control+C');
    assert.equal(await clipboard(), await page.evaluate(() => document.querySelector('h1').textContent));
    assert.deepEqual(warnings(page), []);
    assert.deepEqual(page.errors, []);
  } finally {
    await browser.close();
  }
});

test('copy link in a frame of another origin, which the Clipboard API refuses, still copies the link', async () => {
  const context = await env.browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
  // The article in a frame of another origin (127.0.0.2), without allow="clipboard-write".
  const other = env.server.url.replace('127.0.0.1', '127.0.0.2');
  await context.route(other + '/**', async (r) => {
    const res = await r.fetch({ url: r.request().url().replace(other, env.server.url) });
    await r.fulfill({ status: res.status(), contentType: res.headers()['content-type'], body: await res.body() });
  });
  await context.route('**/framer.html', (r) => r.fulfill({ contentType: 'text/html', body: `<!DOCTYPE html><iframe src="${other}/" width="1000" height="700"></iframe>` }));
  const page = await newPage(env.browser, { context });
  await page.goto(env.server.url + '/framer.html');
  const frame = page.frameLocator('iframe');
  await frame.locator('civic-toolbar [data-network=copy]').click();
  assert.equal(await frame.locator('civic-toolbar [role=status]').nth(1).innerText(), 'Đã sao chép liên kết');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), CLEAN);
  await context.close();
});

test('unsafe or unknown configuration: warned once, rest renders', async () => {
  const page = await newPage(env.browser);
  await page.goto(env.server.url + '/fixtures/dynamic.html', { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => window.civicA11y.mountedCount && window.civicA11y.mountedCount() > 0);
  await page.evaluate(() => {
    for (const [id, url, nets] of [['v', 'vbscript:x', ''], ['d', 'data:text/html,x', ''], ['n', 'https://a.gov.vn/?gclid=1', 'myspace,facebook']]) {
      const el = document.createElement('civic-share');
      el.id = id;
      el.setAttribute('data-url', url);
      if (nets) el.setAttribute('data-networks', nets);
      document.getElementById('app').append(el);
    }
  });
  await page.waitForFunction(() => window.civicA11y.mountedCount() === 4);
  const w = warnings(page).map((l) => l.text);
  assert.equal(w.filter((t) => /id="v".*data-url/.test(t)).length, 1);
  assert.equal(w.filter((t) => /id="d".*data-url/.test(t)).length, 1);
  assert.equal(w.filter((t) => /unknown network "myspace"/.test(t)).length, 1);
  assert.equal(await page.locator('#n a[data-network=facebook]').getAttribute('href'),
    'https://www.facebook.com/sharer/sharer.php?u=' + encodeURIComponent('https://a.gov.vn/'));
  assert.equal(await page.locator('#v a').count(), 0);
});
