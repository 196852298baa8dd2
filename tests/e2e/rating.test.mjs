// Issue 6: keyboard voting, replace-not-add, no vote lost (503, offline), one vote per double
// click, NukeViet endpoint compatibility, local mode, accessibility.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, newPage, open, axe, warnings, launchPlainHttp } from './helpers.mjs';

const env = suite();

const aggregate = async (item) => (await fetch(`${env.server.url}/api/ratings/${item}`)).json();
/** Adds a `<civic-rating id=… data-item=… data-endpoint="/api/ratings" [data-csrf=…]>` to the page. */
const addRating = (page, id, item, csrf) =>
  page.evaluate(([id, item, csrf]) => {
    const el = document.createElement('civic-rating');
    el.id = id;
    el.setAttribute('data-item', item);
    el.setAttribute('data-endpoint', '/api/ratings');
    if (csrf) el.setAttribute('data-csrf', csrf);
    document.body.append(el);
  }, [id, item, csrf]);
const summary = (page, id) => page.locator(`#${id} .summary`).innerText();

test('keyboard only: Tab to the stars, arrows move, Space chooses; a second vote replaces the first', async () => {
  const page = await newPage(env.browser);
  await open(page, env.server.url + '/fixtures/rating.html');
  const group = page.locator('#civic').getByRole('radiogroup', { name: 'Click để đánh giá bài viết' });
  assert.equal(await group.getByRole('radio').count(), 5);
  assert.equal(await page.locator('#civic').getByRole('radio', { name: '4 sao' }).count(), 1);
  await page.keyboard.press('Tab'); // the first focusable thing on the page is the first star
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.shadowRoot.activeElement.getAttribute('aria-label')), '4 sao');
  await page.keyboard.press(' ');
  await page.waitForFunction(() => /4 trong 1 đánh giá/.test(document.getElementById('civic').shadowRoot.textContent));
  assert.deepEqual(await aggregate('fx-1'), { item: 'fx-1', count: 1, sum: 4, max: 5, yours: null });
  assert.equal(await page.locator('#civic').getByRole('radio', { name: '4 sao' }).getAttribute('aria-checked'), 'true');
  assert.match(await page.locator('#civic [role=status]').innerText(), /Cảm ơn bạn đã đánh giá 4 sao/);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /2 trong 1 đánh giá/.test(document.getElementById('civic').shadowRoot.textContent));
  assert.equal((await aggregate('fx-1')).count, 1, 'replaced, not added');
  // A star focused some other way (a screen reader's browse mode, a click) is the one Space picks.
  await page.locator('#civic').getByRole('radio', { name: '5 sao' }).focus();
  await page.keyboard.press(' ');
  await page.waitForFunction(() => /5 trong 1 đánh giá/.test(document.getElementById('civic').shadowRoot.textContent));
  await page.keyboard.press('ArrowLeft'); // from the focused star: 4
  await page.keyboard.press('ArrowLeft'); // 3
  await page.keyboard.press('ArrowLeft'); // 2
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /2 trong 1 đánh giá/.test(document.getElementById('civic').shadowRoot.textContent));
  // After reload the server tells the widget which score is ours.
  await page.reload();
  await open(page, env.server.url + '/fixtures/rating.html');
  await page.waitForFunction(() => document.getElementById('civic').shadowRoot.querySelector('[aria-checked=true]'));
  assert.equal(await page.locator('#civic [aria-checked=true]').getAttribute('aria-label'), '2 sao');
});

