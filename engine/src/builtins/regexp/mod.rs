//! RegExp (ECMA-262 §22.2) on top of the `regress` engine.
//!
//! Patterns are compiled from UTF-16: in `u`/`v` mode as code points matched against
//! [`regress::Regex::find_from_utf16`], otherwise unit by unit against `find_from_ucs2`, so
//! match positions are always UTF-16 indices. Compiled patterns are cached per thread.

mod symbols;

#[allow(unused_imports)]
use super::{arg, make_constructor};
use crate::atoms::names;
use crate::heap::{Gc, Trace, Tracer};
use crate::object::{attrs, JsObject, ObjectKind};
use crate::string::JsString;
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, Key, NativeCtx, Vm, WellKnown};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Flag bits.
pub(crate) mod flag {
    pub const D: u8 = 1;
    pub const G: u8 = 2;
    pub const I: u8 = 4;
    pub const M: u8 = 8;
    pub const S: u8 = 16;
    pub const U: u8 = 32;
    pub const V: u8 = 64;
    pub const Y: u8 = 128;
}

/// `[[OriginalSource]]`, `[[OriginalFlags]]`, `[[RegExpMatcher]]`.
pub(crate) struct RegExpData {
    /// The pattern source (a string value), undefined before initialization.
    pub(crate) source: Value,
    /// The flags string value.
    pub(crate) flags: Value,
    pub(crate) bits: u8,
    pub(crate) regex: Option<Rc<regress::Regex>>,
}

impl Trace for RegExpData {
    fn trace(&self, t: &mut Tracer) {
        t.value(self.source);
        t.value(self.flags);
    }
}
crate::object_data!(RegExpData);

impl RegExpData {
    fn full_unicode(&self) -> bool {
        self.bits & (flag::U | flag::V) != 0
    }
}

type CacheKey = (Vec<u16>, u8);

thread_local! {
    static CACHE: RefCell<HashMap<CacheKey, Rc<regress::Regex>>> = RefCell::new(HashMap::new());
}

/// Parses a flags string into bits; None when invalid.
fn parse_flags(units: &[u16]) -> Option<u8> {
    let mut bits = 0u8;
    for &u in units {
        let b = match u {
            0x64 => flag::D,
            0x67 => flag::G,
            0x69 => flag::I,
            0x6D => flag::M,
            0x73 => flag::S,
            0x75 => flag::U,
            0x76 => flag::V,
            0x79 => flag::Y,
            _ => return None,
        };
        if bits & b != 0 {
            return None;
        }
        bits |= b;
    }
    if bits & flag::U != 0 && bits & flag::V != 0 {
        return None;
    }
    Some(bits)
}

/// Compiles (or fetches from the cache) a pattern.
fn compile(pattern: &[u16], bits: u8) -> Result<Rc<regress::Regex>, String> {
    let key = (
        pattern.to_vec(),
        bits & (flag::I | flag::M | flag::S | flag::U | flag::V),
    );
    if let Some(r) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return Ok(r);
    }
    let flags = regress::Flags {
        icase: bits & flag::I != 0,
        multiline: bits & flag::M != 0,
        dot_all: bits & flag::S != 0,
        unicode: bits & flag::U != 0,
        unicode_sets: bits & flag::V != 0,
        no_opt: false,
    };
    let unicode = bits & (flag::U | flag::V) != 0;
    let result = if unicode {
        let cps: Vec<u32> = char::decode_utf16(pattern.iter().copied())
            .map(|r| match r {
                Ok(c) => c as u32,
                Err(e) => e.unpaired_surrogate() as u32,
            })
            .collect();
        regress::Regex::from_unicode(cps.into_iter(), flags)
    } else {
        regress::Regex::from_unicode(pattern.iter().map(|&u| u as u32), flags)
    };
    let re = Rc::new(result.map_err(|e| e.text)?);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() > 512 {
            c.clear();
        }
        c.insert(key, re.clone());
    });
    Ok(re)
}

/// Runs a compiled pattern on UTF-16 text from `start`.
pub(crate) fn find_at(
    re: &regress::Regex,
    unicode: bool,
    text: &[u16],
    start: usize,
) -> Option<regress::Match> {
    if start > text.len() {
        return None;
    }
    if unicode {
        re.find_from_utf16(text, start).next()
    } else {
        re.find_from_ucs2(text, start).next()
    }
}

