//! Tracing: how heap objects report the references they hold.

use super::gc::{check_ref, GcBox, GcHeader, HeapKind};
use super::Gc;
use crate::value::Value;
use std::ptr::NonNull;

/// Implemented by every heap type: report each heap reference to the tracer.
pub trait Trace {
    /// Calls [`Tracer::value`] / [`Tracer::gc`] for every reference held.
    fn trace(&self, tracer: &mut Tracer);
}

/// The mark stack. Marking is iterative, so deep object graphs cannot overflow the Rust stack.
pub struct Tracer {
    pub(crate) stack: Vec<NonNull<GcHeader>>,
    /// Heap-verify mode: every reference is checked before anything touches the cell it points
    /// at, and marked only if the checker says so.
    pub(crate) checker: Option<Box<Checker>>,
}

/// Checks references for heap-verify mode.
pub(crate) struct Checker {
    /// The heap's pages.
    pub(crate) pages: super::page::PageSet,
    /// When (for the panic message): "roots", "before marking", ...
    pub(crate) when: &'static str,
    /// Who holds the references being checked (for the panic message): "a root", ...
    pub(crate) holder: String,
    /// Mark the references after checking them (tracing roots) or only check (verifying cells).
    pub(crate) mark: bool,
    /// Collect mode (heap snapshots): record each reference here, check and mark nothing.
    pub(crate) collect: Option<Vec<usize>>,
}

/// What a reference should point at.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Expect {
    /// A cell of this kind (from a value's tag).
    Kind(HeapKind),
    /// A cell of this size (a `Gc<T>`: the size of `GcBox<T>`; the type system fixed `T`).
    CellSize(usize),
}

impl Tracer {
    pub(crate) fn new(checker: Option<Checker>) -> Self {
        Tracer {
            stack: Vec::with_capacity(1024),
            checker: checker.map(Box::new),
        }
    }

    /// Marks a value (no-op for non-heap values).
    #[inline]
    pub fn value(&mut self, v: Value) {
        if let Some(addr) = v.heap_addr() {
            if self.checker.is_some() {
                let kind = if v.is_string() {
                    HeapKind::String
                } else if v.is_symbol() {
                    HeapKind::Symbol
                } else {
                    HeapKind::Object
                };
                return self.check(addr, Expect::Kind(kind));
            }
            // SAFETY: a heap-tagged value always holds the address of a live `GcBox` header.
            unsafe { self.mark_header(NonNull::new_unchecked(addr as *mut GcHeader)) }
        }
    }

    /// Marks a typed pointer.
    #[inline]
    pub fn gc<T>(&mut self, g: Gc<T>) {
        if self.checker.is_some() {
            return self.check(g.addr(), Expect::CellSize(std::mem::size_of::<GcBox<T>>()));
        }
        // SAFETY: `Gc` always points at a live `GcBox`, whose first field is the header.
        unsafe { self.mark_header(g.header_ptr()) }
    }

    /// Heap-verify mode: checks a reference (panics if it is bad), then marks it if asked to.
    #[cold]
    #[inline(never)]
    fn check(&mut self, addr: usize, expect: Expect) {
        let Some(c) = &mut self.checker else { return };
        if let Some(refs) = &mut c.collect {
            refs.push(addr);
            return;
        }
        if let Err(e) = check_ref(&c.pages, addr, expect) {
            panic!("heap verify ({}): {} references {e}", c.when, c.holder);
        }
        if c.mark {
            // SAFETY: just checked to be an allocated cell of this heap.
            unsafe { self.mark_header(NonNull::new_unchecked(addr as *mut GcHeader)) }
        }
    }

    /// A tracer that only records the references it is shown (heap snapshots), through the
    /// checker's cold path, so marking pays nothing for it.
    pub(crate) fn collecting() -> Tracer {
        Tracer::new(Some(Checker {
            pages: super::page::PageSet::new(std::iter::empty()),
            when: "collect",
            holder: String::new(),
            mark: false,
            collect: Some(Vec::new()),
        }))
    }

    /// Takes the references a [`Tracer::collecting`] tracer recorded.
    pub(crate) fn take_collected(&mut self) -> Vec<usize> {
        self.checker
            .as_mut()
            .and_then(|c| c.collect.as_mut())
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// Marks an optional typed pointer.
    #[inline]
    pub fn opt<T>(&mut self, g: Option<Gc<T>>) {
        if let Some(g) = g {
            self.gc(g);
        }
    }

    /// Marks every value of a slice.
    #[inline]
    pub fn values(&mut self, vs: &[Value]) {
        for v in vs {
            self.value(*v);
        }
    }

    /// # Safety
    /// `h` must point at the header of a live heap allocation.
    #[inline]
    pub(crate) unsafe fn mark_header(&mut self, h: NonNull<GcHeader>) {
        // SAFETY: guaranteed by the caller.
        let header = unsafe { h.as_ref() };
        if !header.marked.get() {
            header.marked.set(true);
            // Strings hold no references: skip the push.
            if header.kind != HeapKind::String {
                self.stack.push(h);
            }
        }
    }
}
