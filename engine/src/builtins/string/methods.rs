//! String.prototype methods on code units: access, search, slicing, padding, repetition.

use super::{
    code_point_at, coerce_this, is_regexp, string_index_of, string_last_index_of, string_too_long,
    substring, this_string_value,
};
use crate::builtins::arg;
use crate::heap::Gc;
use crate::object::JsObject;
use crate::string::{JsString, StrData};
use crate::value::Value;
use crate::vm::{JsResult, NativeCtx, Vm};

/// ToIntegerOrInfinity(v) clamped into [0, len].
fn clamp_pos(vm: &mut Vm, v: Value, len: usize) -> JsResult<usize> {
    let n = vm.to_integer_or_infinity(v)?;
    Ok(n.clamp(0.0, len as f64) as usize)
}

/// 22.1.3.1 String.prototype.at(index).
fn string_at(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let s = coerce_this(vm, this, "at")?;
    let len = s.len() as f64;
    let rel = vm.to_integer_or_infinity(arg(args, 0))?;
    let k = if rel >= 0.0 { rel } else { len + rel };
    if k < 0.0 || k >= len {
        return Ok(Value::UNDEFINED);
    }
    Ok(substring(vm, s, k as usize, k as usize + 1))
}

/// 22.1.3.2 String.prototype.charAt(pos).
fn string_char_at(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let s = coerce_this(vm, this, "charAt")?;
    let p = vm.to_integer_or_infinity(arg(args, 0))?;
    if p < 0.0 || p >= s.len() as f64 {
        return Ok(vm.new_string(""));
    }
    Ok(substring(vm, s, p as usize, p as usize + 1))
}

/// 22.1.3.3 String.prototype.charCodeAt(pos).
fn string_char_code_at(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let s = coerce_this(vm, this, "charCodeAt")?;
    let p = vm.to_integer_or_infinity(arg(args, 0))?;
    if p < 0.0 || p >= s.len() as f64 {
        return Ok(Value::from_f64(f64::NAN));
    }
    Ok(Value::int(s.at(p as usize) as i32))
}

/// 22.1.3.4 String.prototype.codePointAt(pos).
fn string_code_point_at(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let s = coerce_this(vm, this, "codePointAt")?;
    let p = vm.to_integer_or_infinity(arg(args, 0))?;
    if p < 0.0 || p >= s.len() as f64 {
        return Ok(Value::UNDEFINED);
    }
    Ok(Value::int(code_point_at(&s, p as usize).0 as i32))
}

/// 22.1.3.5 String.prototype.concat(...args).
fn string_concat(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let s = coerce_this(vm, this, "concat")?;
    let mut out = s.to_units();
    for a in args {
        let t = super::to_str(vm, *a)?;
        t.push_units(&mut out);
        if out.len() > crate::MAX_STRING_LENGTH {
            return Err(string_too_long(vm));
        }
    }
    Ok(super::from_units(vm, &out))
}

/// Does `s[at..at + search.len()]` equal `search`?
fn region_matches(s: &JsString, at: usize, search: &JsString) -> bool {
    if at + search.len() > s.len() {
        return false;
    }
    match (s.data(), search.data()) {
        (StrData::Latin1(a), StrData::Latin1(b)) => &a[at..at + b.len()] == b.as_ref(),
        _ => (0..search.len()).all(|i| s.at(at + i) == search.at(i)),
    }
}

/// The search string of startsWith/endsWith/includes: a TypeError for RegExps.
fn search_string(vm: &mut Vm, v: Value, method: &str) -> JsResult<Gc<JsString>> {
    if is_regexp(vm, v)? {
        return Err(vm.type_error(&format!(
            "First argument to String.prototype.{method} must not be a regular expression"
        )));
    }
    super::to_str(vm, v)
}

