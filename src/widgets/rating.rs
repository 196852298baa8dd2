//! Star rating: the aggregate as on the seed portal, and a radio group of stars (WAI-ARIA APG
//! rating pattern). This module parses the widget's attributes in `core/` and hands them, with
//! its labels, to `js/rating.js`, which draws the widget and keeps the vote queue (#12: written
//! against web-sys, that part took 7.5 KB of the gzipped Wasm; as JavaScript, 3.9 KB). What
//! `rating.js` reads from servers and storage is read here, in `core::rating`: the answers of
//! both protocols, the stored queue, whether a queued vote may be resent. (The JSON-LD is written
//! by `rating.js` with the browser's own `JSON.stringify`: #12, 0.6 KB of gzip less.)

use super::Ctx;
use crate::core::config::ConfigError;
use crate::core::i18n::Key;
use crate::core::rating::{self, Protocol, RatingConfig};
use crate::dom;
use crate::error::Result;

/// The labels `js/rating.js` takes, in its order.
const LABELS: [Key; 13] = [
    Key::RatePrompt,
    Key::Star,
    Key::StarOne,
    Key::RatingSummary,
    Key::RatingSummaryOne,
    Key::RatingSummaryNone,
    Key::Thanks,
    Key::Pending,
    Key::PendingPage,
    Key::LocalOnly,
    Key::RateRefused,
    Key::RateLimited,
    Key::RateNoServer,
];

/// Fields: see `mount` in `js/rating.js`.
pub fn config(ctx: &Ctx) -> Result<()> {
    let c = ctx.config(RatingConfig::parse).map_err(|err| match err {
        ConfigError::Empty => crate::error::Error::Missing("data-item"),
        err => crate::error::Error::Config {
            attr: "data-item",
            err,
        },
    })?;
    // The name in the JSON-LD: `data-title`, else the page's og:title, else its <title>.
    let name = c.schema.as_ref().map(|_| {
        c.title
            .clone()
            .or_else(|| dom::meta("og:title"))
            .or_else(|| dom::page("title"))
            .unwrap_or_default()
    });
    ctx.text(&c.item);
    ctx.num(u64::from(c.max));
    ctx.num(u64::from(c.agg.count));
    ctx.num(c.agg.sum);
    ctx.opt(c.endpoint.as_deref());
    // The NukeViet `checkss` is sent with each vote; `undefined` for the civic protocol.
    ctx.opt(match c.protocol {
        Protocol::NukeViet => Some(&c.checkss),
        Protocol::Civic => None,
    });
    ctx.opt(c.csrf.as_deref());
    ctx.opt(c.schema.as_deref());
    ctx.opt(name.as_deref());
    ctx.text(ctx.lang.decimal_sep().encode_utf8(&mut [0; 4]));
    ctx.labels(&LABELS);
    Ok(())
}

/// The stored vote queue with every corrupt line dropped (read back, and before it is written).
pub fn queue(stored: &str) -> String {
    rating::encode_queue(&rating::decode_queue(stored))
}
