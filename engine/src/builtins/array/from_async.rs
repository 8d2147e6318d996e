//! `Array.fromAsync` (ECMA-262 §23.1.2.2). The spec writes it as an async abstract closure; here
//! it is a state machine: its state lives in a GC object, and every `Await` is a promise reaction
//! (builtin closures capturing that object) that resumes the machine in the phase it left.

use super::{array_create, create_index, set_length, MAX_SAFE_LENGTH};
use crate::atoms::names;
use crate::builtins::iterator::create_async_from_sync_iterator;
use crate::builtins::promise::{new_promise_capability, perform_then, promise_resolve};
use crate::heap::{Gc, Trace, Tracer};
use crate::object::{JsObject, ObjectKind};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, NativeCtx, Vm, WellKnown, TERMINATED};

/// Where the machine waits.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Iterator path: awaiting the result of `next()`.
    NextResult,
    /// Iterator path: awaiting the value `mapfn` returned.
    Mapped,
    /// Iterator path: awaiting `return()` while closing the iterator on an error.
    Closing,
    /// Array-like path: awaiting element `k`.
    Element,
    /// Array-like path: awaiting the value `mapfn` returned for element `k`.
    ElementMapped,
}

/// The state of one `Array.fromAsync` call.
struct FromAsync {
    resolve: Value,
    reject: Value,
    /// `undefined` when not mapping.
    mapfn: Value,
    this_arg: Value,
    /// The result object `A`.
    array: Value,
    k: u64,
    /// Iterator path: the (async) iterator and its `next` method; `undefined` for array-likes.
    iterator: Value,
    next: Value,
    /// Array-like path: the source object and its length.
    array_like: Value,
    len: u64,
    phase: Phase,
    /// The error being reported once the iterator is closed.
    error: Value,
}

impl Trace for FromAsync {
    fn trace(&self, t: &mut Tracer) {
        for v in [
            self.resolve,
            self.reject,
            self.mapfn,
            self.this_arg,
            self.array,
            self.iterator,
            self.next,
            self.array_like,
            self.error,
        ] {
            t.value(v);
        }
    }
}
crate::object_data!(FromAsync);

fn st(o: &Gc<JsObject>) -> &mut FromAsync {
    o.data::<FromAsync>().expect("Array.fromAsync state")
}

/// `Array.fromAsync(asyncItems [, mapfn [, thisArg]])`.
pub(super) fn array_from_async(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _: NativeCtx,
) -> JsResult<Value> {
    let c = Value::object(vm.intrinsic(Intrinsic::Promise));
    let (promise, resolve, reject) = new_promise_capability(vm, c)?;
    vm.root(promise);
    let state = vm.new_data_object(
        vm.intrinsic(Intrinsic::ObjectPrototype),
        Box::new(FromAsync {
            resolve,
            reject,
            mapfn: Value::UNDEFINED,
            this_arg: Value::UNDEFINED,
            array: Value::UNDEFINED,
            k: 0,
            iterator: Value::UNDEFINED,
            next: Value::UNDEFINED,
            array_like: Value::UNDEFINED,
            len: 0,
            phase: Phase::NextResult,
            error: Value::UNDEFINED,
        }),
    );
    vm.root(Value::object(state));
    let outcome = start(vm, state, this, args);
    settle_abrupt(vm, state, outcome)?;
    Ok(promise)
}

/// Rejects the promise with an abrupt completion of the machine (termination propagates).
fn settle_abrupt(vm: &mut Vm, state: Gc<JsObject>, outcome: JsResult<()>) -> JsResult<()> {
    match outcome {
        Ok(()) => Ok(()),
        Err(e) if e == TERMINATED => Err(e),
        Err(e) => {
            let reject = st(&state).reject;
            vm.call(reject, Value::UNDEFINED, &[e]).map(drop)
        }
    }
}

