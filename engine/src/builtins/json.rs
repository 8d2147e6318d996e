//! The `JSON` object (ECMA-262 §25.5): an iterative parser over UTF-16 code units and the
//! well-formed `stringify`.

use super::object::is_array;
use super::{arg, define_global};
use crate::atoms::names;
use crate::heap::Gc;
use crate::object::{attrs, JsObject, ObjectKind};
use crate::value::number::to_js_string;
use crate::value::Value;
use crate::vm::{JsResult, Key, NativeCtx, Vm, WellKnown};

/// Nesting limit for the recursive algorithms (reviver walk, stringify), to protect the Rust stack.
const MAX_DEPTH: usize = 2000;

pub(crate) fn init(vm: &mut Vm) {
    let json = vm.new_object();
    vm.define_method(json, "parse", 2, json_parse);
    vm.define_method(json, "stringify", 3, json_stringify);
    let tag = vm.symbol_key(WellKnown::ToStringTag);
    let tv = vm.new_string("JSON");
    vm.define_value_property(json, tag, tv, attrs::CONFIGURABLE);
    define_global(vm, "JSON", Value::object(json));
}

// ---------------------------------------------------------------------------------------------
// JSON.parse
// ---------------------------------------------------------------------------------------------

enum Container {
    Array(Vec<Value>),
    Object(Gc<JsObject>, Key),
}

struct Parser<'a> {
    s: &'a [u16],
    pos: usize,
}

fn unit_display(u: u16) -> String {
    char::from_u32(u as u32)
        .map(|c| c.to_string())
        .unwrap_or_else(|| format!("\\u{u:04x}"))
}

impl<'a> Parser<'a> {
    #[inline]
    fn peek(&self) -> Option<u16> {
        self.s.get(self.pos).copied()
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(&c) = self.s.get(self.pos) {
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn unexpected(&self, vm: &mut Vm) -> Value {
        match self.peek() {
            None => vm.syntax_error("Unexpected end of JSON input"),
            Some(c) => {
                let msg = format!(
                    "Unexpected token '{}' in JSON at position {}",
                    unit_display(c),
                    self.pos
                );
                vm.syntax_error(&msg)
            }
        }
    }

    fn expect(&mut self, vm: &mut Vm, c: u8) -> JsResult<()> {
        self.skip_ws();
        if self.peek() == Some(c as u16) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected(vm))
        }
    }

