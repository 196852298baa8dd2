//! **A- A A+**: three buttons stepping through `data-steps` (`js/tools.js` draws them).

use super::Ctx;
use crate::core::i18n::Key;
use crate::core::steps::TextSizeConfig;
use crate::error::Result;
use wasm_bindgen::JsValue;

/// Fields: the steps (ascending factors), `data-target` or `undefined`, then the labels.
pub fn config(ctx: &Ctx) -> Result<()> {
    let TextSizeConfig { steps, target } = ctx.config(TextSizeConfig::parse);
    let values = js_sys::Array::new();
    for f in steps.values() {
        values.push(&JsValue::from_f64(*f));
    }
    ctx.push(&values);
    ctx.push(&target.map_or(JsValue::UNDEFINED, |t| JsValue::from_str(&t)));
    ctx.labels(&[
        Key::TextSizeGroup,
        Key::Smaller,
        Key::DefaultSize,
        Key::Larger,
        Key::SizeNow,
        Key::SizeFailed,
    ]);
    Ok(())
}
