//! The eager methods of `Iterator.prototype` (§27.1.4): `reduce`, `toArray`, `forEach`,
//! `some`, `every` and `find`.

use super::{callback_receiver, close_with_error, get_iterator_direct, step_value, this_object};
use crate::builtins::arg;
use crate::heap::Gc;
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{JsResult, NativeCtx, Vm};

/// 27.1.4.9 Iterator.prototype.reduce(reducer [, initialValue]).
fn reduce(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let reducer = arg(args, 0);
    let rec = callback_receiver(vm, this, reducer, "reduce")?;
    let (mut acc, mut counter) = if args.len() < 2 {
        match step_value(vm, rec)? {
            Some(v) => (v, 1.0),
            None => return Err(vm.type_error("Reduce of empty iterator with no initial value")),
        }
    } else {
        (args[1], 0.0)
    };
    while let Some(v) = step_value(vm, rec)? {
        acc = vm
            .call(reducer, Value::UNDEFINED, &[acc, v, Value::number(counter)])
            .map_err(|e| close_with_error(vm, rec.iterator, e))?;
        counter += 1.0;
    }
    Ok(acc)
}

/// 27.1.4.12 Iterator.prototype.toArray().
fn to_array(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = this_object(vm, this, "toArray")?;
    let rec = get_iterator_direct(vm, o)?;
    let mut items = Vec::new();
    while let Some(v) = step_value(vm, rec)? {
        items.push(v);
    }
    Ok(Value::object(vm.new_array(items)))
}

/// What a short-circuiting method returns once `f(value, counter)` gave `result`, if it stops.
type Decide = fn(&Vm, Value, Value) -> Option<Value>;

/// The loop of `forEach`, `some`, `every` and `find`: calls `f(value, counter)` on each value
/// until `decide` stops it, which closes the iterator (`IteratorClose(iterated,
/// NormalCompletion(r))`). None when the iterator ran out.
fn scan(
    vm: &mut Vm,
    this: Value,
    f: Value,
    method: &str,
    decide: Decide,
) -> JsResult<Option<Value>> {
    let rec = callback_receiver(vm, this, f, method)?;
    let mut counter = 0.0;
    while let Some(v) = step_value(vm, rec)? {
        let r = vm
            .call(f, Value::UNDEFINED, &[v, Value::number(counter)])
            .map_err(|e| close_with_error(vm, rec.iterator, e))?;
        if let Some(out) = decide(vm, v, r) {
            vm.iterator_close(rec.iterator)?;
            return Ok(Some(out));
        }
        counter += 1.0;
    }
    Ok(None)
}

/// 27.1.4.7 Iterator.prototype.forEach(procedure).
fn for_each(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    scan(vm, this, arg(args, 0), "forEach", |_, _, _| None)?;
    Ok(Value::UNDEFINED)
}

/// 27.1.4.10 Iterator.prototype.some(predicate).
fn some(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let found = scan(vm, this, arg(args, 0), "some", |vm, _, r| {
        vm.to_boolean(r).then_some(Value::TRUE)
    })?;
    Ok(found.unwrap_or(Value::FALSE))
}

/// 27.1.4.4 Iterator.prototype.every(predicate).
fn every(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let failed = scan(vm, this, arg(args, 0), "every", |vm, _, r| {
        (!vm.to_boolean(r)).then_some(Value::FALSE)
    })?;
    Ok(failed.unwrap_or(Value::TRUE))
}

/// 27.1.4.5 Iterator.prototype.find(predicate).
fn find(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let found = scan(vm, this, arg(args, 0), "find", |vm, v, r| {
        vm.to_boolean(r).then_some(v)
    })?;
    Ok(found.unwrap_or(Value::UNDEFINED))
}

pub(super) fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    vm.define_method(proto, "reduce", 1, reduce);
    vm.define_method(proto, "toArray", 0, to_array);
    vm.define_method(proto, "forEach", 1, for_each);
    vm.define_method(proto, "some", 1, some);
    vm.define_method(proto, "every", 1, every);
    vm.define_method(proto, "find", 1, find);
}
