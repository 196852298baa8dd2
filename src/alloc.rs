//! The allocator: power-of-two size classes, one free list per class, new blocks bumped from
//! `memory.grow`. Every operation is O(1) and the whole thing is a few hundred bytes of Wasm,
//! against ~4.5 KB for std's dlmalloc (#12). A block is at most twice its request; freed blocks
//! return to their class and are never merged or returned to the system, which suits a page
//! whose allocations repeat (the scaler's element list, labels, event details).
//! (`lol_alloc`'s free-list allocator, tried first, searches its list on every call.)

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;
use core::ptr::null_mut;

const PAGE: usize = 65_536;
/// Classes 2^3 (8 bytes) to 2^31.
const CLASSES: usize = 29;

struct State {
    free: [*mut u8; CLASSES],
    next: usize,
    end: usize,
}

/// The global allocator of the Wasm build.
pub struct Classes(UnsafeCell<State>);

// SAFETY: wasm32-unknown-unknown without the atomics feature has one thread.
unsafe impl Sync for Classes {}

impl Classes {
    /// An empty allocator: no memory is taken until the first allocation.
    pub const fn new() -> Self {
        Classes(UnsafeCell::new(State {
            free: [null_mut(); CLASSES],
            next: 0,
            end: 0,
        }))
    }
}

/// The class of a layout: log2 of the block size, or `None` when larger than 2 GB.
fn class(layout: &Layout) -> Option<usize> {
    let size = layout.size().max(layout.align()).max(8);
    let bits = usize::BITS - (size - 1).leading_zeros();
    let c = bits as usize - 3;
    (c < CLASSES).then_some(c)
}

unsafe impl GlobalAlloc for Classes {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(c) = class(&layout) else {
            return null_mut();
        };
        let s = &mut *self.0.get();
        let head = s.free[c];
        // A freed block is aligned to at least 8; a stricter request takes a fresh block.
        if !head.is_null() && layout.align() <= 8 {
            s.free[c] = *(head as *mut *mut u8);
            return head;
        }
        let size = 8usize << c;
        let start = (s.next + layout.align() - 1) & !(layout.align() - 1);
        if start + size > s.end || start < s.next {
            let pages = size.div_ceil(PAGE) + 1;
            let base = wasm32::memory_grow(0, pages);
            if base == usize::MAX {
                return null_mut();
            }
            let base = base * PAGE;
            // Contiguous with the old region: keep its tail; otherwise start afresh.
            if base != s.end {
                s.next = base;
            }
            s.end = base + pages * PAGE;
            return self.alloc(layout);
        }
        s.next = start + size;
        start as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if let Some(c) = class(&layout) {
            let s = &mut *self.0.get();
            *(ptr as *mut *mut u8) = s.free[c];
            s.free[c] = ptr;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = Layout::from_size_align_unchecked(new_size, layout.align());
        if class(&layout) == class(&new) {
            return ptr;
        }
        let out = self.alloc(new);
        if !out.is_null() {
            core::ptr::copy_nonoverlapping(ptr, out, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        out
    }
}