/// `IsRegExp(argument)`.
pub(crate) fn is_regexp(vm: &mut Vm, v: Value) -> JsResult<bool> {
    let Some(o) = v.as_object() else {
        return Ok(false);
    };
    let k = vm.symbol_key(WellKnown::Match);
    let m = vm.get(o, Key::Named(k), v)?;
    if !m.is_undefined() {
        return Ok(vm.to_boolean(m));
    }
    Ok(o.data::<RegExpData>().is_some())
}

/// `RegExpAlloc(newTarget)`.
fn regexp_alloc(vm: &mut Vm, new_target: Value) -> JsResult<Gc<JsObject>> {
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::RegExpPrototype)?;
    let o = vm.new_data_object(
        proto,
        Box::new(RegExpData {
            source: Value::UNDEFINED,
            flags: Value::UNDEFINED,
            bits: 0,
            regex: None,
        }),
    );
    vm.define_value_property(o, names::LAST_INDEX, Value::int(0), attrs::WRITABLE);
    Ok(o)
}

/// `RegExpInitialize(obj, pattern, flags)`.
fn regexp_initialize(
    vm: &mut Vm,
    o: Gc<JsObject>,
    pattern: Value,
    flags: Value,
) -> JsResult<Value> {
    let p = if pattern.is_undefined() {
        vm.key_to_value(names::EMPTY)
    } else {
        vm.to_string_value(pattern)?
    };
    vm.root(p);
    let f = if flags.is_undefined() {
        vm.key_to_value(names::EMPTY)
    } else {
        vm.to_string_value(flags)?
    };
    vm.root(f);
    let ps = p.as_string().unwrap();
    let fs = f.as_string().unwrap();
    let Some(bits) = parse_flags(&fs.to_units()) else {
        let msg = format!(
            "Invalid flags supplied to RegExp constructor '{}'",
            fs.to_rust_string()
        );
        return Err(vm.syntax_error(&msg));
    };
    let re = match compile(&ps.to_units(), bits) {
        Ok(r) => r,
        Err(e) => {
            let msg = format!(
                "Invalid regular expression: /{}/{}: {}",
                ps.to_rust_string(),
                fs.to_rust_string(),
                e
            );
            return Err(vm.syntax_error(&msg));
        }
    };
    if let Some(d) = o.data::<RegExpData>() {
        d.source = p;
        d.flags = f;
        d.bits = bits;
        d.regex = Some(re);
    }
    vm.set_or_throw(
        o,
        Key::Named(names::LAST_INDEX),
        Value::int(0),
        Value::object(o),
        true,
    )?;
    Ok(Value::object(o))
}

/// `RegExpCreate(P, F)`: used for regular expression literals.
pub(crate) fn regexp_create(vm: &mut Vm, pattern: Value, flags: Value) -> JsResult<Value> {
    let c = Value::object(vm.intrinsic(Intrinsic::RegExp));
    let o = regexp_alloc(vm, c)?;
    regexp_initialize(vm, o, pattern, flags)
}

// 22.2.4.1 RegExp ( pattern, flags )
fn regexp_ctor(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let pattern = arg(args, 0);
    let flags = arg(args, 1);
    let pattern_is_regexp = is_regexp(vm, pattern)?;
    let new_target = if ctx.new_target.is_undefined() {
        let nt = Value::object(ctx.callee);
        if pattern_is_regexp && flags.is_undefined() {
            let pc = vm.get_v(pattern, Key::Named(names::CONSTRUCTOR))?;
            if vm.same_value(nt, pc) {
                return Ok(pattern);
            }
        }
        nt
    } else {
        ctx.new_target
    };
    let (p, f) = if let Some(d) = pattern
        .as_object()
        .and_then(|o| o.data::<RegExpData>().map(|d| (d.source, d.flags)))
    {
        (d.0, if flags.is_undefined() { d.1 } else { flags })
    } else if pattern_is_regexp {
        let po = pattern.as_object().unwrap();
        let src = vm.get(po, Key::Named(names::SOURCE), pattern)?;
        vm.root(src);
        let f = if flags.is_undefined() {
            vm.get(po, Key::Named(names::FLAGS), pattern)?
        } else {
            flags
        };
        (src, f)
    } else {
        (pattern, flags)
    };
    vm.root(p);
    vm.root(f);
    let o = regexp_alloc(vm, new_target)?;
    regexp_initialize(vm, o, p, f)
}

