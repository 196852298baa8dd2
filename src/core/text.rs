//! Byte-wise searching for ASCII separators. `str`'s char patterns (`split(';')`, `find('"')`,
//! `split_once(':')`, `lines()`) each bring a generic searcher and `memchr` into the Wasm: about
//! 1 KB of gzip on every page view (#12), for separators that are always ASCII. An ASCII byte
//! never occurs inside a multi-byte UTF-8 sequence, so every offset found here is a char
//! boundary; the slicing still goes through `get`, which cannot panic.

/// The byte offset of the first `sep` in `s`.
pub fn find(s: &str, sep: u8) -> Option<usize> {
    s.bytes().position(|b| b == sep)
}

/// `s` before and after its first `sep`.
pub fn split_once(s: &str, sep: u8) -> Option<(&str, &str)> {
    let at = find(s, sep)?;
    Some((s.get(..at)?, s.get(at + 1..)?))
}

/// `s` before and after its last `sep`.
pub fn rsplit_once(s: &str, sep: u8) -> Option<(&str, &str)> {
    let at = s.bytes().rposition(|b| b == sep)?;
    Some((s.get(..at)?, s.get(at + 1..)?))
}

/// Whether `s` starts with the byte `b`.
pub fn starts(s: &str, b: u8) -> bool {
    s.as_bytes().first() == Some(&b)
}

/// The pieces of `s` between any of the bytes `seps`, empty ones included (as `str::split`).
pub fn split<'a>(s: &'a str, seps: &'static [u8]) -> Split<'a> {
    Split {
        rest: Some(s),
        seps,
    }
}

/// See [`split`].
pub struct Split<'a> {
    rest: Option<&'a str>,
    seps: &'static [u8],
}

impl<'a> Iterator for Split<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        let s = self.rest?;
        // Not `seps.contains(&b)`: for bytes it calls memchr, 0.3 KB of Wasm.
        #[allow(clippy::manual_contains)]
        let found = s
            .bytes()
            .position(|b| self.seps.iter().any(|&sep| sep == b));
        match found {
            Some(at) => {
                self.rest = s.get(at + 1..);
                s.get(..at)
            }
            None => {
                self.rest = None;
                Some(s)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_str_on_ascii_separators() {
        for s in [
            "",
            ";",
            "a",
            "a;b",
            ";a;;b;",
            "Tổng;số điểm",
            "ß;€;👨\u{200D}👩;",
            "a, b;c d",
        ] {
            let ours: Vec<&str> = split(s, b";").collect();
            let std: Vec<&str> = s.split(';').collect();
            assert_eq!(ours, std, "{s:?}");
            let ours: Vec<&str> = split(s, b", ;").collect();
            let std: Vec<&str> = s.split([',', ' ', ';']).collect();
            assert_eq!(ours, std, "{s:?}");
            assert_eq!(split_once(s, b';'), s.split_once(';'), "{s:?}");
            assert_eq!(rsplit_once(s, b';'), s.rsplit_once(';'), "{s:?}");
            assert_eq!(find(s, b';'), s.find(';'), "{s:?}");
            assert_eq!(starts(s, b';'), s.starts_with(';'), "{s:?}");
        }
    }
}
