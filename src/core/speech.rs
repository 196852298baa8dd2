//! "Nghe đọc bài viết": the article's text cut into utterances short enough for every speech
//! engine (Chrome stops a long utterance after ~15 s; some Android engines refuse > 4,000
//! characters), at sentence ends first, then clause boundaries, then spaces.
//!
//! Knows Vietnamese writing: titles and abbreviations (`TP.`, `TS.`, `PGS.`, `ThS.`, `v.v.`)
//! are not sentence ends before a name; numbers (`1.705.031`, `61,36`, `7/4`) are never cut;
//! closing quotes stay with their sentence; an ellipsis ends a sentence only before a capital.

/// Longest utterance, in characters.
pub const MAX: usize = 200;

/// Words that end in a dot without ending the sentence: titles before names, and common
/// Vietnamese and English abbreviations. Compared case-sensitively with the word before the dot.
/// One string rather than a `&[&str]`: a slice table costs 8 bytes of Wasm data per entry.
const ABBREVIATIONS: &str = "TP Tp TS ThS PGS GS BS KS CN NSND NSƯT TT TX TPHCM Q P H X Mr Mrs Ms Dr St No tr Tr e.g i.e PGS.TS GS.TS TP.HCM";
// Not here: "v.v." (etc.) ends a sentence when a capital follows, and a title never is
// followed by anything else.

/// A capital letter of English or Vietnamese, without the Unicode case tables `char::is_uppercase`
/// would add to the download: A–Z; À–Þ; in Latin Extended-A (Ă, Đ, Ĩ, Ũ) and Latin Extended
/// Additional (Ạ … Ỹ) capitals have even code points; Ơ and Ư.
fn is_capital(c: char) -> bool {
    let u = c as u32;
    c.is_ascii_uppercase()
        || ((0xC0..=0xDE).contains(&u) && u != 0xD7)
        || (((0x100..=0x17F).contains(&u) || (0x1EA0..=0x1EF9).contains(&u)) && u % 2 == 0)
        || u == 0x1A0
        || u == 0x1AF
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '-' | '–' | '—'
    )
}

