//! Value and function properties of the global object (ECMA-262 §19.1, §19.2) and Annex B's
//! `escape`/`unescape`. `parseInt`/`parseFloat` are installed by `number::init` (they are shared
//! with `Number.parseInt`/`Number.parseFloat`).

use super::{arg, define_global};
use crate::atoms::names;
use crate::object::{attrs, NativeFn};
use crate::value::number::{parse_float_prefix, trim_js_start};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, NativeCtx, Vm};

pub(crate) fn init(vm: &mut Vm) {
    let g = vm.realm.global;
    vm.define_value_property(g, names::GLOBAL_THIS, Value::object(g), attrs::HIDDEN);
    vm.define_value_property(g, names::NAN, Value::number(f64::NAN), 0);
    vm.define_value_property(g, names::INFINITY, Value::number(f64::INFINITY), 0);
    vm.define_value_property(g, names::UNDEFINED, Value::UNDEFINED, 0);

    let fns: &[(&str, u32, NativeFn)] = &[
        ("isFinite", 1, global_is_finite),
        ("isNaN", 1, global_is_nan),
        ("decodeURI", 1, global_decode_uri),
        ("decodeURIComponent", 1, global_decode_uri_component),
        ("encodeURI", 1, global_encode_uri),
        ("encodeURIComponent", 1, global_encode_uri_component),
        ("escape", 1, global_escape),
        ("unescape", 1, global_unescape),
    ];
    for &(name, len, f) in fns {
        let fo = vm.new_native_function(name, len, f);
        define_global(vm, name, Value::object(fo));
    }
    let eval = vm.new_native_function("eval", 1, global_eval);
    vm.realm.intrinsics[Intrinsic::Eval as usize] = eval;
    define_global(vm, "eval", Value::object(eval));
}

/// 19.2.1 eval ( x ): indirect eval, in the global scope.
fn global_eval(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let x = arg(args, 0);
    let Some(s) = x.as_string() else { return Ok(x) };
    let source = s.to_rust_string();
    crate::compiler::run_global_eval(vm, &source)
}

/// 19.2.2 isFinite ( number )
fn global_is_finite(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let n = vm.to_number(arg(args, 0))?;
    Ok(Value::bool(n.is_finite()))
}

/// 19.2.3 isNaN ( number )
fn global_is_nan(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let n = vm.to_number(arg(args, 0))?;
    Ok(Value::bool(n.is_nan()))
}

/// 19.2.4 parseFloat ( string )
pub(crate) fn parse_float(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let s = vm.to_rust_string(arg(args, 0))?;
    Ok(Value::number(parse_float_prefix(&s)))
}

/// The value of a digit string in a power-of-two radix, correctly rounded (ties to even).
fn pow2_radix_value(digits: &[u32], radix: u32) -> f64 {
    let bits_per = radix.trailing_zeros();
    let mut bits: Vec<u8> = Vec::with_capacity(digits.len() * bits_per as usize);
    for &d in digits {
        for i in (0..bits_per).rev() {
            bits.push(((d >> i) & 1) as u8);
        }
    }
    let first = bits.iter().position(|&b| b == 1);
    let Some(first) = first else { return 0.0 };
    let bits = &bits[first..];
    let n = bits.len();
    if n <= 53 {
        let mut m = 0u64;
        for &b in bits {
            m = (m << 1) | b as u64;
        }
        return m as f64;
    }
    let mut m = 0u64;
    for &b in &bits[..53] {
        m = (m << 1) | b as u64;
    }
    let round = bits[53] == 1;
    let sticky = bits[54..].contains(&1);
    if round && (sticky || m & 1 == 1) {
        m += 1;
    }
    let shift = (n - 53) as i32;
    if shift > 1100 {
        return f64::INFINITY;
    }
    m as f64 * 2f64.powi(shift)
}

