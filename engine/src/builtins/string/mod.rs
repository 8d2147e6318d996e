//! `String` (ECMA-262 §22.1): the constructor, its statics, shared helpers on UTF-16 code units
//! and the prototype's registration. Strings are sequences of code units; results are built with
//! `JsString::from_units`/Latin-1 slices so that Latin-1 strings stay compact.

mod html;
mod iterator;
mod methods;
mod pattern;
mod text;

#[allow(unused_imports)]
pub(crate) use pattern::get_substitution;

use super::{arg, make_constructor};
use crate::heap::Gc;
use crate::object::{JsObject, ObjectKind};
use crate::string::{JsString, StrData};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, NativeCtx, Vm};

// ---------------------------------------------------------------------------------------------
// Helpers.

/// `RequireObjectCoercible(this)` then `ToString`.
pub(crate) fn coerce_this(vm: &mut Vm, this: Value, method: &str) -> JsResult<Gc<JsString>> {
    if let Some(s) = this.as_string() {
        return Ok(s);
    }
    if this.is_nullish() {
        return Err(vm.type_error(&format!(
            "String.prototype.{method} called on null or undefined"
        )));
    }
    to_str(vm, this)
}

/// `ToString`, keeping the result rooted: for objects it may be a string that only user code
/// (`toString`/`valueOf`) created, and it is often held across further calls into JS.
pub(crate) fn to_str(vm: &mut Vm, v: Value) -> JsResult<Gc<JsString>> {
    let s = vm.to_string(v)?;
    if v.is_object() {
        vm.root(Value::string(s));
    }
    Ok(s)
}

/// `thisStringValue(value)`.
pub(crate) fn this_string_value(vm: &mut Vm, this: Value, method: &str) -> JsResult<Gc<JsString>> {
    if let Some(s) = this.as_string() {
        return Ok(s);
    }
    if let Some(o) = this.as_object() {
        if let ObjectKind::String(s) = o.kind() {
            return Ok(*s);
        }
    }
    Err(vm.type_error(&format!(
        "String.prototype.{method} requires that 'this' be a String"
    )))
}

/// The code units `[from, to)` of `s` as a string value (no copy for the whole string).
pub(crate) fn substring(vm: &mut Vm, s: Gc<JsString>, from: usize, to: usize) -> Value {
    if from == 0 && to == s.len() {
        return Value::string(s);
    }
    if from >= to {
        return vm.new_string("");
    }
    let js = match s.data() {
        StrData::Latin1(b) => JsString::latin1(b[from..to].into()),
        StrData::Utf16(u) => JsString::from_units(&u[from..to]),
    };
    vm.alloc_js_string(js)
}

/// A string value from code units.
#[inline]
pub(crate) fn from_units(vm: &mut Vm, units: &[u16]) -> Value {
    vm.alloc_js_string(JsString::from_units(units))
}

fn index_of_slice<T: PartialEq + Copy>(hay: &[T], needle: &[T], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return (from <= hay.len()).then_some(from);
    }
    if needle.len() > hay.len() {
        return None;
    }
    let first = needle[0];
    let last_start = hay.len() - needle.len();
    let mut i = from;
    while i <= last_start {
        if hay[i] == first && hay[i..i + needle.len()] == *needle {
            return Some(i);
        }
        i += 1;
    }
    None
}

fn last_index_of_slice<T: PartialEq + Copy>(hay: &[T], needle: &[T], from: usize) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    let mut i = from.min(hay.len() - needle.len());
    loop {
        if hay[i..i + needle.len()] == *needle {
            return Some(i);
        }
        if i == 0 {
            return None;
        }
        i -= 1;
    }
}

/// 6.1.4.1 StringIndexOf(string, searchValue, fromIndex).
pub(crate) fn string_index_of(s: &JsString, search: &JsString, from: usize) -> Option<usize> {
    match (s.data(), search.data()) {
        (StrData::Latin1(a), StrData::Latin1(b)) => index_of_slice(a, b, from),
        (StrData::Utf16(a), StrData::Utf16(b)) => index_of_slice(a, b, from),
        (StrData::Utf16(a), StrData::Latin1(_)) => index_of_slice(a, &search.to_units(), from),
        // A UTF-16 needle (some unit > 0xFF) never occurs in a Latin-1 haystack.
        (StrData::Latin1(_), StrData::Utf16(_)) => None,
    }
}

/// StringLastIndexOf(string, searchValue, fromIndex): the last match starting at or before `from`.
pub(crate) fn string_last_index_of(s: &JsString, search: &JsString, from: usize) -> Option<usize> {
    match (s.data(), search.data()) {
        (StrData::Latin1(a), StrData::Latin1(b)) => last_index_of_slice(a, b, from),
        (StrData::Utf16(a), StrData::Utf16(b)) => last_index_of_slice(a, b, from),
        (StrData::Utf16(a), StrData::Latin1(_)) => last_index_of_slice(a, &search.to_units(), from),
        (StrData::Latin1(_), StrData::Utf16(_)) => None,
    }
}

