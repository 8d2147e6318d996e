//! RegExp.prototype[@@match / @@matchAll / @@replace / @@search / @@split] (§22.2.6) and
//! %RegExpStringIteratorPrototype% (§22.2.9).

use super::{
    advance_string_index, builtin_match, find_at, intrinsic_exec, regexp_exec, RegExpData, Subject,
};
use crate::atoms::names;
use crate::builtins::arg;
use crate::builtins::promise::species_constructor;
use crate::builtins::string::get_substitution;
use crate::heap::{Gc, Trace, Tracer};
use crate::object::{attrs, JsObject};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, Key, NativeCtx, Vm, WellKnown};

fn this_regexp(vm: &mut Vm, this: Value, name: &str) -> JsResult<Gc<JsObject>> {
    this.as_object()
        .ok_or_else(|| vm.type_error(&format!("RegExp.prototype[{name}] called on non-object")))
}

/// `ToString(Get(rx, "flags"))` as units.
fn flags_of(vm: &mut Vm, rx: Gc<JsObject>) -> JsResult<Vec<u16>> {
    let f = vm.get(rx, Key::Named(names::FLAGS), Value::object(rx))?;
    Ok(vm.to_string(f)?.to_units())
}

fn has_unit(f: &[u16], c: char) -> bool {
    f.contains(&(c as u16))
}

fn set_last_index(vm: &mut Vm, r: Gc<JsObject>, v: Value) -> JsResult<()> {
    vm.set_or_throw(r, Key::Named(names::LAST_INDEX), v, Value::object(r), true)
}

fn get_last_index(vm: &mut Vm, r: Gc<JsObject>) -> JsResult<f64> {
    let v = vm.get(r, Key::Named(names::LAST_INDEX), Value::object(r))?;
    vm.to_length(v)
}

/// `ToString(Get(result, "0"))` as units.
fn match_string(vm: &mut Vm, result: Value) -> JsResult<Vec<u16>> {
    let m = vm.get_v(result, Key::Index(0))?;
    Ok(vm.to_string(m)?.to_units())
}

/// After an empty global match: lastIndex = AdvanceStringIndex(S, ToLength(lastIndex)).
fn bump_empty(vm: &mut Vm, rx: Gc<JsObject>, s: &Subject, full_unicode: bool) -> JsResult<()> {
    let this_index = get_last_index(vm, rx)?;
    let next = advance_string_index(&s.units, this_index, full_unicode);
    set_last_index(vm, rx, Value::number(next))
}

// 22.2.6.8 RegExp.prototype [ @@match ] ( string )
fn regexp_match(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let rx = this_regexp(vm, this, "Symbol.match")?;
    let s = vm.to_string_value(arg(args, 0))?;
    let subject = Subject::new(s);
    let flags = flags_of(vm, rx)?;
    if !has_unit(&flags, 'g') {
        return regexp_exec(vm, rx, &subject);
    }
    let full_unicode = has_unit(&flags, 'u') || has_unit(&flags, 'v');
    set_last_index(vm, rx, Value::int(0))?;
    let out = vm.new_array(Vec::new());
    loop {
        let result = regexp_exec(vm, rx, &subject)?;
        if result.is_null() {
            if out.inner().elements.is_empty() {
                return Ok(Value::NULL);
            }
            return Ok(Value::object(out));
        }
        let m = match_string(vm, result)?;
        let mv = vm.new_string_units(&m);
        out.inner().elements.push(mv);
        if m.is_empty() {
            bump_empty(vm, rx, &subject, full_unicode)?;
        }
    }
}

/// %RegExpStringIterator% state.
struct RegExpStringIterator {
    matcher: Value,
    string: Value,
    global: bool,
    unicode: bool,
    done: bool,
}

impl Trace for RegExpStringIterator {
    fn trace(&self, t: &mut Tracer) {
        t.value(self.matcher);
        t.value(self.string);
    }
}
crate::object_data!(RegExpStringIterator);