test('a vote made while the server answers 503 is kept, shown pending, and delivered exactly once after reload', async () => {
  const context = await env.browser.newContext();
  const page = await newPage(env.browser, { context });
  let posts = 0;
  await page.route('**/api/ratings/fx-2', (r) => (r.request().method() === 'POST' ? (posts++, r.fulfill({ status: 503, body: 'down' })) : r.continue()));
  await page.goto(env.server.url + '/fixtures/rating.html', { waitUntil: 'domcontentloaded' });
  await addRating(page, 'r2', 'fx-2');
  await page.waitForFunction(() => window.civicA11y.mountedCount && window.civicA11y.mountedCount() === 4);
  await page.evaluate(() => {
    window.rated = [];
    document.getElementById('r2').addEventListener('civic:rate', (e) => window.rated.push(e.detail));
  });
  await page.locator('#r2').getByRole('radio', { name: '5 sao' }).click();
  await page.waitForFunction(() => /đang chờ gửi/.test(document.getElementById('r2').shadowRoot.querySelector('.note').textContent));
  // The note says so from the click on; the event comes with the 503.
  await page.waitForFunction(() => window.rated.length === 1);
  assert.equal(posts, 1);
  assert.equal((await aggregate('fx-2')).count, 0);
  // The server is back. Even without leaving the page, the back-off retry delivers it, and the
  // widget says so (status, event) as if it had gone out at once.
  await page.unroute('**/api/ratings/fx-2');
  await page.waitForFunction(() => !localStorage.getItem('civic-a11y:pending'), null, { timeout: 12000 });
  assert.equal((await aggregate('fx-2')).count, 1);
  await page.waitForFunction(() => window.rated.length === 2);
  assert.deepEqual(await page.evaluate(() => window.rated.map((d) => [d.score, d.pending, d.count])), [[5, true, 0], [5, false, 1]]);
  assert.match(await page.locator('#r2 [role=status]').innerText(), /Cảm ơn bạn đã đánh giá 5 sao/);
  assert.equal(await page.locator('#r2 .note').isVisible(), false, 'no longer shown as waiting');
  // And on any later page nothing is sent again.
  const next = await newPage(env.browser, { context });
  await open(next, env.server.url + '/fixtures/rating.html');
  await next.waitForFunction(() => !localStorage.getItem('civic-a11y:pending'));
  await next.reload();
  await open(next, env.server.url + '/fixtures/rating.html');
  await next.waitForTimeout(300);
  assert.deepEqual(await aggregate('fx-2'), { item: 'fx-2', count: 1, sum: 5, max: 5, yours: null });
  await context.close();
});

test('offline: the vote waits and goes out when the browser is back online; a double click sends one vote', async () => {
  const context = await env.browser.newContext();
  const page = await newPage(env.browser, { context });
  await open(page, env.server.url + '/fixtures/rating.html');
  const posts = [];
  page.on('request', (r) => r.method() === 'POST' && posts.push(r.url()));
  await context.setOffline(true);
  await page.locator('#civic').getByRole('radio', { name: '3 sao' }).click();
  await page.waitForFunction(() => /đang chờ gửi/.test(document.getElementById('civic').shadowRoot.textContent));
  const before = await aggregate('fx-1');
  await context.setOffline(false);
  await page.waitForFunction(() => !localStorage.getItem('civic-a11y:pending'));
  const after = await aggregate('fx-1');
  assert.equal(after.count, before.count + 1, 'a new voter (new browser profile)');
  assert.equal(after.sum, before.sum + 3);
  posts.length = 0;
  await page.locator('#civic').getByRole('radio', { name: '1 sao' }).dblclick();
  await page.waitForFunction(() => /Cảm ơn bạn đã đánh giá 1 sao/.test(document.getElementById('civic').shadowRoot.textContent));
  await page.waitForTimeout(200);
  assert.equal(posts.length, 1, 'one POST for a double click');
  assert.equal((await aggregate('fx-1')).sum, before.sum + 1);
  // On a slow device the second click can come after the first vote was acknowledged: the same
  // score again is confirmed, not sent again.
  await page.locator('#civic').getByRole('radio', { name: '1 sao' }).click();
  await page.waitForTimeout(200);
  assert.equal(posts.length, 1, 'no POST for re-choosing the acknowledged score');
  assert.match(await page.locator('#civic [role=status]').innerText(), /Cảm ơn bạn đã đánh giá 1 sao/);
  await context.close();
});

test('NukeViet protocol: posts id, point, checkss as a form and reads "text|average|count"', async () => {
  const page = await newPage(env.browser);
  let form = null;
  await page.route('**/index.php?*', async (r) => {
    form = { url: r.request().url(), body: r.request().postData(), type: r.request().headers()['content-type'] };
    await r.fulfill({ contentType: 'text/plain', body: 'Cảm ơn bạn|4.5|2' });
  });
  await open(page, env.server.url + '/fixtures/rating.html');
  await page.locator('#nv').getByRole('radio', { name: '5 sao' }).click();
  await page.waitForFunction(() => /9 trong 2 đánh giá/.test(document.getElementById('nv').shadowRoot.textContent));
  assert.match(form.url, /index\.php\?language=vi&nv=news&op=rating&nocache=\d{13}$/);
  assert.equal(form.body, 'id=1234&point=5&checkss=abc123def');
  assert.match(form.type, /^application\/x-www-form-urlencoded/);
});

