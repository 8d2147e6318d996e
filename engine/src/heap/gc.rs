//! Allocation and the mark-sweep collector.
//!
//! Cells live in pages (see [`super::page`]), one [`Space`] of pages per [`HeapKind`]. This file
//! knows which Rust type each kind is; the page code only knows cell sizes.

use super::page::{Page, PageSet, Space, SpaceSweep, CELL_ALIGN, PAGE_SIZE};
use super::stats::{GcCycle, HeapStats};
use super::trace::{Checker, Expect, Trace, Tracer};
use crate::object::{Env, JsObject};
use crate::string::JsString;
use crate::symbol::JsSymbol;
use std::cell::Cell;
use std::marker::PhantomData;
use std::mem::{align_of, size_of};
use std::ptr::NonNull;
use std::time::{Duration, Instant};

/// What a heap cell holds; the collector dispatches on it to trace and free.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum HeapKind {
    /// A [`JsString`].
    String,
    /// A [`JsSymbol`].
    Symbol,
    /// A [`JsObject`].
    Object,
    /// A closure environment ([`Env`]).
    Env,
}

impl HeapKind {
    /// Every kind, in discriminant order (the index of its [`Space`]).
    const ALL: [HeapKind; 4] = [
        HeapKind::String,
        HeapKind::Symbol,
        HeapKind::Object,
        HeapKind::Env,
    ];

    /// Bytes per cell of this kind: the size of the `GcBox` of the type it names.
    const fn cell_size(self) -> usize {
        match self {
            HeapKind::String => size_of::<GcBox<JsString>>(),
            HeapKind::Symbol => size_of::<GcBox<JsSymbol>>(),
            HeapKind::Object => size_of::<GcBox<JsObject>>(),
            HeapKind::Env => size_of::<GcBox<Env>>(),
        }
    }
}

/// Calls `$f::<T>($args)` with the Rust type `T` that `$kind` names.
macro_rules! with_kind {
    ($kind:expr, $f:ident($($arg:expr),*)) => {
        match $kind {
            HeapKind::String => $f::<JsString>($($arg),*),
            HeapKind::Symbol => $f::<JsSymbol>($($arg),*),
            HeapKind::Object => $f::<JsObject>($($arg),*),
            HeapKind::Env => $f::<Env>($($arg),*),
        }
    };
}

/// The header at the start of every heap cell.
#[repr(C)]
pub struct GcHeader {
    pub(crate) kind: HeapKind,
    pub(crate) marked: Cell<bool>,
    /// A free cell of a page (never reachable): its header is followed by a free-list link,
    /// not a value.
    pub(crate) free: bool,
}

/// A heap cell: header followed by the value.
#[repr(C)]
pub struct GcBox<T> {
    header: GcHeader,
    value: T,
}

/// A pointer to a garbage-collected `T`. Copyable and 8 bytes; valid while reachable from a root.
pub struct Gc<T> {
    ptr: NonNull<GcBox<T>>,
    _marker: PhantomData<*const T>,
}

impl<T> Clone for Gc<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Gc<T> {}
impl<T> PartialEq for Gc<T> {
    fn eq(&self, other: &Self) -> bool {
        self.ptr == other.ptr
    }
}
impl<T> Eq for Gc<T> {}
impl<T> std::hash::Hash for Gc<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.ptr.hash(state)
    }
}
impl<T> std::fmt::Debug for Gc<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Gc({:p})", self.ptr)
    }
}

impl<T> Gc<T> {
    /// The cell's address (what a [`crate::value::Value`] stores).
    #[inline(always)]
    pub fn addr(self) -> usize {
        self.ptr.as_ptr() as usize
    }

    /// # Safety
    /// `addr` must come from [`Gc::addr`] of a live cell holding a `T`.
    #[inline(always)]
    pub(crate) unsafe fn from_addr(addr: usize) -> Gc<T> {
        Gc {
            // SAFETY: guaranteed non-null by the caller.
            ptr: unsafe { NonNull::new_unchecked(addr as *mut GcBox<T>) },
            _marker: PhantomData,
        }
    }

