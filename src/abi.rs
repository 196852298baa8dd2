//! The boundary of the Wasm modules with JavaScript (#12): the export `c` (`call`: the
//! module's one entry point, a string in, a string out), the export `a` (a buffer for a string
//! going in), and imports from `m`: the main module's `p` (`page` of `js/view.js`) and `n`
//! (`note`), the late module's `q` (`matches` on the element `js/late-core.js` names). Plain
//! Wasm functions on addresses and lengths of UTF-8 in linear memory; `js/wasm.js` is their
//! glue, a few lines. (wasm-bindgen's glue, made for any signature, with its table of JS values
//! and a shim per function, cost 0.8 KB more of gzip on every page view.) The browser tests
//! still use wasm-bindgen.
//!
//! The contract with `js/wasm.js`: a string going in is written into a buffer that `a` handed
//! out, exactly as many bytes as asked for, valid UTF-8 (`TextEncoder` makes nothing else);
//! the buffer is the module's from then on. A string coming out stays where `c` said until the
//! next call of `c`. Nothing the imports do calls back into the module.

use core::cell::UnsafeCell;

#[link(wasm_import_module = "m")]
extern "C" {
    /// `page(what)` of `js/view.js`: 0 for no answer; else 1, with the address and the length
    /// of the answer (in a buffer from [`alloc`]) written to `out`.
    #[cfg(feature = "main-module")]
    #[link_name = "p"]
    fn js_page(ptr: *const u8, len: usize, out: *mut [usize; 2]) -> u32;
    /// `note(text, info)` of `js/view.js`.
    #[cfg(feature = "main-module")]
    #[link_name = "n"]
    fn js_note(ptr: *const u8, len: usize, info: u32);
    /// Whether the element `js/late-core.js` names matches the selector list (0 when not, or
    /// when the browser cannot parse it).
    #[cfg(all(feature = "late-module", feature = "text-size"))]
    #[link_name = "q"]
    fn js_matches(ptr: *const u8, len: usize) -> u32;
}

/// See `page` in `js/view.js`.
#[cfg(feature = "main-module")]
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
#[cfg(feature = "main-module")]
pub fn note(text: &str, info: bool) {
    // SAFETY: js/wasm.js only reads the bytes, during the call.
    unsafe { js_note(text.as_ptr(), text.len(), u32::from(info)) }
}

/// Whether the root of the scaled area matches `selectors`.
#[cfg(all(feature = "late-module", feature = "text-size"))]
pub fn matches(selectors: &str) -> bool {
    // SAFETY: js/wasm.js only reads the bytes, during the call.
    unsafe { js_matches(selectors.as_ptr(), selectors.len()) != 0 }
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

/// The module's `call` on the string in `ptr`/`len` (a buffer from [`alloc`], see the module
/// comment); answers the address of `[address, length]` of the answer.
///
/// # Safety
/// `ptr`/`len` as the module comment says; not re-entered.
#[export_name = "c"]
pub unsafe extern "C" fn call(ptr: *mut u8, len: usize) -> *const [usize; 2] {
    let input = String::from_raw_parts(ptr, len, len);
    #[cfg(feature = "main-module")]
    let answer = crate::exports::call(&input);
    #[cfg(feature = "late-module")]
    let answer = crate::late::call(&input);
    let slot = &mut *ANSWER.0.get();
    slot.1 = [answer.as_ptr() as usize, answer.len()];
    // (The previous answer is dropped here: JavaScript read it when that call returned.)
    slot.0 = answer;
    &slot.1
}
