//! **A- A A+**: three buttons stepping through `data-steps` (`js/tools.js` draws them).

use super::Ctx;
use crate::core::i18n::Key;
use crate::core::num::push_u64;
use crate::core::steps::TextSizeConfig;
use crate::error::Result;

/// Fields: the steps (ascending factors, in ten-thousandths), `data-target` or `undefined`,
/// then the labels.
pub fn config(ctx: &Ctx) -> Result<()> {
    let TextSizeConfig { steps, target } = ctx.config(TextSizeConfig::parse);
    // The steps in ten-thousandths, space-separated (`1.25` is `12500`): whole numbers need no
    // float formatting in the Wasm, and the saved size keeps four decimals anyway.
    let mut list = String::new();
    for f in steps.values() {
        if !list.is_empty() {
            list.push(' ');
        }
        push_u64(&mut list, (f * 10_000.0 + 0.5) as u64);
    }
    ctx.text(&list);
    ctx.opt(target.as_deref());
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
