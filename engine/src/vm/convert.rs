//! Type conversions (ECMA-262 §7.1) and equality (§7.2).

use super::{Intrinsic, JsResult, Key, Vm, WellKnown};
use crate::atoms::names;
use crate::heap::Gc;
use crate::object::{JsObject, ObjectKind};
use crate::string::JsString;
use crate::value::number::{string_to_number, to_js_string};
use crate::value::Value;

/// Hint for `ToPrimitive`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Hint {
    /// No preference (`+`, `==`).
    Default,
    /// Prefer numbers.
    Number,
    /// Prefer strings.
    String,
}

impl Vm {
    /// `ToBoolean`.
    #[inline]
    pub fn to_boolean(&self, v: Value) -> bool {
        if let Some(b) = v.as_bool() {
            return b;
        }
        if let Some(i) = v.as_int() {
            return i != 0;
        }
        if let Some(n) = v.as_number() {
            return !(n == 0.0 || n.is_nan());
        }
        if let Some(s) = v.as_string() {
            return !s.is_empty();
        }
        !v.is_nullish()
    }

    /// `ToPrimitive`.
    pub fn to_primitive(&mut self, v: Value, hint: Hint) -> JsResult<Value> {
        let Some(o) = v.as_object() else {
            return Ok(v);
        };
        let key = self.symbol_key(WellKnown::ToPrimitive);
        let exotic = self.get(o, Key::Named(key), v)?;
        if !exotic.is_nullish() {
            if !self.is_callable(exotic) {
                return Err(self.type_error("Symbol.toPrimitive is not a function"));
            }
            let h = match hint {
                Hint::Default => "default",
                Hint::Number => "number",
                Hint::String => "string",
            };
            let hv = self.new_string(h);
            let r = self.call(exotic, v, &[hv])?;
            if r.is_object() {
                return Err(self.type_error("Cannot convert object to primitive value"));
            }
            return Ok(r);
        }
        self.ordinary_to_primitive(v, hint)
    }

    /// `OrdinaryToPrimitive(O, hint)` for an object `v`: `toString` first for the string hint,
    /// `valueOf` first otherwise.
    pub fn ordinary_to_primitive(&mut self, v: Value, hint: Hint) -> JsResult<Value> {
        let Some(o) = v.as_object() else {
            return Ok(v);
        };
        let order = if hint == Hint::String {
            [names::TO_STRING, names::VALUE_OF]
        } else {
            [names::VALUE_OF, names::TO_STRING]
        };
        for k in order {
            let f = self.get(o, Key::Named(k), v)?;
            if self.is_callable(f) {
                let r = self.call(f, v, &[])?;
                if !r.is_object() {
                    return Ok(r);
                }
            }
        }
        Err(self.type_error("Cannot convert object to primitive value"))
    }

    /// `ToNumber`.
    pub fn to_number(&mut self, v: Value) -> JsResult<f64> {
        if let Some(n) = v.as_number() {
            return Ok(n);
        }
        self.to_number_slow(v)
    }

    fn to_number_slow(&mut self, v: Value) -> JsResult<f64> {
        if v.is_undefined() {
            Ok(f64::NAN)
        } else if v.is_null() {
            Ok(0.0)
        } else if let Some(b) = v.as_bool() {
            Ok(if b { 1.0 } else { 0.0 })
        } else if let Some(s) = v.as_string() {
            Ok(string_to_number(&s.to_rust_string()))
        } else if v.is_symbol() {
            Err(self.type_error("Cannot convert a Symbol value to a number"))
        } else if self.is_bigint(v) {
            Err(self.type_error("Cannot convert a BigInt value to a number"))
        } else if v.is_object() {
            let p = self.to_primitive(v, Hint::Number)?;
            self.to_number(p)
        } else {
            Ok(f64::NAN)
        }
    }

    /// `ToNumeric` (numbers only until BigInt lands: BigInts pass through).
    pub fn to_numeric(&mut self, v: Value) -> JsResult<Value> {
        if v.is_number() {
            return Ok(v);
        }
        let p = self.to_primitive(v, Hint::Number)?;
        if self.is_bigint(p) {
            return Ok(p);
        }
        Ok(Value::number(self.to_number(p)?))
    }

    /// Is `v` a BigInt? (BigInt is not implemented yet: always false.)
    #[inline]
    pub fn is_bigint(&self, _v: Value) -> bool {
        false
    }

    /// `ToString`, as a heap string.
    pub fn to_string(&mut self, v: Value) -> JsResult<Gc<JsString>> {
        if let Some(s) = v.as_string() {
            return Ok(s);
        }
        let s = self.to_string_value(v)?;
        Ok(s.as_string().unwrap())
    }