// B.2.4.1 RegExp.prototype.compile ( pattern, flags )
fn regexp_compile(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let Some(o) = this
        .as_object()
        .filter(|o| o.data::<RegExpData>().is_some())
    else {
        return Err(vm.type_error("RegExp.prototype.compile called on incompatible receiver"));
    };
    let pattern = arg(args, 0);
    let flags = arg(args, 1);
    let (p, f) = match pattern
        .as_object()
        .and_then(|o| o.data::<RegExpData>().map(|d| (d.source, d.flags)))
    {
        Some((s, fl)) => {
            if !flags.is_undefined() {
                return Err(
                    vm.type_error("Cannot supply flags when constructing one RegExp from another")
                );
            }
            (s, fl)
        }
        None => (pattern, flags),
    };
    regexp_initialize(vm, o, p, f)
}

/// The intrinsic `RegExp.prototype.exec` (kept in the constructor's captures).
fn intrinsic_exec(vm: &Vm) -> Value {
    match vm.intrinsic(Intrinsic::RegExp).kind() {
        ObjectKind::Native(n) => n.captures.first().copied().unwrap_or(Value::UNDEFINED),
        _ => Value::UNDEFINED,
    }
}

/// A subject string with its UTF-16 units computed once.
pub(crate) struct Subject {
    pub(crate) value: Value,
    pub(crate) units: Vec<u16>,
}

impl Subject {
    pub(crate) fn new(value: Value) -> Subject {
        let units = value.as_string().map(|s| s.to_units()).unwrap_or_default();
        Subject { value, units }
    }
    pub(crate) fn len(&self) -> usize {
        self.units.len()
    }
}

/// `RegExpExec(R, S)`.
pub(crate) fn regexp_exec(vm: &mut Vm, r: Gc<JsObject>, s: &Subject) -> JsResult<Value> {
    let ek = vm_key(vm, "exec");
    let exec = vm.get(r, Key::Named(ek), Value::object(r))?;
    if exec == intrinsic_exec(vm) && r.data::<RegExpData>().is_some() {
        return builtin_exec(vm, r, s);
    }
    if vm.is_callable(exec) {
        let result = vm.call(exec, Value::object(r), &[s.value])?;
        if !result.is_object() && !result.is_null() {
            return Err(vm.type_error("exec result must be an object or null"));
        }
        return Ok(result);
    }
    if r.data::<RegExpData>().is_none() {
        return Err(vm.type_error("RegExp exec method called on incompatible receiver"));
    }
    builtin_exec(vm, r, s)
}

fn vm_key(vm: &mut Vm, s: &str) -> crate::atoms::PropKey {
    vm.intern(s)
}

/// `AdvanceStringIndex(S, index, unicode)`.
pub(crate) fn advance_string_index(units: &[u16], index: f64, unicode: bool) -> f64 {
    if !unicode || index + 1.0 >= units.len() as f64 {
        return index + 1.0;
    }
    let i = index as usize;
    let c = units[i];
    if (0xD800..0xDC00).contains(&c)
        && i + 1 < units.len()
        && (0xDC00..0xE000).contains(&units[i + 1])
    {
        return index + 2.0;
    }
    index + 1.0
}

fn set_last_index(vm: &mut Vm, r: Gc<JsObject>, v: f64) -> JsResult<()> {
    vm.set_or_throw(
        r,
        Key::Named(names::LAST_INDEX),
        Value::number(v),
        Value::object(r),
        true,
    )
}

/// `RegExpBuiltinExec(R, S)`.
pub(crate) fn builtin_exec(vm: &mut Vm, r: Gc<JsObject>, s: &Subject) -> JsResult<Value> {
    match builtin_match(vm, r, s)? {
        Some(m) => Ok(build_result(vm, r, s, &m)),
        None => Ok(Value::NULL),
    }
}

/// The matching part of `RegExpBuiltinExec`: updates `lastIndex` and returns the match.
pub(crate) fn builtin_match(
    vm: &mut Vm,
    r: Gc<JsObject>,
    s: &Subject,
) -> JsResult<Option<regress::Match>> {
    let li = vm.get(r, Key::Named(names::LAST_INDEX), Value::object(r))?;
    let last_index = vm.to_length(li)?;
    let Some(d) = r.data::<RegExpData>() else {
        return Err(vm.type_error("RegExp exec method called on incompatible receiver"));
    };
    let (bits, re, unicode) = (d.bits, d.regex.clone(), d.full_unicode());
    let Some(re) = re else {
        return Err(vm.type_error("RegExp is not initialized"));
    };
    let global_or_sticky = bits & (flag::G | flag::Y) != 0;
    let last_index = if global_or_sticky { last_index } else { 0.0 };
    let length = s.len() as f64;
    if last_index > length {
        if global_or_sticky {
            set_last_index(vm, r, 0.0)?;
        }
        return Ok(None);
    }
    let found = find_at(&re, unicode, &s.units, last_index as usize);
    let found = match found {
        Some(m) if bits & flag::Y != 0 && m.start() != last_index as usize => None,
        other => other,
    };
    let Some(m) = found else {
        if global_or_sticky {
            set_last_index(vm, r, 0.0)?;
        }
        return Ok(None);
    };
    if global_or_sticky {
        set_last_index(vm, r, m.end() as f64)?;
    }
    Ok(Some(m))
}

