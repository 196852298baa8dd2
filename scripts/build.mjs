// npm run build: Rust → Wasm → wasm-opt, JavaScript → esbuild + terser → pkg/ (CONTRACT.md §1).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build as esbuild, transformSync } from 'esbuild';
import { minify } from 'terser';
import zlib, { gunzipSync, brotliCompressSync } from 'node:zlib';
import { createHash } from 'node:crypto';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// CIVIC_OUT: build into another folder (the bench weighs builds without one control each).
const pkg = process.env.CIVIC_OUT || join(root, 'pkg');
// The bundles' generated entries (index.js, table.js, late.js), before esbuild.
const out = join(root, 'target/entries');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

// pkg/ is the `all` preset; each other preset is a folder of the same files (#12), so a page
// takes `<script src=".../civic-a11y/tools/civic-a11y.js">` and pays only for what it shows.
// CIVIC_FEATURES="share,rating" builds one custom set into pkg/ instead (no presets).
const custom = process.env.CIVIC_FEATURES;
// Every widget: the default features of Cargo.toml (one per widget, named as the widget).
const ALL_WIDGETS = JSON.parse(readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^default = (\[.*\])$/m)[1]).filter((f) => f !== 'bindgen');
const PRESETS = custom
  ? [['', custom]]
  : [
      ['', null],
      // The seed portal's own row of article tools (A- A A+, contrast, share, rating), without
      // visit statistics and the reading aids.
      ['article', 'text-size,contrast,share,rating,toolbar'],
      ['tools', 'text-size,contrast,text-spacing,motion'],
      ['share', 'share'],
      ['rating', 'rating'],
      ['stats', 'stats'],
    ];
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
/** Loaded on demand from beside index.js, never bundled into it: boot.js only by pages without
 *  the classic loader; reader.js and late.js (the late module) when a visitor reaches for
 *  read-aloud or the text size; vote.js (the vote module) at a vote; labels-en.js by pages
 *  that show English. */
const ON_DEMAND = ['boot.js', 'reader.js', 'late.js', 'vote.js', 'labels-en.js'];

/** [feature, key, English] of each row of the one label table, src/core/i18n.rs (its
 *  `["feature"]` sections and `Key = "attr": "Vietnamese", "English";` rows): read once, for
 *  each preset's labels-en.js. A row written another way (over two lines, an escape) would
 *  leave its key in Vietnamese, so the build stops instead. */
const LABELS = (() => {
  const i18n = readFileSync(join(root, 'src/core/i18n.rs'), 'utf8');
  const start = i18n.indexOf('keys! {');
  const rows = i18n.slice(start, i18n.indexOf('\n}\n', start));
  const out = [];
  let feature = null;
  for (const m of rows.matchAll(/^ {4}\["([\w-]+)"\]$|^ {4}\w+ = "([\w-]+)": "([^"\\]*)", "([^"\\]*)";$/gm)) {
    if (m[1]) feature = m[1];
    else out.push([feature, m[2], m[4]]);
  }
  if (!out.length || out.length !== rows.split(/^ {4}\w+ = "/m).length - 1) throw new Error('src/core/i18n.rs: a label row labels-en.js cannot read (keep each on one line, without escapes)');
  return out;
})();

/** The modules built so far, by features: presets share some (the vote module is the same in
 *  three, the late module of `article` and `tools` too), built once and copied. */
const built = new Map();
/** The .gz and .br of each file content compressed so far, by its SHA-256. */
const compressed = new Map();

// Zopfli (Emscripten) installs process-wide handlers when it loads that print its whole source
// with any later error: they are removed, so a failed build says what failed.
const handlers = (e) => process.listeners(e);
const before = { uncaughtException: handlers('uncaughtException'), unhandledRejection: handlers('unhandledRejection') };
const { gzipAsync: zopfli } = await import('@gfx/zopfli');
for (const [e, kept] of Object.entries(before)) for (const h of handlers(e)) if (!kept.includes(h)) process.removeListener(e, h);

rmSync(pkg, { recursive: true, force: true });
for (const [name, features] of PRESETS) await buildPreset(join(pkg, name), features);
// Which toolchain built pkg/: the bytes budget (bench.mjs --quick) differs for the two.
if (!process.env.CIVIC_OUT) writeFileSync(join(root, 'target/civic-build.json'), JSON.stringify({ toolchain: hasNightly ? 'nightly' : 'stable' }) + '\n');

/** Comments and indentation cost bytes on every page view. */
function minifyCss(css) {
  return css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, ' ').replace(/ ?([{};,>]) ?/g, '$1').replace(/: /g, ':').replace(/ !important/g, '!important').replace(/;}/g, '}').trim();
}

