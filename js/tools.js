// The seed portal's article tools: **A- A A+** text size, **Tăng / Giảm tương phản** contrast,
// and the toolbar that puts them in one row with share and the reading aids. The steps and
// levels are parsed, and the next one chosen, by the Rust core; the visitor's choices and the
// text scaler are js/prefs.js. Here: the buttons, their state and the announcements.
//
// Names follow WCAG 2.5.3 (Label in Name): each accessible name starts with the visible text.
// Each change is announced in a polite live region (WCAG 4.1.3). Under `forced-colors: active`
// the operating system's theme wins and the contrast buttons say so.

import { core } from './core.js';
import * as prefs from './prefs.js';
import { build, fill, announce, warn, find, describe } from './view.js';
import { changed, draw, config } from './widgets.js';
import { TABLE } from './table.js';

/** `data-target` that matches nothing: one warning naming the element, and the whole page. */
export function checkTarget(host, target, what) {
  if (!target || find(target)) return target;
  warn(describe(host) + ': data-target has an unknown value (no element matches it); ' + what + ' the whole page');
}

/** Text size. `f`: the steps, `data-target`, then the labels (see src/widgets/text_size.rs). */
export function mountTextSize(root, host, f) {
  // (`steps`: ten-thousandths, space-separated, as the core takes them back)
  const [steps, target, group, smallerLabel, resetLabel, largerLabel, sizeNow, sizeFailed] = f;
  if (target && checkTarget(host, target, 'scaling')) prefs.scaleTarget(target);
  const [, smaller, reset, larger, status] = build(
    root,
    '0div class=row role=group aria-label=$0\n1button type=button data-act=smaller aria-label=$1 _=A-' +
      '\n1button type=button data-act=reset aria-label=$2 _=A\n1button type=button data-act=larger aria-label=$3 _=A+\n0span class=sr role=status',
    [group, 'A- ' + smallerLabel, 'A ' + resetLabel, 'A+ ' + largerLabel],
  );
  const next = (scale, act) => {
    if (act === 'reset') return Math.abs(scale - 1) > 1e-9 ? 1 : undefined;
    const n = core.textSizeStep(act === 'larger', Math.round(scale * 1e4), steps);
    return n && n / 1e4;
  };
  const click = (e) => {
    const act = e.target.closest?.('[data-act]')?.getAttribute('data-act');
    if (!act) return;
    // The step is taken from the size in force when it applies: two quick presses before the
    // text scaler's first load make two steps, not the same one twice.
    const step = () => {
      const scale = next(prefs.textSize(), act);
      if (scale === undefined) return;
      prefs.applyTextSize(
        scale,
        () => {
          changed(host, 'civic:text-size', 'scale', scale);
          announce(status, fill(sizeNow, { n: Math.round(scale * 100) }));
        },
        (err) => warn('text-size: ' + err.message),
      );
    };
    prefs.withScaler(step, (err) => {
      warn('text-size: ' + err.message);
      announce(status, sizeFailed); // the next press tries again
    });
  };
  // The text scaler (the late module) is fetched as soon as the visitor reaches for these
  // buttons, so that it is usually there by the first press.
  const near = () => prefs.scalerReady()?.catch(() => {}); // (the press reports a failure)
  const on = [
    ['click', click],
    ['pointerdown', near],
    ['focusin', near],
  ];
  for (const [type, f] of on) root.addEventListener(type, f);
  const refresh = () => {
    const scale = prefs.textSize();
    smaller.setAttribute('aria-disabled', next(scale, 'smaller') === undefined);
    larger.setAttribute('aria-disabled', next(scale, 'larger') === undefined);
    reset.setAttribute('aria-pressed', Math.abs(scale - 1) < 1e-9);
  };
  refresh();
  return { refresh, off: () => on.forEach(([type, f]) => root.removeEventListener(type, f)) };
}

/** Contrast. `f`: the levels (space-separated), then the labels, the four level names last. */
export function mountContrast(root, host, f) {
  const [levels, group, moreLabel, lessLabel, forcedLabel, contrastNow, ...names] = f;
  const [, more, less, note, status] = build(
    root,
    '0div class=row role=group aria-label=$0\n1button type=button data-act=more _=$1\n1button type=button data-act=less _=$2' +
      '\n1span class=note hidden= _=$3\n0span class=sr role=status',
    [group, moreLabel, lessLabel, forcedLabel],
  );
  const forced = () => matchMedia('(forced-colors: active)').matches;
  const next = (act) => core.contrastStep(act === 'more', prefs.contrast(), levels);
  const click = (e) => {
    const act = e.target.closest?.('[data-act]')?.getAttribute('data-act');
    if (forced() || (act !== 'more' && act !== 'less')) return;
    const level = next(act);
    if (!level) return;
    if (!prefs.applyContrast(level)) return warn('contrast: the level could not be applied');
    changed(host, 'civic:contrast', 'level', level);
    announce(status, fill(contrastNow, { level: names[prefs.LEVELS.indexOf(level)] }));
  };
  root.addEventListener('click', click);
  const refresh = () => {
    const off = forced();
    more.setAttribute('aria-disabled', off || !next('more'));
    less.setAttribute('aria-disabled', off || !next('less'));
    note.hidden = !off;
  };
  refresh();
  return { refresh, off: () => root.removeEventListener('click', click) };
}

/** The toolbar: **A- A A+ | share | contrast | text spacing, pause motion | read aloud** in one
 *  wrapping row. Each part reads its attributes (`data-steps`, `data-networks`, `data-levels`, …)
 *  from the toolbar's host; a part that fails is left out and the others still render. Read
 *  aloud only where the page marks its article (`data-read-target`). */
export function mountToolbar(root, host) {
  const sep = '\n1span class=sep aria-hidden=true\n1div';
  const cells = build(root, '0div class=row\n1div' + sep + sep + sep.replace(/div$/, 'div class=row') + sep);
  const reads = host.hasAttribute('data-read-target');
  const parts = [];
  // [cell, part]; cells are elements 1, 3, 5, 7 and 9, separators between them.
  for (const [i, name] of [[0, 'text-size'], [1, 'share'], [2, 'contrast'], [3, 'text-spacing'], [3, 'motion'], [4, 'read-aloud']]) {
    if (!TABLE[name] || (i === 4 && !reads)) continue;
    const cell = cells[1 + 2 * i];
    try {
      const [, problem, ...fields] = config(host, name);
      if (problem) throw new Error(problem);
      parts.push(draw(cell, host, name, fields));
    } catch (e) {
      warn(describe(host) + ': ' + (e?.message ?? e) + '; that part of the toolbar is left out');
      cell.remove();
    }
  }
  // A reading-aids cell left empty (no read target, or a build without them) goes, with its
  // separator.
  for (const i of [7, 9]) {
    if (!cells[i].firstChild) {
      cells[i - 1].remove();
      cells[i].remove();
    }
  }
  return {
    refresh: () => parts.forEach((p) => p.refresh()),
    off: () => parts.forEach((p) => p.off()),
  };
}
