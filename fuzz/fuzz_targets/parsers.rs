//! Every `core/` parser on arbitrary UTF-8: any panic is a crash the fuzzer reports.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        civic_a11y::core::fuzz::exercise(s);
    }
});
