//! "Thống kê truy cập": the seed sidebar's visit statistics (CONTRACT §3b). This module parses
//! the widget's attributes in `core/` and hands them, with the labels, to `js/stats.js`, which
//! draws the table, counts the page view and refreshes the figures; the server's answers are read
//! by [`answer`], in `core::stats` (#12: a table and three callbacks are smaller as JavaScript).

use super::Ctx;
use crate::core::i18n::Lang;
use crate::core::num::push_u64;
use crate::core::stats::{self, StatsConfig};
use crate::error::Result;

/// Fields: see `mountStats` in `js/stats.js`.
pub fn config(ctx: &Ctx) -> Result<()> {
    let c = ctx.config(StatsConfig::parse);
    ctx.text(&c.endpoint);
    // Digit groups: 20.473 in Vietnamese, 20,473 in English.
    ctx.text(match ctx.lang {
        Lang::Vi => ".",
        Lang::En => ",",
    });
    // The portal's day as `year-month`, as `statsAnswer` gives it.
    match c.day {
        Some((y, m)) => {
            let mut day = String::new();
            push_u64(&mut day, u64::from(y));
            day.push('-');
            push_u64(&mut day, u64::from(m));
            ctx.text(&day);
        }
        None => ctx.none(),
    }
    ctx.text(&ctx.label(crate::core::i18n::Key::StatsTitle));
    for row in c.rows {
        ctx.num(row as u64);
        ctx.text(&ctx.label(stats::row_key(row)));
        match c.figures[row] {
            Some(n) => ctx.num(n),
            None => ctx.none(),
        }
    }
    Ok(())
}

/// A server's answer for `js/stats.js`: the six figures in `core::stats::ROWS` order, separated
/// by spaces (empty where the answer has none), then `|` and the day as `2026-11`, if given;
/// nothing when the answer has no figure at all (an error page, HTML from a misrouted URL).
pub fn answer(json: &str) -> Option<String> {
    let (figures, day) = stats::parse_answer(json, &[None; 6])?;
    let mut out = String::new();
    for (i, f) in figures.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if let Some(n) = f {
            push_u64(&mut out, *n);
        }
    }
    out.push('|');
    if let Some((y, m)) = day {
        push_u64(&mut out, u64::from(y));
        out.push('-');
        push_u64(&mut out, u64::from(m));
    }
    Some(out)
}
