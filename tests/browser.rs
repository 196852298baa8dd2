//! Browser tests for `dom/` and the widget configs, in headless Chromium
//! (`cargo test -p civic-a11y --target wasm32-unknown-unknown --test browser`).
#![cfg(target_arch = "wasm32")]

use civic_a11y::core::i18n::{Key, Lang};
use civic_a11y::dom::{self, prefs, storage};
use civic_a11y::error::Error;
use civic_a11y::widgets;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn body() -> HtmlElement {
    dom::document().unwrap().body().unwrap()
}

fn add(tag: &str, attrs: &[(&str, &str)], parent: &Element) -> Element {
    let el = dom::document().unwrap().create_element(tag).unwrap();
    for (k, v) in attrs {
        el.set_attribute(k, v).unwrap();
    }
    parent.append_child(&el).unwrap();
    el
}

fn font_size(el: &Element) -> String {
    let w = dom::window().unwrap();
    w.get_computed_style(el)
        .unwrap()
        .unwrap()
        .get_property_value("font-size")
        .unwrap()
}

#[wasm_bindgen_test]
fn language_from_element_ancestor_or_html() {
    dom::root().unwrap().set_attribute("lang", "vi").unwrap();
    let section = add("section", &[("lang", "en-GB")], &body());
    let inner = add("div", &[], &section);
    let own = add("div", &[("lang", "vi-VN")], &section);
    let plain = add("div", &[], &body());
    assert_eq!(dom::lang_of(&inner), Lang::En);
    assert_eq!(dom::lang_of(&own), Lang::Vi);
    assert_eq!(dom::lang_of(&plain), Lang::Vi);
    dom::root().unwrap().set_attribute("lang", "fr").unwrap();
    assert_eq!(
        dom::lang_of(&plain),
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
    assert_eq!(dom::label(&el, Lang::Vi, Key::More), "Rõ hơn");
    assert_eq!(
        dom::label(&el, Lang::Vi, Key::Less),
        "Giảm tương phản",
        "blank override ignored"
    );
    assert_eq!(dom::label(&el, Lang::En, Key::Larger), "Larger text");
    el.remove();
}

#[wasm_bindgen_test]
fn js_exceptions_become_typed_errors() {
    let e: Error = JsValue::from(js_sys::Error::new("boom")).into();
    assert!(matches!(e, Error::Js(ref m) if m == "boom"));
    let e: Error = JsValue::from_str("plain").into();
    assert_eq!(e.describe(), "a browser API failed: plain");
}

#[wasm_bindgen_test]
fn storage_survives_a_throwing_local_storage() {
    storage::set("civic-test:a", "1");
    assert_eq!(storage::get("civic-test:a").as_deref(), Some("1"));
    // Safari private mode / blocked cookies: every access throws.
    js_sys::eval("Object.defineProperty(window, 'localStorage', { configurable: true, get() { throw new DOMException('no', 'SecurityError'); } })").unwrap();
    storage::set("civic-test:b", "2");
    assert_eq!(
        storage::get("civic-test:b").as_deref(),
        Some("2"),
        "kept in memory"
    );
    storage::remove("civic-test:b");
    assert_eq!(storage::get("civic-test:b"), None);
    js_sys::eval("delete window.localStorage").unwrap();
    storage::remove("civic-test:a");
    assert_eq!(storage::get("civic-test:a"), None);
}

#[wasm_bindgen_test]
fn scaler_scales_stylesheet_and_inline_sizes_and_restores_them() {
    let style = add("style", &[], &body());
    style.set_text_content(Some(
        ".civic-t { font-size: 10px } .civic-t .civic-e { font-size: 2em }",
    ));
    let outer = add("div", &[("class", "civic-t")], &body());
    let nested = add("span", &[("class", "civic-e")], &outer);
    let inline = add("p", &[("style", "font-size: 8pt")], &body());
    let before = (font_size(&outer), font_size(&nested), font_size(&inline));
    prefs::set_scale(1.5, false).unwrap();
    assert_eq!(font_size(&outer), "15px");
    assert_eq!(
        font_size(&nested),
        "30px",
        "em follows the scaled parent once"
    );
    assert_eq!(font_size(&inline), "16px", "8pt = 10.667px → 16px");
    prefs::set_scale(1.0, false).unwrap();
    assert_eq!(
        (font_size(&outer), font_size(&nested), font_size(&inline)),
        before
    );
    for el in [outer, inline, style] {
        el.remove();
    }
}

#[wasm_bindgen_test]
fn contrast_level_is_an_attribute_on_html() {
    prefs::set_level(civic_a11y::core::contrast::Level::Dark, false).unwrap();
    assert_eq!(
        dom::root()
            .unwrap()
            .get_attribute("data-civic-contrast")
            .as_deref(),
        Some("dark")
    );
    prefs::set_level(civic_a11y::core::contrast::Level::Normal, false).unwrap();
    assert_eq!(prefs::level(), civic_a11y::core::contrast::Level::Normal);
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
        let el = dom::document()
            .unwrap()
            .create_element(&(String::from("civic-") + w))
            .unwrap();
        assert!(el.matches(SELECTOR).unwrap(), "{w} matches the selector");
        assert_eq!(widget_name(&el.tag_name()), Some(w));
    }
}
