// "Nghe đọc bài viết": reads the article aloud with the device's own voices (speechSynthesis):
// nothing leaves the browser. The Wasm side cuts the text into utterances (src/core/speech.rs)
// and draws the controls; this module walks the DOM, speaks, and highlights.
//
// Pause is cancel-and-resume from the current sentence: speechSynthesis.pause() does nothing on
// Android and loses the utterance on some desktop engines.

import { build } from './view.js';

const BLOCKS = 'h1,h2,h3,h4,h5,h6,p,li,dt,dd,figcaption,caption,td,th,blockquote,pre';
// Not read: code, the page's hidden parts, and civic-a11y's own widgets (any civic-* element).
const SKIP = 'script,style,noscript,template,textarea,select,button,svg,math,[aria-hidden=true],[hidden],[inert],[data-civic]';
const ours = (el) => {
  for (; el; el = el.parentElement) if (el.localName.startsWith('civic-')) return true;
  return false;
};

/** The language a voice speaks, normalised: `vi_VN`, `vi-VN`, `VI` → `vi`. */
const primary = (tag) => String(tag || '').replace('_', '-').split('-')[0].toLowerCase();

/** The best voice for `lang` (`vi`, `en`): natural/neural voices first, then local ones. */
function voiceFor(lang) {
  const synth = window.speechSynthesis;
  if (!synth) return null;
  const voices = synth.getVoices().filter((v) => primary(v.lang) === lang);
  const score = (v) => (/natural|neural|online|premium|enhanced/i.test(v.name) ? 2 : 0) + (v.localService ? 1 : 0);
  return voices.sort((a, b) => score(b) - score(a))[0] || null;
}

/** Calls `done` once the voice list is known (it arrives late in Chrome), at most after 1.5 s. */
function whenVoices(done) {
  const synth = window.speechSynthesis;
  if (!synth || synth.getVoices().length) return done();
  let called = false;
  const once = () => {
    if (!called) {
      called = true;
      done();
    }
  };
  synth.addEventListener('voiceschanged', once, { once: true });
  setTimeout(once, 1500);
}

/**
 * A reader over `target`'s text. `split(text)` returns utterance offsets [s, e, s, e, …];
 * `report(kind, index, count)` is told of every change: `play`, `sentence`, `pause`, `stop`,
 * `end`, `error`.
 */
class Reader {
  constructor(target, lang, split, report) {
    this.lang = lang;
    this.report = report;
    this.items = [];
    this.at = 0;
    this.playing = false;
    this.rate = 1;
    this.serial = 0;
    // Text nodes in reading order, grouped by their block (a paragraph, a heading, a cell).
    const blocks = [];
    const walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => {
        const el = n.parentElement;
        if (!el || !n.data.trim() || el.closest(SKIP) || ours(el)) return NodeFilter.FILTER_REJECT;
        if (el.checkVisibility && !el.checkVisibility()) return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const block = n.parentElement.closest(BLOCKS) || target;
      let last = blocks[blocks.length - 1];
      if (!last || last.el !== block) blocks.push((last = { el: block, text: '', nodes: [] }));
      last.nodes.push([n, last.text.length]);
      last.text += n.data;
    }
    for (const b of blocks) {
      const cuts = split(b.text);
      for (let i = 0; i + 1 < cuts.length; i += 2) this.items.push([b, cuts[i], cuts[i + 1]]);
    }
  }

  /** A DOM range over utterance `i`. */
  range(i) {
    const [b, s, e] = this.items[i];
    const point = (off) => {
      let k = b.nodes.length - 1;
      while (k > 0 && b.nodes[k][1] > off) k--;
      const [node, start] = b.nodes[k];
      return [node, Math.min(off - start, node.data.length)];
    };
    const r = document.createRange();
    r.setStart(...point(s));
    r.setEnd(...point(e));
    return r;
  }

  /** Speaks from utterance `this.at`; each utterance starts the next when it ends. */
  speak() {
    const synth = window.speechSynthesis;
    const i = this.at;
    if (i >= this.items.length) {
      this.stop('end');
      return;
    }
    const serial = ++this.serial;
    const r = this.range(i);
    const u = new SpeechSynthesisUtterance(r.toString());
    const voice = voiceFor(this.lang);
    if (voice) {
      u.voice = voice;
      u.lang = voice.lang;
    }
    u.rate = this.rate;
    // Only the utterance still current may move on: a cancelled one also fires end or error.
    u.onend = () => {
      if (serial === this.serial && this.playing) {
        this.at++;
        this.speak();
      }
    };
    u.onerror = (e) => {
      if (serial === this.serial && this.playing && e.error !== 'interrupted' && e.error !== 'canceled') {
        this.playing = false;
        this.mark(null);
        this.report('error', i, this.items.length);
      }
    };
    this.mark(r);
    this.report('sentence', i, this.items.length);
    synth.speak(u);
  }

