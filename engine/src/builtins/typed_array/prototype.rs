//! %TypedArray.prototype% (ECMA-262 §23.2.3): the accessors and the methods without callbacks
//! (element access and search, copies, `set`, `subarray`, joins and iterators).

use super::constructor::{copy_elements, species_create};
use super::exotic::valid_index;
use super::{
    get_element, is_typed_array, length_of, set_element, typed_array_create_same_type, validate,
    TypedArray,
};
use crate::builtins::arg;
use crate::builtins::array::{
    create_array_iterator, last_index_start, relative_index, ArrayIterKind,
};
use crate::builtins::array_buffer::ArrayBufferData;
use crate::heap::Gc;
use crate::object::{attrs, JsObject, NativeFn};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, Key, NativeCtx, Vm, WellKnown};

/// RequireInternalSlot(O, [[TypedArrayName]]) without the bounds check (the accessors,
/// `set` and `subarray` work on out-of-bounds arrays).
fn this_typed_array(vm: &mut Vm, this: Value, method: &str) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) if is_typed_array(o) => Ok(o),
        _ => Err(vm.type_error(&format!(
            "Method %TypedArray%.prototype.{method} called on incompatible receiver"
        ))),
    }
}

/// The end index argument: `len` when undefined, else clamped like a start index.
fn relative_end(vm: &mut Vm, v: Value, len: usize) -> JsResult<usize> {
    if v.is_undefined() {
        return Ok(len);
    }
    Ok(relative_index(vm, v, len as u64)? as usize)
}

/// The start index argument, clamped to `0..=len`.
fn relative_start(vm: &mut Vm, v: Value, len: usize) -> JsResult<usize> {
    Ok(relative_index(vm, v, len as u64)? as usize)
}

/// The length after user code ran: a TypeError when the array went out of bounds.
fn revalidate(vm: &mut Vm, o: Gc<JsObject>, method: &str) -> JsResult<usize> {
    validate(vm, Value::object(o), method).map(|(_, len)| len)
}

// ---------------------------------------------------------------------------------------------
// Accessors.

// 23.2.3.2 get %TypedArray%.prototype.buffer
fn get_buffer(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = this_typed_array(vm, this, "buffer")?;
    Ok(Value::object(o.data::<TypedArray>().unwrap().buffer))
}

// 23.2.3.3 get %TypedArray%.prototype.byteLength
fn get_byte_length(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = this_typed_array(vm, this, "byteLength")?;
    let size = o.data::<TypedArray>().unwrap().kind.size();
    Ok(Value::number((length_of(o).unwrap_or(0) * size) as f64))
}

// 23.2.3.4 get %TypedArray%.prototype.byteOffset
fn get_byte_offset(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = this_typed_array(vm, this, "byteOffset")?;
    let offset = match length_of(o) {
        Some(_) => o.data::<TypedArray>().unwrap().byte_offset,
        None => 0,
    };
    Ok(Value::number(offset as f64))
}

// 23.2.3.21 get %TypedArray%.prototype.length
fn get_length(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = this_typed_array(vm, this, "length")?;
    Ok(Value::number(length_of(o).unwrap_or(0) as f64))
}

// 23.2.3.38 get %TypedArray%.prototype [ @@toStringTag ]
fn get_to_string_tag(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    Ok(
        match this
            .as_object()
            .and_then(|o| o.data::<TypedArray>().map(|t| t.kind))
        {
            Some(kind) => vm.new_string(kind.name()),
            None => Value::UNDEFINED,
        },
    )
}

// ---------------------------------------------------------------------------------------------
// Element access and search.

// 23.2.3.1 %TypedArray%.prototype.at ( index )
fn at(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let (o, len) = validate(vm, this, "at")?;
    let rel = vm.to_integer_or_infinity(arg(args, 0))?;
    let k = if rel >= 0.0 { rel } else { len as f64 + rel };
    if k < 0.0 || k >= len as f64 {
        return Ok(Value::UNDEFINED);
    }
    Ok(get_element(o, k as usize))
}

