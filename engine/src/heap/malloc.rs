//! [`Malloc`]: the global allocator the `jetcrab` binary installs for everything outside the GC
//! heap (objects' property and element vectors, closures' boxes, promise and generator states,
//! the pages themselves).
//!
//! It is mimalloc, called the way its own C API expects: plain `mi_malloc` whenever the
//! requested alignment is one every mimalloc block already has, and the `_aligned` entry points
//! only beyond that. The `mimalloc` crate's allocator calls `mi_malloc_aligned` for every
//! request, whose extra layer cost about 3 % of the instructions of a promise-heavy program
//! (`async_ops`), where nearly every allocation is a small box or vector with alignment 8 or 16.

use libmimalloc_sys::{
    mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_zalloc,
    mi_zalloc_aligned,
};
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// The alignment of every mimalloc block of at least this many bytes (`MI_MAX_ALIGN_SIZE`);
/// smaller blocks are aligned to their size rounded up to a power of two, as with `malloc`.
const MIN_ALIGN: usize = 16;

/// mimalloc as the global allocator (see the module docs).
pub struct Malloc;

/// Whether a plain (unaligned) mimalloc call already meets `layout`'s alignment: the same
/// rule the standard library's `System` allocator applies to `malloc`.
#[inline(always)]
fn plain_suffices(align: usize, size: usize) -> bool {
    align <= MIN_ALIGN && align <= size
}

// SAFETY: every method forwards to the mimalloc function with the same contract, choosing the
// aligned variant whenever a plain block might not meet `layout.align()`; `mi_free` releases
// blocks of either kind.
unsafe impl GlobalAlloc for Malloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as documented on the impl.
        unsafe {
            if plain_suffices(layout.align(), layout.size()) {
                mi_malloc(layout.size()).cast()
            } else {
                mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as documented on the impl.
        unsafe {
            if plain_suffices(layout.align(), layout.size()) {
                mi_zalloc(layout.size()).cast()
            } else {
                mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator (the caller's contract).
        unsafe { mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as documented on the impl; `ptr` came from this allocator.
        unsafe {
            if plain_suffices(layout.align(), new_size) {
                mi_realloc(ptr.cast(), new_size).cast()
            } else {
                mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every size and alignment combination comes back aligned, writable and reallocatable
    /// with its contents kept.
    #[test]
    fn blocks_meet_their_layouts() {
        let a = Malloc;
        for align in [1, 2, 4, 8, 16, 32, 64, 4096, 65536] {
            for size in [1, 3, 8, 15, 16, 17, 100, 1000, 70_000] {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: the layout has a non-zero size; each block is written within its
                // size and freed once, with the layout it was allocated with.
                unsafe {
                    let p = a.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size} align {align}");
                    p.write_bytes(0xAB, size);
                    let q = a.realloc(p, layout, size * 3);
                    assert_eq!(q as usize % align, 0, "realloc size {size} align {align}");
                    assert!((0..size).all(|i| *q.add(i) == 0xAB));
                    a.dealloc(q, Layout::from_size_align(size * 3, align).unwrap());
                    let z = a.alloc_zeroed(layout);
                    assert_eq!(z as usize % align, 0);
                    assert!((0..size).all(|i| *z.add(i) == 0));
                    a.dealloc(z, layout);
                }
            }
        }
    }
}
