//! String.prototype.{match, matchAll, replace, replaceAll, search, split}: the generic parts.
//! Object arguments with the matching well-known symbol method are delegated to (that is how
//! RegExps take over); otherwise string patterns are handled here, and match/matchAll/search
//! build a RegExp.

use super::{coerce_this, from_units, string_index_of, substring};
use crate::builtins::arg;
use crate::heap::Gc;
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{JsResult, Key, NativeCtx, Vm, WellKnown};

/// `GetMethod(v, @@sym)` for an object `v`; None when undefined/null.
fn symbol_method(vm: &mut Vm, v: Value, sym: WellKnown) -> JsResult<Option<Value>> {
    let key = vm.symbol_key(sym);
    let m = vm.get_v(v, Key::Named(key))?;
    if m.is_nullish() {
        return Ok(None);
    }
    if !vm.is_callable(m) {
        let name = vm.key_name(key);
        return Err(vm.type_error(&format!("{name} is not a function")));
    }
    Ok(Some(m))
}

/// `Invoke(rx, @@sym, args)`.
fn invoke_symbol(vm: &mut Vm, rx: Value, sym: WellKnown, args: &[Value]) -> JsResult<Value> {
    let key = vm.symbol_key(sym);
    let f = vm.get_v(rx, Key::Named(key))?;
    vm.call(f, rx, args)
}

/// RequireObjectCoercible(this) without the ToString (done later, per spec order).
fn require_coercible(vm: &mut Vm, this: Value, method: &str) -> JsResult<()> {
    if this.is_nullish() {
        return Err(vm.type_error(&format!(
            "String.prototype.{method} called on null or undefined"
        )));
    }
    Ok(())
}

/// For matchAll/replaceAll: a RegExp argument must have the `g` flag.
fn require_global_flag(vm: &mut Vm, v: Value, method: &str) -> JsResult<()> {
    if super::is_regexp(vm, v)? {
        let o = v.as_object().unwrap();
        let flags = vm.get_named(o, crate::atoms::names::FLAGS)?;
        if flags.is_nullish() {
            return Err(vm.type_error("RegExp flags is null or undefined"));
        }
        let f = super::to_str(vm, flags)?;
        if !f.units().any(|u| u == b'g' as u16) {
            return Err(vm.type_error(&format!(
                "String.prototype.{method} called with a non-global RegExp argument"
            )));
        }
    }
    Ok(())
}

/// 22.1.3.13 String.prototype.match(regexp) / 22.1.3.23 search(regexp).
fn match_or_search(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    sym: WellKnown,
    method: &str,
) -> JsResult<Value> {
    require_coercible(vm, this, method)?;
    let regexp = arg(args, 0);
    if regexp.is_object() {
        if let Some(m) = symbol_method(vm, regexp, sym)? {
            return vm.call(m, regexp, &[this]);
        }
    }
    let s = vm.to_string_value(this)?;
    vm.root(s);
    let rx = crate::builtins::regexp::regexp_create(vm, regexp, Value::UNDEFINED)?;
    invoke_symbol(vm, rx, sym, &[s])
}

fn string_match(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    match_or_search(vm, this, args, WellKnown::Match, "match")
}

fn string_search(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    match_or_search(vm, this, args, WellKnown::Search, "search")
}

/// 22.1.3.14 String.prototype.matchAll(regexp).
fn string_match_all(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    require_coercible(vm, this, "matchAll")?;
    let regexp = arg(args, 0);
    if regexp.is_object() {
        require_global_flag(vm, regexp, "matchAll")?;
        if let Some(m) = symbol_method(vm, regexp, WellKnown::MatchAll)? {
            return vm.call(m, regexp, &[this]);
        }
    }
    let s = vm.to_string_value(this)?;
    vm.root(s);
    let g = vm.new_string("g");
    let rx = crate::builtins::regexp::regexp_create(vm, regexp, g)?;
    invoke_symbol(vm, rx, WellKnown::MatchAll, &[s])
}

