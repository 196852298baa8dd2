//! Text-size steps and the CSS rewriting that makes them work on px-styled pages.
//!
//! Scaling the root `font-size` does nothing on a portal whose rules say `font-size: 13px`.
//! Instead the DOM layer copies every rule that sets an absolute size into one override sheet,
//! with each absolute length multiplied by `var(--civic-ts)`. Relative units (`em`, `%`) are left
//! alone: they inherit the scaled parent, so nesting never compounds. A step change then only
//! rewrites `--civic-ts`, and text added later matches the same rules.

use super::config::{Attrs, ConfigError, MAX_ATTR_LEN};
use super::num::parse_decimal;

/// The default `data-steps`.
pub const DEFAULT_STEPS: [f64; 7] = [0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0];
/// Smallest and largest factor accepted in `data-steps`.
pub const MIN_STEP: f64 = 0.5;
/// See [`MIN_STEP`].
pub const MAX_STEP: f64 = 4.0;
/// The CSS custom property carrying the current factor.
pub const VAR: &str = "var(--civic-ts,1)";

/// An ordered list of text-size factors that always contains `1`.
#[derive(Debug, Clone, PartialEq)]
pub struct Steps(Vec<f64>);

impl Default for Steps {
    fn default() -> Self {
        Steps(DEFAULT_STEPS.to_vec())
    }
}

/// A text-size widget's attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct TextSizeConfig {
    /// `data-steps`.
    pub steps: Steps,
    /// `data-target`: a CSS selector of the region to scale (checked against the page by the
    /// DOM layer; the whole page when absent).
    pub target: Option<String>,
}

impl TextSizeConfig {
    /// Reads `data-steps` and `data-target`.
    pub fn parse(a: &mut Attrs) -> Self {
        let steps = a.parse_or("data-steps", Steps::default(), Steps::parse);
        let target = a.get("data-target").map(|t| String::from(t.trim_ascii()));
        TextSizeConfig { steps, target }
    }
}

impl Steps {
    /// Parses `data-steps` (`"0.9,1,1.15"`); sorts, removes duplicates and adds `1` if missing.
    pub fn parse(value: &str) -> Result<Steps, ConfigError> {
        if value.len() > MAX_ATTR_LEN {
            return Err(ConfigError::TooLong);
        }
        let mut v = Vec::new();
        for item in super::text::split(value, b",; ").filter(|s| !s.trim_ascii().is_empty()) {
            let f = parse_decimal(item).ok_or(ConfigError::NotANumber)?;
            if !(MIN_STEP..=MAX_STEP).contains(&f) {
                return Err(ConfigError::OutOfRange);
            }
            v.push(f);
        }
        if v.is_empty() {
            return Err(ConfigError::Empty);
        }
        if v.len() > 16 {
            return Err(ConfigError::TooLong);
        }
        v.push(1.0);
        // Insertion into a sorted list: at most 17 items, and far smaller in Wasm than the
        // standard library's general-purpose sort.
        let mut sorted: Vec<f64> = Vec::with_capacity(v.len());
        for f in v {
            if sorted.iter().any(|s| (s - f).abs() < 1e-9) {
                continue;
            }
            let at = sorted.iter().position(|s| *s > f).unwrap_or(sorted.len());
            sorted.insert(at, f);
        }
        Ok(Steps(sorted))
    }

    /// The factors, ascending.
    pub fn values(&self) -> &[f64] {
        &self.0
    }

    /// Index of the step nearest to `scale`.
    pub fn nearest(&self, scale: f64) -> usize {
        let mut best = 0;
        for (i, s) in self.0.iter().enumerate() {
            let cur = self.0.get(best).copied().unwrap_or(1.0);
            if (s - scale).abs() < (cur - scale).abs() {
                best = i;
            }
        }
        best
    }

    /// The next larger step, or `None` at the top.
    pub fn larger(&self, scale: f64) -> Option<f64> {
        next(&self.0, scale, true)
    }

    /// The next smaller step, or `None` at the bottom.
    pub fn smaller(&self, scale: f64) -> Option<f64> {
        next(&self.0, scale, false)
    }

