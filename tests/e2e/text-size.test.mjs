// Issue 3: text size on px-styled legacy pages, in every unit, exact reset, no flash on reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, newPage, open, warnings, rewrite } from './helpers.mjs';

const env = suite();

const IDS = ['inherit', 'px', 'pt', 'em1', 'em2', 'pct', 'rem', 'kw', 'imp', 'spec', 'calc', 'media', 'sup', 'nest', 'imported', 'styled', 'inline', 'inline-imp', 'header'];

/** Computed font-size, line-height, letter-spacing and word-spacing in px for each id. */
const measure = (page) =>
  page.evaluate((ids) => {
    const out = {};
    for (const id of ids) {
      const cs = getComputedStyle(document.getElementById(id));
      out[id] = { fs: parseFloat(cs.fontSize), lh: cs.lineHeight, ls: cs.letterSpacing, ws: cs.wordSpacing };
    }
    return out;
  }, IDS);

const press = (page, name) => page.locator('civic-toolbar').getByRole('button', { name }).click();

test('every unit scales by the chosen factor; nested em does not compound; A restores exactly', async () => {
  const page = await newPage(env.browser);
  await open(page, env.server.url + '/fixtures/legacy.html');
  const before = await measure(page);
  const inlineCss = await page.evaluate(() => document.getElementById('inline').style.cssText);
  await press(page, /^A\+ /); // 1.15
  await press(page, /^A\+ /); // 1.3
  // The first press fetches the text scaler (the late module); both steps apply once it is there.
  await page.waitForFunction(() => window.civicA11y.getTextSize() === 1.3);
  const big = await measure(page);
  for (const id of IDS) {
    const want = before[id].fs * 1.3;
    assert.ok(Math.abs(big[id].fs - want) < 0.6, `${id}: ${before[id].fs}px → ${big[id].fs}px, want ${want}`);
  }
  // Absolute line-height, letter- and word-spacing scale with the text: lines never overlap.
  assert.ok(Math.abs(parseFloat(big.px.lh) - 26) < 0.6, 'line-height 20px → 26px, got ' + big.px.lh);
  assert.ok(Math.abs(parseFloat(big.px.ls) - 1.3) < 0.05, 'letter-spacing ' + big.px.ls);
  assert.ok(Math.abs(parseFloat(big.px.ws) - 2.6) < 0.05, 'word-spacing ' + big.px.ws);
  assert.ok(Math.abs(parseFloat(big.inherit.lh) - 16 * 1.3) < 0.6, 'body line-height ' + big.inherit.lh);
  // em inside em: 12*1.2*1.2 at 1x → exactly 1.3 times that, not 1.3².
  assert.ok(Math.abs(big.em2.fs / before.em2.fs - 1.3) < 0.02);
  await press(page, /^A Cỡ chữ mặc định/);
  assert.deepEqual(await measure(page), before, 'A restores every computed value');
  assert.equal(await page.evaluate(() => document.getElementById('inline').style.cssText), inlineCss, 'inline style restored');
  assert.deepEqual(page.errors, []);
});

test('the text scaler is fetched only when a visitor reaches for the size buttons, or at start for a saved size', async () => {
  const late = (page) => page.requests.filter((u) => /\/(late\.js|civic_a11y_late_bg\.wasm)$/.test(u)).length;
  const page = await newPage(env.browser);
  await open(page, env.server.url + '/fixtures/legacy.html');
  await page.evaluate(() => window.civicA11y.setContrast('high'));
  await page.waitForTimeout(200);
  assert.equal(late(page), 0, 'a page view without a size change downloads no late module');
  // Focus (or a pointer going down) on the buttons starts the download before the press.
  await page.locator('civic-toolbar').getByRole('button', { name: /^A\+ / }).focus();
  for (let i = 0; i < 100 && late(page) < 2; i++) await page.waitForTimeout(20);
  assert.equal(late(page), 2, 'focus fetched late.js and its .wasm');
  await press(page, /^A\+ /);
  await page.waitForFunction(() => window.civicA11y.getTextSize() === 1.15);
  assert.equal(late(page), 2, 'not again for the press');
  await press(page, /^A\+ /);
  await page.waitForFunction(() => window.civicA11y.getTextSize() === 1.3);
  assert.equal(late(page), 2, 'once');
  // Reloaded with the size saved: fetched at start, applied before the page shows.
  page.requests.length = 0;
  await open(page, env.server.url + '/fixtures/legacy.html');
  assert.equal(late(page), 2);
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('px')).fontSize), '18.2px');
  assert.deepEqual(page.errors, []);
});

