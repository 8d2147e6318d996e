//! `DataView` (ECMA-262 §25.3): views reading and writing numbers of any element type at any
//! byte offset of a buffer, in either byte order. Element conversions are the typed arrays'
//! ([`ElemKind`]); bounds are recomputed from the buffer on each access, like typed arrays'.

use super::array_buffer::{self, view_byte_length, ArrayBufferData};
use super::typed_array::ElemKind;
use super::{arg, make_constructor};
use crate::heap::{Gc, Trace, Tracer};
use crate::object::{attrs, JsObject, NativeFn};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, NativeCtx, Vm, WellKnown};

/// A DataView's internal slots.
pub(crate) struct DataView {
    /// `[[ViewedArrayBuffer]]`.
    buffer: Gc<JsObject>,
    /// `[[ByteOffset]]`.
    byte_offset: usize,
    /// `[[ByteLength]]`, or None for a length-tracking view (AUTO).
    byte_length: Option<usize>,
}

impl Trace for DataView {
    fn trace(&self, t: &mut Tracer) {
        t.gc(self.buffer);
    }
}
crate::object_data!(DataView);

impl DataView {
    /// GetViewByteLength, or None when the view is out of bounds (IsViewOutOfBounds).
    fn length(&self) -> Option<usize> {
        view_byte_length(self.buffer, self.byte_offset, self.byte_length, 1)
    }
}

/// Is `o` a DataView?
pub(crate) fn is_data_view(o: Gc<JsObject>) -> bool {
    o.data::<DataView>().is_some()
}

fn this_view(vm: &mut Vm, this: Value, method: &str) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) if is_data_view(o) => Ok(o),
        _ => Err(vm.type_error(&format!(
            "Method DataView.prototype.{method} called on incompatible receiver"
        ))),
    }
}

fn out_of_bounds(vm: &mut Vm, method: &str) -> Value {
    vm.type_error(&format!(
        "Cannot perform DataView.prototype.{method} on a detached or out-of-bounds view"
    ))
}

/// The buffer's byte length, after the checks the constructor makes before and after reading
/// `prototype`: not detached (TypeError) and `offset` within it (RangeError).
fn checked_buffer_length(vm: &mut Vm, buffer: Gc<JsObject>, offset: usize) -> JsResult<usize> {
    if array_buffer::is_detached(buffer) {
        return Err(vm.type_error("Cannot construct a DataView on a detached ArrayBuffer"));
    }
    let buffer_len = array_buffer::byte_length(buffer);
    if offset > buffer_len {
        return Err(vm.range_error(&format!(
            "Start offset {offset} is outside the bounds of the buffer"
        )));
    }
    Ok(buffer_len)
}

// 25.3.2.1 DataView ( buffer [ , byteOffset [ , byteLength ] ] )
fn data_view_ctor(vm: &mut Vm, _: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    if ctx.new_target.is_undefined() {
        return Err(vm.type_error("Constructor DataView requires 'new'"));
    }
    let Some(buffer) = arg(args, 0)
        .as_object()
        .filter(|b| array_buffer::is_array_buffer(*b))
    else {
        return Err(vm.type_error("First argument to DataView constructor must be an ArrayBuffer"));
    };
    let offset = vm.to_index(arg(args, 1))?;
    let buffer_len = checked_buffer_length(vm, buffer, offset)?;
    let length_arg = arg(args, 2);
    let view_len = if length_arg.is_undefined() {
        if array_buffer::is_fixed_length(buffer) {
            Some(buffer_len - offset)
        } else {
            None
        }
    } else {
        let n = vm.to_index(length_arg)?;
        if offset.checked_add(n).is_none_or(|end| end > buffer_len) {
            return Err(vm.range_error(&format!("Invalid DataView length {n}")));
        }
        Some(n)
    };
    let proto = vm.prototype_from_constructor(ctx.new_target, Intrinsic::DataViewPrototype)?;
    // Reading `prototype` may have run user code that detached or shrank the buffer.
    let buffer_len = checked_buffer_length(vm, buffer, offset)?;
    if !length_arg.is_undefined() && offset + view_len.unwrap_or(0) > buffer_len {
        return Err(vm.range_error("Invalid DataView length"));
    }
    let dv = DataView {
        buffer,
        byte_offset: offset,
        byte_length: view_len,
    };
    Ok(Value::object(vm.new_data_object(proto, Box::new(dv))))
}

// 25.3.4.1 get DataView.prototype.buffer
fn get_buffer(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = this_view(vm, this, "buffer")?;
    Ok(Value::object(o.data::<DataView>().unwrap().buffer))
}

