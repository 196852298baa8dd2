// Issue 12: the presets. Each is a folder of the same files; a page gets the widgets its preset
// carries, the others say once that they are not in this build, and a preset without the
// text-size widget neither hides the page for a saved size nor scales it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, newPage, open, warnings } from './helpers.mjs';

const env = suite();
const notInBuild = (page) => warnings(page).filter((w) => /this widget in this build/.test(w.text));

test('the share preset mounts share links only, and leaves a saved text size, spacing and motion alone', async () => {
  const page = await newPage(env.browser);
  await page.addInitScript(() => {
    localStorage.setItem('civic-a11y:text-size', '1.5');
    localStorage.setItem('civic-a11y:text-spacing', 'on');
    localStorage.setItem('civic-a11y:motion', 'on');
  });
  const hidden = [];
  await page.exposeFunction('sawPending', (v) => hidden.push(v));
  await page.addInitScript(() =>
    document.addEventListener('DOMContentLoaded', () => window.sawPending(document.documentElement.hasAttribute('data-civic-pending'))));
  await open(page, env.server.url + '/fixtures/preset-share.html');
  assert.equal(await page.locator('civic-share a[data-network="facebook"]').count(), 1);
  assert.equal(await page.locator('civic-share button[data-network="copy"]').count(), 1);
  for (const host of ['civic-text-size', 'civic-contrast', 'civic-rating']) {
    assert.equal(await page.evaluate((h) => document.querySelector(h).shadowRoot?.childElementCount ?? 0, host), 0, host);
  }
  assert.equal(notInBuild(page).length, 3, JSON.stringify(warnings(page)));
  assert.deepEqual(hidden, [false], 'never hidden for a size this preset cannot apply');
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('para')).fontSize), '14px');
  // Nor does it carry the rules or apply choices it has no control to undo (#14).
  const html = await page.evaluate(() => [...document.documentElement.attributes].map((a) => a.name).filter((n) => /spacing|motion/.test(n)));
  assert.deepEqual(html, []);
  assert.deepEqual(page.errors, []);
});

test('the tools preset carries text size and contrast, and they work', async () => {
  const page = await newPage(env.browser);
  await open(page, env.server.url + '/fixtures/preset-tools.html');
  await page.locator('civic-text-size').getByRole('button', { name: /^A\+ / }).click();
  // The first change fetches the text scaler (the late module): it applies when that arrives.
  await page.waitForFunction(() => window.civicA11y.getTextSize() === 1.15);
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.getElementById('para')).fontSize), '14px');
  await page.locator('civic-contrast').getByRole('button', { name: 'Tăng tương phản' }).click();
  assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-civic-contrast')), 'high');
  assert.equal(notInBuild(page).length, 2, 'share and rating are not in tools');
  assert.deepEqual(page.errors, []);
});

test("the article preset is the seed's tool row: the toolbar's size, share and contrast, and the rating", async () => {
  const page = await newPage(env.browser);
  await open(page, env.server.url + '/fixtures/preset-article.html');
  const bar = page.locator('civic-toolbar');
  assert.equal(await bar.locator('a[data-network="facebook"]').count(), 1);
  // No reading aids in this preset: the toolbar leaves their cell out, silently.
  assert.equal(await bar.getByRole('button', { name: /Nghe đọc|Giãn dòng|Dừng chuyển động/ }).count(), 0);
  await bar.getByRole('button', { name: /^A\+ / }).click();
  await page.waitForFunction(() => window.civicA11y.getTextSize() === 1.15);
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.getElementById('para')).fontSize), '14px');
  await bar.getByRole('button', { name: 'Tăng tương phản' }).click();
  assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-civic-contrast')), 'high');
  assert.equal(await page.locator('civic-rating').getByRole('radio').count(), 5);
  assert.equal(notInBuild(page).length, 2, 'visit statistics and text spacing are not in article: ' + JSON.stringify(warnings(page)));
  assert.deepEqual(page.errors, []);
});
