//! Share links as a table of pure functions: one row per network.
//!
//! Nothing here talks to any network. The widget renders each row as a real `<a href>`, so the
//! visitor's browser contacts the network only when they click.

use super::config::{list, Attrs, ConfigError};
use super::text;

/// What a share link carries. `url` is already cleaned by [`clean_url`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ShareData {
    /// The page URL.
    pub url: String,
    /// The title (`data-title` → `og:title` → `document.title`).
    pub title: String,
    /// A longer description (`data-text` → `og:description`), may be empty.
    pub text: String,
}

/// How a network's control behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A plain link to a share page.
    Link,
    /// A `mailto:` link (no new window).
    Mail,
    /// Copies the URL to the clipboard.
    Copy,
    /// The device share sheet (Web Share API); rendered only where it works.
    Native,
    /// Zalo: no documented share URL exists; uses the device share sheet, else copies the link.
    Zalo,
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct Network {
    /// Name used in `data-networks`.
    pub id: &'static str,
    /// Display name (brand names are not translated).
    pub name: &'static str,
    /// Behaviour.
    pub kind: Kind,
    /// Builds the href; `None` for controls that are not links.
    pub href: Option<fn(&ShareData) -> String>,
    /// The icon: SVG path data on a 24 × 24 grid, or the one letter drawn for brands without
    /// a path here (`js/share.js` tells them apart by length).
    pub icon: &'static str,
}

/// Longest title carried in a share text, in characters; longer ones are cut at a grapheme
/// boundary with "…". X counts 280 and a URL costs 23, so this leaves room on every network.
pub const MAX_TITLE_CHARS: usize = 200;

/// The networks, in no particular order; `data-networks` chooses and orders them.
pub const NETWORKS: &[Network] = &[
    Network {
        id: "facebook",
        name: "Facebook",
        kind: Kind::Link,
        icon: "M13.5 22v-8h2.7l.4-3.2h-3.1V8.8c0-.9.3-1.5 1.6-1.5h1.7V4.4c-.3 0-1.3-.1-2.4-.1-2.4 0-4 1.5-4 4.1v2.4H7.7V14h2.7v8z",
        href: Some(facebook),
    },
    Network {
        id: "x",
        name: "X",
        kind: Kind::Link,
        icon: "M17.8 3h3.1l-6.8 7.7L22 21h-6.2l-4.9-6.3L5.3 21H2.2l7.2-8.3L2 3h6.4l4.4 5.8zm-1.1 16.2h1.7L7.4 4.7H5.6z",
        href: Some(x),
    },
    Network {
        id: "zalo",
        name: "Zalo",
        kind: Kind::Zalo,
        icon: "Z",
        href: None,
    },
    Network {
        id: "linkedin",
        name: "LinkedIn",
        kind: Kind::Link,
        icon: "M4 9h3.6v11H4zm1.8-5.5a2 2 0 110 4.1 2 2 0 010-4.1zM9.8 9h3.4v1.5h.1c.5-.9 1.6-1.8 3.4-1.8 3.6 0 4.3 2.4 4.3 5.4V20h-3.6v-5.3c0-1.3 0-2.9-1.8-2.9s-2.1 1.4-2.1 2.8V20H9.8z",
        href: Some(linkedin),
    },
    Network {
        id: "telegram",
        name: "Telegram",
        kind: Kind::Link,
        icon: "M21.5 3.5L2.8 10.7c-1.3.5-1.3 1.2-.2 1.5l4.8 1.5 1.8 5.6c.2.6.4.8.9.8.4 0 .6-.2.9-.5l2.2-2.1 4.6 3.4c.8.5 1.4.2 1.6-.8l3-14.3c.3-1.3-.5-1.8-1.4-1.4zM9.3 14.5l8.3-7.6-6.5 8.3-.3 3z",
        href: Some(telegram),
    },
    Network {
        id: "whatsapp",
        name: "WhatsApp",
        kind: Kind::Link,
        icon: "W",
        href: Some(whatsapp),
    },
    Network {
        id: "reddit",
        name: "Reddit",
        kind: Kind::Link,
        icon: "r",
        href: Some(reddit),
    },
    Network {
        id: "pinterest",
        name: "Pinterest",
        kind: Kind::Link,
        icon: "P",
        href: Some(pinterest),
    },
    Network {
        id: "threads",
        name: "Threads",
        kind: Kind::Link,
        icon: "@",
        href: Some(threads),
    },
    Network {
        id: "bluesky",
        name: "Bluesky",
        kind: Kind::Link,
        icon: "b",
        href: Some(bluesky),
    },
    Network {
        id: "email",
        name: "Email",
        kind: Kind::Mail,
        icon: "M3 5h18v14H3zm2 2v.4l7 4.6 7-4.6V7zm14 2.8l-7 4.6-7-4.6V17h14z",
        href: Some(email),
    },
    Network {
        id: "copy",
        name: "Copy",
        kind: Kind::Copy,
        icon: "M8 3h11v13h-2V5H8zM5 7h10v14H5zm2 2v10h6V9z",
        href: None,
    },
    Network {
        id: "native",
        name: "Share",
        kind: Kind::Native,
        icon: "M18 16a3 3 0 00-2.2 1l-7-3.9a3 3 0 000-2.2l7-3.9A3 3 0 1015 5l-7 3.9a3 3 0 100 6.2l7 3.9A3 3 0 1018 16z",
        href: None,
    },
];

