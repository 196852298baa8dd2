//! Scales text written in any unit by rewriting the page's own stylesheet rules.
//!
//! On first use it walks `document.styleSheets` once and writes one override sheet holding, for
//! every rule that sets an absolute `font-size`, `line-height`, `letter-spacing` or
//! `word-spacing`, the same selector with each length multiplied by `var(--civic-ts)`
//! (see [`crate::core::steps::scale_value`]). Selectors, specificity and order are preserved, so
//! the cascade picks the same winner as before; relative units inherit and never compound.
//! A step change then only rewrites one custom property: cost independent of page size, and
//! text added later matches the same rules. Inline `style` attributes get the same rewrite
//! through CSSOM, with the original kept so that **A** restores it exactly.

use super::sheet::{adopt, Sheet};
use super::{document, root, warn};
use crate::core::num::decimal_str;
use crate::core::steps::{
    legacy_font_rules, scale_value, scope_selector, split_top_level, Context, FONT_SIZE_KEYWORDS,
};
use crate::error::Result;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CssStyleDeclaration, Element, HtmlElement};

const PROPS: [&str; 4] = ["font-size", "line-height", "letter-spacing", "word-spacing"];

#[wasm_bindgen(module = "/js/sheets.js")]
extern "C" {
    /// Every stylesheet rule of the document that sets one of [`PROPS`], as text (format in
    /// `js/sheets.js`); warns once about a cross-origin sheet it cannot read.
    #[wasm_bindgen(js_name = collectRules)]
    fn collect_rules() -> String;
}

/// An inline declaration we rewrote, with what the author wrote.
struct Saved {
    el: HtmlElement,
    prop: &'static str,
    value: String,
    priority: String,
}

/// The page-wide scaler.
pub struct Scaler {
    overrides: Sheet,
    var: Sheet,
    built: bool,
    target: Option<String>,
    inline: Vec<Saved>,
    keyword_px: Vec<(&'static str, String)>,
}

impl Scaler {
    /// Creates the two constructed sheets and adopts them into the document.
    pub fn new() -> Result<Scaler> {
        let overrides = Sheet::create()?;
        let var = Sheet::create()?;
        let doc: JsValue = document()?.into();
        adopt(&doc, &overrides)?;
        adopt(&doc, &var)?;
        Ok(Scaler {
            overrides,
            var,
            built: false,
            target: None,
            inline: Vec::new(),
            keyword_px: Vec::new(),
        })
    }

    /// Limits scaling to the elements matching `selector` (from `data-target`).
    /// A saved size may already be applied to the whole page when the widget that names the
    /// target mounts, so the overrides are rebuilt for the region at once.
    pub fn set_target(&mut self, selector: Option<String>) {
        if self.target != selector {
            self.target = selector;
            if self.built {
                self.restore_inline();
                if let Err(e) = self.rebuild() {
                    warn(&["text-size: data-target: ", &e.describe()]);
                }
            }
        }
    }

    /// Applies `scale`; `1` removes every override and restores inline styles exactly.
    pub fn apply(&mut self, scale: f64) -> Result<()> {
        if (scale - 1.0).abs() < 1e-9 {
            self.var.set("")?;
            self.overrides.set("")?;
            self.restore_inline();
            self.built = false;
            return Ok(());
        }
        if !self.built {
            self.rebuild()?;
        }
        let mut css = String::from(":root{--civic-ts:");
        css.push_str(&decimal_str(scale, 4, '.'));
        css.push('}');
        self.var.set(&css)
    }

    /// Whether overrides are in force (a non-default size is applied).
    pub fn active(&self) -> bool {
        self.built
    }

    /// Re-reads the stylesheets (after the page added or loaded one).
    pub fn rebuild(&mut self) -> Result<()> {
        let doc = document()?;
        let target_el = match &self.target {
            Some(t) => doc.query_selector(t).ok().flatten(),
            None => Some(root()?),
        };
        let Some(target_el) = target_el else {
            warn(&["text-size: data-target matches nothing; scaling the whole page"]);
            self.target = None;
            return self.rebuild();
        };
        if self.keyword_px.is_empty() {
            self.keyword_px = measure_keywords().unwrap_or_default();
        }
        let mut css = String::with_capacity(4096);
        // Text that no rule sizes inherits from the root (or the target): scale that too.
        match &self.target {
            None => css.push_str(":where(html){font-size:calc(100%*var(--civic-ts,1))}"),
            Some(t) => {
                css.push_str(":where(");
                css.push_str(t);
                css.push_str("){font-size:calc(1em*var(--civic-ts,1))}");
            }
        }
        css.push_str(&legacy_font_rules(self.target.as_deref(), &|k| {
            scale_value(k, Context::Page, true, &|k| self.keyword(k))
        }));
        // Groups (`@media`, `@supports`) nest: one buffer per open group, written into its
        // parent only if something inside it scaled.
        let rules = collect_rules();
        let mut groups: Vec<(&str, String)> = Vec::new();
        for line in rules.lines() {
            if line == "}" {
                if let Some((prelude, inner)) = groups.pop() {
                    if !inner.is_empty() {
                        let out = groups.last_mut().map_or(&mut css, |g| &mut g.1);
                        out.push_str(prelude);
                        out.push('{');
                        out.push_str(&inner);
                        out.push('}');
                    }
                }
            } else if line.starts_with('@') {
                groups.push((line, String::new()));
            } else {
                let out = groups.last_mut().map_or(&mut css, |g| &mut g.1);
                self.style_rule(line, &target_el, out);
            }
        }
        self.overrides.set(&css)?;
        self.built = true;
        self.scale_inline_under(&doc.into());
        Ok(())
    }

