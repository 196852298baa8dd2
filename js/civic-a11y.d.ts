// The classic loader: a script tag's file, imported only for its effect. It defines
// `window.civicA11y` (typed in index.d.ts).
import './index.js';
export {};
