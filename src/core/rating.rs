//! Rating arithmetic and the wire formats of the two protocols, with no I/O.

use super::config::{id, Attrs, ConfigError};
use super::num::{parse_decimal, parse_u32};
use super::text;

/// Highest `data-max` accepted.
pub const MAX_STARS: u32 = 10;
/// More votes than this on one article is a broken server, not readers (Vietnam has ~100 M
/// people; no portal article gets a vote from each).
pub const MAX_COUNT: u32 = 100_000_000;

/// A server's (or the page's) aggregate for one item.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Aggregate {
    /// Number of votes.
    pub count: u32,
    /// Sum of scores.
    pub sum: u64,
    /// The visitor's own score, when the server knows it.
    pub yours: Option<u32>,
}

impl Aggregate {
    /// Whether the numbers are consistent with `max` stars.
    pub fn plausible(&self, max: u32) -> bool {
        self.count <= MAX_COUNT
            && self.sum <= u64::from(self.count) * u64::from(max)
            && (self.count == 0 || self.sum >= u64::from(self.count))
    }
}

/// Parses `data-max`: 2 to [`MAX_STARS`].
pub fn parse_max(v: &str) -> Result<u32, ConfigError> {
    let n = parse_u32(v).ok_or(ConfigError::NotANumber)?;
    if (2..=MAX_STARS).contains(&n) {
        Ok(n)
    } else {
        Err(ConfigError::OutOfRange)
    }
}

/// Parses `data-endpoint`: a same-site path (`/api/ratings`, not `//host`) or an absolute http(s)
/// URL, without a trailing slash. Anything else (`javascript:`, spaces, control characters) is
/// refused and the widget keeps votes on the device instead.
pub fn parse_endpoint(v: &str) -> Result<String, ConfigError> {
    let v = v.trim_ascii();
    let lower = v.to_ascii_lowercase();
    let ok = (text::starts(v, b'/') && !v.starts_with("//"))
        || lower.starts_with("https://")
        || lower.starts_with("http://");
    if ok && v.len() < 2048 && !v.chars().any(|c| c.is_control() || c == ' ') {
        let mut v = v;
        while let Some(shorter) = v.strip_suffix("/") {
            v = shorter;
        }
        Ok(v.to_string())
    } else {
        Err(ConfigError::UnsafeUrl)
    }
}

/// Validates a score for `max` stars.
pub fn valid_score(score: u32, max: u32) -> bool {
    (1..=max).contains(&score)
}

/// Finds `"key":` in a flat JSON object and returns the raw value text up to `,` or `}`.
pub(crate) fn json_field<'a>(json: &'a str, key: &str) -> Option<&'a str> {
    let mut search = json;
    loop {
        let at = text::find(search, b'"')?;
        let rest = &search[at + 1..];
        let end = text::find(rest, b'"')?;
        let name = &rest[..end];
        let after = rest[end + 1..].trim_ascii_start();
        if let Some(value) = after.strip_prefix(":") {
            if name == key {
                let value = value.trim_ascii_start();
                return text::split(value, b",}").next().map(str::trim_ascii);
            }
            search = value;
        } else {
            search = &rest[end + 1..];
        }
    }
}

/// Parses the `civic` protocol's aggregate: `{"item":"x","count":17,"sum":71,"max":5,"yours":4}`.
pub fn parse_aggregate(json: &str) -> Option<Aggregate> {
    if json.len() > 4096 {
        return None;
    }
    let count = parse_u32(json_field(json, "count")?)?;
    let sum = u64::from(parse_u32(json_field(json, "sum")?)?);
    let yours = json_field(json, "yours").and_then(parse_u32);
    Some(Aggregate { count, sum, yours })
}

/// Reads `{"error":"..."}` for display; only plain text up to 120 chars, escapes dropped.
pub fn parse_error(json: &str) -> Option<String> {
    let raw = json_field(json, "error")?;
    let inner = raw.strip_prefix("\"")?;
    let end = text::find(inner, b'"').unwrap_or(inner.len());
    let text: String = inner[..end]
        .chars()
        .filter(|c| !c.is_control() && *c != '\\')
        .take(120)
        .collect();
    (!text.is_empty()).then_some(text)
}