/// 22.1.3.7 String.prototype.endsWith(searchString, endPosition).
fn string_ends_with(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let s = coerce_this(vm, this, "endsWith")?;
    let search = search_string(vm, arg(args, 0), "endsWith")?;
    let len = s.len();
    let end_arg = arg(args, 1);
    let end = if end_arg.is_undefined() {
        len
    } else {
        clamp_pos(vm, end_arg, len)?
    };
    let slen = search.len();
    if slen == 0 {
        return Ok(Value::TRUE);
    }
    if slen > end {
        return Ok(Value::FALSE);
    }
    Ok(Value::bool(region_matches(&s, end - slen, &search)))
}

/// 22.1.3.8 String.prototype.includes(searchString, position).
fn string_includes(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let s = coerce_this(vm, this, "includes")?;
    let search = search_string(vm, arg(args, 0), "includes")?;
    let start = clamp_pos(vm, arg(args, 1), s.len())?;
    Ok(Value::bool(string_index_of(&s, &search, start).is_some()))
}

/// 22.1.3.9 String.prototype.indexOf(searchString, position).
fn string_index_of_method(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _: NativeCtx,
) -> JsResult<Value> {
    let s = coerce_this(vm, this, "indexOf")?;
    let search = super::to_str(vm, arg(args, 0))?;
    let start = clamp_pos(vm, arg(args, 1), s.len())?;
    Ok(match string_index_of(&s, &search, start) {
        Some(i) => Value::number(i as f64),
        None => Value::int(-1),
    })
}

/// 22.1.3.11 String.prototype.lastIndexOf(searchString, position).
fn string_last_index_of_method(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _: NativeCtx,
) -> JsResult<Value> {
    let s = coerce_this(vm, this, "lastIndexOf")?;
    let search = super::to_str(vm, arg(args, 0))?;
    let num = vm.to_number(arg(args, 1))?;
    let pos = if num.is_nan() {
        f64::INFINITY
    } else {
        crate::value::number::to_integer_or_infinity(num)
    };
    let len = s.len();
    let slen = search.len();
    if slen > len {
        return Ok(Value::int(-1));
    }
    let start = pos.clamp(0.0, (len - slen) as f64) as usize;
    Ok(match string_last_index_of(&s, &search, start) {
        Some(i) => Value::number(i as f64),
        None => Value::int(-1),
    })
}

/// 22.1.3.17.1 StringPaddingBuiltinsImpl + StringPad.
fn pad(vm: &mut Vm, this: Value, args: &[Value], at_start: bool) -> JsResult<Value> {
    let s = coerce_this(vm, this, if at_start { "padStart" } else { "padEnd" })?;
    let max_len = vm.to_length(arg(args, 0))?;
    let len = s.len();
    if max_len <= len as f64 {
        return Ok(Value::string(s));
    }
    let fill_arg = arg(args, 1);
    let filler: Vec<u16> = if fill_arg.is_undefined() {
        vec![b' ' as u16]
    } else {
        super::to_str(vm, fill_arg)?.to_units()
    };
    if filler.is_empty() {
        return Ok(Value::string(s));
    }
    if max_len > crate::MAX_STRING_LENGTH as f64 {
        return Err(string_too_long(vm));
    }
    let fill_len = max_len as usize - len;
    let mut out: Vec<u16> = Vec::with_capacity(max_len as usize);
    if !at_start {
        s.push_units(&mut out);
    }
    out.extend(filler.iter().copied().cycle().take(fill_len));
    if at_start {
        s.push_units(&mut out);
    }
    Ok(super::from_units(vm, &out))
}

fn string_pad_end(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    pad(vm, this, args, false)
}

fn string_pad_start(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    pad(vm, this, args, true)
}

