//! [`HostValue`]: a JS value as owned Rust data. It is what crosses threads (worker messages,
//! isolate-pool results), what host functions take and return, and the middle step of
//! `structuredClone` (serialize, then deserialize in the same realm).
//!
//! Serialization follows the HTML structured-clone algorithm for what the engine has:
//! primitives, plain objects (own enumerable string keys), arrays, Map, Set, RegExp and Error.
//! Objects seen twice become [`HostValue::Ref`], so shared references and cycles survive a round
//! trip. Functions, symbols and other exotic objects throw a `DataCloneError`.

use crate::atoms::names;
use crate::builtins::collections::{MapData, SetData};
use crate::builtins::regexp::RegExpData;
use crate::heap::Gc;
use crate::object::{attrs, flags, JsObject, ObjectKind};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, Key, Vm};

/// Nesting depth past which serialization gives up (bad input must not overflow the Rust stack).
const MAX_DEPTH: usize = 1_000;

/// A JavaScript value as owned, thread-safe Rust data.
#[derive(Clone, Debug, PartialEq)]
pub enum HostValue {
    /// `undefined`.
    Undefined,
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string (lone surrogates become U+FFFD).
    String(String),
    /// Bytes. The engine has no typed arrays yet, so these become an array of numbers in JS.
    Bytes(Vec<u8>),
    /// An array (holes read as `undefined`).
    Array(Vec<HostValue>),
    /// A plain object: own enumerable string-keyed properties, in order.
    Object(Vec<(String, HostValue)>),
    /// A Map's entries.
    Map(Vec<(HostValue, HostValue)>),
    /// A Set's values.
    Set(Vec<HostValue>),
    /// A regular expression.
    RegExp {
        /// `source`.
        source: String,
        /// `flags`.
        flags: String,
    },
    /// An Error (its prototype is chosen by `name`: TypeError, RangeError, … else Error).
    Error {
        /// `name`.
        name: String,
        /// `message`.
        message: String,
        /// `stack`, if it had one.
        stack: Option<String>,
    },
    /// The `n`-th object of this value already serialized (objects are numbered in the order
    /// serialization first meets them): shared references and cycles.
    Ref(usize),
}

impl HostValue {
    /// The number, if this is one.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            HostValue::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            HostValue::String(s) => Some(s),
            _ => None,
        }
    }
}

impl From<f64> for HostValue {
    fn from(n: f64) -> Self {
        HostValue::Number(n)
    }
}

impl From<&str> for HostValue {
    fn from(s: &str) -> Self {
        HostValue::String(s.to_owned())
    }
}

impl From<String> for HostValue {
    fn from(s: String) -> Self {
        HostValue::String(s)
    }
}

impl From<bool> for HostValue {
    fn from(b: bool) -> Self {
        HostValue::Bool(b)
    }
}

/// A `DataCloneError` for `v` (an Error whose `name` is `DataCloneError`, like Node's DOMException).
pub(crate) fn data_clone_error(vm: &mut Vm, what: &str) -> Value {
    let e = vm.make_error(
        Intrinsic::ErrorPrototype,
        &format!("{what} could not be cloned."),
    );
    if let Some(o) = e.as_object() {
        let n = vm.new_string("DataCloneError");
        vm.define_value_property(o, names::NAME, n, attrs::HIDDEN);
    }
    e
}

/// Serializes `v` (the structured-clone "serialize" step).
pub(crate) fn serialize(vm: &mut Vm, v: Value) -> JsResult<HostValue> {
    vm.native_scope(|vm| Serializer { seen: Vec::new() }.value(vm, v, 0))
}

struct Serializer {
    /// Objects met so far; an object's index is its [`HostValue::Ref`] number.
    seen: Vec<Gc<JsObject>>,
}

