//! The lazy methods of `Iterator.prototype` (§27.1.4): `map`, `filter`, `take`, `drop` and
//! `flatMap`. Each validates its arguments, then returns an Iterator Helper; its closure's
//! steps live here too.

use super::helper::{self, data, Adapter};
use super::{
    callback_receiver, close_with_error, get_iterator_direct, get_iterator_flattenable, step_only,
    step_value, this_object, IteratorRecord,
};
use crate::builtins::arg;
use crate::heap::Gc;
use crate::object::JsObject;
use crate::value::number::to_integer_or_infinity;
use crate::value::Value;
use crate::vm::{JsResult, NativeCtx, Vm};

/// 2^53 - 1: larger finite limits are a RangeError.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Calls `f(value, counter)` for a helper, closing the underlying iterator if it throws.
fn call_with_counter(
    vm: &mut Vm,
    o: Gc<JsObject>,
    rec: IteratorRecord,
    f: Value,
    value: Value,
) -> JsResult<Value> {
    let counter = data(&o).counter;
    let r = vm
        .call(f, Value::UNDEFINED, &[value, Value::number(counter)])
        .map_err(|e| close_with_error(vm, rec.iterator, e))?;
    data(&o).counter = counter + 1.0;
    Ok(r)
}

/// 27.1.4.8 Iterator.prototype.map(mapper).
fn map(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let mapper = arg(args, 0);
    let rec = callback_receiver(vm, this, mapper, "map")?;
    Ok(helper::create(vm, Some(rec), Adapter::Map { mapper }))
}

/// One step of `map`'s closure.
pub(super) fn map_step(
    vm: &mut Vm,
    o: Gc<JsObject>,
    rec: IteratorRecord,
    mapper: Value,
) -> JsResult<Option<Value>> {
    let Some(v) = step_value(vm, rec)? else {
        return Ok(None);
    };
    call_with_counter(vm, o, rec, mapper, v).map(Some)
}

/// 27.1.4.5 Iterator.prototype.filter(predicate).
fn filter(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let predicate = arg(args, 0);
    let rec = callback_receiver(vm, this, predicate, "filter")?;
    Ok(helper::create(vm, Some(rec), Adapter::Filter { predicate }))
}

/// One step of `filter`'s closure: up to the next selected value.
pub(super) fn filter_step(
    vm: &mut Vm,
    o: Gc<JsObject>,
    rec: IteratorRecord,
    predicate: Value,
) -> JsResult<Option<Value>> {
    while let Some(v) = step_value(vm, rec)? {
        let selected = call_with_counter(vm, o, rec, predicate, v)?;
        if vm.to_boolean(selected) {
            return Ok(Some(v));
        }
    }
    Ok(None)
}

/// The prologue of `take` and `drop`: `this` must be an object and `limit` a non-negative
/// safe integer or +∞ (else the receiver is closed with the error); then GetIteratorDirect(this).
fn limit_receiver(
    vm: &mut Vm,
    this: Value,
    limit: Value,
    method: &str,
) -> JsResult<(IteratorRecord, f64)> {
    let o = this_object(vm, this, method)?;
    let n = vm
        .to_number(limit)
        .map_err(|e| close_with_error(vm, this, e))?;
    let limit = to_integer_or_infinity(n);
    if n.is_nan() || limit < 0.0 || (n.is_finite() && n > MAX_SAFE_INTEGER) {
        let e = vm.range_error(&format!(
            "Iterator.prototype.{method}: limit must be a non-negative safe integer or Infinity"
        ));
        return Err(close_with_error(vm, this, e));
    }
    Ok((get_iterator_direct(vm, o)?, limit))
}

/// 27.1.4.11 Iterator.prototype.take(limit).
fn take(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let (rec, remaining) = limit_receiver(vm, this, arg(args, 0), "take")?;
    Ok(helper::create(vm, Some(rec), Adapter::Take { remaining }))
}

/// `remaining - 1` unless it is +∞.
fn decrement(remaining: &mut f64) {
    if *remaining != f64::INFINITY {
        *remaining -= 1.0;
    }
}

/// One step of `take`'s closure: once the limit is reached the underlying iterator is closed.
pub(super) fn take_step(
    vm: &mut Vm,
    o: Gc<JsObject>,
    rec: IteratorRecord,
) -> JsResult<Option<Value>> {
    let Adapter::Take { remaining } = &mut data(&o).adapter else {
        return Ok(None);
    };
    if *remaining == 0.0 {
        vm.iterator_close(rec.iterator)?;
        return Ok(None);
    }
    decrement(remaining);
    step_value(vm, rec)
}

/// 27.1.4.3 Iterator.prototype.drop(limit).
fn drop(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let (rec, remaining) = limit_receiver(vm, this, arg(args, 0), "drop")?;
    Ok(helper::create(vm, Some(rec), Adapter::Drop { remaining }))
}

/// One step of `drop`'s closure: skipped values are stepped over without reading `value`.
pub(super) fn drop_step(
    vm: &mut Vm,
    o: Gc<JsObject>,
    rec: IteratorRecord,
) -> JsResult<Option<Value>> {
    loop {
        let Adapter::Drop { remaining } = &mut data(&o).adapter else {
            return Ok(None);
        };
        if *remaining <= 0.0 {
            break;
        }
        decrement(remaining);
        if !step_only(vm, rec)? {
            return Ok(None);
        }
    }
    step_value(vm, rec)
}

/// 27.1.4.6 Iterator.prototype.flatMap(mapper).
fn flat_map(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let mapper = arg(args, 0);
    let rec = callback_receiver(vm, this, mapper, "flatMap")?;
    let adapter = Adapter::FlatMap {
        mapper,
        inner: None,
    };
    Ok(helper::create(vm, Some(rec), adapter))
}

/// The inner iterator slot of a `flatMap` helper.
fn flat_map_inner(o: &Gc<JsObject>) -> Option<&mut Option<IteratorRecord>> {
    match &mut data(o).adapter {
        Adapter::FlatMap { inner, .. } => Some(inner),
        _ => None,
    }
}

/// One step of `flatMap`'s closure: the next value of the inner iterator, opening a new one
/// (from the mapper's result) whenever the current one is done.
pub(super) fn flat_map_step(
    vm: &mut Vm,
    o: Gc<JsObject>,
    rec: IteratorRecord,
    mapper: Value,
) -> JsResult<Option<Value>> {
    loop {
        if let Some(inner) = flat_map_inner(&o).and_then(|i| *i) {
            match step_value(vm, inner) {
                Ok(Some(v)) => return Ok(Some(v)),
                Ok(None) => {
                    if let Some(slot) = flat_map_inner(&o) {
                        *slot = None;
                    }
                }
                Err(e) => return Err(close_with_error(vm, rec.iterator, e)),
            }
        }
        let Some(v) = step_value(vm, rec)? else {
            return Ok(None);
        };
        let mapped = call_with_counter(vm, o, rec, mapper, v)?;
        let inner = get_iterator_flattenable(vm, mapped, false)
            .map_err(|e| close_with_error(vm, rec.iterator, e))?;
        if let Some(slot) = flat_map_inner(&o) {
            *slot = Some(inner);
        }
    }
}

pub(super) fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    vm.define_method(proto, "map", 1, map);
    vm.define_method(proto, "filter", 1, filter);
    vm.define_method(proto, "take", 1, take);
    vm.define_method(proto, "drop", 1, drop);
    vm.define_method(proto, "flatMap", 1, flat_map);
}
