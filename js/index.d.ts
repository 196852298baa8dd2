/** A contrast level: the site as designed (`normal`), lower glare (`soft`), or ≥ 7:1 text. */
export type ContrastLevel = 'soft' | 'normal' | 'high' | 'dark';

/** The widgets, as in `<civic-NAME>` and `data-civic="NAME"` (the table in src/core/config.rs). */
export type WidgetName = 'text-size' | 'contrast' | 'share' | 'rating' | 'toolbar' | 'stats' | 'text-spacing' | 'motion' | 'read-aloud';

export interface InitOptions {
  /** Where the `.wasm` file is served, if not beside this module (or a `fetch()` already started).
   *  `civic_a11y_late_bg.wasm`, fetched at a visitor's first text-size change or read-aloud
   *  press, and `civic_a11y_vote_bg.wasm`, fetched at a vote, are looked for beside it. */
  wasmUrl?: string | URL | Promise<Response>;
  /**
   * Label packs by language (primary subtag: `fr`, `vi`, `en`), keyed as the `data-label-*`
   * attributes: `{ fr: { larger: 'Agrandir le texte' } }`. For the widgets upgraded after this
   * call: pass them to the first `init()`. A `data-label-*` attribute still wins.
   */
  labels?: Record<string, Partial<Record<LabelKey, string>>>;
}

/** The label keys (the README lists them with their placeholders). */
export type LabelKey =
  | 'text-size' | 'smaller' | 'default' | 'larger' | 'size-now' | 'size-failed'
  | 'contrast' | 'more' | 'less' | 'contrast-now' | 'level-soft' | 'level-normal' | 'level-high' | 'level-dark' | 'forced-colors'
  | 'share' | 'share-on' | 'email' | 'copy' | 'copied' | 'copy-failed' | 'native'
  | 'summary' | 'summary-one' | 'summary-none' | 'rate' | 'star' | 'star-one' | 'thanks' | 'pending' | 'pending-page' | 'local' | 'refused' | 'rate-limited' | 'no-server'
  | 'stats' | 'online' | 'today' | 'yesterday' | 'month' | 'year' | 'total'
  | 'spacing' | 'motion'
  | 'read' | 'read-pause' | 'read-resume' | 'read-stop' | 'read-prev' | 'read-next' | 'read-rate'
  | 'read-no-voice' | 'read-reading' | 'read-paused' | 'read-stopped' | 'read-done' | 'read-error';

/** Loads the Wasm module once, upgrades every widget and watches for new ones. Idempotent. */
export function init(options?: InitOptions): Promise<void>;
/** Sets the site-wide text-size factor (0.5–4; 1 = as designed). Resolves to the factor in force. */
export function setTextSize(factor: number): Promise<number>;
/** The current text-size factor. */
export function getTextSize(): number;
/** Sets the contrast level. Resolves to the level in force. */
export function setContrast(level: ContrastLevel): Promise<ContrastLevel>;
/** The current contrast level. */
export function getContrast(): ContrastLevel;
/** Number of mounted widget hosts (diagnostics). */
export function mountedCount(): number;
/** Bytes of Wasm linear memory in use (diagnostics). */
export function wasmMemoryBytes(): number;
export const version: string;

export interface CivicEventDetails {
  'civic:text-size': { scale: number };
  'civic:contrast': { level: ContrastLevel };
  'civic:share': { network: string; url: string };
  'civic:rate': { item: string; score: number; sum: number; count: number; pending: boolean };
  'civic:error': { widget: string; message: string };
  'civic:text-spacing': { on: boolean };
  'civic:motion': { on: boolean };
  /** Read-aloud: `start`, `sentence` (index of the sentence now read), `pause`, `stop`, `end`, `error`. */
  'civic:read': { type: 'start' | 'sentence' | 'pause' | 'stop' | 'end' | 'error'; index: number; count: number };
  'civic-a11y:ready': { version: string };
}

export interface CivicA11yGlobal {
  version: string;
  ready: Promise<void>;
  init(options?: InitOptions): Promise<void>;
  setTextSize(factor: number): Promise<number>;
  getTextSize(): number;
  setContrast(level: ContrastLevel): Promise<ContrastLevel>;
  getContrast(): ContrastLevel;
}

/** The events civic-a11y dispatches (they bubble and cross shadow roots), by name. */
export type CivicEventMap = { [K in keyof CivicEventDetails]: CustomEvent<CivicEventDetails[K]> };

/** A widget host (`<civic-toolbar>`, …): a custom element, defined once the widgets are ready
 *  (so `:defined` and `customElements.whenDefined('civic-toolbar')` mean "upgraded"); its
 *  controls are in an open shadow root. */
export interface CivicElement extends HTMLElement {
  addEventListener<K extends keyof CivicEventMap>(type: K, listener: (this: CivicElement, ev: CivicEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: CivicElement, ev: HTMLElementEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof CivicEventMap>(type: K, listener: (this: CivicElement, ev: CivicEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: CivicElement, ev: HTMLElementEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

declare global {
  interface Window {
    /** Present when civic-a11y.js is loaded with a script tag. */
    civicA11y?: CivicA11yGlobal;
  }
  /** The widget hosts: plain elements until upgraded, then with an open shadow root. */
  interface HTMLElementTagNameMap {
    'civic-text-size': CivicElement;
    'civic-contrast': CivicElement;
    'civic-share': CivicElement;
    'civic-rating': CivicElement;
    'civic-toolbar': CivicElement;
    'civic-stats': CivicElement;
    'civic-text-spacing': CivicElement;
    'civic-motion': CivicElement;
    'civic-read-aloud': CivicElement;
  }
  // The events bubble from the widget to its ancestors, the document and the window.
  interface HTMLElementEventMap extends CivicEventMap {}
  interface DocumentEventMap extends CivicEventMap {}
  interface WindowEventMap extends CivicEventMap {}
}
