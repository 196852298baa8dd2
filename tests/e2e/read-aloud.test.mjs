// Issue 14, part 3: "Nghe đọc bài viết". Headless browsers have no voices, so speechSynthesis is
// replaced by a recording stub (below): it keeps every utterance (text, language, voice, rate)
// and "speaks" each in 300 ms. Checked: order and cutting, the Vietnamese voice (a natural one
// first, `vi_VN` as Android writes it), pause/resume from the right sentence, the highlight,
// speed remembered, the "no voice" state, English pages, keyboard, axe, strict CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, newPage, open, axe } from './helpers.mjs';

const env = suite();

/** Installs the stub before any script runs; `voices` are [name, lang] pairs. */
async function stubbed(voices) {
  const page = await newPage(env.browser);
  await page.addInitScript((voices) => {
    window.spoken = [];
    window.readEvents = [];
    // Whether each speak() call ran inside a click (iOS speaks only from one).
    window.speakInClick = [];
    window.inClick = false;
    addEventListener('click', () => {
      window.inClick = true;
      setTimeout(() => (window.inClick = false));
    }, true);
    document.addEventListener('civic:read', (e) => window.readEvents.push(e.detail.type + ':' + e.detail.index));
    const list = voices.map(([name, lang], i) => ({ name, lang, localService: i % 2 === 0, default: false, voiceURI: name }));
    window.SpeechSynthesisUtterance = class {
      constructor(text) {
        Object.assign(this, { text, lang: '', rate: 1, voice: null });
      }
    };
    class Synth extends EventTarget {
      constructor() {
        super();
        this.queue = [];
        this.current = null;
      }
      getVoices() {
        return list;
      }
      speak(u) {
        window.speakInClick.push(window.inClick);
        this.queue.push(u);
        if (!this.current) this.next();
      }
      next() {
        const u = (this.current = this.queue.shift() || null);
        if (!u) return;
        // The empty utterance that opens speech inside the click (iOS) is not a sentence.
        if (u.text) window.spoken.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.name, rate: u.rate });
        this.timer = setTimeout(() => {
          this.current = null;
          if (u.onend) u.onend({});
          this.next();
        }, window.speechMs || 300);
      }
      cancel() {
        clearTimeout(this.timer);
        const gone = [this.current, ...this.queue].filter(Boolean);
        this.current = null;
        this.queue = [];
        for (const u of gone) if (u.onerror) u.onerror({ error: 'interrupted' });
      }
      pause() {}
      resume() {}
    }
    Object.defineProperty(window, 'speechSynthesis', { value: new Synth(), configurable: true });
  }, voices);
  return page;
}

const VI = [['Google Tiếng Việt', 'vi_VN'], ['Microsoft HoaiMy Online (Natural) - Vietnamese (Vietnam)', 'vi-VN'], ['Google US English', 'en-US']];
const bar = (page) => page.locator('civic-toolbar');
const spoken = (page) => page.evaluate(() => window.spoken);
const highlighted = (page) => page.evaluate(() => (CSS.highlights.has('civic-read') ? [...CSS.highlights.get('civic-read')][0].toString() : null));
/** The highlight's background as the page's paragraphs would get it: its rule is in force only
 *  while a sentence is marked (any `::highlight()` rule makes each restyle of the page dearer). */
const highlightColour = (page) => page.evaluate(() => getComputedStyle(document.querySelector('article.content p'), '::highlight(civic-read)').backgroundColor);
const NO_COLOUR = 'rgba(0, 0, 0, 0)';

test('the demo article is read in order, in short Vietnamese utterances, with a natural voice, highlighted', async () => {
  const page = await stubbed(VI);
  await open(page, env.server.url + '/');
  const read = bar(page).getByRole('button', { name: 'Nghe đọc bài viết' });
  // The engine is not part of the page view, nor fetched for the toolbar's other controls.
  await bar(page).getByRole('button', { name: /^A\+ / }).click();
  assert.equal(page.requests.filter((u) => u.endsWith('/reader.js')).length, 0, 'reader.js not fetched yet');
  assert.equal(await highlightColour(page), NO_COLOUR, 'no highlight rule before reading');
  // Keyboard only: focus the button and press Enter.
  await read.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.spoken.length >= 3);
  const said = await spoken(page);
  assert.equal(said[0].text, 'Lãnh đạo UBND tỉnh làm việc với tập thể lãnh đạo các Ban Quản lý của tỉnh');
  assert.equal(said[1].text, '(laichau.gov.vn)');
  assert.match(said[2].text, /^Chiều nay \(7\/4\), Chủ tịch Ủy ban nhân dân tỉnh/);
  assert.equal(said[0].voice, 'Microsoft HoaiMy Online (Natural) - Vietnamese (Vietnam)', 'a natural voice first');
  assert.equal(said[0].lang, 'vi-VN');
  // The engine is loaded on first use (js/reader.js), yet speech began inside the key press.
  assert.equal((await page.evaluate(() => window.speakInClick))[0], true, 'the first speak() ran inside the click');
  assert.equal(await bar(page).locator('[role=status]').last().innerText(), 'Đang đọc bài viết');
  // The sentence being read is highlighted, and the page's DOM is unchanged by it.
  const now = await page.evaluate(() => window.spoken[window.spoken.length - 1].text);
  assert.equal(await highlighted(page), now);
  assert.equal(await highlightColour(page), 'rgb(255, 224, 102)');
  await page.waitForFunction(() => window.spoken.length >= 12, null, { timeout: 15000 });
  const all = (await spoken(page)).map((s) => s.text);
  for (const t of all) assert.ok([...t].length <= 200, `${[...t].length} chars: ${t}`);
  assert.ok(all.includes('Quang cảnh buổi làm việc'), 'the figure caption is read');
  assert.ok(!all.some((t) => /Nghe đọc|Tăng cỡ chữ|Chia sẻ/.test(t)), 'no widget text is read');
  // Numbers and abbreviations stay whole.
  assert.ok(all.some((t) => t.includes('61,36 triệu USD')));
  assert.deepEqual(page.errors, []);
});