    /// Parses a string literal (the opening quote is at `pos`) into code units.
    fn string_units(&mut self, vm: &mut Vm) -> JsResult<std::borrow::Cow<'a, [u16]>> {
        debug_assert_eq!(self.peek(), Some(b'"' as u16));
        self.pos += 1;
        let start = self.pos;
        // Fast path: no escapes.
        loop {
            match self.peek() {
                None => {
                    return Err(vm.syntax_error(&format!(
                        "Unterminated string in JSON at position {}",
                        self.pos
                    )))
                }
                Some(0x22) => {
                    let all: &'a [u16] = self.s;
                    let s = &all[start..self.pos];
                    self.pos += 1;
                    return Ok(std::borrow::Cow::Borrowed(s));
                }
                Some(0x5C) => break,
                Some(c) if c < 0x20 => {
                    return Err(vm.syntax_error(&format!(
                        "Bad control character in string literal in JSON at position {}",
                        self.pos
                    )))
                }
                Some(_) => self.pos += 1,
            }
        }
        let mut out: Vec<u16> = self.s[start..self.pos].to_vec();
        loop {
            match self.peek() {
                None => {
                    return Err(vm.syntax_error(&format!(
                        "Unterminated string in JSON at position {}",
                        self.pos
                    )))
                }
                Some(0x22) => {
                    self.pos += 1;
                    return Ok(std::borrow::Cow::Owned(out));
                }
                Some(0x5C) => {
                    self.pos += 1;
                    let Some(e) = self.peek() else {
                        return Err(vm.syntax_error(&format!(
                            "Unterminated string in JSON at position {}",
                            self.pos
                        )));
                    };
                    let esc = match e {
                        0x22 => 0x22,
                        0x5C => 0x5C,
                        0x2F => 0x2F,
                        0x62 => 0x08,
                        0x66 => 0x0C,
                        0x6E => 0x0A,
                        0x72 => 0x0D,
                        0x74 => 0x09,
                        0x75 => {
                            let mut v: u16 = 0;
                            for i in 1..=4 {
                                let d = self
                                    .s
                                    .get(self.pos + i)
                                    .and_then(|&u| char::from_u32(u as u32))
                                    .and_then(|c| c.to_digit(16));
                                match d {
                                    Some(d) => v = v * 16 + d as u16,
                                    None => {
                                        return Err(vm.syntax_error(&format!(
                                            "Bad Unicode escape in JSON at position {}",
                                            self.pos - 1
                                        )))
                                    }
                                }
                            }
                            self.pos += 4;
                            v
                        }
                        _ => {
                            return Err(vm.syntax_error(&format!(
                                "Bad escaped character in JSON at position {}",
                                self.pos - 1
                            )))
                        }
                    };
                    self.pos += 1;
                    out.push(esc);
                }
                Some(c) if c < 0x20 => {
                    return Err(vm.syntax_error(&format!(
                        "Bad control character in string literal in JSON at position {}",
                        self.pos
                    )))
                }
                Some(c) => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn string_value(&mut self, vm: &mut Vm) -> JsResult<Value> {
        let u = self.string_units(vm)?.into_owned();
        Ok(vm.new_string_units(&u))
    }

    fn key(&mut self, vm: &mut Vm) -> JsResult<Key> {
        self.skip_ws();
        if self.peek() != Some(b'"' as u16) {
            return Err(self.unexpected(vm));
        }
        let u = self.string_units(vm)?;
        if u.iter().all(|&c| c < 0x80) {
            let s: String = u.iter().map(|&c| c as u8 as char).collect();
            return Ok(vm.str_key(&s));
        }
        let u = u.into_owned();
        let v = vm.new_string_units(&u);
        Ok(vm.string_key(v.as_string().unwrap()))
    }

    fn number(&mut self, vm: &mut Vm) -> JsResult<Value> {
        let start = self.pos;
        let digit = |c: Option<u16>| c.is_some_and(|c| (0x30..=0x39).contains(&c));
        if self.peek() == Some(b'-' as u16) {
            self.pos += 1;
        }
        match self.peek() {
            Some(0x30) => self.pos += 1,
            c if digit(c) => {
                while digit(self.peek()) {
                    self.pos += 1;
                }
            }
            None => return Err(vm.syntax_error("Unexpected end of JSON input")),
            _ => {
                return Err(vm.syntax_error(&format!(
                    "No number after minus sign in JSON at position {}",
                    self.pos
                )))
            }
        }
        if self.peek() == Some(b'.' as u16) {
            self.pos += 1;
            if !digit(self.peek()) {
                return Err(vm.syntax_error(&format!(
                    "Unterminated fractional number in JSON at position {}",
                    self.pos
                )));
            }
            while digit(self.peek()) {
                self.pos += 1;
            }
        }
        if matches!(self.peek(), Some(0x65) | Some(0x45)) {
            self.pos += 1;
            if matches!(self.peek(), Some(0x2B) | Some(0x2D)) {
                self.pos += 1;
            }
            if !digit(self.peek()) {
                return Err(vm.syntax_error(&format!(
                    "Exponent part is missing a number in JSON at position {}",
                    self.pos
                )));
            }
            while digit(self.peek()) {
                self.pos += 1;
            }
        }
        let text: String = self.s[start..self.pos]
            .iter()
            .map(|&c| c as u8 as char)
            .collect();
        // Small integers parse without going through the float parser.
        if self.pos - start <= 9 && !text.contains(['.', 'e', 'E']) && text != "-0" {
            if let Ok(i) = text.parse::<i32>() {
                return Ok(Value::int(i));
            }
        }
        Ok(Value::number(text.parse::<f64>().unwrap_or(f64::NAN)))
    }

    fn literal(&mut self, vm: &mut Vm, word: &str, v: Value) -> JsResult<Value> {
        for b in word.bytes() {
            if self.peek() != Some(b as u16) {
                return Err(self.unexpected(vm));
            }
            self.pos += 1;
        }
        Ok(v)
    }

    /// Parses a whole JSON text.
    fn parse(&mut self, vm: &mut Vm) -> JsResult<Value> {
        let mut stack: Vec<Container> = Vec::new();
        'value: loop {
            self.skip_ws();
            let mut v = match self.peek() {
                Some(0x7B) => {
                    self.pos += 1;
                    self.skip_ws();
                    let o = vm.new_object();
                    if self.peek() == Some(0x7D) {
                        self.pos += 1;
                        Value::object(o)
                    } else {
                        let k = self.key(vm)?;
                        self.expect(vm, b':')?;
                        stack.push(Container::Object(o, k));
                        continue 'value;
                    }
                }
                Some(0x5B) => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(0x5D) {
                        self.pos += 1;
                        Value::object(vm.new_array(Vec::new()))
                    } else {
                        stack.push(Container::Array(Vec::new()));
                        continue 'value;
                    }
                }
                Some(0x22) => self.string_value(vm)?,
                Some(0x74) => self.literal(vm, "true", Value::TRUE)?,
                Some(0x66) => self.literal(vm, "false", Value::FALSE)?,
                Some(0x6E) => self.literal(vm, "null", Value::NULL)?,
                Some(c) if c == b'-' as u16 || (0x30..=0x39).contains(&c) => self.number(vm)?,
                _ => return Err(self.unexpected(vm)),
            };
            // Attach the completed value to the enclosing containers.
            loop {
                match stack.last_mut() {
                    None => {
                        self.skip_ws();
                        if self.pos < self.s.len() {
                            return Err(vm.syntax_error(&format!(
                                "Unexpected non-whitespace character after JSON at position {}",
                                self.pos
                            )));
                        }
                        return Ok(v);
                    }
                    Some(Container::Array(items)) => {
                        items.push(v);
                        self.skip_ws();
                        match self.peek() {
                            Some(0x2C) => {
                                self.pos += 1;
                                continue 'value;
                            }
                            Some(0x5D) => {
                                self.pos += 1;
                                let Some(Container::Array(items)) = stack.pop() else {
                                    unreachable!()
                                };
                                v = Value::object(vm.new_array(items));
                            }
                            _ => return Err(self.unexpected(vm)),
                        }
                    }
                    Some(Container::Object(o, k)) => {
                        let (o, k) = (*o, *k);
                        vm.create_data_property(o, k, v)?;
                        self.skip_ws();
                        match self.peek() {
                            Some(0x2C) => {
                                self.pos += 1;
                                let nk = self.key(vm)?;
                                self.expect(vm, b':')?;
                                if let Some(Container::Object(_, key)) = stack.last_mut() {
                                    *key = nk;
                                }
                                continue 'value;
                            }
                            Some(0x7D) => {
                                self.pos += 1;
                                stack.pop();
                                v = Value::object(o);
                            }
                            _ => return Err(self.unexpected(vm)),
                        }
                    }
                }
            }
        }
    }
}

