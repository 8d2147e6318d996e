//! Pages: the memory heap cells live in.
//!
//! A page is a [`PAGE_SIZE`] block aligned to its own size, so the page that holds a cell is the
//! cell's address with the low bits cleared. It starts with a [`PageHeader`] (kind, cell size,
//! capacity, high-water mark, live count, free list) followed by `capacity` cells of one size, all of one
//! [`HeapKind`]: every kind is a fixed-size `GcBox<T>`, so the kinds are the size classes.
//! Variable-size payloads (string units, property vectors) are separate Rust allocations owned by
//! the cell.
//!
//! A page's cells below its high-water mark `used` are initialised: each is either an allocated
//! `GcBox<T>` or a [`FreeCell`] (the same [`GcHeader`] with `free` set, then the link of the
//! page's free list). Cells from `used` on have never been handed out (or were trimmed off by a
//! sweep) and are not read. Allocation pops the free list, else bumps `used`; the collector walks
//! only `0..used`, so a small heap costs little to sweep and verify however large its pages are.
//!
//! A [`Space`] owns the pages of one kind. It allocates from one page at a time: first that page's
//! free list (moved into [`Space::free`]), then the page's untouched tail; when both run out it
//! takes the next page with room, and only then maps a new page.
//!
//! # Sweeping, now and later
//!
//! [`Page::sweep`] touches one page and nothing else: it drops the dead cells in place, rebuilds
//! that page's free list, trims its high-water mark and recounts its live cells. The mark bit of
//! a cell is in its header, so a page needs no heap-wide bitmap to be swept. Today
//! [`Heap::sweep`](super::Heap) sweeps every page right after marking (`Space::sweep`).
//!
//! Lazy sweeping needs no change to `Page::sweep`: after marking, `Space::sweep` would only reset
//! the allocation state and move every page to an "unswept" list; `Space::alloc_slow` would sweep
//! the next unswept page before allocating from it (pages with no room go to the swept list);
//! and `Heap::begin_mark` would first finish the unswept pages, because the next mark must not
//! start with last cycle's marks still set, and verify and heap drop must not read dead cells
//! as allocated. A background sweeper could take unswept pages the mutator is not allocating
//! from, since a page's sweep writes only that page (the `dead` destructors would then have to
//! be safe to run off the mutator thread, which `Rc` payloads are not today). Cycle statistics
//! (live bytes, freed cells) would be summed as pages finish rather than in one pass.

use super::gc::{GcHeader, HeapKind};
use std::alloc::{alloc, dealloc, handle_alloc_error, Layout};
use std::cell::Cell;
use std::ptr::NonNull;

/// Bytes per page, which is also its alignment.
pub(crate) const PAGE_SIZE: usize = 64 * 1024;

/// Cells start this aligned; a `GcBox<T>` must not need more.
pub(crate) const CELL_ALIGN: usize = 16;

/// Offset of the first cell from the page base.
const CELLS_OFFSET: usize = std::mem::size_of::<PageHeader>().next_multiple_of(CELL_ALIGN);

const PAGE_LAYOUT: Layout = match Layout::from_size_align(PAGE_SIZE, PAGE_SIZE) {
    Ok(l) => l,
    Err(_) => panic!("bad page layout"),
};

/// A free cell: the header (with `free` set), then the next free cell of the same page.
#[repr(C)]
pub(crate) struct FreeCell {
    header: GcHeader,
    next: Option<NonNull<FreeCell>>,
}

/// The header at the start of every page.
#[repr(C)]
pub(crate) struct PageHeader {
    kind: HeapKind,
    cell_size: u32,
    capacity: u32,
    /// The high-water mark: cells `0..used` are initialised, the rest untouched.
    used: Cell<u32>,
    /// Cells below `used` not on this page's free list: allocated ones, plus the free cells
    /// handed to the allocator (the free list of a space's current page) and not used yet.
    /// Always `live + free list length == used`.
    live: Cell<u32>,
    free: Cell<Option<NonNull<FreeCell>>>,
}