    /// Clamps an arbitrary factor (from the JS API or storage) to the nearest step.
    pub fn snap(&self, scale: f64) -> f64 {
        if !scale.is_finite() {
            return 1.0;
        }
        self.0.get(self.nearest(scale)).copied().unwrap_or(1.0)
    }
}

/// The step after `scale` in ascending `steps` ([`Steps::values`]): the next larger one, or
/// the next smaller one; `None` at the end.
pub fn next(steps: &[f64], scale: f64, larger: bool) -> Option<f64> {
    if larger {
        steps.iter().copied().find(|s| *s > scale + 1e-9)
    } else {
        steps.iter().rev().copied().find(|s| *s < scale - 1e-9)
    }
}

/// Percentage shown to people: `1.15` → `115`.
pub fn percent(scale: f64) -> u64 {
    if scale.is_finite() && scale > 0.0 {
        (scale * 100.0 + 0.5) as u64
    } else {
        100
    }
}

/// Where the rewritten rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// A rule that can match the root element: its relative units (`%`, `em`, `rem`) are
    /// relative to the browser default, so they must scale too.
    Root,
    /// Any other rule while the whole page scales: `rem` follows the scaled root.
    Page,
    /// Scaling only a region (`data-target`): the root is not scaled, so `rem` must be.
    Region,
}

/// The absolute-size `font-size` keywords (CSS Fonts 4 §2.5). They follow the visitor's default
/// font size, not the page's root, so the DOM layer measures what each computes to.
pub const FONT_SIZE_KEYWORDS: [&str; 8] = [
    "xx-small",
    "x-small",
    "small",
    "medium",
    "large",
    "x-large",
    "xx-large",
    "xxx-large",
];

/// Rules that scale `<font size="…">`, whose size is a presentational hint in no stylesheet
/// (pages pasted from old editors are full of them, #17). HTML maps size 1–7 to the keywords
/// `x-small` … `xxx-large`, and `+n` / `-n` to 3 ± n, clamped. `scaled` turns a keyword into
/// the scaled value; `scope` is the `data-target` selector, if any. `:where()` keeps the
/// specificity at zero, as a presentational hint's is, so the page's own rules still win.
pub fn legacy_font_rules(scope: Option<&str>, scaled: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    for (sign, range) in [("", 1..=7), ("+", 1..=4), ("-", 1..=2)] {
        for n in range {
            let size: usize = match sign {
                "+" => (3 + n).min(7),
                "-" => 3 - n,
                _ => n,
            };
            let Some(value) = FONT_SIZE_KEYWORDS.get(size).and_then(|k| scaled(k)) else {
                continue;
            };
            out.push_str(":where(");
            if let Some(scope) = scope {
                out.push_str(scope);
                out.push(' ');
            }
            out.push_str("font[size=\"");
            out.push_str(sign);
            out.push(char::from(b'0' + n as u8));
            out.push_str("\"]){font-size:");
            out.push_str(&value);
            out.push('}');
        }
    }
    out
}

