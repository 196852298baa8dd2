//! Input-robustness tests for every parser in `core/`: a panic here would abort the Wasm
//! instance and every widget on the page. Deterministic pseudo-random inputs built from the
//! fragments that break parsers (multi-byte UTF-8, combining marks, separators, huge numbers),
//! run natively with `cargo test`. `cargo fuzz` targets cover the same functions more deeply
//! (see `fuzz/`).

use super::{config, contrast, i18n, num, rating, share, speech, stats, steps};

const PIECES: &[&str] = &[
    "",
    " ",
    ",",
    ";",
    ".",
    "..",
    "-",
    "+",
    "%",
    "#",
    "?",
    "&",
    "=",
    "\"",
    "'",
    "\\",
    "{",
    "}",
    "(",
    ")",
    "|",
    "\t",
    "\n",
    "0",
    "1",
    "9",
    "1.15",
    "0.5",
    "4294967296",
    "99999999999999999999",
    "1e308",
    "NaN",
    "inf",
    "-0",
    "px",
    "em",
    "rem",
    "%",
    "pt",
    "small",
    "calc(",
    "var(--x)",
    "--civic-ts",
    "https://",
    "http://a.vn/",
    "javascript:",
    "data:",
    "?utm_source=x",
    "&fbclid=1",
    "#frag",
    "ệ",
    "e\u{323}\u{302}",
    "👨\u{200D}👩",
    "👍🏽",
    "\u{FE0F}",
    "\u{200D}",
    "\u{0}",
    "\u{FFFF}",
    "𝕏",
    "{n}",
    "{",
    "normal",
    "high",
    "dark",
    "soft",
    "facebook",
    "google+",
    "news-1",
    "|4.2|17",
    "\"count\":",
    "\"sum\":3",
    "2026-11-27",
    "\"today\":",
    "\"day\":\"",
    "online",
    "…",
    "TP.",
    "”",
    "v.v.",
];

#[cfg(test)]
struct Rng(u64);
#[cfg(test)]
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn input(&mut self) -> String {
        let n = (self.next() % 12) as usize;
        (0..n)
            .map(|_| PIECES[(self.next() % PIECES.len() as u64) as usize])
            .collect()
    }
}

/// Calls every parser on `s`; shared with the `cargo fuzz` target.
pub fn exercise(s: &str) {
    let _ = num::parse_decimal(s);
    let _ = num::parse_u32(s);
    let _ = config::list(s);
    let _ = config::id(s);
    let _ = config::widget_name(s);
    let _ = steps::Steps::parse(s).map(|st| (st.larger(1.0), st.smaller(1.0), st.snap(1.3)));
    for ctx in [
        steps::Context::Root,
        steps::Context::Page,
        steps::Context::Region,
    ] {
        let _ = steps::scale_value(s, ctx, true, &|_| Some("13px".into()));
        let _ = steps::scale_value(s, ctx, false, &|_| None);
    }
    let _ = steps::scope_selector(s, "#main");
    let _ = steps::split_top_level(s);
    let _ = contrast::Levels::parse(s);
    let _ = contrast::Rgb::parse_hex(s);
    let _ = share::clean_url(s);
    let _ = share::truncate(s, 3);
    let _ = share::encode(s);
    let _ = share::lookup(s);
    let _ = rating::parse_aggregate(s);
    let _ = rating::parse_error(s);
    let _ = rating::parse_nukeviet(s, 5);
    let _ = rating::decode_queue(s);
    let _ = rating::encode_queue(&rating::decode_queue(s));
    for status in [0, 200, 400, 429, 503] {
        let _ = rating::outcome(status == 400, status, s, 5).encode();
    }
    let _ = rating::parse_max(s);
    let _ = rating::parse_endpoint(s);
    let _ = i18n::fill(s, &[("n", s)]);
    let _ = speech::utterances(s);
    let _ = stats::parse_count(s);
    let _ = stats::parse_day(s);
    let _ = stats::parse_answer(s, &[None; 6]);
    let _ = i18n::Lang::from_tag(s);
    // Every widget's config, with `s` as the value of every attribute.
    let every = |_: &str| Some(String::from(s));
    let _ = steps::TextSizeConfig::parse(&mut config::Attrs::new(&every));
    let _ = contrast::ContrastConfig::parse(&mut config::Attrs::new(&every));
    let _ = share::ShareConfig::parse(&mut config::Attrs::new(&every));
    let _ = rating::RatingConfig::parse(&mut config::Attrs::new(&every));
    let _ = stats::StatsConfig::parse(&mut config::Attrs::new(&every));
    let _ = num::parse_decimal(s);
}

#[cfg(test)]
#[test]
fn no_parser_panics_on_hostile_input() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..60_000 {
        exercise(&rng.input());
    }
    // Huge values: a 1 MB attribute is refused quickly, not scanned forever.
    let huge = "1,".repeat(500_000);
    exercise(&huge);
    exercise(&"ệ".repeat(300_000));
}