/// Builds the match result array (22.2.7.2 steps 20–36).
fn build_result(vm: &mut Vm, r: Gc<JsObject>, s: &Subject, m: &regress::Match) -> Value {
    let has_indices = r
        .data::<RegExpData>()
        .is_some_and(|d| d.bits & flag::D != 0);
    let n = m.captures.len();
    let mut elements = Vec::with_capacity(n + 1);
    for i in 0..=n {
        elements.push(match m.group(i) {
            Some(rg) => vm.new_string_units(&s.units[rg]),
            None => Value::UNDEFINED,
        });
    }
    let a = vm.new_array(elements);
    vm.define_value_property(
        a,
        names::INDEX,
        Value::number(m.start() as f64),
        attrs::DEFAULT,
    );
    vm.define_value_property(a, names::INPUT, s.value, attrs::DEFAULT);
    let named: Vec<(String, Option<std::ops::Range<usize>>)> =
        m.named_groups().map(|(k, v)| (k.to_string(), v)).collect();
    let groups = if named.is_empty() {
        Value::UNDEFINED
    } else {
        let g = vm.new_object_with(None, ObjectKind::Ordinary);
        for (name, rg) in &named {
            let v = match rg {
                Some(rg) => vm.new_string_units(&s.units[rg.clone()]),
                None => Value::UNDEFINED,
            };
            let k = vm.str_key(name);
            vm.put_own(g, k, v, Value::UNDEFINED, attrs::DEFAULT);
        }
        Value::object(g)
    };
    vm.define_value_property(a, names::GROUPS, groups, attrs::DEFAULT);
    if has_indices {
        let mut pairs = Vec::with_capacity(n + 1);
        for i in 0..=n {
            pairs.push(match m.group(i) {
                Some(rg) => Value::object(vm.new_array(vec![
                    Value::number(rg.start as f64),
                    Value::number(rg.end as f64),
                ])),
                None => Value::UNDEFINED,
            });
        }
        let indices = vm.new_array(pairs);
        let igroups = if named.is_empty() {
            Value::UNDEFINED
        } else {
            let g = vm.new_object_with(None, ObjectKind::Ordinary);
            for (name, rg) in &named {
                let v = match rg {
                    Some(rg) => Value::object(vm.new_array(vec![
                        Value::number(rg.start as f64),
                        Value::number(rg.end as f64),
                    ])),
                    None => Value::UNDEFINED,
                };
                let k = vm.str_key(name);
                vm.put_own(g, k, v, Value::UNDEFINED, attrs::DEFAULT);
            }
            Value::object(g)
        };
        vm.define_value_property(indices, names::GROUPS, igroups, attrs::DEFAULT);
        let ik = vm.intern("indices");
        vm.define_value_property(a, ik, Value::object(indices), attrs::DEFAULT);
    }
    Value::object(a)
}

// 22.2.6.2 RegExp.prototype.exec ( string )
fn regexp_proto_exec(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let Some(r) = this
        .as_object()
        .filter(|o| o.data::<RegExpData>().is_some())
    else {
        return Err(vm.type_error("RegExp.prototype.exec called on incompatible receiver"));
    };
    let s = vm.to_string_value(arg(args, 0))?;
    let subject = Subject::new(s);
    builtin_exec(vm, r, &subject)
}

// 22.2.6.16 RegExp.prototype.test ( S )
fn regexp_test(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let Some(r) = this.as_object() else {
        return Err(vm.type_error("RegExp.prototype.test called on incompatible receiver"));
    };
    let s = vm.to_string_value(arg(args, 0))?;
    let subject = Subject::new(s);
    // Fast path: the builtin exec needs no result array.
    let ek = vm_key(vm, "exec");
    let exec = vm.get(r, Key::Named(ek), this)?;
    if exec == intrinsic_exec(vm) && r.data::<RegExpData>().is_some() {
        return Ok(Value::bool(builtin_match(vm, r, &subject)?.is_some()));
    }
    let m = regexp_exec(vm, r, &subject)?;
    Ok(Value::bool(!m.is_null()))
}

