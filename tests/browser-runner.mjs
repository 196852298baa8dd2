// The wasm-bindgen-test suite (tests/browser.rs) in headless Chromium, driven by Playwright.
//
// Why not `cargo test --target wasm32-unknown-unknown` with ChromeDriver: wasm-bindgen-test-runner's
// own file server sometimes never answers one of the snippet requests (seen on js/motion.js in
// about 1 load of 6 on this machine, at any commit), and ChromeDriver then waits 300 s for a page
// that cannot finish. Here the runner only serves the page (its interactive mode) and a load that
// stalls is reloaded; the test verdict is the runner's own report, read from the page.
import { execFileSync, spawn } from 'node:child_process';
import { launch, freePort } from './e2e/helpers.mjs';

const build = execFileSync('cargo', ['test', '-p', 'civic-a11y', '--target', 'wasm32-unknown-unknown', '--test', 'browser', '--no-run', '--message-format=json'], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
const wasm = build
  .split('\n')
  .filter((l) => l.startsWith('{'))
  .map((l) => JSON.parse(l))
  .find((m) => m.reason === 'compiler-artifact' && m.target?.name === 'browser' && m.executable)?.executable;
if (!wasm) throw new Error('cargo did not report the browser test executable');

const port = await freePort();
const runner = spawn('wasm-bindgen-test-runner', [wasm], {
  env: { ...process.env, NO_HEADLESS: '1', WASM_BINDGEN_TEST_ADDRESS: `127.0.0.1:${port}` },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise((resolve, reject) => {
  runner.stdout.on('data', (d) => d.toString().includes('http://') && resolve());
  runner.on('exit', (code) => reject(new Error('wasm-bindgen-test-runner exited with ' + code)));
});

const browser = await launch();
let report = null;
try {
  const page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && console.log('  console:', m.text()));
  for (let attempt = 1; attempt <= 5 && !report; attempt++) {
    if (attempt > 1) console.log(`browser tests: the page stalled loading; reload ${attempt - 1}`);
    await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'commit' });
    report = await page
      .waitForFunction(() => /test result: .*/.exec(document.body.innerText)?.[0] && document.body.innerText, null, { timeout: 10000 })
      .then((h) => h.jsonValue())
      .catch(() => null);
  }
} finally {
  await browser.close();
  runner.kill();
}
if (!report) throw new Error('browser tests: no report after 5 loads');
console.log(report.trim());
process.exit(/test result: ok\./.test(report) ? 0 : 1);
