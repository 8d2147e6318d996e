//! %IteratorPrototype% (§27.1.2), %AsyncIteratorPrototype% (§27.1.3) and
//! %AsyncFromSyncIteratorPrototype% (§27.1.6), plus `CreateIteratorResultObject`.

use crate::atoms::names;
use crate::builtins::arg;
use crate::builtins::promise::{new_promise_capability, perform_then, promise_resolve};
use crate::heap::{Gc, Trace, Tracer};
use crate::object::{attrs, JsObject, ObjectKind};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, NativeCtx, Vm, WellKnown};

/// 7.4.14 CreateIteratorResultObject(value, done).
pub(crate) fn create_iter_result(vm: &mut Vm, value: Value, done: bool) -> Value {
    let o = vm.new_object();
    vm.define_value_property(o, names::VALUE, value, attrs::DEFAULT);
    vm.define_value_property(o, names::DONE, Value::bool(done), attrs::DEFAULT);
    Value::object(o)
}

/// 27.1.2.1 %IteratorPrototype%[@@iterator]() / 27.1.3.1 %AsyncIteratorPrototype%[@@asyncIterator]().
fn return_this(_: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    Ok(this)
}

/// An Async-from-Sync Iterator's `[[SyncIteratorRecord]]`.
struct AsyncFromSyncIterator {
    iterator: Value,
    next: Value,
}

impl Trace for AsyncFromSyncIterator {
    fn trace(&self, t: &mut Tracer) {
        t.value(self.iterator);
        t.value(self.next);
    }
}
crate::object_data!(AsyncFromSyncIterator);

/// 27.1.6.1 CreateAsyncFromSyncIterator(syncIteratorRecord): (async iterator, its `next`).
pub(crate) fn create_async_from_sync_iterator(
    vm: &mut Vm,
    iter: Value,
    next: Value,
) -> JsResult<(Value, Value)> {
    let proto = vm.intrinsic(Intrinsic::AsyncFromSyncIteratorPrototype);
    let o = vm.new_data_object(
        proto,
        Box::new(AsyncFromSyncIterator {
            iterator: iter,
            next,
        }),
    );
    let next_method = vm.get_named(o, names::NEXT)?;
    Ok((Value::object(o), next_method))
}

fn sync_record(this: Value) -> Option<(Value, Value)> {
    let o = this.as_object()?;
    let d = o.data::<AsyncFromSyncIterator>()?;
    Some((d.iterator, d.next))
}

/// `NewPromiseCapability(%Promise%)`.
fn capability(vm: &mut Vm) -> JsResult<(Value, Value, Value)> {
    let c = Value::object(vm.intrinsic(Intrinsic::Promise));
    new_promise_capability(vm, c)
}

/// A promise rejected with `reason` (IfAbruptRejectPromise).
fn rejected_promise(vm: &mut Vm, reason: Value) -> JsResult<Value> {
    vm.root(reason);
    let (promise, _resolve, reject) = capability(vm)?;
    vm.call(reject, Value::UNDEFINED, &[reason])?;
    Ok(promise)
}

/// A promise resolved with `value`.
fn resolved_promise(vm: &mut Vm, value: Value) -> JsResult<Value> {
    let (promise, resolve, _reject) = capability(vm)?;
    vm.call(resolve, Value::UNDEFINED, &[value])?;
    Ok(promise)
}

/// The captured values of the running builtin closure.
fn captures(ctx: &NativeCtx) -> Vec<Value> {
    match ctx.callee.kind() {
        ObjectKind::Native(n) => n.captures.clone(),
        _ => Vec::new(),
    }
}

/// The `unwrap` closure, settling the result capability:
/// `(v) => resolve(CreateIteratorResultObject(v, done))`. Captures: done, resolve.
fn async_from_sync_unwrap(
    vm: &mut Vm,
    _: Value,
    args: &[Value],
    ctx: NativeCtx,
) -> JsResult<Value> {
    let caps = captures(&ctx);
    let r = create_iter_result(vm, arg(args, 0), caps[0] == Value::TRUE);
    vm.call(caps[1], Value::UNDEFINED, &[r])?;
    Ok(Value::UNDEFINED)
}

/// The rejection handler: the `closeIterator` closure (when the sync iterator is to be closed:
/// `IteratorClose(syncIteratorRecord, ThrowCompletion(error))`), then rejecting the result
/// capability. Captures: reject, sync iterator or undefined.
fn async_from_sync_reject(
    vm: &mut Vm,
    _: Value,
    args: &[Value],
    ctx: NativeCtx,
) -> JsResult<Value> {
    let caps = captures(&ctx);
    if !caps[1].is_undefined() {
        crate::builtins::array::iterator_close_on_error(vm, caps[1]);
    }
    vm.call(caps[0], Value::UNDEFINED, &[arg(args, 0)])?;
    Ok(Value::UNDEFINED)
}

