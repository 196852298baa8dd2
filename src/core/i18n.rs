//! Built-in labels in Vietnamese and English, and the language choice.
//!
//! Every label can be replaced by the page with `data-label-<key>="..."`, where `<key>` is
//! [`Key::attr`]. Templates use `{n}` style placeholders filled by [`fill`].

/// A built-in language. Anything else falls back to English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Tiếng Việt
    Vi,
    /// English (also the fallback)
    En,
}

impl Lang {
    /// From a BCP 47 tag such as `vi`, `vi-VN`, `en-GB`; unknown or empty → English.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = super::text::split(tag.trim_ascii(), b"-_")
            .next()
            .unwrap_or("");
        if primary.eq_ignore_ascii_case("vi") {
            Lang::Vi
        } else {
            Lang::En
        }
    }

    /// Decimal separator used when printing averages (`4,2` in Vietnamese).
    pub fn decimal_sep(self) -> char {
        match self {
            Lang::Vi => ',',
            Lang::En => '.',
        }
    }
}

macro_rules! keys {
    ($( [$feat:literal] $( $(#[$doc:meta])* $name:ident = $attr:literal : $vi:literal , $en:literal ;)* )*) => {
        /// A label key. `attr()` is the suffix of its `data-label-*` override attribute. Each
        /// exists only in builds with its widget: a preset carries its own labels, not all.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key { $($( $(#[$doc])* #[cfg(feature = $feat)] $name, )*)* }

        impl Key {
            /// Every key of this build, for documentation and tests.
            pub const ALL: &'static [Key] = &[ $($( #[cfg(feature = $feat)] Key::$name, )*)* ];

            /// `attr \x1f vi \x1f en` of each key, in the order of the variants: one table the key
            /// indexes (#12: two `match`es over every key and language took 1.7 KB of Wasm, and
            /// three `&str` per key 0.3 KB of gzip more than one).
            #[cfg(not(feature = "main-module"))]
            const TEXTS: &'static [&'static str] = &[ $($( #[cfg(feature = $feat)] concat!($attr, "\x1f", $vi, "\x1f", $en), )*)* ];
            /// The build's main module has no English (#12: 0.5 KB of gzip on every page view):
            /// `scripts/build.mjs` writes the English texts of this table into `labels-en.js`,
            /// which `js/view.js` answers from on pages that show English; the Vietnamese
            /// stands in should that file not load.
            #[cfg(feature = "main-module")]
            const TEXTS: &'static [&'static str] = &[ $($( #[cfg(feature = $feat)] concat!($attr, "\x1f", $vi), )*)* ];

            /// Part `i` of the key's row: 0 the attribute, 1 Vietnamese, 2 English.
            fn part(self, i: usize) -> &'static str {
                let row = Self::TEXTS.get(self as usize).copied().unwrap_or("");
                super::text::split(row, b"\x1f").nth(i).unwrap_or("")
            }

            /// The `data-label-<attr>` suffix.
            pub fn attr(self) -> &'static str {
                self.part(0)
            }

            /// The built-in text in `lang` (Vietnamese where this build has no English).
            pub fn text(self, lang: Lang) -> &'static str {
                match (lang, self.part(2)) {
                    (Lang::En, en) if !en.is_empty() => en,
                    _ => self.part(1),
                }
            }
        }
    };
}

keys! {
    ["text-size"]
    /// Group name of the text-size buttons.
    TextSizeGroup = "text-size": "Cỡ chữ", "Text size";
    /// A- button.
    Smaller = "smaller": "Giảm cỡ chữ", "Smaller text";
    /// A button.
    DefaultSize = "default": "Cỡ chữ mặc định", "Default text size";
    /// A+ button.
    Larger = "larger": "Tăng cỡ chữ", "Larger text";
    /// Announced after a change; `{n}` is a percentage.
    SizeNow = "size-now": "Cỡ chữ {n}%", "Text size {n}%";
    /// Announced when the first change of size could not fetch the text scaler.
    SizeFailed = "size-failed": "Chưa đổi được cỡ chữ: hãy thử lại khi có mạng", "Could not change the text size: try again when online";
    ["contrast"]
    /// Group name of the contrast buttons.
    ContrastGroup = "contrast": "Độ tương phản", "Contrast";
    /// Increase contrast.
    More = "more": "Tăng tương phản", "Increase contrast";
    /// Decrease contrast.
    Less = "less": "Giảm tương phản", "Decrease contrast";
    /// Announced after a change; `{level}` is a level name.
    ContrastNow = "contrast-now": "Độ tương phản: {level}", "Contrast: {level}";
    /// Level `soft`.
    LevelSoft = "level-soft": "dịu mắt", "soft";
    /// Level `normal`.
    LevelNormal = "level-normal": "bình thường", "normal";
    /// Level `high`.
    LevelHigh = "level-high": "cao", "high";
    /// Level `dark`.
    LevelDark = "level-dark": "nền tối", "dark";
    /// Shown when the operating system's forced colours are on and the buttons step aside.
    ForcedColors = "forced-colors": "Máy của bạn đang dùng chế độ màu tương phản riêng", "Your device's own contrast colours are in use";
    ["share"]
    /// Group name of the share links.
    ShareGroup = "share": "Chia sẻ bài viết", "Share this article";
    /// Name of a share link; `{network}` is the network's name.
    ShareOn = "share-on": "Chia sẻ lên {network}", "Share on {network}";
    /// E-mail link.
    Email = "email": "Gửi qua email", "Send by email";
    /// Copy-link button.
    Copy = "copy": "Sao chép liên kết", "Copy link";
    /// Announced after copying.
    Copied = "copied": "Đã sao chép liên kết", "Link copied";
    /// Announced when the clipboard refused.
    CopyFailed = "copy-failed": "Không sao chép được, hãy tự chép liên kết: {url}", "Could not copy; please copy the link yourself: {url}";
    /// Device share sheet button.
    NativeShare = "native": "Chia sẻ…", "Share…";
    ["rating"]
    /// Aggregate with votes (`{sum}`, `{count}`, `{avg}`, `{max}`).
    RatingSummary = "summary": "Tổng số điểm của bài viết là: {sum} trong {count} đánh giá", "Rated {avg} out of {max} by {count} people";
    /// Aggregate with exactly one vote.
    RatingSummaryOne = "summary-one": "Tổng số điểm của bài viết là: {sum} trong {count} đánh giá", "Rated {avg} out of {max} by 1 person";
    /// Aggregate with no votes yet.
    RatingSummaryNone = "summary-none": "Tổng số điểm của bài viết là: 0 trong 0 đánh giá", "Not rated yet";
    /// Group name of the stars.
    RatePrompt = "rate": "Click để đánh giá bài viết", "Rate this article";
    /// A star's name; `{n}` is its score.
    Star = "star": "{n} sao", "{n} stars";
    /// The one-star name.
    StarOne = "star-one": "1 sao", "1 star";
    /// Announced after the server accepted a vote.
    Thanks = "thanks": "Cảm ơn bạn đã đánh giá {n} sao", "Thank you, you rated {n} stars";
    /// A vote that is waiting to be delivered.
    Pending = "pending": "Đánh giá {n} sao của bạn đang chờ gửi và sẽ được gửi lại tự động", "Your {n}-star rating is waiting and will be sent automatically";
    /// Pending, but storage could keep the vote only while this page is open.
    PendingPage = "pending-page": "Đánh giá {n} sao của bạn đang chờ gửi; hãy để trang này mở để gửi lại", "Your {n}-star rating is waiting; keep this page open so it can be sent";
    /// Local mode (no endpoint).
    LocalOnly = "local": "Bạn đã chấm {n} sao. Điểm này chỉ lưu trên máy của bạn", "You gave {n} stars. This score is kept on this device only";
    /// The server refused the vote.
    RateRefused = "refused": "Không gửi được đánh giá: {reason}", "Your rating was not accepted: {reason}";
    /// Rate limited.
    RateLimited = "rate-limited": "Bạn đánh giá quá nhanh, vui lòng thử lại sau", "Too many ratings, please try again later";
    /// The endpoint does not exist (404, 405, 501): the reason shown in `refused`.
    RateNoServer = "no-server": "trang này chưa nhận đánh giá", "this site does not take ratings yet";
    ["text-spacing"]
    /// Text spacing toggle (WCAG 1.4.12: line, paragraph, letter and word spacing).
    Spacing = "spacing": "Giãn dòng, giãn chữ", "Text spacing";
    ["motion"]
    /// Pause motion toggle.
    Motion = "motion": "Dừng chuyển động", "Pause motion";
    ["read-aloud"]
    /// Read-aloud group and its play button.
    ReadAloud = "read": "Nghe đọc bài viết", "Listen to this article";
    /// Pause reading.
    ReadPause = "read-pause": "Tạm dừng", "Pause";
    /// Go on reading after a pause.
    ReadResume = "read-resume": "Đọc tiếp", "Resume";
    /// Stop reading.
    ReadStop = "read-stop": "Dừng đọc", "Stop";
    /// Back one sentence.
    ReadPrev = "read-prev": "Câu trước", "Previous sentence";
    /// On one sentence.
    ReadNext = "read-next": "Câu sau", "Next sentence";
    /// Reading speed; `{n}` is the factor.
    ReadRate = "read-rate": "Tốc độ {n}×", "Speed {n}×";
    /// The device has no voice for the page's language.
    ReadNoVoice = "read-no-voice": "Thiết bị chưa có giọng đọc tiếng Việt", "This device has no English voice";
    /// Announced when reading starts.
    ReadReading = "read-reading": "Đang đọc bài viết", "Reading the article";
    /// Announced on pause.
    ReadPaused = "read-paused": "Đã tạm dừng", "Paused";
    /// Announced on stop.
    ReadStopped = "read-stopped": "Đã dừng đọc", "Stopped reading";
    /// Announced at the end.
    ReadDone = "read-done": "Đã đọc xong bài viết", "Finished reading";
    /// The speech engine failed.
    ReadError = "read-error": "Không đọc được bài viết trên thiết bị này", "This device could not read the article";
    ["stats"]
    /// Name of the visit statistics table.
    StatsTitle = "stats": "Thống kê truy cập", "Visit statistics";
    /// Visitors in the last five minutes.
    StatsOnline = "online": "Đang truy cập", "Online now";
    /// Page views today.
    StatsToday = "today": "Hôm nay", "Today";
    /// Page views yesterday.
    StatsYesterday = "yesterday": "Hôm qua", "Yesterday";
    /// Page views this month; `{m}` is the month number (`04`).
    StatsMonth = "month": "Tháng {m}", "This month";
    /// Page views this year; `{y}` is the year.
    StatsYear = "year": "Năm {y}", "This year";
    /// Page views since counting began.
    StatsTotal = "total": "Tổng số", "Total";
}

/// Replaces `{name}` placeholders in `template` with values. Unknown placeholders stay as written.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = super::text::find(rest, b'{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match super::text::find(after, b'}') {
            Some(end) => {
                let name = &after[..end];
                match values.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key can be set by a label pack (`LabelKey` in js/index.d.ts) and is documented in
    /// the README's list, and neither names a key that does not exist.
    #[test]
    fn label_keys_follow_the_table() {
        let root = env!("CARGO_MANIFEST_DIR");
        let types = std::fs::read_to_string(String::from(root) + "/js/index.d.ts").unwrap();
        let readme = std::fs::read_to_string(String::from(root) + "/README.md").unwrap();
        let start = types.find("type LabelKey").unwrap();
        let union = &types[start..start + types[start..].find(';').unwrap()];
        let typed: Vec<&str> = union.split('\'').skip(1).step_by(2).collect();
        let ours: Vec<&str> = Key::ALL.iter().map(|k| k.attr()).collect();
        let mut a = typed.clone();
        let mut b = ours.clone();
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b, "LabelKey in js/index.d.ts");
        let list = &readme[readme.find("Keys: `").unwrap()
            ..readme
                .find("Example:\n`<civic-text-size data-label")
                .unwrap()];
        for k in ours {
            let word = |c: char| c.is_ascii_lowercase() || c == '-';
            assert!(
                list.split(|c: char| !word(c)).any(|w| w == k),
                "README label keys lack {k}"
            );
        }
    }

    #[test]
    fn picks_language_from_tags() {
        for (tag, want) in [
            ("vi", Lang::Vi),
            ("vi-VN", Lang::Vi),
            ("VI_vn", Lang::Vi),
            ("en", Lang::En),
            ("fr", Lang::En),
            ("", Lang::En),
            ("vie", Lang::En),
        ] {
            assert_eq!(Lang::from_tag(tag), want, "tag {tag:?}");
        }
    }

    #[test]
    fn every_key_has_both_texts_and_a_unique_attr() {
        assert_eq!(Key::TEXTS.len(), Key::ALL.len(), "one row per key");
        let mut seen = Vec::new();
        for k in Key::ALL {
            assert!(!k.text(Lang::Vi).is_empty() && !k.text(Lang::En).is_empty());
            assert!(k
                .attr()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-'));
            assert!(!seen.contains(&k.attr()), "duplicate attr {}", k.attr());
            seen.push(k.attr());
        }
    }

    #[test]
    fn seed_texts_are_verbatim() {
        let summary = fill(
            Key::RatingSummary.text(Lang::Vi),
            &[("sum", "71"), ("count", "17")],
        );
        assert_eq!(
            summary,
            "Tổng số điểm của bài viết là: 71 trong 17 đánh giá"
        );
        assert_eq!(Key::RatePrompt.text(Lang::Vi), "Click để đánh giá bài viết");
        assert_eq!(Key::More.text(Lang::Vi), "Tăng tương phản");
        assert_eq!(Key::Less.text(Lang::Vi), "Giảm tương phản");
    }

    #[test]
    fn fills_templates() {
        assert_eq!(fill("Cỡ chữ {n}%", &[("n", "130")]), "Cỡ chữ 130%");
        assert_eq!(fill("{a}{b}{a}", &[("a", "x"), ("b", "y")]), "xyx");
        assert_eq!(fill("keep {unknown} and {", &[]), "keep {unknown} and {");
        assert_eq!(fill("", &[("n", "1")]), "");
    }
}
