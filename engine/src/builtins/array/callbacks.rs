//! Array.prototype methods driven by a callback: every/some/forEach/map/filter, reduce,
//! find*, flat/flatMap.

use super::{
    array_species_create, callback_arg, create_index, get_if_present, get_index, is_array, Holder,
    MAX_SAFE_LENGTH,
};
use crate::builtins::arg;
use crate::heap::Gc;
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{JsResult, NativeCtx, Vm};

/// `Call(callback, thisArg, « kValue, 𝔽(k), O »)`.
#[inline]
fn call_cb(
    vm: &mut Vm,
    f: Value,
    this_arg: Value,
    v: Value,
    k: u64,
    o: Gc<JsObject>,
) -> JsResult<Value> {
    vm.call(f, this_arg, &[v, Value::number(k as f64), Value::object(o)])
}

/// Shared loop of every/some/forEach: visits present elements; `stop` ends the loop early on
/// the callback's result (its boolean value), returning the index.
fn visit(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    method: &str,
    stop_on: Option<bool>,
) -> JsResult<bool> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let f = callback_arg(vm, args, method)?;
    let this_arg = arg(args, 1);
    for k in 0..len {
        if let Some(v) = get_if_present(vm, o, k)? {
            let r = call_cb(vm, f, this_arg, v, k, o)?;
            if let Some(want) = stop_on {
                if vm.to_boolean(r) == want {
                    return Ok(true);
                }
            }
        }
    }
    Ok(false)
}

/// 23.1.3.6 Array.prototype.every(callbackfn, thisArg).
fn array_every(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    Ok(Value::bool(!visit(vm, this, args, "every", Some(false))?))
}

/// 23.1.3.29 Array.prototype.some(callbackfn, thisArg).
fn array_some(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    Ok(Value::bool(visit(vm, this, args, "some", Some(true))?))
}

/// 23.1.3.15 Array.prototype.forEach(callbackfn, thisArg).
fn array_for_each(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    visit(vm, this, args, "forEach", None)?;
    Ok(Value::UNDEFINED)
}

/// 23.1.3.21 Array.prototype.map(callbackfn, thisArg).
fn array_map(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let f = callback_arg(vm, args, "map")?;
    let this_arg = arg(args, 1);
    let (a, plain) = array_species_create(vm, o, len)?;
    for k in 0..len {
        if let Some(v) = get_if_present(vm, o, k)? {
            let mapped = call_cb(vm, f, this_arg, v, k, o)?;
            // A fresh dense ArrayCreate result still has the hole at k: store directly.
            if plain {
                let inner = a.inner();
                if inner.sparse.is_none() && (k as usize) < inner.elements.len() {
                    crate::heap::write_barrier(a, mapped);
                    inner.elements[k as usize] = mapped;
                    continue;
                }
            }
            create_index(vm, a, k, mapped)?;
        }
    }
    Ok(Value::object(a))
}

/// 23.1.3.8 Array.prototype.filter(callbackfn, thisArg).
fn array_filter(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let f = callback_arg(vm, args, "filter")?;
    let this_arg = arg(args, 1);
    let (a, _) = array_species_create(vm, o, 0)?;
    let mut to = 0;
    for k in 0..len {
        if let Some(v) = get_if_present(vm, o, k)? {
            let r = call_cb(vm, f, this_arg, v, k, o)?;
            if vm.to_boolean(r) {
                create_index(vm, a, to, v)?;
                to += 1;
            }
        }
    }
    Ok(Value::object(a))
}

/// 23.1.3.24/25 Array.prototype.reduce / reduceRight.
fn reduce(vm: &mut Vm, this: Value, args: &[Value], right: bool) -> JsResult<Value> {
    let name = if right { "reduceRight" } else { "reduce" };
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let f = callback_arg(vm, args, name)?;
    if len == 0 && args.len() < 2 {
        return Err(vm.type_error("Reduce of empty array with no initial value"));
    }
    // Index order: 0..len, or len-1 down to 0.
    let at = |i: u64| if right { len - 1 - i } else { i };
    let acc = Holder::new(vm, 1);
    let mut i = 0;
    if args.len() >= 2 {
        acc.set(0, args[1]);
    } else {
        let mut found = false;
        while i < len {
            let k = at(i);
            i += 1;
            if let Some(v) = get_if_present(vm, o, k)? {
                acc.set(0, v);
                found = true;
                break;
            }
        }
        if !found {
            return Err(vm.type_error("Reduce of empty array with no initial value"));
        }
    }
    while i < len {
        let k = at(i);
        i += 1;
        if let Some(v) = get_if_present(vm, o, k)? {
            let r = vm.call(
                f,
                Value::UNDEFINED,
                &[acc.get(0), v, Value::number(k as f64), Value::object(o)],
            )?;
            acc.set(0, r);
        }
    }
    Ok(acc.get(0))
}