impl Serializer {
    fn value(&mut self, vm: &mut Vm, v: Value, depth: usize) -> JsResult<HostValue> {
        if let Some(n) = v.as_number() {
            return Ok(HostValue::Number(n));
        }
        if let Some(b) = v.as_bool() {
            return Ok(HostValue::Bool(b));
        }
        if v.is_undefined() {
            return Ok(HostValue::Undefined);
        }
        if v.is_null() {
            return Ok(HostValue::Null);
        }
        if let Some(s) = v.as_string() {
            return Ok(HostValue::String(s.to_rust_string()));
        }
        let Some(o) = v.as_object() else {
            let what = crate::builtins::console::inspect(vm, v);
            return Err(data_clone_error(vm, &what));
        };
        if let Some(i) = self.seen.iter().position(|s| s.addr() == o.addr()) {
            return Ok(HostValue::Ref(i));
        }
        if depth > MAX_DEPTH {
            return Err(vm.range_error("Maximum call stack size exceeded"));
        }
        self.seen.push(o);
        self.object(vm, o, depth + 1)
    }

    fn object(&mut self, vm: &mut Vm, o: Gc<JsObject>, depth: usize) -> JsResult<HostValue> {
        if o.is_array() {
            let len = vm.length_of_array_like(o)?;
            let mut items = Vec::with_capacity(len.min(1 << 16) as usize);
            for i in 0..len {
                vm.check_interrupt()?;
                let e = vm.get(o, Key::Index(i as u32), Value::object(o))?;
                items.push(self.value(vm, e, depth)?);
            }
            return Ok(HostValue::Array(items));
        }
        if o.has_flag(flags::ERROR_DATA) {
            let name = vm.get_named(o, names::NAME)?;
            let message = vm.get_named(o, names::MESSAGE)?;
            let stack = vm.error_stack(o).and_then(|s| s.as_string());
            return Ok(HostValue::Error {
                name: vm.to_rust_string(name)?,
                message: vm.to_rust_string(message)?,
                stack: stack.map(|s| s.to_rust_string()),
            });
        }
        match o.kind() {
            ObjectKind::Ordinary | ObjectKind::Arguments(_) => self.plain(vm, o, depth),
            ObjectKind::Data(_) => {
                if let Some(m) = o.data::<MapData>() {
                    let entries: Vec<(Value, Value)> = m.0.live().collect();
                    let mut out = Vec::with_capacity(entries.len());
                    for (k, v) in entries {
                        out.push((self.value(vm, k, depth)?, self.value(vm, v, depth)?));
                    }
                    return Ok(HostValue::Map(out));
                }
                if let Some(s) = o.data::<SetData>() {
                    let keys = s.0.keys();
                    let mut out = Vec::with_capacity(keys.len());
                    for k in keys {
                        out.push(self.value(vm, k, depth)?);
                    }
                    return Ok(HostValue::Set(out));
                }
                if let Some(r) = o.data::<RegExpData>() {
                    let (source, flags) = (r.source, r.flags);
                    return Ok(HostValue::RegExp {
                        source: vm.to_rust_string(source)?,
                        flags: vm.to_rust_string(flags)?,
                    });
                }
                let what = crate::builtins::console::inspect(vm, Value::object(o));
                Err(data_clone_error(vm, &what))
            }
            _ => {
                let what = crate::builtins::console::inspect(vm, Value::object(o));
                Err(data_clone_error(vm, &what))
            }
        }
    }

    fn plain(&mut self, vm: &mut Vm, o: Gc<JsObject>, depth: usize) -> JsResult<HostValue> {
        let mut props = Vec::new();
        for key in vm.own_keys(o)? {
            if let Key::Named(k) = key {
                if k.is_symbol() {
                    continue;
                }
            }
            let enumerable = vm
                .get_own_property(o, key)
                .is_some_and(|p| p.attrs & attrs::ENUMERABLE != 0);
            if !enumerable {
                continue;
            }
            let name = vm.key_display(key);
            let v = vm.get(o, key, Value::object(o))?;
            props.push((name, self.value(vm, v, depth)?));
        }
        Ok(HostValue::Object(props))
    }
}