/// Enumerable own string keys (`EnumerableOwnProperties(O, key)`).
fn enumerable_keys(vm: &mut Vm, o: Gc<JsObject>) -> JsResult<Vec<Key>> {
    let keys = vm.own_keys(o)?;
    let mut out = Vec::with_capacity(keys.len());
    for k in keys {
        if matches!(k, Key::Named(n) if n.is_symbol()) {
            continue;
        }
        if let Some(d) = vm.get_own_property_descriptor(o, k)? {
            if d.enumerable == Some(true) {
                out.push(k);
            }
        }
    }
    Ok(out)
}

fn index_key(vm: &mut Vm, i: u64) -> Key {
    if i < u32::MAX as u64 {
        Key::Index(i as u32)
    } else {
        vm.str_key(&i.to_string())
    }
}

/// `InternalizeJSONProperty(holder, name, reviver)` (§25.5.1.1).
fn internalize(
    vm: &mut Vm,
    holder: Gc<JsObject>,
    name: Key,
    reviver: Value,
    depth: usize,
) -> JsResult<Value> {
    if depth > MAX_DEPTH {
        return Err(vm.stack_overflow_error());
    }
    let val = vm.get(holder, name, Value::object(holder))?;
    vm.root(val);
    if let Some(o) = val.as_object() {
        if is_array(vm, val)? {
            let len = vm.length_of_array_like(o)?;
            for i in 0..len {
                let k = index_key(vm, i);
                revive_element(vm, o, k, reviver, depth)?;
            }
        } else {
            for k in enumerable_keys(vm, o)? {
                revive_element(vm, o, k, reviver, depth)?;
            }
        }
    }
    let nv = vm.key_value(name);
    vm.call(reviver, Value::object(holder), &[nv, val])
}

