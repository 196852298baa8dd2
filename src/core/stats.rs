//! Visit statistics ("Thống kê truy cập", CONTRACT §3b): which rows a site shows, the figures
//! it rendered on the server and the reference server's JSON. (`js/stats.js` writes the
//! numbers and labels.)

use super::config::{Attrs, ConfigError};
use super::rating::{json_field, parse_endpoint};

/// The rows, in the seed's order; `data-rows` picks and orders them.
pub const ROWS: [&str; 6] = ["online", "today", "yesterday", "month", "year", "total"];

/// Figures per row of [`ROWS`]; `None` while unknown.
pub type Figures = [Option<u64>; 6];

/// A stats host's attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsConfig {
    /// `data-endpoint`, default `/api/stats`.
    pub endpoint: String,
    /// Indexes into [`ROWS`], in display order.
    pub rows: Vec<usize>,
    /// `data-online`, `data-today`, …: what the server rendered, shown at once.
    pub figures: Figures,
    /// `data-day` (`2026-11-27`): the portal's local day, for "Tháng 11", "Năm 2026".
    pub day: Option<(u32, u32)>,
}

/// A count as the server writes it (`20473`), or as a page may (`20.473`, `20,473`).
pub fn parse_count(v: &str) -> Result<u64, ConfigError> {
    // Byte by byte, no allocation: this runs for every figure of every answer.
    let (mut n, mut digits) = (0u64, 0);
    for b in v.bytes() {
        match b {
            b'0'..=b'9' if digits < 15 => {
                n = n * 10 + u64::from(b - b'0');
                digits += 1;
            }
            b'.' | b',' | b' ' => {}
            _ => return Err(ConfigError::NotANumber),
        }
    }
    if digits == 0 {
        return Err(ConfigError::NotANumber);
    }
    Ok(n)
}

/// `2026-11-27` (or `"2026-11-27"`, as in JSON) → (2026, 11).
pub fn parse_day(v: &str) -> Option<(u32, u32)> {
    let b = v.as_bytes();
    let b = b.strip_prefix(b"\"").unwrap_or(b);
    let digit = |i: usize| {
        b.get(i)
            .filter(|c| c.is_ascii_digit())
            .map(|c| u32::from(c - b'0'))
    };
    let mut y = 0;
    for i in 0..4 {
        y = y * 10 + digit(i)?;
    }
    let m = digit(5)? * 10 + digit(6)?;
    (b.get(4) == Some(&b'-') && y >= 1000 && (1..=12).contains(&m)).then_some((y, m))
}

impl StatsConfig {
    /// Reads the attributes; each bad one is a warning and its default.
    pub fn parse(a: &mut Attrs) -> StatsConfig {
        let endpoint = a.parse_or("data-endpoint", String::from("/api/stats"), parse_endpoint);
        let mut rows = Vec::new();
        if let Some(v) = a.get("data-rows") {
            for name in super::text::split(&v, b",; \n\t").filter(|n| !n.is_empty()) {
                match ROWS.iter().position(|r| r.eq_ignore_ascii_case(name)) {
                    Some(i) if !rows.contains(&i) => rows.push(i),
                    Some(_) => {}
                    None => {
                        a.warn("data-rows", ConfigError::Unknown, "; showing every row");
                        rows.clear();
                        break;
                    }
                }
            }
        }
        if rows.is_empty() {
            rows = (0..ROWS.len()).collect();
        }
        let mut figures = [None; 6];
        for (i, attr) in [
            "data-online",
            "data-today",
            "data-yesterday",
            "data-month",
            "data-year",
            "data-total",
        ]
        .into_iter()
        .enumerate()
        {
            if let Some(v) = a.get(attr) {
                match parse_count(&v) {
                    Ok(n) => figures[i] = Some(n),
                    Err(e) => a.warn(attr, e, "; showing the server's figure"),
                }
            }
        }
        let day = a.get("data-day").and_then(|v| {
            let day = parse_day(&v);
            if day.is_none() {
                a.warn("data-day", ConfigError::Unknown, "; write it as 2026-11-27");
            }
            day
        });
        StatsConfig {
            endpoint,
            rows,
            figures,
            day,
        }
    }
}