/** esbuild: every module of js/ is bundled from js/, whether the build's entries (target/entries)
 *  or another module import it, so a module with state (the storage fallback, the core's
 *  exports) exists once; `./table.js` is the build's own. */
function oneCopyOfEachModule() {
  return {
    name: 'one-copy-of-each-module',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
        const name = args.path.split('/').pop();
        if (name === 'table.js') return { path: join(out, name) };
        if (ON_DEMAND.includes(name)) return { path: args.path, external: true };
        if (args.importer.startsWith(out)) return { path: join(root, 'js', name) };
      });
    },
  };
}

/** Compiles the crate with `featureArgs` into the Wasm module `<name>_bg.wasm` of `dir`: cargo,
 *  then wasm-opt. Its boundary is its own (src/abi.rs, js/wasm.js): no wasm-bindgen, and its
 *  import and export names are already one letter each. */
function wasmModule(dir, name, featureArgs) {
  const to = join(dir, name + '_bg.wasm');
  const key = featureArgs.join(' ');
  mkdirSync(dir, { recursive: true });
  if (built.has(key)) return copyFileSync(built.get(key), to);
  built.set(key, to);
  // LLVM's size knobs for these modules (#12, each measured on all three, gzip -9):
  // - a lower inlining threshold than opt-level="z" leaves: LLVM otherwise copies std's
  //   `#[inline]` helpers (iterators, String growth, UTF-8 decoding) into every caller. 40 is
  //   the best of a broad valley (35–55): main module −0.45 KB, late −0.42, vote −0.39; 100 and
  //   above are larger than the default;
  // - no hoisting or sinking of the instructions common to two branches, and no partial
  //   redundancy elimination of loads: each copies code to save a few instructions at run
  //   time (−0.22 KB, −0.08, −0.08 more).
  // Only here, and only with the pinned nightly (which rebuilds std with them): the native
  // tests and the server keep LLVM's defaults.
  const inlining = ['-inline-threshold=40', '-simplifycfg-sink-common=false', '-simplifycfg-hoist-common=false', '-enable-load-pre=false'].map((a) => '-Cllvm-args=' + a).join(' ');
  if (hasNightly) {
    execFileSync('cargo', [
      `+${NIGHTLY}`, 'build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'civic-a11y', '--quiet',
      '-Zbuild-std=std,panic_abort', '--target-dir', 'target/min', ...featureArgs,
    ], {
      cwd: root,
      stdio: 'inherit',
      // No file paths for #[track_caller] locations and no Debug formatting: nothing could print them.
      env: { ...process.env, RUSTFLAGS: `-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none -Clink-arg=-zstack-size=131072 ${inlining}` },
    });
  } else {
    // (Not the knobs above: with the stable toolchain's prebuilt std they make the page view's
    // module 1.3 KB of gzip larger, not smaller.)
    run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'civic-a11y', '--quiet', ...featureArgs]);
  }
  const wasmIn = hasNightly ? 'target/min/wasm32-unknown-unknown/release/civic_a11y.wasm' : 'target/wasm32-unknown-unknown/release/civic_a11y.wasm';
  wasmOpt(join(root, wasmIn), to);
}

/** wasm-opt, for size. */
function wasmOpt(from, to) {
  // --flatten --rereloop before the -Oz rounds: binaryen rebuilds the control flow from scratch,
  // which the later rounds shrink further (measured: about −0.5 KB gzip on the full build).
  // The target-features section is for the tools, not browsers.
  // --low-memory-unused: the first 1 KB of memory is the far end of the 128 KB stack (Rust lays
  // the stack first), never reached; binaryen may then fold `load(p + C)` into `load offset=C
  // (p)`, which differ only when p + C wraps past 4 GB, as no Rust pointer does (−0.2 KB gzip).
  run(join(root, 'node_modules/.bin/wasm-opt'), [
    '-Oz', '--flatten', '--rereloop', '-Oz', '-Oz', '--converge', '--low-memory-unused', '--strip-debug', '--strip-producers', '--strip-target-features', '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
    '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue',
    from, '-o', to,
  ]);
}

