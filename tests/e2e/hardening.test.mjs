// Issue 8: hostile pages, hostile input, locked-down browsers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, newPage, open, warnings, rewrite } from './helpers.mjs';

const env = suite();

test('global resets and hostile rules in the host page do not hide or break the widgets', async () => {
  const page = await newPage(env.browser);
  await open(page, env.server.url + '/fixtures/hostile.html');
  const bar = page.locator('civic-toolbar');
  for (const name of [/^A\+ /, /^A- /, 'Tăng tương phản']) {
    const b = bar.getByRole('button', { name });
    assert.ok(await b.isVisible(), String(name));
    const box = await b.boundingBox();
    assert.ok(box.width >= 24 && box.height >= 24, `${name}: ${JSON.stringify(box)}`);
  }
  assert.ok(await bar.locator('a[data-network=facebook]').isVisible());
  await bar.getByRole('button', { name: /^A\+ / }).click();
  // The first change fetches the text scaler (the late module): it applies when that arrives.
  await page.waitForFunction(() => window.civicA11y.getTextSize() === 1.15);
  assert.ok(await page.locator('[data-civic=rating]').getByRole('radio', { name: '5 sao' }).isVisible());
  assert.deepEqual(page.errors, []);
});

test('a legacy page without a doctype (quirks mode): every widget looks as it does in standards mode', async () => {
  // The same page twice: as served (quirks mode), and with a doctype. Everything drawn in the
  // widgets' shadow roots must compute the same size, line height, colour and height.
  const look = async (doctype) => {
    const context = await env.browser.newContext();
    if (doctype) await rewrite(context, '**/fixtures/quirks.html', (html) => '<!DOCTYPE html>\n' + html);
    const page = await newPage(env.browser, { context });
    await open(page, env.server.url + '/fixtures/quirks.html');
    await page.waitForFunction(() => document.querySelector('civic-stats').shadowRoot?.querySelector('td'));
    const seen = await page.evaluate(() => {
      const out = { mode: document.compatMode };
      for (const host of document.querySelectorAll('civic-toolbar, civic-rating, civic-stats')) {
        [...host.shadowRoot.querySelectorAll('*')].forEach((el, i) => {
          const cs = getComputedStyle(el);
          out[`${host.localName} ${i} ${el.localName}`] = [cs.fontSize, cs.lineHeight, cs.color, cs.fontWeight, Math.round(el.getBoundingClientRect().height)].join(' ');
        });
      }
      return out;
    });
    assert.deepEqual(warnings(page), []);
    await context.close();
    return seen;
  };
  const quirks = await look(false);
  const standards = await look(true);
  assert.equal(quirks.mode, 'BackCompat');
  assert.equal(standards.mode, 'CSS1Compat');
  assert.ok(Object.keys(standards).length > 40 && Object.keys(standards).some((k) => k.startsWith('civic-stats') && k.endsWith(' td')));
  delete quirks.mode;
  delete standards.mode;
  assert.deepEqual(quirks, standards);
});

test('a legacy page in windows-1258 on a server that names no charset: every label and the page\'s own words read right', async () => {
  const context = await env.browser.newContext();
  // As many servers send them: no charset. The browser then decodes a classic script as it
  // decodes the page, so the loader must be ASCII; the modules are UTF-8 whatever is sent.
  await context.route(/\/(pkg\/[^/?]+\.js|fixtures\/win1258\.html)$/, async (route) => {
    const response = await route.fetch();
    const type = route.request().url().endsWith('.html') ? 'text/html' : 'text/javascript';
    await route.fulfill({ status: response.status(), body: await response.body(), headers: { 'content-type': type } });
  });
  const page = await newPage(env.browser, { context });
  await open(page, env.server.url + '/fixtures/win1258.html');
  const seen = await page.evaluate(() => [
    document.characterSet,
    [...document.querySelector('civic-toolbar').shadowRoot.querySelectorAll('button')].map((b) => b.textContent.trim()).filter((t) => /tương phản/.test(t)),
    document.querySelector('civic-rating').shadowRoot.textContent.normalize('NFC').includes('Đánh giá bài viết này'),
  ]);
  assert.deepEqual(seen, ['windows-1258', ['Tăng tương phản', 'Giảm tương phản'], true]);
  assert.deepEqual(warnings(page), []);
  await context.close();
});