test('the vote module is fetched only for an answer that needs reading; while it cannot load, the vote waits and goes out later', async () => {
  const page = await newPage(env.browser);
  const fetched = () => page.requests.filter((u) => /\/(vote\.js|civic_a11y_vote_bg\.wasm)$/.test(u)).length;
  let posts = 0;
  await page.route('**/index.php?*', (r) => {
    posts += 1;
    return r.fulfill({ contentType: 'text/plain', body: 'Cảm ơn bạn|4.5|2' });
  });
  await page.route('**/civic_a11y_vote_bg.wasm', (r) => r.fulfill({ status: 404, body: 'gone' }));
  await open(page, env.server.url + '/fixtures/rating.html');
  // A civic vote that the server accepts: its figures are read by the main module.
  await page.locator('#civic').getByRole('radio', { name: '3 sao' }).click();
  await page.waitForFunction(() => /Cảm ơn bạn đã đánh giá 3 sao/.test(document.querySelector('#civic').shadowRoot.querySelector('[role=status]').textContent));
  assert.equal(fetched(), 0, 'no vote module for an accepted civic vote');
  // A NukeViet reply needs it, and it does not load: the vote is kept and shown waiting.
  await page.locator('#nv').getByRole('radio', { name: '5 sao' }).click();
  await page.waitForFunction(() => /đang chờ gửi/.test(document.querySelector('#nv').shadowRoot.querySelector('.note').textContent));
  assert.equal(posts, 1);
  assert.match(await page.evaluate(() => localStorage.getItem('civic-a11y:pending')), /\t5\t1234\t/);
  // (Console messages reach the test after the page has moved on: wait for the line.)
  const unread = () => warnings(page).filter((w) => /vote module \(vote\.js, civic_a11y_vote_bg\.wasm\) did not load/.test(w.text));
  for (let i = 0; i < 100 && !unread().length; i++) await page.waitForTimeout(20);
  assert.equal(unread().length, 1);
  // The next flush (here the `online` event) loads it, sends the vote again and reads the reply.
  await page.unroute('**/civic_a11y_vote_bg.wasm');
  await page.evaluate(() => dispatchEvent(new Event('online')));
  await page.waitForFunction(() => /9 trong 2 đánh giá/.test(document.getElementById('nv').shadowRoot.textContent));
  assert.equal(posts, 2);
  assert.equal(await page.evaluate(() => localStorage.getItem('civic-a11y:pending')), null);
  assert.deepEqual(page.errors, []);
});

/**
 * A route that answers like NukeViet's modules/news/funcs/rating.php (3.x or 4.x): `Wrong URL`
 * unless the request looks like its own AJAX call (nocache of 10+ digits, a referer from the
 * site), the checkss bound to the session, one vote per article per session (= browser context).
 */
function nukeviet(version, checkss) {
  const voted = new Set();
  let total = 0;
  let clicks = 0;
  const tail = version === 4 ? '|0|0' : '';
  return (route) => {
    const req = route.request();
    const nocache = new URL(req.url()).searchParams.get('nocache') || '';
    const referer = req.headers().referer || '';
    if (!/^\d{10,}$/.test(nocache) || !referer.startsWith(env.server.url)) return route.fulfill({ body: 'Wrong URL' });
    const form = new URLSearchParams(req.postData() || '');
    const id = form.get('id');
    const point = Number(form.get('point'));
    if (!(Number(id) > 0 && [1, 2, 3, 4, 5].includes(point) && form.get('checkss') === checkss)) {
      return route.fulfill({ body: 'Đánh giá không hợp lệ' + tail });
    }
    if (voted.has(id)) return route.fulfill({ body: 'Bạn đã đánh giá bài viết này rồi' + tail });
    voted.add(id);
    total += point;
    clicks += 1;
    const sentence = `Tổng số điểm của bài viết là: ${total} trong ${clicks} đánh giá`;
    return route.fulfill({ body: version === 4 ? `${sentence}|${Math.round((total / clicks) * 10) / 10}|${clicks}` : sentence });
  };
}

for (const version of [3, 4]) {
  test(`NukeViet ${version}.x rating.php: the vote counts, a second vote in the session is shown as refused`, async () => {
    const context = await env.browser.newContext();
    await context.route('**/index.php?*', nukeviet(version, 'abc123def'));
    const page = await newPage(env.browser, { context });
    await open(page, env.server.url + '/fixtures/rating.html');
    await page.locator('#nv').getByRole('radio', { name: '4 sao' }).click();
    await page.waitForFunction(() => /Cảm ơn bạn đã đánh giá 4 sao/.test(document.querySelector('#nv').shadowRoot.querySelector('[role=status]').textContent));
    assert.match(await summary(page, 'nv'), /4 trong 1 đánh giá/);
    // The same session votes again: NukeViet refuses; the totals stay, the reason is shown.
    await page.locator('#nv').getByRole('radio', { name: '5 sao' }).click();
    await page.waitForFunction(() => /Bạn đã đánh giá bài viết này rồi/.test(document.querySelector('#nv').shadowRoot.querySelector('.note').textContent));
    assert.doesNotMatch(await page.locator('#nv .note').innerText(), /\|0\|0/);
    assert.match(await summary(page, 'nv'), /4 trong 1 đánh giá/);
    assert.equal(await page.evaluate(() => localStorage.getItem('civic-a11y:pending')), null, 'nothing left to resend');
    await context.close();
  });
}

