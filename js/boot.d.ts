import type { ContrastLevel } from './index.js';

/** What the visitor saved, as applied before the first paint. */
export interface BootState {
  textSize: number;
  contrast: ContrastLevel;
  /** Resolves once the page has painted its first content, or after 1 s: `init()` builds a
   *  first-time visitor's widgets only then, so that they never hold that paint back. */
  shown: Promise<void>;
}

/**
 * Applies the visitor's saved contrast, text spacing and motion and hides the page while a
 * saved text size is applied, synchronously: run it before the first paint (in `<head>`; run
 * once `<body>` exists, it does not hide a page that may be on screen already). `css` is the URL
 * of civic-a11y.css, the fallback for browsers without constructable stylesheets. Idempotent.
 */
export function civicBoot(css: string): BootState;
/** Shows the page again (`init()` does it once the saved size is applied). */
export function civicUnhide(): void;