// 22.2.6.9 RegExp.prototype [ @@matchAll ] ( string )
fn regexp_match_all(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let r = this_regexp(vm, this, "Symbol.matchAll")?;
    let s = vm.to_string_value(arg(args, 0))?;
    let default = Value::object(vm.intrinsic(Intrinsic::RegExp));
    let c = species_constructor(vm, r, default)?;
    vm.root(c);
    let flags = flags_of(vm, r)?;
    let fv = vm.new_string_units(&flags);
    let matcher = vm.construct(c, &[this, fv], None)?;
    vm.root(matcher);
    let last_index = get_last_index(vm, r)?;
    let Some(mo) = matcher.as_object() else {
        return Err(vm.type_error("matcher is not an object"));
    };
    set_last_index(vm, mo, Value::number(last_index))?;
    let it = RegExpStringIterator {
        matcher,
        string: s,
        global: has_unit(&flags, 'g'),
        unicode: has_unit(&flags, 'u') || has_unit(&flags, 'v'),
        done: false,
    };
    let proto = vm.intrinsic(Intrinsic::RegExpStringIteratorPrototype);
    Ok(Value::object(vm.new_data_object(proto, Box::new(it))))
}

fn iter_result(vm: &mut Vm, value: Value, done: bool) -> Value {
    let o = vm.new_object();
    vm.define_value_property(o, names::VALUE, value, attrs::DEFAULT);
    vm.define_value_property(o, names::DONE, Value::bool(done), attrs::DEFAULT);
    Value::object(o)
}

// 22.2.9.2.1 %RegExpStringIteratorPrototype%.next ( )
fn regexp_string_iterator_next(
    vm: &mut Vm,
    this: Value,
    _args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let Some(o) = this
        .as_object()
        .filter(|o| o.data::<RegExpStringIterator>().is_some())
    else {
        return Err(vm.type_error("%RegExpStringIterator%.next called on incompatible receiver"));
    };
    let d = o.data::<RegExpStringIterator>().unwrap();
    if d.done {
        return Ok(iter_result(vm, Value::UNDEFINED, true));
    }
    let (matcher, string, global, unicode) = (d.matcher, d.string, d.global, d.unicode);
    let Some(r) = matcher.as_object() else {
        return Ok(iter_result(vm, Value::UNDEFINED, true));
    };
    let subject = Subject::new(string);
    let m = regexp_exec(vm, r, &subject)?;
    if m.is_null() {
        o.data::<RegExpStringIterator>().unwrap().done = true;
        return Ok(iter_result(vm, Value::UNDEFINED, true));
    }
    vm.root(m);
    if global {
        let ms = match_string(vm, m)?;
        if ms.is_empty() {
            bump_empty(vm, r, &subject, unicode)?;
        }
        return Ok(iter_result(vm, m, false));
    }
    o.data::<RegExpStringIterator>().unwrap().done = true;
    Ok(iter_result(vm, m, false))
}

