// Issue 13: the package as published (with its Custom Elements Manifest). `npm pack` of pkg/ passes publint (strict) and attw
// (ESM-only profile: CommonJS `require` is not supported, by design; the .css and .wasm
// subpaths are files, not modules); a React 19 + TypeScript strict app type-checks with the
// shipped types only, including mistakes the types must catch (src/App.tsx).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './helpers.mjs';

const app = join(root, 'tests/types-app');
const bin = (name) => join(app, 'node_modules/.bin', name);
const run = (cmd, args, cwd = app) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
let tgz;

before(() => {
  // The pinned tools (tests/types-app/package-lock.json), then the package as npm packs it.
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
  const dir = mkdtempSync(join(tmpdir(), 'civic-pack-'));
  run('npm', ['pack', '--pack-destination', dir, '--loglevel=error'], join(root, 'pkg'));
  tgz = join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz')));
  run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', tgz]);
});

test('npm pack: publint --strict finds nothing', () => {
  const out = run(bin('publint'), ['--strict', join(root, 'pkg')]);
  assert.match(out, /All good/, out);
});

test('npm pack: attw finds no type problem for ESM users', () => {
  // Throws (non-zero exit) on any problem; the output names it.
  run(bin('attw'), [tgz, '--profile', 'esm-only', '--exclude-entrypoints', 'civic-a11y.css', 'civic_a11y_wasm_bg.wasm', 'civic_a11y_late_bg.wasm', 'civic_a11y_vote_bg.wasm', 'custom-elements.json']);
});

test('the packed README is the user documentation, with the licences', () => {
  const files = run('tar', ['-tzf', tgz]).split('\n');
  for (const f of ['README.md', 'LICENSE-MIT', 'LICENSE-APACHE', 'CHANGELOG.md', 'index.d.ts', 'jsx.d.ts', 'reader.js', 'late.js', 'civic_a11y_late_bg.wasm', 'vote.js', 'civic_a11y_vote_bg.wasm', 'custom-elements.json']) assert.ok(files.includes('package/' + f), f);
  // The Custom Elements Manifest, found through package.json as tools look for it.
  const pkgJson = JSON.parse(run('tar', ['-xzOf', tgz, 'package/package.json']));
  const manifest = JSON.parse(run('tar', ['-xzOf', tgz, 'package/' + pkgJson.customElements.replace('./', '')]));
  const tags = manifest.modules[0].declarations.map((d) => d.tagName);
  assert.ok(tags.includes('civic-toolbar') && tags.length === 9, tags.join(' '));
  const readme = run('tar', ['-xzOf', tgz, 'package/README.md']);
  assert.ok(readme.length > 10_000, readme.length + ' characters');
  assert.match(readme, /## For webmasters/);
  assert.match(readme, /## For front-end developers: npm/);
});

test('React 19 + TypeScript strict: the app type-checks with the shipped types only', () => {
  try {
    run(bin('tsc'), ['-p', '.']);
  } catch (e) {
    assert.fail(e.stdout + e.stderr);
  }
});
