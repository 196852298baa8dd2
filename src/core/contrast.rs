//! Contrast levels and the WCAG 2.2 contrast arithmetic.
//!
//! Relative luminance and contrast ratio follow WCAG 2.2 §"Relative luminance"
//! (<https://www.w3.org/TR/WCAG22/#dfn-relative-luminance>). The palettes live in `js/page.css`,
//! the one stylesheet the browser uses; the tests below read that file and check every pair.

use super::config::{list, Attrs, ConfigError};

/// A contrast level, as written in `data-levels` and `setContrast()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Lower glare (warm background), text still ≥ 4.5:1.
    Soft,
    /// The site as designed.
    Normal,
    /// Dark text on light, all text ≥ 7:1.
    High,
    /// Light text on black, all text ≥ 7:1.
    Dark,
}

impl Level {
    /// Every built-in level.
    pub const ALL: [Level; 4] = [Level::Soft, Level::Normal, Level::High, Level::Dark];

    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Soft => "soft",
            Level::Normal => "normal",
            Level::High => "high",
            Level::Dark => "dark",
        }
    }

    /// Parses a level name (case-insensitive).
    pub fn parse(s: &str) -> Option<Level> {
        let s = s.trim_ascii();
        Level::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(s))
    }

    /// The smallest text contrast this level guarantees (1.0 for `normal`: the site's own).
    pub fn min_text_ratio(self) -> f64 {
        match self {
            Level::Soft => 4.5,
            Level::Normal => 1.0,
            Level::High | Level::Dark => 7.0,
        }
    }
}

/// The ordered levels a contrast widget steps through. Default `normal,high,dark`.
#[derive(Debug, Clone, PartialEq)]
pub struct Levels(Vec<Level>);

impl Default for Levels {
    fn default() -> Self {
        Levels(vec![Level::Normal, Level::High, Level::Dark])
    }
}

/// A contrast widget's attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct ContrastConfig {
    /// `data-levels`.
    pub levels: Levels,
}

impl ContrastConfig {
    /// Reads `data-levels`.
    pub fn parse(a: &mut Attrs) -> Self {
        ContrastConfig {
            levels: a.parse_or("data-levels", Levels::default(), Levels::parse),
        }
    }
}

impl Levels {
    /// Parses `data-levels`. Unknown names are an error (the caller warns and uses the default);
    /// `normal` is added at the front when missing, so "the site as designed" is always reachable.
    pub fn parse(value: &str) -> Result<Levels, ConfigError> {
        let mut out = Vec::new();
        for item in list(value)? {
            let level = Level::parse(&item).ok_or(ConfigError::Unknown)?;
            if !out.contains(&level) {
                out.push(level);
            }
        }
        if !out.contains(&Level::Normal) {
            out.insert(0, Level::Normal);
        }
        Ok(Levels(out))
    }

    /// The levels in order.
    pub fn values(&self) -> &[Level] {
        &self.0
    }

    /// "Tăng tương phản": the next level, or `None` at the end.
    pub fn more(&self, current: Level) -> Option<Level> {
        let i = self.0.iter().position(|l| *l == current)?;
        self.0.get(i + 1).copied()
    }

    /// "Giảm tương phản": the previous level, or `None` at the start. From a level not in the
    /// list (set through the API), both directions lead back to `normal`.
    pub fn less(&self, current: Level) -> Option<Level> {
        match self.0.iter().position(|l| *l == current) {
            Some(0) => None,
            Some(i) => self.0.get(i - 1).copied(),
            None => Some(Level::Normal),
        }
    }
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `#rgb` or `#rrggbb`.
    pub fn parse_hex(s: &str) -> Option<Rgb> {
        let h = s.trim_ascii().strip_prefix('#')?;
        let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
        let b = h.as_bytes();
        match b.len() {
            3 => Some(Rgb(digit(b[0])? * 17, digit(b[1])? * 17, digit(b[2])? * 17)),
            6 => Some(Rgb(
                digit(b[0])? * 16 + digit(b[1])?,
                digit(b[2])? * 16 + digit(b[3])?,
                digit(b[4])? * 16 + digit(b[5])?,
            )),
            _ => None,
        }
    }

