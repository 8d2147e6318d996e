//! Iterator helpers (ES2025 §27.1): the `Iterator` constructor and its statics, the lazy
//! adapters and eager consumers on `Iterator.prototype`, %IteratorHelperPrototype% and
//! %WrapForValidIteratorPrototype%.
//!
//! Iterator helpers are specified as generators over abstract closures; here each one is a
//! native state machine ([`helper::IteratorHelper`]) that keeps the generator's observable
//! state (suspended-start, suspended-yield, executing, completed).
//!
//! Rooting: builtins root what they allocate and every call result until they return. Values
//! read from an iterator's `value` property may come from elsewhere (the array fast path), so
//! [`step_value`] roots them before user code runs.

mod adapters;
mod concat;
mod constructor;
mod consumers;
mod helper;
mod wrapper;

use crate::atoms::names;
use crate::builtins::array::iterator_close_on_error;
use crate::heap::{Gc, Tracer};
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, Vm, WellKnown, TERMINATED};

/// An Iterator Record: the iterator and the `next` method read once from it.
#[derive(Clone, Copy)]
pub(crate) struct IteratorRecord {
    /// `[[Iterator]]`.
    iterator: Value,
    /// `[[NextMethod]]`.
    next: Value,
}

impl IteratorRecord {
    fn trace(&self, t: &mut Tracer) {
        t.value(self.iterator);
        t.value(self.next);
    }
}

/// 7.4.2 GetIteratorDirect(obj): reads `next` once (no callability check).
fn get_iterator_direct(vm: &mut Vm, o: Gc<JsObject>) -> JsResult<IteratorRecord> {
    let next = vm.get_named(o, names::NEXT)?;
    Ok(IteratorRecord {
        iterator: Value::object(o),
        next,
    })
}

/// 7.4.3 GetIteratorFlattenable(obj, primitiveHandling); `strings` is iterate-string-primitives.
fn get_iterator_flattenable(vm: &mut Vm, v: Value, strings: bool) -> JsResult<IteratorRecord> {
    if !(v.is_object() || (strings && v.is_string())) {
        let what = vm.describe_for_error(v);
        return Err(vm.type_error(&format!("{what} is not an iterable or iterator object")));
    }
    let key = vm.symbol_key(WellKnown::Iterator);
    let method = vm.get_method(v, key)?;
    let iter = if method.is_undefined() {
        v
    } else {
        vm.call(method, v, &[])?
    };
    let Some(io) = iter.as_object() else {
        return Err(vm.type_error("Result of the Symbol.iterator method is not an object"));
    };
    get_iterator_direct(vm, io)
}

/// `IteratorClose(iterated, ThrowCompletion(error))`: `return` is called and its outcome
/// ignored; yields the error to rethrow. An uncatchable termination runs no more JS.
fn close_with_error(vm: &mut Vm, iterator: Value, error: Value) -> Value {
    if error != TERMINATED {
        iterator_close_on_error(vm, iterator);
    }
    error
}

/// `IteratorStepValue`, rooting the value (user code may drop its last other reference).
fn step_value(vm: &mut Vm, rec: IteratorRecord) -> JsResult<Option<Value>> {
    let r = vm.iterator_step(rec.iterator, rec.next)?;
    if let Some(v) = r {
        vm.root(v);
    }
    Ok(r)
}

/// `IteratorStep` without reading `value` (what `drop` does with skipped items): false when done.
fn step_only(vm: &mut Vm, rec: IteratorRecord) -> JsResult<bool> {
    let r = vm.call(rec.next, rec.iterator, &[])?;
    let Some(ro) = r.as_object() else {
        return Err(vm.type_error("Iterator result is not an object"));
    };
    let done = vm.get_named(ro, names::DONE)?;
    Ok(!vm.to_boolean(done))
}

/// `this` as an object, or a TypeError naming `method`.
fn this_object(vm: &mut Vm, this: Value, method: &str) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) => Ok(o),
        None => Err(vm.type_error(&format!(
            "Iterator.prototype.{method} called on a non-object"
        ))),
    }
}

/// The common prologue of the callback-taking methods: `this` must be an object, `f` callable
/// (else the receiver is closed with the TypeError), then GetIteratorDirect(this).
fn callback_receiver(vm: &mut Vm, this: Value, f: Value, method: &str) -> JsResult<IteratorRecord> {
    let o = this_object(vm, this, method)?;
    if !vm.is_callable(f) {
        let what = vm.describe_for_error(f);
        let e = vm.type_error(&format!("{what} is not a function"));
        return Err(close_with_error(vm, this, e));
    }
    get_iterator_direct(vm, o)
}

/// Fills in `Iterator`, `Iterator.prototype` and the helper prototypes.
pub(crate) fn init(vm: &mut Vm) {
    let proto = vm.intrinsic(Intrinsic::IteratorPrototype);
    constructor::init(vm, proto);
    adapters::init(vm, proto);
    consumers::init(vm, proto);
    helper::init(vm);
    wrapper::init(vm);
}