/// 27.1.6.4 AsyncFromSyncIteratorContinuation(result, promiseCapability, syncIteratorRecord, closeOnRejection).
fn continuation(
    vm: &mut Vm,
    result: Value,
    sync_iter: Value,
    close_on_rejection: bool,
) -> JsResult<Value> {
    let ro = result.as_object().unwrap();
    let done = match vm.get_named(ro, names::DONE) {
        Ok(d) => vm.to_boolean(d),
        Err(e) => return rejected_promise(vm, e),
    };
    let value = match vm.get_named(ro, names::VALUE) {
        Ok(v) => v,
        Err(e) => return rejected_promise(vm, e),
    };
    vm.root(value);
    let wrapper = match promise_resolve(vm, value) {
        Ok(w) => w,
        Err(e) => {
            if !done && close_on_rejection {
                vm.root(e);
                crate::builtins::array::iterator_close_on_error(vm, sync_iter);
            }
            return rejected_promise(vm, e);
        }
    };
    vm.root(wrapper);
    // PerformPromiseThen(valueWrapper, onFulfilled, onRejected, promiseCapability): the
    // handlers settle the capability themselves (same job count as a capability reaction).
    let (promise, resolve, reject) = capability(vm)?;
    let on_fulfilled = vm.new_native_closure(
        "",
        1,
        async_from_sync_unwrap,
        vec![Value::bool(done), resolve],
        false,
    );
    let close = if done || !close_on_rejection {
        Value::UNDEFINED
    } else {
        sync_iter
    };
    let on_rejected =
        vm.new_native_closure("", 1, async_from_sync_reject, vec![reject, close], false);
    perform_then(
        vm,
        wrapper,
        Value::object(on_fulfilled),
        Value::object(on_rejected),
    )?;
    Ok(promise)
}

fn incompatible(vm: &mut Vm) -> JsResult<Value> {
    let e = vm.type_error("not an Async-from-Sync Iterator");
    rejected_promise(vm, e)
}

/// 27.1.6.2.1 %AsyncFromSyncIteratorPrototype%.next(value).
fn afs_next(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let Some((it, next)) = sync_record(this) else {
        return incompatible(vm);
    };
    let r = if args.is_empty() {
        vm.call(next, it, &[])
    } else {
        vm.call(next, it, &[args[0]])
    };
    let result = match r {
        Ok(r) if r.is_object() => r,
        Ok(_) => {
            let e = vm.type_error("iterator result is not an object");
            return rejected_promise(vm, e);
        }
        Err(e) => return rejected_promise(vm, e),
    };
    vm.root(result);
    continuation(vm, result, it, true)
}

/// 27.1.6.2.2 %AsyncFromSyncIteratorPrototype%.return(value).
fn afs_return(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let Some((it, _)) = sync_record(this) else {
        return incompatible(vm);
    };
    let ret = match vm.get_method(it, names::RETURN) {
        Ok(m) => m,
        Err(e) => return rejected_promise(vm, e),
    };
    if ret.is_undefined() {
        let r = create_iter_result(vm, arg(args, 0), true);
        return resolved_promise(vm, r);
    }
    let r = if args.is_empty() {
        vm.call(ret, it, &[])
    } else {
        vm.call(ret, it, &[args[0]])
    };
    let result = match r {
        Ok(r) if r.is_object() => r,
        Ok(_) => {
            let e = vm.type_error("iterator result is not an object");
            return rejected_promise(vm, e);
        }
        Err(e) => return rejected_promise(vm, e),
    };
    vm.root(result);
    continuation(vm, result, it, false)
}

/// 27.1.6.2.3 %AsyncFromSyncIteratorPrototype%.throw(value).
fn afs_throw(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let Some((it, _)) = sync_record(this) else {
        return incompatible(vm);
    };
    let throw = match vm.get_method(it, names::THROW) {
        Ok(m) => m,
        Err(e) => return rejected_promise(vm, e),
    };
    if throw.is_undefined() {
        // Close the sync iterator (normal completion), then reject: the protocol was violated.
        if let Err(e) = vm.iterator_close(it) {
            return rejected_promise(vm, e);
        }
        let e = vm.type_error("The iterator does not provide a 'throw' method");
        return rejected_promise(vm, e);
    }
    let r = if args.is_empty() {
        vm.call(throw, it, &[])
    } else {
        vm.call(throw, it, &[args[0]])
    };
    let result = match r {
        Ok(r) if r.is_object() => r,
        Ok(_) => {
            let e = vm.type_error("iterator result is not an object");
            return rejected_promise(vm, e);
        }
        Err(e) => return rejected_promise(vm, e),
    };
    vm.root(result);
    continuation(vm, result, it, true)
}

/// Fills the iterator prototypes.
pub(crate) fn init(vm: &mut Vm) {
    let ip = vm.intrinsic(Intrinsic::IteratorPrototype);
    vm.define_symbol_method(ip, WellKnown::Iterator, 0, return_this);
    let aip = vm.intrinsic(Intrinsic::AsyncIteratorPrototype);
    vm.define_symbol_method(aip, WellKnown::AsyncIterator, 0, return_this);
    let afs: Gc<JsObject> = vm.intrinsic(Intrinsic::AsyncFromSyncIteratorPrototype);
    vm.define_method(afs, "next", 1, afs_next);
    vm.define_method(afs, "return", 1, afs_return);
    vm.define_method(afs, "throw", 1, afs_throw);
}