test('a text scaler that does not load: one clear warning, the size unchanged, the page and other widgets unharmed', async () => {
  const page = await newPage(env.browser);
  await page.route('**/civic_a11y_late_bg.wasm', (r) => r.fulfill({ status: 404, body: 'gone' }));
  await open(page, env.server.url + '/fixtures/legacy.html');
  await press(page, /^A\+ /);
  const said = () => warnings(page).filter((w) => /text-size: the text scaler did not load/.test(w.text));
  for (let i = 0; i < 100 && !said().length; i++) await page.waitForTimeout(20);
  assert.equal(said().length, 1, JSON.stringify(warnings(page)));
  // The visitor is told too, in the page's language.
  assert.equal(await page.locator('civic-toolbar').locator('[role=status]').first().innerText(), 'Chưa đổi được cỡ chữ: hãy thử lại khi có mạng');
  assert.equal(await page.evaluate(() => window.civicA11y.getTextSize()), 1);
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('px')).fontSize), '14px');
  await press(page, 'Tăng tương phản');
  assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-civic-contrast')), 'high');
  assert.deepEqual(page.errors, []);
});

test('A- and A+ are disabled at the ends, A is pressed at the default, the size is announced', async () => {
  const page = await newPage(env.browser);
  await open(page, env.server.url + '/fixtures/legacy.html');
  const bar = page.locator('civic-toolbar');
  const smaller = bar.getByRole('button', { name: /^A- / });
  const reset = bar.getByRole('button', { name: /^A Cỡ/ });
  const larger = bar.getByRole('button', { name: /^A\+ / });
  assert.equal(await reset.getAttribute('aria-pressed'), 'true');
  await smaller.click();
  // The first change fetches the text scaler (the late module): it applies when that arrives.
  await page.waitForFunction(() => window.civicA11y.getTextSize() === 0.9);
  assert.equal(await smaller.getAttribute('aria-disabled'), 'true'); // 0.9 is the first step
  assert.equal(await reset.getAttribute('aria-pressed'), 'false');
  assert.equal(await bar.locator('[role=status]').first().innerText(), 'Cỡ chữ 90%');
  await smaller.click({ force: true }); // aria-disabled: nothing happens
  assert.equal(await page.evaluate(() => window.civicA11y.getTextSize()), 0.9);
  for (let i = 0; i < 10; i++) await larger.click({ force: true });
  assert.equal(await page.evaluate(() => window.civicA11y.getTextSize()), 2);
  assert.equal(await larger.getAttribute('aria-disabled'), 'true');
  assert.equal(await bar.locator('[role=status]').first().innerText(), 'Cỡ chữ 200%');
  // The widget's own buttons stay usable at the largest step: still inside the viewport.
  const box = await larger.boundingBox();
  assert.ok(box.width >= 24 && box.height >= 24 && box.x + box.width <= 1000);
});

test('text inserted after the choice is scaled too, inline styles included', async () => {
  const page = await newPage(env.browser);
  await open(page, env.server.url + '/fixtures/legacy.html');
  await page.evaluate(() => window.civicA11y.setTextSize(1.5));
  await page.evaluate(() => {
    const late = document.getElementById('late');
    const a = document.createElement('p');
    a.className = 'px';
    a.id = 'late-class';
    a.textContent = 'AJAX comment';
    const b = document.createElement('p');
    b.id = 'late-inline';
    b.style.fontSize = '10px';
    b.textContent = 'AJAX inline';
    late.append(a, b);
  });
  await page.waitForFunction(() => getComputedStyle(document.getElementById('late-inline')).fontSize === '15px');
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('late-class')).fontSize), '21px');
});