    /// # Safety
    /// `h` must be the header of a live cell holding a `T`.
    #[inline(always)]
    unsafe fn from_header(h: NonNull<GcHeader>) -> Gc<T> {
        Gc {
            ptr: h.cast(),
            _marker: PhantomData,
        }
    }

    #[inline(always)]
    pub(crate) fn header_ptr(self) -> NonNull<GcHeader> {
        self.ptr.cast()
    }

    /// Pointer identity.
    #[inline(always)]
    pub fn ptr_eq(a: Gc<T>, b: Gc<T>) -> bool {
        a.ptr == b.ptr
    }
}

impl<T> std::ops::Deref for Gc<T> {
    type Target = T;
    #[inline(always)]
    fn deref(&self) -> &T {
        // SAFETY: a `Gc` is only created by `Heap::alloc` and is used while its cell is reachable
        // (the collector runs only at safepoints, where every live `Gc` is rooted or traced), so
        // the cell holds an initialised `GcBox<T>` (cells never move).
        unsafe { &self.ptr.as_ref().value }
    }
}

/// A typed reference to an allocated cell (what `Heap::for_each_cell` visits).
#[derive(Clone, Copy, Debug)]
pub enum HeapCell {
    /// A string.
    String(Gc<JsString>),
    /// A symbol.
    Symbol(Gc<JsSymbol>),
    /// An object.
    Object(Gc<JsObject>),
    /// A closure environment.
    Env(Gc<Env>),
}

impl HeapCell {
    /// The cell's address (as values and `Gc` pointers hold it).
    pub fn addr(self) -> usize {
        match self {
            HeapCell::String(g) => g.addr(),
            HeapCell::Symbol(g) => g.addr(),
            HeapCell::Object(g) => g.addr(),
            HeapCell::Env(g) => g.addr(),
        }
    }
}

/// Heap types: each knows its kind and its approximate size for accounting.
pub(crate) trait HeapAlloc: Trace {
    const KIND: HeapKind;
    /// Bytes owned outside the cell (vectors, boxed data).
    fn extra_bytes(&self) -> usize {
        0
    }
}

/// Owns every heap cell: one space of pages per kind.
pub(crate) struct Heap {
    /// Indexed by `HeapKind as usize`.
    spaces: [Space; 4],
    /// Allocated cells (live after the last sweep plus everything since).
    objects: usize,
    pub(crate) bytes_allocated: usize,
    threshold: usize,
    pub(crate) stress: bool,
    pub(crate) verify: bool,
    /// Set by allocation past the threshold; the VM collects at its next safepoint.
    pub(crate) wants_collection: bool,
    pub(crate) stats: HeapStats,
    created: Instant,
    /// Called after every cycle (the telemetry stream hooks in here).
    pub(crate) on_cycle: Vec<CycleHook>,
    mark_started: Option<(Instant, usize, &'static str)>,
    mark_time: Duration,
    /// `stats.total_allocated` at which the next allocation is sampled; `u64::MAX` while the
    /// sampling heap profiler is off, so allocation pays one predictable branch for it.
    pub(crate) sample_at: u64,
    /// The sampling heap profiler's state while it runs.
    pub(crate) sampling: Option<Box<crate::profiler::allocation::AllocationSampler>>,
}

/// A per-cycle observer.
pub(crate) type CycleHook = Box<dyn FnMut(&GcCycle)>;

/// The least allocation between collections. Small on purpose: with few live objects, freed
/// cells are reused while they are still in the CPU's caches, like a young generation, and a
/// cycle over a small live set costs little. At 8 MiB, async_ops (72k dead objects a cycle) ran
/// about 10 % slower, and no Are-We-Fast-Yet program got faster.
const MIN_THRESHOLD: usize = 2 << 20;

impl Heap {
    pub(crate) fn new(stress: bool, verify: bool) -> Heap {
        Heap {
            spaces: HeapKind::ALL.map(|k| Space::new(k, k.cell_size())),
            objects: 0,
            bytes_allocated: 0,
            threshold: MIN_THRESHOLD,
            stress,
            verify,
            wants_collection: false,
            stats: HeapStats::default(),
            created: Instant::now(),
            on_cycle: Vec::new(),
            mark_started: None,
            mark_time: Duration::ZERO,
            sample_at: u64::MAX,
            sampling: None,
        }
    }