/// Deserializes a [`HostValue`] into a fresh JS value of this realm.
pub(crate) fn deserialize(vm: &mut Vm, v: &HostValue) -> JsResult<Value> {
    vm.native_scope(|vm| {
        let mut made = Vec::new();
        to_js(vm, v, &mut made)
    })
}

fn to_js(vm: &mut Vm, v: &HostValue, made: &mut Vec<Value>) -> JsResult<Value> {
    Ok(match v {
        HostValue::Undefined => Value::UNDEFINED,
        HostValue::Null => Value::NULL,
        HostValue::Bool(b) => Value::bool(*b),
        HostValue::Number(n) => Value::number(*n),
        HostValue::String(s) => vm.new_string(s),
        HostValue::Ref(i) => made.get(*i).copied().unwrap_or(Value::UNDEFINED),
        HostValue::Bytes(b) => {
            let elements = b.iter().map(|&x| Value::int(x as i32)).collect();
            let a = Value::object(vm.new_array(elements));
            made.push(a);
            a
        }
        HostValue::Array(items) => {
            let a = vm.new_array(Vec::with_capacity(items.len()));
            made.push(Value::object(a));
            for item in items {
                let x = to_js(vm, item, made)?;
                a.inner().elements.push(x);
            }
            Value::object(a)
        }
        HostValue::Object(props) => {
            let o = vm.new_object();
            made.push(Value::object(o));
            for (k, item) in props {
                let x = to_js(vm, item, made)?;
                let key = vm.str_key(k);
                vm.create_data_property_or_throw(o, key, x)?;
            }
            Value::object(o)
        }
        HostValue::Map(entries) => {
            let proto = vm.intrinsic(Intrinsic::MapPrototype);
            let m = vm.new_data_object(proto, Box::new(MapData(Default::default())));
            made.push(Value::object(m));
            for (k, item) in entries {
                let k = to_js(vm, k, made)?;
                let x = to_js(vm, item, made)?;
                if let Some(d) = m.data::<MapData>() {
                    d.0.set(crate::builtins::collections::canonical_key(k), x);
                }
            }
            Value::object(m)
        }
        HostValue::Set(items) => {
            let proto = vm.intrinsic(Intrinsic::SetPrototype);
            let s = vm.new_data_object(proto, Box::new(SetData(Default::default())));
            made.push(Value::object(s));
            for item in items {
                let k = to_js(vm, item, made)?;
                if let Some(d) = s.data::<SetData>() {
                    d.0.set(crate::builtins::collections::canonical_key(k), k);
                }
            }
            Value::object(s)
        }
        HostValue::RegExp { source, flags } => {
            let p = vm.new_string(source);
            let f = vm.new_string(flags);
            let r = crate::builtins::regexp_create(vm, p, f)?;
            made.push(r);
            r
        }
        HostValue::Error {
            name,
            message,
            stack,
        } => {
            let proto = match name.as_str() {
                "TypeError" => Intrinsic::TypeErrorPrototype,
                "RangeError" => Intrinsic::RangeErrorPrototype,
                "ReferenceError" => Intrinsic::ReferenceErrorPrototype,
                "SyntaxError" => Intrinsic::SyntaxErrorPrototype,
                "EvalError" => Intrinsic::EvalErrorPrototype,
                "URIError" => Intrinsic::URIErrorPrototype,
                _ => Intrinsic::ErrorPrototype,
            };
            let e = vm.make_error(proto, message);
            if let Some(o) = e.as_object() {
                if !matches!(name.as_str(), "Error") && proto == Intrinsic::ErrorPrototype {
                    let n = vm.new_string(name);
                    vm.define_value_property(o, names::NAME, n, attrs::HIDDEN);
                }
                if let Some(s) = stack {
                    let s = vm.new_string(s);
                    vm.define_value_property(o, names::STACK, s, attrs::HIDDEN);
                }
            }
            made.push(e);
            e
        }
    })
}