/// 19.2.5 parseInt ( string, radix )
pub(crate) fn parse_int(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let input = vm.to_rust_string(arg(args, 0))?;
    let mut r = vm.to_int32(arg(args, 1))?;
    let mut s = trim_js_start(&input);
    let mut sign = 1.0;
    if let Some(rest) = s.strip_prefix('-') {
        sign = -1.0;
        s = rest;
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest;
    }
    let mut strip_prefix = true;
    if r != 0 {
        if !(2..=36).contains(&r) {
            return Ok(Value::number(f64::NAN));
        }
        if r != 16 {
            strip_prefix = false;
        }
    } else {
        r = 10;
    }
    if strip_prefix && (s.starts_with("0x") || s.starts_with("0X")) {
        s = &s[2..];
        r = 16;
    }
    let radix = r as u32;
    let end = s
        .find(|c: char| c.to_digit(radix).is_none())
        .unwrap_or(s.len());
    let z = &s[..end];
    if z.is_empty() {
        return Ok(Value::number(f64::NAN));
    }
    let v = if radix == 10 {
        z.parse::<f64>().unwrap_or(f64::NAN)
    } else if radix.is_power_of_two() {
        let digits: Vec<u32> = z.chars().map(|c| c.to_digit(radix).unwrap()).collect();
        pow2_radix_value(&digits, radix)
    } else {
        let mut acc = 0.0f64;
        for c in z.chars() {
            acc = acc * radix as f64 + c.to_digit(radix).unwrap() as f64;
        }
        acc
    };
    Ok(Value::number(sign * v))
}

// ---------------------------------------------------------------------------------------------
// URI handling (§19.2.6)
// ---------------------------------------------------------------------------------------------

const URI_RESERVED: &str = ";/?:@&=+$,";
const URI_MARK: &str = "-_.!~*'()";

fn is_unreserved(u: u16) -> bool {
    u < 0x80 && {
        let c = u as u8 as char;
        c.is_ascii_alphanumeric() || URI_MARK.contains(c)
    }
}

fn uri_error(vm: &mut Vm) -> Value {
    vm.make_error(Intrinsic::URIErrorPrototype, "URI malformed")
}

/// `Encode(string, extraUnescaped)` (§19.2.6.5).
fn encode(vm: &mut Vm, v: Value, extra: &str) -> JsResult<Value> {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let s = vm.to_string(v)?;
    let units = s.to_units();
    let mut out: Vec<u16> = Vec::with_capacity(units.len());
    let mut k = 0;
    while k < units.len() {
        let c = units[k];
        if is_unreserved(c) || (c < 0x80 && extra.contains(c as u8 as char)) {
            out.push(c);
            k += 1;
            continue;
        }
        // CodePointAt: lone surrogates are an error.
        let cp = if (0xD800..0xDC00).contains(&c) {
            match units.get(k + 1) {
                Some(&d) if (0xDC00..0xE000).contains(&d) => {
                    k += 1;
                    0x10000 + (((c as u32) - 0xD800) << 10) + ((d as u32) - 0xDC00)
                }
                _ => return Err(uri_error(vm)),
            }
        } else if (0xDC00..0xE000).contains(&c) {
            return Err(uri_error(vm));
        } else {
            c as u32
        };
        k += 1;
        let ch = char::from_u32(cp).unwrap();
        let mut buf = [0u8; 4];
        for &b in ch.encode_utf8(&mut buf).as_bytes() {
            out.push(b'%' as u16);
            out.push(HEX[(b >> 4) as usize] as u16);
            out.push(HEX[(b & 15) as usize] as u16);
        }
    }
    Ok(vm.new_string_units(&out))
}

fn hex_val(u: u16) -> Option<u8> {
    char::from_u32(u as u32)
        .and_then(|c| c.to_digit(16))
        .map(|d| d as u8)
}