/// Whether `needle` occurs in `hay`. A byte-window scan: `str::contains` with a `&str` pattern
/// brings in the Two-Way searcher (~0.75 KB of Wasm) for a few short values.
fn has(hay: &str, needle: &str) -> bool {
    hay.as_bytes()
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// Rewrites one declaration value so that its absolute lengths scale with `--civic-ts`.
/// Returns `None` when nothing in it needs scaling (then no override rule is written).
///
/// `keyword_px` gives the computed px of a `font-size` keyword as measured in the browser;
/// it is only consulted for `font-size` (`is_font_size`).
pub fn scale_value(
    value: &str,
    ctx: Context,
    is_font_size: bool,
    keyword_px: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    let v = value.trim_ascii();
    if v.is_empty() || has(v, "--civic-ts") || has(v, "var(") {
        // Already ours, or a custom property we cannot see through: leave as the author wrote it.
        return None;
    }
    if is_font_size {
        let lower = v.to_ascii_lowercase();
        if FONT_SIZE_KEYWORDS.contains(&lower.as_str()) {
            let px = keyword_px(&lower)?;
            return Some(wrap(&px));
        }
    }
    let mut out = String::with_capacity(v.len() + 32);
    let mut changed = false;
    let bytes = v.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let starts_number =
            b.is_ascii_digit() || (b == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit));
        // A number token starts here unless it continues an identifier (`h1`, `a-2`) or a number.
        let at = |k: usize| if k < i { bytes[k] } else { b' ' };
        let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'.';
        let prev = if i > 0 { at(i - 1) } else { b' ' };
        let (in_word, start) = if prev == b'-' || prev == b'+' {
            let pp = if i > 1 { at(i - 2) } else { b' ' };
            if ident(pp) || pp == b'-' {
                (true, i)
            } else {
                (false, i - 1)
            }
        } else {
            (ident(prev), i)
        };
        if starts_number && !in_word {
            let mut j = i;
            while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b'.') {
                j += 1;
            }
            let unit_end = j + bytes[j..]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic() || **c == b'%')
                .count();
            let unit = v[j..unit_end].to_ascii_lowercase();
            if unit_scales(&unit, ctx, is_font_size) {
                // Drop the sign already copied; it belongs to the token.
                if start < i {
                    out.pop();
                }
                out.push_str(&wrap(&v[start..unit_end]));
                changed = true;
            } else {
                out.push_str(&v[i..unit_end]);
            }
            i = unit_end;
        } else {
            let ch_len = v[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&v[i..i + ch_len]);
            i += ch_len;
        }
    }
    changed.then_some(out)
}

fn wrap(token: &str) -> String {
    let mut s = String::with_capacity(token.len() + 24);
    s.push_str("calc(");
    s.push_str(token);
    s.push('*');
    s.push_str(VAR);
    s.push(')');
    s
}

fn unit_scales(unit: &str, ctx: Context, is_font_size: bool) -> bool {
    const ABSOLUTE: [&str; 13] = [
        "px", "pt", "pc", "in", "cm", "mm", "q", "vw", "vh", "vmin", "vmax", "vi", "vb",
    ];
    if ABSOLUTE.contains(&unit) {
        return true;
    }
    match ctx {
        // At the root, %/em/rem/ex/ch of font-size are relative to the browser default.
        Context::Root => is_font_size && matches!(unit, "%" | "em" | "rem" | "ex" | "ch"),
        Context::Page => false,
        Context::Region => unit == "rem",
    }
}

/// What the `font-size` keywords compute to in this browser, as the DOM layer measured them:
/// the px values in [`FONT_SIZE_KEYWORDS`] order, space-separated (`"9px 10px 13px …"`); an
/// entry it could not measure is any word not ending in `px`.
pub fn keyword_in(measured: &str) -> impl Fn(&str) -> Option<String> + '_ {
    move |k| {
        let i = FONT_SIZE_KEYWORDS.iter().position(|w| *w == k)?;
        super::text::split(measured, b" ")
            .nth(i)
            .filter(|px| px.ends_with("px"))
            .map(String::from)
    }
}

/// The override sheet for the page's own rules (see the module comment).
///
/// `rules` is the page's rules that set a size, as `js/sheets.js` serializes them: one line per
/// style rule, `selector ("\x01" property "\x02" value "\x02" priority)+`; a line `@media …`
/// or `@supports …` opens a group and a line `}` closes it. `target` is the `data-target`
/// selector (the whole page when `None`); `is_root` says whether one selector of a list matches
/// the root of the scaled area; `keywords` is as in [`keyword_in`].
pub fn override_sheet(
    rules: &str,
    target: Option<&str>,
    keywords: &str,
    is_root: &dyn Fn(&str) -> bool,
) -> String {
    let keyword = keyword_in(keywords);
    let mut css = String::with_capacity(4096);
    // Text that no rule sizes inherits from the root (or the target): scale that too.
    match target {
        None => css.push_str(":where(html){font-size:calc(100%*var(--civic-ts,1))}"),
        Some(t) => {
            css.push_str(":where(");
            css.push_str(t);
            css.push_str("){font-size:calc(1em*var(--civic-ts,1))}");
        }
    }
    css.push_str(&legacy_font_rules(target, &|k| {
        scale_value(k, Context::Page, true, &keyword)
    }));
    // Groups (`@media`, `@supports`) nest: one buffer per open group, written into its parent
    // only if something inside it scaled.
    let mut groups: Vec<(&str, String)> = Vec::new();
    for line in super::text::split(rules, b"\n").filter(|l| !l.is_empty()) {
        if line == "}" {
            if let Some((prelude, inner)) = groups.pop() {
                if !inner.is_empty() {
                    let out = groups.last_mut().map_or(&mut css, |g| &mut g.1);
                    out.push_str(prelude);
                    out.push('{');
                    out.push_str(&inner);
                    out.push('}');
                }
            }
        } else if super::text::starts(line, b'@') {
            groups.push((line, String::new()));
        } else {
            let out = groups.last_mut().map_or(&mut css, |g| &mut g.1);
            style_rule(line, target, &keyword, is_root, out);
        }
    }
    css
}