// 25.3.4.2 get DataView.prototype.byteLength
fn get_byte_length(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = this_view(vm, this, "byteLength")?;
    match o.data::<DataView>().unwrap().length() {
        Some(n) => Ok(Value::number(n as f64)),
        None => Err(out_of_bounds(vm, "byteLength")),
    }
}

// 25.3.4.3 get DataView.prototype.byteOffset
fn get_byte_offset(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = this_view(vm, this, "byteOffset")?;
    let d = o.data::<DataView>().unwrap();
    match d.length() {
        Some(_) => Ok(Value::number(d.byte_offset as f64)),
        None => Err(out_of_bounds(vm, "byteOffset")),
    }
}

/// The byte range of an access of `size` bytes at `index` of the view (after the bounds
/// checks of GetViewValue/SetViewValue).
fn view_range(
    vm: &mut Vm,
    o: Gc<JsObject>,
    index: usize,
    size: usize,
    method: &str,
) -> JsResult<std::ops::Range<usize>> {
    let d = o.data::<DataView>().unwrap();
    let Some(view_len) = d.length() else {
        return Err(out_of_bounds(vm, method));
    };
    if index.checked_add(size).is_none_or(|end| end > view_len) {
        return Err(vm.range_error("Offset is outside the bounds of the DataView"));
    }
    let start = d.byte_offset + index;
    Ok(start..start + size)
}

// 25.3.1.5 GetViewValue ( view, requestIndex, isLittleEndian, type )
fn get_view_value(vm: &mut Vm, this: Value, args: &[Value], kind: ElemKind) -> JsResult<Value> {
    let method = kind.name();
    let o = this_view(vm, this, method)?;
    let index = vm.to_index(arg(args, 0))?;
    let little = vm.to_boolean(arg(args, 1));
    let r = view_range(vm, o, index, kind.size(), method)?;
    let buffer = o.data::<DataView>().unwrap().buffer;
    let mut bytes = buffer.data::<ArrayBufferData>().unwrap().bytes[r].to_vec();
    if !little {
        bytes.reverse();
    }
    Ok(Value::number(kind.decode(&bytes)))
}

// 25.3.1.6 SetViewValue ( view, requestIndex, isLittleEndian, type, value )
fn set_view_value(vm: &mut Vm, this: Value, args: &[Value], kind: ElemKind) -> JsResult<Value> {
    let method = kind.name();
    let o = this_view(vm, this, method)?;
    let index = vm.to_index(arg(args, 0))?;
    let n = vm.to_number(arg(args, 1))?;
    let little = vm.to_boolean(arg(args, 2));
    let r = view_range(vm, o, index, kind.size(), method)?;
    let mut bytes = vec![0u8; kind.size()];
    kind.encode(n, &mut bytes);
    if !little {
        bytes.reverse();
    }
    let buffer = o.data::<DataView>().unwrap().buffer;
    buffer.data::<ArrayBufferData>().unwrap().bytes[r].copy_from_slice(&bytes);
    Ok(Value::UNDEFINED)
}

macro_rules! accessors {
    ($(($get:ident, $set:ident, $kind:ident)),* $(,)?) => {
        $(
            fn $get(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
                get_view_value(vm, this, args, ElemKind::$kind)
            }
            fn $set(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
                set_view_value(vm, this, args, ElemKind::$kind)
            }
        )*
        /// (name suffix, getter, setter) of each element type.
        const METHODS: &[(&str, NativeFn, NativeFn)] = &[
            $((stringify!($kind), $get, $set)),*
        ];
    };
}

accessors! {
    (get_int8, set_int8, Int8),
    (get_uint8, set_uint8, Uint8),
    (get_int16, set_int16, Int16),
    (get_uint16, set_uint16, Uint16),
    (get_int32, set_int32, Int32),
    (get_uint32, set_uint32, Uint32),
    (get_float32, set_float32, Float32),
    (get_float64, set_float64, Float64),
}

/// Installs `DataView` and its prototype.
pub(crate) fn init(vm: &mut Vm) {
    let proto = vm.intrinsic(Intrinsic::DataViewPrototype);
    make_constructor(
        vm,
        "DataView",
        1,
        data_view_ctor,
        proto,
        Some(Intrinsic::DataView),
    );
    for (name, f) in [
        ("buffer", get_buffer as NativeFn),
        ("byteLength", get_byte_length),
        ("byteOffset", get_byte_offset),
    ] {
        let key = vm.intern(name);
        vm.define_accessor(proto, key, Some(f), None);
    }
    for &(suffix, get, set) in METHODS {
        vm.define_method(proto, &format!("get{suffix}"), 1, get);
        vm.define_method(proto, &format!("set{suffix}"), 2, set);
    }
    let tag = vm.symbol_key(WellKnown::ToStringTag);
    let s = vm.new_string("DataView");
    vm.define_value_property(proto, tag, s, attrs::CONFIGURABLE);
}
