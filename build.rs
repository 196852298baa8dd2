//! Minifies the widget stylesheets into OUT_DIR: they are compiled into the Wasm as strings and
//! downloaded on every page view; comments and indentation are only for the reader (#12).

use std::{env, fs, path::Path};

fn minify(css: &str) -> String {
    // Comments out.
    let mut text = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);
    // White space collapsed, and dropped around punctuation that does not need it.
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = words.join(" ");
    for p in ["{", "}", ";", ",", ">"] {
        out = out
            .replace(&format!(" {p}"), p)
            .replace(&format!("{p} "), p);
    }
    out.replace(": ", ":")
        .replace(" !important", "!important")
        .replace(";}", "}")
}

fn main() {
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for name in ["base.css", "rating.css"] {
        let src = Path::new("src/widgets").join(name);
        println!("cargo:rerun-if-changed={}", src.display());
        let css = fs::read_to_string(&src).expect("widget stylesheet");
        fs::write(Path::new(&out).join(name), minify(&css)).expect("OUT_DIR is writable");
    }
}
