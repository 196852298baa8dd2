// "Nghe đọc bài viết": the controls of read-aloud. Rust (src/widgets/read_aloud.rs) hands over
// the shadow root and the labels in the page's language; the sentence splitter is the core's
// (src/core/speech.rs, in the late Wasm module: core.js); the engine that walks the article,
// speaks and highlights is js/reader.js. Both are loaded on first use. Nothing leaves the browser.

import { build, emit, warn } from './view.js';
import { late } from './core.js';

/** The language a voice speaks, normalised: `vi_VN`, `vi-VN`, `VI` → `vi`. */
const primary = (tag) => String(tag || '').replace('_', '-').split('-')[0].toLowerCase();

const VIEW = `0div class=row role=group aria-label=$0
1button type=button data-act=read _=$0
1button type=button data-act=prev hidden= _=$10
1button type=button data-act=next hidden= _=$11
1button type=button data-act=stop hidden= _=$12
1button type=button data-act=rate
0span class=sr role=status`;
const RATES = [1, 1.25, 1.5, 0.75];
const RATE_KEY = 'civic-a11y:read-rate';

/**
 * Renders the controls into `root` and wires them. `f`: the selector of the text to read, the
 * language (`vi`, `en`), then the labels: read, pause, resume, speed `{n}`, no voice, reading,
 * paused, stopped, done, error, previous, next, stop (src/widgets/read_aloud.rs).
 * Returns the function to call when the widget leaves the page: it stops reading and removes
 * the listeners.
 */
export function mountReader(root, host, [target, lang, ...text]) {
  const [row, read, prev, next, stop, rate, status] = build(root, VIEW, text);
  // The device's speech engine starts on the first use of `speechSynthesis` (0.4–16 ms of main
  // thread in the bench's Chromium): in a task of its own, not in the one building the widgets
  // (#12). Until then the widget shows what it shows without a voice, as Chrome does anyway
  // until its voice list arrives.
  let synth = null;
  let engine = null;
  let gone = false;
  let state = 0; // idle, reading, paused: the index of the play button's label
  let r = 0;
  try {
    r = Math.max(0, RATES.indexOf(+localStorage.getItem(RATE_KEY)));
  } catch {
    /* storage blocked: 1× */
  }
  // The device's voices for the page's language; the engine (js/reader.js) picks among them.
  const voices = () => synth?.getVoices().filter((v) => primary(v.lang) === lang) || [];
  const voiced = () => voices().length > 0;
  const render = () => {
    const v = voiced();
    read.textContent = text[v ? state : 4];
    read.setAttribute('aria-disabled', !v);
    for (const b of [prev, next, stop]) b.hidden = !state;
    rate.hidden = !v;
    rate.textContent = text[3].replace('{n}', String(RATES[r]).replace('.', lang === 'vi' ? ',' : '.'));
  };
  const report = (kind, index, count) => {
    // Announced: play, pause, stop, end, error (labels 5 to 9); a new sentence is not.
    const said = ['play', 'pause', 'stop', 'end', 'error'].indexOf(kind);
    state = kind === 'sentence' ? state : said < 2 ? said + 1 : 0;
    render();
    if (said >= 0) {
      status.textContent = '';
      status.textContent = text[5 + said];
    }
    emit(host, 'civic:read', { type: kind === 'play' ? 'start' : kind, index, count });
  };
  // The engine and the sentence splitter (the late Wasm module, js/core.js), both on first use.
  const load = () => Promise.all([import('./reader.js'), late()]);
  // Fetched as soon as the visitor reaches for these controls (not the toolbar's others), so it
  // is usually there by the click.
  const near = (e) => row.contains(e.target) && load().catch(() => {}); // the click says why
  const act = (what) => {
    if (what === 'stop') engine.stop();
    else if (what === 'read') engine.toggle();
    else engine.move(what === 'next' ? 1 : -1);
  };
  const click = (e) => {
    const what = e.target.closest?.('[data-act]')?.getAttribute('data-act');
    // The toolbar's other parts share the shadow root: only this widget's controls.
    if (!/^(read|prev|next|stop|rate)$/.test(what) || !voiced()) return;
    if (what === 'rate') {
      r = (r + 1) % RATES.length;
      try {
        localStorage.setItem(RATE_KEY, RATES[r]);
      } catch {
        /* kept for this page */
      }
      engine?.restart();
      return render();
    }
    if (engine) return act(what);
    const el = document.querySelector(target);
    if (!el) return warn(target + ' (data-target) matches no element; nothing to read');
    // Speech must start inside the click on iOS; the engine may still be on its way. An empty
    // utterance spoken now lets the later ones through (as each sentence after the first is
    // spoken from the previous one's end, outside any click, on every platform).
    synth.speak(new SpeechSynthesisUtterance(''));
    load().then(
      ([m, l]) => {
        if (gone) return; // the widget left the page meanwhile
        engine ||= m.reader(el, l.speechSplit, voices, () => RATES[r], report);
        act(what);
      },
      (err) => {
        console.warn('civic-a11y: read-aloud (reader.js, civic_a11y_late_bg.wasm) did not load: ' + err.message);
        report('error', 0, 0);
      }
    );
  };
  // [target, type, listener]: added now, removed when the widget leaves the page.
  const listeners = [
    [root, 'click', click],
    [root, 'pointerdown', near],
    [root, 'focusin', near],
  ];
  for (const [t, type, f] of listeners) t.addEventListener(type, f);
  render();
  const start = setTimeout(() => {
    synth = window.speechSynthesis;
    // The voice list arrives late in Chrome, and changes when the visitor installs a voice.
    synth?.addEventListener('voiceschanged', render);
    render();
  });
  return () => {
    gone = true;
    clearTimeout(start);
    synth?.removeEventListener('voiceschanged', render);
    for (const [t, type, f] of listeners) t.removeEventListener(type, f);
    if (engine?.playing()) engine.stop();
  };
}
