//! %TypedArray.prototype% methods driven by a callback (every/some/forEach/map/filter, reduce,
//! find*) and the sorts (§23.2.3). Unlike the Array versions there are no holes: every index
//! below the length read at the start is visited, reading undefined once the buffer shrank.

use super::constructor::species_create;
use super::{get_element, set_element, typed_array_create_same_type, validate, TypedArray};
use crate::builtins::arg;
use crate::builtins::array::{callback_arg, sort_with_comparator};
use crate::heap::Gc;
use crate::object::{attrs, JsObject};
use crate::value::Value;
use crate::vm::{JsResult, NativeCtx, Vm};
use std::cmp::Ordering;

/// Validates `this`, checks the callback, then calls it on each element (backwards when
/// `reverse`) until `stop` says so: returns the stopping index and value.
fn each(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    method: &str,
    reverse: bool,
    stop: &mut dyn FnMut(&mut Vm, Value, Value) -> JsResult<bool>,
) -> JsResult<Option<(usize, Value)>> {
    let (o, len) = validate(vm, this, method)?;
    let f = callback_arg(vm, args, method)?;
    let this_arg = arg(args, 1);
    for i in 0..len {
        let k = if reverse { len - 1 - i } else { i };
        let v = get_element(o, k);
        let r = vm.call(f, this_arg, &[v, Value::number(k as f64), Value::object(o)])?;
        if stop(vm, v, r)? {
            return Ok(Some((k, v)));
        }
    }
    Ok(None)
}

// 23.2.3.8 %TypedArray%.prototype.every ( callbackfn [ , thisArg ] )
fn every(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let hit = each(vm, this, args, "every", false, &mut |vm, _, r| {
        Ok(!vm.to_boolean(r))
    })?;
    Ok(Value::bool(hit.is_none()))
}

// 23.2.3.28 %TypedArray%.prototype.some ( callbackfn [ , thisArg ] )
fn some(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let hit = each(vm, this, args, "some", false, &mut |vm, _, r| {
        Ok(vm.to_boolean(r))
    })?;
    Ok(Value::bool(hit.is_some()))
}

// 23.2.3.15 %TypedArray%.prototype.forEach ( callbackfn [ , thisArg ] )
fn for_each(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    each(vm, this, args, "forEach", false, &mut |_, _, _| Ok(false))?;
    Ok(Value::UNDEFINED)
}

/// find/findIndex/findLast/findLastIndex: (index, value) of the first match.
fn find(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    method: &str,
    last: bool,
) -> JsResult<Option<(usize, Value)>> {
    let hit = each(vm, this, args, method, last, &mut |vm, _, r| {
        Ok(vm.to_boolean(r))
    })?;
    Ok(hit)
}

// 23.2.3.11 %TypedArray%.prototype.find ( predicate [ , thisArg ] )
fn find_value(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    Ok(find(vm, this, args, "find", false)?.map_or(Value::UNDEFINED, |h| h.1))
}

// 23.2.3.12 %TypedArray%.prototype.findIndex ( predicate [ , thisArg ] )
fn find_index(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let hit = find(vm, this, args, "findIndex", false)?;
    Ok(Value::number(hit.map_or(-1.0, |h| h.0 as f64)))
}

// 23.2.3.13 %TypedArray%.prototype.findLast ( predicate [ , thisArg ] )
fn find_last(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    Ok(find(vm, this, args, "findLast", true)?.map_or(Value::UNDEFINED, |h| h.1))
}

// 23.2.3.14 %TypedArray%.prototype.findLastIndex ( predicate [ , thisArg ] )
fn find_last_index(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let hit = find(vm, this, args, "findLastIndex", true)?;
    Ok(Value::number(hit.map_or(-1.0, |h| h.0 as f64)))
}

// 23.2.3.22 %TypedArray%.prototype.map ( callbackfn [ , thisArg ] )
fn map(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let (o, len) = validate(vm, this, "map")?;
    let f = callback_arg(vm, args, "map")?;
    let this_arg = arg(args, 1);
    let a = species_create(vm, o, &[Value::number(len as f64)])?;
    for k in 0..len {
        let v = get_element(o, k);
        let mapped = vm.call(f, this_arg, &[v, Value::number(k as f64), Value::object(o)])?;
        let key = crate::builtins::array::index_key(vm, k as u64);
        vm.set_or_throw(a, key, mapped, Value::object(a), true)?;
    }
    Ok(Value::object(a))
}

// 23.2.3.10 %TypedArray%.prototype.filter ( callbackfn [ , thisArg ] )
fn filter(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let mut kept = Vec::new();
    each(vm, this, args, "filter", false, &mut |vm, v, r| {
        if vm.to_boolean(r) {
            kept.push(v);
        }
        Ok(false)
    })?;
    let o = this.as_object().unwrap();
    let a = species_create(vm, o, &[Value::number(kept.len() as f64)])?;
    for (n, v) in kept.into_iter().enumerate() {
        set_element(vm, a, n as f64, v)?;
    }
    Ok(Value::object(a))
}