/// The default `data-networks`.
pub const DEFAULT_NETWORKS: [&str; 6] = ["facebook", "x", "zalo", "linkedin", "email", "copy"];

/// A share widget's attributes.
#[derive(Debug, Clone)]
pub struct ShareConfig {
    /// The networks to render, in `data-networks` order, without duplicates.
    pub networks: Vec<&'static Network>,
    /// `data-url`, cleaned, or why it was refused (a refused URL hides the widget: sharing the
    /// wrong page would be worse than not sharing). `None`: the page's own URL is used.
    pub url: Option<Result<String, ConfigError>>,
    /// `data-title`, trimmed, when not empty.
    pub title: Option<String>,
    /// `data-text`, trimmed.
    pub text: Option<String>,
}

impl ShareConfig {
    /// Reads `data-networks`, `data-url`, `data-title` and `data-text`.
    pub fn parse(a: &mut Attrs) -> Self {
        let defaults = || DEFAULT_NETWORKS.iter().map(|s| String::from(*s)).collect();
        let names: Vec<String> = match a.get("data-networks").map(|v| list(&v)) {
            None => defaults(),
            Some(Ok(v)) => v,
            Some(Err(err)) => {
                a.warn("data-networks", err, "; using the default");
                defaults()
            }
        };
        let mut networks: Vec<&'static Network> = Vec::new();
        for name in &names {
            match lookup(name) {
                Lookup::Found(n) if !networks.iter().any(|o| o.id == n.id) => networks.push(n),
                Lookup::Found(_) => {}
                Lookup::Retired => a.say(
                    "data-networks",
                    String::from(": Google+ closed in April 2019; it is skipped"),
                    true,
                ),
                Lookup::Unknown => {
                    a.say(
                        "data-networks",
                        String::from(": unknown network \"") + name + "\" skipped",
                        false,
                    );
                }
            }
        }
        let trimmed = |v: String| String::from(v.trim_ascii());
        ShareConfig {
            networks,
            url: a.get("data-url").map(|v| clean_url(&v)),
            title: a.get("data-title").map(trimmed).filter(|t| !t.is_empty()),
            text: a.get("data-text").map(trimmed),
        }
    }
}