/// A page, by its base address. Valid from [`Page::new`] until [`Page::release`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Page(NonNull<PageHeader>);

/// The base addresses of a heap's pages, sorted: finds the page of an address (heap verify).
/// A snapshot: valid until the heap next maps or unmaps a page.
pub(crate) struct PageSet(Vec<usize>);

impl PageSet {
    pub(crate) fn new(pages: impl Iterator<Item = Page>) -> PageSet {
        let mut bases: Vec<usize> = pages.map(Page::base).collect();
        bases.sort_unstable();
        PageSet(bases)
    }

    /// The page that holds `addr`, if it is one of these.
    pub(crate) fn page_of(&self, addr: usize) -> Option<Page> {
        let base = Page::base_of(addr);
        self.0.binary_search(&base).ok()?;
        // SAFETY: `base` is in the set, so it is the base of a page that was mapped when the set
        // was made and still is (the set's users do not outlive a sweep).
        Some(unsafe { Page::from_base(base) })
    }
}

/// What sweeping one page found.
pub(crate) struct PageSweep {
    /// Marked cells (now unmarked).
    pub(crate) live: u32,
    /// Unmarked cells that were dropped and freed.
    pub(crate) freed: u32,
}

#[cfg(test)]
thread_local! {
    /// Pages mapped and not yet released on this thread, so tests can check for leaks.
    pub(crate) static LIVE_PAGES: Cell<isize> = const { Cell::new(0) };
}

impl Page {
    /// Maps a page of `kind` cells of `cell_size` bytes, none used yet.
    fn new(kind: HeapKind, cell_size: usize) -> Page {
        assert!(
            cell_size >= std::mem::size_of::<FreeCell>()
                && cell_size.is_multiple_of(std::mem::align_of::<FreeCell>())
                && cell_size <= PAGE_SIZE - CELLS_OFFSET
        );
        // SAFETY: the layout has a non-zero size.
        let base = unsafe { alloc(PAGE_LAYOUT) };
        let Some(base) = NonNull::new(base) else {
            handle_alloc_error(PAGE_LAYOUT)
        };
        let capacity = (PAGE_SIZE - CELLS_OFFSET) / cell_size;
        let page = Page(base.cast());
        // SAFETY: `base` is a fresh allocation of PAGE_SIZE bytes aligned to PAGE_SIZE, so the
        // header fits at its start and is suitably aligned.
        unsafe {
            page.0.as_ptr().write(PageHeader {
                kind,
                cell_size: cell_size as u32,
                capacity: capacity as u32,
                used: Cell::new(0),
                live: Cell::new(0),
                free: Cell::new(None),
            })
        };
        #[cfg(test)]
        LIVE_PAGES.with(|n| n.set(n.get() + 1));
        page
    }

    /// Unmaps the page.
    ///
    /// # Safety
    /// Every allocated cell of the page must already have been dropped (or be free), and nothing
    /// may use the page or its cells afterwards.
    unsafe fn release(self) {
        #[cfg(test)]
        LIVE_PAGES.with(|n| n.set(n.get() - 1));
        // SAFETY: the page was allocated by `Page::new` with PAGE_LAYOUT; the caller guarantees
        // nothing uses it any more.
        unsafe { dealloc(self.0.as_ptr().cast(), PAGE_LAYOUT) }
    }

    /// The page whose base is `base` (see [`Page::base_of`]).
    ///
    /// # Safety
    /// `base` must be the base of a page that is mapped.
    pub(crate) unsafe fn from_base(base: usize) -> Page {
        // SAFETY: a mapped page's base is not null.
        Page(unsafe { NonNull::new_unchecked(base as *mut PageHeader) })
    }

    /// The base address of the page containing `addr` (whether or not it is one of ours).
    #[inline]
    pub(crate) fn base_of(addr: usize) -> usize {
        addr & !(PAGE_SIZE - 1)
    }