// 23.2.3.16 %TypedArray%.prototype.includes ( searchElement [ , fromIndex ] )
fn includes(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let (o, len) = validate(vm, this, "includes")?;
    if len == 0 {
        return Ok(Value::FALSE);
    }
    let n = vm.to_integer_or_infinity(arg(args, 1))?;
    if n == f64::INFINITY {
        return Ok(Value::FALSE);
    }
    let target = arg(args, 0);
    for k in relative_index_from(n, len)..len {
        if vm.same_value_zero(get_element(o, k), target) {
            return Ok(Value::TRUE);
        }
    }
    Ok(Value::FALSE)
}

/// The start of a forward search from the (converted) `fromIndex` `n`.
fn relative_index_from(n: f64, len: usize) -> usize {
    crate::builtins::array::clamp_relative(n, len as u64) as usize
}

// 23.2.3.17 %TypedArray%.prototype.indexOf ( searchElement [ , fromIndex ] )
fn index_of(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let (o, len) = validate(vm, this, "indexOf")?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    let n = vm.to_integer_or_infinity(arg(args, 1))?;
    if n == f64::INFINITY {
        return Ok(Value::int(-1));
    }
    let target = arg(args, 0);
    if target.is_number() {
        for k in relative_index_from(n, len)..len {
            // Elements past a shrink are absent (HasProperty is false): never equal.
            if valid_index(o, k as f64).is_some() && vm.strict_equals(get_element(o, k), target) {
                return Ok(Value::number(k as f64));
            }
        }
    }
    Ok(Value::int(-1))
}

// 23.2.3.20 %TypedArray%.prototype.lastIndexOf ( searchElement [ , fromIndex ] )
fn last_index_of(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let (o, len) = validate(vm, this, "lastIndexOf")?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    let start = last_index_start(vm, args, len as u64)?;
    let target = arg(args, 0);
    let Some(start) = start.filter(|_| target.is_number()) else {
        return Ok(Value::int(-1));
    };
    for k in (0..=start as usize).rev() {
        if valid_index(o, k as f64).is_some() && vm.strict_equals(get_element(o, k), target) {
            return Ok(Value::number(k as f64));
        }
    }
    Ok(Value::int(-1))
}

// ---------------------------------------------------------------------------------------------
// Mutators and copies.

// 23.2.3.6 %TypedArray%.prototype.copyWithin ( target, start [ , end ] )
fn copy_within(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let (o, len) = validate(vm, this, "copyWithin")?;
    let to = relative_start(vm, arg(args, 0), len)?;
    let from = relative_start(vm, arg(args, 1), len)?;
    let fin = relative_end(vm, arg(args, 2), len)?;
    let count = fin.saturating_sub(from).min(len - to);
    if count > 0 {
        let len = revalidate(vm, o, "copyWithin")?;
        // The buffer may have shrunk: copy only what is still inside the array.
        let count = count
            .min(len.saturating_sub(from))
            .min(len.saturating_sub(to));
        if count > 0 {
            copy_elements(o, from, o, to, count);
        }
    }
    Ok(Value::object(o))
}

// 23.2.3.9 %TypedArray%.prototype.fill ( value [ , start [ , end ] ] )
fn fill(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let (o, len) = validate(vm, this, "fill")?;
    let value = vm.to_number(arg(args, 0))?;
    let start = relative_start(vm, arg(args, 1), len)?;
    let end = relative_end(vm, arg(args, 2), len)?;
    let len = revalidate(vm, o, "fill")?;
    let t = o.data::<TypedArray>().unwrap();
    for k in start..end.min(len) {
        t.put(k, value);
    }
    Ok(Value::object(o))
}

// 23.2.3.25 %TypedArray%.prototype.reverse ( )
fn reverse(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let (o, len) = validate(vm, this, "reverse")?;
    let t = o.data::<TypedArray>().unwrap();
    for lower in 0..len / 2 {
        let upper = len - 1 - lower;
        let (a, b) = (t.bytes(lower, lower + 1), t.bytes(upper, upper + 1));
        t.write_bytes(lower, &b);
        t.write_bytes(upper, &a);
    }
    Ok(Value::object(o))
}

// 23.2.3.33 %TypedArray%.prototype.toReversed ( )
fn to_reversed(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let (o, len) = validate(vm, this, "toReversed")?;
    let a = typed_array_create_same_type(vm, o, len)?;
    let (src, dst) = (
        o.data::<TypedArray>().unwrap(),
        a.data::<TypedArray>().unwrap(),
    );
    for k in 0..len {
        if let Some(n) = src.get(len - 1 - k) {
            dst.put(k, n);
        }
    }
    Ok(Value::object(a))
}

