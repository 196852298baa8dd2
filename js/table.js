// The widgets a build draws: each name of core::config::WIDGETS and the function that draws it
// from the config the Rust core read (src/widgets/mod.rs `TABLE`, the same names). The tag at the
// end of a line names the widgets it belongs to: scripts/build.mjs keeps a line only in builds
// with one of them, so a preset carries its own widgets and no others. An end-to-end test checks
// that every widget of the full build starts (its row here and its config in Rust).
import { mountTextSize, mountContrast, mountToolbar } from './tools.js'; // @text-size @contrast @toolbar
import { mountShare } from './share.js'; // @share
import { mount as mountRating, flush } from './rating.js'; // @rating
import { mountStats } from './stats.js'; // @stats
import { mountSpacing, mountMotion, follow } from './toggle.js'; // @text-spacing @motion
import { startMotion } from './motion.js'; // @motion
import { mountReader } from './speech.js'; // @read-aloud

export const TABLE = {
  'text-size': mountTextSize, // @text-size
  contrast: mountContrast, // @contrast
  share: mountShare, // @share
  rating: mountRating, // @rating
  toolbar: mountToolbar, // @toolbar
  stats: mountStats, // @stats
  'text-spacing': mountSpacing, // @text-spacing
  motion: mountMotion, // @motion
  'read-aloud': mountReader, // @read-aloud
};

/** At start, whether or not the page shows a toggle: other tabs' choices are followed, and a
 *  saved (or system) pause-motion choice reaches the videos. */
export function starting() {
  startMotion(); // @motion
  follow('text-spacing'); // @text-spacing
}

/** Once the first hosts are upgraded: votes queued on earlier pages go out, lent the tokens of
 *  this page's rating widgets. */
export function settle() {
  flush(); // @rating
}
