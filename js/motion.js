// Pause motion: the CSS half (animations, transitions, smooth scrolling) is js/page.css keyed on
// <html data-civic-motion=paused>; this is the half CSS cannot reach. Autoplaying videos and
// <marquee> news tickers are paused while it is on and resumed exactly when it is off: only
// those this module stopped, so a video the visitor paused themselves stays paused.
const held = new Set();
let on = false;
let watching = false;

function hold(el) {
  if (el.localName === 'marquee') {
    if (typeof el.stop === 'function') {
      el.stop();
      held.add(el);
    }
  } else if (el.localName === 'video' && el.autoplay && !el.paused) {
    el.pause();
    held.add(el);
  }
}

function sweep(root) {
  if (root.querySelectorAll) for (const el of root.querySelectorAll('video[autoplay], marquee')) hold(el);
}

export function motion(paused) {
  on = paused;
  if (on) {
    sweep(document);
    if (!watching) {
      watching = true;
      // An autoplaying video starts when it has loaded, often after this ran; one the visitor
      // starts with a click (user activation) plays.
      document.addEventListener(
        'play',
        (e) => {
          const v = e.target;
          const clicked = navigator.userActivation ? navigator.userActivation.isActive : false;
          if (on && v.autoplay && !clicked) hold(v);
        },
        true
      );
      new MutationObserver((records) => {
        if (!on) return;
        for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1) (n.matches('video[autoplay], marquee') ? hold(n) : sweep(n));
      }).observe(document, { childList: true, subtree: true });
    }
  } else {
    for (const el of held) {
      if (el.localName === 'marquee') el.start();
      else el.play().catch(() => {});
    }
    held.clear();
  }
}
