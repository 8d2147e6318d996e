//! `TextEncoder` and `TextDecoder` (UTF-8 only).
//!
//! The engine has no typed arrays yet: `encode` returns an array of byte numbers and `decode`
//! accepts any array-like of byte numbers. Both switch to `Uint8Array` once it exists.

use crate::builtins::{arg, make_constructor};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, NativeCtx, Vm};

/// The bytes of an array-like of numbers (each taken modulo 256, like a `Uint8Array` store).
pub(crate) fn bytes_of(vm: &mut Vm, v: Value) -> JsResult<Vec<u8>> {
    if v.is_undefined() {
        return Ok(Vec::new());
    }
    if let Some(s) = v.as_string() {
        return Ok(s.to_rust_string().into_bytes());
    }
    let o = vm.to_object(v)?;
    let len = vm.length_of_array_like(o)?;
    let mut out = Vec::with_capacity(len.min(1 << 20) as usize);
    for i in 0..len {
        let b = vm.get(o, crate::vm::Key::Index(i as u32), v)?;
        out.push(vm.to_uint32(b)? as u8);
    }
    Ok(out)
}

/// A JS array of the bytes.
pub(crate) fn bytes_to_array(vm: &mut Vm, bytes: &[u8]) -> Value {
    let elements = bytes.iter().map(|&b| Value::int(b as i32)).collect();
    Value::object(vm.new_array(elements))
}

fn construct(vm: &mut Vm, ctx: NativeCtx, what: &str) -> JsResult<Value> {
    if ctx.new_target.is_undefined() {
        return Err(vm.type_error(&format!(
            "Class constructor {what} cannot be invoked without 'new'"
        )));
    }
    let o = vm.ordinary_create_from_constructor(ctx.new_target, Intrinsic::ObjectPrototype)?;
    Ok(Value::object(o))
}

fn encoder_ctor(vm: &mut Vm, _: Value, _: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    construct(vm, ctx, "TextEncoder")
}

fn decoder_ctor(vm: &mut Vm, _: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let label = arg(args, 0);
    if !label.is_undefined() {
        let l = vm.to_rust_string(label)?.trim().to_ascii_lowercase();
        if !matches!(l.as_str(), "utf-8" | "utf8" | "unicode-1-1-utf-8") {
            return Err(vm.range_error(&format!("The \"{l}\" encoding is not supported")));
        }
    }
    construct(vm, ctx, "TextDecoder")
}

/// `TextEncoder.prototype.encode(string)`.
fn encode(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let v = arg(args, 0);
    let s = if v.is_undefined() {
        String::new()
    } else {
        vm.to_rust_string(v)?
    };
    Ok(bytes_to_array(vm, s.as_bytes()))
}

/// `TextDecoder.prototype.decode(bytes)`: invalid sequences become U+FFFD, a BOM is dropped.
fn decode(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let bytes = bytes_of(vm, arg(args, 0))?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let s = String::from_utf8_lossy(body);
    Ok(vm.new_string(&s))
}

fn encoding(vm: &mut Vm, _: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    Ok(vm.new_string("utf-8"))
}

/// Installs `TextEncoder` and `TextDecoder`.
pub(crate) fn install(vm: &mut Vm) {
    let key = vm.intern("encoding");
    let enc_proto = vm.new_object();
    vm.define_method(enc_proto, "encode", 0, encode);
    vm.define_accessor(enc_proto, key, Some(encoding), None);
    make_constructor(vm, "TextEncoder", 0, encoder_ctor, enc_proto, None);
    let dec_proto = vm.new_object();
    vm.define_method(dec_proto, "decode", 0, decode);
    vm.define_accessor(dec_proto, key, Some(encoding), None);
    make_constructor(vm, "TextDecoder", 0, decoder_ctor, dec_proto, None);
}