test('rem pages: root percentage scales once, em and rem follow', async () => {
  const page = await newPage(env.browser);
  await open(page, env.server.url + '/fixtures/rem.html');
  const fs = () => page.evaluate(() => ['h', 'p', 'e'].map((id) => parseFloat(getComputedStyle(document.getElementById(id)).fontSize)));
  const before = await fs();
  await page.evaluate(() => window.civicA11y.setTextSize(1.5));
  const after = await fs();
  before.forEach((b, i) => assert.ok(Math.abs(after[i] / b - 1.5) < 0.02, `${b} → ${after[i]}`));
});

test('the choice persists for the site, applies before first paint on reload, with no layout shift', async () => {
  const context = await env.browser.newContext();
  const page = await newPage(env.browser, { context });
  await open(page, env.server.url + '/fixtures/legacy.html');
  await page.evaluate(() => window.civicA11y.setTextSize(1.3));
  // Another page of the same site: every paint shows the chosen size (or nothing at all).
  const other = await newPage(env.browser, { context });
  await other.addInitScript(() => {
    window.paints = [];
    window.shifts = 0;
    new PerformanceObserver((l) => l.getEntries().forEach((e) => (window.shifts += e.value))).observe({ type: 'layout-shift', buffered: true });
    const sample = () => {
      const el = document.getElementById('px');
      if (el && document.body && getComputedStyle(document.body).visibility !== 'hidden') window.paints.push(getComputedStyle(el).fontSize);
      if (!window.civicDone) requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
  await open(other, env.server.url + '/fixtures/legacy.html');
  await other.waitForTimeout(300);
  const { paints, shifts } = await other.evaluate(() => ({ paints: window.paints, shifts: window.shifts }));
  assert.ok(paints.length > 0);
  assert.deepEqual([...new Set(paints)], ['18.2px'], 'never painted at the default size');
  assert.equal(shifts, 0);
  assert.equal(await other.getAttribute('html', 'data-civic-pending'), null);
  await context.close();
});

test('placed at the end of <body> or with defer, the script never blanks a page already shown: the saved size comes as one change', async () => {
  const tag = '<script src="/pkg/civic-a11y.js"></script>';
  for (const [where, edit] of [
    ['end of body', (html) => html.replace(tag, '').replace('</body>', tag + '</body>')],
    ['defer', (html) => html.replace(tag, '<script defer src="/pkg/civic-a11y.js"></script>')],
  ]) {
    const context = await env.browser.newContext();
    await context.addInitScript(() => {
      localStorage.setItem('civic-a11y:text-size', '1.3');
      // Every frame: whether the page shows, and the size of its heading.
      window.frames_ = [];
      const sample = () => {
        const h = document.querySelector('h1');
        if (h) window.frames_.push(getComputedStyle(document.body).visibility + ' ' + getComputedStyle(h).fontSize);
        requestAnimationFrame(sample);
      };
      requestAnimationFrame(sample);
    });
    await rewrite(context, /\/$/, edit);
    // The script comes late, so the page has certainly been shown before it runs.
    await context.route('**/pkg/civic-a11y.js', (r) => setTimeout(() => r.continue(), 300));
    const page = await newPage(env.browser, { context });
    await open(page, env.server.url + '/');
    await page.waitForFunction(() => window.frames_.at(-1) === 'visible 26px');
    const seen = [...new Set(await page.evaluate(() => window.frames_))];
    assert.deepEqual(seen, ['visible 20px', 'visible 26px'], where);
    assert.deepEqual(warnings(page), [], where);
    await context.close();
  }
});

/** A returning visitor with a saved size whose text scaler's module never arrives: the page
 *  stays pending until the fail-safe. */
async function pendingForever() {
  const context = await env.browser.newContext();
  await context.addInitScript(() => localStorage.setItem('civic-a11y:text-size', '1.3'));
  await context.route('**/civic_a11y_late_bg.wasm', () => {});
  return context;
}

test('while a saved size is pending the page is not laid out at the default size; if the script never finishes it shows after 1.5 s', async () => {
  const context = await pendingForever();
  const page = await newPage(env.browser, { context });
  await page.goto(env.server.url + '/fixtures/legacy.html', { waitUntil: 'domcontentloaded' });
  const state = () =>
    page.evaluate(() => {
      const el = document.getElementById('px');
      // checkVisibility(): false inside content that is skipped (content-visibility: hidden).
      return [document.documentElement.hasAttribute('data-civic-pending'), el.checkVisibility(), getComputedStyle(document.body).visibility, el.getBoundingClientRect().width > 0];
    });
  // Skipped, yet a page script that asks for a size still gets one.
  assert.deepEqual(await state(), [true, false, 'hidden', true]);
  await page.waitForTimeout(1700);
  assert.deepEqual(await state(), [false, true, 'visible', true], 'the fail-safe shows the page, laid out');
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('px')).fontSize), '14px');
  await context.close();
});