fn revive_element(
    vm: &mut Vm,
    o: Gc<JsObject>,
    k: Key,
    reviver: Value,
    depth: usize,
) -> JsResult<()> {
    let nv = internalize(vm, o, k, reviver, depth + 1)?;
    if nv.is_undefined() {
        vm.delete(o, k)?;
    } else {
        vm.create_data_property(o, k, nv)?;
    }
    Ok(())
}

/// 25.5.1 JSON.parse ( text [ , reviver ] )
/// `JSON.parse(text)` without a reviver (JSON modules).
pub(crate) fn json_parse_text(vm: &mut Vm, text: Value) -> JsResult<Value> {
    let ctx = NativeCtx {
        callee: vm.intrinsic(crate::vm::Intrinsic::ObjectPrototype),
        new_target: Value::UNDEFINED,
    };
    json_parse(vm, Value::UNDEFINED, &[text], ctx)
}

fn json_parse(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let s = vm.to_string(arg(args, 0))?;
    let units = s.to_units();
    let mut p = Parser { s: &units, pos: 0 };
    let v = p.parse(vm)?;
    let reviver = arg(args, 1);
    if !vm.is_callable(reviver) {
        return Ok(v);
    }
    let root = vm.new_object();
    vm.create_data_property(root, Key::Named(names::EMPTY), v)?;
    internalize(vm, root, Key::Named(names::EMPTY), reviver, 0)
}

// ---------------------------------------------------------------------------------------------
// JSON.stringify
// ---------------------------------------------------------------------------------------------

struct Stringifier {
    replacer: Value,
    props: Option<Vec<Key>>,
    gap: Vec<u16>,
    indent: Vec<u16>,
    stack: Vec<Gc<JsObject>>,
    out: Vec<u16>,
}

fn push_str(out: &mut Vec<u16>, s: &str) {
    out.extend(s.bytes().map(|b| b as u16));
}

