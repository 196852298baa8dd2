// Issue 4: high and dark reach 7:1 for every text (axe color-contrast-enhanced), without
// touching images or breaking position:fixed; prefers-contrast and forced-colors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, newPage, open, axe } from './helpers.mjs';

const env = suite();

// quirks.html: no doctype, colours from HTML attributes (`<body text>`, `bgcolor`, `<font color>`).
const PAGES = ['/', '/en/', '/fixtures/legacy.html', '/fixtures/quirks.html'];

for (const path of PAGES) {
  test(`${path}: 0 axe contrast failures in high and dark`, async () => {
    const page = await newPage(env.browser);
    await open(page, env.server.url + path);
    for (const level of ['high', 'dark']) {
      await page.evaluate((l) => window.civicA11y.setContrast(l), level);
      const v = await axe(page, { rules: ['color-contrast', 'color-contrast-enhanced', 'link-in-text-block'] });
      assert.deepEqual(v, [], `${level}: ${JSON.stringify(v, null, 1)}`);
    }
  });
}

test('the legacy pages fail AA before (so the check above can fail), and soft keeps ≥ 4.5:1', async () => {
  for (const path of ['/fixtures/legacy.html', '/fixtures/quirks.html']) {
    const page = await newPage(env.browser);
    await open(page, env.server.url + path);
    const before = await axe(page, { rules: ['color-contrast'] });
    assert.ok(before.length > 0, `${path} has low-contrast greys`);
    await page.evaluate(() => window.civicA11y.setContrast('soft'));
    assert.deepEqual(await axe(page, { rules: ['color-contrast'] }), [], path);
    await page.close();
  }
});

test('photos keep their pixels, fixed elements stay fixed, the buttons step and announce', async () => {
  const page = await newPage(env.browser);
  await open(page, env.server.url + '/fixtures/legacy.html');
  // The photo's interior as rendered (its edges blend with the page background at sub-pixel offsets).
  const shot = async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const b = await page.locator('#photo').boundingBox();
    return page.screenshot({ clip: { x: Math.ceil(b.x) + 2, y: Math.ceil(b.y) + 2, width: 200, height: 100 } });
  };
  const normal = await shot();
  const bar = page.locator('civic-toolbar');
  const more = bar.getByRole('button', { name: 'Tăng tương phản' });
  const less = bar.getByRole('button', { name: 'Giảm tương phản' });
  assert.equal(await less.getAttribute('aria-disabled'), 'true');
  // A first visit leaves <html> as it was: adding the attribute there restyles the whole page.
  assert.equal(await page.getAttribute('html', 'data-civic-contrast'), null);
  await more.click();
  assert.equal(await page.getAttribute('html', 'data-civic-contrast'), 'high');
  assert.equal(await bar.locator('[role=status]').last().innerText(), 'Độ tương phản: cao');
  await more.click();
  assert.equal(await page.getAttribute('html', 'data-civic-contrast'), 'dark');
  assert.equal(await more.getAttribute('aria-disabled'), 'true');
  assert.ok(normal.equals(await shot()), 'photo pixels unchanged in dark');
  const fixed = await page.evaluate(() => {
    window.scrollTo(0, 200);
    const r = document.getElementById('fixed').getBoundingClientRect();
    return { top: r.top, pos: getComputedStyle(document.getElementById('fixed')).position,
      filter: getComputedStyle(document.documentElement).filter + getComputedStyle(document.body).filter };
  });
  assert.deepEqual(fixed, { top: 0, pos: 'fixed', filter: 'nonenone' });
  assert.equal(await page.evaluate(() => window.civicA11y.getContrast()), 'dark');
  await less.click();
  await less.click();
  assert.equal(await page.getAttribute('html', 'data-civic-contrast'), 'normal');
});