// 22.2.6.11 RegExp.prototype [ @@replace ] ( string, replaceValue )
fn regexp_replace(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let rx = this_regexp(vm, this, "Symbol.replace")?;
    let s = vm.to_string_value(arg(args, 0))?;
    let subject = Subject::new(s);
    let length_s = subject.len();
    let mut replace_value = arg(args, 1);
    let functional = vm.is_callable(replace_value);
    if !functional {
        replace_value = vm.to_string_value(replace_value)?;
        vm.root(replace_value);
    }
    let flags = flags_of(vm, rx)?;
    let global = has_unit(&flags, 'g');
    let full_unicode = has_unit(&flags, 'u') || has_unit(&flags, 'v');
    if global {
        set_last_index(vm, rx, Value::int(0))?;
    }
    // Results are kept in an array so they stay rooted.
    let results = vm.new_array(Vec::new());
    loop {
        let result = regexp_exec(vm, rx, &subject)?;
        if result.is_null() {
            break;
        }
        results.inner().elements.push(result);
        if !global {
            break;
        }
        let m = match_string(vm, result)?;
        if m.is_empty() {
            bump_empty(vm, rx, &subject, full_unicode)?;
        }
    }
    let template: Vec<u16> = if functional {
        Vec::new()
    } else {
        replace_value.as_string().unwrap().to_units()
    };
    let mut acc: Vec<u16> = Vec::new();
    let mut next_pos = 0usize;
    let count = results.inner().elements.len();
    for ri in 0..count {
        let result = results.inner().elements[ri];
        let ro = result.as_object().unwrap();
        let result_length = vm.length_of_array_like(ro)?;
        let n_captures = result_length.saturating_sub(1);
        let matched = match_string(vm, result)?;
        let match_length = matched.len();
        let pos_v = vm.get(ro, Key::Named(names::INDEX), result)?;
        let position = vm
            .to_integer_or_infinity(pos_v)?
            .clamp(0.0, length_s as f64) as usize;
        let holder = vm.new_array(Vec::new());
        for n in 1..=n_captures {
            let key = if n < u32::MAX as u64 {
                Key::Index(n as u32)
            } else {
                vm.str_key(&n.to_string())
            };
            let cap = vm.get(ro, key, result)?;
            let cap = if cap.is_undefined() {
                cap
            } else {
                vm.to_string_value(cap)?
            };
            holder.inner().elements.push(cap);
        }
        let mut named = vm.get(ro, Key::Named(names::GROUPS), result)?;
        let replacement: Vec<u16> = if functional {
            let mut call_args: Vec<Value> = Vec::with_capacity(n_captures as usize + 4);
            call_args.push(vm.new_string_units(&matched));
            call_args.extend(holder.inner().elements.iter().copied());
            call_args.push(Value::number(position as f64));
            call_args.push(s);
            if !named.is_undefined() {
                call_args.push(named);
            }
            let ma = vm.new_array(call_args.clone());
            vm.root(Value::object(ma));
            let rv = vm.call(replace_value, Value::UNDEFINED, &call_args)?;
            vm.to_string(rv)?.to_units()
        } else {
            if !named.is_undefined() {
                named = Value::object(vm.to_object(named)?);
            }
            vm.root(named);
            let caps: Vec<Value> = holder.inner().elements.clone();
            get_substitution(
                vm,
                &matched,
                &subject.units,
                position,
                &caps,
                named,
                &template,
            )?
        };
        if position >= next_pos {
            acc.extend_from_slice(&subject.units[next_pos..position]);
            acc.extend_from_slice(&replacement);
            next_pos = position + match_length;
        }
    }
    if next_pos < length_s {
        acc.extend_from_slice(&subject.units[next_pos..]);
    }
    if acc.len() > crate::MAX_STRING_LENGTH {
        return Err(vm.range_error("Invalid string length"));
    }
    Ok(vm.new_string_units(&acc))
}

// 22.2.6.12 RegExp.prototype [ @@search ] ( string )
fn regexp_search(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let rx = this_regexp(vm, this, "Symbol.search")?;
    let s = vm.to_string_value(arg(args, 0))?;
    let subject = Subject::new(s);
    let previous = vm.get(rx, Key::Named(names::LAST_INDEX), this)?;
    vm.root(previous);
    if !vm.same_value(previous, Value::int(0)) {
        set_last_index(vm, rx, Value::int(0))?;
    }
    let result = regexp_exec(vm, rx, &subject)?;
    vm.root(result);
    let current = vm.get(rx, Key::Named(names::LAST_INDEX), this)?;
    if !vm.same_value(current, previous) {
        set_last_index(vm, rx, previous)?;
    }
    if result.is_null() {
        return Ok(Value::int(-1));
    }
    vm.get_v(result, Key::Named(names::INDEX))
}

/// Does `splitter` use the untouched builtin `exec` (so matching can skip ahead)?
fn uses_builtin_exec(vm: &mut Vm, splitter: Gc<JsObject>) -> bool {
    if splitter.data::<RegExpData>().is_none() {
        return false;
    }
    let proto = vm.intrinsic(Intrinsic::RegExpPrototype);
    if splitter.inner().proto != Some(proto) {
        return false;
    }
    let ek = vm.intern("exec");
    if vm.get_own_property(splitter, Key::Named(ek)).is_some() {
        return false;
    }
    match vm.get_own_property(proto, Key::Named(ek)) {
        Some(p) => p.attrs & attrs::ACCESSOR == 0 && p.value == intrinsic_exec(vm),
        None => false,
    }
}

