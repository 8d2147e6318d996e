//! The garbage-collected heap: allocation, the [`Gc`] pointer, marking and sweeping.
//!
//! Invariants:
//! - Collection happens only at safepoints chosen by the VM (calls, loop back-edges, explicit
//!   requests). An allocation never collects by itself; it only raises [`Heap::wants_collection`].
//! - Roots are supplied by the VM: the register file, frames, the realm, interned atoms and the
//!   handle stack used by native code.
//! - Every store of a heap reference into a heap object goes through [`write_barrier`], so
//!   incremental marking can be added without touching the mutators.
//! - Marking ([`Heap::mark`]) and sweeping ([`Heap::sweep`]) are separate phases, and a page
//!   can be swept on its own (`page.rs`), so sweeping can become lazy or concurrent.
//! - Cells never move: they live in fixed-size slots of pages, one set of pages per kind.

mod gc;
mod malloc;
mod page;
mod stats;
#[cfg(test)]
mod tests;
mod trace;

pub use gc::{Gc, GcBox, GcHeader, HeapCell, HeapKind};
pub use malloc::Malloc;
pub use stats::{GcCycle, HeapStats};
pub use trace::{Trace, Tracer};

pub(crate) use gc::Heap;
pub(crate) use gc::HeapAlloc;

/// The write barrier every heap store calls. A no-op while marking is stop-the-world; the hook is
/// here so that incremental marking only has to fill it in.
#[inline(always)]
pub fn write_barrier<T>(_holder: Gc<T>, _value: crate::value::Value) {}
