// Pause motion: the CSS half (animations, transitions, smooth scrolling) is js/page.css keyed on
// <html data-civic-motion=paused>; this is the half CSS cannot reach. Autoplaying videos and
// <marquee> news tickers are paused while it is on and resumed exactly when it is off: only
// those this module stopped, so a video the visitor paused themselves stays paused.
import { follow } from './toggle.js';

const held = new Set();
const MOVING = 'video[autoplay], marquee';
let on = false;
let watching = false;

/** Stops `el` if it moves: a marquee, or an autoplaying video that is playing. */
function hold(el) {
  if (el.localName === 'marquee' ? el.stop && (el.stop(), 1) : el.autoplay && !el.paused && (el.pause(), 1)) held.add(el);
}

/** Called once at start: pauses now if the saved (or system) choice says so, and follows it. */
export function startMotion() {
  follow('motion', motion);
}

function motion(paused) {
  if (!(on = paused)) {
    for (const el of held) el.localName === 'marquee' ? el.start() : el.play().catch(() => {});
    return held.clear();
  }
  document.querySelectorAll(MOVING).forEach(hold);
  if (watching) return;
  watching = true;
  // An autoplaying video starts when it has loaded, often after this ran; one the visitor
  // starts with a click (user activation) plays.
  document.addEventListener('play', (e) => on && !navigator.userActivation?.isActive && e.target.autoplay && hold(e.target), true);
  new MutationObserver((records) => {
    if (on) for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1) n.matches(MOVING) ? hold(n) : n.querySelectorAll(MOVING).forEach(hold);
  }).observe(document, { childList: true, subtree: true });
}
