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
 * Renders the controls into `root` and wires them. `labels` (each ends in \x01): read, pause,
 * resume, speed `{n}`, no voice, reading, paused, stopped, done, error, previous, next, stop.
 * `split(text)` returns utterance offsets [s, e, s, e, …]. Returns a function that stops
 * reading (the widget left the page). One closure rather than a class: its state minifies to
 * one-letter names (bytes, #12/#14).
 */
export function mountReader(root, host, target, lang, labels, split) {
  const text = labels.split('\x01');
  const [, read, prev, next, stop, rate, status] = build(root, VIEW + '\x01' + labels);
  const synth = window.speechSynthesis;
  // Utterances [block, start, end], read from `at`; `serial` tells the current utterance from
  // cancelled ones (a cancelled utterance also fires end or error).
  let items = null;
  let at = 0;
  let playing = false;
  let serial = 0;
  let state = 0; // idle, reading, paused: the index of the play button's label
  let r = 0;
  try {
    r = Math.max(0, RATES.indexOf(+localStorage.getItem(RATE_KEY)));
  } catch (e) {
    /* storage blocked: 1× */
  }
  const voiced = () => !!voiceFor(lang);
  const render = () => {
    const v = voiced();
    read.textContent = text[v ? state : 4];
    read.setAttribute('aria-disabled', !v);
    for (const b of [prev, next, stop]) b.hidden = !state;
    rate.hidden = !v;
    rate.textContent = text[3].replace('{n}', String(RATES[r]).replace('.', lang === 'vi' ? ',' : '.'));
  };
  const report = (kind, index) => {
    state = { play: 1, sentence: state, pause: 2 }[kind] || 0;
    render();
    const said = { play: 5, pause: 6, stop: 7, end: 8, error: 9 }[kind];
    if (said) {
      status.textContent = '';
      status.textContent = text[said];
    }
    host.dispatchEvent(new CustomEvent('civic:read', { bubbles: true, composed: true, detail: { type: kind === 'play' ? 'start' : kind, index, count: items.length } }));
  };
  // Text nodes in reading order, grouped by their block (a paragraph, a heading, a cell), each
  // block cut into utterances.
  const load = (el) => {
    const blocks = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => {
        const p = n.parentElement;
        return !p || !n.data.trim() || p.closest(SKIP) || ours(p) || (p.checkVisibility && !p.checkVisibility()) ? 2 : 1;
      },
    });
    for (let n; (n = walker.nextNode()); ) {
      const block = n.parentElement.closest(BLOCKS) || el;
      let last = blocks[blocks.length - 1];
      if (!last || last.el !== block) blocks.push((last = { el: block, text: '', nodes: [] }));
      last.nodes.push([n, last.text.length]);
      last.text += n.data;
    }
    items = [];
    for (const b of blocks) {
      const cuts = split(b.text);
      for (let i = 0; i + 1 < cuts.length; i += 2) items.push([b, cuts[i], cuts[i + 1]]);
    }
  };
  /** A DOM range over utterance `i`. */
  const range = (i) => {
    const [b, s, e] = items[i];
    const point = (off) => {
      let k = b.nodes.length - 1;
      while (k > 0 && b.nodes[k][1] > off) k--;
      const [node, start] = b.nodes[k];
      return [node, Math.min(off - start, node.data.length)];
    };
    const rg = document.createRange();
    rg.setStart(...point(s));
    rg.setEnd(...point(e));
    return rg;
  };
  /** Highlights the sentence being read (CSS Custom Highlight API; none where absent) and
   *  brings it into view, without touching the page's DOM. */
  const mark = (rg) => {
    if (window.CSS && CSS.highlights) {
      if (rg) CSS.highlights.set('civic-read', new Highlight(rg));
      else CSS.highlights.delete('civic-read');
    }
    if (rg) {
      const box = rg.getBoundingClientRect();
      if (box.top < 0 || box.bottom > innerHeight) rg.startContainer.parentElement.scrollIntoView({ block: 'center' });
    }
  };
  const halt = () => {
    serial++;
    synth.cancel();
  };
  const end = (kind) => {
    playing = false;
    halt();
    mark(null);
    const was = at;
    at = 0;
    report(kind, was);
  };
  /** Speaks from utterance `at`; each utterance starts the next when it ends. */
  const speak = () => {
    const i = at;
    if (i >= items.length) return end('end');
    const mine = ++serial;
    const rg = range(i);
    const u = new SpeechSynthesisUtterance(rg.toString());
    const voice = voiceFor(lang);
    if (voice) {
      u.voice = voice;
      u.lang = voice.lang;
    }
    u.rate = RATES[r];
    u.onend = () => {
      if (mine === serial && playing) {
        at++;
        speak();
      }
    };
    u.onerror = (e) => {
      if (mine === serial && playing && e.error !== 'interrupted' && e.error !== 'canceled') {
        playing = false;
        mark(null);
        report('error', i);
      }
    };
    mark(rg);
    report('sentence', i);
    synth.speak(u);
  };
  const restart = () => {
    if (playing) {
      halt();
      speak();
    }
  };
  root.addEventListener('click', (e) => {
    const act = e.target.closest && e.target.closest('[data-act]');
    const what = act && act.getAttribute('data-act');
    // The toolbar's other parts share the shadow root: only this widget's controls.
    if (!/^(read|prev|next|stop|rate)$/.test(what) || !voiced()) return;
    if (what === 'rate') {
      r = (r + 1) % RATES.length;
      try {
        localStorage.setItem(RATE_KEY, RATES[r]);
      } catch (e2) {
        /* kept for this page */
      }
      restart();
      return render();
    }
    if (!items) {
      const el = document.querySelector(target);
      if (!el) return console.warn('civic-a11y: ' + target + ' (data-target) matches no element; nothing to read');
      load(el);
    }
    if (what === 'stop') end('stop');
    else if (what !== 'read') {
      // Previous / next sentence, read from there when reading.
      at = Math.max(0, Math.min(items.length - 1, at + (what === 'next' ? 1 : -1)));
      if (playing) restart();
      else {
        mark(items.length ? range(at) : null);
        report('sentence', at);
      }
    } else if (state === 1) {
      playing = false;
      halt();
      report('pause', at);
    } else if (!items.length) report('end', 0);
    else {
      playing = true;
      halt();
      report('play', at);
      speak();
    }
  });
  render();
  // The voice list arrives late in Chrome, and changes when the visitor installs a voice.
  if (synth) synth.addEventListener('voiceschanged', render);
  return () => playing && end('stop');
}
