//! The seed portal's article tool row in one element: **A- A A+ | share | contrast**, then the
//! reading aids: **text spacing, pause motion**, and **Nghe đọc bài viết** where the page says
//! which element is its article (`data-read-target`).
//! Each part reads its attributes (`data-steps`, `data-networks`, `data-levels`, ...) from the
//! toolbar host; a part that fails is left out and the others still render.

#[cfg(feature = "read-aloud")]
use super::read_aloud;
#[cfg(any(feature = "text-spacing", feature = "motion"))]
use super::toggle;
use super::{contrast, share, text_size, Ctx, Widget};
use crate::dom::{self, view};
use crate::error::Result;
use std::rc::Rc;
use web_sys::Node;

struct Toolbar(Vec<Rc<dyn Widget>>);

type Mount = fn(&Ctx, &Node) -> Result<Rc<dyn Widget>>;

impl Widget for Toolbar {
    fn refresh(&self) {
        for w in &self.0 {
            w.refresh();
        }
    }

    // The parts share one shadow root; each ignores the others' controls.
    fn click(&self, act: &str, e: &web_sys::Event) {
        for w in &self.0 {
            w.click(act, e);
        }
    }
}

const VIEW: &str = "0div class=row
1div
1span class=sep aria-hidden=true
1div
1span class=sep aria-hidden=true
1div
1span class=sep aria-hidden=true
1div class=row
1span class=sep aria-hidden=true
1div";

/// Renders the parts in one wrapping row.
pub fn mount(ctx: &Ctx, parent: &Node) -> Result<Rc<dyn Widget>> {
    let v = view::build(parent, VIEW, &[])?;
    // The two toggles share the last cell (cell 3).
    // Read-aloud (cell 4) only where the page marks its article: `data-read-target`.
    let reads = dom::attr(&ctx.host, "data-read-target").is_some();
    // The reading aids are parts where the build has them (the bench weighs each one).
    let parts: &[(u32, Mount)] = &[
        (0, text_size::mount),
        (1, share::mount),
        (2, contrast::mount),
        #[cfg(feature = "text-spacing")]
        (3, toggle::mount_spacing),
        #[cfg(feature = "motion")]
        (3, toggle::mount_motion),
        #[cfg(feature = "read-aloud")]
        (4, read_aloud::mount),
    ];
    let mut widgets = Vec::new();
    for &(i, part) in parts.iter().filter(|(i, _)| reads || *i < 4) {
        let cell = v.get(1 + 2 * i);
        match part(ctx, &cell) {
            Ok(w) => widgets.push(w),
            Err(e) => {
                dom::warn(&[
                    &dom::describe(&ctx.host),
                    ": ",
                    &e.describe(),
                    "; that part of the toolbar is left out",
                ]);
                cell.remove();
            }
        }
    }
    // Elements: 0 row, then cells at 1, 3, 5, 7, 9 with separators between. A reading-aids
    // cell left empty (no read target, or a build without them) goes, with its separator.
    for cell in [7, 9] {
        if v.get(cell).first_child().is_none() {
            v.get(cell - 1).remove();
            v.get(cell).remove();
        }
    }
    Ok(Rc::new(Toolbar(widgets)))
}