/// 11.1.4 CodePointAt(string, position): (code point, code unit count, is unpaired surrogate).
pub(crate) fn code_point_at(s: &JsString, pos: usize) -> (u32, usize, bool) {
    let first = s.at(pos);
    if !(0xD800..=0xDFFF).contains(&first) {
        return (first as u32, 1, false);
    }
    if first >= 0xDC00 || pos + 1 == s.len() {
        return (first as u32, 1, true);
    }
    let second = s.at(pos + 1);
    if !(0xDC00..=0xDFFF).contains(&second) {
        return (first as u32, 1, true);
    }
    (
        ((first as u32 - 0xD800) << 10) + (second as u32 - 0xDC00) + 0x10000,
        2,
        false,
    )
}

/// Appends a code point as UTF-16.
pub(crate) fn push_code_point(out: &mut Vec<u16>, cp: u32) {
    if cp < 0x10000 {
        out.push(cp as u16);
    } else {
        let c = cp - 0x10000;
        out.push(0xD800 + (c >> 10) as u16);
        out.push(0xDC00 + (c & 0x3FF) as u16);
    }
}

/// The error for results past the engine's string length limit.
pub(crate) fn string_too_long(vm: &mut Vm) -> Value {
    vm.range_error("Invalid string length")
}

/// `IsRegExp(argument)`.
pub(crate) fn is_regexp(vm: &mut Vm, v: Value) -> JsResult<bool> {
    crate::builtins::regexp::is_regexp(vm, v)
}

// ---------------------------------------------------------------------------------------------
// The constructor and its statics.

/// `SymbolDescriptiveString(sym)`.
fn symbol_descriptive_string(vm: &mut Vm, v: Value) -> Value {
    let sym = v.as_symbol().unwrap();
    let mut out: Vec<u16> = "Symbol(".encode_utf16().collect();
    if let Some(d) = sym.description.as_string() {
        d.push_units(&mut out);
    }
    out.push(b')' as u16);
    from_units(vm, &out)
}

/// 22.1.1.1 String(value).
fn string_ctor(vm: &mut Vm, _: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let s = if args.is_empty() {
        vm.new_string("")
    } else {
        let v = args[0];
        if ctx.new_target.is_undefined() && v.is_symbol() {
            return Ok(symbol_descriptive_string(vm, v));
        }
        vm.to_string_value(v)?
    };
    if ctx.new_target.is_undefined() {
        return Ok(s);
    }
    let proto = vm.prototype_from_constructor(ctx.new_target, Intrinsic::StringPrototype)?;
    let o = vm.new_object_with(Some(proto), ObjectKind::String(s.as_string().unwrap()));
    Ok(Value::object(o))
}

/// 22.1.2.1 String.fromCharCode(...codeUnits).
fn string_from_char_code(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let mut out = Vec::with_capacity(args.len());
    for v in args {
        let n = match v.as_int() {
            Some(i) => i as u32,
            None => {
                let n = vm.to_number(*v)?;
                crate::value::number::to_uint32(n)
            }
        };
        out.push(n as u16);
    }
    Ok(from_units(vm, &out))
}

/// 22.1.2.2 String.fromCodePoint(...codePoints).
fn string_from_code_point(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let mut out = Vec::with_capacity(args.len());
    for v in args {
        let n = vm.to_number(*v)?;
        if n.fract() != 0.0 || !n.is_finite() || !(0.0..=1114111.0).contains(&n) {
            let shown = crate::value::number::to_js_string(n);
            return Err(vm.range_error(&format!("Invalid code point {shown}")));
        }
        push_code_point(&mut out, n as u32);
        if out.len() > crate::MAX_STRING_LENGTH {
            return Err(string_too_long(vm));
        }
    }
    Ok(from_units(vm, &out))
}

/// 22.1.2.4 String.raw(template, ...substitutions).
fn string_raw(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let subs = if args.len() > 1 { &args[1..] } else { &[] };
    let cooked = vm.to_object(arg(args, 0))?;
    let raw = vm.get_named(cooked, crate::atoms::names::RAW)?;
    let literals = vm.to_object(raw)?;
    vm.root(Value::object(literals));
    let count = vm.length_of_array_like(literals)?;
    let mut out: Vec<u16> = Vec::new();
    let mut i: u64 = 0;
    while i < count {
        let lit = crate::builtins::array::get_index(vm, literals, i)?;
        let s = vm.to_string(lit)?;
        s.push_units(&mut out);
        if i + 1 == count {
            break;
        }
        if let Some(sub) = subs.get(i as usize) {
            let s = vm.to_string(*sub)?;
            s.push_units(&mut out);
        }
        if out.len() > crate::MAX_STRING_LENGTH {
            return Err(string_too_long(vm));
        }
        i += 1;
    }
    Ok(from_units(vm, &out))
}

/// Installs `String`, `String.prototype` and `%StringIteratorPrototype%`.
pub(crate) fn init(vm: &mut Vm) {
    let proto: Gc<JsObject> = vm.intrinsic(Intrinsic::StringPrototype);
    // String.prototype is itself a String exotic object wrapping "".
    let empty = vm.new_string("").as_string().unwrap();
    proto.inner().kind = ObjectKind::String(empty);
    let ctor = make_constructor(vm, "String", 1, string_ctor, proto, Some(Intrinsic::String));
    vm.define_method(ctor, "fromCharCode", 1, string_from_char_code);
    vm.define_method(ctor, "fromCodePoint", 1, string_from_code_point);
    vm.define_method(ctor, "raw", 1, string_raw);
    methods::init(vm, proto);
    text::init(vm, proto);
    pattern::init(vm, proto);
    iterator::init(vm, proto);
    html::init(vm, proto);
}
