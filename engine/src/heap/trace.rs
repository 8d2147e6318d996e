//! Tracing: how heap objects report the references they hold.

use super::gc::{GcHeader, HeapKind};
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
}

impl Tracer {
    pub(crate) fn new() -> Self {
        Tracer {
            stack: Vec::with_capacity(1024),
        }
    }

    /// Marks a value (no-op for non-heap values).
    #[inline]
    pub fn value(&mut self, v: Value) {
        if let Some(addr) = v.heap_addr() {
            // SAFETY: a heap-tagged value always holds the address of a live `GcBox` header.
            unsafe { self.header(NonNull::new_unchecked(addr as *mut GcHeader)) }
        }
    }

    /// Marks a typed pointer.
    #[inline]
    pub fn gc<T>(&mut self, g: Gc<T>) {
        // SAFETY: `Gc` always points at a live `GcBox`, whose first field is the header.
        unsafe { self.header(g.header_ptr()) }
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
    unsafe fn header(&mut self, h: NonNull<GcHeader>) {
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