test('follows prefers-contrast: more until the visitor chooses; steps aside under forced colors', async () => {
  const context = await env.browser.newContext({ contrast: 'more' });
  const page = await newPage(env.browser, { context });
  await open(page, env.server.url + '/fixtures/legacy.html');
  assert.equal(await page.getAttribute('html', 'data-civic-contrast'), 'high');
  await page.locator('civic-toolbar').getByRole('button', { name: 'Giảm tương phản' }).click();
  await page.reload();
  await open(page, env.server.url + '/fixtures/legacy.html');
  assert.equal(await page.getAttribute('html', 'data-civic-contrast'), 'normal', 'the choice wins over the media query');
  await context.close();

  const forced = await newPage(env.browser, { forcedColors: 'active' });
  await open(forced, env.server.url + '/fixtures/legacy.html');
  const bar = forced.locator('civic-toolbar');
  assert.equal(await bar.getByRole('button', { name: 'Tăng tương phản' }).getAttribute('aria-disabled'), 'true');
  assert.match(await bar.locator('.note').innerText(), /chế độ màu/);
});

test('a saved level applies before first paint on the next page', async () => {
  const context = await env.browser.newContext();
  const page = await newPage(env.browser, { context });
  await open(page, env.server.url + '/fixtures/legacy.html');
  await page.evaluate(() => window.civicA11y.setContrast('dark'));
  const next = await newPage(env.browser, { context });
  await next.addInitScript(() => {
    window.bg = [];
    const sample = () => {
      if (document.body) window.bg.push(getComputedStyle(document.body).backgroundColor);
      if (window.bg.length < 30) requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
  await open(next, env.server.url + '/fixtures/legacy.html');
  await next.waitForFunction(() => window.bg.length >= 30);
  assert.deepEqual([...new Set(await next.evaluate(() => window.bg))], ['rgb(0, 0, 0)']);
  await context.close();
});

test('inline !important colours are overridden while a level is on, and restored exactly after', async () => {
  const page = await newPage(env.browser);
  await open(page, env.server.url + '/fixtures/legacy.html');
  const read = () => page.evaluate(() => {
    const el = document.getElementById('inline-color');
    return { color: getComputedStyle(el).color, css: el.style.cssText };
  });
  const before = await read();
  assert.equal(before.color, 'rgb(200, 200, 200)');
  await page.evaluate(() => window.civicA11y.setContrast('high'));
  assert.equal((await read()).color, 'rgb(0, 0, 0)');
  await page.evaluate(() => window.civicA11y.setContrast('normal'));
  assert.deepEqual(await read(), before);
  // Content the page inserts while a level is on (AJAX comments) is covered too.
  await page.evaluate(() => window.civicA11y.setContrast('dark'));
  await page.evaluate(() => {
    const p = document.createElement('p');
    p.id = 'late-color';
    p.style.setProperty('color', '#333', 'important');
    p.textContent = 'Bình luận mới';
    document.getElementById('late').append(p);
  });
  await page.waitForFunction(() => getComputedStyle(document.getElementById('late-color')).color === 'rgb(255, 255, 255)');
  await page.evaluate(() => window.civicA11y.setContrast('normal'));
  assert.equal(await page.evaluate(() => document.getElementById('late-color').style.cssText), 'color: rgb(51, 51, 51) !important;');
});

test('theming: custom properties, ::part() and --civic-display; a contrast level still wins over the site theme', async () => {
  const page = await newPage(env.browser);
  await open(page, env.server.url + '/fixtures/theme.html');
  const look = () =>
    page.evaluate(() => {
      const b = document.getElementById('ts').shadowRoot.querySelector('button');
      const cs = getComputedStyle(b);
      return { display: getComputedStyle(document.getElementById('ts')).display, radius: cs.borderTopLeftRadius, color: cs.color, bg: cs.backgroundColor };
    });
  assert.deepEqual(await look(), { display: 'block', radius: '0px', color: 'rgb(18, 52, 86)', bg: 'rgb(253, 246, 227)' });
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('c').shadowRoot.querySelector('[part=row]')).display), 'flex');
  await page.evaluate(() => window.civicA11y.setContrast('dark'));
  const dark = await look();
  assert.equal(dark.color, 'rgb(255, 255, 255)');
  assert.equal(dark.bg, 'rgb(0, 0, 0)');
  assert.equal(dark.display, 'block');
  assert.deepEqual(page.errors, []);
});

