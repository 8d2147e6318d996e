//! %ArrayIteratorPrototype% (§23.1.5) and the `keys`/`values`/`entries` methods.

use super::{create_array_from_list, get_index};
use crate::builtins::iterator::create_iter_result;
use crate::heap::{Gc, Trace, Tracer};
use crate::object::{attrs, JsObject};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, NativeCtx, Vm, WellKnown};

/// What an array iterator yields.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum ArrayIterKind {
    /// Indices.
    Keys,
    /// Elements.
    Values,
    /// `[index, element]` pairs.
    Entries,
}

/// An Array Iterator's internal slots.
pub(crate) struct ArrayIterator {
    /// `[[IteratedArrayLike]]`; undefined once exhausted.
    pub(crate) iterated: Value,
    /// `[[ArrayLikeNextIndex]]`.
    pub(crate) index: u64,
    /// `[[ArrayLikeIterationKind]]`.
    pub(crate) kind: ArrayIterKind,
}

impl Trace for ArrayIterator {
    fn trace(&self, t: &mut Tracer) {
        t.value(self.iterated);
    }
}
crate::object_data!(ArrayIterator);

/// 23.1.5.1 CreateArrayIterator(array, kind).
pub(crate) fn create_array_iterator(vm: &mut Vm, array: Value, kind: ArrayIterKind) -> Value {
    let proto = vm.intrinsic(Intrinsic::ArrayIteratorPrototype);
    let it = ArrayIterator {
        iterated: array,
        index: 0,
        kind,
    };
    Value::object(vm.new_data_object(proto, Box::new(it)))
}

fn this_iterator(vm: &mut Vm, this: Value) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) if o.data::<ArrayIterator>().is_some() => Ok(o),
        _ => {
            Err(vm
                .type_error("next method called on incompatible receiver (not an Array Iterator)"))
        }
    }
}

/// 23.1.5.2.1 %ArrayIteratorPrototype%.next().
pub(crate) fn array_iterator_next(
    vm: &mut Vm,
    this: Value,
    _: &[Value],
    _: NativeCtx,
) -> JsResult<Value> {
    Ok(match array_iterator_step(vm, this)? {
        Some(v) => create_iter_result(vm, v, false),
        None => create_iter_result(vm, Value::UNDEFINED, true),
    })
}

/// What `%ArrayIteratorPrototype%.next` does, without the result object: the next value, or
/// None when done. `IteratorStep` uses it when `next` is that builtin (the result object would
/// be read and dropped at once, so skipping it is unobservable).
pub(crate) fn array_iterator_step(vm: &mut Vm, this: Value) -> JsResult<Option<Value>> {
    let o = this_iterator(vm, this)?;
    let (a, index, kind) = {
        let d = o.data::<ArrayIterator>().unwrap();
        (d.iterated, d.index, d.kind)
    };
    let Some(ao) = a.as_object() else {
        return Ok(None);
    };
    // Fast path: an own element of a dense array.
    if kind == ArrayIterKind::Values {
        if let Some(v) = super::fast_element(ao, index) {
            if ao.is_array() {
                o.data::<ArrayIterator>().unwrap().index = index + 1;
                return Ok(Some(v));
            }
        }
    }
    // 23.1.5.2.1 step 6.b: a typed array's length, a TypeError once it is out of bounds.
    let len = match ao.data::<crate::builtins::typed_array::TypedArray>() {
        Some(t) => match t.length() {
            Some(n) => n as u64,
            None => {
                return Err(vm.type_error(
                    "Cannot perform %ArrayIteratorPrototype%.next on a detached or out-of-bounds typed array",
                ))
            }
        },
        None => vm.length_of_array_like(ao)?,
    };
    if index >= len {
        o.data::<ArrayIterator>().unwrap().iterated = Value::UNDEFINED;
        return Ok(None);
    }
    o.data::<ArrayIterator>().unwrap().index = index + 1;
    let key = Value::number(index as f64);
    Ok(Some(match kind {
        ArrayIterKind::Keys => key,
        ArrayIterKind::Values => get_index(vm, ao, index)?,
        ArrayIterKind::Entries => {
            let v = get_index(vm, ao, index)?;
            create_array_from_list(vm, &[key, v])
        }
    }))
}

fn iter_of(vm: &mut Vm, this: Value, kind: ArrayIterKind) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    Ok(create_array_iterator(vm, Value::object(o), kind))
}

/// 23.1.3.5 Array.prototype.entries().
fn array_entries(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    iter_of(vm, this, ArrayIterKind::Entries)
}

/// 23.1.3.19 Array.prototype.keys().
fn array_keys(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    iter_of(vm, this, ArrayIterKind::Keys)
}

/// 23.1.3.38 Array.prototype.values().
fn array_values(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    iter_of(vm, this, ArrayIterKind::Values)
}

pub(super) fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    vm.define_method(proto, "entries", 0, array_entries);
    vm.define_method(proto, "keys", 0, array_keys);
    let values = vm.define_method(proto, "values", 0, array_values);
    // 23.1.3.40 Array.prototype[@@iterator] is the same function object as `values`.
    let key = vm.symbol_key(WellKnown::Iterator);
    vm.define_value_property(proto, key, Value::object(values), attrs::HIDDEN);
    vm.realm.intrinsics[Intrinsic::ArrayProtoValues as usize] = values;

    let aip = vm.intrinsic(Intrinsic::ArrayIteratorPrototype);
    vm.define_method(aip, "next", 0, array_iterator_next);
    let tag = vm.symbol_key(WellKnown::ToStringTag);
    let s = vm.new_string("Array Iterator");
    vm.define_value_property(aip, tag, s, attrs::CONFIGURABLE);
}