/** Builds one preset: the crate with `features` (null = the default, all widgets) into `dir`. */
async function buildPreset(dir, features) {
  const widgets = features ? features.split(',') : ALL_WIDGETS;
  const has = (feature) => widgets.includes(feature);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // Three modules (Cargo.toml, #12): what every page view runs; what only a visitor's first
  // text-size change or read-aloud press needs; what only a vote needs (js/core.js `late()`
  // and `vote()` fetch them then). Apart, so that neither of the last two carries the other.
  wasmModule(dir, 'civic_a11y_wasm', ['--no-default-features', '--features', widgets.join(',') + ',main-module']);
  const late = ['text-size', 'read-aloud'].filter(has);
  if (late.length) wasmModule(dir, 'civic_a11y_late', ['--no-default-features', '--features', late.join(',') + ',late-module']);
  if (has('rating')) wasmModule(dir, 'civic_a11y_vote', ['--no-default-features', '--features', 'rating,late-module']);

  // Rules between `/*@feature*/` and `/*@end*/` ship only in builds with that feature: a preset
  // without text spacing neither downloads its rules nor applies a saved choice it cannot undo.
  // CIVIC_HOSTS: the widget hosts of this build (reserved space, palette over a site's theme).
  const hosts = widgets.map((w) => 'civic-' + w).concat('[data-civic]').join(',');
  const css = readFileSync(join(root, 'js/page.css'), 'utf8')
    .replace(/\/\*@([\w-]+)\*\/([\s\S]*?)\/\*@end\*\//g, (_, f, body) => (has(f) ? body : ''))
    .replaceAll('CIVIC_HOSTS', hosts);
  const minCss = minifyCss(css);
  // A preset without the text-size widget never hides the page for a saved size it cannot apply.
  const boot = readFileSync(join(root, 'js/boot.js'), 'utf8')
    .replace('CIVIC_PAGE_CSS', JSON.stringify(minCss))
    .replaceAll('CIVIC_SCALES', String(has('text-size')))
    .replaceAll('CIVIC_SPACING', String(has('text-spacing')))
    .replaceAll('CIVIC_MOTION', String(has('motion')));
  const fill = (file) =>
    readFileSync(join(root, 'js', file), 'utf8')
      .replace('/*BOOT*/', boot)
      .replaceAll('/*VERSION*/', version)
      .replaceAll('CIVIC_LATE', String(late.length > 0))
      .replace('/*WIDGETS*/ []', JSON.stringify(widgets));
  // index.js is one module with the Wasm glue inside: a module that imports another is a fetch
  // waterfall (measured: the glue's request started 40–90 ms after index.js arrived).
  writeFileSync(join(out, 'index.js'), fill('index.js'));
  // The widgets of this build (js/table.js: a line tagged `// @name …` stays only in builds with
  // one of those widgets).
  const table = readFileSync(join(root, 'js/table.js'), 'utf8')
    .split('\n')
    .filter((line) => !/\/\/ @/.test(line) || line.match(/@([\w-]+)/g).some((tag) => has(tag.slice(1))))
    .join('\n');
  writeFileSync(join(out, 'table.js'), table);
  // Both bundles: ES modules of js/, one copy of each, minified.
  const bundle = (name, options) =>
    esbuild({
      entryPoints: [join(out, name)],
      outfile: join(dir, name),
      bundle: true,
      format: 'esm',
      plugins: [oneCopyOfEachModule()],
      minify: true,
      legalComments: 'none',
      charset: 'utf8',
      logLevel: 'error',
      ...options,
    });
  await bundle('index.js', {
    // The widgets' stylesheets, minified (each shadow root adopts them as constructed sheets).
    define: {
      CIVIC_BASE_CSS: JSON.stringify(minifyCss(readFileSync(join(root, 'js/base.css'), 'utf8'))),
      CIVIC_RATING_CSS: JSON.stringify(minifyCss(readFileSync(join(root, 'js/rating.css'), 'utf8'))),
      // A preset without the text-size widget leaves the text scaler out (js/prefs.js).
      CIVIC_SCALES: String(has('text-size')),
      // A preset with neither text size nor read-aloud has no late module, one without the
      // rating no vote module (js/core.js).
      CIVIC_LATE: String(late.length > 0),
      CIVIC_VOTE: String(has('rating')),
    },
    external: ON_DEMAND.map((f) => './' + f),
  });
  if (late.length) {
    // The late module's file: its Wasm functions (js/late-core.js, with the glue), with the
    // text scaler's page work (js/scaler.js) where the build has it (js/core.js `late()`).
    const entry = ["export { default } from './late-core.js';"];
    if (has('read-aloud')) entry.push("export { speechSplit } from './late-core.js';");
    if (has('text-size')) entry.push("export * as scaler from './scaler.js';");
    writeFileSync(join(out, 'late.js'), entry.join('\n') + '\n');
    await bundle('late.js');
  }
  if (has('rating')) {
    // The vote module's file: its Wasm functions (js/late-core.js, with the glue).
    writeFileSync(join(out, 'vote.js'), "export { default, ratingOutcome, ratingMayResend } from './late-core.js';\n");
    await bundle('vote.js');
  }
  writeFileSync(join(dir, 'civic-a11y.js'), fill('loader.js'));
  writeFileSync(join(dir, 'civic-a11y.css'), minCss + '\n');
  writeFileSync(join(dir, 'boot.js'), boot + '\nexport { civicBoot, civicUnhide };\n');
  // For bundled apps (#13): the same no-flash step as a classic script for the page's <head>,
  // served beside civic-a11y.css (README: Vite, Next.js, plain ESM).
  writeFileSync(
    join(dir, 'civic-a11y-boot.js'),
    `(function () {\nif (typeof window === 'undefined') return;\n${boot}\nvar me = document.currentScript;\ncivicBoot(new URL('civic-a11y.css', (me && me.src) || location.href).href);\n})();\n`
  );
  // The English labels of this build's widgets (#12: the main Wasm module carries only the
  // Vietnamese); js/view.js fetches them for hosts in English.
  const english = Object.fromEntries(LABELS.filter(([feature]) => has(feature)).map(([, key, en]) => [key, en]));
  writeFileSync(join(dir, 'labels-en.js'), 'export default ' + JSON.stringify(english) + ';\n');
  const files = ['civic-a11y.js', 'index.js', 'boot.js', 'civic-a11y-boot.js', 'civic_a11y_wasm_bg.wasm', 'civic-a11y.css', 'labels-en.js'];
  if (has('read-aloud')) {
    copyFileSync(join(root, 'js/reader.js'), join(dir, 'reader.js'));
    files.push('reader.js');
  }
  if (late.length) files.push('late.js', 'civic_a11y_late_bg.wasm');
  if (has('rating')) files.push('vote.js', 'civic_a11y_vote_bg.wasm');
  // Minified JS: every page view downloads it. The readable sources are js/ in the repository.
  // esbuild bundles and minifies; terser then mangles by frequency and compresses further
  // (measured: index.js −3 % gzip, the loader −2 %).
  for (const [file, format] of [['civic-a11y.js', undefined], ['civic-a11y-boot.js', undefined], ['boot.js', 'esm'], ['index.js', 'esm'], ['reader.js', 'esm'], ['late.js', 'esm'], ['vote.js', 'esm']]) {
    if (!files.includes(file)) continue;
    let code = readFileSync(join(dir, file), 'utf8');
    if (file !== 'index.js') code = transformSync(code, { minify: true, format, legalComments: 'none', charset: 'utf8' }).code;
    // The modules may use ES2020 (every browser that runs the Wasm does). The classic loader is
    // kept ES5-shaped but for its `import()` and esbuild's `catch {}`: a browser without them
    // cannot run the widgets either, and skips the file with one syntax error.
    const esm = format === 'esm';
    const ecma = esm ? 2020 : 5;
    code = (await minify(code, { module: esm, ecma, compress: { passes: 2, ecma }, mangle: true, format: { comments: false } })).code;
    // V8's explicit compile hint (Chrome 136+; a comment elsewhere): every function of the file
    // is compiled while it downloads, off the main thread, instead of on its first call. These
    // files run almost all of their code at page load (measured, #12: start()'s main-thread time
    // 67 → 46 ms, first control 424 → 366 ms, medians of 21 loads). Not reader.js, late.js
    // nor vote.js: they load later.
    if (!['reader.js', 'late.js', 'vote.js'].includes(file)) code = '//# allFunctionsCalledOnLoad\n' + code;
    writeFileSync(join(dir, file), code);
  }
  for (const f of files) {
    const buf = readFileSync(join(dir, f));
    // A file the same in another preset (the shared Wasm modules, vote.js) is compressed once.
    const hash = createHash('sha256').update(buf).digest('hex');
    if (!compressed.has(hash)) {
      // Zopfli writes ordinary gzip that any browser reads, 5–8 % smaller than `gzip -9` (#12:
      // the page view's three files 35.3 → 33.4 KB as nginx's gzip_static serves them). Five
      // iterations: fifteen gain 6 bytes on the main module and take twice as long.
      const gz = Buffer.from(await zopfli(buf, { numiterations: 5 }));
      if (!gunzipSync(gz).equals(buf)) throw new Error(`zopfli: ${f}.gz does not decompress to ${f}`);
      compressed.set(hash, { gz, br: brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }) });
    }
    const { gz, br } = compressed.get(hash);
    writeFileSync(join(dir, f + '.gz'), gz);
    writeFileSync(join(dir, f + '.br'), br);
  }
  const size = (f) => readFileSync(join(dir, f)).length;
  const lateSize = (late.length ? ` + ${size('civic_a11y_late_bg.wasm')} on use` : '') + (has('rating') ? ` + ${size('civic_a11y_vote_bg.wasm')} at a vote` : '');
  console.log(`built ${dir.slice(root.length + 1)}/ (civic-a11y ${version}${features ? ', ' + features : ''}; wasm ${size('civic_a11y_wasm_bg.wasm')} bytes${lateSize}; ${hasNightly ? NIGHTLY + ' + immediate-abort' : 'stable'})`);
}