/// One style rule of [`override_sheet`]: each selector of its list with the declarations that
/// scale, if any.
fn style_rule(
    line: &str,
    target: Option<&str>,
    keyword: &dyn Fn(&str) -> Option<String>,
    is_root: &dyn Fn(&str) -> bool,
    out: &mut String,
) {
    let mut fields = super::text::split(line, b"\x01");
    let selector = fields.next().unwrap_or_default();
    let decls: Vec<(&str, &str, &str)> = fields
        .filter_map(|d| {
            let mut f = super::text::split(d, b"\x02");
            Some((f.next()?, f.next()?, f.next().unwrap_or_default()))
        })
        .collect();
    // A rule list like `html, body {font-size: 62.5%}` must treat each selector on its own: the
    // root's % is relative to the browser default, body's to the (scaled) root.
    for part in split_top_level(selector) {
        let part = part.trim_ascii();
        let ctx = context(is_root(part), target.is_some());
        let mut text = String::new();
        for (prop, value, priority) in &decls {
            if let Some(new) = scale_value(value, ctx, *prop == "font-size", keyword) {
                text.push_str(prop);
                text.push(':');
                text.push_str(&new);
                if *priority == "important" {
                    text.push_str("!important");
                }
                text.push(';');
            }
        }
        if text.is_empty() {
            continue;
        }
        match target {
            Some(t) => out.push_str(&scope_selector(part, t)),
            None => out.push_str(part),
        }
        out.push('{');
        out.push_str(&text);
        out.push('}');
    }
}

/// Which units count as absolute for a rule or element that does (not) match the root of the
/// scaled area, when scaling a `region` (`data-target`) or the whole page.
pub fn context(is_root: bool, region: bool) -> Context {
    match (is_root, region) {
        (true, _) => Context::Root,
        (false, true) => Context::Region,
        (false, false) => Context::Page,
    }
}

/// Suffixes every selector of a selector list with `:where(T,T *)` so that an override applies
/// only inside the target region `T`, without changing specificity. Pseudo-elements stay last.
pub fn scope_selector(list: &str, target: &str) -> String {
    let mut out = String::new();
    for (n, part) in split_top_level(list).into_iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        let part = part.trim_ascii();
        let (base, pseudo) = match part.as_bytes().windows(2).position(|w| w == b"::") {
            Some(p) => (&part[..p], &part[p..]),
            None => (part, ""),
        };
        out.push_str(base);
        out.push_str(":where(");
        out.push_str(target);
        out.push(',');
        out.push_str(target);
        out.push_str(" *)");
        out.push_str(pseudo);
    }
    out
}

