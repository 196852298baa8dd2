//! The names JavaScript calls the Wasm modules' functions by (`js/core.js` for the main module,
//! `js/late-core.js` for the late one) are the names the modules answer to (`src/lib.rs`). A
//! name on one side only answers `undefined` at run time, in a widget no unit test reaches.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

fn read(file: &str) -> String {
    std::fs::read_to_string(String::from(env!("CARGO_MANIFEST_DIR")) + "/" + file).unwrap()
}

/// Every `open name close` in `text`, where the name is a JavaScript identifier.
fn quoted(text: &str, open: &str, close: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some((_, after)) = rest.split_once(open) {
        let Some((name, tail)) = after.split_once(close) else {
            break;
        };
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()) {
            names.insert(name.to_string());
        }
        rest = tail;
    }
    names
}

/// The Rust side: the match arms of `answer` in the module that starts at `start`.
fn arms(lib: &str, start: &str) -> BTreeSet<String> {
    let module = &lib[lib.find(start).expect(start)..];
    let answer = &module[module.find("fn answer(").unwrap()..];
    let body = &answer[..answer.find("_ =>").unwrap()];
    body.lines()
        .filter_map(|line| line.trim().strip_prefix('"')?.split_once("\" =>"))
        .map(|(name, _)| name.to_string())
        .collect()
}

#[test]
fn the_main_module_answers_the_names_core_js_calls() {
    let js = read("js/core.js");
    let list = &js[js.find("for (const name of [").unwrap()..];
    let list = &list[..list.find(']').unwrap()];
    let called = quoted(list, "'", "'");
    assert!(called.len() >= 7, "{called:?}");
    assert_eq!(called, arms(&read("src/lib.rs"), "pub mod exports {"));
}

#[test]
fn the_late_module_answers_the_names_late_core_js_calls() {
    let called = quoted(&read("js/late-core.js"), "late.call('", "'");
    assert_eq!(
        called,
        [
            "ratingMayResend",
            "ratingOutcome",
            "scaleRules",
            "scaleValue",
            "speechSplit"
        ]
        .map(String::from)
        .into()
    );
    assert_eq!(called, arms(&read("src/lib.rs"), "mod late {"));
}
