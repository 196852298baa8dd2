/** A contrast level: the site as designed (`normal`), lower glare (`soft`), or ≥ 7:1 text. */
export type ContrastLevel = 'soft' | 'normal' | 'high' | 'dark';

/** The widgets, as in `<civic-NAME>` and `data-civic="NAME"` (the table in src/core/config.rs). */
export type WidgetName = 'text-size' | 'contrast' | 'share' | 'rating' | 'toolbar' | 'stats' | 'text-spacing' | 'motion' | 'read-aloud';

export interface InitOptions {
  /** Where the `.wasm` file is served, if not beside this module (or a `fetch()` already started). */
  wasmUrl?: string | URL | Promise<Response>;
}

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

declare global {
  interface Window {
    /** Present when civic-a11y.js is loaded with a script tag. */
    civicA11y?: CivicA11yGlobal;
  }
  /** The widget hosts: plain elements until upgraded, then with an open shadow root. */
  interface HTMLElementTagNameMap {
    'civic-text-size': HTMLElement;
    'civic-contrast': HTMLElement;
    'civic-share': HTMLElement;
    'civic-rating': HTMLElement;
    'civic-toolbar': HTMLElement;
    'civic-stats': HTMLElement;
    'civic-text-spacing': HTMLElement;
    'civic-motion': HTMLElement;
    'civic-read-aloud': HTMLElement;
  }
  interface DocumentEventMap {
    'civic:text-size': CustomEvent<CivicEventDetails['civic:text-size']>;
    'civic:contrast': CustomEvent<CivicEventDetails['civic:contrast']>;
    'civic:share': CustomEvent<CivicEventDetails['civic:share']>;
    'civic:rate': CustomEvent<CivicEventDetails['civic:rate']>;
    'civic:error': CustomEvent<CivicEventDetails['civic:error']>;
    'civic:text-spacing': CustomEvent<CivicEventDetails['civic:text-spacing']>;
    'civic:motion': CustomEvent<CivicEventDetails['civic:motion']>;
    'civic:read': CustomEvent<CivicEventDetails['civic:read']>;
    'civic-a11y:ready': CustomEvent<CivicEventDetails['civic-a11y:ready']>;
  }
}
