//! Closure environments: heap-allocated slots for variables captured by inner functions.
//! Variables that no inner function captures live in registers and never come here.

use crate::heap::{Gc, HeapAlloc, HeapKind, Trace, Tracer};
use crate::value::Value;
use std::cell::{Cell, UnsafeCell};
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
    /// Which slots hold lexical (`let`/`const`/`class`) bindings: sloppy direct `eval` may not
    /// declare a `var` of the same name below them (ECMA-262 §19.2.1.3 step 3).
    pub lexical: Vec<bool>,
    /// The variable environment of a sloppy function that contains direct `eval`: the `var`s
    /// that eval code declares are added to it, in [`Env::object`].
    pub var_scope: bool,
}

/// One scope's captured variables.
pub struct Env {
    /// The enclosing environment.
    pub parent: Option<Gc<Env>>,
    /// The layout (shared by every env created from the same scope).
    pub layout: Rc<EnvLayout>,
    slots: UnsafeCell<Box<[Value]>>,
    /// For `with` environments: the binding object. For eval-extended function scopes: an
    /// object holding variables that sloppy direct `eval` declared (created on first use).
    object: Cell<Value>,
}

impl Env {
    /// A new environment with `n` slots set to `fill`.
    pub fn new(parent: Option<Gc<Env>>, layout: Rc<EnvLayout>, n: usize, fill: Value) -> Env {
        Env {
            parent,
            layout,
            slots: UnsafeCell::new(vec![fill; n].into_boxed_slice()),
            object: Cell::new(Value::UNDEFINED),
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
            object: Cell::new(object),
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

    /// The binding object (`with`) or the eval-declared variables, else undefined.
    #[inline]
    pub fn object(&self) -> Value {
        self.object.get()
    }

    /// Gives an eval-extended function scope its variables object (through the write barrier).
    pub fn set_object(this: Gc<Env>, o: Value) {
        crate::heap::write_barrier(this, o);
        this.object.set(o);
    }

    /// A copy with the same parent and values (per-iteration `let` bindings).
    pub fn copy(&self) -> Env {
        Env {
            parent: self.parent,
            layout: self.layout.clone(),
            slots: UnsafeCell::new(self.slots().to_vec().into_boxed_slice()),
            object: self.object.clone(),
        }
    }
}

impl Trace for Env {
    fn trace(&self, t: &mut Tracer) {
        t.opt(self.parent);
        t.values(self.slots());
        t.value(self.object.get());
    }
}

impl HeapAlloc for Env {
    const KIND: HeapKind = HeapKind::Env;
    fn extra_bytes(&self) -> usize {
        self.slots().len() * 8
    }
}