test('corrupted storage values: defaults, one warning each, nothing thrown', async () => {
  const context = await env.browser.newContext();
  const page = await newPage(env.browser, { context });
  await open(page, env.server.url + '/fixtures/dynamic.html'); // started: this tab will not read them
  await page.evaluate(() => {
    localStorage.setItem('civic-a11y:text-size', '9999');
    localStorage.setItem('civic-a11y:contrast', '<img src=x onerror=alert(1)>');
    localStorage.setItem('civic-a11y:pending', 'garbage\n\t\t\n99\tx\t/y\n');
    localStorage.setItem('civic-a11y:voter', '"}');
  });
  const next = await newPage(env.browser, { context });
  await open(next, env.server.url + '/fixtures/rating.html');
  assert.equal(await next.evaluate(() => window.civicA11y.getTextSize()), 1);
  assert.equal(await next.evaluate(() => window.civicA11y.getContrast()), 'normal');
  assert.equal(await next.getAttribute('html', 'data-civic-contrast'), null, 'the page as designed');
  assert.equal(await next.getAttribute('html', 'data-civic-pending'), null, 'page not left hidden');
  const w = warnings(next).map((l) => l.text);
  assert.ok(w.some((t) => /corrupted saved text size/.test(t)), JSON.stringify(w));
  assert.ok(w.some((t) => /corrupted saved contrast/.test(t)), JSON.stringify(w));
  assert.deepEqual(next.errors, []);
  // Voting still works: the corrupt voter id is not used, the article gets a good one of its own.
  await next.locator('#civic').getByRole('radio', { name: '3 sao' }).click();
  await next.waitForFunction(() => /Cảm ơn/.test(document.getElementById('civic').shadowRoot.textContent));
  assert.match(await next.evaluate(() => localStorage.getItem('civic-a11y:voter:fx-1')), /^\d+(-\d+){3}$/);
  await context.close();
});