    /// Allocates a cell. Never collects.
    #[inline]
    pub(crate) fn alloc<T: HeapAlloc>(&mut self, value: T) -> Gc<T> {
        const {
            assert!(size_of::<GcBox<T>>() == T::KIND.cell_size());
            assert!(align_of::<GcBox<T>>() <= CELL_ALIGN);
        }
        let size = size_of::<GcBox<T>>() + value.extra_bytes();
        let ptr = self.spaces[T::KIND as usize]
            .alloc_cell()
            .cast::<GcBox<T>>();
        // SAFETY: `alloc_cell` hands out a free cell of the space for `T::KIND`, which nothing
        // refers to. Its cells are exactly `GcBox<T>`-sized and CELL_ALIGN-aligned (the const
        // assertions above), so the write stays in the cell and is aligned.
        unsafe {
            ptr.as_ptr().write(GcBox {
                header: GcHeader {
                    kind: T::KIND,
                    marked: Cell::new(false),
                    free: false,
                },
                value,
            })
        };
        self.objects += 1;
        self.bytes_allocated += size;
        self.stats.total_allocated += size as u64;
        if self.bytes_allocated > self.threshold || self.stress {
            self.wants_collection = true;
        }
        if self.stats.total_allocated >= self.sample_at {
            self.sample_allocation(size);
        }
        Gc {
            ptr,
            _marker: PhantomData,
        }
    }

    /// The sampling heap profiler's slow path: records the allocation's size for the VM to
    /// attribute to the JS stack at its next safepoint, and draws the next sample point.
    #[cold]
    #[inline(never)]
    fn sample_allocation(&mut self, size: usize) {
        match self.sampling.as_deref_mut() {
            Some(s) => {
                let gap = s.record(size as u64);
                self.sample_at = self.stats.total_allocated.saturating_add(gap);
            }
            None => self.sample_at = u64::MAX,
        }
    }

    /// Accounts for bytes a cell grew by after allocation (vectors growing).
    #[inline]
    pub(crate) fn note_growth(&mut self, bytes: usize) {
        self.bytes_allocated += bytes;
        self.stats.total_allocated += bytes as u64;
        if self.bytes_allocated > self.threshold {
            self.wants_collection = true;
        }
    }

    /// Phase 1: starts a cycle and returns the tracer to mark the roots with. In verify mode the
    /// tracer checks each root before marking it.
    pub(crate) fn begin_mark(&mut self, reason: &'static str) -> Tracer {
        if self.verify {
            self.verify_heap("before marking");
        }
        self.mark_started = Some((Instant::now(), self.bytes_allocated, reason));
        Tracer::new(self.verify.then(|| Checker {
            pages: self.page_set(),
            when: "roots",
            holder: "a root".into(),
            mark: true,
            collect: None,
        }))
    }

    /// Phase 2: drains the mark stack (transitively marks everything reachable).
    pub(crate) fn mark(&mut self, tracer: &mut Tracer) {
        // The roots are traced; references held by cells are verified by `verify_heap`.
        tracer.checker = None;
        while let Some(h) = tracer.stack.pop() {
            // SAFETY: only headers of live cells are pushed onto the mark stack.
            unsafe { trace_cell(h, tracer) };
        }
    }

    /// Is this value's cell marked (for weak containers deciding what survives)?
    pub(crate) fn is_marked_addr(addr: usize) -> bool {
        // SAFETY: callers pass the address of a live cell (a heap value held by a weak container).
        unsafe { (*(addr as *const GcHeader)).marked.get() }
    }

