// The same checks in Gecko (Debian firefox-esr over WebDriver BiDi, puppeteer-core) and WebKit
// (Debian WebKitGTK MiniBrowser under Xvfb, selenium-webdriver), the engines Playwright cannot
// download here (#17). A documented subset of the Chromium e2e suite: upgrade under strict CSP +
// Trusted Types, text size, contrast, keyboard voting, share links, persistence without flash,
// WebAssembly blocked. Events are dispatched from script (both drivers reach into shadow roots
// differently); the Chromium suite covers real pointer and keyboard input.
//   node tests/engines/run.mjs [firefox] [webkit]
import { spawn } from 'node:child_process';
import { startServer, freePort } from '../e2e/helpers.mjs';

const engines = process.argv.slice(2).length ? process.argv.slice(2) : ['firefox', 'webkit'];

/** Gecko: firefox-esr, headless, over WebDriver BiDi. */
async function firefox() {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox', protocol: 'webDriverBiDi', executablePath: '/usr/bin/firefox-esr', headless: true,
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1000, height: 800 });
  return {
    version: await browser.version(),
    goto: (url) => page.goto(url, { waitUntil: 'domcontentloaded' }),
    run: (fn, arg) => page.evaluate(`(${fn})(${JSON.stringify(arg)})`),
    close: () => browser.close(),
  };
}

/** WebKit: WebKitGTK's MiniBrowser under Xvfb (it has no headless mode), over WebDriver. */
async function webkit() {
  const { Builder } = await import('selenium-webdriver');
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x2400x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
  const display = await new Promise((resolve, reject) => {
    xvfb.stdio[3].once('data', (d) => resolve(':' + d.toString().trim()));
    xvfb.once('exit', (c) => reject(new Error('Xvfb exited with ' + c)));
  });
  const port = await freePort();
  const wd = spawn('WebKitWebDriver', [`--port=${port}`, '--host=local'], { env: { ...process.env, DISPLAY: display }, stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  const driver = await new Builder()
    .usingServer(`http://127.0.0.1:${port}`)
    .withCapabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', args: ['--automation'] },
    })
    .build();
  const caps = await driver.getCapabilities();
  return {
    version: `WebKitGTK ${caps.get('browserVersion')}`,
    goto: async (url) => {
      await driver.get(url);
    },
    run: (fn, arg) =>
      driver.executeAsyncScript(
        `const done = arguments[arguments.length - 1];
         Promise.resolve().then(() => (${fn})(${JSON.stringify(arg)})).then((v) => done({ v }), (e) => done({ e: String(e) }));`
      ).then((r) => {
        if (r && 'e' in r) throw new Error(r.e);
        return r && r.v;
      }),
    close: async () => {
      await driver.quit().catch(() => {});
      wd.kill();
      xvfb.kill();
    },
  };
}

// ------------------------------------------------------------------ checks (run in the page)
const until = async (b, fn, arg, what, ms = 15000) => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await b.run(fn, arg).catch(() => false);
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting for ' + what);
    await new Promise((r) => setTimeout(r, 100));
  }
};
const ready = () => !!(window.civicA11y && window.civicA11y.mountedCount && window.civicA11y.mountedCount() >= 2);
const click = ({ host, text }) => {
  const b = [...document.querySelector(host).shadowRoot.querySelectorAll('button')].find((x) => x.textContent === text);
  b.click();
  return true;
};
const px = () => parseFloat(getComputedStyle(document.getElementById('text')).fontSize);
const assert = (ok, msg) => {
  if (!ok) throw new Error(msg);
};

