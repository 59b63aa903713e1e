//! SQLite's memory, allocated through Rust's global allocator, and given back to the system
//! after a long job.
//!
//! The CLI and the app run on a global allocator that wipes every block it frees
//! (zeroizing-alloc), so routed through it, the pages and rows SQLite decrypts are wiped when
//! SQLite frees them, as Rust's own buffers are. SQLCipher's `cipher_memory_security` wipes
//! too, but it also locks and unlocks memory with a system call on every allocation: on the
//! large demo store it doubled the time of an import and made searches five times slower
//! (see make bench). So the store turns it on only where this routing could not be installed.
// The one place the workspace allows unsafe code: SQLite's allocator is a C interface, and so
// is the C library's `malloc_trim`.
#![allow(unsafe_code)]
use rusqlite::ffi;
use std::alloc::{Layout, alloc, dealloc, realloc};
use std::os::raw::{c_int, c_void};
use std::ptr::null_mut;
use std::sync::OnceLock;

/// Each block starts with its size, in a header that keeps the block 16-byte aligned.
const HEADER: usize = 16;

fn layout(size: usize) -> Option<Layout> {
    Layout::from_size_align(size.checked_add(HEADER)?, HEADER).ok()
}

/// The block's size, kept in its header.
///
/// # Safety
/// `p` was returned by [`x_malloc`] or [`x_realloc`] and is not freed.
unsafe fn size_of_block(p: *mut c_void) -> usize {
    unsafe { (p.cast::<u8>().sub(HEADER) as *const usize).read() }
}

/// Writes the header at `base` and returns the block after it (null stays null).
///
/// # Safety
/// `base` is null or the start of an allocation of at least `size + HEADER` bytes.
unsafe fn block(base: *mut u8, size: usize) -> *mut c_void {
    if base.is_null() {
        return null_mut();
    }
    unsafe {
        (base as *mut usize).write(size);
        base.add(HEADER).cast()
    }
}

unsafe extern "C" fn x_malloc(n: c_int) -> *mut c_void {
    let size = usize::try_from(n).unwrap_or(0).max(1);
    match layout(size) {
        // SAFETY: the layout's size is non-zero.
        Some(l) => unsafe { block(alloc(l), size) },
        None => null_mut(),
    }
}

unsafe extern "C" fn x_free(p: *mut c_void) {
    if p.is_null() {
        return;
    }
    // SAFETY: SQLite frees only what x_malloc or x_realloc returned, once.
    unsafe {
        let size = size_of_block(p);
        if let Some(l) = layout(size) {
            dealloc(p.cast::<u8>().sub(HEADER), l);
        }
    }
}

unsafe extern "C" fn x_realloc(p: *mut c_void, n: c_int) -> *mut c_void {
    if p.is_null() {
        // SAFETY: as x_malloc.
        return unsafe { x_malloc(n) };
    }
    let size = usize::try_from(n).unwrap_or(0).max(1);
    // SAFETY: `p` is a live block of ours; the new size fits a layout (checked).
    unsafe {
        match (layout(size_of_block(p)), layout(size)) {
            (Some(old), Some(new)) => block(realloc(p.cast::<u8>().sub(HEADER), old, new.size()), size),
            _ => null_mut(),
        }
    }
}

unsafe extern "C" fn x_size(p: *mut c_void) -> c_int {
    if p.is_null() {
        return 0;
    }
    // SAFETY: `p` is a live block of ours.
    c_int::try_from(unsafe { size_of_block(p) }).unwrap_or(c_int::MAX)
}

unsafe extern "C" fn x_roundup(n: c_int) -> c_int {
    n.saturating_add(7) & !7
}

unsafe extern "C" fn x_init(_: *mut c_void) -> c_int {
    ffi::SQLITE_OK
}

unsafe extern "C" fn x_shutdown(_: *mut c_void) {}

/// The methods SQLite is given. Its one pointer (`pAppData`) is null and never written.
struct Methods(ffi::sqlite3_mem_methods);
// SAFETY: the struct is never mutated, and SQLite only copies it.
unsafe impl Sync for Methods {}

static METHODS: Methods = Methods(ffi::sqlite3_mem_methods {
    xMalloc: Some(x_malloc),
    xFree: Some(x_free),
    xRealloc: Some(x_realloc),
    xSize: Some(x_size),
    xRoundup: Some(x_roundup),
    xInit: Some(x_init),
    xShutdown: Some(x_shutdown),
    pAppData: null_mut(),
});

/// Routes SQLite's allocations through Rust's global allocator, once per process, before
/// SQLite first starts. Whether it is in place: SQLite refuses once it has started (a
/// connection opened elsewhere first), and then keeps its own allocator.
pub(crate) fn routed() -> bool {
    static ROUTED: OnceLock<bool> = OnceLock::new();
    // SAFETY: METHODS lives for the whole process; SQLite copies the struct.
    *ROUTED.get_or_init(
        || unsafe { ffi::sqlite3_config(ffi::SQLITE_CONFIG_MALLOC, &raw const METHODS.0) } == ffi::SQLITE_OK,
    )
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
unsafe extern "C" {
    /// glibc: releases the free memory at the top of the heap and the free pages inside every
    /// arena to the system; whether any was released.
    fn malloc_trim(pad: usize) -> c_int;
}

/// Gives the memory freed so far back to the system. glibc keeps what is freed in its arenas
/// for the next allocation, and SQLite's page cache is freed page by page, between pages still
/// in use: after a backup had read the large store through the reader's 256 MiB cache, the app
/// held 700 MB that nothing used until it stopped (issue 21's idle memory). Elsewhere (other C
/// libraries, Windows, macOS) the allocator returns memory on its own terms, and this does
/// nothing.
pub(crate) fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointer and may be called at any time from any thread.
    unsafe {
        malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_keep_their_size_and_contents_through_realloc() {
        unsafe {
            let p = x_malloc(10).cast::<u8>();
            assert!(!p.is_null());
            assert_eq!(p as usize % HEADER, 0);
            assert_eq!(x_size(p.cast()), 10);
            p.copy_from(b"0123456789".as_ptr(), 10);
            let q = x_realloc(p.cast(), 4000).cast::<u8>();
            assert_eq!(x_size(q.cast()), 4000);
            assert_eq!(std::slice::from_raw_parts(q, 10), b"0123456789");
            x_free(q.cast());
            x_free(null_mut());
            assert_eq!(x_roundup(9), 16);
        }
    }
}
