// civic-a11y classic script: <script src="/any/path/civic-a11y.js"></script>
// Finds its files beside itself (from its own URL, not the page's), applies saved preferences
// before first paint, then loads the Wasm module and upgrades every widget.
// A browser too old for the widgets does not parse it (`import()`: Chrome 63, Firefox 67,
// Safari 11.1) and keeps the page as written; every browser that does has fetch and Symbol.
(function () {
  'use strict';
  // Not in a page (a server imported it), or included twice: the first copy is in charge.
  if (typeof window === 'undefined' || window.civicA11y) return;
  performance.mark('civic-a11y:script');

  /*BOOT*/

  var me = document.currentScript;
  var src = (me && me.src) || location.href;
  var base = new URL('.', src).href;
  var boot = civicBoot(base + 'civic-a11y.css');
  // Start the .wasm download now, while the page paints (the module is imported after that).
  var wasm = fetch(base + 'civic_a11y_wasm_bg.wasm');
  wasm.catch(function () {});
  // A saved text size (only in builds with the text scaler) keeps the page hidden until it is
  // applied: the scaler's late module (js/core.js) downloads now too, not after index.js.
  // (CIVIC_LATE: false in presets without it, scripts/build.mjs.)
  var late = CIVIC_LATE && boot.textSize !== 1 ? fetch(base + 'civic_a11y_late_bg.wasm') : null;
  if (late) {
    late.catch(function () {});
    import(base + 'late.js').catch(function () {});
  }
  // A first-time visitor's page paints first (js/boot.js `shown`). A saved text size goes on at
  // once: it keeps the page hidden until applied (or, run after <body>, is a change to the page).
  var ready = (boot.textSize === 1 ? boot.shown : Promise.resolve()).then(function () {
    return import(base + 'index.js');
  }).then(function (m) {
    return m.init({ wasmUrl: wasm, lateWasm: late }).then(function () { return m; });
  }, function (err) {
    // The module itself did not load: say in one line what to allow (init() explains the rest).
    console.warn('civic-a11y: ' + base + 'index.js did not load: another origin needs Access-Control-Allow-Origin; file:// needs a web server');
    throw err;
  });
  ready.catch(civicUnhide);
  // Rejects for whoever awaits it, without a second "uncaught" error in the console.
  var api = ready.then(function () {});
  api.catch(civicUnhide);
  var later = function (name) {
    return function (arg) { return ready.then(function (m) { return m[name](arg); }); };
  };
  window.civicA11y = {
    version: '/*VERSION*/',
    ready: api,
    init: later('init'),
    setTextSize: later('setTextSize'),
    setContrast: later('setContrast'),
    getTextSize: function () { return boot.textSize; },
    getContrast: function () { return boot.contrast; },
  };
  ready.then(function (m) {
    window.civicA11y.getTextSize = m.getTextSize;
    window.civicA11y.getContrast = m.getContrast;
    window.civicA11y.mountedCount = m.mountedCount;
    window.civicA11y.wasmMemoryBytes = m.wasmMemoryBytes;
  }, function () {});
})();
