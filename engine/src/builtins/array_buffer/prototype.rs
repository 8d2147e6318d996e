//! `ArrayBuffer.prototype` (ECMA-262 §25.1.6): the accessors, `slice`, `resize` and the
//! `transfer` pair.

use super::{allocate_array_buffer, byte_length, detach, ArrayBufferData};
use crate::builtins::arg;
use crate::builtins::array::clamp_relative;
use crate::heap::Gc;
use crate::object::{attrs, JsObject};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, NativeCtx, Vm, WellKnown};

/// RequireInternalSlot(O, [[ArrayBufferData]]) (no SharedArrayBuffer exists).
fn this_buffer(vm: &mut Vm, this: Value, method: &str) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) if o.data::<ArrayBufferData>().is_some() => Ok(o),
        _ => Err(vm.type_error(&format!(
            "Method ArrayBuffer.prototype.{method} called on incompatible receiver"
        ))),
    }
}

/// This buffer's data, when the buffer is not detached; a TypeError otherwise.
fn live_data(vm: &mut Vm, o: Gc<JsObject>, method: &str) -> JsResult<()> {
    if super::is_detached(o) {
        return Err(vm.type_error(&format!(
            "Cannot perform ArrayBuffer.prototype.{method} on a detached ArrayBuffer"
        )));
    }
    Ok(())
}

// 25.1.6.2 get ArrayBuffer.prototype.byteLength
fn get_byte_length(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = this_buffer(vm, this, "byteLength")?;
    Ok(Value::number(byte_length(o) as f64))
}

// 25.1.6.4 get ArrayBuffer.prototype.maxByteLength
fn get_max_byte_length(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = this_buffer(vm, this, "maxByteLength")?;
    let d = o.data::<ArrayBufferData>().unwrap();
    let n = match (d.detached, d.max_byte_length) {
        (true, _) => 0,
        (false, Some(m)) => m,
        (false, None) => d.bytes.len(),
    };
    Ok(Value::number(n as f64))
}

// 25.1.6.5 get ArrayBuffer.prototype.resizable
fn get_resizable(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = this_buffer(vm, this, "resizable")?;
    Ok(Value::bool(!super::is_fixed_length(o)))
}

// 25.1.6.3 get ArrayBuffer.prototype.detached
fn get_detached(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = this_buffer(vm, this, "detached")?;
    Ok(Value::bool(super::is_detached(o)))
}

// 25.1.6.6 ArrayBuffer.prototype.resize ( newLength )
fn resize(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = this_buffer(vm, this, "resize")?;
    let Some(max) = o.data::<ArrayBufferData>().unwrap().max_byte_length else {
        return Err(vm.type_error(
            "Method ArrayBuffer.prototype.resize called on incompatible receiver (not resizable)",
        ));
    };
    let new_len = vm.to_index(arg(args, 0))?;
    live_data(vm, o, "resize")?;
    if new_len > max {
        return Err(vm.range_error("ArrayBuffer.prototype.resize: Invalid length parameter"));
    }
    let d = o.data::<ArrayBufferData>().unwrap();
    let old = d.bytes.len();
    if new_len > old {
        // The maximum was checked against MAX_BYTE_LENGTH at construction.
        if d.bytes.try_reserve_exact(new_len - old).is_err() {
            return Err(vm.range_error("Array buffer allocation failed"));
        }
        d.bytes.resize(new_len, 0);
        vm.heap.note_growth(new_len - old);
    } else {
        d.bytes.truncate(new_len);
    }
    Ok(Value::UNDEFINED)
}