// 23.2.3.36 %TypedArray%.prototype.with ( index, value )
fn with(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let (o, len) = validate(vm, this, "with")?;
    let rel = vm.to_integer_or_infinity(arg(args, 0))?;
    let actual = if rel >= 0.0 { rel } else { len as f64 + rel };
    let value = vm.to_number(arg(args, 1))?;
    if valid_index(o, actual).is_none() {
        return Err(vm.range_error("Invalid typed array index"));
    }
    let a = typed_array_create_same_type(vm, o, len)?;
    let current = len.min(length_of(o).unwrap_or(0));
    copy_elements(o, 0, a, 0, current);
    let t = a.data::<TypedArray>().unwrap();
    // Elements lost to a shrink read as undefined, which converts to NaN.
    for k in current..len {
        t.put(k, f64::NAN);
    }
    t.put(actual as usize, value);
    Ok(Value::object(a))
}

// 23.2.3.26 %TypedArray%.prototype.set ( source [ , offset ] )
fn set(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let target = this_typed_array(vm, this, "set")?;
    let offset = vm.to_integer_or_infinity(arg(args, 1))?;
    if offset < 0.0 {
        return Err(vm.range_error("offset is out of bounds"));
    }
    let source = arg(args, 0);
    let Some(target_len) = length_of(target) else {
        return Err(vm.type_error(
            "Cannot perform %TypedArray%.prototype.set on a detached or out-of-bounds typed array",
        ));
    };
    if let Some(src) = source.as_object().filter(|s| is_typed_array(*s)) {
        // 23.2.3.26.1 SetTypedArrayFromTypedArray.
        let Some(src_len) = length_of(src) else {
            return Err(vm.type_error("Source typed array is detached or out of bounds"));
        };
        if offset == f64::INFINITY || src_len as f64 + offset > target_len as f64 {
            return Err(vm.range_error("offset is out of bounds"));
        }
        copy_elements(src, 0, target, offset as usize, src_len);
        return Ok(Value::UNDEFINED);
    }
    // 23.2.3.26.2 SetTypedArrayFromArrayLike.
    let src = vm.to_object(source)?;
    let src_len = vm.length_of_array_like(src)?;
    if offset == f64::INFINITY || src_len as f64 + offset > target_len as f64 {
        return Err(vm.range_error("offset is out of bounds"));
    }
    for k in 0..src_len {
        let v = vm.get(src, Key::Index(k as u32), Value::object(src))?;
        set_element(vm, target, offset + k as f64, v)?;
    }
    Ok(Value::UNDEFINED)
}

// 23.2.3.27 %TypedArray%.prototype.slice ( start, end )
fn slice(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let (o, len) = validate(vm, this, "slice")?;
    let start = relative_start(vm, arg(args, 0), len)?;
    let end = relative_end(vm, arg(args, 1), len)?;
    let count = end.saturating_sub(start);
    let a = species_create(vm, o, &[Value::number(count as f64)])?;
    if count > 0 {
        let len = revalidate(vm, o, "slice")?;
        let count = end.min(len).saturating_sub(start);
        copy_slice(o, start, a, count);
    }
    Ok(Value::object(a))
}

/// The copy of `slice` (step 14): between arrays of one type the spec copies byte by byte in
/// increasing order, which a species constructor returning a view on the same buffer can
/// observe (overlapping ranges repeat bytes); otherwise element by element.
fn copy_slice(o: Gc<JsObject>, start: usize, a: Gc<JsObject>, count: usize) {
    let (src, dst) = (
        o.data::<TypedArray>().unwrap(),
        a.data::<TypedArray>().unwrap(),
    );
    if src.kind != dst.kind || !Gc::ptr_eq(src.buffer, dst.buffer) {
        copy_elements(o, start, a, 0, count);
        return;
    }
    let size = src.kind.size();
    let from = src.byte_offset + start * size;
    let to = dst.byte_offset;
    let limit = dst.length().unwrap_or(0) * size;
    let Some(d) = src.buffer.data::<ArrayBufferData>() else {
        return;
    };
    for i in 0..(count * size).min(limit) {
        match d.bytes.get(from + i) {
            Some(&b) if to + i < d.bytes.len() => d.bytes[to + i] = b,
            _ => break,
        }
    }
}