test('NukeViet: a vote made during a 503 is resent as the same form on the next page, and a refusal ends the retries', async () => {
  const context = await env.browser.newContext();
  let mode = 'down';
  const bodies = [];
  await context.route('**/index.php?*', async (r) => {
    bodies.push(r.request().postData());
    if (mode === 'down') return r.fulfill({ status: 503, body: 'down' });
    if (mode === 'up') return r.fulfill({ contentType: 'text/plain', body: 'Cảm ơn bạn|4|3' });
    return r.fulfill({ contentType: 'text/plain', body: 'Phiên làm việc đã hết hạn' }); // expired checkss
  });
  const page = await newPage(env.browser, { context });
  await open(page, env.server.url + '/fixtures/rating.html');
  await page.locator('#nv').getByRole('radio', { name: '4 sao' }).click();
  await page.waitForFunction(() => /đang chờ gửi/.test(document.getElementById('nv').shadowRoot.textContent));
  await page.close();
  mode = 'up';
  const next = await newPage(env.browser, { context });
  await open(next, env.server.url + '/fixtures/dynamic.html');
  await next.waitForFunction(() => !localStorage.getItem('civic-a11y:pending'));
  assert.deepEqual(bodies, ['id=1234&point=4&checkss=abc123def', 'id=1234&point=4&checkss=abc123def'], 'the same form, not the civic JSON');
  // A vote NukeViet refuses (its checkss expired with the session) is dropped, not retried forever.
  mode = 'down';
  await next.goto(env.server.url + '/fixtures/rating.html');
  await next.locator('#nv').getByRole('radio', { name: '2 sao' }).click();
  await next.waitForFunction(() => /đang chờ gửi/.test(document.getElementById('nv').shadowRoot.textContent));
  mode = 'expired';
  // One navigation: the refusal must reach the widget on the page that resends the vote.
  await open(next, env.server.url + '/fixtures/rating.html');
  await next.waitForFunction(() => !localStorage.getItem('civic-a11y:pending'));
  // The widget on this page no longer says "waiting": it shows and announces why, and no star
  // is checked.
  await next.waitForFunction(() => /Không gửi được đánh giá: Phiên làm việc đã hết hạn/.test(document.getElementById('nv').shadowRoot.querySelector('.note').textContent));
  assert.equal(await next.locator('#nv .note').isVisible(), true);
  assert.match(await next.locator('#nv [role=status]').innerText(), /Không gửi được đánh giá/);
  assert.equal(await next.locator('#nv [role=radio][aria-checked=true]').count(), 0);
  const sent = bodies.length;
  await open(next, env.server.url + '/fixtures/rating.html');
  await next.waitForTimeout(300);
  assert.equal(bodies.length, sent, 'nothing resent after the refusal');
  await context.close();
});

test('a resent vote carries a CSRF token: the current page\'s for that endpoint, else the one it was made with', async () => {
  const context = await env.browser.newContext();
  let down = true;
  const seen = [];
  await context.route('**/api/ratings/fx-csrf-*', (r) => {
    if (r.request().method() !== 'POST') return r.continue();
    seen.push(r.request().url().split('/').pop() + ' ' + r.request().headers()['x-csrf-token']);
    return down ? r.fulfill({ status: 503, body: 'down' }) : r.continue();
  });
  const vote = async (page, id, item) => {
    await addRating(page, id, item, 'tok-old');
    await page.locator('#' + id).getByRole('radio', { name: '4 sao' }).click();
    await page.waitForFunction((id) => /đang chờ gửi/.test(document.getElementById(id).shadowRoot.textContent), id);
  };
  const page = await newPage(env.browser, { context });
  await open(page, env.server.url + '/fixtures/rating.html');
  await vote(page, 'c1', 'fx-csrf-1');
  await page.close();
  down = false;
  // No rating widget on the next page: the token the vote was made with.
  const next = await newPage(env.browser, { context });
  await open(next, env.server.url + '/fixtures/dynamic.html');
  await next.waitForFunction(() => !localStorage.getItem('civic-a11y:pending'));
  down = true;
  await next.goto(env.server.url + '/fixtures/rating.html');
  await vote(next, 'c2', 'fx-csrf-2');
  down = false;
  // A page whose rating widget for the same endpoint has a newer token (the session moved on).
  await next.route('**/fixtures/rating.html', async (r) => {
    const html = await (await r.fetch()).text();
    await r.fulfill({ contentType: 'text/html', body: html.replace('id="civic"', 'id="civic" data-csrf="tok-new"') });
  });
  await next.goto(env.server.url + '/fixtures/rating.html');
  await next.waitForFunction(() => !localStorage.getItem('civic-a11y:pending'));
  assert.deepEqual(seen, ['fx-csrf-1 tok-old', 'fx-csrf-1 tok-old', 'fx-csrf-2 tok-old', 'fx-csrf-2 tok-new']);
  assert.equal((await aggregate('fx-csrf-2')).count, 1);
  await context.close();
});