// 25.1.6.7 ArrayBuffer.prototype.slice ( start, end )
fn slice(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = this_buffer(vm, this, "slice")?;
    live_data(vm, o, "slice")?;
    let len = byte_length(o) as u64;
    let rs = vm.to_integer_or_infinity(arg(args, 0))?;
    let first = clamp_relative(rs, len);
    let end = arg(args, 1);
    let fin = if end.is_undefined() {
        len
    } else {
        let re = vm.to_integer_or_infinity(end)?;
        clamp_relative(re, len)
    };
    let new_len = fin.saturating_sub(first);
    let default = Value::object(vm.intrinsic(Intrinsic::ArrayBuffer));
    let ctor = crate::builtins::promise::species_constructor(vm, o, default)?;
    let new = vm.construct(ctor, &[Value::number(new_len as f64)], None)?;
    let Some(n) = new
        .as_object()
        .filter(|n| n.data::<ArrayBufferData>().is_some())
    else {
        return Err(vm.type_error("ArrayBuffer subclass returned this from species constructor"));
    };
    if super::is_detached(n) {
        return Err(vm.type_error("ArrayBuffer species constructor returned a detached buffer"));
    }
    if Gc::ptr_eq(n, o) {
        return Err(vm.type_error("ArrayBuffer subclass returned this from species constructor"));
    }
    if (byte_length(n) as u64) < new_len {
        return Err(vm.type_error("ArrayBuffer species constructor returned a too short buffer"));
    }
    // The species constructor may have detached or shrunk this buffer.
    live_data(vm, o, "slice")?;
    let current = byte_length(o) as u64;
    if first < current {
        let count = new_len.min(current - first) as usize;
        let first = first as usize;
        let src = o.data::<ArrayBufferData>().unwrap().bytes[first..first + count].to_vec();
        n.data::<ArrayBufferData>().unwrap().bytes[..count].copy_from_slice(&src);
    }
    Ok(new)
}

/// 25.1.3.3 ArrayBufferCopyAndDetach(O, newLength, preserveResizability).
fn copy_and_detach(
    vm: &mut Vm,
    this: Value,
    new_length: Value,
    preserve: bool,
    method: &str,
) -> JsResult<Value> {
    let o = this_buffer(vm, this, method)?;
    let new_len = if new_length.is_undefined() {
        byte_length(o)
    } else {
        vm.to_index(new_length)?
    };
    live_data(vm, o, method)?;
    let max = if preserve {
        o.data::<ArrayBufferData>().unwrap().max_byte_length
    } else {
        None
    };
    let c = Value::object(vm.intrinsic(Intrinsic::ArrayBuffer));
    let new = allocate_array_buffer(vm, c, new_len, max)?;
    let old = std::mem::take(&mut o.data::<ArrayBufferData>().unwrap().bytes);
    let count = old.len().min(new_len);
    new.data::<ArrayBufferData>().unwrap().bytes[..count].copy_from_slice(&old[..count]);
    detach(o);
    Ok(Value::object(new))
}

// 25.1.6.8 ArrayBuffer.prototype.transfer ( [ newLength ] )
fn transfer(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    copy_and_detach(vm, this, arg(args, 0), true, "transfer")
}

// 25.1.6.9 ArrayBuffer.prototype.transferToFixedLength ( [ newLength ] )
fn transfer_to_fixed_length(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _: NativeCtx,
) -> JsResult<Value> {
    copy_and_detach(vm, this, arg(args, 0), false, "transferToFixedLength")
}

pub(super) fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    for (name, f) in [
        ("byteLength", get_byte_length as crate::object::NativeFn),
        ("detached", get_detached),
        ("maxByteLength", get_max_byte_length),
        ("resizable", get_resizable),
    ] {
        let key = vm.intern(name);
        vm.define_accessor(proto, key, Some(f), None);
    }
    vm.define_method(proto, "resize", 1, resize);
    vm.define_method(proto, "slice", 2, slice);
    vm.define_method(proto, "transfer", 0, transfer);
    vm.define_method(proto, "transferToFixedLength", 0, transfer_to_fixed_length);
    let tag = vm.symbol_key(WellKnown::ToStringTag);
    let s = vm.new_string("ArrayBuffer");
    vm.define_value_property(proto, tag, s, attrs::CONFIGURABLE);
}