/// The synchronous part, up to the first `Await`.
fn start(vm: &mut Vm, state: Gc<JsObject>, this: Value, args: &[Value]) -> JsResult<()> {
    let items = crate::builtins::arg(args, 0);
    let mapfn = crate::builtins::arg(args, 1);
    if !mapfn.is_undefined() && !vm.is_callable(mapfn) {
        return Err(vm.type_error("Array.fromAsync: the mapper is not a function"));
    }
    st(&state).mapfn = mapfn;
    st(&state).this_arg = crate::builtins::arg(args, 2);
    let async_key = vm.symbol_key(WellKnown::AsyncIterator);
    let using_async = vm.get_method(items, async_key)?;
    let using_sync = if using_async.is_undefined() {
        let key = vm.symbol_key(WellKnown::Iterator);
        vm.get_method(items, key)?
    } else {
        Value::UNDEFINED
    };
    if using_async.is_undefined() && using_sync.is_undefined() {
        let source = vm.to_object(items)?;
        st(&state).array_like = Value::object(source);
        let len = vm.length_of_array_like(source)?;
        st(&state).len = len;
        st(&state).array = if vm.is_constructor(this) {
            vm.construct(this, &[Value::number(len as f64)], None)?
        } else {
            Value::object(array_create(vm, len, None)?)
        };
        return next_element(vm, state);
    }
    st(&state).array = if vm.is_constructor(this) {
        vm.construct(this, &[], None)?
    } else {
        Value::object(array_create(vm, 0, None)?)
    };
    let method = if using_async.is_undefined() {
        using_sync
    } else {
        using_async
    };
    let iterator = vm.call(method, items, &[])?;
    let Some(io) = iterator.as_object() else {
        return Err(vm.type_error("Result of the iterator method is not an object"));
    };
    vm.root(iterator);
    let next = vm.get_named(io, names::NEXT)?;
    let (iterator, next) = if using_async.is_undefined() {
        create_async_from_sync_iterator(vm, iterator, next)?
    } else {
        (iterator, next)
    };
    st(&state).iterator = iterator;
    st(&state).next = next;
    next_result(vm, state)
}

/// Iterator path, loop head: calls `next()` and awaits its result.
fn next_result(vm: &mut Vm, state: Gc<JsObject>) -> JsResult<()> {
    let (k, next, iterator) = (st(&state).k, st(&state).next, st(&state).iterator);
    if k >= MAX_SAFE_LENGTH {
        let e = vm.type_error("Array.fromAsync: too many elements");
        return close(vm, state, e);
    }
    let r = vm.call(next, iterator, &[])?;
    await_in(vm, state, r, Phase::NextResult)
}

/// Array-like path, loop head: reads element `k` and awaits it, or finishes.
fn next_element(vm: &mut Vm, state: Gc<JsObject>) -> JsResult<()> {
    let s = st(&state);
    let (k, len, array, source) = (s.k, s.len, s.array, s.array_like);
    if k >= len {
        return finish(vm, state, array, len);
    }
    let source = source.as_object().unwrap();
    let key = super::index_key(vm, k);
    let v = vm.get(source, key, Value::object(source))?;
    await_in(vm, state, v, Phase::Element)
}

/// Sets `A.length` and resolves the promise with `A`.
fn finish(vm: &mut Vm, state: Gc<JsObject>, array: Value, len: u64) -> JsResult<()> {
    let Some(a) = array.as_object() else {
        return Err(vm.type_error("Array.fromAsync: the constructor did not return an object"));
    };
    set_length(vm, a, len)?;
    let resolve = st(&state).resolve;
    vm.call(resolve, Value::UNDEFINED, &[array]).map(drop)
}

/// `CreateDataPropertyOrThrow(A, k, v)`, then the next step.
fn define(vm: &mut Vm, state: Gc<JsObject>, v: Value) -> JsResult<()> {
    let (k, array) = (st(&state).k, st(&state).array);
    let defined = match array.as_object() {
        Some(a) => create_index(vm, a, k, v),
        None => Err(vm.type_error("Array.fromAsync: the constructor did not return an object")),
    };
    let iterating = !st(&state).iterator.is_undefined();
    match defined {
        Ok(()) => {
            st(&state).k = k + 1;
            if iterating {
                next_result(vm, state)
            } else {
                next_element(vm, state)
            }
        }
        Err(e) if iterating && e != TERMINATED => close(vm, state, e),
        Err(e) => Err(e),
    }
}