// 22.2.6.17 RegExp.prototype.toString ( )
fn regexp_to_string(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let Some(r) = this.as_object() else {
        return Err(vm.type_error("RegExp.prototype.toString called on incompatible receiver"));
    };
    let src = vm.get(r, Key::Named(names::SOURCE), this)?;
    let p = vm.to_string(src)?;
    vm.root(Value::string(p));
    let fl = vm.get(r, Key::Named(names::FLAGS), this)?;
    let f = vm.to_string(fl)?;
    let mut u = Vec::with_capacity(p.len() + f.len() + 2);
    u.push(b'/' as u16);
    p.push_units(&mut u);
    u.push(b'/' as u16);
    f.push_units(&mut u);
    Ok(vm.new_string_units(&u))
}

// 22.2.6.4 get RegExp.prototype.flags
fn regexp_flags(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let Some(r) = this.as_object() else {
        return Err(vm.type_error("RegExp.prototype.flags getter called on non-object"));
    };
    let mut out = String::new();
    for (name, c) in [
        ("hasIndices", 'd'),
        ("global", 'g'),
        ("ignoreCase", 'i'),
        ("multiline", 'm'),
        ("dotAll", 's'),
        ("unicode", 'u'),
        ("unicodeSets", 'v'),
        ("sticky", 'y'),
    ] {
        let k = vm.intern(name);
        let v = vm.get(r, Key::Named(k), this)?;
        if vm.to_boolean(v) {
            out.push(c);
        }
    }
    Ok(vm.new_string(&out))
}

/// `RegExpHasFlag(R, codeUnit)`.
fn has_flag(vm: &mut Vm, this: Value, bit: u8, name: &str) -> JsResult<Value> {
    let Some(r) = this.as_object() else {
        return Err(vm.type_error(&format!(
            "RegExp.prototype.{name} getter called on non-object"
        )));
    };
    if let Some(d) = r.data::<RegExpData>() {
        if d.regex.is_some() {
            return Ok(Value::bool(d.bits & bit != 0));
        }
    }
    if r == vm.intrinsic(Intrinsic::RegExpPrototype) {
        return Ok(Value::UNDEFINED);
    }
    Err(vm.type_error(&format!(
        "RegExp.prototype.{name} getter called on non-RegExp object"
    )))
}

macro_rules! flag_getter {
    ($fn:ident, $bit:expr, $name:expr) => {
        fn $fn(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
            has_flag(vm, this, $bit, $name)
        }
    };
}

flag_getter!(get_has_indices, flag::D, "hasIndices");
flag_getter!(get_global, flag::G, "global");
flag_getter!(get_ignore_case, flag::I, "ignoreCase");
flag_getter!(get_multiline, flag::M, "multiline");
flag_getter!(get_dot_all, flag::S, "dotAll");
flag_getter!(get_unicode, flag::U, "unicode");
flag_getter!(get_unicode_sets, flag::V, "unicodeSets");
flag_getter!(get_sticky, flag::Y, "sticky");

/// `EscapeRegExpPattern(P, F)`.
fn escape_pattern(src: &JsString) -> Vec<u16> {
    if src.is_empty() {
        return "(?:)".encode_utf16().collect();
    }
    let mut out = Vec::with_capacity(src.len() + 2);
    let mut in_class = false;
    let mut escaped = false;
    for u in src.units() {
        if escaped {
            escaped = false;
            match u {
                0x0A => out.extend("n".encode_utf16()),
                0x0D => out.extend("r".encode_utf16()),
                0x2028 => out.extend("u2028".encode_utf16()),
                0x2029 => out.extend("u2029".encode_utf16()),
                _ => out.push(u),
            }
            continue;
        }
        match u {
            0x5C => {
                escaped = true;
                out.push(u);
            }
            0x2F if !in_class => out.extend("\\/".encode_utf16()),
            0x5B => {
                in_class = true;
                out.push(u);
            }
            0x5D => {
                in_class = false;
                out.push(u);
            }
            0x0A => out.extend("\\n".encode_utf16()),
            0x0D => out.extend("\\r".encode_utf16()),
            0x2028 => out.extend("\\u2028".encode_utf16()),
            0x2029 => out.extend("\\u2029".encode_utf16()),
            _ => out.push(u),
        }
    }
    out
}

