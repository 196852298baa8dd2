// "Nghe đọc bài viết": reads the article aloud with the device's own voices (speechSynthesis):
// nothing leaves the browser. The Wasm side cuts the text into utterances (src/core/speech.rs)
// and draws the controls; this module walks the DOM, speaks, and highlights.
//
// Pause is cancel-and-resume from the current sentence: speechSynthesis.pause() does nothing on
// Android and loses the utterance on some desktop engines.

const BLOCKS = 'h1,h2,h3,h4,h5,h6,p,li,dt,dd,figcaption,caption,td,th,blockquote,pre';
// Not read: code, the page's hidden parts, and civic-a11y's own widgets.
const SKIP = 'script,style,noscript,template,textarea,select,button,svg,math,[aria-hidden=true],[hidden],[inert],civic-toolbar,civic-text-size,civic-contrast,civic-share,civic-rating,civic-stats,civic-text-spacing,civic-motion,civic-read-aloud,[data-civic]';

/** The language a voice speaks, normalised: `vi_VN`, `vi-VN`, `VI` → `vi`. */
const primary = (tag) => String(tag || '').replace('_', '-').split('-')[0].toLowerCase();

/** The best voice for `lang` (`vi`, `en`): natural/neural voices first, then local ones. */
export function voiceFor(lang) {
  const synth = window.speechSynthesis;
  if (!synth) return null;
  const voices = synth.getVoices().filter((v) => primary(v.lang) === lang);
  const score = (v) => (/natural|neural|online|premium|enhanced/i.test(v.name) ? 2 : 0) + (v.localService ? 1 : 0);
  return voices.sort((a, b) => score(b) - score(a))[0] || null;
}

/** Calls `done` once the voice list is known (it arrives late in Chrome), at most after 1.5 s. */
export function whenVoices(done) {
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
export class Reader {
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
        if (!el || !n.data.trim() || el.closest(SKIP)) return NodeFilter.FILTER_REJECT;
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
