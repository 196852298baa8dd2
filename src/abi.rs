//! The main module's boundary with JavaScript (#12): one export, `c` ([`crate::exports::call`]),
//! one for the strings going in (`a`), and two imports from `m`, `p` (`page` of `js/view.js`)
//! and `n` (`note`), as plain Wasm functions on addresses and lengths of UTF-8 in linear
//! memory. `js/wasm.js` is their glue, a few lines. (wasm-bindgen's glue, made for any
//! signature, with its table of JS values and a shim per function, cost 0.8 KB more of gzip on
//! every page view.) The browser tests and the late module still use wasm-bindgen.
//!
//! The contract with `js/wasm.js`: a string going in is written into a buffer that `a` handed
//! out, exactly as many bytes as asked for, valid UTF-8 (`TextEncoder` makes nothing else);
//! the buffer is the module's from then on. A string coming out stays where `c` said until the
//! next call of `c`.

use core::cell::UnsafeCell;

#[link(wasm_import_module = "m")]
extern "C" {
    /// `page(what)` of `js/view.js`: 0 for no answer; else 1, with the address and the length
    /// of the answer (in a buffer from [`alloc`]) written to `out`.
    #[link_name = "p"]
    fn js_page(ptr: *const u8, len: usize, out: *mut [usize; 2]) -> u32;
    /// `note(text, info)` of `js/view.js`.
    #[link_name = "n"]
    fn js_note(ptr: *const u8, len: usize, info: u32);
}

/// See `page` in `js/view.js`.
pub fn page(what: &str) -> Option<String> {
    let mut out = [0usize; 2];
    // SAFETY: js/wasm.js answers 1 only after writing to `out` a buffer from `alloc` of exactly
    // that length, filled with UTF-8 (the contract above).
    unsafe {
        (js_page(what.as_ptr(), what.len(), &mut out) != 0)
            .then(|| String::from_raw_parts(out[0] as *mut u8, out[1], out[1]))
    }
}

/// `console.warn` (or `.info`) of `civic-a11y: <text>`.
pub fn note(text: &str, info: bool) {
    // SAFETY: js/wasm.js only reads the bytes, during the call.
    unsafe { js_note(text.as_ptr(), text.len(), u32::from(info)) }
}

/// A buffer of `len` bytes for a string going in (see the module comment).
#[export_name = "a"]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    core::mem::ManuallyDrop::new(Vec::<u8>::with_capacity(len)).as_mut_ptr()
}

/// The last answer of [`call`] and where it is, kept until the next call.
struct Answer(UnsafeCell<(String, [usize; 2])>);
// SAFETY: wasm32-unknown-unknown without the atomics feature has one thread.
unsafe impl Sync for Answer {}
static ANSWER: Answer = Answer(UnsafeCell::new((String::new(), [0; 2])));

/// [`crate::exports::call`] on the string in `ptr`/`len` (a buffer from [`alloc`], see the
/// module comment); answers the address of `[address, length]` of the answer.
///
/// # Safety
/// `ptr`/`len` as the module comment says; not re-entered (the imports it calls do not call
/// back into the module).
#[export_name = "c"]
pub unsafe extern "C" fn call(ptr: *mut u8, len: usize) -> *const [usize; 2] {
    let input = String::from_raw_parts(ptr, len, len);
    let answer = crate::exports::call(&input);
    let slot = &mut *ANSWER.0.get();
    slot.1 = [answer.as_ptr() as usize, answer.len()];
    // (The previous answer is dropped here: JavaScript read it when that call returned.)
    slot.0 = answer;
    &slot.1
}