    /// `ToString`, as a string value.
    pub fn to_string_value(&mut self, v: Value) -> JsResult<Value> {
        if v.is_string() {
            return Ok(v);
        }
        if let Some(i) = v.as_int() {
            if (0..10).contains(&i) {
                let k = self.intern(&i.to_string());
                return Ok(self.key_to_value(k));
            }
            return Ok(self.new_string(&i.to_string()));
        }
        if let Some(n) = v.as_number() {
            return Ok(self.new_string(&to_js_string(n)));
        }
        let k = if v.is_undefined() {
            names::UNDEFINED
        } else if v.is_null() {
            names::NULL
        } else if v == Value::TRUE {
            names::TRUE
        } else if v == Value::FALSE {
            names::FALSE
        } else if v.is_symbol() {
            return Err(self.type_error("Cannot convert a Symbol value to a string"));
        } else if v.is_object() {
            let p = self.to_primitive(v, Hint::String)?;
            return self.to_string_value(p);
        } else {
            // Internal markers never reach JS; render defensively rather than loop.
            names::UNDEFINED
        };
        Ok(self.key_to_value(k))
    }

    /// `ToString` into a Rust string.
    pub fn to_rust_string(&mut self, v: Value) -> JsResult<String> {
        Ok(self.to_string(v)?.to_rust_string())
    }

    /// `ToPropertyKey`.
    pub fn to_property_key(&mut self, v: Value) -> JsResult<Key> {
        if let Some(i) = v.as_int() {
            if i >= 0 {
                return Ok(Key::Index(i as u32));
            }
        }
        let p = if v.is_object() {
            self.to_primitive(v, Hint::String)?
        } else {
            v
        };
        if let Some(sym) = p.as_symbol() {
            return Ok(Key::Named(self.atoms.symbol_key(sym)));
        }
        let s = self.to_string(p)?;
        Ok(self.string_key(s))
    }

    /// The key for a string: an index when canonical, else an atom.
    pub fn string_key(&mut self, s: Gc<JsString>) -> Key {
        if let Some(i) = s.as_array_index() {
            return Key::Index(i);
        }
        Key::Named(self.atoms.intern(&mut self.heap, s))
    }

    /// The key for a Rust string.
    pub fn str_key(&mut self, s: &str) -> Key {
        if let Ok(i) = s.parse::<u32>() {
            if i != u32::MAX && i.to_string() == s {
                return Key::Index(i);
            }
        }
        Key::Named(self.intern(s))
    }

    /// A key as a JS value (string or symbol).
    pub fn key_value(&mut self, k: Key) -> Value {
        match k {
            Key::Index(i) => self.new_string(&i.to_string()),
            Key::Named(k) => self.key_to_value(k),
        }
    }

    /// `ToObject`.
    pub fn to_object(&mut self, v: Value) -> JsResult<Gc<JsObject>> {
        if let Some(o) = v.as_object() {
            return Ok(o);
        }
        if v.is_nullish() {
            return Err(self.type_error(&format!("Cannot convert {} to object", v.type_name())));
        }
        let (proto, kind) = if let Some(n) = v.as_number() {
            (Intrinsic::NumberPrototype, ObjectKind::Number(n))
        } else if let Some(b) = v.as_bool() {
            (Intrinsic::BooleanPrototype, ObjectKind::Boolean(b))
        } else if let Some(s) = v.as_string() {
            (Intrinsic::StringPrototype, ObjectKind::String(s))
        } else if let Some(s) = v.as_symbol() {
            (Intrinsic::SymbolPrototype, ObjectKind::Symbol(s))
        } else {
            return Err(self.type_error("Cannot convert value to object"));
        };
        let p = self.intrinsic(proto);
        Ok(self.new_object_with(Some(p), kind))
    }

    /// `ToIntegerOrInfinity`.
    pub fn to_integer_or_infinity(&mut self, v: Value) -> JsResult<f64> {
        if let Some(i) = v.as_int() {
            return Ok(i as f64);
        }
        let n = self.to_number(v)?;
        Ok(crate::value::number::to_integer_or_infinity(n))
    }

    /// `ToLength`.
    pub fn to_length(&mut self, v: Value) -> JsResult<f64> {
        let n = self.to_integer_or_infinity(v)?;
        Ok(n.clamp(0.0, 9007199254740991.0))
    }

    /// `ToIndex`.
    pub fn to_index(&mut self, v: Value) -> JsResult<usize> {
        if v.is_undefined() {
            return Ok(0);
        }
        let n = self.to_integer_or_infinity(v)?;
        if !(0.0..=9007199254740991.0).contains(&n) {
            return Err(self.range_error("Invalid index"));
        }
        Ok(n as usize)
    }