/// 22.1.3.18 String.prototype.repeat(count).
fn string_repeat(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let s = coerce_this(vm, this, "repeat")?;
    let n = vm.to_integer_or_infinity(arg(args, 0))?;
    if n < 0.0 || n == f64::INFINITY {
        return Err(vm.range_error(&format!(
            "Invalid count value: {}",
            crate::value::number::to_js_string(n)
        )));
    }
    if n == 0.0 || s.is_empty() {
        return Ok(vm.new_string(""));
    }
    if s.len() as f64 * n > crate::MAX_STRING_LENGTH as f64 {
        return Err(string_too_long(vm));
    }
    let n = n as usize;
    let js = match s.data() {
        StrData::Latin1(b) => JsString::latin1(b.repeat(n).into_boxed_slice()),
        StrData::Utf16(u) => JsString::from_units(&u.repeat(n)),
    };
    Ok(vm.alloc_js_string(js))
}

/// 22.1.3.22 String.prototype.slice(start, end).
fn string_slice(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let s = coerce_this(vm, this, "slice")?;
    let len = s.len();
    let from = crate::builtins::array::relative_index(vm, arg(args, 0), len as u64)? as usize;
    let end = arg(args, 1);
    let to = if end.is_undefined() {
        len
    } else {
        crate::builtins::array::relative_index(vm, end, len as u64)? as usize
    };
    Ok(substring(vm, s, from, to.max(from)))
}

/// 22.1.3.24 String.prototype.startsWith(searchString, position).
fn string_starts_with(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let s = coerce_this(vm, this, "startsWith")?;
    let search = search_string(vm, arg(args, 0), "startsWith")?;
    let start = clamp_pos(vm, arg(args, 1), s.len())?;
    if search.is_empty() {
        return Ok(Value::TRUE);
    }
    Ok(Value::bool(region_matches(&s, start, &search)))
}

/// 22.1.3.25 String.prototype.substring(start, end).
fn string_substring(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let s = coerce_this(vm, this, "substring")?;
    let len = s.len();
    let start = clamp_pos(vm, arg(args, 0), len)?;
    let end_arg = arg(args, 1);
    let end = if end_arg.is_undefined() {
        len
    } else {
        clamp_pos(vm, end_arg, len)?
    };
    Ok(substring(vm, s, start.min(end), start.max(end)))
}

/// B.2.2.1 String.prototype.substr(start, length).
fn string_substr(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let s = coerce_this(vm, this, "substr")?;
    let size = s.len();
    let start = crate::builtins::array::relative_index(vm, arg(args, 0), size as u64)? as usize;
    let len_arg = arg(args, 1);
    let len = if len_arg.is_undefined() {
        size
    } else {
        clamp_pos(vm, len_arg, size)?
    };
    let end = (start + len).min(size);
    Ok(substring(vm, s, start, end.max(start)))
}

/// 22.1.3.29 String.prototype.toString() / 22.1.3.35 valueOf().
fn string_value_of(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    Ok(Value::string(this_string_value(vm, this, "valueOf")?))
}

fn string_to_string(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    Ok(Value::string(this_string_value(vm, this, "toString")?))
}

pub(super) fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    vm.define_method(proto, "at", 1, string_at);
    vm.define_method(proto, "charAt", 1, string_char_at);
    vm.define_method(proto, "charCodeAt", 1, string_char_code_at);
    vm.define_method(proto, "codePointAt", 1, string_code_point_at);
    vm.define_method(proto, "concat", 1, string_concat);
    vm.define_method(proto, "endsWith", 1, string_ends_with);
    vm.define_method(proto, "includes", 1, string_includes);
    vm.define_method(proto, "indexOf", 1, string_index_of_method);
    vm.define_method(proto, "lastIndexOf", 1, string_last_index_of_method);
    vm.define_method(proto, "padEnd", 1, string_pad_end);
    vm.define_method(proto, "padStart", 1, string_pad_start);
    vm.define_method(proto, "repeat", 1, string_repeat);
    vm.define_method(proto, "slice", 2, string_slice);
    vm.define_method(proto, "startsWith", 1, string_starts_with);
    vm.define_method(proto, "substring", 2, string_substring);
    vm.define_method(proto, "substr", 2, string_substr);
    vm.define_method(proto, "toString", 0, string_to_string);
    vm.define_method(proto, "valueOf", 0, string_value_of);
}
