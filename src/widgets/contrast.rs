//! **Tăng tương phản / Giảm tương phản**: two buttons stepping through `data-levels`
//! (`js/tools.js` draws them).

use super::Ctx;
use crate::core::contrast::ContrastConfig;
use crate::core::i18n::Key;
use crate::error::Result;

/// Fields: the levels, space-separated, then the labels (the four level names last).
pub fn config(ctx: &Ctx) -> Result<()> {
    let ContrastConfig { levels } = ctx.config(ContrastConfig::parse);
    let mut list = String::new();
    for l in levels.values() {
        list.push_str(l.as_str());
        list.push(' ');
    }
    ctx.text(list.trim_ascii_end());
    ctx.labels(&[
        Key::ContrastGroup,
        Key::More,
        Key::Less,
        Key::ForcedColors,
        Key::ContrastNow,
        Key::LevelSoft,
        Key::LevelNormal,
        Key::LevelHigh,
        Key::LevelDark,
    ]);
    Ok(())
}