// 22.2.6.14 RegExp.prototype [ @@split ] ( string, limit )
fn regexp_split(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let rx = this_regexp(vm, this, "Symbol.split")?;
    let s = vm.to_string_value(arg(args, 0))?;
    let subject = Subject::new(s);
    let default = Value::object(vm.intrinsic(Intrinsic::RegExp));
    let c = species_constructor(vm, rx, default)?;
    vm.root(c);
    let mut flags = flags_of(vm, rx)?;
    let unicode_matching = has_unit(&flags, 'u') || has_unit(&flags, 'v');
    if !has_unit(&flags, 'y') {
        flags.push(b'y' as u16);
    }
    let fv = vm.new_string_units(&flags);
    let splitter_v = vm.construct(c, &[this, fv], None)?;
    vm.root(splitter_v);
    let Some(splitter) = splitter_v.as_object() else {
        return Err(vm.type_error("splitter is not an object"));
    };
    let out = vm.new_array(Vec::new());
    let limit = arg(args, 1);
    let lim: u32 = if limit.is_undefined() {
        u32::MAX
    } else {
        vm.to_uint32(limit)?
    };
    if lim == 0 {
        return Ok(Value::object(out));
    }
    let size = subject.len();
    if size == 0 {
        let z = regexp_exec(vm, splitter, &subject)?;
        if !z.is_null() {
            return Ok(Value::object(out));
        }
        out.inner().elements.push(s);
        return Ok(Value::object(out));
    }
    let fast = uses_builtin_exec(vm, splitter);
    let mut p = 0usize;
    let mut q = p;
    while q < size {
        if fast {
            // Equivalent to trying each position with the sticky splitter: jump to the next match.
            let (re, unicode) = {
                let d = splitter.data::<RegExpData>().unwrap();
                (d.regex.clone(), d.full_unicode())
            };
            let Some(re) = re else { break };
            let Some(m) = find_at(&re, unicode, &subject.units, q) else {
                break;
            };
            let e = m.end().min(size);
            if m.start() >= size {
                break;
            }
            if e == p {
                q = advance_string_index(&subject.units, m.start() as f64, unicode_matching)
                    as usize;
                continue;
            }
            let t = vm.new_string_units(&subject.units[p..m.start()]);
            out.inner().elements.push(t);
            if out.inner().elements.len() as u32 == lim {
                return Ok(Value::object(out));
            }
            p = e;
            for i in 1..=m.captures.len() {
                let v = match m.group(i) {
                    Some(rg) => vm.new_string_units(&subject.units[rg]),
                    None => Value::UNDEFINED,
                };
                out.inner().elements.push(v);
                if out.inner().elements.len() as u32 == lim {
                    return Ok(Value::object(out));
                }
            }
            q = p;
            continue;
        }
        set_last_index(vm, splitter, Value::number(q as f64))?;
        let z = regexp_exec(vm, splitter, &subject)?;
        if z.is_null() {
            q = advance_string_index(&subject.units, q as f64, unicode_matching) as usize;
            continue;
        }
        vm.root(z);
        let e = get_last_index(vm, splitter)?.min(size as f64) as usize;
        if e == p {
            q = advance_string_index(&subject.units, q as f64, unicode_matching) as usize;
            continue;
        }
        let t = vm.new_string_units(&subject.units[p..q]);
        out.inner().elements.push(t);
        if out.inner().elements.len() as u32 == lim {
            return Ok(Value::object(out));
        }
        p = e;
        let zo = z.as_object().unwrap();
        let n = vm.length_of_array_like(zo)?;
        let n_captures = n.saturating_sub(1);
        for i in 1..=n_captures {
            let cap = vm.get(zo, Key::Index(i as u32), z)?;
            out.inner().elements.push(cap);
            if out.inner().elements.len() as u32 == lim {
                return Ok(Value::object(out));
            }
        }
        q = p;
    }
    let t = vm.new_string_units(&subject.units[p.min(size)..]);
    out.inner().elements.push(t);
    Ok(Value::object(out))
}

pub(super) fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    vm.define_symbol_method(proto, WellKnown::Match, 1, regexp_match);
    vm.define_symbol_method(proto, WellKnown::MatchAll, 1, regexp_match_all);
    vm.define_symbol_method(proto, WellKnown::Replace, 2, regexp_replace);
    vm.define_symbol_method(proto, WellKnown::Search, 1, regexp_search);
    vm.define_symbol_method(proto, WellKnown::Split, 2, regexp_split);
    let ip = vm.intrinsic(Intrinsic::RegExpStringIteratorPrototype);
    vm.define_method(ip, "next", 0, regexp_string_iterator_next);
    let tag = vm.symbol_key(WellKnown::ToStringTag);
    let tv = vm.new_string("RegExp String Iterator");
    vm.define_value_property(ip, tag, tv, attrs::CONFIGURABLE);
    let _ = builtin_match;
}