/// Splits a selector list on commas that are not inside parentheses, brackets or quotes.
pub fn split_top_level(list: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut start = 0;
    for (i, c) in list.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(' | '[') => depth += 1,
            (None, ')' | ']') => depth -= 1,
            (None, ',') if depth == 0 => {
                parts.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&list[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_size_config_from_attributes() {
        let get = |name: &str| match name {
            "data-steps" => Some(String::from("1,abc")),
            "data-target" => Some(String::from(" #article ")),
            _ => None,
        };
        let mut a = Attrs::new(&get);
        let c = TextSizeConfig::parse(&mut a);
        assert_eq!(c.steps, Steps::default());
        assert_eq!(c.target.as_deref(), Some("#article"));
        assert_eq!(a.warnings.len(), 1);
        assert_eq!(a.warnings[0].attr, "data-steps");
    }

    #[test]
    fn legacy_font_sizes_follow_the_html_table() {
        let css = legacy_font_rules(None, &|k| Some(String::from("S(") + k + ")"));
        for want in [
            r#":where(font[size="1"]){font-size:S(x-small)}"#,
            r#":where(font[size="2"]){font-size:S(small)}"#,
            r#":where(font[size="3"]){font-size:S(medium)}"#,
            r#":where(font[size="7"]){font-size:S(xxx-large)}"#,
            r#":where(font[size="+1"]){font-size:S(large)}"#,
            r#":where(font[size="+4"]){font-size:S(xxx-large)}"#,
            r#":where(font[size="-2"]){font-size:S(x-small)}"#,
        ] {
            assert!(css.contains(want), "{want} in {css}");
        }
        let scoped = legacy_font_rules(Some("#article"), &|_| Some(String::from("x")));
        assert!(scoped.starts_with(r#":where(#article font[size="1"])"#));
        assert_eq!(legacy_font_rules(None, &|_| None), "");
    }

    fn kw(k: &str) -> Option<String> {
        match k {
            "small" => Some("13px".into()),
            "medium" => Some("16px".into()),
            _ => None,
        }
    }

    fn scale(v: &str, ctx: Context, fs: bool) -> Option<String> {
        scale_value(v, ctx, fs, &kw)
    }

    #[test]
    fn parses_steps() {
        assert_eq!(Steps::parse("1.5, 1.2").unwrap().values(), [1.0, 1.2, 1.5]);
        assert_eq!(Steps::parse("1,1,2").unwrap().values(), [1.0, 2.0]);
        assert_eq!(Steps::parse("0.8;1.25").unwrap().values(), [0.8, 1.0, 1.25]);
        assert_eq!(Steps::parse(""), Err(ConfigError::Empty));
        assert_eq!(Steps::parse("big"), Err(ConfigError::NotANumber));
        assert_eq!(Steps::parse("1,NaN"), Err(ConfigError::NotANumber));
        assert_eq!(Steps::parse("-1"), Err(ConfigError::NotANumber));
        assert_eq!(Steps::parse("0.1"), Err(ConfigError::OutOfRange));
        assert_eq!(Steps::parse("9"), Err(ConfigError::OutOfRange));
        assert_eq!(Steps::parse(&"1,".repeat(20)), Err(ConfigError::TooLong));
        assert_eq!(Steps::default().values(), DEFAULT_STEPS);
    }

    #[test]
    fn steps_move_and_stop_at_the_ends() {
        let s = Steps::default();
        assert_eq!(s.larger(1.0), Some(1.15));
        assert_eq!(s.smaller(1.0), Some(0.9));
        assert_eq!(s.smaller(0.9), None);
        assert_eq!(s.larger(2.0), None);
        assert_eq!(s.snap(1.2), 1.15);
        assert_eq!(s.snap(f64::NAN), 1.0);
        assert_eq!(s.snap(99.0), 2.0);
        assert_eq!(percent(1.15), 115);
        assert_eq!(percent(1.3), 130);
    }

    #[test]
    fn scales_absolute_units_only() {
        let c = Context::Page;
        let table: &[(&str, bool, Option<&str>)] = &[
            ("13px", true, Some("calc(13px*var(--civic-ts,1))")),
            ("10pt", true, Some("calc(10pt*var(--civic-ts,1))")),
            ("1.2em", true, None),
            ("120%", true, None),
            ("1rem", true, None),
            ("smaller", true, None),
            ("inherit", true, None),
            ("small", true, Some("calc(13px*var(--civic-ts,1))")),
            ("SMALL", true, Some("calc(13px*var(--civic-ts,1))")),
            ("1.5", false, None),
            ("normal", false, None),
            ("18px", false, Some("calc(18px*var(--civic-ts,1))")),
            ("-0.5px", false, Some("calc(-0.5px*var(--civic-ts,1))")),
            (
                "calc(1em + 2px)",
                true,
                Some("calc(1em + calc(2px*var(--civic-ts,1)))"),
            ),
            ("var(--fs)", true, None),
            ("calc(13px*var(--civic-ts,1))", true, None),
            ("2vw", true, Some("calc(2vw*var(--civic-ts,1))")),
            ("h1px", true, None),
        ];
        for (input, fs, want) in table {
            assert_eq!(scale(input, c, *fs).as_deref(), *want, "input {input:?}");
        }
    }

    #[test]
    fn root_and_region_contexts() {
        assert_eq!(
            scale("62.5%", Context::Root, true).as_deref(),
            Some("calc(62.5%*var(--civic-ts,1))")
        );
        assert_eq!(
            scale("1.5em", Context::Root, false),
            None,
            "line-height at root follows font-size"
        );
        assert_eq!(
            scale("1.2rem", Context::Region, true).as_deref(),
            Some("calc(1.2rem*var(--civic-ts,1))")
        );
        assert_eq!(scale("1.2em", Context::Region, true), None);
    }

    #[test]
    fn scopes_selectors() {
        assert_eq!(
            scope_selector("p, .a > b", "#main"),
            "p:where(#main,#main *),.a > b:where(#main,#main *)"
        );
        assert_eq!(
            scope_selector("a:is(.x,.y)", "#m"),
            "a:is(.x,.y):where(#m,#m *)"
        );
        assert_eq!(
            scope_selector("p::first-line", "#m"),
            "p:where(#m,#m *)::first-line"
        );
        assert_eq!(
            scope_selector("[title='a,b']", "#m"),
            "[title='a,b']:where(#m,#m *)"
        );
    }

    #[test]
    fn keywords_come_from_the_measured_list() {
        let k = keyword_in("9px 10px 13px 16px ? 24px");
        assert_eq!(k("small").as_deref(), Some("13px"));
        assert_eq!(k("large"), None, "not measured");
        assert_eq!(k("xxx-large"), None, "past the end");
        assert_eq!(k("smaller"), None, "not a keyword");
    }

    #[test]
    fn override_sheet_keeps_groups_priorities_and_each_selector_apart() {
        let rules = "html, body\x01font-size\x0262.5%\x02\n\
            @media (min-width: 40em)\n\
            @supports (display: grid)\n\
            p\x01font-size\x0213px\x02important\x01line-height\x021.5\x02\n\
            }\n\
            em\x01font-size\x021.2em\x02\n\
            }\n\
            @media print\n\
            h1\x01font-size\x02120%\x02\n\
            }\n";
        let css = override_sheet(rules, None, "", &|s| s == "html");
        let page = ":where(html){font-size:calc(100%*var(--civic-ts,1))}";
        assert!(css.starts_with(page), "{css}");
        assert!(
            css.contains("html{font-size:calc(62.5%*var(--civic-ts,1));}"),
            "the root's % scales: {css}"
        );
        assert!(!css.contains("body{"), "body's % follows the root: {css}");
        assert!(
            css.ends_with(
                "@media (min-width: 40em){@supports (display: grid){p{font-size:calc(13px*var(--civic-ts,1))!important;}}}"
            ),
            "nested groups, priority kept, unitless line-height left: {css}"
        );
        assert!(
            !css.contains("print"),
            "a group with nothing to scale is dropped: {css}"
        );
        assert!(
            !css.contains("font[size"),
            "no keyword measured, no <font> rule: {css}"
        );

        let region = override_sheet(
            "p, #main\x01font-size\x021rem\x02\n",
            Some("#main"),
            "9px 10px 13px 16px 18px 24px 32px 48px",
            &|s| s == "#main",
        );
        assert!(
            region.starts_with(":where(#main){font-size:calc(1em*var(--civic-ts,1))}"),
            "{region}"
        );
        assert!(
            region.contains(
                r#":where(#main font[size="2"]){font-size:calc(13px*var(--civic-ts,1))}"#
            ),
            "{region}"
        );
        assert!(
            region.ends_with("p:where(#main,#main *){font-size:calc(1rem*var(--civic-ts,1));}#main:where(#main,#main *){font-size:calc(1rem*var(--civic-ts,1));}"),
            "rem scales in a region, scoped to it: {region}"
        );
    }
}