    /// `ToInt32`.
    pub fn to_int32(&mut self, v: Value) -> JsResult<i32> {
        if let Some(i) = v.as_int() {
            return Ok(i);
        }
        Ok(crate::value::number::to_int32(self.to_number(v)?))
    }

    /// `ToUint32`.
    pub fn to_uint32(&mut self, v: Value) -> JsResult<u32> {
        if let Some(i) = v.as_int() {
            return Ok(i as u32);
        }
        Ok(crate::value::number::to_uint32(self.to_number(v)?))
    }

    /// `LengthOfArrayLike`.
    pub fn length_of_array_like(&mut self, o: Gc<JsObject>) -> JsResult<u64> {
        if o.is_array() {
            return Ok(o.array_length() as u64);
        }
        let v = self.get(o, Key::Named(names::LENGTH), Value::object(o))?;
        Ok(self.to_length(v)? as u64)
    }

    /// `IsCallable`.
    #[inline]
    pub fn is_callable(&self, v: Value) -> bool {
        v.as_object().is_some_and(|o| o.is_callable())
    }

    /// `IsConstructor`.
    #[inline]
    pub fn is_constructor(&self, v: Value) -> bool {
        v.as_object().is_some_and(|o| o.is_constructor())
    }

    /// `SameValue`.
    pub fn same_value(&self, a: Value, b: Value) -> bool {
        if a.is_number() && b.is_number() {
            let (x, y) = (a.as_number_unchecked(), b.as_number_unchecked());
            if x.is_nan() && y.is_nan() {
                return true;
            }
            return x == y && x.is_sign_negative() == y.is_sign_negative();
        }
        self.strict_equals(a, b)
    }

    /// `SameValueZero`.
    pub fn same_value_zero(&self, a: Value, b: Value) -> bool {
        if a.is_number() && b.is_number() {
            let (x, y) = (a.as_number_unchecked(), b.as_number_unchecked());
            return x == y || (x.is_nan() && y.is_nan());
        }
        self.strict_equals(a, b)
    }

    /// `IsStrictlyEqual`.
    #[inline]
    pub fn strict_equals(&self, a: Value, b: Value) -> bool {
        if a == b {
            return !(a.is_double() && a.as_number_unchecked().is_nan());
        }
        if a.is_number() && b.is_number() {
            return a.as_number_unchecked() == b.as_number_unchecked();
        }
        if let (Some(x), Some(y)) = (a.as_string(), b.as_string()) {
            return x.eq_content(&y);
        }
        false
    }

    /// `IsLooselyEqual`.
    pub fn loose_equals(&mut self, a: Value, b: Value) -> JsResult<bool> {
        if a.is_number() && b.is_number() || a.is_string() && b.is_string() {
            return Ok(self.strict_equals(a, b));
        }
        if a.is_nullish() && b.is_nullish() {
            return Ok(true);
        }
        if a.type_name() == b.type_name() && !a.is_number() {
            return Ok(self.strict_equals(a, b));
        }
        if a.is_number() && b.is_string() {
            let n = self.to_number(b)?;
            return Ok(a.as_number_unchecked() == n);
        }
        if a.is_string() && b.is_number() {
            let n = self.to_number(a)?;
            return Ok(n == b.as_number_unchecked());
        }
        if a.is_bool() {
            let n = Value::number(self.to_number(a)?);
            return self.loose_equals(n, b);
        }
        if b.is_bool() {
            let n = Value::number(self.to_number(b)?);
            return self.loose_equals(a, n);
        }
        if (a.is_number() || a.is_string() || a.is_symbol()) && b.is_object() {
            let p = self.to_primitive(b, Hint::Default)?;
            return self.loose_equals(a, p);
        }
        if a.is_object() && (b.is_number() || b.is_string() || b.is_symbol()) {
            let p = self.to_primitive(a, Hint::Default)?;
            return self.loose_equals(p, b);
        }
        Ok(false)
    }

    /// `typeof`.
    pub fn type_of(&self, v: Value) -> crate::atoms::PropKey {
        if v.is_number() {
            names::NUMBER
        } else if v.is_string() {
            names::STRING
        } else if v.is_undefined() {
            names::UNDEFINED
        } else if v.is_bool() {
            names::BOOLEAN
        } else if v.is_symbol() {
            names::SYMBOL
        } else if self.is_callable(v) {
            names::FUNCTION
        } else {
            names::OBJECT
        }
    }
}
