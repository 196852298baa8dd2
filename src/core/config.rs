//! Parsing of the `data-*` attributes a page author writes.
//!
//! Every parser returns `Result<_, ConfigError>`; the DOM layer turns an error into one
//! `console.warn` that names the element and the attribute, and falls back to the default.
//!
//! Whitespace is ASCII whitespace throughout `core/` (`trim_ascii`), as HTML attributes, CSS
//! and the URL parser define it: `str::trim`'s Unicode table cost bytes on every page view (#12).

/// Longest attribute value we read. Anything longer is refused as a whole: a 1 MB `data-steps`
/// is a mistake, and scanning it would cost the visitor time for nothing.
pub const MAX_ATTR_LEN: usize = 2048;

/// Why an attribute value was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigError {
    /// The value is empty or only separators.
    Empty,
    /// Longer than [`MAX_ATTR_LEN`].
    TooLong,
    /// Not a number where one was needed.
    NotANumber,
    /// A number outside the allowed range.
    OutOfRange,
    /// A name we do not know.
    Unknown,
    /// A URL that is not `http:`/`https:` (e.g. `javascript:`), or not a URL at all.
    UnsafeUrl,
    /// An identifier with characters outside `[A-Za-z0-9_.:-]` or too long.
    BadId,
}

impl ConfigError {
    /// The human sentence used in console warnings.
    pub fn message(self) -> &'static str {
        match self {
            ConfigError::Empty => "is empty",
            ConfigError::TooLong => "is too long",
            ConfigError::NotANumber => "is not a number",
            ConfigError::OutOfRange => "is out of range",
            ConfigError::Unknown => "has an unknown value",
            ConfigError::UnsafeUrl => "is not an http(s) URL and was refused",
            ConfigError::BadId => "may only contain letters, digits and _ . : - (at most 128)",
        }
    }
}

/// Splits a list attribute on commas, semicolons and white space; items are trimmed and
/// lower-cased; empty items are dropped.
pub fn list(value: &str) -> Result<Vec<String>, ConfigError> {
    if value.len() > MAX_ATTR_LEN {
        return Err(ConfigError::TooLong);
    }
    // Commas, semicolons and HTML's ASCII whitespace.
    let items: Vec<String> = super::text::split(value, b",; \t\n\x0c\r")
        .filter(|s| !s.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if items.is_empty() {
        Err(ConfigError::Empty)
    } else {
        Ok(items)
    }
}

/// The widgets, by the name used in `<civic-NAME>` and `data-civic="NAME"`: the one list the
/// selector, the builder table (`widgets::TABLE`), the TypeScript types (`js/index.d.ts`) and
/// the docs follow; tests check that each agrees with it.
pub const WIDGETS: [&str; 9] = [
    "text-size",
    "contrast",
    "share",
    "rating",
    "toolbar",
    "stats",
    "text-spacing",
    "motion",
    "read-aloud",
];

/// Every host we upgrade: `civic-NAME` for each of [`WIDGETS`], and any `[data-civic]`.
/// (A constant rather than built at start-up; `selector_follows_the_table` keeps it in step.)
pub const SELECTOR: &str =
    "civic-text-size,civic-contrast,civic-share,civic-rating,civic-toolbar,civic-stats,civic-text-spacing,civic-motion,civic-read-aloud,[data-civic]";

/// The widget a `data-civic` value or tag name (`civic-text-size`, any case) names.
pub fn widget_name(name: &str) -> Option<&'static str> {
    let lower = name.trim_ascii().to_ascii_lowercase();
    let bare = lower.strip_prefix("civic-").unwrap_or(&lower);
    WIDGETS.into_iter().find(|k| *k == bare)
}

/// One problem with a host's attributes. The DOM layer logs it once, naming the element:
/// `<div data-civic="share">: data-url is not an http(s) URL and was refused`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The attribute, e.g. `data-steps`.
    pub attr: &'static str,
    /// The rest of the sentence after the attribute's name.
    pub message: String,
    /// A notice rather than a mistake (logged with `console.info`).
    pub info: bool,
}

/// The `data-*` attributes of one widget host, read through `get`, and the problems found in
/// them. Each widget's config parses from this, natively tested and fuzzed; the DOM layer only
/// supplies `get` and logs [`Attrs::warnings`].
pub struct Attrs<'a> {
    get: &'a dyn Fn(&str) -> Option<String>,
    /// What was wrong, in the order found.
    pub warnings: Vec<Warning>,
}

impl<'a> Attrs<'a> {
    /// Attributes read through `get` (`None` when absent).
    pub fn new(get: &'a dyn Fn(&str) -> Option<String>) -> Self {
        Attrs {
            get,
            warnings: Vec::new(),
        }
    }

    /// An attribute's value, `None` when absent.
    pub fn get(&self, name: &str) -> Option<String> {
        (self.get)(name)
    }

    /// Parses an optional attribute; a bad value is a warning and `default` is used.
    pub fn parse_or<T>(
        &mut self,
        name: &'static str,
        default: T,
        parse: impl Fn(&str) -> Result<T, ConfigError>,
    ) -> T {
        match self.get(name) {
            None => default,
            Some(v) => parse(&v).unwrap_or_else(|err| {
                self.warn(name, err, "; using the default");
                default
            }),
        }
    }

