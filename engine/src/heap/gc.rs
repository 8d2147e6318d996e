//! Allocation and the mark-sweep collector.

use super::stats::{GcCycle, HeapStats};
use super::trace::{Trace, Tracer};
use crate::object::{Env, JsObject};
use crate::string::JsString;
use crate::symbol::JsSymbol;
use std::cell::Cell;
use std::marker::PhantomData;
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

/// The header at the start of every heap cell.
#[repr(C)]
pub struct GcHeader {
    pub(crate) kind: HeapKind,
    pub(crate) marked: Cell<bool>,
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
        // (the collector runs only at safepoints, where every live `Gc` is rooted or traced).
        unsafe { &self.ptr.as_ref().value }
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

/// Owns every heap cell.
pub(crate) struct Heap {
    cells: Vec<NonNull<GcHeader>>,
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
}

/// A per-cycle observer.
pub(crate) type CycleHook = Box<dyn FnMut(&GcCycle)>;

const MIN_THRESHOLD: usize = 8 << 20;

impl Heap {
    pub(crate) fn new(stress: bool, verify: bool) -> Heap {
        Heap {
            cells: Vec::with_capacity(4096),
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
        }
    }

    /// Allocates a cell. Never collects.
    #[inline]
    pub(crate) fn alloc<T: HeapAlloc>(&mut self, value: T) -> Gc<T> {
        let size = std::mem::size_of::<GcBox<T>>() + value.extra_bytes();
        let boxed = Box::new(GcBox {
            header: GcHeader {
                kind: T::KIND,
                marked: Cell::new(false),
            },
            value,
        });
        let ptr = NonNull::from(Box::leak(boxed));
        self.cells.push(ptr.cast());
        self.bytes_allocated += size;
        self.stats.total_allocated += size as u64;
        if self.bytes_allocated > self.threshold || self.stress {
            self.wants_collection = true;
        }
        Gc {
            ptr,
            _marker: PhantomData,
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

    /// Phase 1: starts a cycle and returns the tracer to mark the roots with.
    pub(crate) fn begin_mark(&mut self, reason: &'static str) -> Tracer {
        if self.verify {
            self.verify_heap("before marking");
        }
        self.mark_started = Some((Instant::now(), self.bytes_allocated, reason));
        Tracer::new()
    }

    /// Phase 2: drains the mark stack (transitively marks everything reachable).
    pub(crate) fn mark(&mut self, tracer: &mut Tracer) {
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

    /// Phase 3: frees every unmarked cell and clears marks. Separate from marking so that
    /// sweeping can later move to a background thread.
    pub(crate) fn sweep(&mut self) {
        let (started, bytes_before, reason) = self.mark_started.take().expect("sweep without mark");
        let sweep_start = Instant::now();
        self.mark_time = sweep_start - started;
        let mut live_bytes = 0usize;
        let before = self.cells.len();
        self.cells.retain(|&h| {
            // SAFETY: every pointer in `cells` is a live cell allocated by `alloc`.
            let header = unsafe { h.as_ref() };
            if header.marked.get() {
                header.marked.set(false);
                // SAFETY: as above; the cell is alive.
                live_bytes += unsafe { cell_size(h) };
                true
            } else {
                // SAFETY: unmarked cells are unreachable from the roots, so nothing can use them.
                unsafe { free_cell(h) };
                false
            }
        });
        let now = Instant::now();
        let freed = before - self.cells.len();
        self.bytes_allocated = live_bytes;
        self.threshold = (live_bytes * 2).max(MIN_THRESHOLD);
        self.wants_collection = false;
        let pause = now - started;
        self.stats.collections += 1;
        self.stats.total_pause += pause;
        self.stats.max_pause = self.stats.max_pause.max(pause);
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
            objects_live: self.cells.len(),
            heap_size: live_bytes,
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
        s.objects = self.cells.len();
        s
    }

    /// Heap-verify mode: every reference held by every cell must point at a cell of this heap.
    pub(crate) fn verify_heap(&self, when: &str) {
        let live: rustc_hash::FxHashSet<usize> =
            self.cells.iter().map(|h| h.as_ptr() as usize).collect();
        let mut tracer = Tracer::new();
        for &h in &self.cells {
            // SAFETY: every cell in `cells` is alive; tracing only reads it.
            unsafe { trace_cell(h, &mut tracer) };
            for child in tracer.stack.drain(..) {
                assert!(
                    live.contains(&(child.as_ptr() as usize)),
                    "heap verify ({when}): a cell references freed memory"
                );
            }
        }
        // Tracing set mark bits on the children it visited; verification must not leave marks behind.
        for &h in &self.cells {
            // SAFETY: as above.
            unsafe { h.as_ref() }.marked.set(false);
        }
    }
}

impl Drop for Heap {
    fn drop(&mut self) {
        for &h in &self.cells {
            // SAFETY: the heap is going away with every cell; nothing can reach them afterwards.
            unsafe { free_cell(h) };
        }
    }
}

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

/// # Safety
/// `h` must be the header of a live cell.
unsafe fn cell_size(h: NonNull<GcHeader>) -> usize {
    fn size<T: HeapAlloc>(b: &GcBox<T>) -> usize {
        std::mem::size_of::<GcBox<T>>() + b.value.extra_bytes()
    }
    // SAFETY: the kind tells which `GcBox<T>` the cell is; the caller guarantees it is alive.
    unsafe {
        match h.as_ref().kind {
            HeapKind::String => size(h.cast::<GcBox<JsString>>().as_ref()),
            HeapKind::Symbol => size(h.cast::<GcBox<JsSymbol>>().as_ref()),
            HeapKind::Object => size(h.cast::<GcBox<JsObject>>().as_ref()),
            HeapKind::Env => size(h.cast::<GcBox<Env>>().as_ref()),
        }
    }
}

/// # Safety
/// `h` must be the header of a live cell that nothing will use again.
unsafe fn free_cell(h: NonNull<GcHeader>) {
    // SAFETY: the cell was created by `Box::leak` in `alloc` with the type its kind names.
    unsafe {
        match h.as_ref().kind {
            HeapKind::String => drop(Box::from_raw(h.cast::<GcBox<JsString>>().as_ptr())),
            HeapKind::Symbol => drop(Box::from_raw(h.cast::<GcBox<JsSymbol>>().as_ptr())),
            HeapKind::Object => drop(Box::from_raw(h.cast::<GcBox<JsObject>>().as_ptr())),
            HeapKind::Env => drop(Box::from_raw(h.cast::<GcBox<Env>>().as_ptr())),
        }
    }
}