/// Result of looking up one name from `data-networks`.
#[derive(Debug, Clone, Copy)]
pub enum Lookup {
    /// A network to render.
    Found(&'static Network),
    /// Google+: accepted and skipped with a notice (closed in 2019).
    Retired,
    /// Not a name we know.
    Unknown,
}

/// Looks up a `data-networks` item (already lower-cased), resolving aliases.
pub fn lookup(name: &str) -> Lookup {
    let id = match name {
        "twitter" => "x",
        "googleplus" | "google+" | "google-plus" | "gplus" => return Lookup::Retired,
        "mail" => "email",
        other => other,
    };
    match NETWORKS.iter().find(|n| n.id == id) {
        Some(n) => Lookup::Found(n),
        None => Lookup::Unknown,
    }
}

fn build(base: &str, params: &[(&str, &str)]) -> String {
    let mut s = String::from(base);
    let mut first = text::find(base, b'?').is_none();
    for (k, v) in params {
        if v.is_empty() {
            continue;
        }
        s.push(if first { '?' } else { '&' });
        first = false;
        s.push_str(k);
        s.push('=');
        encode_into(&mut s, v);
    }
    s
}

/// Title and URL joined by a space: the text for networks that take a single text field.
fn title_and_url(d: &ShareData) -> String {
    let title = truncate(&d.title, MAX_TITLE_CHARS);
    if title.is_empty() {
        d.url.clone()
    } else {
        title + " " + &d.url
    }
}

fn facebook(d: &ShareData) -> String {
    build(
        "https://www.facebook.com/sharer/sharer.php",
        &[("u", &d.url)],
    )
}
fn x(d: &ShareData) -> String {
    build(
        "https://x.com/intent/tweet",
        &[
            ("url", &d.url),
            ("text", &truncate(&d.title, MAX_TITLE_CHARS)),
        ],
    )
}
fn linkedin(d: &ShareData) -> String {
    build(
        "https://www.linkedin.com/sharing/share-offsite/",
        &[("url", &d.url)],
    )
}
fn telegram(d: &ShareData) -> String {
    build(
        "https://t.me/share/url",
        &[
            ("url", &d.url),
            ("text", &truncate(&d.title, MAX_TITLE_CHARS)),
        ],
    )
}
fn whatsapp(d: &ShareData) -> String {
    build("https://wa.me/", &[("text", &title_and_url(d))])
}
fn reddit(d: &ShareData) -> String {
    build(
        "https://www.reddit.com/submit",
        &[
            ("url", &d.url),
            ("title", &truncate(&d.title, MAX_TITLE_CHARS)),
        ],
    )
}
fn pinterest(d: &ShareData) -> String {
    build(
        "https://www.pinterest.com/pin/create/button/",
        &[
            ("url", &d.url),
            ("description", &truncate(&d.title, MAX_TITLE_CHARS)),
        ],
    )
}
fn threads(d: &ShareData) -> String {
    build(
        "https://www.threads.net/intent/post",
        &[("text", &title_and_url(d))],
    )
}
fn bluesky(d: &ShareData) -> String {
    build(
        "https://bsky.app/intent/compose",
        &[("text", &title_and_url(d))],
    )
}
fn email(d: &ShareData) -> String {
    let mut body = String::new();
    if !d.text.is_empty() {
        body.push_str(&truncate(&d.text, 1000));
        body.push_str("\n\n");
    }
    body.push_str(&d.url);
    build(
        "mailto:",
        &[
            ("subject", &truncate(&d.title, MAX_TITLE_CHARS)),
            ("body", &body),
        ],
    )
}

/// Percent-encodes like `encodeURIComponent`: UTF-8 bytes, unreserved `A-Za-z0-9-_.!~*'()` kept.
pub fn encode_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')'
            )
        {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

/// `encodeURIComponent` as a new string.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    encode_into(&mut out, s);
    out
}

/// Characters that attach to the one before them: combining marks (Vietnamese tones in NFD),
/// variation selectors, zero-width joiner, emoji skin tones, tag characters.
fn extends(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F
        | 0xFE00..=0xFE0F | 0x200D | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F | 0xE0100..=0xE01EF)
}

/// Cuts `s` to at most `max` characters (plus "…"), never inside a grapheme cluster:
/// a base letter keeps its combining marks, an emoji ZWJ sequence stays whole or goes whole.
pub fn truncate(s: &str, max: usize) -> String {
    let s = s.trim_ascii();
    // The byte offset of the first character past `max`; none: it fits. (Bytes that start a
    // character counted, and characters decoded forwards only, from a boundary: `char_indices`
    // and `next_back` each brought a UTF-8 decoder of their own, ~0.2 KB of gzip.)
    let starts = |i: &usize| s.is_char_boundary(*i);
    let Some(mut cut) = (0..s.len()).filter(starts).nth(max) else {
        return s.to_string();
    };
    let char_at = |i: usize| s.get(i..).and_then(|t| t.chars().next());
    // Back up while the first dropped char would extend the kept text, or the last kept char is a
    // joiner that needs what follows.
    while let Some(prev) = (0..cut).rev().find(starts) {
        if !(char_at(cut).is_some_and(extends) || char_at(prev) == Some('\u{200D}')) {
            break;
        }
        cut = prev;
    }
    let mut out = String::from(s.get(..cut).unwrap_or("").trim_ascii_end());
    out.push('…');
    out
}