    /// The page's base address.
    pub(crate) fn base(self) -> usize {
        self.0.as_ptr() as usize
    }

    #[inline]
    fn header(&self) -> &PageHeader {
        // SAFETY: a `Page` is used only while mapped (see `release`), and its header was written
        // by `Page::new`. The fields that change are `Cell`s.
        unsafe { self.0.as_ref() }
    }

    /// The kind of every cell of this page.
    pub(crate) fn kind(self) -> HeapKind {
        self.header().kind
    }

    /// Bytes per cell.
    pub(crate) fn cell_size(self) -> usize {
        self.header().cell_size as usize
    }

    /// Number of cells.
    pub(crate) fn capacity(self) -> usize {
        self.header().capacity as usize
    }

    /// The high-water mark: cells `0..used` are initialised.
    pub(crate) fn used(self) -> usize {
        self.header().used.get() as usize
    }

    /// Cells below `used` not on the page's own free list (see [`PageHeader::live`]).
    pub(crate) fn live(self) -> usize {
        self.header().live.get() as usize
    }

    /// Cell `i` (`i < capacity`).
    #[inline]
    pub(crate) fn cell(self, i: usize) -> NonNull<GcHeader> {
        debug_assert!(i < self.capacity());
        let off = CELLS_OFFSET + i * self.cell_size();
        // SAFETY: the offset stays inside the page for i < capacity.
        unsafe { self.0.cast::<u8>().add(off).cast() }
    }

    /// The index of the cell starting exactly at `addr`, if any (possibly at or above `used`).
    pub(crate) fn cell_index(self, addr: usize) -> Option<usize> {
        let off = addr.checked_sub(self.base() + CELLS_OFFSET)?;
        let i = off / self.cell_size();
        (off.is_multiple_of(self.cell_size()) && i < self.capacity()).then_some(i)
    }

    /// The header of cell `i` (`i < used`).
    pub(crate) fn cell_header(&self, i: usize) -> &GcHeader {
        assert!(i < self.used());
        // SAFETY: cells below `used` of a mapped page are initialised (a live `GcBox` or a
        // `FreeCell`), and both start with a `GcHeader`.
        unsafe { self.cell(i).as_ref() }
    }

    /// Hands out the next untouched cell, raising `used`.
    #[inline]
    fn bump(self) -> Option<NonNull<GcHeader>> {
        let h = self.header();
        let used = h.used.get();
        if used == h.capacity {
            return None;
        }
        h.used.set(used + 1);
        h.live.set(h.live.get() + 1);
        Some(self.cell(used as usize))
    }

    /// The cells on the page's own free list, first to last.
    pub(crate) fn free_list(self) -> FreeList {
        FreeList(self.header().free.get())
    }

    /// Moves the page's free list out (to a space's allocation list): its cells now count as
    /// live until the next sweep returns the unused ones.
    fn take_free(self) -> Option<NonNull<FreeCell>> {
        let h = self.header();
        h.live.set(h.used.get());
        h.free.take()
    }

