//! String.prototype methods on Unicode text: case mapping, normalization, trimming,
//! well-formedness, localeCompare.

use super::{code_point_at, coerce_this, from_units, push_code_point, substring};
use crate::builtins::arg;
use crate::heap::Gc;
use crate::object::JsObject;
use crate::string::{JsString, StrData};
use crate::value::Value;
use crate::vm::{JsResult, NativeCtx, Vm};
use unicode_normalization::UnicodeNormalization;

/// Splits code units into maximal well-formed runs (as Rust strings) and lone surrogates, feeds
/// each run through `f` and re-encodes; lone surrogates are kept as they are.
fn map_well_formed_runs(units: &[u16], f: impl Fn(&str) -> String) -> Vec<u16> {
    let mut out = Vec::with_capacity(units.len());
    let mut run = String::new();
    for r in char::decode_utf16(units.iter().copied()) {
        match r {
            Ok(c) => run.push(c),
            Err(e) => {
                if !run.is_empty() {
                    out.extend(f(&run).encode_utf16());
                    run.clear();
                }
                out.push(e.unpaired_surrogate());
            }
        }
    }
    if !run.is_empty() {
        out.extend(f(&run).encode_utf16());
    }
    out
}

/// 22.1.3.28 String.prototype.toLowerCase() (and toLocaleLowerCase).
fn to_lower(vm: &mut Vm, s: Gc<JsString>) -> Value {
    if let StrData::Latin1(b) = s.data() {
        // Latin-1 lowercases within Latin-1.
        if !b
            .iter()
            .any(|&c| c.is_ascii_uppercase() || (0xC0..=0xDE).contains(&c) && c != 0xD7)
        {
            return Value::string(s);
        }
        let v: Vec<u8> = b
            .iter()
            .map(|&c| {
                if c.is_ascii_uppercase() || (0xC0..=0xDE).contains(&c) && c != 0xD7 {
                    c + 32
                } else {
                    c
                }
            })
            .collect();
        return vm.alloc_js_string(JsString::latin1(v.into_boxed_slice()));
    }
    let out = map_well_formed_runs(&s.to_units(), |r| r.to_lowercase());
    from_units(vm, &out)
}

/// 22.1.3.30 String.prototype.toUpperCase() (and toLocaleUpperCase).
fn to_upper(vm: &mut Vm, s: Gc<JsString>) -> Value {
    if let StrData::Latin1(b) = s.data() {
        // µ, ß and ÿ leave Latin-1; everything else maps within it.
        if !b.iter().any(|&c| c == 0xB5 || c == 0xDF || c == 0xFF) {
            if !b
                .iter()
                .any(|&c| c.is_ascii_lowercase() || (0xE0..=0xFE).contains(&c) && c != 0xF7)
            {
                return Value::string(s);
            }
            let v: Vec<u8> = b
                .iter()
                .map(|&c| {
                    if c.is_ascii_lowercase() || (0xE0..=0xFE).contains(&c) && c != 0xF7 {
                        c - 32
                    } else {
                        c
                    }
                })
                .collect();
            return vm.alloc_js_string(JsString::latin1(v.into_boxed_slice()));
        }
    }
    let out = map_well_formed_runs(&s.to_units(), |r| r.to_uppercase());
    from_units(vm, &out)
}

fn string_to_lower_case(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let s = coerce_this(vm, this, "toLowerCase")?;
    Ok(to_lower(vm, s))
}

fn string_to_upper_case(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let s = coerce_this(vm, this, "toUpperCase")?;
    Ok(to_upper(vm, s))
}

fn string_to_locale_lower_case(
    vm: &mut Vm,
    this: Value,
    _: &[Value],
    _: NativeCtx,
) -> JsResult<Value> {
    let s = coerce_this(vm, this, "toLocaleLowerCase")?;
    Ok(to_lower(vm, s))
}

fn string_to_locale_upper_case(
    vm: &mut Vm,
    this: Value,
    _: &[Value],
    _: NativeCtx,
) -> JsResult<Value> {
    let s = coerce_this(vm, this, "toLocaleUpperCase")?;
    Ok(to_upper(vm, s))
}

/// Normalization forms.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Nfc,
    Nfd,
    Nfkc,
    Nfkd,
}

fn normalize_units(units: &[u16], form: Form) -> Vec<u16> {
    map_well_formed_runs(units, |r| match form {
        Form::Nfc => r.nfc().collect(),
        Form::Nfd => r.nfd().collect(),
        Form::Nfkc => r.nfkc().collect(),
        Form::Nfkd => r.nfkd().collect(),
    })
}

/// 22.1.3.15 String.prototype.normalize(form).
fn string_normalize(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let s = coerce_this(vm, this, "normalize")?;
    let f = arg(args, 0);
    let form = if f.is_undefined() {
        Form::Nfc
    } else {
        let name = super::to_str(vm, f)?;
        match name.to_rust_string().as_str() {
            "NFC" => Form::Nfc,
            "NFD" => Form::Nfd,
            "NFKC" => Form::Nfkc,
            "NFKD" => Form::Nfkd,
            _ => {
                return Err(
                    vm.range_error("The normalization form should be one of NFC, NFD, NFKC, NFKD.")
                )
            }
        }
    };
    // ASCII is invariant under every form; Latin-1 under NFC.
    if let StrData::Latin1(b) = s.data() {
        if form == Form::Nfc || b.is_ascii() {
            return Ok(Value::string(s));
        }
    }
    let out = normalize_units(&s.to_units(), form);
    Ok(from_units(vm, &out))
}

