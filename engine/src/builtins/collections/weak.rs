//! WeakMap (§24.3), WeakSet (§24.4), WeakRef (§26.1) and FinalizationRegistry (§26.2).
//!
//! Weak containers report `is_weak()`: the collector does not trace their keys, runs
//! [`ObjectData::trace_ephemerons`] to a fixpoint (a value is marked once its key is), then calls
//! [`ObjectData::sweep_weak`] so entries with dead keys are dropped before the sweep frees them.

use super::to_string_tag;
use crate::builtins::{arg, make_constructor};
use crate::heap::{Gc, Heap, Trace, Tracer};
use crate::object::{attrs, JsObject, ObjectData};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, Key, NativeCtx, Vm, WellKnown};
use std::collections::HashMap;

type AddrMap<V> = HashMap<usize, V, rustc_hash::FxBuildHasher>;

#[inline]
fn is_marked(v: Value) -> bool {
    match v.heap_addr() {
        Some(a) => Heap::is_marked_addr(a),
        None => true,
    }
}

/// `CanBeHeldWeakly(v)`: objects and symbols not in the global registry.
pub(crate) fn can_be_held_weakly(v: Value) -> bool {
    if v.is_object() {
        return true;
    }
    match v.as_symbol() {
        Some(s) => !s.registered,
        None => false,
    }
}

/// `[[WeakMapData]]`: key address → (key, value).
#[derive(Default)]
pub(crate) struct WeakMapData {
    pub(crate) entries: AddrMap<(Value, Value)>,
}

impl Trace for WeakMapData {
    // Keys and values are reached through the ephemeron pass only.
    fn trace(&self, _t: &mut Tracer) {}
}

impl ObjectData for WeakMapData {
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
    fn extra_bytes(&self) -> usize {
        self.entries.capacity() * 24
    }
    fn is_weak(&self) -> bool {
        true
    }
    fn trace_ephemerons(&self, t: &mut Tracer) -> bool {
        let mut progressed = false;
        for (k, v) in self.entries.values() {
            if is_marked(*k) && !is_marked(*v) {
                t.value(*v);
                progressed = true;
            }
        }
        progressed
    }
    fn sweep_weak(&mut self) {
        self.entries.retain(|_, (k, _)| is_marked(*k));
    }
}

/// `[[WeakSetData]]`: key address → key.
#[derive(Default)]
pub(crate) struct WeakSetData {
    pub(crate) entries: AddrMap<Value>,
}

impl Trace for WeakSetData {
    fn trace(&self, _t: &mut Tracer) {}
}

impl ObjectData for WeakSetData {
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
    fn extra_bytes(&self) -> usize {
        self.entries.capacity() * 16
    }
    fn is_weak(&self) -> bool {
        true
    }
    fn sweep_weak(&mut self) {
        self.entries.retain(|_, k| is_marked(*k));
    }
}

/// `[[WeakRefTarget]]` (undefined once collected).
pub(crate) struct WeakRefData {
    pub(crate) target: Value,
}

impl Trace for WeakRefData {
    fn trace(&self, _t: &mut Tracer) {}
}

impl ObjectData for WeakRefData {
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
    fn is_weak(&self) -> bool {
        true
    }
    fn sweep_weak(&mut self) {
        if !is_marked(self.target) {
            self.target = Value::UNDEFINED;
        }
    }
}

/// A FinalizationRegistry cell: target (weak), held value (strong), unregister token (weak).
struct Cell {
    target: Value,
    held: Value,
    token: Value,
}

/// `[[Cells]]` and `[[CleanupCallback]]`.
pub(crate) struct RegistryData {
    callback: Value,
    cells: Vec<Cell>,
    /// Held values of collected targets, waiting for a cleanup (not run automatically).
    pending: Vec<Value>,
}

impl Trace for RegistryData {
    fn trace(&self, t: &mut Tracer) {
        t.value(self.callback);
        for c in &self.cells {
            t.value(c.held);
        }
        t.values(&self.pending);
    }
}

impl ObjectData for RegistryData {
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
    fn is_weak(&self) -> bool {
        true
    }
    fn sweep_weak(&mut self) {
        let mut i = 0;
        while i < self.cells.len() {
            let c = &mut self.cells[i];
            if !c.token.is_undefined() && !is_marked(c.token) {
                c.token = Value::UNDEFINED;
            }
            if !is_marked(c.target) {
                let c = self.cells.swap_remove(i);
                // The held value stays reachable through `pending` (marked already this cycle).
                self.pending.push(c.held);
            } else {
                i += 1;
            }
        }
    }
}

fn this_data<'a, T: ObjectData>(vm: &mut Vm, this: &'a Value, what: &str) -> JsResult<&'a mut T> {
    let ok = this.as_object().is_some_and(|o| o.data::<T>().is_some());
    if !ok {
        return Err(vm.type_error(&format!("{what} called on incompatible receiver")));
    }
    Ok(this_obj_data::<T>(this))
}

fn this_obj_data<T: ObjectData>(this: &Value) -> &mut T {
    // `as_object` yields a `Gc` by value; borrow the data through a reference to it that lives
    // as long as `this`.
    let o: Gc<JsObject> = this.as_object().unwrap();
    let r: &mut T = o.data::<T>().unwrap();
    let p: *mut T = r;
    let _ = p;
    unreachable!()
}