    /// Sweeps the page: every unmarked allocated cell is passed to `dead` (which must drop it in
    /// place), every marked one is unmarked and passed to `live`. Then the free list is rebuilt
    /// from the free cells in address order, except a free run at the top, which is given back
    /// to the untouched tail by lowering `used` (an emptied page ends with `used == 0`).
    ///
    /// It reads and writes this page only, so pages can be swept one at a time, in any order,
    /// interleaved with allocation from other pages (lazy or background sweeping; see the
    /// module docs).
    ///
    /// # Safety
    /// Marking must be complete: unmarked allocated cells must be unreachable. Nothing may
    /// allocate from this page while it is swept (its cells must not be on a space's
    /// allocation list). `dead` must leave the cell's memory to be overwritten as free.
    pub(crate) unsafe fn sweep(
        self,
        mut dead: impl FnMut(NonNull<GcHeader>),
        mut live: impl FnMut(NonNull<GcHeader>),
    ) -> PageSweep {
        let kind = self.kind();
        let mut result = PageSweep { live: 0, freed: 0 };
        let mut free = None;
        let mut used = self.used();
        for i in (0..used).rev() {
            let cell = self.cell(i);
            let header = self.cell_header(i);
            if header.marked.get() {
                header.marked.set(false);
                result.live += 1;
                live(cell);
                continue;
            }
            if !header.free {
                dead(cell);
                result.freed += 1;
            }
            if result.live == 0 {
                // Nothing above is in use: trim instead of threading.
                used = i;
                continue;
            }
            // SAFETY: the cell is inside the page and free or just dropped, so nothing refers
            // to it; it is big and aligned enough for a FreeCell (checked in `Page::new`).
            unsafe {
                cell.cast::<FreeCell>()
                    .as_ptr()
                    .write(FreeCell::new(kind, free))
            };
            free = Some(cell.cast());
        }
        let h = self.header();
        h.free.set(free);
        h.used.set(used as u32);
        h.live.set(result.live);
        result
    }
}

impl FreeCell {
    fn new(kind: HeapKind, next: Option<NonNull<FreeCell>>) -> FreeCell {
        FreeCell {
            header: GcHeader {
                kind,
                marked: Cell::new(false),
                free: true,
            },
            next,
        }
    }
}

/// Iterates a free list.
pub(crate) struct FreeList(Option<NonNull<FreeCell>>);

impl Iterator for FreeList {
    type Item = NonNull<GcHeader>;
    fn next(&mut self) -> Option<NonNull<GcHeader>> {
        let c = self.0?;
        // SAFETY: free lists link only free cells of mapped pages, each written as a FreeCell
        // by `Page::sweep`.
        self.0 = unsafe { c.as_ref().next };
        Some(c.cast())
    }
}

/// The pages of one kind and the allocation state over them.
pub(crate) struct Space {
    kind: HeapKind,
    cell_size: usize,
    /// Every page of this kind.
    pages: Vec<Page>,
    /// The free list being allocated from, taken from `current`.
    free: Option<NonNull<FreeCell>>,
    /// The page being allocated from: `free`, then its untouched tail.
    current: Option<Page>,
    /// Pages with room not yet allocated from since the last sweep; the fullest last, so
    /// allocation fills nearly full pages first and leaves the emptiest to empty out.
    available: Vec<Page>,
    /// Empty pages (mapped or spare) allocation moved into since the last sweep: how many
    /// empty pages the next cycle is likely to want.
    empty_taken: usize,
}

impl Space {
    /// An empty space of `kind` cells of `cell_size` bytes. Maps nothing yet.
    pub(crate) fn new(kind: HeapKind, cell_size: usize) -> Space {
        Space {
            kind,
            cell_size,
            pages: Vec::new(),
            free: None,
            current: None,
            available: Vec::new(),
            empty_taken: 0,
        }
    }

    /// The kind of the cells.
    pub(crate) fn kind(&self) -> HeapKind {
        self.kind
    }

    /// Bytes per cell.
    pub(crate) fn cell_size(&self) -> usize {
        self.cell_size
    }

    /// The pages.
    pub(crate) fn pages(&self) -> &[Page] {
        &self.pages
    }

    /// The page being allocated from and its remaining free cells.
    pub(crate) fn allocation_list(&self) -> (Option<Page>, FreeList) {
        (self.current, FreeList(self.free))
    }