/// `QuoteJSONString(value)` (§25.5.2.3), well-formed (lone surrogates escaped).
fn quote(out: &mut Vec<u16>, units: &[u16]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(0x22);
    let n = units.len();
    let mut i = 0;
    while i < n {
        let c = units[i];
        match c {
            0x08 => push_str(out, "\\b"),
            0x09 => push_str(out, "\\t"),
            0x0A => push_str(out, "\\n"),
            0x0C => push_str(out, "\\f"),
            0x0D => push_str(out, "\\r"),
            0x22 => push_str(out, "\\\""),
            0x5C => push_str(out, "\\\\"),
            _ if c < 0x20 => {
                push_str(out, "\\u00");
                out.push(HEX[(c >> 4) as usize] as u16);
                out.push(HEX[(c & 15) as usize] as u16);
            }
            0xD800..=0xDBFF if i + 1 < n && (0xDC00..=0xDFFF).contains(&units[i + 1]) => {
                out.push(c);
                out.push(units[i + 1]);
                i += 1;
            }
            0xD800..=0xDFFF => {
                push_str(out, "\\u");
                for shift in [12, 8, 4, 0] {
                    out.push(HEX[((c >> shift) & 15) as usize] as u16);
                }
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out.push(0x22);
}

fn quote_key(vm: &mut Vm, out: &mut Vec<u16>, k: Key) {
    match k {
        Key::Index(i) => {
            out.push(0x22);
            push_str(out, &i.to_string());
            out.push(0x22);
        }
        Key::Named(n) => {
            let v = vm.key_to_value(n);
            let units = v.as_string().map(|s| s.to_units()).unwrap_or_default();
            quote(out, &units);
        }
    }
}

impl Stringifier {
    fn check_length(&self, vm: &mut Vm) -> JsResult<()> {
        if self.out.len() > crate::MAX_STRING_LENGTH {
            return Err(vm.range_error("Invalid string length"));
        }
        Ok(())
    }

    /// `SerializeJSONProperty(state, key, holder)` (§25.5.2.2): false when the result is undefined.
    fn property(&mut self, vm: &mut Vm, key: Key, holder: Gc<JsObject>) -> JsResult<bool> {
        let mut value = vm.get(holder, key, Value::object(holder))?;
        vm.root(value);
        if value.is_object() || vm.is_bigint(value) {
            let to_json = vm.get_v(value, Key::Named(names::TO_JSON))?;
            if vm.is_callable(to_json) {
                let kv = vm.key_value(key);
                value = vm.call(to_json, value, &[kv])?;
                vm.root(value);
            }
        }
        if !self.replacer.is_undefined() {
            let kv = vm.key_value(key);
            value = vm.call(self.replacer, Value::object(holder), &[kv, value])?;
            vm.root(value);
        }
        self.value(vm, value)
    }

    fn value(&mut self, vm: &mut Vm, mut value: Value) -> JsResult<bool> {
        if let Some(o) = value.as_object() {
            enum Unbox {
                Num,
                Str,
                Bool(bool),
                No,
            }
            let u = match o.kind() {
                ObjectKind::Number(_) => Unbox::Num,
                ObjectKind::String(_) => Unbox::Str,
                ObjectKind::Boolean(b) => Unbox::Bool(*b),
                _ => Unbox::No,
            };
            match u {
                Unbox::Num => value = Value::number(vm.to_number(value)?),
                Unbox::Str => value = vm.to_string_value(value)?,
                Unbox::Bool(b) => value = Value::bool(b),
                Unbox::No => {}
            }
        }
        if value.is_null() {
            push_str(&mut self.out, "null");
            return Ok(true);
        }
        if let Some(b) = value.as_bool() {
            push_str(&mut self.out, if b { "true" } else { "false" });
            return Ok(true);
        }
        if let Some(s) = value.as_string() {
            match s.data() {
                crate::string::StrData::Latin1(b) => {
                    let units: Vec<u16> = b.iter().map(|&c| c as u16).collect();
                    quote(&mut self.out, &units);
                }
                crate::string::StrData::Utf16(u) => quote(&mut self.out, u),
            }
            self.check_length(vm)?;
            return Ok(true);
        }
        if let Some(i) = value.as_int() {
            push_str(&mut self.out, &i.to_string());
            return Ok(true);
        }
        if let Some(n) = value.as_number() {
            if n.is_finite() {
                push_str(&mut self.out, &to_js_string(n));
            } else {
                push_str(&mut self.out, "null");
            }
            return Ok(true);
        }
        if vm.is_bigint(value) {
            return Err(vm.type_error("Do not know how to serialize a BigInt"));
        }
        if let Some(o) = value.as_object() {
            if !o.is_callable() {
                if is_array(vm, value)? {
                    self.array(vm, o)?;
                } else {
                    self.object(vm, o)?;
                }
                self.check_length(vm)?;
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn enter(&mut self, vm: &mut Vm, o: Gc<JsObject>) -> JsResult<Vec<u16>> {
        if self.stack.iter().any(|&s| Gc::ptr_eq(s, o)) {
            return Err(vm.type_error("Converting circular structure to JSON"));
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(vm.stack_overflow_error());
        }
        self.stack.push(o);
        let stepback = self.indent.clone();
        self.indent.extend_from_slice(&self.gap);
        Ok(stepback)
    }

    fn newline_indent(&mut self) {
        if !self.gap.is_empty() {
            self.out.push(0x0A);
            self.out.extend_from_slice(&self.indent);
        }
    }

    /// `SerializeJSONObject(state, value)` (§25.5.2.5).
    fn object(&mut self, vm: &mut Vm, o: Gc<JsObject>) -> JsResult<()> {
        let stepback = self.enter(vm, o)?;
        let keys = match &self.props {
            Some(p) => p.clone(),
            None => enumerable_keys(vm, o)?,
        };
        self.out.push(b'{' as u16);
        let mut any = false;
        for k in keys {
            let mark = self.out.len();
            if any {
                self.out.push(b',' as u16);
            }
            self.newline_indent();
            quote_key(vm, &mut self.out, k);
            self.out.push(b':' as u16);
            if !self.gap.is_empty() {
                self.out.push(b' ' as u16);
            }
            if self.property(vm, k, o)? {
                any = true;
            } else {
                self.out.truncate(mark);
            }
        }
        self.indent = stepback;
        if any && !self.gap.is_empty() {
            self.out.push(0x0A);
            self.out.extend_from_slice(&self.indent);
        }
        self.out.push(b'}' as u16);
        self.stack.pop();
        Ok(())
    }

    /// `SerializeJSONArray(state, value)` (§25.5.2.6).
    fn array(&mut self, vm: &mut Vm, o: Gc<JsObject>) -> JsResult<()> {
        let stepback = self.enter(vm, o)?;
        let len = vm.length_of_array_like(o)?;
        self.out.push(b'[' as u16);
        for i in 0..len {
            if i > 0 {
                self.out.push(b',' as u16);
            }
            self.newline_indent();
            let k = index_key(vm, i);
            if !self.property(vm, k, o)? {
                push_str(&mut self.out, "null");
            }
            if i % 4096 == 4095 {
                self.check_length(vm)?;
            }
        }
        self.indent = stepback;
        if len > 0 && !self.gap.is_empty() {
            self.out.push(0x0A);
            self.out.extend_from_slice(&self.indent);
        }
        self.out.push(b']' as u16);
        self.stack.pop();
        Ok(())
    }
}

/// 25.5.2 JSON.stringify ( value [ , replacer [ , space ] ] )
fn json_stringify(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let value = arg(args, 0);
    let replacer = arg(args, 1);
    let mut st = Stringifier {
        replacer: Value::UNDEFINED,
        props: None,
        gap: Vec::new(),
        indent: Vec::new(),
        stack: Vec::new(),
        out: Vec::new(),
    };
    if let Some(r) = replacer.as_object() {
        if r.is_callable() {
            st.replacer = replacer;
        } else if is_array(vm, replacer)? {
            let len = vm.length_of_array_like(r)?;
            let mut list: Vec<Key> = Vec::new();
            for i in 0..len {
                let k = index_key(vm, i);
                let v = vm.get(r, k, replacer)?;
                vm.root(v);
                let item = if v.is_string() {
                    Some(v)
                } else if v.is_number() {
                    Some(vm.to_string_value(v)?)
                } else if let Some(o) = v.as_object() {
                    if matches!(o.kind(), ObjectKind::String(_) | ObjectKind::Number(_)) {
                        Some(vm.to_string_value(v)?)
                    } else {
                        None
                    }
                } else {
                    None
                };
                if let Some(item) = item {
                    let key = vm.to_property_key(item)?;
                    if !list.contains(&key) {
                        list.push(key);
                    }
                }
            }
            st.props = Some(list);
        }
    }
    let mut space = arg(args, 2);
    if let Some(o) = space.as_object() {
        let is_num = matches!(o.kind(), ObjectKind::Number(_));
        let is_str = matches!(o.kind(), ObjectKind::String(_));
        if is_num {
            space = Value::number(vm.to_number(space)?);
        } else if is_str {
            space = vm.to_string_value(space)?;
        }
    }
    if space.is_number() {
        let n = vm.to_integer_or_infinity(space)?.min(10.0);
        if n >= 1.0 {
            st.gap = vec![b' ' as u16; n as usize];
        }
    } else if let Some(s) = space.as_string() {
        st.gap = s.units().take(10).collect();
    }
    let wrapper = vm.new_object();
    vm.create_data_property(wrapper, Key::Named(names::EMPTY), value)?;
    if !st.property(vm, Key::Named(names::EMPTY), wrapper)? {
        return Ok(Value::UNDEFINED);
    }
    Ok(vm.new_string_units(&st.out))
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quoting_is_well_formed() {
        let mut out = Vec::new();
        quote(
            &mut out,
            &[0x61, 0xD800, 0x0A, 0xD83D, 0xDE00, 0xDC00, 0x1F],
        );
        let s = String::from_utf16(&out).unwrap();
        assert_eq!(s, "\"a\\ud800\\n\u{1F600}\\udc00\\u001f\"");
    }
}