/// Query parameters that only track visitors; removed from every shared URL.
fn is_tracking_param(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k.starts_with("utm_")
        || k.starts_with("mc_")
        || k.starts_with("_hs")
        || k.starts_with("pk_")
        || matches!(
            k.as_str(),
            "fbclid"
                | "gclid"
                | "dclid"
                | "gbraid"
                | "wbraid"
                | "msclkid"
                | "yclid"
                | "twclid"
                | "igshid"
                | "zarsrc"
                | "_ga"
                | "_gl"
                | "mkt_tok"
                | "oly_anon_id"
                | "oly_enc_id"
                | "vero_id"
                | "ttclid"
                | "li_fat_id"
                | "s_cid"
                | "srsltid"
        )
}

/// Accepts only absolute `http:`/`https:` URLs (refusing `javascript:`, `data:`, `vbscript:`,
/// relative and protocol-relative ones) and removes tracking parameters. The fragment is kept.
pub fn clean_url(raw: &str) -> Result<String, ConfigError> {
    let url = raw.trim_ascii();
    if url.len() > 4096 {
        return Err(ConfigError::TooLong);
    }
    let scheme = |s: &str| {
        let b = url.as_bytes();
        b.get(..s.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(s.as_bytes()))
    };
    let scheme_len = if scheme("https://") {
        8
    } else if scheme("http://") {
        7
    } else {
        return Err(ConfigError::UnsafeUrl);
    };
    let host = text::split(&url[scheme_len..], b"/?#").next().unwrap_or("");
    if host.is_empty()
        || url
            .chars()
            .any(|c| c.is_control() || c == ' ' || c == '"' || c == '<' || c == '>')
    {
        return Err(ConfigError::UnsafeUrl);
    }
    let (before_hash, hash) = match text::find(url, b'#') {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    let (path, query) = match text::find(before_hash, b'?') {
        Some(i) => (&before_hash[..i], &before_hash[i + 1..]),
        None => (before_hash, ""),
    };
    let mut out = String::from(path);
    let kept = text::split(query, b"&")
        .filter(|p| !p.is_empty())
        .filter(|p| !is_tracking_param(text::split(p, b"=").next().unwrap_or("")));
    for (i, p) in kept.enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(p);
    }
    out.push_str(hash);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_config_from_attributes() {
        let get = |name: &str| match name {
            "data-networks" => Some(String::from("Twitter, google+, myspace, x, zalo")),
            "data-url" => Some(String::from("javascript:alert(1)")),
            "data-title" => Some(String::from("   ")),
            _ => None,
        };
        let mut a = Attrs::new(&get);
        let c = ShareConfig::parse(&mut a);
        let ids: Vec<&str> = c.networks.iter().map(|n| n.id).collect();
        assert_eq!(
            ids,
            ["x", "zalo"],
            "aliases resolved, duplicates and unknowns dropped"
        );
        assert_eq!(c.url, Some(Err(ConfigError::UnsafeUrl)));
        assert_eq!(c.title, None);
        let said: Vec<(&str, bool)> = a
            .warnings
            .iter()
            .map(|w| (w.message.as_str(), w.info))
            .collect();
        assert_eq!(
            said,
            [
                (": Google+ closed in April 2019; it is skipped", true),
                (": unknown network \"myspace\" skipped", false)
            ]
        );
        let none = |_: &str| None;
        let c = ShareConfig::parse(&mut Attrs::new(&none));
        assert_eq!(c.networks.len(), DEFAULT_NETWORKS.len());
        assert_eq!(c.url, None);
    }

    fn data(url: &str, title: &str) -> ShareData {
        ShareData {
            url: url.into(),
            title: title.into(),
            text: String::new(),
        }
    }

    fn href(id: &str, d: &ShareData) -> String {
        match lookup(id) {
            Lookup::Found(n) => (n.href.expect("link network"))(d),
            _ => panic!("{id} not found"),
        }
    }

    #[test]
    fn golden_vectors() {
        let d = data(
            "https://laichau.gov.vn/tin-tuc/lanh-dao.html",
            "Lãnh đạo UBND tỉnh & Ban Quản lý #1?",
        );
        assert_eq!(
            href("facebook", &d),
            "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Flaichau.gov.vn%2Ftin-tuc%2Flanh-dao.html"
        );
        assert_eq!(
            href("twitter", &d),
            "https://x.com/intent/tweet?url=https%3A%2F%2Flaichau.gov.vn%2Ftin-tuc%2Flanh-dao.html\
             &text=L%C3%A3nh%20%C4%91%E1%BA%A1o%20UBND%20t%E1%BB%89nh%20%26%20Ban%20Qu%E1%BA%A3n%20l%C3%BD%20%231%3F"
        );
        assert_eq!(
            href("linkedin", &d),
            "https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Flaichau.gov.vn%2Ftin-tuc%2Flanh-dao.html"
        );
        assert!(href("whatsapp", &d).starts_with("https://wa.me/?text=L%C3%A3nh"));
        assert!(href("email", &d).starts_with("mailto:?subject=L%C3%A3nh"));
        assert!(href("email", &d)
            .ends_with("&body=https%3A%2F%2Flaichau.gov.vn%2Ftin-tuc%2Flanh-dao.html"));
    }

    #[test]
    fn nfc_and_nfd_are_encoded_as_written() {
        let nfc = "Tiếng Việt"; // precomposed
        let nfd = "Tie\u{302}\u{301}ng Vie\u{323}\u{302}t"; // base letters + combining marks
        assert_eq!(encode(nfc), "Ti%E1%BA%BFng%20Vi%E1%BB%87t");
        assert_eq!(encode(nfd), "Tie%CC%82%CC%81ng%20Vie%CC%A3%CC%82t");
        assert_eq!(encode("a&b#c?d%e 😀"), "a%26b%23c%3Fd%25e%20%F0%9F%98%80");
        assert_eq!(encode("-_.!~*'()"), "-_.!~*'()");
    }

    #[test]
    fn empty_optional_parameters_are_omitted() {
        let d = data("https://a.vn/", "");
        assert_eq!(
            href("x", &d),
            "https://x.com/intent/tweet?url=https%3A%2F%2Fa.vn%2F"
        );
        assert_eq!(href("email", &d), "mailto:?body=https%3A%2F%2Fa.vn%2F");
        assert!(!href("reddit", &d).ends_with('&'));
    }

    #[test]
    fn truncation_keeps_graphemes_whole() {
        assert_eq!(truncate("abc", 5), "abc");
        assert_eq!(truncate("abcdef", 3), "abc…");
        // NFD: "e" + two combining marks must not be split from each other.
        let nfd = "Vie\u{323}\u{302}t";
        assert_eq!(truncate(nfd, 3), "Vi…");
        assert_eq!(truncate(nfd, 5), "Vie\u{323}\u{302}…");
        // Family emoji (ZWJ sequence) goes whole or not at all.
        let family = "ab👨\u{200D}👩\u{200D}👧";
        assert_eq!(truncate(family, 3), "ab…");
        assert_eq!(truncate(family, 4), "ab…");
        // Skin-tone modifier stays with its emoji.
        assert_eq!(truncate("x👍🏽y", 2), "x…");
        let long = "Lãnh đạo ".repeat(40);
        let t = truncate(&long, MAX_TITLE_CHARS);
        assert!(t.chars().count() <= MAX_TITLE_CHARS + 1 && t.ends_with('…'));
    }

    #[test]
    fn cleans_urls() {
        let ok: &[(&str, &str)] = &[
            (
                "https://laichau.gov.vn/a.html?utm_source=fb&id=7&fbclid=XYZ&utm_medium=x#top",
                "https://laichau.gov.vn/a.html?id=7#top",
            ),
            (
                "HTTP://a.vn/?gclid=1&zarsrc=30&_hsenc=p&mc_cid=2",
                "HTTP://a.vn/",
            ),
            ("https://a.vn/path", "https://a.vn/path"),
            (
                " https://a.vn/?q=vi%E1%BB%87t ",
                "https://a.vn/?q=vi%E1%BB%87t",
            ),
        ];
        for (input, want) in ok {
            assert_eq!(clean_url(input).as_deref(), Ok(*want), "input {input:?}");
        }
        for bad in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "data:text/html,<b>",
            "vbscript:msgbox",
            "//evil.example/",
            "/relative",
            "https://",
            "https://a.vn/\"><script>",
            "ftp://a.vn/",
            "",
        ] {
            assert_eq!(clean_url(bad), Err(ConfigError::UnsafeUrl), "input {bad:?}");
        }
    }

    #[test]
    fn lookups() {
        assert!(matches!(lookup("twitter"), Lookup::Found(n) if n.id == "x"));
        assert!(matches!(lookup("google+"), Lookup::Retired));
        assert!(matches!(lookup("googleplus"), Lookup::Retired));
        assert!(matches!(lookup("myspace"), Lookup::Unknown));
        for id in DEFAULT_NETWORKS {
            assert!(matches!(lookup(id), Lookup::Found(_)), "{id}");
        }
    }
}