const CHECKS = {
  async 'upgrades under strict CSP + Trusted Types, with no warning or error'(b, url) {
    await b.goto(url + '/fixtures/csp/engines.html');
    await until(b, ready, null, 'the widgets');
    const log = await b.run(() => window.__log);
    assert(log.csp.length === 0 && log.error.length === 0, 'CSP violations or errors: ' + JSON.stringify(log));
    assert(!log.warn.some((w) => w.startsWith('civic-a11y')), 'warnings: ' + JSON.stringify(log.warn));
    const n = await b.run(() => document.querySelector('civic-toolbar').shadowRoot.querySelectorAll('button, a').length);
    assert(n >= 8, `toolbar controls: ${n}`);
  },
  async 'A+ grows the px text by the first step; A restores it'(b) {
    const before = await b.run(px);
    await b.run(() => (window.civicFieldBefore = parseFloat(getComputedStyle(document.getElementById('field')).fontSize)));
    await b.run(click, { host: 'civic-toolbar', text: 'A+' });
    const after = await until(b, (p) => { const v = parseFloat(getComputedStyle(document.getElementById('text')).fontSize); return v > p && v; }, before, 'a larger size');
    assert(Math.abs(after / before - 1.15) < 0.02, `${before} → ${after}`);
    // Text the browser's own stylesheet sizes (a form control, measured in a shadow root) too.
    const field = await b.run(() => [parseFloat(getComputedStyle(document.getElementById('field')).fontSize), window.civicFieldBefore]);
    assert(Math.abs(field[0] / field[1] - 1.15) < 0.02, `the form field: ${field[1]} → ${field[0]}`);
    await b.run(click, { host: 'civic-toolbar', text: 'A' });
    await until(b, (p) => parseFloat(getComputedStyle(document.getElementById('text')).fontSize) === p, before, 'the designed size');
  },
  async 'contrast switches the page palette and back'(b) {
    await b.run(click, { host: 'civic-toolbar', text: 'Tăng tương phản' });
    assert((await b.run(() => document.documentElement.getAttribute('data-civic-contrast'))) === 'high', 'no high contrast');
    const colour = await b.run(() => getComputedStyle(document.getElementById('text')).color);
    await b.run(click, { host: 'civic-toolbar', text: 'Giảm tương phản' });
    assert((await b.run(() => document.documentElement.getAttribute('data-civic-contrast'))) === 'normal', 'not back to normal');
    assert(colour !== (await b.run(() => getComputedStyle(document.getElementById('text')).color)), 'the palette did not change');
  },
  async 'share links are real links to the networks'(b) {
    const href = await b.run(() => document.querySelector('civic-toolbar').shadowRoot.querySelector('a[data-network=facebook]').href);
    assert(href.startsWith('https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fportal.example.gov.vn'), href);
  },
  async 'keyboard voting: arrows move, Enter chooses, the server counts it'(b, url, engine) {
    await b.run((item) => {
      const el = document.createElement('civic-rating');
      el.id = 'kb';
      el.setAttribute('data-item', item);
      el.setAttribute('data-endpoint', '/api/ratings');
      document.body.append(el);
    }, 'engines-' + engine);
    await until(b, () => !!document.getElementById('kb').shadowRoot?.querySelector('[role=radio]'), null, 'the stars');
    await b.run(() => {
      const r = document.getElementById('kb').shadowRoot;
      const key = (k) => r.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true }));
      r.querySelector('[role=radio]').focus();
      key('ArrowRight');
      key('ArrowRight');
      key('ArrowRight');
      key('Enter');
      return true;
    });
    await until(b, () => /Cảm ơn bạn đã đánh giá 4 sao/.test(document.getElementById('kb').shadowRoot.querySelector('[role=status]').textContent), null, 'the thanks');
    const agg = await (await fetch(`${url}/api/ratings/engines-${engine}`)).json();
    assert(agg.count === 1 && agg.sum === 4, JSON.stringify(agg));
    // Clicking stars must not select them as text (WebKit reads only -webkit-user-select).
    const select = await b.run(() => {
      const cs = getComputedStyle(document.getElementById('kb').shadowRoot.querySelector('.star'));
      return [cs.userSelect, cs.webkitUserSelect].filter(Boolean);
    });
    assert(select.length && select.every((v) => v === 'none'), 'stars selectable: ' + select);
  },
  async 'a saved text size applies on the next page with the page hidden until then'(b, url) {
    await b.run(() => window.civicA11y.setTextSize(1.5));
    await b.goto(url + '/fixtures/csp/engines.html');
    await until(b, ready, null, 'the widgets');
    const log = await b.run(() => window.__log);
    assert(log.pendingAtStart === true, 'the page was not hidden while the saved size was applied');
    await until(b, () => !document.documentElement.hasAttribute('data-civic-pending'), null, 'the page shown');
    assert(Math.abs((await b.run(px)) - 21) < 0.5, `font-size ${await b.run(px)}`);
    // Shown and laid out: nothing of the page left skipped (page.css, content-visibility).
    const shown = await b.run(() => [getComputedStyle(document.body).visibility, getComputedStyle(document.body).contentVisibility || 'visible', document.getElementById('text').checkVisibility()]);
    assert(JSON.stringify(shown) === '["visible","visible",true]', 'after the size applied: ' + JSON.stringify(shown));
    await b.run(() => window.civicA11y.setTextSize(1));
  },
  async 'WebAssembly blocked by CSP: the page and the fallback link stay'(b, url) {
    await b.goto(url + '/fixtures/nowasm.html');
    await new Promise((r) => setTimeout(r, 800));
    const s = await b.run(() => ({
      shadow: !!document.querySelector('civic-toolbar').shadowRoot,
      fallback: document.getElementById('fallback').getBoundingClientRect().height > 0,
      hidden: document.documentElement.hasAttribute('data-civic-pending'),
    }));
    assert(!s.shadow && s.fallback && !s.hidden, JSON.stringify(s));
  },
};

const server = await startServer();
let failed = 0;
try {
  for (const engine of engines) {
    const t0 = Date.now();
    const b = await (engine === 'firefox' ? firefox() : webkit());
    console.log(`# ${engine}: ${b.version}`);
    try {
      for (const [name, check] of Object.entries(CHECKS)) {
        try {
          await check(b, server.url, engine);
          console.log(`ok - ${engine}: ${name}`);
        } catch (e) {
          failed++;
          console.log(`not ok - ${engine}: ${name}\n  ${String(e && e.message).split('\n')[0]}`);
        }
      }
    } finally {
      await b.close();
    }
    console.log(`# ${engine}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
} finally {
  server.stop();
}
process.exit(failed ? 1 : 0);
