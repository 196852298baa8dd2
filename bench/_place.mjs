import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { startServer, launch, root } from '../tests/e2e/helpers.mjs';
mkdirSync('/tmp/pl', { recursive: true });
const article = readFileSync(root + '/www/index.html', 'utf8');
const tag = '<script src="/pkg/civic-a11y.js"></script>';
writeFileSync('/tmp/pl/end.html', article.replace(tag, '').replace('</body>', tag + '</body>'));
writeFileSync('/tmp/pl/defer.html', article.replace(tag, tag.replace('<script', '<script defer')));
writeFileSync('/tmp/pl/async.html', article.replace(tag, tag.replace('<script', '<script async')));
writeFileSync('/tmp/pl/head.html', article);
const server = await startServer(['--static', '/pl/=/tmp/pl']);
const browser = await launch();
for (const v of ['head', 'end', 'defer', 'async']) for (let k = 0; k < 3; k++) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  page.on('console', (m) => m.type() === 'warning' && console.log(v, m.text()));
  await page.addInitScript(() => {
    localStorage.setItem('civic-a11y:text-size', '1.3');
    window.paints = [];
    const sample = () => {
      const el = document.querySelector('h1');
      const vis = document.body ? getComputedStyle(document.body).visibility : 'nobody';
      window.paints.push(vis + ' ' + (el ? getComputedStyle(el).fontSize : '-'));
      if (window.paints.length < 40) requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
  await page.goto(server.url + '/pl/' + v + '.html', { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => window.paints.length >= 40);
  const p = await page.evaluate(() => window.paints);
  const runs = []; for (const x of p) if (runs.at(-1)?.[0] !== x) runs.push([x, 1]); else runs.at(-1)[1]++;
  console.log(v.padEnd(6), runs.map(([x, n]) => `${x}×${n}`).join(' → '), await page.evaluate(() => window.civicA11y?.mountedCount?.()));
  await ctx.close();
}
await browser.close(); server.stop(); process.exit(0);