  /** Highlights the sentence being read (CSS Custom Highlight API; none where absent) and
   *  brings it into view, without touching the page's DOM. */
  mark(r) {
    if (window.CSS && CSS.highlights) {
      if (r) CSS.highlights.set('civic-read', new Highlight(r));
      else CSS.highlights.delete('civic-read');
    }
    if (r) {
      const box = r.getBoundingClientRect();
      if (box.top < 0 || box.bottom > innerHeight) r.startContainer.parentElement.scrollIntoView({ block: 'center' });
    }
  }

  play() {
    if (!this.items.length) return this.report('end', 0, 0);
    this.playing = true;
    window.speechSynthesis.cancel();
    this.report('play', this.at, this.items.length);
    this.speak();
  }

  pause() {
    this.playing = false;
    this.serial++;
    window.speechSynthesis.cancel();
    this.report('pause', this.at, this.items.length);
  }

  stop(kind = 'stop') {
    this.playing = false;
    this.serial++;
    window.speechSynthesis.cancel();
    this.mark(null);
    const at = this.at;
    this.at = 0;
    this.report(kind, at, this.items.length);
  }

  /** Moves by `step` sentences, reading from there if reading. */
  move(step) {
    this.at = Math.max(0, Math.min(this.items.length - 1, this.at + step));
    if (this.playing) {
      this.serial++;
      window.speechSynthesis.cancel();
      this.speak();
    } else {
      this.mark(this.items.length ? this.range(this.at) : null);
      this.report('sentence', this.at, this.items.length);
    }
  }

  setRate(rate) {
    this.rate = rate;
    if (this.playing) {
      this.serial++;
      window.speechSynthesis.cancel();
      this.speak();
    }
  }
}

// The controls. Rust (src/widgets/read_aloud.rs) hands over the shadow root, the labels in the
// page's language and the splitter; the state machine lives here, beside the reader it drives
// (one module instead of a call across the Wasm boundary per state change: bytes, #12).
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
 * Renders the controls into `root` and wires them. `labels` (\x01 between them): read, pause,
 * resume, speed `{n}`, no voice, reading, paused, stopped, done, error, previous, next, stop.
 * Returns a function that stops reading (the widget left the page).
 */
export function mountReader(root, host, target, lang, labels, split) {
  const text = labels.split('\x01');
  const [, read, prev, next, stop, rate, status] = build(root, VIEW + '\x01' + text.join('\x01'));
  let reader = null;
  let state = 'idle';
  let r = 0;
  try {
    r = Math.max(0, RATES.indexOf(+localStorage.getItem(RATE_KEY)));
  } catch (e) {
    /* storage blocked: 1× */
  }
  const voiced = () => !!voiceFor(lang);
  const sep = lang === 'vi' ? ',' : '.';
  const render = () => {
    const v = voiced();
    read.textContent = text[v ? { idle: 0, reading: 1, paused: 2 }[state] : 4];
    read.setAttribute('aria-disabled', String(!v));
    for (const b of [prev, next, stop]) b.hidden = state === 'idle';
    rate.hidden = !v;
    rate.textContent = text[3].replace('{n}', String(RATES[r]).replace('.', sep));
  };
  const report = (kind, index, count) => {
    state = { play: 'reading', sentence: state, pause: 'paused' }[kind] || 'idle';
    render();
    const said = { play: 5, pause: 6, stop: 7, end: 8, error: 9 }[kind];
    if (said) {
      status.textContent = '';
      status.textContent = text[said];
    }
    host.dispatchEvent(new CustomEvent('civic:read', { bubbles: true, composed: true, detail: { type: kind === 'play' ? 'start' : kind, index, count } }));
  };
  root.addEventListener('click', (e) => {
    const act = e.target.closest && e.target.closest('[data-act]');
    const what = act && act.getAttribute('data-act');
    // The toolbar's other parts share the shadow root: only this widget's controls.
    if (!/^(read|prev|next|stop|rate)$/.test(what) || !voiced()) return;
    if (what === 'rate') {
      r = (r + 1) % RATES.length;
      try {
        localStorage.setItem(RATE_KEY, String(RATES[r]));
      } catch (e2) {
        /* kept for this page */
      }
      if (reader) reader.setRate(RATES[r]);
      return render();
    }
    if (!reader) {
      const el = document.querySelector(target);
      if (!el) return console.warn('civic-a11y: ' + target + ' (data-target) matches no element; nothing to read');
      reader = new Reader(el, lang, split, report);
      reader.rate = RATES[r];
    }
    if (what === 'read') state === 'reading' ? reader.pause() : reader.play();
    else if (what === 'stop') reader.stop();
    else reader.move(what === 'next' ? 1 : -1);
  });
  render();
  whenVoices(render);
  return () => reader && reader.playing && reader.stop();
}