/// WhiteSpace or LineTerminator (§12.2, §12.3).
pub(crate) fn is_js_whitespace(u: u16) -> bool {
    matches!(
        u,
        0x09 | 0x0A | 0x0B | 0x0C | 0x0D | 0x20 | 0xA0 | 0x1680 | 0x2000
            ..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000 | 0xFEFF
    )
}

/// 22.1.3.32.1 TrimString(string, where).
fn trim(vm: &mut Vm, this: Value, start: bool, end: bool, method: &str) -> JsResult<Value> {
    let s = coerce_this(vm, this, method)?;
    let len = s.len();
    let mut from = 0;
    if start {
        while from < len && is_js_whitespace(s.at(from)) {
            from += 1;
        }
    }
    let mut to = len;
    if end {
        while to > from && is_js_whitespace(s.at(to - 1)) {
            to -= 1;
        }
    }
    Ok(substring(vm, s, from, to))
}

fn string_trim(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    trim(vm, this, true, true, "trim")
}

fn string_trim_start(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    trim(vm, this, true, false, "trimStart")
}

fn string_trim_end(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    trim(vm, this, false, true, "trimEnd")
}

/// Is there no lone surrogate?
fn is_well_formed(s: &JsString) -> bool {
    match s.data() {
        StrData::Latin1(_) => true,
        StrData::Utf16(u) => char::decode_utf16(u.iter().copied()).all(|r| r.is_ok()),
    }
}

/// 22.1.3.10 String.prototype.isWellFormed().
fn string_is_well_formed(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let s = coerce_this(vm, this, "isWellFormed")?;
    Ok(Value::bool(is_well_formed(&s)))
}

/// 22.1.3.31 String.prototype.toWellFormed().
fn string_to_well_formed(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let s = coerce_this(vm, this, "toWellFormed")?;
    if is_well_formed(&s) {
        return Ok(Value::string(s));
    }
    let mut out = Vec::with_capacity(s.len());
    let mut k = 0;
    while k < s.len() {
        let (cp, n, lone) = code_point_at(&s, k);
        push_code_point(&mut out, if lone { 0xFFFD } else { cp });
        k += n;
    }
    Ok(from_units(vm, &out))
}

/// A simple, locale-independent collation: canonical equivalents compare equal (NFC); letters
/// compare case-insensitively first, then lowercase before uppercase, then by code units.
fn locale_compare(a: &JsString, b: &JsString) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let norm = |s: &JsString| -> Vec<u16> {
        match s.data() {
            StrData::Latin1(_) => s.to_units(),
            StrData::Utf16(u) => normalize_units(u, Form::Nfc),
        }
    };
    let (x, y) = (norm(a), norm(b));
    if x == y {
        return Ordering::Equal;
    }
    let fold = |u: &[u16]| -> Vec<u32> {
        char::decode_utf16(u.iter().copied())
            .map(|r| match r {
                Ok(c) => c.to_lowercase().next().map_or(c as u32, |l| l as u32),
                Err(e) => e.unpaired_surrogate() as u32,
            })
            .collect()
    };
    let primary = fold(&x).cmp(&fold(&y));
    if primary != Ordering::Equal {
        return primary;
    }
    // Same letters: the first case difference decides (lowercase first).
    for (p, q) in x.iter().zip(y.iter()) {
        if p != q {
            return q.cmp(p);
        }
    }
    x.cmp(&y)
}

/// 22.1.3.12 String.prototype.localeCompare(that).
fn string_locale_compare(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _: NativeCtx,
) -> JsResult<Value> {
    let s = coerce_this(vm, this, "localeCompare")?;
    let that = super::to_str(vm, arg(args, 0))?;
    Ok(Value::int(match locale_compare(&s, &that) {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    }))
}

pub(super) fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    vm.define_method(proto, "isWellFormed", 0, string_is_well_formed);
    vm.define_method(proto, "localeCompare", 1, string_locale_compare);
    vm.define_method(proto, "normalize", 0, string_normalize);
    vm.define_method(proto, "toLocaleLowerCase", 0, string_to_locale_lower_case);
    vm.define_method(proto, "toLocaleUpperCase", 0, string_to_locale_upper_case);
    vm.define_method(proto, "toLowerCase", 0, string_to_lower_case);
    vm.define_method(proto, "toUpperCase", 0, string_to_upper_case);
    vm.define_method(proto, "toWellFormed", 0, string_to_well_formed);
    vm.define_method(proto, "trim", 0, string_trim);
    // B.2.2.15/16: trimLeft/trimRight are the same function objects as trimStart/trimEnd.
    let start = vm.define_method(proto, "trimStart", 0, string_trim_start);
    let end = vm.define_method(proto, "trimEnd", 0, string_trim_end);
    let attrs = crate::object::attrs::HIDDEN;
    let k = vm.intern("trimLeft");
    vm.define_value_property(proto, k, Value::object(start), attrs);
    let k = vm.intern("trimRight");
    vm.define_value_property(proto, k, Value::object(end), attrs);
}