/// 22.1.3.19.1 GetSubstitution(matched, str, position, captures, namedCaptures, replacementTemplate).
/// `captures` are strings or undefined; `named_captures` is an object or undefined.
pub(crate) fn get_substitution(
    vm: &mut Vm,
    matched: &[u16],
    s: &[u16],
    position: usize,
    captures: &[Value],
    named_captures: Value,
    template: &[u16],
) -> JsResult<Vec<u16>> {
    let dollar = b'$' as u16;
    let is_digit = |u: u16| (b'0' as u16..=b'9' as u16).contains(&u);
    let mut out = Vec::with_capacity(template.len());
    let mut i = 0;
    let m = captures.len();
    while i < template.len() {
        let c = template[i];
        if c != dollar || i + 1 == template.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let next = template[i + 1];
        match next {
            0x24 => {
                // $$
                out.push(dollar);
                i += 2;
            }
            0x60 => {
                // $`
                out.extend_from_slice(&s[..position.min(s.len())]);
                i += 2;
            }
            0x26 => {
                // $&
                out.extend_from_slice(matched);
                i += 2;
            }
            0x27 => {
                // $'
                let tail = (position + matched.len()).min(s.len());
                out.extend_from_slice(&s[tail..]);
                i += 2;
            }
            d if is_digit(d) => {
                let two = i + 2 < template.len() && is_digit(template[i + 2]);
                let mut digit_count = if two { 2 } else { 1 };
                let mut index = (d - b'0' as u16) as usize;
                if two {
                    index = index * 10 + (template[i + 2] - b'0' as u16) as usize;
                    if index > m {
                        digit_count = 1;
                        index = (d - b'0' as u16) as usize;
                    }
                }
                if (1..=m).contains(&index) {
                    let cap = captures[index - 1];
                    if !cap.is_undefined() {
                        let cs = super::to_str(vm, cap)?;
                        cs.push_units(&mut out);
                    }
                } else {
                    out.extend_from_slice(&template[i..i + 1 + digit_count]);
                }
                i += 1 + digit_count;
            }
            0x3C => {
                // $<name>
                let gt = template[i..].iter().position(|&u| u == b'>' as u16);
                match (gt, named_captures.is_undefined()) {
                    (Some(gt), false) => {
                        let name = &template[i + 2..i + gt];
                        let key_v = from_units(vm, name);
                        let key = vm.to_property_key(key_v)?;
                        let groups = vm.to_object(named_captures)?;
                        let cap = vm.get(groups, key, named_captures)?;
                        if !cap.is_undefined() {
                            let cs = super::to_str(vm, cap)?;
                            cs.push_units(&mut out);
                        }
                        i += gt + 1;
                    }
                    _ => {
                        out.extend_from_slice(&template[i..i + 2]);
                        i += 2;
                    }
                }
            }
            _ => {
                out.push(dollar);
                i += 1;
            }
        }
        if out.len() > crate::MAX_STRING_LENGTH {
            return Err(super::string_too_long(vm));
        }
    }
    Ok(out)
}