/// What a NukeViet `op=rating` answered.
#[derive(Debug, Clone, PartialEq)]
pub enum NvReply {
    /// The vote counted: the article's new totals.
    Counted(Aggregate),
    /// It did not (a second vote in the session, an expired `checkss`, `Wrong URL`): the
    /// server's sentence, at most 120 characters.
    Refused(String),
}

/// Parses a reply of NukeViet's `modules/news/funcs/rating.php`:
/// - 4.x: `"Tổng số điểm của bài viết là: 71 trong 17 đánh giá|4.2|17"`, refusals
///   `"Bạn đã đánh giá bài viết này rồi|0|0"`;
/// - 3.x: the sentence alone, refusals the message alone.
///
/// The exact total comes from the sentence where it has exactly two numbers (4.x rounds the
/// average to 0.1); a count of 0 or totals impossible for `max` stars are refusals.
pub fn parse_nukeviet(reply: &str, max: u32) -> NvReply {
    let reply = reply.trim_ascii();
    // The last two `|` (not `rsplitn`: 0.8 KB of generic reverse searching in the Wasm, #12).
    let (first, mid, last) = match text::rsplit_once(reply, b'|') {
        Some((head, last)) => match text::rsplit_once(head, b'|') {
            Some((first, mid)) => (Some(first), Some(mid), Some(last)),
            None => (None, Some(head), Some(last)),
        },
        None => (None, None, Some(reply)),
    };
    let (text, counted) = match (first, mid, last) {
        (Some(text), Some(avg), Some(count)) => {
            let counted = parse_u32(count.trim_ascii()).and_then(|count| {
                let avg = parse_decimal(avg.trim_ascii())?;
                let sum = match sentence_numbers(text) {
                    Some((sum, c)) if c == count => sum,
                    _ => (avg * f64::from(count) + 0.5) as u64,
                };
                (avg <= f64::from(max)).then_some(Aggregate {
                    count,
                    sum,
                    yours: None,
                })
            });
            (text, counted)
        }
        _ => (
            reply,
            sentence_numbers(reply).map(|(sum, count)| Aggregate {
                count,
                sum,
                yours: None,
            }),
        ),
    };
    match counted.filter(|a| a.count > 0 && a.plausible(max)) {
        Some(a) => NvReply::Counted(a),
        None => NvReply::Refused(text.trim_ascii().chars().take(120).collect()),
    }
}

/// `(total, count)` from a sentence with exactly two whole numbers in it.
fn sentence_numbers(s: &str) -> Option<(u64, u32)> {
    let mut nums = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|t| !t.is_empty());
    let sum = parse_u32(nums.next()?)?;
    let count = parse_u32(nums.next()?)?;
    nums.next().is_none().then_some((u64::from(sum), count))
}

/// Whether a queued vote may be resent to `endpoint` from a page of `origin`
/// (`https://portal.gov.vn`). Storage is writable by any script on the site, so an entry is only
/// sent where this site sends votes: a path on this origin, a URL of this origin, or an
/// endpoint that a rating widget on this page declares (`declared`). Anything else waits.
pub fn may_resend(endpoint: &str, origin: &str, declared: &[&str]) -> bool {
    if parse_endpoint(endpoint).as_deref() != Ok(endpoint) {
        return false;
    }
    if text::starts(endpoint, b'/') {
        return true;
    }
    let same_origin = endpoint.len() > origin.len()
        && endpoint.is_char_boundary(origin.len())
        && endpoint[..origin.len()].eq_ignore_ascii_case(origin)
        && matches!(endpoint.as_bytes().get(origin.len()), Some(b'/' | b'?'));
    same_origin || declared.contains(&endpoint)
}

/// What an answer to a vote means for it (and, for the `civic` GET, whether it carried figures).
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Counted: the new aggregate.
    Accepted(Aggregate),
    /// Keep the vote and try again later (offline, timeout, 5xx); `true` when the server
    /// said it gets too many (429), which the visitor is told.
    Retry(bool),
    /// Refused for good (400, 403, NukeViet's sentence): drop the vote and say why.
    Refused(String),
    /// 404, 405 or 501: this endpoint does not take votes, so resending would never help.
    Unserved,
}

