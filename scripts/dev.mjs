// npm run dev: the demo portal on http://127.0.0.1:${PORT:-8080}, rebuilt and reloaded on change.
//
// A change under src/ or js/ rebuilds pkg/ (the full widget set only, no presets: ~30 s faster
// than `npm run build`); a change under www/ or tests/fixtures/ only reloads. Open pages reload by
// a same-origin script injected into every HTML answer (so the strict CSP of the demo holds).
// civic-server runs behind this proxy on a free port of its own. `--no-build`: serve pkg/ as it
// is first.
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, watch } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT) || 8080;
// A port the system says is free, not `port + 1`: that one may be taken (an outgoing
// connection's, another server's), and then every request went to whatever held it.
const inner = await new Promise((resolve, reject) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = s.address();
    s.close(() => resolve(free));
  });
  s.on('error', reject);
});
const db = process.env.DATABASE_URL || 'data/ratings.sqlite3';
// The default widget set, from Cargo.toml as scripts/build.mjs reads it (every default feature
// but `bindgen`, the browser tests'): one build, no presets.
const features = JSON.parse(readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^default = (\[.*\])$/m)[1])
  .filter((f) => f !== 'bindgen')
  .join(',');

const build = () =>
  new Promise((resolve) => {
    const t0 = Date.now();
    const p = spawn('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit', env: { ...process.env, CIVIC_FEATURES: features } });
    p.on('exit', (code) => {
      console.log(code === 0 ? `dev: built in ${((Date.now() - t0) / 1000).toFixed(0)} s` : 'dev: the build failed (above); still serving the last good pkg/');
      resolve(code === 0);
    });
  });

execFileSync('bash', ['scripts/setup.sh'], { cwd: root, stdio: 'inherit' });
if (!process.argv.includes('--no-build')) await build();
execFileSync('cargo', ['build', '--release', '-p', 'civic-rating-server', '--quiet'], { cwd: root, stdio: 'inherit' });
const server = spawn(
  join(root, 'target/release/civic-server'),
  ['--port', String(inner), '--db', db, '--static', '/=www', '--static', '/pkg/=pkg', '--static', '/fixtures/=tests/fixtures', '--strict-csp', '/'],
  { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] }
);
process.on('exit', () => server.kill());
server.on('exit', (code, signal) => {
  if (signal) return;
  console.error(`dev: civic-server stopped (exit ${code}; above: why); stopping`);
  process.exit(1);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));

// Open pages listen here; each change sends `reload`.
const clients = new Set();
const reload = () => {
  for (const res of clients) res.write('data: reload\n\n');
};
const CLIENT = "new EventSource('/__dev/events').onmessage = () => location.reload();\n";

http
  .createServer((req, res) => {
    if (req.url === '/__dev/reload.js') {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
      return res.end(CLIENT);
    }
    if (req.url === '/__dev/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write(': connected\n\n');
      clients.add(res);
      return req.on('close', () => clients.delete(res));
    }
    // Uncompressed and uncached, so the HTML can be edited and nothing stale is served.
    const headers = { ...req.headers, 'accept-encoding': 'identity' };
    delete headers['if-none-match'];
    delete headers['if-modified-since'];
    const up = http.request({ port: inner, host: '127.0.0.1', method: req.method, path: req.url, headers }, (r) => {
      const h = { ...r.headers, 'cache-control': 'no-store' };
      if (!String(r.headers['content-type']).startsWith('text/html')) {
        res.writeHead(r.statusCode, h);
        return r.pipe(res);
      }
      const chunks = [];
      r.on('data', (c) => chunks.push(c));
      r.on('end', () => {
        const html = Buffer.concat(chunks).toString('utf8').replace('</head>', '<script src="/__dev/reload.js"></script></head>');
        delete h['content-length'];
        res.writeHead(r.statusCode, h);
        res.end(html);
      });
    });
    up.on('error', () => {
      res.writeHead(502);
      res.end('civic-server is not answering yet');
    });
    req.pipe(up);
  })
  .listen(port, '127.0.0.1', () => console.log(`dev: http://127.0.0.1:${port}/ (rebuilds on change under src/ and js/, reloads on www/)`));

// Changes come in bursts (an editor writes a file twice): act once they settle.
let timer = null;
let needBuild = false;
let building = false;
const settle = () => {
  clearTimeout(timer);
  timer = setTimeout(async () => {
    if (building) return settle();
    if (needBuild) {
      needBuild = false;
      building = true;
      const ok = await build();
      building = false;
      if (!ok) return;
    }
    reload();
  }, 200);
};
for (const [dir, rebuild] of [['src', true], ['js', true], ['www', false], ['tests/fixtures', false]]) {
  watch(join(root, dir), { recursive: true }, () => {
    needBuild ||= rebuild;
    settle();
  });
}