fn array_reduce(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    reduce(vm, this, args, false)
}

fn array_reduce_right(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    reduce(vm, this, args, true)
}

/// 23.1.3.9-12 FindViaPredicate: (index, value) of the first match, or (-1, undefined).
fn find_via_predicate(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    name: &str,
    last: bool,
) -> JsResult<(f64, Value)> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let f = callback_arg(vm, args, name)?;
    let this_arg = arg(args, 1);
    for i in 0..len {
        let k = if last { len - 1 - i } else { i };
        let v = get_index(vm, o, k)?;
        let r = call_cb(vm, f, this_arg, v, k, o)?;
        if vm.to_boolean(r) {
            return Ok((k as f64, v));
        }
    }
    Ok((-1.0, Value::UNDEFINED))
}

fn array_find(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    Ok(find_via_predicate(vm, this, args, "find", false)?.1)
}

fn array_find_index(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    Ok(Value::number(
        find_via_predicate(vm, this, args, "findIndex", false)?.0,
    ))
}

fn array_find_last(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    Ok(find_via_predicate(vm, this, args, "findLast", true)?.1)
}

fn array_find_last_index(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _: NativeCtx,
) -> JsResult<Value> {
    Ok(Value::number(
        find_via_predicate(vm, this, args, "findLastIndex", true)?.0,
    ))
}

/// Nesting limit of FlattenIntoArray's recursion (deeper input throws a RangeError).
const MAX_FLATTEN_DEPTH: u32 = 2000;

/// 23.1.3.13.1 FlattenIntoArray(target, source, sourceLen, start, depth, mapper, thisArg).
#[allow(clippy::too_many_arguments)]
fn flatten_into_array(
    vm: &mut Vm,
    target: Gc<JsObject>,
    source: Gc<JsObject>,
    source_len: u64,
    start: u64,
    depth: f64,
    mapper: Option<(Value, Value)>,
    nesting: u32,
) -> JsResult<u64> {
    if nesting > MAX_FLATTEN_DEPTH {
        return Err(vm.stack_overflow_error());
    }
    let mut target_index = start;
    for source_index in 0..source_len {
        let Some(mut element) = get_if_present(vm, source, source_index)? else {
            continue;
        };
        if let Some((f, this_arg)) = mapper {
            element = call_cb(vm, f, this_arg, element, source_index, source)?;
        }
        let should_flatten = depth > 0.0 && is_array(vm, element)?;
        if should_flatten {
            vm.root(element);
            let eo = element.as_object().unwrap();
            let new_depth = if depth == f64::INFINITY {
                depth
            } else {
                depth - 1.0
            };
            let element_len = vm.length_of_array_like(eo)?;
            target_index = flatten_into_array(
                vm,
                target,
                eo,
                element_len,
                target_index,
                new_depth,
                None,
                nesting + 1,
            )?;
        } else {
            if target_index >= MAX_SAFE_LENGTH {
                return Err(vm.type_error("flat result length exceeds 2^53-1"));
            }
            create_index(vm, target, target_index, element)?;
            target_index += 1;
        }
    }
    Ok(target_index)
}

/// 23.1.3.13 Array.prototype.flat(depth).
fn array_flat(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let d = arg(args, 0);
    let mut depth = 1.0;
    if !d.is_undefined() {
        depth = vm.to_integer_or_infinity(d)?;
        if depth < 0.0 {
            depth = 0.0;
        }
    }
    let (a, _) = array_species_create(vm, o, 0)?;
    flatten_into_array(vm, a, o, len, 0, depth, None, 0)?;
    Ok(Value::object(a))
}

/// 23.1.3.14 Array.prototype.flatMap(mapperFunction, thisArg).
fn array_flat_map(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let f = callback_arg(vm, args, "flatMap")?;
    let (a, _) = array_species_create(vm, o, 0)?;
    flatten_into_array(vm, a, o, len, 0, 1.0, Some((f, arg(args, 1))), 0)?;
    Ok(Value::object(a))
}

pub(super) fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    vm.define_method(proto, "every", 1, array_every);
    vm.define_method(proto, "filter", 1, array_filter);
    vm.define_method(proto, "find", 1, array_find);
    vm.define_method(proto, "findIndex", 1, array_find_index);
    vm.define_method(proto, "findLast", 1, array_find_last);
    vm.define_method(proto, "findLastIndex", 1, array_find_last_index);
    vm.define_method(proto, "flat", 0, array_flat);
    vm.define_method(proto, "flatMap", 1, array_flat_map);
    vm.define_method(proto, "forEach", 1, array_for_each);
    vm.define_method(proto, "map", 1, array_map);
    vm.define_method(proto, "reduce", 1, array_reduce);
    vm.define_method(proto, "reduceRight", 1, array_reduce_right);
    vm.define_method(proto, "some", 1, array_some);
}