    /// Phase 3: sweeps every page (drops unmarked cells in place and frees them, clears marks,
    /// unmaps empty pages) and recomputes the threshold. Separate from marking so that sweeping
    /// can later run lazily or on a background thread, one page at a time (see `page.rs`).
    pub(crate) fn sweep(&mut self) {
        let (started, bytes_before, reason) = self.mark_started.take().expect("sweep without mark");
        let sweep_start = Instant::now();
        self.mark_time = sweep_start - started;
        let mut live_bytes = 0usize;
        let mut cell_bytes = 0usize;
        let mut live = 0usize;
        let mut freed = 0usize;
        let mut pages_released = 0usize;
        for space in &mut self.spaces {
            // SAFETY: marking is complete (`mark_started` was set by `begin_mark`, and the VM
            // marks roots, drains the stack and processes weak containers before sweeping), so
            // unmarked cells are unreachable.
            let r = unsafe { sweep_space(space, &mut live_bytes, self.verify) };
            live += r.live;
            freed += r.freed;
            pages_released += r.pages_released;
            cell_bytes += r.live * space.cell_size();
        }
        let now = Instant::now();
        self.objects = live;
        self.bytes_allocated = live_bytes;
        self.threshold = (live_bytes * 2).max(MIN_THRESHOLD);
        self.wants_collection = false;
        let pause = now - started;
        self.stats.collections += 1;
        self.stats.total_pause += pause;
        self.stats.max_pause = self.stats.max_pause.max(pause);
        let pages = self.page_count();
        let cycle = GcCycle {
            id: self.stats.collections,
            reason,
            start: started - self.created,
            pause,
            mark: self.mark_time,
            sweep: now - sweep_start,
            bytes_before,
            bytes_after: live_bytes,
            objects_freed: freed,
            objects_live: live,
            heap_size: pages * PAGE_SIZE + (live_bytes - cell_bytes),
            pages,
            pages_released,
            next_threshold: self.threshold,
        };
        self.stats.last = Some(cycle.clone());
        for hook in &mut self.on_cycle {
            hook(&cycle);
        }
        if self.verify {
            self.verify_heap("after sweeping");
        }
    }

    /// Current statistics.
    pub(crate) fn stats(&self) -> HeapStats {
        let mut s = self.stats.clone();
        s.bytes_allocated = self.bytes_allocated;
        s.objects = self.objects;
        s.pages = self.page_count();
        s.committed_bytes = s.pages * PAGE_SIZE;
        s
    }

    /// Calls `f` with every allocated cell and its size (the cell plus what its value owns),
    /// page by page (for heap snapshots; cells allocated by `f` may or may not be visited).
    pub(crate) fn for_each_cell(&self, mut f: impl FnMut(HeapCell, usize)) {
        for space in &self.spaces {
            let kind = space.kind();
            for &page in space.pages() {
                for i in 0..page.used() {
                    if page.cell_header(i).free {
                        continue;
                    }
                    let h = page.cell(i);
                    // SAFETY: an allocated cell (below `used`, not free) of a space of `kind`,
                    // so it holds a live value of the type `kind` names.
                    let (cell, size) = unsafe {
                        match kind {
                            HeapKind::String => (
                                HeapCell::String(Gc::from_header(h)),
                                cell_bytes::<JsString>(h),
                            ),
                            HeapKind::Symbol => (
                                HeapCell::Symbol(Gc::from_header(h)),
                                cell_bytes::<JsSymbol>(h),
                            ),
                            HeapKind::Object => (
                                HeapCell::Object(Gc::from_header(h)),
                                cell_bytes::<JsObject>(h),
                            ),
                            HeapKind::Env => {
                                (HeapCell::Env(Gc::from_header(h)), cell_bytes::<Env>(h))
                            }
                        }
                    };
                    f(cell, size);
                }
            }
        }
    }

    fn page_count(&self) -> usize {
        self.spaces.iter().map(|s| s.pages().len()).sum()
    }