/// Reads a server's answer: `status` 0 is a network failure or a timeout. A NukeViet reply
/// is checked against `max` stars.
pub fn outcome(nukeviet: bool, status: u16, text: &str, max: u32) -> Outcome {
    if let Some(o) = plain_outcome(nukeviet, status, text) {
        return o;
    }
    if nukeviet {
        return match parse_nukeviet(text, max) {
            NvReply::Counted(a) => Outcome::Accepted(a),
            // A second vote, an expired checkss, `Wrong URL`: NukeViet says why in words.
            NvReply::Refused(reason) => Outcome::Refused(reason),
        };
    }
    Outcome::Refused(parse_error(text).unwrap_or_else(|| status_code(status)))
}

/// The part of [`outcome`] that every page view needs: the `civic` protocol's figures (its GET
/// at load and an accepted vote) and what a status alone says. `None` where the words must be
/// read: a NukeViet reply (200) and a `civic` refusal's reason (4xx). Those come only after a
/// vote, so their reading is in the vote module (src/lib.rs `late`; #12: 1 KB of gzip less on
/// every page view).
pub fn plain_outcome(nukeviet: bool, status: u16, text: &str) -> Option<Outcome> {
    Some(match status {
        200 if nukeviet => return None,
        200 => parse_aggregate(text).map_or(Outcome::Retry(false), Outcome::Accepted),
        429 => Outcome::Retry(!nukeviet),
        // A request timeout is the network's, not the vote's fault.
        408 => Outcome::Retry(false),
        404 | 405 | 501 => Outcome::Unserved,
        400..=499 if nukeviet => Outcome::Refused(status_code(status)),
        400..=499 => return None,
        _ => Outcome::Retry(false),
    })
}

fn status_code(status: u16) -> String {
    super::num::u64_str(u64::from(status))
}

impl Outcome {
    /// One line for `js/rating.js`: `a<count> <sum>`, `l` (429), `w` (retry), `u` (unserved)
    /// or `r<reason>`.
    pub fn encode(&self) -> String {
        match self {
            Outcome::Accepted(a) => {
                let mut s = String::from("a");
                super::num::push_u64(&mut s, u64::from(a.count));
                s.push(' ');
                super::num::push_u64(&mut s, a.sum);
                s
            }
            Outcome::Retry(true) => String::from("l"),
            Outcome::Retry(false) => String::from("w"),
            Outcome::Unserved => String::from("u"),
            Outcome::Refused(r) => String::from("r") + r,
        }
    }
}

/// How votes reach the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// This project's JSON protocol (CONTRACT §3).
    Civic,
    /// A NukeViet site's own `op=rating` form.
    NukeViet,
}

/// A rating widget's attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct RatingConfig {
    /// `data-item` (required).
    pub item: String,
    /// `data-max`, default 5.
    pub max: u32,
    /// `data-sum` / `data-count`: the server-rendered figures, shown at once.
    pub agg: Aggregate,
    /// `data-endpoint`; `None` keeps votes on this device.
    pub endpoint: Option<String>,
    /// `data-protocol`.
    pub protocol: Protocol,
    /// `data-csrf`, when it is a token we can send as a header.
    pub csrf: Option<String>,
    /// `data-checkss` (NukeViet).
    pub checkss: String,
    /// `data-schema`: the schema.org `@type` for JSON-LD (off when absent).
    pub schema: Option<String>,
    /// `data-title`, the name in the JSON-LD.
    pub title: Option<String>,
}