    /// Records `<attr> <err.message()><then>`.
    pub fn warn(&mut self, attr: &'static str, err: ConfigError, then: &str) {
        let mut message = String::from(" ");
        message.push_str(err.message());
        message.push_str(then);
        self.warnings.push(Warning {
            attr,
            message,
            info: false,
        });
    }

    /// Records a sentence of its own after the attribute (`data-networks: …`).
    pub fn say(&mut self, attr: &'static str, message: String, info: bool) {
        self.warnings.push(Warning {
            attr,
            message,
            info,
        });
    }
}

/// Validates an item id or similar token used in URLs: `[A-Za-z0-9_.:-]{1,128}`.
pub fn id(value: &str) -> Result<&str, ConfigError> {
    let v = value.trim_ascii();
    if v.is_empty() {
        return Err(ConfigError::Empty);
    }
    if v.len() > 128
        || !v
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-'))
    {
        return Err(ConfigError::BadId);
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lists() {
        assert_eq!(
            list("facebook, X ;zalo  email").unwrap(),
            ["facebook", "x", "zalo", "email"]
        );
        assert_eq!(list(" , ;"), Err(ConfigError::Empty));
        assert_eq!(list(""), Err(ConfigError::Empty));
        assert_eq!(list(&"a,".repeat(2000)), Err(ConfigError::TooLong));
    }

    #[test]
    fn widget_names_round_trip() {
        for k in WIDGETS {
            assert_eq!(widget_name(k), Some(k));
            let tag = String::from(" CIVIC-") + &k.to_ascii_uppercase();
            assert_eq!(widget_name(&tag), Some(k));
        }
        assert_eq!(widget_name("civic-unknown"), None);
        assert_eq!(widget_name(""), None);
    }

    #[test]
    fn selector_follows_the_table() {
        let mut expected: Vec<String> =
            WIDGETS.iter().map(|w| String::from("civic-") + w).collect();
        expected.push(String::from("[data-civic]"));
        assert_eq!(SELECTOR, expected.join(","));
    }

    /// The TypeScript types (DOM and JSX), the Cargo features (the custom elements the build
    /// registers) and the README name the same widgets as the table.
    #[test]
    fn types_and_docs_follow_the_table() {
        let root = env!("CARGO_MANIFEST_DIR");
        let read = |f: &str| std::fs::read_to_string(String::from(root) + f).unwrap();
        let (types, jsx, readme) = (
            read("/js/index.d.ts"),
            read("/js/jsx.d.ts"),
            read("/README.md"),
        );
        // The build registers the default features as custom elements (scripts/build.mjs),
        // all but the last: wasm-bindgen's boundary, for the browser tests.
        let quoted: Vec<String> = WIDGETS
            .iter()
            .map(|w| String::from("\"") + w + "\"")
            .collect();
        let default = String::from("\ndefault = [") + &quoted.join(", ") + ", \"bindgen\"]\n";
        assert!(
            read("/Cargo.toml").contains(&default),
            "Cargo.toml should say {default}"
        );
        // The Custom Elements Manifest shipped in the package: one declaration per widget.
        let manifest = read("/js/custom-elements.json");
        assert_eq!(
            manifest.matches("\"tagName\"").count(),
            WIDGETS.len(),
            "js/custom-elements.json declares other widgets"
        );
        for w in WIDGETS {
            let tag = String::from("\"tagName\": \"civic-") + w + "\"";
            assert!(
                manifest.contains(&tag),
                "js/custom-elements.json lacks {tag}"
            );
        }
        for w in WIDGETS {
            let tag = String::from("'civic-") + w + "'";
            assert!(types.contains(&tag), "js/index.d.ts lacks {tag}");
            assert!(jsx.contains(&tag), "js/jsx.d.ts lacks {tag}");
            let el = String::from("<civic-") + w;
            assert!(readme.contains(&el), "README.md never shows {el}");
        }
    }

    #[test]
    fn attrs_use_defaults_and_say_why() {
        let get = |name: &str| match name {
            "data-good" => Some(String::from("7")),
            "data-bad" => Some(String::from("x")),
            _ => None,
        };
        let mut a = Attrs::new(&get);
        let num = |v: &str| v.parse::<u32>().map_err(|_| ConfigError::NotANumber);
        assert_eq!(a.parse_or("data-good", 1, num), 7);
        assert_eq!(a.parse_or("data-bad", 1, num), 1);
        assert_eq!(a.parse_or("data-absent", 1, num), 1);
        assert_eq!(
            a.warnings,
            [Warning {
                attr: "data-bad",
                message: String::from(" is not a number; using the default"),
                info: false
            }]
        );
    }

    #[test]
    fn validates_ids() {
        assert_eq!(id(" news-1234 "), Ok("news-1234"));
        assert_eq!(id("a.b:c_d"), Ok("a.b:c_d"));
        assert_eq!(id(""), Err(ConfigError::Empty));
        assert_eq!(id("../etc/passwd"), Err(ConfigError::BadId));
        assert_eq!(id("a b"), Err(ConfigError::BadId));
        assert_eq!(id(&"x".repeat(129)), Err(ConfigError::BadId));
    }
}