fn is_mark(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Whether a sentence ending at character `end` of `cs` (just after its `.`, `!`, `?` or `…`,
/// at `mark_at`, closing quotes included) really ends there: white space follows, then a
/// capital, a digit or an opening quote; and a `.` does not close an abbreviation.
fn ends_sentence(cs: &[char], mark_at: usize, end: usize) -> bool {
    let rest = &cs[end..];
    if rest.first().is_some_and(|c| !c.is_whitespace()) {
        return false;
    }
    let Some(&next) = rest.iter().find(|c| !c.is_whitespace()) else {
        return true;
    };
    if !(is_capital(next) || next.is_ascii_digit() || is_opening(next)) {
        return false;
    }
    if cs[mark_at] != '.' || cs[..mark_at].ends_with(&['.', '.']) {
        return true;
    }
    // The word before the dot: an abbreviation before a name is not an end, nor is an initial.
    let word = &cs[cs[..mark_at]
        .iter()
        .rposition(|&c| c.is_whitespace() || is_opening(c))
        .map_or(0, |i| i + 1)..mark_at];
    let initial = word.len() == 1 && is_capital(word[0]);
    !(initial
        || super::text::split(ABBREVIATIONS, b" ").any(|a| a.chars().eq(word.iter().copied())))
}

/// Appends `cs[start..end]` to `out` as a range, white space trimmed, unless nothing is left.
fn push_trimmed(cs: &[char], mut start: usize, mut end: usize, out: &mut Vec<usize>) {
    while start < end && cs[start].is_whitespace() {
        start += 1;
    }
    while end > start && cs[end - 1].is_whitespace() {
        end -= 1;
    }
    if start < end {
        out.extend([start, end]);
    }
}

/// Where to cut a sentence that is too long, within its first [`MAX`] characters (and past the
/// first third, so no stub is left): after the last `;` or `:`, else the last comma that is
/// not inside a number (`61,36`), else the last space, else at [`MAX`] characters. (Dashes
/// join names on portals, "Hành chính – Chính trị", so they are not cut at.)
fn cut(piece: &[char]) -> usize {
    let head = &piece[..piece.len().min(MAX)];
    let digit = |i: usize| head.get(i).is_some_and(char::is_ascii_digit);
    let last = |marks: &[char]| {
        (head.len() / 3..head.len())
            .rev()
            .find(|&i| {
                marks.contains(&head[i])
                    && !(head[i] == ',' && i > 0 && digit(i - 1) && digit(i + 1))
            })
            .map(|i| i + 1)
    };
    last(&[';', ':'])
        .or_else(|| last(&[',']))
        .or_else(|| {
            head.iter()
                .rposition(|c| c.is_whitespace())
                .filter(|&i| i > 0)
        })
        .unwrap_or(head.len())
}

/// The utterances of `text` as UTF-16 offset pairs `[start, end, start, end, …]` (what a DOM
/// `Range` and a JavaScript string index use), each at most [`MAX`] characters. Works on the
/// text's characters, decoded once: indices are then counts, and the Wasm is smaller than with
/// UTF-8 decoding at every step.
pub fn utterances(text: &str) -> Vec<u32> {
    let cs: Vec<char> = text.chars().collect();
    // Sentences first, trimmed, empty ones dropped.
    let mut sentences = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < cs.len() {
        let at = i;
        i += 1;
        if !is_mark(cs[at]) {
            continue;
        }
        // The whole run of marks and closing quotes: "?!", "...", `.”`.
        while i < cs.len() && (is_mark(cs[i]) || is_closing(cs[i])) {
            i += 1;
        }
        if ends_sentence(&cs, at, i) {
            push_trimmed(&cs, start, i, &mut sentences);
            start = i;
        }
    }
    push_trimmed(&cs, start, cs.len(), &mut sentences);
    // Then long sentences cut.
    let mut ranges = Vec::new();
    for pair in sentences.chunks(2) {
        let (mut s, e) = (pair[0], pair[1]);
        while e - s > MAX {
            let c = s + cut(&cs[s..e]);
            push_trimmed(&cs, s, c, &mut ranges);
            s = c;
        }
        push_trimmed(&cs, s, e, &mut ranges);
    }
    // Character indices → UTF-16 offsets, in one pass.
    let (mut ci, mut unit) = (0, 0u32);
    ranges
        .into_iter()
        .map(|at| {
            while ci < at {
                unit += cs[ci].len_utf16() as u32;
                ci += 1;
            }
            unit
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The utterances as strings (JavaScript's view: UTF-16 offsets).
    fn said(text: &str) -> Vec<String> {
        let units: Vec<u16> = text.encode_utf16().collect();
        utterances(text)
            .chunks(2)
            .map(|p| String::from_utf16_lossy(&units[p[0] as usize..p[1] as usize]))
            .collect()
    }

    /// The seed article (`../shared/seed/portal-article-page.txt`), its first paragraphs.
    #[test]
    fn golden_seed_article() {
        let text = "Chiều nay (7/4), Chủ tịch Ủy ban nhân dân tỉnh Trần Tiến Dũng cùng Phó Chủ tịch Ủy ban nhân dân tỉnh Giàng A Tính đã có buổi làm việc với tập thể lãnh đạo các Ban Quản lý dự án. Công tác cửa khẩu đã đạt được những kết quả tích cực như: Kim ngạch xuất, nhập khẩu năm 2020 đạt 61,36 triệu USD, đạt 36% kế hoạch; tăng 26% so với năm 2019; tổng thu thuế, phí, lệ phí các loại năm 2020 đạt 70 tỷ đồng, vượt 8% kế hoạch, tăng 39% so với năm 2019. Qua đó góp phần phục vụ tốt cho công tác chỉ đạo, điều hành của UBND tỉnh.";
        assert_eq!(
            said(text),
            [
                "Chiều nay (7/4), Chủ tịch Ủy ban nhân dân tỉnh Trần Tiến Dũng cùng Phó Chủ tịch Ủy ban nhân dân tỉnh Giàng A Tính đã có buổi làm việc với tập thể lãnh đạo các Ban Quản lý dự án.",
                "Công tác cửa khẩu đã đạt được những kết quả tích cực như: Kim ngạch xuất, nhập khẩu năm 2020 đạt 61,36 triệu USD, đạt 36% kế hoạch; tăng 26% so với năm 2019;",
                "tổng thu thuế, phí, lệ phí các loại năm 2020 đạt 70 tỷ đồng, vượt 8% kế hoạch, tăng 39% so với năm 2019.",
                "Qua đó góp phần phục vụ tốt cho công tác chỉ đạo, điều hành của UBND tỉnh.",
            ]
        );
    }

    /// A news paragraph written for this test in the style of a provincial portal: titles,
    /// a city abbreviation, large numbers, a date, a quotation.
    #[test]
    fn golden_titles_numbers_and_quotes() {
        let text = "Sáng 15/3, PGS.TS. Nguyễn Văn An, Giám đốc Sở Y tế TP. Hồ Chí Minh, cho biết năm 2023 thành phố tiếp nhận 1.705.031 lượt người bệnh. Ông nói: “Chúng tôi sẽ mở thêm 12 phòng khám. Người dân không phải chờ lâu.” Theo TS. Lê Thị Bình, chi phí dự kiến khoảng 61,36 tỷ đồng!";
        assert_eq!(
            said(text),
            [
                "Sáng 15/3, PGS.TS. Nguyễn Văn An, Giám đốc Sở Y tế TP. Hồ Chí Minh, cho biết năm 2023 thành phố tiếp nhận 1.705.031 lượt người bệnh.",
                "Ông nói: “Chúng tôi sẽ mở thêm 12 phòng khám.",
                "Người dân không phải chờ lâu.”",
                "Theo TS. Lê Thị Bình, chi phí dự kiến khoảng 61,36 tỷ đồng!",
            ]
        );
    }

    /// A notice written for this test: ellipses, "v.v.", a list with a dash, a question.
    #[test]
    fn golden_ellipses_and_lists() {
        let text = "Hồ sơ gồm: đơn đề nghị, bản sao giấy tờ tùy thân, ảnh 3x4 v.v. Người nộp hồ sơ tại Q. 1 hoặc P. Bến Nghé… xin liên hệ trước. Vì sao phải chờ… ba ngày? Xem thêm tại mục Thủ tục - Hướng dẫn.";
        assert_eq!(
            said(text),
            [
                "Hồ sơ gồm: đơn đề nghị, bản sao giấy tờ tùy thân, ảnh 3x4 v.v.",
                "Người nộp hồ sơ tại Q. 1 hoặc P. Bến Nghé… xin liên hệ trước.",
                "Vì sao phải chờ… ba ngày?",
                "Xem thêm tại mục Thủ tục - Hướng dẫn.",
            ]
        );
    }

    #[test]
    fn long_sentences_are_cut_at_clauses_then_spaces() {
        // The seed's longest sentence: a list of 300+ characters.
        let text = "Ghi nhận, biểu dương và đánh giá cao công tác lãnh đạo, chỉ đạo quyết liệt của tập thể lãnh đạo các Ban Quản lý dự án đầu tư xây dựng các công trình: Giao thông, Nông nghiệp và Phát triển nông thôn, Dân dụng và Công nghiệp, Ban Quản lý Kinh tế cửa khẩu Ma Lù Thàng, Ban Quản lý Trung tâm Hành chính – Chính trị tỉnh đã nỗ lực khắc phục khó khăn để hoàn thành nhiệm vụ được giao trong năm 2020.";
        let parts = said(text);
        assert!(parts.len() >= 2, "{parts:?}");
        for p in &parts {
            assert!(p.chars().count() <= MAX, "{} chars: {p}", p.chars().count());
        }
        assert!(
            parts[0].ends_with([',', ':', ';']),
            "cut after a clause: {:?}",
            parts[0]
        );
        assert_eq!(parts.join(" "), text, "nothing lost or repeated");
        // No clause mark at all: cut at a space; not even a space: at MAX characters.
        let words = "chữ ".repeat(120);
        assert!(said(&words)
            .iter()
            .all(|p| p.chars().count() <= MAX && !p.ends_with(' ')));
        let solid = "ệ".repeat(450);
        assert_eq!(
            said(&solid)
                .iter()
                .map(|p| p.chars().count())
                .collect::<Vec<_>>(),
            [200, 200, 50]
        );
    }

    #[test]
    fn vietnamese_capitals_without_unicode_tables() {
        for c in "AZÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĐĨŨƠƯẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ".chars()
        {
            assert!(is_capital(c), "{c}");
            assert_eq!(is_capital(c), c.is_uppercase(), "{c}");
        }
        for c in "azàáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ1“(".chars()
        {
            assert!(!is_capital(c), "{c}");
        }
    }

    #[test]
    fn offsets_are_utf16_and_edges_are_quiet() {
        assert_eq!(utterances(""), Vec::<u32>::new());
        assert_eq!(utterances("   "), Vec::<u32>::new());
        assert_eq!(utterances("Xin chào."), [0, 9]);
        // 👍 is two UTF-16 units.
        assert_eq!(utterances("A 👍. B."), [0, 5, 6, 8]);
        assert_eq!(said("Một. Hai! Ba?"), ["Một.", "Hai!", "Ba?"]);
        assert_eq!(said("số 3.5 và 4. năm"), ["số 3.5 và 4. năm"]);
        assert_eq!(
            said("Tr. 12 nói rằng. Đúng."),
            ["Tr. 12 nói rằng.", "Đúng."]
        );
        assert_eq!(
            said("Chờ… Xong rồi… “Vâng”."),
            ["Chờ…", "Xong rồi…", "“Vâng”."]
        );
    }
}
