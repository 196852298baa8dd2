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