    /// One rule from [`collect_rules`]: `selector \x01 prop \x02 value \x02 priority …`.
    fn style_rule(&self, line: &str, target: &Element, out: &mut String) {
        let mut fields = line.split('\x01');
        let selector = fields.next().unwrap_or_default();
        let decls: Vec<(&str, &str, &str)> = fields
            .filter_map(|d| {
                let mut f = d.split('\x02');
                Some((f.next()?, f.next()?, f.next().unwrap_or_default()))
            })
            .collect();
        // A rule list like `html, body {font-size: 62.5%}` must treat each selector on its own:
        // the root's % is relative to the browser default, body's to the (scaled) root.
        for part in split_top_level(selector) {
            let part = part.trim();
            let ctx = self.context(target.matches(part).unwrap_or(false));
            let mut text = String::new();
            for (prop, value, priority) in &decls {
                if let Some(new) =
                    scale_value(value, ctx, *prop == "font-size", &|k| self.keyword(k))
                {
                    text.push_str(prop);
                    text.push(':');
                    text.push_str(&new);
                    if *priority == "important" {
                        text.push_str("!important");
                    }
                    text.push(';');
                }
            }
            if text.is_empty() {
                continue;
            }
            match &self.target {
                Some(t) => out.push_str(&scope_selector(part, t)),
                None => out.push_str(part),
            }
            out.push('{');
            out.push_str(&text);
            out.push('}');
        }
    }

    /// What a `font-size` keyword (`small`) computes to in this browser, measured once.
    fn keyword(&self, k: &str) -> Option<String> {
        self.keyword_px
            .iter()
            .find(|(n, _)| *n == k)
            .map(|(_, px)| px.clone())
    }

    /// Which units count as absolute for a rule or element that does (not) match the root of
    /// the scaled area.
    fn context(&self, is_root: bool) -> Context {
        match (is_root, self.target.is_some()) {
            (true, _) => Context::Root,
            (false, true) => Context::Region,
            (false, false) => Context::Page,
        }
    }

    /// Each of our properties in `style` that needs scaling: (property, value as written,
    /// scaled value, priority). Shared by stylesheet rules and inline styles.
    fn scaled(
        &self,
        style: &CssStyleDeclaration,
        ctx: Context,
    ) -> Vec<(&'static str, String, String, String)> {
        PROPS
            .iter()
            .filter_map(|&prop| {
                let value = style.get_property_value(prop).ok()?;
                let new = scale_value(&value, ctx, prop == "font-size", &|k| self.keyword(k))?;
                Some((prop, value, new, style.get_property_priority(prop)))
            })
            .collect()
    }

    /// Rewrites absolute sizes in `style` attributes under `node` (the document, or a subtree
    /// the page just inserted).
    pub fn scale_inline_under(&mut self, node: &JsValue) {
        if !self.built {
            return;
        }
        for el in super::elements_under(node, "[style]") {
            self.scale_inline(&el);
        }
    }

    fn scale_inline(&mut self, el: &Element) {
        let Some(h) = el.dyn_ref::<HtmlElement>() else {
            return;
        };
        if let Some(t) = &self.target {
            if !el.matches(t).unwrap_or(false) && el.closest(t).ok().flatten().is_none() {
                return;
            }
        }
        let is_root = match &self.target {
            Some(t) => el.matches(t).unwrap_or(false),
            None => root().is_ok_and(|r| r == *el),
        };
        let style = h.style();
        for (prop, value, new, priority) in self.scaled(&style, self.context(is_root)) {
            if style
                .set_property_with_priority(prop, &new, &priority)
                .is_ok()
            {
                self.inline.push(Saved {
                    el: h.clone(),
                    prop,
                    value,
                    priority,
                });
            }
        }
    }

    fn restore_inline(&mut self) {
        for s in self.inline.drain(..) {
            let _ =
                s.el.style()
                    .set_property_with_priority(s.prop, &s.value, &s.priority);
        }
    }
}

/// Measures what the `font-size` keywords compute to in this browser (they follow the visitor's
/// default font size, not the page's root), with a probe that lives for one style read.
fn measure_keywords() -> Result<Vec<(&'static str, String)>> {
    let window = super::window()?;
    let probe: web_sys::HtmlElement = super::document()?.create_element("span")?.unchecked_into();
    super::set(&probe, "aria-hidden", "true");
    root()?.append_child(&probe)?;
    let mut out = Vec::new();
    for kw in FONT_SIZE_KEYWORDS {
        probe.style().set_property("font-size", kw)?;
        if let Some(cs) = window.get_computed_style(&probe)? {
            let px = cs.get_property_value("font-size")?;
            if px.ends_with("px") {
                out.push((kw, px));
            }
        }
    }
    probe.remove();
    Ok(out)
}