// 22.2.6.13 get RegExp.prototype.source
fn regexp_source(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let Some(r) = this.as_object() else {
        return Err(vm.type_error("RegExp.prototype.source getter called on non-object"));
    };
    if let Some(d) = r.data::<RegExpData>() {
        if let Some(s) = d.source.as_string() {
            let u = escape_pattern(&s);
            return Ok(vm.new_string_units(&u));
        }
    }
    if r == vm.intrinsic(Intrinsic::RegExpPrototype) {
        return Ok(vm.new_string("(?:)"));
    }
    Err(vm.type_error("RegExp.prototype.source getter called on non-RegExp object"))
}

fn species_getter(_vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    Ok(this)
}

// RegExp.escape ( S )
fn regexp_escape(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let s = arg(args, 0);
    let Some(s) = s.as_string() else {
        return Err(vm.type_error("RegExp.escape requires a string"));
    };
    let units = s.to_units();
    let mut out: Vec<u16> = Vec::with_capacity(units.len() * 2);
    let hex2 = |out: &mut Vec<u16>, c: u16| out.extend(format!("\\x{:02x}", c).encode_utf16());
    let mut i = 0;
    while i < units.len() {
        let c = units[i];
        if i == 0
            && ((b'0' as u16..=b'9' as u16).contains(&c)
                || (b'a' as u16..=b'z' as u16).contains(&c)
                || (b'A' as u16..=b'Z' as u16).contains(&c))
        {
            hex2(&mut out, c);
        } else if "^$\\.*+?()[]{}|/".encode_utf16().any(|x| x == c) {
            out.push(b'\\' as u16);
            out.push(c);
        } else if ",-=<>#&!%:;@~'`\"".encode_utf16().any(|x| x == c) {
            hex2(&mut out, c);
        } else if matches!(c, 0x09..=0x0D) {
            let e = match c {
                0x09 => "\\t",
                0x0A => "\\n",
                0x0B => "\\v",
                0x0C => "\\f",
                _ => "\\r",
            };
            out.extend(e.encode_utf16());
        } else if c == 0x20
            || c == 0xA0
            || c == 0x1680
            || (0x2000..=0x200A).contains(&c)
            || matches!(c, 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000 | 0xFEFF)
        {
            if c <= 0xFF {
                hex2(&mut out, c);
            } else {
                out.extend(format!("\\u{:04x}", c).encode_utf16());
            }
        } else if (0xD800..0xE000).contains(&c) {
            let paired = (0xD800..0xDC00).contains(&c)
                && i + 1 < units.len()
                && (0xDC00..0xE000).contains(&units[i + 1]);
            if paired {
                out.push(c);
                out.push(units[i + 1]);
                i += 1;
            } else {
                out.extend(format!("\\u{:04x}", c).encode_utf16());
            }
        } else {
            out.push(c);
        }
        i += 1;
    }
    Ok(vm.new_string_units(&out))
}

pub(crate) fn init(vm: &mut Vm) {
    let proto = vm.intrinsic(Intrinsic::RegExpPrototype);
    let ctor = make_constructor(vm, "RegExp", 2, regexp_ctor, proto, Some(Intrinsic::RegExp));
    let species = vm.symbol_key(WellKnown::Species);
    vm.define_accessor(ctor, species, Some(species_getter), None);
    vm.define_method(ctor, "escape", 1, regexp_escape);

    let exec = vm.define_method(proto, "exec", 1, regexp_proto_exec);
    if let ObjectKind::Native(n) = &mut ctor.inner().kind {
        n.captures.push(Value::object(exec));
    }
    vm.define_method(proto, "compile", 2, regexp_compile);
    vm.define_method(proto, "test", 1, regexp_test);
    vm.define_method(proto, "toString", 0, regexp_to_string);
    let getters: [(&str, crate::object::NativeFn); 10] = [
        ("dotAll", get_dot_all),
        ("flags", regexp_flags),
        ("global", get_global),
        ("hasIndices", get_has_indices),
        ("ignoreCase", get_ignore_case),
        ("multiline", get_multiline),
        ("source", regexp_source),
        ("sticky", get_sticky),
        ("unicode", get_unicode),
        ("unicodeSets", get_unicode_sets),
    ];
    for (name, f) in getters {
        let k = vm.intern(name);
        vm.define_accessor(proto, k, Some(f), None);
    }
    symbols::init(vm, proto);
}