    /// All pages, for looking up the page of an address.
    pub(super) fn page_set(&self) -> PageSet {
        PageSet::new(self.spaces.iter().flat_map(|s| s.pages().iter().copied()))
    }

    /// Heap-verify mode: checks the page structure (free lists, live counts, no marks left
    /// between cycles) and that every reference held by every cell points at an allocated cell
    /// of the right kind in one of this heap's pages. Panics otherwise.
    pub(crate) fn verify_heap(&self, when: &'static str) {
        let mut tracer = Tracer::new(Some(Checker {
            pages: self.page_set(),
            when,
            holder: String::new(),
            mark: false,
            collect: None,
        }));
        let mut objects = 0;
        for space in &self.spaces {
            let kind = space.kind();
            if let Some(c) = &mut tracer.checker {
                c.holder = format!("a {kind:?} cell");
            }
            let (current, alloc_list) = space.allocation_list();
            let mut reserved = 0;
            for h in alloc_list {
                let page = current.expect("allocation list without a page");
                let i = page.cell_index(h.as_ptr() as usize);
                assert!(
                    Page::base_of(h.as_ptr() as usize) == page.base()
                        && i.is_some_and(|i| i < page.used() && page.cell_header(i).free),
                    "heap verify ({when}): {kind:?} allocation list holds a bad cell"
                );
                reserved += 1;
            }
            for &page in space.pages() {
                assert!(
                    page.kind() == kind && page.cell_size() == space.cell_size(),
                    "heap verify ({when}): {kind:?} space holds a foreign page"
                );
                let mut on_list = 0;
                for h in page.free_list() {
                    let i = page.cell_index(h.as_ptr() as usize);
                    assert!(
                        i.is_some_and(|i| i < page.used() && page.cell_header(i).free),
                        "heap verify ({when}): {kind:?} free list holds a bad cell"
                    );
                    on_list += 1;
                }
                let mut allocated = 0;
                for i in 0..page.used() {
                    let header = page.cell_header(i);
                    assert!(
                        header.kind == kind,
                        "heap verify ({when}): {kind:?} page holds a cell of another kind"
                    );
                    if header.free {
                        continue;
                    }
                    assert!(
                        !header.marked.get(),
                        "heap verify ({when}): a mark bit survived the sweep"
                    );
                    allocated += 1;
                    // SAFETY: an allocated cell of this heap; a checking tracer that does not mark
                    // only reads it and checks the addresses it holds without touching them.
                    unsafe { trace_cell(page.cell(i), &mut tracer) };
                }
                let reserved_here = if current == Some(page) { reserved } else { 0 };
                assert!(
                    page.used() <= page.capacity()
                        && page.live() + on_list == page.used()
                        && allocated + reserved_here == page.live(),
                    "heap verify ({when}): {kind:?} page counts are inconsistent"
                );
                objects += allocated;
            }
        }
        assert_eq!(
            objects, self.objects,
            "heap verify ({when}): object count is off"
        );
    }
}

/// Is `addr` an allocated cell in one of `pages` that matches `expect`?
pub(super) fn check_ref(pages: &PageSet, addr: usize, expect: Expect) -> Result<(), &'static str> {
    let Some(page) = pages.page_of(addr) else {
        return Err("memory outside the heap's pages");
    };
    let Some(i) = page.cell_index(addr) else {
        return Err("an address inside a page that is not the start of a cell");
    };
    if i >= page.used() {
        return Err("a free cell");
    }
    let header = page.cell_header(i);
    if header.free {
        return Err("a free cell");
    }
    if header.kind != page.kind() {
        return Err("a cell whose header disagrees with its page");
    }
    match expect {
        Expect::Kind(k) if k != page.kind() => Err("a cell of another kind"),
        Expect::CellSize(s) if s != page.cell_size() => Err("a cell of another type"),
        _ => Ok(()),
    }
}