// 23.2.3.30 %TypedArray%.prototype.subarray ( start, end )
fn subarray(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = this_typed_array(vm, this, "subarray")?;
    let (buffer, size, offset, tracking) = {
        let t = o.data::<TypedArray>().unwrap();
        (
            t.buffer,
            t.kind.size(),
            t.byte_offset,
            t.fixed_length.is_none(),
        )
    };
    let src_len = length_of(o).unwrap_or(0);
    let start = relative_start(vm, arg(args, 0), src_len)?;
    let begin = Value::number((offset + start * size) as f64);
    let end = arg(args, 1);
    let b = Value::object(buffer);
    if tracking && end.is_undefined() {
        return species_create(vm, o, &[b, begin]).map(Value::object);
    }
    let end = relative_end(vm, end, src_len)?;
    let new_len = Value::number(end.saturating_sub(start) as f64);
    species_create(vm, o, &[b, begin, new_len]).map(Value::object)
}

// ---------------------------------------------------------------------------------------------
// Strings and iterators.

// 23.2.3.18 %TypedArray%.prototype.join ( separator )
fn join(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let (o, len) = validate(vm, this, "join")?;
    crate::builtins::array::join_elements(vm, o, len as u64, arg(args, 0))
}

// 23.2.3.31 %TypedArray%.prototype.toLocaleString ( [ reserved1 [ , reserved2 ] ] )
fn to_locale_string(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let (o, len) = validate(vm, this, "toLocaleString")?;
    crate::builtins::array::to_locale_string_elements(vm, o, len as u64)
}

fn iterate(vm: &mut Vm, this: Value, kind: ArrayIterKind, method: &str) -> JsResult<Value> {
    let (o, _) = validate(vm, this, method)?;
    Ok(create_array_iterator(vm, Value::object(o), kind))
}

// 23.2.3.7 %TypedArray%.prototype.entries ( )
fn entries(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    iterate(vm, this, ArrayIterKind::Entries, "entries")
}

// 23.2.3.19 %TypedArray%.prototype.keys ( )
fn keys(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    iterate(vm, this, ArrayIterKind::Keys, "keys")
}

// 23.2.3.35 %TypedArray%.prototype.values ( )
fn values(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    iterate(vm, this, ArrayIterKind::Values, "values")
}

pub(super) fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    for (name, f) in [
        ("buffer", get_buffer as NativeFn),
        ("byteLength", get_byte_length),
        ("byteOffset", get_byte_offset),
        ("length", get_length),
    ] {
        let key = vm.intern(name);
        vm.define_accessor(proto, key, Some(f), None);
    }
    let tag = vm.symbol_key(WellKnown::ToStringTag);
    vm.define_accessor(proto, tag, Some(get_to_string_tag), None);
    crate::builtins::define_functions(
        vm,
        proto,
        &[
            ("at", 1, at),
            ("copyWithin", 2, copy_within),
            ("entries", 0, entries),
            ("fill", 1, fill),
            ("includes", 1, includes),
            ("indexOf", 1, index_of),
            ("join", 1, join),
            ("keys", 0, keys),
            ("lastIndexOf", 1, last_index_of),
            ("reverse", 0, reverse),
            ("set", 1, set),
            ("slice", 2, slice),
            ("subarray", 2, subarray),
            ("toLocaleString", 0, to_locale_string),
            ("toReversed", 0, to_reversed),
            ("with", 2, with),
        ],
        attrs::HIDDEN,
    );
    let values = vm.define_method(proto, "values", 0, values);
    let it = vm.symbol_key(WellKnown::Iterator);
    vm.define_value_property(proto, it, Value::object(values), attrs::HIDDEN);
    // 23.2.3.34 %TypedArray%.prototype.toString is Array.prototype.toString.
    let ap = vm.intrinsic(Intrinsic::ArrayPrototype);
    let to_string = vm.get_own_property(ap, Key::Named(crate::atoms::names::TO_STRING));
    if let Some(p) = to_string {
        let key = crate::atoms::names::TO_STRING;
        vm.define_value_property(proto, key, p.value, attrs::HIDDEN);
    }
}