    /// A cell to allocate into, uninitialised as far as the caller is concerned: it must write
    /// a whole `GcBox` of this space's kind and size over it before the next sweep.
    #[inline(always)]
    pub(crate) fn alloc_cell(&mut self) -> NonNull<GcHeader> {
        match self.free {
            Some(c) => {
                // SAFETY: `free` links only free cells of this space's mapped pages, written as
                // FreeCells by `Page::sweep`.
                self.free = unsafe { c.as_ref().next };
                c.cast()
            }
            // Right after a sweep most cells come from the current page's untouched tail.
            None => match self.current.and_then(Page::bump) {
                Some(cell) => cell,
                None => self.alloc_slow(),
            },
        }
    }

    /// The free list is empty: bump into the current page's tail, else switch to the next page
    /// with room, else map one.
    #[inline(never)]
    fn alloc_slow(&mut self) -> NonNull<GcHeader> {
        loop {
            if let Some(cell) = self.current.and_then(Page::bump) {
                return cell;
            }
            let page = match self.available.pop() {
                Some(p) => p,
                None => {
                    let p = Page::new(self.kind, self.cell_size);
                    self.pages.push(p);
                    p
                }
            };
            if page.used() == 0 {
                self.empty_taken += 1;
            }
            self.current = Some(page);
            self.free = page.take_free();
            if self.free.is_some() {
                return self.alloc_cell();
            }
        }
    }

    /// Sweeps every page (see [`Page::sweep`]); `dead` drops a dead cell, `live` sees a
    /// surviving one. Empty pages are kept as spares up to the number of empty pages allocation
    /// moved into during the cycle (at least one), and unmapped beyond that. A program that
    /// needed that many fresh pages this cycle will likely need them again; unmapping and mapping
    /// them every cycle would cost time and, since aligned blocks are hard for `malloc` to reuse,
    /// memory. A heap that shrinks gives its pages back one cycle later.
    ///
    /// # Safety
    /// As for [`Page::sweep`]: marking must be complete.
    pub(crate) unsafe fn sweep(
        &mut self,
        mut dead: impl FnMut(NonNull<GcHeader>),
        mut live: impl FnMut(NonNull<GcHeader>),
    ) -> SpaceSweep {
        // The unused rest of the allocation list is still marked free in the cells themselves;
        // the page sweep puts it back on its page's list.
        self.free = None;
        self.current = None;
        self.available.clear();
        let mut result = SpaceSweep::default();
        let mut spares = std::mem::take(&mut self.empty_taken).max(1);
        let available = &mut self.available;
        self.pages.retain(|&page| {
            // SAFETY: guaranteed by the caller; no page is being allocated from (reset above).
            let r = unsafe { page.sweep(&mut dead, &mut live) };
            result.live += r.live as usize;
            result.freed += r.freed as usize;
            if r.live == 0 {
                if spares == 0 {
                    // SAFETY: the sweep dropped every cell of the page (none was live), and no
                    // list refers to it any more.
                    unsafe { page.release() };
                    result.pages_released += 1;
                    return false;
                }
                spares -= 1;
            }
            if page.live() < page.capacity() {
                available.push(page);
            }
            true
        });
        self.available.sort_unstable_by_key(|p| p.live());
        result
    }

    /// Drops every allocated cell with `drop_cell` and unmaps every page.
    ///
    /// # Safety
    /// Nothing may use any cell of this space afterwards.
    pub(crate) unsafe fn release_all(&mut self, mut drop_cell: impl FnMut(NonNull<GcHeader>)) {
        self.free = None;
        self.current = None;
        self.available.clear();
        for page in self.pages.drain(..) {
            for i in 0..page.used() {
                if !page.cell_header(i).free {
                    drop_cell(page.cell(i));
                }
            }
            // SAFETY: every allocated cell was just dropped; the page left `pages` and no list
            // refers to it.
            unsafe { page.release() };
        }
    }
}

/// What sweeping a space found.
#[derive(Default)]
pub(crate) struct SpaceSweep {
    /// Cells that survived.
    pub(crate) live: usize,
    /// Cells freed.
    pub(crate) freed: usize,
    /// Empty pages unmapped.
    pub(crate) pages_released: usize,
}