/// 22.1.3.19 String.prototype.replace(searchValue, replaceValue) and
/// 22.1.3.20 replaceAll(searchValue, replaceValue).
fn replace_impl(vm: &mut Vm, this: Value, args: &[Value], all: bool) -> JsResult<Value> {
    let method = if all { "replaceAll" } else { "replace" };
    require_coercible(vm, this, method)?;
    let search_value = arg(args, 0);
    let mut replace_value = arg(args, 1);
    if search_value.is_object() {
        if all {
            require_global_flag(vm, search_value, method)?;
        }
        if let Some(r) = symbol_method(vm, search_value, WellKnown::Replace)? {
            return vm.call(r, search_value, &[this, replace_value]);
        }
    }
    let s = coerce_this(vm, this, method)?;
    let search = super::to_str(vm, search_value)?;
    let functional = vm.is_callable(replace_value);
    if !functional {
        replace_value = vm.to_string_value(replace_value)?;
        vm.root(replace_value);
    }
    let slen = search.len();
    let mut positions = Vec::new();
    let mut p = string_index_of(&s, &search, 0);
    while let Some(pos) = p {
        positions.push(pos);
        if !all {
            break;
        }
        p = string_index_of(&s, &search, pos + slen.max(1));
    }
    if positions.is_empty() {
        return Ok(Value::string(s));
    }
    let s_units = s.to_units();
    let search_units = search.to_units();
    // A template without `$` is inserted as is.
    let template: Option<Vec<u16>> = replace_value
        .as_string()
        .filter(|_| !functional)
        .map(|t| t.to_units());
    let needs_substitution = template
        .as_ref()
        .is_some_and(|t| t.contains(&(b'$' as u16)));
    let mut out: Vec<u16> = Vec::with_capacity(s.len());
    let mut end_of_last = 0;
    for pos in positions {
        out.extend_from_slice(&s_units[end_of_last..pos]);
        if functional {
            let args = [
                Value::string(search),
                Value::number(pos as f64),
                Value::string(s),
            ];
            let r = vm.call(replace_value, Value::UNDEFINED, &args)?;
            let rs = super::to_str(vm, r)?;
            rs.push_units(&mut out);
        } else if needs_substitution {
            let t = template.as_deref().unwrap_or_default();
            let r = get_substitution(vm, &search_units, &s_units, pos, &[], Value::UNDEFINED, t)?;
            out.extend_from_slice(&r);
        } else {
            out.extend_from_slice(template.as_deref().unwrap_or_default());
        }
        end_of_last = pos + slen;
        if out.len() > crate::MAX_STRING_LENGTH {
            return Err(super::string_too_long(vm));
        }
    }
    out.extend_from_slice(&s_units[end_of_last..]);
    if out.len() > crate::MAX_STRING_LENGTH {
        return Err(super::string_too_long(vm));
    }
    Ok(from_units(vm, &out))
}

fn string_replace(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    replace_impl(vm, this, args, false)
}

fn string_replace_all(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    replace_impl(vm, this, args, true)
}

/// 22.1.3.23 String.prototype.split(separator, limit).
fn string_split(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    require_coercible(vm, this, "split")?;
    let separator = arg(args, 0);
    let limit = arg(args, 1);
    if separator.is_object() {
        if let Some(splitter) = symbol_method(vm, separator, WellKnown::Split)? {
            return vm.call(splitter, separator, &[this, limit]);
        }
    }
    let s = coerce_this(vm, this, "split")?;
    let lim: u32 = if limit.is_undefined() {
        u32::MAX
    } else {
        vm.to_uint32(limit)?
    };
    let r = super::to_str(vm, separator)?;
    if lim == 0 {
        return Ok(Value::object(vm.new_array(Vec::new())));
    }
    if separator.is_undefined() {
        return Ok(Value::object(vm.new_array(vec![Value::string(s)])));
    }
    let lim = lim as usize;
    let slen = s.len();
    if r.is_empty() {
        let n = slen.min(lim);
        let mut parts = Vec::with_capacity(n);
        for i in 0..n {
            parts.push(substring(vm, s, i, i + 1));
        }
        return Ok(Value::object(vm.new_array(parts)));
    }
    if slen == 0 {
        return Ok(Value::object(vm.new_array(vec![Value::string(s)])));
    }
    let mut parts = Vec::new();
    let mut i = 0;
    let mut j = string_index_of(&s, &r, 0);
    while let Some(pos) = j {
        parts.push(substring(vm, s, i, pos));
        if parts.len() >= lim {
            return Ok(Value::object(vm.new_array(parts)));
        }
        i = pos + r.len();
        j = string_index_of(&s, &r, i);
    }
    parts.push(substring(vm, s, i, slen));
    Ok(Value::object(vm.new_array(parts)))
}

pub(super) fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    vm.define_method(proto, "match", 1, string_match);
    vm.define_method(proto, "matchAll", 1, string_match_all);
    vm.define_method(proto, "replace", 2, string_replace);
    vm.define_method(proto, "replaceAll", 2, string_replace_all);
    vm.define_method(proto, "search", 1, string_search);
    vm.define_method(proto, "split", 2, string_split);
}