    /// WCAG relative luminance, 0 (black) to 1 (white).
    pub fn luminance(self) -> f64 {
        fn channel(c: u8) -> f64 {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }
}

/// WCAG contrast ratio between two colours, 1 to 21.
pub fn ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wcag_reference_ratios() {
        let white = Rgb(255, 255, 255);
        let black = Rgb(0, 0, 0);
        assert!((ratio(white, black) - 21.0).abs() < 1e-9);
        assert!((ratio(white, white) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic "just passes AA" grey (4.54:1).
        let grey = Rgb::parse_hex("#767676").unwrap();
        assert!((ratio(grey, white) - 4.54).abs() < 0.01);
        // The seed portals' #999 on white fails AA (2.85:1).
        assert!(ratio(Rgb::parse_hex("#999").unwrap(), white) < 3.0);
        assert_eq!(Rgb::parse_hex("#fff"), Some(white));
        assert_eq!(Rgb::parse_hex("#12345"), None);
        assert_eq!(Rgb::parse_hex("red"), None);
    }

    #[test]
    fn levels_parse_and_step() {
        let d = Levels::default();
        assert_eq!(d.more(Level::Normal), Some(Level::High));
        assert_eq!(d.more(Level::Dark), None);
        assert_eq!(d.less(Level::Normal), None);
        assert_eq!(d.less(Level::Dark), Some(Level::High));
        assert_eq!(d.less(Level::Soft), Some(Level::Normal));
        let s = Levels::parse("soft, normal, high").unwrap();
        assert_eq!(s.values(), [Level::Soft, Level::Normal, Level::High]);
        assert_eq!(
            Levels::parse("high,dark").unwrap().values(),
            [Level::Normal, Level::High, Level::Dark]
        );
        assert_eq!(Levels::parse("high,purple"), Err(ConfigError::Unknown));
        assert_eq!(Levels::parse(""), Err(ConfigError::Empty));
        for l in Level::ALL {
            assert_eq!(Level::parse(l.as_str()), Some(l));
        }
    }

    /// Reads the `--civic-c-*` custom properties of `html[data-civic-contrast=NAME] { ... }` from the
    /// shipped stylesheet.
    fn palette(level: &str) -> Vec<(String, Rgb)> {
        let css = include_str!("../../js/page.css");
        let head = String::from("html[data-civic-contrast=") + level + "] {";
        let start = css.find(&head).expect("palette block") + head.len();
        let body = &css[start..start + css[start..].find('}').expect("block end")];
        body.split(';')
            .filter_map(|decl| {
                let (k, v) = decl.split_once(':')?;
                let k = k.trim_ascii().strip_prefix("--civic-c-")?;
                Some((k.to_string(), Rgb::parse_hex(v)?))
            })
            .collect()
    }

    /// Rules keyed on a level name a plain `[data-civic-contrast]` first: browsers skip a rule
    /// for an element by the attributes its ancestors carry (Chromium's Bloom filter), but not
    /// through `:is()`. Without it every element of a page pays for these rules at every
    /// restyle, with no level on (#12).
    #[test]
    fn level_rules_can_be_skipped_while_no_level_is_on() {
        let css = include_str!("../../js/page.css");
        let lists = css.matches("html:is([data-civic-contrast=").count();
        let keyed = css
            .matches("html[data-civic-contrast]:is([data-civic-contrast=")
            .count();
        assert_eq!(lists, 0, "a level rule without html[data-civic-contrast]");
        assert!(keyed >= 7, "{keyed} level rules");
    }

    #[test]
    fn shipped_palettes_meet_their_promises() {
        for level in [Level::Soft, Level::High, Level::Dark] {
            let p = palette(level.as_str());
            let get = |k: &str| p.iter().find(|(n, _)| n == k).map(|(_, c)| *c).expect(k);
            let bg = get("bg");
            let text = level.min_text_ratio();
            assert!(ratio(get("fg"), bg) >= text, "{level:?} text");
            assert!(ratio(get("link"), bg) >= text, "{level:?} links");
            // WCAG 1.4.11: UI component borders and focus indicators ≥ 3:1.
            assert!(ratio(get("border"), bg) >= 3.0, "{level:?} borders");
            assert!(ratio(get("focus"), bg) >= 3.0, "{level:?} focus");
        }
    }
}