test('a vote the server refuses for good (403) is not kept: the note says why, visibly, and nothing is retried', async () => {
  const context = await env.browser.newContext();
  const page = await newPage(env.browser, { context });
  let posts = 0;
  await page.route('**/api/ratings/fx-refused', (r) =>
    r.request().method() === 'POST' ? (posts++, r.fulfill({ status: 403, contentType: 'application/json', body: '{"error":"missing or wrong X-CSRF-Token"}' })) : r.continue()
  );
  await open(page, env.server.url + '/fixtures/rating.html');
  await addRating(page, 'rf', 'fx-refused');
  await page.waitForFunction(() => window.civicA11y.mountedCount() === 4);
  const errors = [];
  await page.exposeFunction('onCivicError', (d) => errors.push(d));
  await page.evaluate(() => document.getElementById('rf').addEventListener('civic:error', (e) => window.onCivicError(e.detail)));
  await page.locator('#rf').getByRole('radio', { name: '2 sao' }).click();
  await page.waitForFunction(() => /Không gửi được đánh giá: missing or wrong X-CSRF-Token/.test(document.getElementById('rf').shadowRoot.querySelector('.note').textContent));
  assert.equal(await page.locator('#rf .note').isVisible(), true);
  assert.equal(await page.locator('#rf [role=radio][aria-checked=true]').count(), 0);
  assert.deepEqual(errors, [{ widget: 'rating', message: 'missing or wrong X-CSRF-Token' }]);
  assert.equal(await page.evaluate(() => localStorage.getItem('civic-a11y:pending')), null);
  await page.waitForTimeout(300);
  assert.equal(posts, 1);
  await context.close();
});

test('an endpoint that does not exist (404/405/501) is a configuration error: said plainly, reported once, not queued; 408 keeps the vote', async () => {
  const context = await env.browser.newContext();
  const page = await newPage(env.browser, { context });
  await page.route('**/api/ratings/fx-none*', (r) => r.fulfill({ status: r.request().method() === 'POST' ? 501 : 404, body: 'no' }));
  await page.route('**/api/ratings/fx-slow', (r) => r.fulfill({ status: 408, body: 'timeout' }));
  await open(page, env.server.url + '/fixtures/rating.html');
  await addRating(page, 'none', 'fx-none');
  await addRating(page, 'slow', 'fx-slow');
  await page.waitForFunction(() => window.civicA11y.mountedCount() === 5);
  const errors = [];
  await page.exposeFunction('onCivicError', (d) => errors.push(d));
  await page.evaluate(() => document.getElementById('none').addEventListener('civic:error', (e) => window.onCivicError(e.detail)));
  await page.locator('#none').getByRole('radio', { name: '3 sao' }).click();
  await page.waitForFunction(() => /Không gửi được đánh giá: trang này chưa nhận đánh giá/.test(document.getElementById('none').shadowRoot.querySelector('.note').textContent));
  assert.doesNotMatch(await page.locator('#none').innerText(), /gửi lại tự động/);
  assert.deepEqual(errors, [{ widget: 'rating', message: 'trang này chưa nhận đánh giá' }]);
  const told = page.logs.filter((l) => l.type === 'warning' && /data-endpoint "\/api\/ratings" answered HTTP 404/.test(l.text));
  assert.equal(told.length, 1, 'the webmaster is told once (the GET and the POST both failed)');
  assert.equal(await page.evaluate(() => localStorage.getItem('civic-a11y:pending')), null);
  // A request timeout is the network's fault: the vote waits.
  await page.locator('#slow').getByRole('radio', { name: '4 sao' }).click();
  await page.waitForFunction(() => /đang chờ gửi/.test(document.getElementById('slow').shadowRoot.textContent));
  assert.match(await page.evaluate(() => localStorage.getItem('civic-a11y:pending')), /fx-slow/);
  await context.close();
});