/// Calls the mapper on `v` and awaits its result in `phase`; its error closes the iterator.
fn map(vm: &mut Vm, state: Gc<JsObject>, v: Value, phase: Phase) -> JsResult<()> {
    let s = st(&state);
    let (mapfn, this_arg, k) = (s.mapfn, s.this_arg, Value::number(s.k as f64));
    if mapfn.is_undefined() {
        return define(vm, state, v);
    }
    match vm.call(mapfn, this_arg, &[v, k]) {
        Ok(m) => await_in(vm, state, m, phase),
        Err(e) if phase == Phase::Mapped && e != TERMINATED => close(vm, state, e),
        Err(e) => Err(e),
    }
}

/// AsyncIteratorClose(iteratorRecord, throw `error`): calls `return()` and awaits it, then
/// rejects with `error` whatever `return()` did.
fn close(vm: &mut Vm, state: Gc<JsObject>, error: Value) -> JsResult<()> {
    vm.root(error);
    st(&state).error = error;
    let iterator = st(&state).iterator;
    let ret = match vm.get_method(iterator, names::RETURN) {
        Ok(r) if !r.is_undefined() => r,
        Err(e) if e == TERMINATED => return Err(e),
        _ => return Err(error),
    };
    match vm.call(ret, iterator, &[]) {
        Ok(r) => await_in(vm, state, r, Phase::Closing),
        Err(e) if e == TERMINATED => Err(e),
        Err(_) => Err(error),
    }
}

/// Resumes the machine after an awaited value settled.
fn resume(vm: &mut Vm, state: Gc<JsObject>, outcome: Result<Value, Value>) -> JsResult<()> {
    let phase = st(&state).phase;
    match (phase, outcome) {
        (Phase::Closing, _) => Err(st(&state).error),
        (Phase::NextResult, Ok(r)) => {
            let Some(ro) = r.as_object() else {
                return Err(vm.type_error("Iterator result is not an object"));
            };
            let done = vm.get_named(ro, names::DONE)?;
            if vm.to_boolean(done) {
                let (array, k) = (st(&state).array, st(&state).k);
                return finish(vm, state, array, k);
            }
            let v = vm.get_named(ro, names::VALUE)?;
            map(vm, state, v, Phase::Mapped)
        }
        (Phase::Mapped, Ok(v)) | (Phase::ElementMapped, Ok(v)) => define(vm, state, v),
        (Phase::Element, Ok(v)) => map(vm, state, v, Phase::ElementMapped),
        (Phase::Mapped, Err(e)) => close(vm, state, e),
        (_, Err(e)) => Err(e),
    }
}

/// `Await(v)` in `phase`: PromiseResolve then reactions that resume the machine.
fn await_in(vm: &mut Vm, state: Gc<JsObject>, v: Value, phase: Phase) -> JsResult<()> {
    st(&state).phase = phase;
    vm.root(v);
    let p = match promise_resolve(vm, v) {
        Ok(p) => p,
        Err(e) if e == TERMINATED => return Err(e),
        Err(e) => return resume(vm, state, Err(e)),
    };
    vm.root(p);
    let captures = vec![Value::object(state)];
    let on_ful = vm.new_native_closure("", 1, on_fulfilled, captures.clone(), false);
    let on_rej = vm.new_native_closure("", 1, on_rejected, captures, false);
    perform_then(vm, p, Value::object(on_ful), Value::object(on_rej)).map(drop)
}

fn captured_state(ctx: &NativeCtx) -> Gc<JsObject> {
    let ObjectKind::Native(n) = ctx.callee.kind() else {
        unreachable!("Array.fromAsync reactions are builtin closures")
    };
    n.captures[0].as_object().unwrap()
}

fn on_fulfilled(vm: &mut Vm, _: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let state = captured_state(&ctx);
    let outcome = resume(vm, state, Ok(crate::builtins::arg(args, 0)));
    settle_abrupt(vm, state, outcome)?;
    Ok(Value::UNDEFINED)
}

fn on_rejected(vm: &mut Vm, _: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let state = captured_state(&ctx);
    let outcome = resume(vm, state, Err(crate::builtins::arg(args, 0)));
    settle_abrupt(vm, state, outcome)?;
    Ok(Value::UNDEFINED)
}
