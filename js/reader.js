// The read-aloud engine: walks the article, speaks it utterance by utterance with the device's
// own voice, highlights the sentence being read. Loaded on the first press of "Nghe đọc bài
// viết" (js/speech.js draws the controls): most visitors never press it, and none of them
// should download it (#14). Nothing leaves the browser.
//
// Pause is cancel-and-resume from the current sentence: speechSynthesis.pause() does nothing on
// Android and loses the utterance on some desktop engines.

const BLOCKS = 'h1,h2,h3,h4,h5,h6,p,li,dt,dd,figcaption,caption,td,th,blockquote,pre';
// Not read: code, the page's hidden parts, and civic-a11y's own widgets (any civic-* element).
const SKIP = 'script,style,noscript,template,textarea,select,button,svg,math,[aria-hidden=true],[hidden],[inert],[data-civic]';
const ours = (el) => {
  for (; el; el = el.parentElement) if (el.localName.startsWith('civic-')) return true;
  return false;
};

/** The colours of the sentence being read: a `::highlight()` rule, in force only while one is
 *  marked, as any such rule makes every restyle of the whole page dearer (#12: a page of 10,000
 *  elements restyled in 92 ms instead of 48 while page.css carried it). A constructed sheet, as
 *  page.css (allowed under a strict `style-src`). */
let look = null;
function colours(on) {
  try {
    const d = document;
    if (!look) {
      look = new CSSStyleSheet();
      look.replaceSync('@layer civic-a11y { ::highlight(civic-read) { background-color: #ffe066; color: #000000; } }');
    }
    const others = [...d.adoptedStyleSheets].filter((s) => s !== look);
    const shown = others.length < d.adoptedStyleSheets.length;
    if (on !== shown) d.adoptedStyleSheets = on ? [...others, look] : others;
  } catch {
    /* no constructable sheets: the browser's own highlight colours */
  }
}

/** The best of `voices` (the device's, for the page's language): natural/neural voices first,
 *  then local ones. */
function best(voices) {
  const score = (v) => (/natural|neural|online|premium|enhanced/i.test(v.name) ? 2 : 0) + (v.localService ? 1 : 0);
  return voices.sort((a, b) => score(b) - score(a))[0];
}

/**
 * A reader over `el`'s text. `split(text)` gives utterance offsets [s, e, s, e, …] (Rust,
 * src/core/speech.rs); `voices()` (the device's voices for the page's language) and `rate()`
 * are asked at each utterance; `report(kind, index, count)` hears of every change: play,
 * sentence, pause, stop, end, error.
 */
export function reader(el, split, voices, rate, report) {
  const synth = speechSynthesis;
  // Utterances [block, start, end], read from `at`; `serial` tells the current utterance from
  // cancelled ones (a cancelled utterance also fires end or error).
  const items = [];
  let at = 0;
  let playing = false;
  let serial = 0;
  // Text nodes in reading order, grouped by their block (a paragraph, a heading, a cell).
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
  for (const b of blocks) {
    const cuts = split(b.text);
    for (let i = 0; i + 1 < cuts.length; i += 2) items.push([b, cuts[i], cuts[i + 1]]);
  }
  const tell = (kind, i) => report(kind, i, items.length);
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
    const marks = CSS.highlights;
    colours(!!rg && !!marks);
    if (!rg) return marks?.delete('civic-read');
    if (marks) marks.set('civic-read', new Highlight(rg));
    const box = rg.getBoundingClientRect();
    if (box.top < 0 || box.bottom > innerHeight) rg.startContainer.parentElement.scrollIntoView({ block: 'center' });
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
    tell(kind, was);
  };
  /** Speaks from utterance `at`; each utterance starts the next when it ends. */
  const speak = () => {
    const i = at;
    if (i >= items.length) return end('end');
    const mine = ++serial;
    const rg = range(i);
    const u = new SpeechSynthesisUtterance(rg.toString());
    const v = best(voices());
    if (v) {
      u.voice = v;
      u.lang = v.lang;
    }
    u.rate = rate();
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
        tell('error', i);
      }
    };
    mark(rg);
    tell('sentence', i);
    synth.speak(u);
  };
  const restart = () => {
    if (playing) {
      halt();
      speak();
    }
  };
  return {
    restart,
    stop: () => end('stop'),
    playing: () => playing,
    /** Play, or pause when playing. */
    toggle() {
      if (playing) {
        playing = false;
        halt();
        tell('pause', at);
      } else if (!items.length) tell('end', 0);
      else {
        playing = true;
        halt();
        tell('play', at);
        speak();
      }
    },
    /** Previous / next sentence, read from there when reading. */
    move(step) {
      at = Math.max(0, Math.min(items.length - 1, at + step));
      if (playing) restart();
      else {
        mark(items.length ? range(at) : null);
        tell('sentence', at);
      }
    },
  };
}