test('the fail-safe holds where the site turns every animation off', async () => {
  const context = await pendingForever();
  // A legacy stylesheet that stops civic-reveal (page.css) from ever running.
  await rewrite(context, '**/fixtures/legacy.html', (html) => html.replace('</head>', '<style>*, *::before, *::after { animation: none !important; }</style></head>'));
  const page = await newPage(env.browser, { context });
  await page.goto(env.server.url + '/fixtures/legacy.html', { waitUntil: 'domcontentloaded' });
  const shown = () => page.evaluate(() => [getComputedStyle(document.body).animationName, getComputedStyle(document.body).visibility]);
  assert.deepEqual(await shown(), ['none', 'hidden']);
  await page.waitForTimeout(1700);
  assert.deepEqual(await shown(), ['none', 'visible'], "the loader's timer shows the page");
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('px')).fontSize), '14px');
  await context.close();
});

test('text the browser sizes grows too: form controls, and tables on a page in quirks mode', async () => {
  const page = await newPage(env.browser);
  const sizes = (ids) => page.evaluate((ids) => ids.map((id) => parseFloat(getComputedStyle(document.getElementById(id)).fontSize)), ids);
  const grows = async (url, ids, mode) => {
    await open(page, env.server.url + url);
    assert.equal(await page.evaluate(() => document.compatMode), mode);
    const before = await sizes(ids);
    await page.evaluate(() => window.civicA11y.setTextSize(1.5));
    const after = await sizes(ids);
    ids.forEach((id, i) => assert.ok(Math.abs(after[i] / before[i] - 1.5) < 0.02, `${url} #${id}: ${before[i]}px → ${after[i]}px, want ×1.5`));
    await page.evaluate(() => window.civicA11y.setTextSize(1));
    assert.deepEqual(await sizes(ids), before, 'A restores every size');
    return before;
  };
  // No doctype: table cells keep the browser's `medium` instead of the body's 12px.
  const quirks = await grows('/fixtures/quirks.html', ['p', 'cell', 'cell-em', 'cell-px', 'nested', 'q', 'go'], 'BackCompat');
  assert.deepEqual(quirks.slice(0, 3), [12, 16, 19.2]);
  // A control the page sizes (11px) or makes inherit (12px) keeps the page's rule, scaled.
  const controls = await grows('/fixtures/controls.html', ['input', 'button', 'select', 'textarea', 'sized', 'inherits'], 'CSS1Compat');
  assert.deepEqual(controls.slice(4), [11, 12]);
  assert.deepEqual(warnings(page), []);
});