test('impossible figures from the server are not shown: the last good ones stay, with one warning', async () => {
  const page = await newPage(env.browser);
  await page.route('**/api/ratings/fx-broken', (r) =>
    r.fulfill({ contentType: 'application/json', body: '{"item":"fx-broken","count":1,"sum":500,"max":5,"yours":null}' }));
  await page.route('**/api/ratings/fx-huge', (r) =>
    r.fulfill({ contentType: 'application/json', body: '{"item":"fx-huge","count":4294967295,"sum":4294967295,"max":5,"yours":null}' }));
  await open(page, env.server.url + '/fixtures/rating.html');
  await page.evaluate(() => {
    for (const item of ['fx-broken', 'fx-huge']) {
      const el = document.createElement('civic-rating');
      el.id = item;
      el.setAttribute('data-item', item);
      el.setAttribute('data-endpoint', '/api/ratings');
      el.setAttribute('data-sum', '9');
      el.setAttribute('data-count', '2');
      document.body.append(el);
    }
  });
  await page.waitForFunction(() => window.civicA11y.mountedCount() === 5);
  await page.waitForFunction(() => document.querySelectorAll('civic-rating').length && performance.getEntriesByType('resource').filter((e) => /fx-(broken|huge)/.test(e.name)).length === 2);
  await page.waitForTimeout(200);
  for (const id of ['fx-broken', 'fx-huge']) {
    assert.match(await summary(page, id), /9 trong 2 đánh giá/, id);
    const width = await page.evaluate((id) => document.getElementById(id).shadowRoot.querySelector('.avg-fill').style.width, id);
    assert.equal(width, '90%', id);
  }
  assert.equal(page.logs.filter((l) => l.type === 'warning' && /impossible figures/.test(l.text)).length, 2);
});

test('votes planted in storage for other origins are never sent', async () => {
  const context = await env.browser.newContext();
  const evil = [];
  await context.route(/evil\.example/, (r) => (evil.push(r.request().url()), r.fulfill({ contentType: 'application/json', body: '{"count":1,"sum":4}' })));
  const page = await newPage(env.browser, { context });
  await page.addInitScript(() =>
    localStorage.setItem('civic-a11y:pending', '4\tnews-1\thttps://evil.example/api\n3\tnews-2\t//evil.example/api\n'));
  await open(page, env.server.url + '/fixtures/rating.html');
  await page.waitForTimeout(500);
  assert.deepEqual(evil, [], 'no voter id or token leaves for an origin this site never declared');
  await context.close();
});

test('an unrated article never looks rated: empty average stars are outlines at every contrast level', async () => {
  const page = await newPage(env.browser);
  await open(page, env.server.url + '/fixtures/rating.html');
  await page.evaluate(() => {
    const el = document.createElement('civic-rating');
    el.id = 'unrated';
    el.setAttribute('data-item', 'fx-unrated');
    document.body.append(el);
  });
  await page.waitForFunction(() => document.getElementById('unrated').shadowRoot?.querySelector('.avg-bg'));
  for (const level of ['normal', 'high', 'dark']) {
    await page.evaluate((l) => window.civicA11y.setContrast(l), level);
    const avg = await page.evaluate(() => {
      const r = document.getElementById('unrated').shadowRoot;
      const bg = r.querySelector('.avg-bg');
      const fill = r.querySelector('.avg-fill');
      return { bg: bg.textContent, fill: fill.getBoundingClientRect().width, bgWidth: bg.getBoundingClientRect().width, fillText: fill.scrollWidth };
    });
    assert.equal(avg.bg, '☆☆☆☆☆', level);
    assert.equal(avg.fill, 0, level);
    // The filled stars drawn over the outlines line up with them (same advance width).
    assert.ok(Math.abs(avg.bgWidth - avg.fillText) <= 1, JSON.stringify(avg));
  }
});

