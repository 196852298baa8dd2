//! Browser tests for `dom/` and the widget configs, in headless Chromium
//! (`cargo test -p civic-a11y --target wasm32-unknown-unknown --test browser`).
#![cfg(target_arch = "wasm32")]

use civic_a11y::core::i18n::{Key, Lang};
use civic_a11y::dom;
use civic_a11y::widgets;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn body() -> HtmlElement {
    document().body().unwrap()
}

fn dom_root() -> Element {
    document().document_element().unwrap()
}

fn add(tag: &str, attrs: &[(&str, &str)], parent: &Element) -> Element {
    let el = document().create_element(tag).unwrap();
    for (k, v) in attrs {
        el.set_attribute(k, v).unwrap();
    }
    parent.append_child(&el).unwrap();
    el
}

#[wasm_bindgen_test]
fn language_from_element_ancestor_or_html() {
    let root = dom_root();
    root.set_attribute("lang", "vi").unwrap();
    let section = add("section", &[("lang", "en-GB")], &body());
    let inner = add("div", &[], &section);
    let own = add("div", &[("lang", "vi-VN")], &section);
    let plain = add("div", &[], &body());
    let lang_of = |e: &Element| {
        dom::reading(e.as_ref());
        dom::lang()
    };
    assert_eq!(lang_of(&inner), Lang::En);
    assert_eq!(lang_of(&own), Lang::Vi);
    assert_eq!(lang_of(&plain), Lang::Vi);
    root.set_attribute("lang", "fr").unwrap();
    assert_eq!(
        lang_of(&plain),
        Lang::En,
        "unknown languages fall back to English"
    );
    section.remove();
    plain.remove();
}

#[wasm_bindgen_test]
fn labels_can_be_overridden_per_element() {
    let el = add(
        "div",
        &[("data-label-more", "Rõ hơn"), ("data-label-less", "  ")],
        &body(),
    );
    dom::reading(el.as_ref());
    assert_eq!(dom::label(Lang::Vi, Key::More), "Rõ hơn");
    assert_eq!(
        dom::label(Lang::Vi, Key::Less),
        "Giảm tương phản",
        "blank override ignored"
    );
    assert_eq!(dom::label(Lang::En, Key::Larger), "Larger text");
    el.remove();
}

#[wasm_bindgen_test]
fn every_widget_in_the_table_has_a_config_and_matches_the_selector() {
    use civic_a11y::core::config::{widget_name, SELECTOR, WIDGETS};
    let names: Vec<&str> = widgets::TABLE.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names, WIDGETS,
        "widgets::TABLE follows core::config::WIDGETS in the default build"
    );
    for w in WIDGETS {
        let el = document()
            .create_element(&(String::from("civic-") + w))
            .unwrap();
        assert!(el.matches(SELECTOR).unwrap(), "{w} matches the selector");
        assert_eq!(widget_name(&el.tag_name()), Some(w));
    }
}

#[wasm_bindgen_test]
fn config_fields_survive_separators_in_page_text() {
    // A page's label (or any attribute) holding the fields' separators must not shift the
    // fields the JavaScript reads (src/widgets/mod.rs `Ctx`): they become spaces.
    let el = add(
        "div",
        &[
            ("data-civic", "text-size"),
            ("data-label-larger", "Lớn\u{1f}hơn\u{1e}"),
            ("data-target", "#main"),
        ],
        &body(),
    );
    dom::reading(el.as_ref());
    let out = widgets::config("text-size");
    let fields: Vec<&str> = out.split('\u{1f}').collect();
    // name, problem (undefined), steps, target, then six labels, each field ended by \u{1f}.
    assert_eq!(fields.len(), 11, "{out:?}");
    assert_eq!(
        fields[..4],
        [
            "text-size",
            "\u{1e}",
            "9000 10000 11500 13000 15000 17500 20000",
            "#main"
        ]
    );
    assert_eq!(fields[7], "Lớn hơn ");
    assert_eq!(fields[10], "", "the last field is ended too");
    el.remove();
}

#[wasm_bindgen_test]
fn a_widget_that_cannot_start_says_why_and_nothing_else() {
    let el = add("div", &[("data-civic", "rating")], &body());
    dom::reading(el.as_ref());
    assert_eq!(
        widgets::config("rating"),
        "rating\u{1f}data-item is missing\u{1f}"
    );
    assert!(
        widgets::config("nope").starts_with("unknown\u{1f}data-civic has an unknown widget name")
    );
    el.remove();
}

#[wasm_bindgen_test]
fn call_reads_its_arguments_with_free_text_last() {
    use civic_a11y::exports::call;
    // A server's answer with the separator inside stays whole: it is the last argument.
    assert_eq!(
        call("ratingOutcome\u{1f}false\u{1f}200\u{1f}5\u{1f}{\"count\":2,\"sum\":9,\"x\":\"a\u{1f}b\"}"),
        "a2 9"
    );
    assert_eq!(call("ratingOutcome\u{1f}false\u{1f}429\u{1f}5\u{1f}"), "l");
    // A NukeViet reply is the vote module's to read (src/lib.rs `late`): here, `undefined`.
    assert_eq!(
        call("ratingOutcome\u{1f}true\u{1f}200\u{1f}5\u{1f}x|4.5|2"),
        "\u{1e}"
    );
    assert_eq!(
        call("textSizeStep\u{1f}true\u{1f}10000\u{1f}9000 10000 11500"),
        "11500"
    );
    assert_eq!(
        call("textSizeStep\u{1f}true\u{1f}11500\u{1f}9000 10000 11500"),
        "\u{1e}"
    );
    assert_eq!(
        call("contrastStep\u{1f}true\u{1f}normal\u{1f}normal high dark"),
        "high"
    );
    assert_eq!(call("noSuchFunction\u{1f}x"), "\u{1e}");
}
