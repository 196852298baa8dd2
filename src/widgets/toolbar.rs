//! The seed portal's article tool row in one element: **A- A A+ | share | contrast**.
//! Each part reads its attributes (`data-steps`, `data-networks`, `data-levels`, ...) from the
//! toolbar host; a part that fails is left out and the others still render.

use super::{contrast, share, text_size, Ctx, Widget};
use crate::dom;
use crate::error::Result;
use web_sys::Node;

struct Toolbar(Vec<Box<dyn Widget>>);

type Mount = fn(&Ctx, &Node) -> Result<Box<dyn Widget>>;

impl Widget for Toolbar {
    fn refresh(&self) {
        for w in &self.0 {
            w.refresh();
        }
    }
}

/// Renders the three parts in one wrapping row.
pub fn mount(ctx: &Ctx, parent: &Node) -> Result<Box<dyn Widget>> {
    let row = dom::el_text("div", "row", "")?;
    parent.append_child(&row)?;
    let parts: [Mount; 3] = [text_size::mount, share::mount, contrast::mount];
    let mut widgets = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            let sep = dom::el_text("span", "sep", "")?;
            dom::set(&sep, "aria-hidden", "true");
            row.append_child(&sep)?;
        }
        let cell = dom::el_text("div", "", "")?;
        row.append_child(&cell)?;
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
    Ok(Box::new(Toolbar(widgets)))
}