impl RatingConfig {
    /// Reads the rating attributes. Without a usable `data-item` there is nothing to rate:
    /// `Err(Empty)` when it is missing, else why it was refused.
    pub fn parse(a: &mut Attrs) -> Result<Self, ConfigError> {
        let item = match a.get("data-item") {
            None => return Err(ConfigError::Empty),
            Some(v) => id(&v)?.to_string(),
        };
        let max = a.parse_or("data-max", 5, parse_max);
        let count = |v: &str| parse_u32(v).ok_or(ConfigError::NotANumber);
        let mut agg = Aggregate {
            count: a.parse_or("data-count", 0, count),
            sum: u64::from(a.parse_or("data-sum", 0, count)),
            yours: None,
        };
        if !agg.plausible(max) {
            a.warn(
                "data-sum",
                ConfigError::OutOfRange,
                " for data-count and data-max; showing no votes",
            );
            agg = Aggregate::default();
        }
        let endpoint = a
            .get("data-endpoint")
            .and_then(|v| match parse_endpoint(&v) {
                Ok(e) => Some(e),
                Err(err) => {
                    a.warn("data-endpoint", err, "; keeping votes on this device only");
                    None
                }
            });
        let protocol = a.parse_or("data-protocol", Protocol::Civic, |v| match v.trim_ascii() {
            "civic" => Ok(Protocol::Civic),
            "nukeviet" => Ok(Protocol::NukeViet),
            _ => Err(ConfigError::Unknown),
        });
        // `data-schema` alone means the default type; otherwise a schema.org type name.
        let schema = a.get("data-schema").map(|v| {
            let v = v.trim_ascii();
            if v.is_empty() || v == "true" || !v.bytes().all(|b| b.is_ascii_alphabetic()) {
                String::from("CreativeWork")
            } else {
                String::from(v)
            }
        });
        Ok(RatingConfig {
            item,
            max,
            agg,
            endpoint,
            protocol,
            csrf: a.get("data-csrf").filter(|v| valid_csrf(v)),
            checkss: a.get("data-checkss").unwrap_or_default(),
            schema,
            title: a.get("data-title"),
        })
    }
}

/// A vote not yet acknowledged by the server, kept in storage until it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    /// Where it goes (`data-endpoint`).
    pub endpoint: String,
    /// The item id.
    pub item: String,
    /// The score.
    pub score: u32,
    /// `Some(checkss)` for a NukeViet endpoint (`data-protocol="nukeviet"`), which is posted
    /// as a form with this token; `None` for the `civic` protocol.
    pub nukeviet: Option<String>,
    /// The `data-csrf` token the vote was made with, for servers that check one.
    pub csrf: Option<String>,
}

