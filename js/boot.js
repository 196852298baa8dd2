// Shared by the classic loader and the ESM entry (inlined by scripts/build.mjs).
// Runs synchronously: applies the visitor's saved contrast and hides the page while a saved
// text size is applied, so a returning visitor never sees the default look flash by.
var CIVIC_BOOT = Symbol.for('civic-a11y.boot');
/** `css`: the URL of civic-a11y.css, the fallback for browsers without constructable sheets. */
function civicBoot(css) {
  var w = window, d = document, html = d.documentElement;
  if (w[CIVIC_BOOT]) return w[CIVIC_BOOT];
  var state = (w[CIVIC_BOOT] = { textSize: 1, contrast: 'normal' });
  // Resolves once the page has painted its first content, or after 1 s (a hidden tab or frame, a
  // page with nothing to paint yet). For a first-time visitor the loader imports the widgets'
  // module only then (#12): loading and building them before it held that paint back by 12–28 ms
  // (paired rounds). Not the first animation frame: it can come before the page has content.
  state.shown = new Promise(function (done) {
    try {
      new PerformanceObserver(function (list) {
        if (list.getEntriesByName('first-contentful-paint')[0]) setTimeout(done);
      }).observe({ type: 'paint', buffered: true });
    } catch (e) { /* no paint timing: the timer alone */ }
    setTimeout(done, 1000);
  });
  var ts = null, c = null;
  try {
    ts = w.localStorage.getItem('civic-a11y:text-size');
    c = w.localStorage.getItem('civic-a11y:contrast');
  } catch (e) { /* storage blocked: defaults */ }
  if (!c && w.matchMedia('(prefers-contrast: more)').matches) c = 'high';
  // Text spacing and pause motion: `on`/`off` saved; motion follows the system until chosen.
  // CIVIC_SPACING, CIVIC_MOTION: false in builds without that control (scripts/build.mjs).
  var sp = null, mo = null;
  try {
    if (CIVIC_SPACING) sp = w.localStorage.getItem('civic-a11y:text-spacing');
    if (CIVIC_MOTION) mo = w.localStorage.getItem('civic-a11y:motion');
  } catch (e) { /* defaults */ }
  if (sp === 'on') html.setAttribute('data-civic-spacing', 'on');
  if (CIVIC_MOTION && (mo === 'on' || (mo === null && w.matchMedia('(prefers-reduced-motion: reduce)').matches))) html.setAttribute('data-civic-motion', 'paused');
  if (c === 'soft' || c === 'high' || c === 'dark' || c === 'normal') {
    state.contrast = c;
    html.setAttribute('data-civic-contrast', c);
  }
  // CIVIC_SCALES: false in presets without the text-size widget (scripts/build.mjs).
  if (CIVIC_SCALES && ts && /^[0-4](\.\d{1,6})?$/.test(ts) && +ts >= 0.5 && +ts !== 1) {
    state.textSize = +ts;
    // Hidden only while no <body> is parsed, so nothing of it can have been shown yet: run later
    // (at the end of <body>, `defer`, a bundle), the loader finds a page that may be on screen
    // already, and hiding it would blank it; the saved size then comes as one change.
    if (!d.body) {
      html.setAttribute('data-civic-pending', '');
      // The same fail-safe as page.css's civic-reveal, for a site whose own CSS turns animations
      // off (`* { animation: none !important }`): a module that never answers must not leave
      // the page blank.
      setTimeout(civicUnhide, 1500);
    }
  }
  try {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CIVIC_PAGE_CSS);
    d.adoptedStyleSheets = Array.prototype.slice.call(d.adoptedStyleSheets).concat([sheet]);
  } catch (e) {
    // No constructable stylesheets (old browsers): the same CSS as a file beside the script.
    var link = d.createElement('link');
    link.rel = 'stylesheet';
    link.href = css;
    (d.head || html).appendChild(link);
  }
  return state;
}
function civicUnhide() {
  document.documentElement.removeAttribute('data-civic-pending');
}