test('pause resumes from the sentence it stopped in; previous, next, stop; speed is remembered', async () => {
  const page = await stubbed(VI);
  await open(page, env.server.url + '/');
  const b = (name) => bar(page).getByRole('button', { name });
  await b('Nghe đọc bài viết').click();
  await page.waitForFunction(() => window.spoken.length >= 3);
  await b('Tạm dừng').click();
  const paused = await spoken(page);
  const current = paused[paused.length - 1].text;
  assert.equal(await bar(page).locator('[role=status]').last().innerText(), 'Đã tạm dừng');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal((await spoken(page)).length, paused.length, 'silent while paused');
  await b('Đọc tiếp').click();
  await page.waitForFunction((n) => window.spoken.length > n, paused.length);
  assert.equal((await spoken(page))[paused.length].text, current, 'resumed from the sentence it stopped in');
  // Next and previous move by one sentence and read from there.
  await b('Tạm dừng').click();
  const at = (await spoken(page)).length;
  const was = (await spoken(page))[at - 1].text;
  await b('Câu sau').click();
  const next = await highlighted(page);
  assert.ok(next && next !== was, 'the highlight moved on one sentence');
  // Each sentence now lasts until the test moves on: on a slow machine 300 ms passed between
  // "reading `next`" and the click on previous, and the reader had rightly gone on one more.
  await page.evaluate(() => (window.speechMs = 60000));
  await b('Đọc tiếp').click();
  await page.waitForFunction((n) => window.spoken.length > n, at);
  assert.equal((await spoken(page))[at].text, next, 'reading goes on from there');
  await b('Câu trước').click();
  await page.waitForFunction((n) => window.spoken.length > n + 1, at);
  assert.equal((await spoken(page))[at + 1].text, was, 'previous went back one');
  await page.evaluate(() => (window.speechMs = 300));
  // Speed: 1× → 1.25×, used at once and kept for the next page.
  await bar(page).getByRole('button', { name: 'Tốc độ 1×' }).click();
  await page.waitForFunction(() => window.spoken[window.spoken.length - 1].rate === 1.25);
  await b('Dừng đọc').click();
  assert.equal(await highlighted(page), null);
  assert.equal(await highlightColour(page), NO_COLOUR, 'the rule goes with the highlight');
  assert.equal(await b('Nghe đọc bài viết').isVisible(), true);
  assert.equal(await b('Câu sau').isVisible(), false);
  const events = await page.evaluate(() => window.readEvents);
  assert.ok(events[0] === 'start:0' && events.includes('pause:' + (paused.length - 1)) && events.at(-1).startsWith('stop:'), events.join(' '));
  await page.reload();
  await open(page, env.server.url + '/');
  assert.equal(await bar(page).getByRole('button', { name: 'Tốc độ 1,25×' }).count(), 1, 'speed remembered');
  assert.deepEqual(await axe(page, { include: ['civic-toolbar'] }), []);
});

test('a device without a Vietnamese voice says so instead of reading with an English one', async () => {
  const page = await stubbed([['Google US English', 'en-US']]);
  await open(page, env.server.url + '/');
  const read = bar(page).getByRole('button', { name: 'Thiết bị chưa có giọng đọc tiếng Việt' });
  await read.waitFor();
  assert.equal(await read.getAttribute('aria-disabled'), 'true');
  await read.click({ force: true });
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(await spoken(page), []);
});

test('English pages read in English; hidden text and widgets are skipped on the px portal', async () => {
  const en = await stubbed(VI);
  await open(en, env.server.url + '/en/');
  await en.locator('[data-civic=read-aloud]').getByRole('button', { name: 'Listen to this article' }).click();
  await en.waitForFunction(() => window.spoken.length >= 1);
  const first = (await spoken(en))[0];
  assert.equal(first.text, 'Provincial leaders meet the project management boards');
  assert.equal(first.lang, 'en-US');

  const page = await stubbed(VI);
  await open(page, env.server.url + '/fixtures/legacy.html');
  await page.evaluate(() => {
    const main = document.getElementById('main');
    main.insertAdjacentHTML('afterbegin', '<p hidden>Ẩn.</p><p aria-hidden="true">Trang trí.</p><div data-civic="share"></div>');
    const r = document.createElement('civic-read-aloud');
    r.setAttribute('data-target', '#main');
    document.body.append(r);
  });
  const read = page.locator('civic-read-aloud').getByRole('button', { name: 'Nghe đọc bài viết' });
  await read.click();
  await page.waitForFunction(() => window.spoken.length >= 2);
  const said = (await spoken(page)).map((s) => s.text);
  assert.equal(said[0], 'Văn bản kế thừa cỡ chữ của body.');
  assert.ok(!said.some((t) => /Ẩn|Trang trí|Chia sẻ/.test(t)), said.join(' | '));
  // The other controls keep working while it reads.
  await page.locator('civic-toolbar').getByRole('button', { name: /^A\+ / }).click();
  const n = said.length;
  await page.waitForFunction((n) => window.spoken.length > n + 1, n);
  assert.equal(await page.evaluate(() => window.civicA11y.getTextSize()), 1.15);
  assert.deepEqual(page.errors, []);
});