test('cross-tab: a change in one tab follows in the other; blocked storage works in memory', async () => {
  const context = await env.browser.newContext();
  const a = await newPage(env.browser, { context });
  const b = await newPage(env.browser, { context });
  await open(a, env.server.url + '/fixtures/legacy.html');
  await open(b, env.server.url + '/fixtures/legacy.html');
  await a.locator('civic-toolbar').getByRole('button', { name: /^A\+ / }).click();
  await b.waitForFunction(() => window.civicA11y.getTextSize() === 1.15);
  assert.equal(await b.evaluate(() => getComputedStyle(document.getElementById('px')).fontSize), '16.1px');
  assert.equal(await b.locator('civic-toolbar').getByRole('button', { name: /^A Cỡ/ }).getAttribute('aria-pressed'), 'false');
  await context.close();

  const blocked = await newPage(env.browser);
  await blocked.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } });
  });
  await open(blocked, env.server.url + '/fixtures/legacy.html');
  await blocked.locator('civic-toolbar').getByRole('button', { name: /^A\+ / }).click();
  await blocked.waitForFunction(() => window.civicA11y.getTextSize() === 1.15);
  assert.equal(await blocked.evaluate(() => getComputedStyle(document.getElementById('px')).fontSize), '16.1px');
  assert.deepEqual(blocked.errors, []);
});

test('no horizontal scrolling at 320 CSS px that the page did not already have', async () => {
  const page = await newPage(env.browser, { viewport: { width: 320, height: 640 } });
  await open(page, env.server.url + '/');
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const before = await overflow();
  await page.evaluate(() => window.civicA11y.setTextSize(2));
  assert.ok((await overflow()) <= before, 'no new horizontal scroll');
  assert.deepEqual(warnings(page), []);
});

test('works under a strict CSP with Trusted Types: zero violations', async () => {
  const page = await newPage(env.browser);
  await open(page, env.server.url + '/fixtures/csp/');
  await page.locator('civic-toolbar').getByRole('button', { name: /^A\+ / }).click();
  await page.locator('civic-toolbar').getByRole('button', { name: 'Tăng tương phản' }).click();
  // (The text scaler's module, fetched by the first A+, is allowed by the same 'wasm-unsafe-eval'.)
  await page.waitForFunction(() => window.civicA11y.getTextSize() === 1.15);
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('text')).fontSize), '14.95px');
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  assert.deepEqual(page.errors, []);
});

test('data-target scales only that region, also for a size saved on an earlier page', async () => {
  const context = await env.browser.newContext();
  const page = await newPage(env.browser, { context });
  await open(page, env.server.url + '/fixtures/target.html');
  const fs = (p) => p.evaluate(() => ['outside', 'inside', 'rem-in'].map((id) => getComputedStyle(document.getElementById(id)).fontSize));
  assert.deepEqual(await fs(page), ['14px', '14px', '20px']);
  await page.locator('civic-text-size').getByRole('button', { name: /^A\+ / }).click();
  await page.locator('civic-text-size').getByRole('button', { name: /^A\+ / }).click();
  // The first change fetches the text scaler (the late module): it applies when that arrives.
  await page.waitForFunction(() => window.civicA11y.getTextSize() === 1.3);
  assert.deepEqual(await fs(page), ['14px', '18.2px', '26px']);
  const next = await newPage(env.browser, { context });
  await open(next, env.server.url + '/fixtures/target.html');
  await next.waitForFunction(() => !document.documentElement.hasAttribute('data-civic-pending'));
  assert.deepEqual(await fs(next), ['14px', '18.2px', '26px']);
  await context.close();
});

test('old editor markup scales too: <font size> 1-7 and +n, <big>, <small>; a page rule on a <font> still wins', async () => {
  const page = await newPage(env.browser);
  await open(page, env.server.url + '/fixtures/font.html');
  const ids = ['f2', 'fp1', 'f7', 'big', 'small', 'pinned'];
  const sizes = () => page.evaluate((ids) => ids.map((id) => parseFloat(getComputedStyle(document.getElementById(id)).fontSize)), ids);
  const before = await sizes();
  assert.equal(before[5], 11, 'the page rule beats size="5"');
  await page.evaluate(() => window.civicA11y.setTextSize(1.5));
  const after = await sizes();
  ids.forEach((id, i) => assert.ok(Math.abs(after[i] / before[i] - 1.5) < 0.03, `${id}: ${before[i]} → ${after[i]}`));
  await page.evaluate(() => window.civicA11y.setTextSize(1));
  assert.deepEqual(await sizes(), before);
});