impl Drop for Heap {
    fn drop(&mut self) {
        /// # Safety
        /// The space must hold `T` cells, and nothing may use them again.
        unsafe fn release<T>(space: &mut Space) {
            // SAFETY: the caller guarantees the type; `release_all` passes allocated cells.
            unsafe { space.release_all(|h| drop_cell::<T>(h)) }
        }
        for space in &mut self.spaces {
            // SAFETY: the heap is going away with every cell; nothing can reach them afterwards.
            // The space's kind names the type of its cells.
            unsafe { with_kind!(space.kind(), release(space)) }
        }
    }
}

/// Sweeps one space; adds the bytes of its survivors to `live_bytes`. With `poison` (heap-verify
/// mode) a dead cell's value bytes are overwritten with [`POISON`], so that a stale reference
/// (a value the mutator held without rooting it) reads garbage at once instead of working by
/// luck until the cell is reused.
///
/// # Safety
/// Marking must be complete.
unsafe fn sweep_space(space: &mut Space, live_bytes: &mut usize, poison: bool) -> SpaceSweep {
    /// # Safety
    /// As above, and the space must hold `T` cells.
    unsafe fn sweep<T: HeapAlloc>(
        space: &mut Space,
        live_bytes: &mut usize,
        poison: bool,
    ) -> SpaceSweep {
        let dead = |h: NonNull<GcHeader>| {
            // SAFETY: the page sweep passes dead allocated `T` cells only.
            unsafe { drop_cell::<T>(h) };
            if poison {
                let start = std::mem::offset_of!(GcBox<T>, value);
                // SAFETY: the value was just dropped and the bytes lie inside the cell; the
                // page code rewrites the header and link it needs after `dead` returns.
                unsafe {
                    h.cast::<u8>()
                        .as_ptr()
                        .add(start)
                        .write_bytes(POISON, size_of::<GcBox<T>>() - start)
                };
            }
        };
        // SAFETY: marking is complete (caller). The page sweep passes allocated `T` cells only:
        // dead ones to the first closure, which drops them, live ones to the second.
        unsafe { space.sweep(dead, |h| *live_bytes += cell_bytes::<T>(h)) }
    }
    // SAFETY: the space's kind names the type of its cells; the rest is the caller's promise.
    unsafe { with_kind!(space.kind(), sweep(space, live_bytes, poison)) }
}

/// The byte heap-verify mode fills dead cells with.
pub(crate) const POISON: u8 = 0xDB;

/// # Safety
/// `h` must be the header of a live cell.
unsafe fn trace_cell(h: NonNull<GcHeader>, tracer: &mut Tracer) {
    // SAFETY: the kind tells which `GcBox<T>` the cell is; the caller guarantees it is alive.
    unsafe {
        match h.as_ref().kind {
            HeapKind::String => {}
            HeapKind::Symbol => h.cast::<GcBox<JsSymbol>>().as_ref().value.trace(tracer),
            HeapKind::Object => h.cast::<GcBox<JsObject>>().as_ref().value.trace(tracer),
            HeapKind::Env => h.cast::<GcBox<Env>>().as_ref().value.trace(tracer),
        }
    }
}

/// Bytes a cell accounts for: the cell plus what its value owns outside it.
///
/// # Safety
/// `h` must be the header of an allocated cell holding a `T`.
unsafe fn cell_bytes<T: HeapAlloc>(h: NonNull<GcHeader>) -> usize {
    // SAFETY: guaranteed by the caller.
    let value = unsafe { &h.cast::<GcBox<T>>().as_ref().value };
    size_of::<GcBox<T>>() + value.extra_bytes()
}

/// Drops the value of a cell in place; the page code then reuses the memory as a free cell.
///
/// # Safety
/// `h` must be the header of an allocated cell holding a `T` that nothing will use again.
unsafe fn drop_cell<T>(h: NonNull<GcHeader>) {
    // SAFETY: guaranteed by the caller; the value was written by `Heap::alloc`.
    unsafe { std::ptr::drop_in_place(&raw mut (*h.cast::<GcBox<T>>().as_ptr()).value) }
}
