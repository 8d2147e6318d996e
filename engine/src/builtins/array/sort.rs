//! Array.prototype.sort / toSorted (§23.1.3.30, §23.1.3.34): SortIndexedProperties with a
//! stable merge sort whose comparator may throw (the array is then left untouched).

use super::{
    array_create, create_index, delete_index, get_if_present, get_index, set_dense_elements,
    set_index, Holder,
};
use crate::builtins::arg;
use crate::heap::Gc;
use crate::object::JsObject;
use crate::string::JsString;
use crate::value::Value;
use crate::vm::{JsResult, NativeCtx, Vm};
use std::cmp::Ordering;

/// The comparator argument: undefined or callable, else a TypeError (checked before ToObject).
fn comparator(vm: &mut Vm, args: &[Value], method: &str) -> JsResult<Value> {
    let c = arg(args, 0);
    if !c.is_undefined() && !vm.is_callable(c) {
        return Err(vm.type_error(&format!(
            "Array.prototype.{method}: The comparison function must be either a function or undefined"
        )));
    }
    Ok(c)
}

/// Stable merge sort with a fallible "is `a` > `b`" test (`a` before `b` unless greater).
fn merge_sort(
    vm: &mut Vm,
    items: &mut Vec<Value>,
    greater: &mut dyn FnMut(&mut Vm, Value, Value) -> JsResult<bool>,
) -> JsResult<()> {
    let n = items.len();
    if n < 2 {
        return Ok(());
    }
    // Insertion sort for short runs, then bottom-up merging.
    const RUN: usize = 8;
    let mut start = 0;
    while start < n {
        let end = (start + RUN).min(n);
        for i in start + 1..end {
            let mut j = i;
            while j > start && greater(vm, items[j - 1], items[j])? {
                items.swap(j - 1, j);
                j -= 1;
            }
        }
        start = end;
    }
    let mut width = RUN;
    let mut buf = items.clone();
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j, mut k) = (lo, mid, lo);
            while i < mid && j < hi {
                if greater(vm, items[i], items[j])? {
                    buf[k] = items[j];
                    j += 1;
                } else {
                    buf[k] = items[i];
                    i += 1;
                }
                k += 1;
            }
            buf[k..k + (mid - i)].copy_from_slice(&items[i..mid]);
            k += mid - i;
            buf[k..k + (hi - j)].copy_from_slice(&items[j..hi]);
            lo = hi;
        }
        std::mem::swap(items, &mut buf);
        width *= 2;
    }
    Ok(())
}

/// Sorts `items` (rooted by the caller) with the user comparator `cmp` (SortCompare's
/// `comparefn` branch: a NaN result counts as +0). Shared with the typed arrays' sort.
pub(crate) fn sort_with_comparator(
    vm: &mut Vm,
    items: &mut Vec<Value>,
    cmp: Value,
) -> JsResult<()> {
    merge_sort(vm, items, &mut |vm, x, y| {
        let r = vm.call(cmp, Value::UNDEFINED, &[x, y])?;
        let n = vm.to_number(r)?;
        Ok(n > 0.0)
    })
}

/// 23.1.3.30.2 SortIndexedProperties + the sort itself: returns the sorted values (undefined
/// values last), with holes skipped when `skip_holes`.
fn sort_indexed_properties(
    vm: &mut Vm,
    o: Gc<JsObject>,
    len: u64,
    cmp: Value,
    skip_holes: bool,
) -> JsResult<Vec<Value>> {
    // The values stay rooted in a holder while user code (getters, comparator) runs.
    let holder = Holder::new(vm, 0);
    for k in 0..len {
        let v = if skip_holes {
            match get_if_present(vm, o, k)? {
                Some(v) => v,
                None => continue,
            }
        } else {
            get_index(vm, o, k)?
        };
        holder.push(v);
    }
    let all = holder.take();
    let mut items: Vec<Value> = all.iter().copied().filter(|v| !v.is_undefined()).collect();
    let undefineds = all.len() - items.len();
    if !cmp.is_undefined() {
        sort_with_comparator(vm, &mut items, cmp)?;
    } else if items.iter().all(|v| !v.is_object()) {
        // Primitives: ToString has no side effects (symbols throw), so convert once.
        let mut keyed: Vec<(Gc<JsString>, Value)> = Vec::with_capacity(items.len());
        for v in &items {
            let s = vm.to_string(*v)?;
            keyed.push((s, *v));
        }
        // `sort_by` is a stable sort.
        keyed.sort_by(|a, b| a.0.cmp_units(&b.0));
        items = keyed.into_iter().map(|(_, v)| v).collect();
    } else {
        merge_sort(vm, &mut items, &mut |vm, x, y| {
            // Strings made by user `toString`s stay rooted while the other side converts.
            let xs = vm.to_string(x)?;
            vm.root(Value::string(xs));
            let ys = vm.to_string(y)?;
            Ok(xs.cmp_units(&ys) == Ordering::Greater)
        })?;
    }
    items.extend(std::iter::repeat_n(Value::UNDEFINED, undefineds));
    Ok(items)
}

/// 23.1.3.30 Array.prototype.sort(comparefn).
fn array_sort(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let cmp = comparator(vm, args, "sort")?;
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let sorted = sort_indexed_properties(vm, o, len, cmp, true)?;
    // The values stay rooted by the holder of sort_indexed_properties (same builtin activation).
    let count = sorted.len() as u64;
    for (j, v) in sorted.into_iter().enumerate() {
        set_index(vm, o, j as u64, v)?;
    }
    // The holes that were skipped end up at the end.
    for j in count..len {
        delete_index(vm, o, j)?;
    }
    Ok(Value::object(o))
}

/// 23.1.3.34 Array.prototype.toSorted(comparefn).
fn array_to_sorted(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let cmp = comparator(vm, args, "toSorted")?;
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let a = array_create(vm, len, None)?;
    let sorted = sort_indexed_properties(vm, o, len, cmp, false)?;
    if sorted.len() as u64 == len && a.inner().sparse.is_none() {
        set_dense_elements(vm, a, sorted);
        return Ok(Value::object(a));
    }
    for (j, v) in sorted.into_iter().enumerate() {
        create_index(vm, a, j as u64, v)?;
    }
    Ok(Value::object(a))
}

pub(super) fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    vm.define_method(proto, "sort", 1, array_sort);
    vm.define_method(proto, "toSorted", 1, array_to_sorted);
}
