// npm run build: Rust → Wasm → wasm-bindgen → wasm-opt → pkg/ (CONTRACT.md §1).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tools = process.env.CIVIC_TOOLS || join(homedir(), '.cache/civic-a11y/tools');
const pkg = join(root, 'pkg');
const out = join(root, 'target/wbg');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

const features = process.env.CIVIC_FEATURES; // e.g. "share,rating" for a smaller custom build
const featureArgs = features ? ['--no-default-features', '--features', features] : [];
// Smallest build: std rebuilt with panic=immediate-abort, which drops the panic-message
// formatting machinery (about 22 KB of Wasm). Needs the pinned nightly with rust-src
// (scripts/setup.sh installs it when it can); otherwise the stable build, with panic=abort.
const NIGHTLY = readFileSync(join(root, 'scripts/nightly-version'), 'utf8').trim();
const hasNightly = (() => {
  try {
    const src = execFileSync('rustup', ['component', 'list', '--installed', '--toolchain', NIGHTLY], { encoding: 'utf8' });
    return src.includes('rust-src') && process.env.CIVIC_STABLE !== '1';
  } catch {
    return false;
  }
})();
if (hasNightly) {
  execFileSync('cargo', [
    `+${NIGHTLY}`, 'build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'civic-a11y', '--quiet',
    '-Zbuild-std=std,panic_abort', '--target-dir', 'target/min', ...featureArgs,
  ], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, RUSTFLAGS: '-Zunstable-options -Cpanic=immediate-abort -Clink-arg=-zstack-size=131072' },
  });
} else {
  console.log(`(${NIGHTLY} with rust-src not available: stable build, about 22 KB larger)`);
  run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'civic-a11y', '--quiet', ...featureArgs]);
}
const wasmIn = hasNightly ? 'target/min/wasm32-unknown-unknown/release/civic_a11y.wasm' : 'target/wasm32-unknown-unknown/release/civic_a11y.wasm';
rmSync(out, { recursive: true, force: true });
run(join(tools, 'bin/wasm-bindgen'), [
  '--target', 'web', '--out-dir', out, '--out-name', 'civic_a11y_wasm', '--no-typescript',
  '--remove-name-section', '--remove-producers-section',
  join(root, wasmIn),
]);

rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg, { recursive: true });
run(join(root, 'node_modules/.bin/wasm-opt'), [
  '-Oz', '--strip-debug', '--strip-producers', '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
  '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue',
  join(out, 'civic_a11y_wasm_bg.wasm'), '-o', join(pkg, 'civic_a11y_wasm_bg.wasm'),
]);
copyFileSync(join(out, 'civic_a11y_wasm.js'), join(pkg, 'civic_a11y_wasm.js'));

const css = readFileSync(join(root, 'js/page.css'), 'utf8');
// Comments and indentation cost bytes on every page view.
const minCss = css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, ' ').replace(/ ?([{};,>]) ?/g, '$1').trim();
const boot = readFileSync(join(root, 'js/boot.js'), 'utf8').replace('CIVIC_PAGE_CSS', JSON.stringify(minCss));
const fill = (file) =>
  readFileSync(join(root, 'js', file), 'utf8').replace('/*BOOT*/', boot).replaceAll('/*VERSION*/', version);
writeFileSync(join(pkg, 'index.js'), fill('index.js'));
writeFileSync(join(pkg, 'civic-a11y.js'), fill('loader.js'));
writeFileSync(join(pkg, 'civic-a11y.css'), minCss + '\n');
writeFileSync(join(pkg, 'boot.js'), boot + '\nexport { civicBoot, civicUnhide };\n');
copyFileSync(join(root, 'js/index.d.ts'), join(pkg, 'index.d.ts'));
writeFileSync(
  join(pkg, 'package.json'),
  JSON.stringify(
    {
      name: 'civic-a11y',
      version,
      description: 'Accessible text size, contrast, share and star-rating widgets for government portals (Rust + WebAssembly).',
      license: 'MIT OR Apache-2.0',
      type: 'module',
      main: './index.js',
      module: './index.js',
      types: './index.d.ts',
      exports: {
        '.': { types: './index.d.ts', default: './index.js' },
        './civic-a11y.js': './civic-a11y.js',
        './civic-a11y.css': './civic-a11y.css',
        './boot.js': './boot.js',
        './civic_a11y_wasm_bg.wasm': './civic_a11y_wasm_bg.wasm',
        './package.json': './package.json',
      },
      files: ['*.js', '*.d.ts', '*.wasm', '*.css', 'README.md'],
      sideEffects: ['./civic-a11y.js'],
      keywords: ['accessibility', 'a11y', 'wcag', 'text-size', 'contrast', 'share', 'rating', 'webassembly'],
    },
    null,
    2
  ) + '\n'
);
writeFileSync(
  join(pkg, 'README.md'),
  '# civic-a11y\n\nAccessible text size, contrast, share and rating widgets. See the project README for usage.\n\n' +
    '```html\n<script src="/path/to/civic-a11y.js"></script>\n<civic-toolbar></civic-toolbar>\n```\n'
);
const size = readFileSync(join(pkg, 'civic_a11y_wasm_bg.wasm')).length;
console.log(`built pkg/ (civic-a11y ${version}; wasm ${size} bytes; ${hasNightly ? NIGHTLY + ' + immediate-abort' : 'stable'})`);