test('WebAssembly forbidden by CSP: one clear console message, the page stays visible, no half-built widgets', async () => {
  const context = await env.browser.newContext();
  const first = await newPage(env.browser, { context });
  await first.goto(env.server.url + '/fixtures/dynamic.html', { waitUntil: 'domcontentloaded' });
  await first.evaluate(() => localStorage.setItem('civic-a11y:text-size', '1.3')); // would hide the page while applying
  const page = await newPage(env.browser, { context });
  await page.goto(env.server.url + '/fixtures/nowasm.html', { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => !document.documentElement.hasAttribute('data-civic-pending'));
  await page.waitForTimeout(300);
  const msgs = page.logs.filter((l) => l.text.startsWith('civic-a11y')).map((l) => l.text);
  assert.equal(msgs.length, 1, JSON.stringify(msgs));
  assert.match(msgs[0], /wasm-unsafe-eval/);
  assert.ok(await page.locator('#text').isVisible());
  assert.equal(await page.evaluate(() => document.querySelector('civic-toolbar').shadowRoot), null);
  // Fallback content written inside the element is what visitors get instead.
  assert.ok(await page.locator('#fallback').isVisible());
  await context.close();
});

test('inside a form around the whole page (ASP.NET WebForms), no control submits it: buttons, stars by click and by key', async () => {
  const context = await env.browser.newContext();
  await rewrite(context, /\/$/, (html) =>
    html.replace(/<body([^>]*)>/, '<body$1><form method="post" action="/postback"><input type="hidden" name="__VIEWSTATE" value="x">').replace('</body>', '</form></body>')
  );
  const page = await newPage(env.browser, { context });
  const postbacks = [];
  page.on('request', (r) => r.url().endsWith('/postback') && postbacks.push(r.method()));
  await open(page, env.server.url + '/');
  assert.equal(await page.evaluate(() => document.querySelector('form').contains(document.querySelector('civic-toolbar'))), true);
  const toolbar = page.locator('civic-toolbar');
  for (const b of await toolbar.getByRole('button').all()) if (await b.isEnabled()) await b.click();
  const stars = page.locator('civic-rating').first().getByRole('radio');
  await stars.nth(3).click();
  await stars.nth(3).focus();
  for (const key of ['ArrowLeft', 'Enter', ' ']) await page.keyboard.press(key);
  await toolbar.getByRole('button').first().focus();
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  assert.deepEqual(postbacks, []);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('pkg/ carries a web.config that has IIS serve .wasm as application/wasm, well-formed XML', async () => {
  // (No IIS here: the file is read as IIS reads it, as XML, and its one rule checked.)
  const page = await newPage(env.browser);
  await page.goto(env.server.url + '/fixtures/blank.html');
  const text = await (await fetch(env.server.url + '/pkg/web.config')).text();
  const rules = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    if (doc.querySelector('parsererror')) return 'not XML: ' + doc.querySelector('parsererror').textContent;
    const content = doc.querySelector(':root > system\\.webServer > staticContent');
    return [...(content?.children || [])].map((e) => [e.localName, e.getAttribute('fileExtension'), e.getAttribute('mimeType')]);
  }, text);
  assert.deepEqual(rules, [['remove', '.wasm', null], ['mimeMap', '.wasm', 'application/wasm']]);
});

test('a server that sends the .wasm as application/octet-stream: the widgets start, one line says how to serve it', async () => {
  const page = await newPage(env.browser);
  // Old portal servers do not know the .wasm type: streaming compilation refuses it.
  await page.route('**/civic_a11y_wasm_bg.wasm', async (r) => {
    const res = await r.fetch();
    await r.fulfill({ response: res, headers: { ...res.headers(), 'content-type': 'application/octet-stream' } });
  });
  await open(page, env.server.url + '/fixtures/dynamic.html');
  await page.evaluate(() => {
    const el = document.createElement('civic-share');
    el.setAttribute('data-url', 'https://example.gov.vn/bai-viet');
    document.getElementById('app').append(el);
  });
  await page.waitForFunction(() => window.civicA11y.mountedCount() === 2);
  const facebook = page.locator('civic-share').getByRole('link', { name: 'Chia sẻ lên Facebook' });
  assert.match(await facebook.getAttribute('href'), /^https:\/\/www\.facebook\.com\/sharer\/sharer\.php\?u=https%3A%2F%2Fexample\.gov\.vn%2Fbai-viet/);
  const msgs = page.logs.filter((l) => l.text.startsWith('civic-a11y')).map((l) => l.text);
  assert.equal(msgs.length, 1, JSON.stringify(msgs));
  assert.match(msgs[0], /civic_a11y_wasm_bg\.wasm came as "application\/octet-stream"; serve \.wasm files as application\/wasm/);
  assert.deepEqual(page.errors, []);
});

test('a browser without constructable stylesheets keeps the fallback content and the designed size', async () => {
  const context = await env.browser.newContext();
  // Browsers before Chrome 73 / Firefox 101 / Safari 16.4.
  await context.addInitScript(() => {
    delete CSSStyleSheet.prototype.replaceSync;
    localStorage.setItem('civic-a11y:text-size', '1.5');
  });
  const page = await newPage(env.browser, { context });
  await page.goto(env.server.url + '/fixtures/fallback.html', { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => window.civicA11y && window.civicA11y.mountedCount);
  await page.waitForFunction(() => !document.documentElement.hasAttribute('data-civic-pending'));
  assert.equal(await page.evaluate(() => document.querySelector('civic-share').shadowRoot), null);
  assert.ok(await page.locator('#fallback').isVisible(), 'the webmaster\'s fallback link is still there');
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('para')).fontSize), '14px');
  const msgs = page.logs.filter((l) => l.text.startsWith('civic-a11y')).map((l) => l.text);
  assert.equal(msgs.length, 1, JSON.stringify(msgs));
  assert.match(msgs[0], /constructable stylesheets/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('fallback content inside an element is hidden once the widget runs', async () => {
  const page = await newPage(env.browser);
  await open(page, env.server.url + '/fixtures/dynamic.html');
  await page.evaluate(() => {
    const el = document.createElement('civic-share');
    el.setAttribute('data-url', 'https://example.gov.vn/bai-viet');
    const a = document.createElement('a');
    a.id = 'fallback';
    a.href = 'https://www.facebook.com/';
    a.textContent = 'Chia sẻ lên Facebook';
    el.append(a);
    document.getElementById('app').append(el);
  });
  await page.waitForFunction(() => window.civicA11y.mountedCount() === 2);
  assert.equal(await page.locator('#fallback').isVisible(), false);
  assert.equal(await page.locator('civic-share').getByRole('link', { name: 'Chia sẻ lên Facebook' }).count(), 1);
});

test('1 MB attribute values and duplicated lists are refused or tidied quickly', async () => {
  const page = await newPage(env.browser);
  await page.goto(env.server.url + '/fixtures/dynamic.html', { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => window.civicA11y.mountedCount && window.civicA11y.mountedCount() > 0);
  await page.evaluate(() => {
    const big = '1.1,'.repeat(262144);
    const a = document.createElement('civic-text-size');
    a.id = 'huge';
    a.setAttribute('data-steps', big);
    const b = document.createElement('civic-share');
    b.id = 'dups';
    b.setAttribute('data-url', 'https://a.gov.vn/');
    b.setAttribute('data-networks', 'facebook,FACEBOOK, facebook;twitter,x');
    const c = document.createElement('civic-contrast');
    c.id = 'neg';
    c.setAttribute('data-levels', '-1');
    document.getElementById('app').append(a, b, c);
  });
  await page.waitForFunction(() => window.civicA11y.mountedCount() === 4);
  assert.equal(await page.locator('#huge button').count(), 3);
  assert.deepEqual(await page.locator('#dups a').evaluateAll((as) => as.map((a) => a.dataset.network)), ['facebook', 'x']);
  assert.ok(warnings(page).some((l) => /id="huge".*data-steps is too long/.test(l.text)));
  assert.ok(warnings(page).some((l) => /id="neg".*data-levels has an unknown value/.test(l.text)));
  assert.deepEqual(page.errors, []);
});

test('SPA navigation: widgets added and removed 10 times leak no listeners', async () => {
  const page = await newPage(env.browser);
  // Count live listeners by instrumenting EventTarget before anything runs.
  await page.addInitScript(() => {
    const live = new Map();
    const key = (t, type, fn, capture) => { let m = live.get(t); if (!m) live.set(t, (m = new Set())); return [m, type + '|' + !!capture, fn]; };
    const add = EventTarget.prototype.addEventListener;
    const remove = EventTarget.prototype.removeEventListener;
    const cap = (o) => (typeof o === 'object' ? !!(o && o.capture) : !!o);
    window.__listeners = () => [...live.values()].reduce((n, m) => n + m.size, 0);
    EventTarget.prototype.addEventListener = function (type, fn, o) {
      const [m, k] = key(this, type, fn, cap(o));
      m.add(k + '#' + (fn && (fn.__id ??= Math.random())));
      return add.call(this, type, fn, o);
    };
    EventTarget.prototype.removeEventListener = function (type, fn, o) {
      const [m, k] = key(this, type, fn, cap(o));
      m.delete(k + '#' + (fn && fn.__id));
      return remove.call(this, type, fn, o);
    };
  });
  await open(page, env.server.url + '/fixtures/dynamic.html');
  const cycle = () => page.evaluate(async () => {
    const app = document.getElementById('app');
    for (const tag of ['civic-toolbar', 'civic-rating', 'civic-share', 'civic-read-aloud', 'civic-motion']) {
      const el = document.createElement(tag);
      el.setAttribute('data-item', 'spa-1');
      el.setAttribute('data-url', 'https://a.gov.vn/');
      app.append(el);
    }
    await new Promise((r) => setTimeout(r, 20));
    app.replaceChildren();
    await new Promise((r) => setTimeout(r, 20));
  });
  await cycle();
  const baseline = await page.evaluate(() => window.__listeners());
  const mountedAfterOne = await page.evaluate(() => window.civicA11y.mountedCount());
  for (let i = 0; i < 10; i++) await cycle();
  assert.equal(await page.evaluate(() => window.__listeners()), baseline, 'no listener left behind');
  assert.equal(await page.evaluate(() => window.civicA11y.mountedCount()), mountedAfterOne);
  // And while mounted they really are listening (so the count above can move).
  await page.evaluate(() => document.getElementById('app').append(document.createElement('civic-toolbar')));
  await page.waitForFunction((b) => window.__listeners() > b, baseline);
});