/// A NukeViet `checkss` as stored: up to 511 printable ASCII characters (an md5 in practice).
fn valid_checkss(s: &str) -> bool {
    s.len() < 512 && s.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// A CSRF token as stored and sent in a header: 1 to 511 printable ASCII characters.
pub fn valid_csrf(s: &str) -> bool {
    !s.is_empty() && valid_checkss(s)
}

/// Serialises the queue as lines `score \t item \t endpoint`, each optionally prefixed with
/// `nv:checkss \t` (a NukeViet vote) and `csrf:token \t`. `js/rating.js` keeps one entry per
/// endpoint+item (a newer vote replaces an older pending one), so a vote is never sent twice.
pub fn encode_queue(queue: &[Pending]) -> String {
    let mut s = String::new();
    for p in queue {
        // A NukeViet vote whose checkss could not be read back (control characters: never a
        // real one) is not written at all: without it the line would read as a `civic` vote.
        if !p.nukeviet.as_deref().map_or(true, valid_checkss) {
            continue;
        }
        let csrf = p.csrf.as_deref().filter(|t| valid_csrf(t));
        for (prefix, value) in [("nv:", p.nukeviet.as_deref()), ("csrf:", csrf)] {
            if let Some(v) = value {
                s.push_str(prefix);
                s.push_str(v);
                s.push('\t');
            }
        }
        super::num::push_u64(&mut s, u64::from(p.score));
        s.push('\t');
        s.push_str(&p.item);
        s.push('\t');
        s.push_str(&p.endpoint);
        s.push('\n');
    }
    s
}

/// Reads a queue written by [`encode_queue`]; corrupt lines (edited by hand, truncated) are dropped.
pub fn decode_queue(s: &str) -> Vec<Pending> {
    // Lines; a `\r` before a `\n` (a hand edit) ends up in the endpoint, which is trimmed.
    text::split(s, b"\n")
        .take(100)
        .filter_map(|mut line| {
            let (mut nukeviet, mut csrf) = (None, None);
            loop {
                let (slot, valid, rest): (_, fn(&str) -> bool, _) =
                    if let Some(rest) = line.strip_prefix("nv:") {
                        (&mut nukeviet, valid_checkss, rest)
                    } else if let Some(rest) = line.strip_prefix("csrf:") {
                        (&mut csrf, valid_csrf, rest)
                    } else {
                        break;
                    };
                let (value, rest) = text::split_once(rest, b'\t')?;
                if !valid(value) {
                    return None;
                }
                *slot = Some(value.to_string());
                line = rest;
            }
            let (score, line) = text::split_once(line, b'\t')?;
            let (item, endpoint) = text::split_once(line, b'\t')?;
            let score = parse_u32(score)?;
            let item = id(item).ok()?.to_string();
            let endpoint = endpoint.trim_ascii().to_string();
            (valid_score(score, MAX_STARS) && !endpoint.is_empty() && endpoint.len() < 2048)
                .then_some(Pending {
                    endpoint,
                    item,
                    score,
                    nukeviet,
                    csrf,
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_outcome_is_outcome_where_it_answers() {
        let texts = [
            r#"{"count":3,"sum":12}"#,
            r#"{"error":"bad score"}"#,
            "<html>",
            "Tổng số điểm của bài viết là: 71 trong 17 đánh giá|4.2|17",
            "",
        ];
        for nukeviet in [false, true] {
            for status in [
                0, 200, 201, 302, 400, 403, 404, 405, 408, 409, 422, 429, 500, 501, 503,
            ] {
                for text in texts {
                    match plain_outcome(nukeviet, status, text) {
                        Some(o) => assert_eq!(o, outcome(nukeviet, status, text, 5)),
                        // Only what needs the words read goes to the vote module.
                        None => assert!(
                            (nukeviet && status == 200)
                                || (!nukeviet && (400..500).contains(&status)),
                            "{nukeviet} {status}"
                        ),
                    }
                }
            }
        }
    }

    #[test]
    fn outcome_maps_statuses_of_both_protocols() {
        let ok = r#"{"item":"a","count":3,"sum":12,"max":5}"#;
        assert_eq!(outcome(false, 200, ok, 5).encode(), "a3 12");
        assert_eq!(outcome(false, 200, "<html>", 5).encode(), "w");
        assert_eq!(outcome(false, 429, "", 5).encode(), "l");
        assert_eq!(outcome(true, 429, "", 5).encode(), "w");
        assert_eq!(outcome(false, 408, "", 5).encode(), "w");
        assert_eq!(outcome(false, 0, "", 5).encode(), "w");
        assert_eq!(outcome(false, 503, "", 5).encode(), "w");
        for s in [404, 405, 501] {
            assert_eq!(outcome(false, s, "", 5), Outcome::Unserved);
            assert_eq!(outcome(true, s, "", 5), Outcome::Unserved);
        }
        assert_eq!(
            outcome(false, 400, r#"{"error":"bad score"}"#, 5).encode(),
            "rbad score"
        );
        assert_eq!(outcome(false, 403, "<html>", 5).encode(), "r403");
        assert_eq!(outcome(true, 403, r#"{"error":"x"}"#, 5).encode(), "r403");
        let nv = "Tổng số điểm của bài viết là: 71 trong 17 đánh giá|4.2|17";
        assert_eq!(outcome(true, 200, nv, 5).encode(), "a17 71");
        let again = "Bạn đã đánh giá bài viết này rồi|0|0";
        assert_eq!(
            outcome(true, 200, again, 5).encode(),
            "rBạn đã đánh giá bài viết này rồi"
        );
    }

    #[test]
    fn plausible_figures() {
        let a = Aggregate {
            count: 17,
            sum: 71,
            yours: None,
        };
        assert!(a.plausible(5));
        let agg = |count, sum| Aggregate {
            count,
            sum,
            yours: None,
        };
        assert!(!agg(1, 9).plausible(5));
        // The figures #17 saw from a broken server.
        assert!(!agg(1, 500).plausible(5), "Rated 500 out of 5");
        assert!(
            !agg(u32::MAX, u64::from(u32::MAX)).plausible(5),
            "an absurd count"
        );
        assert!(agg(MAX_COUNT, u64::from(MAX_COUNT) * 5).plausible(5));
        assert!(agg(0, 0).plausible(5));
    }

    #[test]
    fn parses_civic_json() {
        let a = parse_aggregate(r#"{"item":"news-1234","count":17,"sum":71,"max":5,"yours":null}"#)
            .unwrap();
        assert_eq!(
            a,
            Aggregate {
                count: 17,
                sum: 71,
                yours: None
            }
        );
        let b = parse_aggregate(r#"{ "sum" : 9, "count" : 2, "yours" : 4 }"#).unwrap();
        assert_eq!(
            b,
            Aggregate {
                count: 2,
                sum: 9,
                yours: Some(4)
            }
        );
        // A string value containing a key name does not confuse the reader.
        let c = parse_aggregate(r#"{"item":"count","count":1,"sum":5}"#).unwrap();
        assert_eq!(c.count, 1);
        assert_eq!(parse_aggregate(r#"{"count":-1,"sum":3}"#), None);
        assert_eq!(parse_aggregate("<html>502 Bad Gateway</html>"), None);
        assert_eq!(parse_aggregate(""), None);
        assert_eq!(
            parse_error(r#"{"error":"score must be 1..5"}"#).as_deref(),
            Some("score must be 1..5")
        );
        assert_eq!(parse_error(r#"{"count":1}"#), None);
    }

    #[test]
    fn parses_nukeviet_replies() {
        let counted = |count, sum| {
            NvReply::Counted(Aggregate {
                count,
                sum,
                yours: None,
            })
        };
        let refused = |s: &str| NvReply::Refused(String::from(s));
        // 4.x: the average is rounded; the sentence has the exact total.
        assert_eq!(
            parse_nukeviet("Cảm ơn bạn đã đánh giá|4.2|17", 5),
            counted(17, 71)
        );
        assert_eq!(
            parse_nukeviet(
                "Tổng số điểm của bài viết là: 73 trong 17 đánh giá|4.3|17",
                5
            ),
            counted(17, 73)
        );
        // 3.x: the sentence alone.
        assert_eq!(
            parse_nukeviet("Tổng số điểm của bài viết là: 9 trong 2 đánh giá", 5),
            counted(2, 9)
        );
        // Refusals, in both versions, are not a new total of 0.
        assert_eq!(
            parse_nukeviet("Bạn đã đánh giá bài viết này rồi|0|0", 5),
            refused("Bạn đã đánh giá bài viết này rồi")
        );
        assert_eq!(
            parse_nukeviet("Bạn đã đánh giá bài viết này rồi", 5),
            refused("Bạn đã đánh giá bài viết này rồi")
        );
        assert_eq!(parse_nukeviet("Wrong URL", 5), refused("Wrong URL"));
        assert_eq!(parse_nukeviet("|0|0", 5), refused(""));
        // Impossible totals.
        assert_eq!(parse_nukeviet("x|9|1", 5), refused("x"));
        assert_eq!(
            parse_nukeviet("Lỗi 500 ở dòng 12", 5),
            refused("Lỗi 500 ở dòng 12")
        );
    }

    #[test]
    fn rating_config_from_attributes() {
        let attrs = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| String::from(*v))
            }
        };
        let get = attrs(&[
            ("data-item", " news-1 "),
            ("data-sum", "71"),
            ("data-count", "17"),
            ("data-endpoint", "/api/ratings/"),
            ("data-protocol", "nukeviet"),
            ("data-schema", ""),
        ]);
        let mut a = Attrs::new(&get);
        let c = RatingConfig::parse(&mut a).unwrap();
        assert_eq!((c.item.as_str(), c.max), ("news-1", 5));
        assert_eq!((c.agg.count, c.agg.sum), (17, 71));
        assert_eq!(c.endpoint.as_deref(), Some("/api/ratings"));
        assert_eq!(c.protocol, Protocol::NukeViet);
        assert_eq!(c.schema.as_deref(), Some("CreativeWork"));
        assert!(a.warnings.is_empty());

        let get = attrs(&[
            ("data-item", "x"),
            ("data-sum", "500"),
            ("data-count", "1"),
            ("data-endpoint", "javascript:alert(1)"),
            ("data-protocol", "soap"),
        ]);
        let mut a = Attrs::new(&get);
        let c = RatingConfig::parse(&mut a).unwrap();
        assert_eq!(
            (c.agg, c.endpoint, c.protocol),
            (Aggregate::default(), None, Protocol::Civic)
        );
        let said: Vec<&str> = a.warnings.iter().map(|w| w.attr).collect();
        assert_eq!(said, ["data-sum", "data-endpoint", "data-protocol"]);

        let none = |_: &str| None;
        assert_eq!(
            RatingConfig::parse(&mut Attrs::new(&none)),
            Err(ConfigError::Empty)
        );
        let bad = attrs(&[("data-item", "../x")]);
        assert_eq!(
            RatingConfig::parse(&mut Attrs::new(&bad)),
            Err(ConfigError::BadId)
        );
    }

    #[test]
    fn resends_only_where_the_site_sends_votes() {
        let origin = "https://portal.gov.vn";
        let declared = ["https://votes.gov.vn/api"];
        assert!(may_resend("/api/ratings", origin, &[]));
        assert!(may_resend("https://portal.gov.vn/api/ratings", origin, &[]));
        assert!(may_resend("HTTPS://PORTAL.gov.vn/api", origin, &[]));
        assert!(may_resend("https://votes.gov.vn/api", origin, &declared));
        for planted in [
            "//evil.example/api",
            "https://evil.example/api",
            "https://portal.gov.vn.evil.example/api",
            "https://portal.gov.vn@evil.example/api",
            "javascript:alert(1)",
            "/api/ratings/",
            "https://votes.gov.vn/api/other",
        ] {
            assert!(!may_resend(planted, origin, &declared), "{planted}");
        }
    }

    #[test]
    fn parses_endpoints() {
        for (input, want) in [
            ("/api/ratings", "/api/ratings"),
            (" /api/ratings/ ", "/api/ratings"),
            ("https://votes.gov.vn/api/", "https://votes.gov.vn/api"),
            ("HTTP://votes.gov.vn/r", "HTTP://votes.gov.vn/r"),
        ] {
            assert_eq!(parse_endpoint(input).as_deref(), Ok(want), "{input:?}");
        }
        for bad in [
            "javascript:alert(1)",
            "//evil.example/api",
            "api/ratings",
            "/a b",
            "/a\nb",
            "data:x",
            "",
        ] {
            assert_eq!(parse_endpoint(bad), Err(ConfigError::UnsafeUrl), "{bad:?}");
        }
    }

    #[test]
    fn queue_round_trips() {
        let q = vec![
            Pending {
                endpoint: "/api/ratings".into(),
                item: "news-1".into(),
                score: 4,
                nukeviet: None,
                csrf: None,
            },
            Pending {
                endpoint: "/api/ratings".into(),
                item: "news-2".into(),
                score: 5,
                nukeviet: None,
                csrf: None,
            },
            Pending {
                endpoint: "/index.php?language=vi&nv=news&op=rating".into(),
                item: "1234".into(),
                score: 5,
                nukeviet: Some("abc123def".into()),
                csrf: None,
            },
            Pending {
                endpoint: "/api/ratings".into(),
                item: "news-3".into(),
                score: 2,
                nukeviet: None,
                csrf: Some("tok 123/+=".into()),
            },
        ];
        let text = encode_queue(&q);
        assert_eq!(decode_queue(&text), q);
        assert!(text.contains("nv:abc123def\t5\t1234\t/index.php?language=vi&nv=news&op=rating\n"));
        assert!(text.contains("csrf:tok 123/+=\t2\tnews-3\t/api/ratings\n"));
        let corrupt = String::from(
            "garbage\n11\tnews-1\t/x\n2\t../../etc\t/x\nnv:bad\u{1}token\t3\tn-1\t/x\nnv:3\tn-1\ncsrf:\t3\tn-1\t/x\n",
        ) + &text;
        assert_eq!(decode_queue(&corrupt), q);
        let unreadable = Pending {
            nukeviet: Some("a\u{1}b".into()),
            ..q[0].clone()
        };
        assert_eq!(
            encode_queue(&[unreadable]),
            "",
            "never written as a civic vote"
        );
        assert_eq!(parse_max("5"), Ok(5));
        assert_eq!(parse_max("1"), Err(ConfigError::OutOfRange));
        assert_eq!(parse_max("five"), Err(ConfigError::NotANumber));
    }
}
