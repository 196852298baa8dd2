//! Tiny number parsing and printing.
//!
//! `str::parse::<f64>` and `format!` pull float-formatting machinery into the Wasm binary
//! (several KB a citizen on 3G downloads). Widgets only need short decimals, so these do it by hand.

/// Parses a plain decimal such as `1`, `1.15`, `.5` or `0.875` (at most 6 fraction digits).
/// Signs, exponents, `NaN` and `inf` are refused: no attribute of ours needs them.
pub fn parse_decimal(s: &str) -> Option<f64> {
    let s = s.trim_ascii();
    if s.is_empty() || s.len() > 16 {
        return None;
    }
    let (int, frac) = match super::text::split_once(s, b'.') {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    if (int.is_empty() && frac.is_empty()) || frac.len() > 6 {
        return None;
    }
    if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut v = 0u64;
    for b in int.bytes() {
        v = v.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    let mut f = 0u64;
    let mut div = 1u64;
    for b in frac.bytes() {
        f = f * 10 + u64::from(b - b'0');
        div *= 10;
    }
    Some(v as f64 + f as f64 / div as f64)
}

/// Parses a non-negative whole number that fits in `u32`.
pub fn parse_u32(s: &str) -> Option<u32> {
    let s = s.trim_ascii();
    if s.is_empty() || s.len() > 10 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut v = 0u64;
    for b in s.bytes() {
        v = v * 10 + u64::from(b - b'0');
    }
    u32::try_from(v).ok()
}

/// Appends the decimal digits of `n` to `out`.
pub fn push_u64(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        out.push(char::from(b));
    }
}

/// `n` as a string.
pub fn u64_str(n: u64) -> String {
    let mut s = String::new();
    push_u64(&mut s, n);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_decimals() {
        let cases: &[(&str, Option<f64>)] = &[
            ("1", Some(1.0)),
            ("1.15", Some(1.15)),
            (" 0.9 ", Some(0.9)),
            (".5", Some(0.5)),
            ("2.", Some(2.0)),
            ("", None),
            (".", None),
            ("-1", None),
            ("1e3", None),
            ("NaN", None),
            ("inf", None),
            ("1.2.3", None),
            ("1,5", None),
            ("0.1234567", None),
            ("99999999999999999", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_decimal(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn parses_u32() {
        assert_eq!(parse_u32("17"), Some(17));
        assert_eq!(parse_u32(" 0 "), Some(0));
        assert_eq!(parse_u32("4294967295"), Some(u32::MAX));
        assert_eq!(parse_u32("4294967296"), None);
        assert_eq!(parse_u32("-3"), None);
        assert_eq!(parse_u32("3.5"), None);
        assert_eq!(parse_u32(""), None);
    }

    #[test]
    fn prints_integers() {
        assert_eq!(u64_str(0), "0");
        assert_eq!(u64_str(61_296_415), "61296415");
    }
}
