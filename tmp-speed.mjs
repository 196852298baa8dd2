// ad-hoc: text-size step and contrast switch on the 10k page (median of 9), ours only
import { startServer, launch } from './tests/e2e/helpers.mjs';
const server = await startServer(['--static', '/bench/=/tmp/civic-bench']);
const browser = await launch();
const NEXT_FRAME = `(action) => new Promise((resolve) => { const t0 = performance.now(); action();
  requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => resolve(performance.now() - t0); c.port2.postMessage(0); }); })`;
const btn = (label) => `[...document.querySelector('civic-toolbar').shadowRoot.querySelectorAll('button')].find(b => b.textContent === '${label}').click()`;
const ctx = await browser.newContext(); const page = await ctx.newPage();
await page.goto(server.url + '/bench/big-ours.html');
await page.waitForFunction(() => window.civicA11y?.mountedCount?.() > 0);
await page.waitForTimeout(300);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name, act, undo] of [['text', btn('A+'), btn('A')], ['contrast', btn('Tăng tương phản'), btn('Giảm tương phản')]]) {
  const t = [];
  for (let i = 0; i < 9; i++) { t.push(await page.evaluate(`(${NEXT_FRAME})(() => { ${act} })`)); await page.evaluate(`(${NEXT_FRAME})(() => { ${undo} })`); }
  console.log(name, median(t).toFixed(0), 'ms');
}
await browser.close(); server.stop?.(); process.exit(0);