/// Reads the reference server's answer (`{"online":3,"today":20473,…,"day":"2026-11-27"}`).
/// Each figure that is present and a plain count replaces the old one; `None` if the answer
/// has no figure at all (an error page, HTML from a misrouted URL).
pub fn parse_answer(json: &str, old: &Figures) -> Option<(Figures, Option<(u32, u32)>)> {
    if json.len() > 4096 || !super::text::starts(json.trim_ascii_start(), b'{') {
        return None;
    }
    let mut out = *old;
    let mut any = false;
    for (i, row) in ROWS.iter().enumerate() {
        if let Some(n) = json_field(json, row).and_then(|v| parse_count(v).ok()) {
            out[i] = Some(n);
            any = true;
        }
    }
    any.then(|| (out, json_field(json, "day").and_then(parse_day)))
}

/// A row's label key.
#[cfg(feature = "stats")]
pub fn row_key(row: usize) -> super::i18n::Key {
    use super::i18n::Key;
    [
        Key::StatsOnline,
        Key::StatsToday,
        Key::StatsYesterday,
        Key::StatsMonth,
        Key::StatsYear,
        Key::StatsTotal,
    ][row.min(5)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(attrs: &[(&str, &str)]) -> (StatsConfig, Vec<String>) {
        let get = |name: &str| {
            attrs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| String::from(*v))
        };
        let mut a = Attrs::new(&get);
        let c = StatsConfig::parse(&mut a);
        let w = a
            .warnings
            .iter()
            .map(|w| String::from(w.attr) + &w.message)
            .collect();
        (c, w)
    }

    #[test]
    fn config_from_attributes() {
        let (c, w) = parse(&[]);
        assert_eq!(c.endpoint, "/api/stats");
        assert_eq!(c.rows, [0, 1, 2, 3, 4, 5]);
        assert_eq!(c.figures, [None; 6]);
        assert!(w.is_empty());

        let (c, w) = parse(&[
            ("data-rows", "today, total;today"),
            ("data-today", "20.473"),
            ("data-total", "61,296,415"),
            ("data-day", "2021-04-15"),
            ("data-endpoint", "/thong-ke/"),
        ]);
        assert_eq!(c.rows, [1, 5]);
        assert_eq!(c.figures[1], Some(20473));
        assert_eq!(c.figures[5], Some(61_296_415));
        assert_eq!(c.day, Some((2021, 4)));
        assert_eq!(c.endpoint, "/thong-ke");
        assert!(w.is_empty());

        let (c, w) = parse(&[
            ("data-rows", "today, visits"),
            ("data-today", "-5"),
            ("data-endpoint", "javascript:alert(1)"),
            ("data-day", "hôm nay"),
        ]);
        assert_eq!(c.rows, [0, 1, 2, 3, 4, 5], "a bad list is replaced whole");
        assert_eq!((c.figures[1], c.day), (None, None));
        assert_eq!(c.endpoint, "/api/stats");
        assert_eq!(w.len(), 4, "{w:?}");
        assert!(
            w[0].starts_with("data-endpoint is not an http(s) URL"),
            "{w:?}"
        );
        assert!(w[1].starts_with("data-rows has an unknown value"), "{w:?}");
    }

    #[test]
    fn reads_the_servers_answer() {
        let json = r#"{"day":"2026-11-27","month":206138,"online":3,"today":20473,"total":61296415,"tz":"Asia/Ho_Chi_Minh","visitors_today":812,"visitors_yesterday":900,"year":1705031,"yesterday":15254}"#;
        let (f, day) = parse_answer(json, &[None; 6]).unwrap();
        assert_eq!(
            f,
            [
                Some(3),
                Some(20473),
                Some(15254),
                Some(206138),
                Some(1705031),
                Some(61296415)
            ]
        );
        assert_eq!(day, Some((2026, 11)));
        // A partial answer keeps what was known; garbage keeps everything.
        let old = [Some(1); 6];
        assert_eq!(parse_answer(r#"{"online":7}"#, &old).unwrap().0[0], Some(7));
        assert_eq!(parse_answer(r#"{"online":7}"#, &old).unwrap().0[1], Some(1));
        assert_eq!(parse_answer("<!doctype html>", &old), None);
        assert_eq!(
            parse_answer(r#"{"error":"storage unavailable"}"#, &old),
            None
        );
        assert_eq!(parse_answer(r#"{"today":-1,"total":"x"}"#, &old), None);
    }
}
