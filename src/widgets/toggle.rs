//! **Giãn dòng, giãn chữ** (text spacing, WCAG 1.4.12) and **Dừng chuyển động** (pause motion):
//! one toggle button each (`js/toggle.js`). They have no attributes to parse; here, their label.

use super::Ctx;
use crate::core::i18n::Key;
use crate::error::Result;

/// Text spacing's label.
#[cfg(feature = "text-spacing")]
pub fn spacing(ctx: &Ctx) -> Result<()> {
    ctx.labels(&[Key::Spacing]);
    Ok(())
}

/// Pause motion's label.
#[cfg(feature = "motion")]
pub fn motion(ctx: &Ctx) -> Result<()> {
    ctx.labels(&[Key::Motion]);
    Ok(())
}