// web.config: IIS answers 404 for a file type it has no mapping for (.wasm, where not added).
for (const f of ['js/custom-elements.json', 'js/index.d.ts', 'js/jsx.d.ts', 'js/boot.d.ts', 'js/civic-a11y.d.ts', 'js/web.config', 'LICENSE-MIT', 'LICENSE-APACHE', 'CHANGELOG.md']) {
  copyFileSync(join(root, f), join(pkg, f.replace('js/', '')));
}
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
      // Custom Elements Manifest: IDEs and Storybook read tags, attributes, events and parts.
      customElements: './custom-elements.json',
      exports: {
        '.': { types: './index.d.ts', default: './index.js' },
        './jsx': { types: './jsx.d.ts' },
        './civic-a11y.js': { types: './civic-a11y.d.ts', default: './civic-a11y.js' },
        './civic-a11y.css': './civic-a11y.css',
        './boot.js': { types: './boot.d.ts', default: './boot.js' },
        './civic-a11y-boot.js': { types: './civic-a11y.d.ts', default: './civic-a11y-boot.js' },
        './civic_a11y_wasm_bg.wasm': './civic_a11y_wasm_bg.wasm',
        './civic_a11y_late_bg.wasm': './civic_a11y_late_bg.wasm',
        './civic_a11y_vote_bg.wasm': './civic_a11y_vote_bg.wasm',
        './package.json': './package.json',
        './custom-elements.json': './custom-elements.json',
      },
      files: ['*.js', '*.d.ts', '*.wasm', '*.css', 'custom-elements.json', 'README.md', 'CHANGELOG.md', 'LICENSE-*'],
      sideEffects: ['./civic-a11y.js'],
      keywords: ['accessibility', 'a11y', 'wcag', 'text-size', 'contrast', 'share', 'rating', 'webassembly'],
    },
    null,
    2
  ) + '\n'
);
// The packed README is the user documentation: the project README's opening and its sections
// for webmasters and front-end developers (the server and contributing parts stay in the repo).
{
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const intro = readme.slice(0, readme.indexOf('```sh')).trim();
  const users = readme.slice(readme.indexOf('## For webmasters'), readme.indexOf('## The rating server')).trim();
  writeFileSync(
    join(pkg, 'README.md'),
    intro + '\n\n' + users + '\n\nThe reference server (ratings, visit statistics), the demo portal and the sources are in the project repository.\n'
  );
}
