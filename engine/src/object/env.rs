//! Closure environments: heap-allocated slots for variables captured by inner functions.
//! Variables that no inner function captures live in registers and never come here.

use crate::heap::{Gc, HeapAlloc, HeapKind, Trace, Tracer};
use crate::value::Value;
use std::cell::UnsafeCell;
use std::rc::Rc;

/// Names of an environment's slots, for direct `eval`, the debugger and heap snapshots.
#[derive(Debug, Default)]
pub struct EnvLayout {
    /// Slot names as atoms (raw `PropKey` ids).
    pub names: Vec<u32>,
    /// Which slots are `const`.
    pub consts: Vec<bool>,
    /// An object environment (`with`) or the global: lookups go to an object.
    pub is_with: bool,
}

/// One scope's captured variables.
pub struct Env {
    /// The enclosing environment.
    pub parent: Option<Gc<Env>>,
    /// The layout (shared by every env created from the same scope).
    pub layout: Rc<EnvLayout>,
    slots: UnsafeCell<Box<[Value]>>,
    /// For `with` environments: the binding object. For eval-extended function scopes: an
    /// object holding variables that sloppy direct `eval` declared.
    pub object: Value,
}

impl Env {
    /// A new environment with `n` slots set to `fill`.
    pub fn new(parent: Option<Gc<Env>>, layout: Rc<EnvLayout>, n: usize, fill: Value) -> Env {
        Env {
            parent,
            layout,
            slots: UnsafeCell::new(vec![fill; n].into_boxed_slice()),
            object: Value::UNDEFINED,
        }
    }

    /// An object environment (`with (obj)`).
    pub fn with_object(parent: Option<Gc<Env>>, object: Value) -> Env {
        let layout = Rc::new(EnvLayout {
            is_with: true,
            ..Default::default()
        });
        Env {
            parent,
            layout,
            slots: UnsafeCell::new(Box::new([])),
            object,
        }
    }

    /// The slots.
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    pub fn slots(&self) -> &mut [Value] {
        // SAFETY: single-threaded VM; callers read or write one slot and never keep the borrow
        // across code that could reach this environment again.
        unsafe { &mut *self.slots.get() }
    }

    /// Reads a slot.
    #[inline(always)]
    pub fn get(&self, i: usize) -> Value {
        self.slots()[i]
    }

    /// Writes a slot (through the write barrier).
    #[inline(always)]
    pub fn set(this: Gc<Env>, i: usize, v: Value) {
        crate::heap::write_barrier(this, v);
        this.slots()[i] = v;
    }

    /// A copy with the same parent and values (per-iteration `let` bindings).
    pub fn copy(&self) -> Env {
        Env {
            parent: self.parent,
            layout: self.layout.clone(),
            slots: UnsafeCell::new(self.slots().to_vec().into_boxed_slice()),
            object: self.object,
        }
    }
}

impl Trace for Env {
    fn trace(&self, t: &mut Tracer) {
        t.opt(self.parent);
        t.values(self.slots());
        t.value(self.object);
    }
}

impl HeapAlloc for Env {
    const KIND: HeapKind = HeapKind::Env;
    fn extra_bytes(&self) -> usize {
        self.slots().len() * 8
    }
}