/// `Decode(string, preserveEscapeSet)` (§19.2.6.6).
fn decode(vm: &mut Vm, v: Value, preserve: &str) -> JsResult<Value> {
    let s = vm.to_string(v)?;
    let units = s.to_units();
    let n = units.len();
    let mut out: Vec<u16> = Vec::with_capacity(n);
    let mut k = 0;
    let byte_at = |k: usize| -> Option<u8> {
        if k + 3 > n {
            return None;
        }
        if units[k] != b'%' as u16 {
            return None;
        }
        Some(hex_val(units[k + 1])? * 16 + hex_val(units[k + 2])?)
    };
    while k < n {
        let c = units[k];
        if c != b'%' as u16 {
            out.push(c);
            k += 1;
            continue;
        }
        let start = k;
        let Some(b) = byte_at(k) else {
            return Err(uri_error(vm));
        };
        k += 3;
        if b < 0x80 {
            let ch = b as char;
            if preserve.contains(ch) {
                out.extend_from_slice(&units[start..k]);
            } else {
                out.push(b as u16);
            }
            continue;
        }
        let len = b.leading_ones() as usize;
        if !(2..=4).contains(&len) {
            return Err(uri_error(vm));
        }
        let mut bytes = vec![b];
        for _ in 1..len {
            let Some(cb) = byte_at(k) else {
                return Err(uri_error(vm));
            };
            if cb & 0xC0 != 0x80 {
                return Err(uri_error(vm));
            }
            bytes.push(cb);
            k += 3;
        }
        let Ok(st) = std::str::from_utf8(&bytes) else {
            return Err(uri_error(vm));
        };
        let ch = st.chars().next().unwrap();
        let mut buf = [0u16; 2];
        out.extend_from_slice(ch.encode_utf16(&mut buf));
    }
    Ok(vm.new_string_units(&out))
}

/// 19.2.6.1 decodeURI ( encodedURI )
fn global_decode_uri(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    decode(vm, arg(args, 0), ";/?:@&=+$,#")
}

/// 19.2.6.2 decodeURIComponent ( encodedURIComponent )
fn global_decode_uri_component(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    decode(vm, arg(args, 0), "")
}

/// 19.2.6.3 encodeURI ( uri )
fn global_encode_uri(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let extra = format!("{URI_RESERVED}#");
    encode(vm, arg(args, 0), &extra)
}

/// 19.2.6.4 encodeURIComponent ( uriComponent )
fn global_encode_uri_component(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    encode(vm, arg(args, 0), "")
}

/// B.2.1.1 escape ( string )
fn global_escape(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let s = vm.to_string(arg(args, 0))?;
    let mut out: Vec<u16> = Vec::with_capacity(s.len());
    for c in s.units() {
        let plain = c < 0x80 && {
            let ch = c as u8 as char;
            ch.is_ascii_alphanumeric() || "@*_+-./".contains(ch)
        };
        if plain {
            out.push(c);
        } else if c < 256 {
            out.push(b'%' as u16);
            out.push(HEX[(c >> 4) as usize] as u16);
            out.push(HEX[(c & 15) as usize] as u16);
        } else {
            out.push(b'%' as u16);
            out.push(b'u' as u16);
            for shift in [12, 8, 4, 0] {
                out.push(HEX[((c >> shift) & 15) as usize] as u16);
            }
        }
    }
    Ok(vm.new_string_units(&out))
}

/// B.2.1.2 unescape ( string )
fn global_unescape(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let s = vm.to_string(arg(args, 0))?;
    let u = s.to_units();
    let n = u.len();
    let mut out: Vec<u16> = Vec::with_capacity(n);
    let mut k = 0;
    while k < n {
        let c = u[k];
        if c == b'%' as u16 {
            if k + 6 <= n && u[k + 1] == b'u' as u16 {
                let hs: Option<Vec<u8>> = u[k + 2..k + 6].iter().map(|&x| hex_val(x)).collect();
                if let Some(h) = hs {
                    out.push(h.iter().fold(0u16, |a, &d| a * 16 + d as u16));
                    k += 6;
                    continue;
                }
            }
            if k + 3 <= n {
                if let (Some(a), Some(b)) = (hex_val(u[k + 1]), hex_val(u[k + 2])) {
                    out.push((a * 16 + b) as u16);
                    k += 3;
                    continue;
                }
            }
        }
        out.push(c);
        k += 1;
    }
    Ok(vm.new_string_units(&out))
}