/// reduce / reduceRight.
fn reduce(vm: &mut Vm, this: Value, args: &[Value], right: bool) -> JsResult<Value> {
    let method = if right { "reduceRight" } else { "reduce" };
    let (o, len) = validate(vm, this, method)?;
    let f = callback_arg(vm, args, method)?;
    let index = |i: usize| if right { len - 1 - i } else { i };
    let mut start = 0;
    let mut acc = if args.len() >= 2 {
        args[1]
    } else if len == 0 {
        return Err(vm.type_error("Reduce of empty array with no initial value"));
    } else {
        start = 1;
        get_element(o, index(0))
    };
    for i in start..len {
        let k = index(i);
        let v = get_element(o, k);
        acc = vm.call(
            f,
            Value::UNDEFINED,
            &[acc, v, Value::number(k as f64), Value::object(o)],
        )?;
        vm.root(acc);
    }
    Ok(acc)
}

// 23.2.3.23 %TypedArray%.prototype.reduce ( callbackfn [ , initialValue ] )
fn reduce_left(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    reduce(vm, this, args, false)
}

// 23.2.3.24 %TypedArray%.prototype.reduceRight ( callbackfn [ , initialValue ] )
fn reduce_right(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    reduce(vm, this, args, true)
}

/// The comparator argument: undefined or callable (checked before the receiver).
fn comparator(vm: &mut Vm, args: &[Value], method: &str) -> JsResult<Value> {
    let c = arg(args, 0);
    if !c.is_undefined() && !vm.is_callable(c) {
        return Err(vm.type_error(&format!(
            "%TypedArray%.prototype.{method}: The comparison function must be either a function or undefined"
        )));
    }
    Ok(c)
}

/// The default numeric order of typed array elements: −0 before +0, NaNs last.
fn numeric_order(a: &f64, b: &f64) -> Ordering {
    match (a.is_nan(), b.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (false, false) => a.total_cmp(b),
    }
}

/// SortIndexedProperties over the first `len` elements of `o` with SortCompare: the sorted
/// numbers.
fn sorted_elements(vm: &mut Vm, o: Gc<JsObject>, len: usize, cmp: Value) -> JsResult<Vec<f64>> {
    let t = o.data::<TypedArray>().unwrap();
    let mut nums: Vec<f64> = (0..len).map(|k| t.get(k).unwrap_or(f64::NAN)).collect();
    if cmp.is_undefined() {
        nums.sort_by(numeric_order);
        return Ok(nums);
    }
    // Numbers are not heap values: the list needs no rooting.
    let mut items: Vec<Value> = nums.iter().map(|&n| Value::number(n)).collect();
    sort_with_comparator(vm, &mut items, cmp)?;
    nums = items
        .iter()
        .map(|v| v.as_number().unwrap_or(f64::NAN))
        .collect();
    Ok(nums)
}

// 23.2.3.29 %TypedArray%.prototype.sort ( comparefn )
fn sort(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let cmp = comparator(vm, args, "sort")?;
    let (o, len) = validate(vm, this, "sort")?;
    let sorted = sorted_elements(vm, o, len, cmp)?;
    // The comparator may have shrunk the buffer: `put` skips indices now out of bounds.
    let t = o.data::<TypedArray>().unwrap();
    for (j, n) in sorted.into_iter().enumerate() {
        t.put(j, n);
    }
    Ok(Value::object(o))
}

// 23.2.3.34 %TypedArray%.prototype.toSorted ( comparefn )
fn to_sorted(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let cmp = comparator(vm, args, "toSorted")?;
    let (o, len) = validate(vm, this, "toSorted")?;
    let a = typed_array_create_same_type(vm, o, len)?;
    let sorted = sorted_elements(vm, o, len, cmp)?;
    let t = a.data::<TypedArray>().unwrap();
    for (j, n) in sorted.into_iter().enumerate() {
        t.put(j, n);
    }
    Ok(Value::object(a))
}

pub(super) fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    crate::builtins::define_functions(
        vm,
        proto,
        &[
            ("every", 1, every),
            ("filter", 1, filter),
            ("find", 1, find_value),
            ("findIndex", 1, find_index),
            ("findLast", 1, find_last),
            ("findLastIndex", 1, find_last_index),
            ("forEach", 1, for_each),
            ("map", 1, map),
            ("reduce", 1, reduce_left),
            ("reduceRight", 1, reduce_right),
            ("some", 1, some),
            ("sort", 1, sort),
            ("toSorted", 1, to_sorted),
        ],
        attrs::HIDDEN,
    );
}