test('a page view sends no voter id; the visitor\'s own score is remembered in the browser; ids are per article', async () => {
  const context = await env.browser.newContext();
  const page = await newPage(env.browser, { context });
  const posts = [];
  page.on('request', (r) => r.method() === 'POST' && /\/api\/ratings\//.test(r.url()) && posts.push(JSON.parse(r.postData()).voter));
  await open(page, env.server.url + '/fixtures/rating.html');
  await addRating(page, 'p1', 'fx-privacy-1');
  await addRating(page, 'p2', 'fx-privacy-2');
  await page.waitForFunction(() => window.civicA11y.mountedCount() === 5);
  await page.locator('#p1').getByRole('radio', { name: '4 sao' }).click();
  await page.locator('#p2').getByRole('radio', { name: '2 sao' }).click();
  await page.waitForFunction(() => !localStorage.getItem('civic-a11y:pending'));
  assert.equal(posts.length, 2);
  assert.notEqual(posts[0], posts[1], 'one id per article: votes cannot be linked across articles');
  await page.reload();
  await page.waitForFunction(() => window.civicA11y?.mountedCount?.() >= 3);
  await addRating(page, 'p1', 'fx-privacy-1');
  await page.waitForFunction(() => document.getElementById('p1').shadowRoot?.querySelector('[aria-checked=true]'));
  assert.equal(await page.locator('#p1 [role=radio][aria-checked=true]').getAttribute('aria-label'), '4 sao');
  const gets = page.requests.filter((u) => /\/api\/ratings\//.test(u));
  assert.ok(gets.length >= 3 && gets.every((u) => !/voter/.test(u)), gets.join(' '));
  // And the server tells nobody whose vote is whose, even given the id.
  const peek = await (await fetch(`${env.server.url}/api/ratings/fx-privacy-1?voter=${posts[0]}`)).json();
  assert.equal(peek.yours, null);
  await context.close();
});

test('on a portal served over plain http the voter id is as random as on https (randomUUID() is for secure contexts only)', async () => {
  const browser = await launchPlainHttp();
  try {
    const page = await newPage(browser);
    // Math.random() is not made for secrets: here it answers the same to every visitor.
    await page.addInitScript(() => (Math.random = () => ((window.predictable = true), 0.5)));
    const posts = [];
    page.on('request', (r) => r.method() === 'POST' && posts.push(JSON.parse(r.postData()).voter));
    await open(page, `http://portal.test:${env.server.port}/fixtures/rating.html`);
    assert.equal(await page.evaluate(() => isSecureContext), false);
    await addRating(page, 'p1', 'fx-http-1');
    await page.waitForFunction(() => document.getElementById('p1').shadowRoot);
    await page.locator('#p1').getByRole('radio', { name: '3 sao' }).click();
    await page.waitForFunction(() => !localStorage.getItem('civic-a11y:pending'));
    assert.equal(posts.length, 1);
    assert.match(posts[0], /^[0-9-]{16,64}$/);
    assert.equal(await page.evaluate(() => window.predictable), undefined, 'Math.random() was not used');
    assert.equal((await aggregate('fx-http-1')).count, 1);
  } finally {
    await browser.close();
  }
});

test('storage full: the tab keeps the voter id and the waiting vote (counted once, delivered on the next page); with no storage at all the note says to keep the page open', async () => {
  const context = await env.browser.newContext();
  // localStorage refuses every write, as when the site's quota is full.
  await context.addInitScript(() => {
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      if (this === window.localStorage || (window.__noSession && this === window.sessionStorage)) {
        throw new DOMException('quota', 'QuotaExceededError');
      }
      return set.call(this, k, v);
    };
  });
  const page = await newPage(env.browser, { context });
  await open(page, env.server.url + '/fixtures/rating.html');
  for (const score of ['4 sao', '5 sao', '3 sao']) {
    await addRating(page, 'full', 'fx-full');
    await page.locator('#full').getByRole('radio', { name: score }).click();
    await page.waitForFunction(() => /Cảm ơn bạn/.test(document.getElementById('full').shadowRoot.querySelector('[role=status]').textContent));
    await page.reload();
    await page.waitForFunction(() => window.civicA11y?.mountedCount?.() >= 3);
  }
  assert.deepEqual([(await aggregate('fx-full')).count, (await aggregate('fx-full')).sum], [1, 3], 'one visitor, one vote');
  // A vote during an outage waits in the tab and goes out on the next page.
  await page.route('**/api/ratings/fx-full-2', (r) => (r.request().method() === 'POST' ? r.fulfill({ status: 503, body: 'down' }) : r.continue()));
  await addRating(page, 'full2', 'fx-full-2');
  await page.locator('#full2').getByRole('radio', { name: '2 sao' }).click();
  await page.waitForFunction(() => /sẽ được gửi lại tự động/.test(document.getElementById('full2').shadowRoot.querySelector('.note').textContent));
  await page.unroute('**/api/ratings/fx-full-2');
  await page.reload();
  await page.waitForFunction(() => window.civicA11y?.mountedCount?.() >= 3);
  await page.waitForFunction(() => !sessionStorage.getItem('civic-a11y:pending'));
  assert.equal((await aggregate('fx-full-2')).count, 1);
  // No storage at all: the promise changes.
  await page.evaluate(() => (window.__noSession = true));
  await page.route('**/api/ratings/fx-full-3', (r) => (r.request().method() === 'POST' ? r.fulfill({ status: 503, body: 'down' }) : r.continue()));
  await addRating(page, 'full3', 'fx-full-3');
  await page.locator('#full3').getByRole('radio', { name: '2 sao' }).click();
  await page.waitForFunction(() => /để trang này mở/.test(document.getElementById('full3').shadowRoot.querySelector('.note').textContent));
  assert.doesNotMatch(await page.locator('#full3 .note').innerText(), /tự động/);
  await context.close();
});

test('without data-endpoint the score stays on this device and says so', async () => {
  const page = await newPage(env.browser);
  await open(page, env.server.url + '/fixtures/rating.html');
  assert.match(await summary(page, 'local'), /Rated 4\.5 out of 5 by 2 people/);
  await page.locator('#local').getByRole('radio', { name: '2 stars' }).click();
  assert.match(await page.locator('#local .note').innerText(), /kept on this device only/);
  await page.reload();
  await open(page, env.server.url + '/fixtures/rating.html');
  assert.equal(await page.locator('#local [aria-checked=true]').getAttribute('aria-label'), '2 stars');
  assert.ok(!page.requests.some((u) => u.includes('fx-local')));
});

test('axe finds nothing in the rating widgets; the stars are 24×24 px or larger', async () => {
  const page = await newPage(env.browser);
  await open(page, env.server.url + '/fixtures/rating.html');
  assert.deepEqual(await axe(page, { include: ['civic-rating'] }), []);
  for (const b of await page.locator('#civic [role=radio]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()))) {
    assert.ok(b.width >= 24 && b.height >= 24, JSON.stringify(b));
  }
});

test('data-schema writes JSON-LD matching the visible numbers, through Trusted Types, with no CSP violation', async () => {
  const page = await newPage(env.browser);
  await open(page, env.server.url + '/fixtures/csp/');
  const ld = await page.evaluate(() => [...document.querySelectorAll('script[type="application/ld+json"]')].map((s) => s.text));
  assert.equal(ld.length, 1, 'only the rating with data-schema');
  assert.deepEqual(JSON.parse(ld[0]), {
    '@context': 'https://schema.org', '@type': 'CreativeWork', name: 'Bài viết "thử" </script>',
    aggregateRating: { '@type': 'AggregateRating', ratingValue: 4.5, bestRating: 5, worstRating: 1, ratingCount: 2 },
  });
  assert.ok(!ld[0].includes('</script'), 'cannot close its element');
  assert.match(await page.locator('#schema .summary').innerText(), /9 trong 2 đánh giá/);
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  // Without data-schema nothing is added to the page.
  const plain = await newPage(env.browser);
  await open(plain, env.server.url + '/fixtures/rating.html');
  assert.equal(await plain.locator('script[type="application/ld+json"]').count(), 0);
});

test('a vote made during a 503, with the page closed before any retry, is delivered exactly once on the next page', async () => {
  const context = await env.browser.newContext();
  const page = await newPage(env.browser, { context });
  await page.route('**/api/ratings/fx-3', (r) => (r.request().method() === 'POST' ? r.fulfill({ status: 503, body: 'down' }) : r.continue()));
  await open(page, env.server.url + '/fixtures/rating.html');
  await addRating(page, 'r3', 'fx-3');
  await page.waitForFunction(() => window.civicA11y.mountedCount() === 4);
  await page.locator('#r3').getByRole('radio', { name: '4 sao' }).click();
  await page.waitForFunction(() => /đang chờ gửi/.test(document.getElementById('r3').shadowRoot.textContent));
  await page.close(); // before the first retry (5 s)
  assert.equal((await aggregate('fx-3')).count, 0);
  const posts = [];
  const next = await newPage(env.browser, { context });
  next.on('request', (r) => r.method() === 'POST' && posts.push(r.url()));
  await open(next, env.server.url + '/fixtures/dynamic.html'); // any page of the site
  await next.waitForFunction(() => !localStorage.getItem('civic-a11y:pending'));
  await next.reload();
  await open(next, env.server.url + '/fixtures/dynamic.html');
  await next.waitForTimeout(300);
  assert.deepEqual(await aggregate('fx-3'), { item: 'fx-3', count: 1, sum: 4, max: 5, yours: null });
  assert.equal(posts.length, 1, 'sent once, not again after the reload');
  await context.close();
});
