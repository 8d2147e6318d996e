//! Operator semantics for the slow paths (the interpreter inlines the int/double fast paths).

use super::convert::Hint;
use super::{JsResult, Key, Vm, WellKnown};
use crate::atoms::names;
use crate::string::{JsString, StrData};
use crate::value::number::{to_int32, to_uint32};
use crate::value::Value;

/// Numeric binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `**`
    Exp,
    /// `|`
    BitOr,
    /// `&`
    BitAnd,
    /// `^`
    BitXor,
    /// `<<`
    Shl,
    /// `>>`
    Shr,
    /// `>>>`
    UShr,
}

/// `Number::exponentiate` (differs from `powf` for ±1 ** ±Infinity and NaN exponents).
pub fn js_pow(base: f64, exp: f64) -> f64 {
    if exp.is_nan() {
        return f64::NAN;
    }
    if exp == 0.0 {
        return 1.0;
    }
    if (base == 1.0 || base == -1.0) && exp.is_infinite() {
        return f64::NAN;
    }
    base.powf(exp)
}

/// Applies a numeric operator to two numbers.
#[inline]
pub fn numeric_op(op: BinOp, a: f64, b: f64) -> f64 {
    match op {
        BinOp::Sub => a - b,
        BinOp::Mul => a * b,
        BinOp::Div => a / b,
        BinOp::Mod => {
            if b.is_infinite() && a.is_finite() {
                a
            } else {
                a % b
            }
        }
        BinOp::Exp => js_pow(a, b),
        BinOp::BitOr => (to_int32(a) | to_int32(b)) as f64,
        BinOp::BitAnd => (to_int32(a) & to_int32(b)) as f64,
        BinOp::BitXor => (to_int32(a) ^ to_int32(b)) as f64,
        BinOp::Shl => to_int32(a).wrapping_shl(to_uint32(b) & 31) as f64,
        BinOp::Shr => (to_int32(a) >> (to_uint32(b) & 31)) as f64,
        BinOp::UShr => (to_uint32(a) >> (to_uint32(b) & 31)) as f64,
    }
}

impl Vm {
    /// `a + b` for the general case.
    pub fn add_slow(&mut self, a: Value, b: Value) -> JsResult<Value> {
        if let (Some(x), Some(y)) = (a.as_string(), b.as_string()) {
            return Ok(self.concat_strings(&x, &y));
        }
        let pa = self.to_primitive(a, Hint::Default)?;
        let pb = self.to_primitive(b, Hint::Default)?;
        if pa.is_string() || pb.is_string() {
            let x = self.to_string(pa)?;
            let y = self.to_string(pb)?;
            return Ok(self.concat_strings(&x, &y));
        }
        let x = self.to_number(pa)?;
        let y = self.to_number(pb)?;
        Ok(Value::number(x + y))
    }

    /// Concatenates two strings.
    pub fn concat_strings(&mut self, a: &JsString, b: &JsString) -> Value {
        if a.is_empty() {
            return Value::string(self.atoms.string(names::EMPTY)).max_string(b, self);
        }
        let total = a.len() + b.len();
        if total > crate::MAX_STRING_LENGTH {
            return Value::EMPTY;
        }
        let s = match (a.data(), b.data()) {
            (StrData::Latin1(x), StrData::Latin1(y)) => {
                let mut v = Vec::with_capacity(total);
                v.extend_from_slice(x);
                v.extend_from_slice(y);
                JsString::latin1(v.into_boxed_slice())
            }
            _ => {
                let mut v = Vec::with_capacity(total);
                a.push_units(&mut v);
                b.push_units(&mut v);
                JsString::from_units(&v)
            }
        };
        self.alloc_js_string(s)
    }

    /// A numeric binary operator on arbitrary values.
    pub fn binary_slow(&mut self, op: BinOp, a: Value, b: Value) -> JsResult<Value> {
        let x = self.to_numeric(a)?;
        let y = self.to_numeric(b)?;
        Ok(Value::number(numeric_op(
            op,
            x.as_number_unchecked(),
            y.as_number_unchecked(),
        )))
    }

    /// `IsLessThan(a, b)`: Some(true/false), or None for undefined (NaN involved).
    pub fn less_than(&mut self, a: Value, b: Value, left_first: bool) -> JsResult<Option<bool>> {
        let (pa, pb) = if left_first {
            let pa = self.to_primitive(a, Hint::Number)?;
            let pb = self.to_primitive(b, Hint::Number)?;
            (pa, pb)
        } else {
            let pb = self.to_primitive(b, Hint::Number)?;
            let pa = self.to_primitive(a, Hint::Number)?;
            (pa, pb)
        };
        if let (Some(x), Some(y)) = (pa.as_string(), pb.as_string()) {
            return Ok(Some(x.cmp_units(&y) == std::cmp::Ordering::Less));
        }
        let x = self.to_number(pa)?;
        let y = self.to_number(pb)?;
        if x.is_nan() || y.is_nan() {
            return Ok(None);
        }
        Ok(Some(x < y))
    }

    /// `InstanceofOperator(v, target)`.
    pub fn instance_of(&mut self, v: Value, target: Value) -> JsResult<bool> {
        let Some(t) = target.as_object() else {
            return Err(self.type_error("Right-hand side of 'instanceof' is not an object"));
        };
        let key = self.symbol_key(WellKnown::HasInstance);
        let h = self.get(t, Key::Named(key), target)?;
        if !h.is_nullish() {
            let r = self.call(h, target, &[v])?;
            return Ok(self.to_boolean(r));
        }
        if !t.is_callable() {
            return Err(self.type_error("Right-hand side of 'instanceof' is not callable"));
        }
        self.ordinary_has_instance(target, v)
    }

    /// `OrdinaryHasInstance`.
    pub fn ordinary_has_instance(&mut self, c: Value, v: Value) -> JsResult<bool> {
        let Some(co) = c.as_object() else {
            return Ok(false);
        };
        if !co.is_callable() {
            return Ok(false);
        }
        if let crate::object::ObjectKind::Bound(b) = co.kind() {
            let t = b.target;
            return self.instance_of(v, t);
        }
        let Some(mut o) = v.as_object() else {
            return Ok(false);
        };
        let proto = self.get(co, Key::Named(names::PROTOTYPE), c)?;
        let Some(p) = proto.as_object() else {
            return Err(self.type_error("Function has non-object prototype in instanceof check"));
        };
        loop {
            match self.get_prototype_of(o)? {
                Some(next) if next == p => return Ok(true),
                Some(next) => o = next,
                None => return Ok(false),
            }
        }
    }

    /// `key in obj`.
    pub fn has_in(&mut self, key: Value, obj: Value) -> JsResult<bool> {
        let Some(o) = obj.as_object() else {
            return Err(
                self.type_error("Cannot use 'in' operator to search for a key in a non-object")
            );
        };
        let k = self.to_property_key(key)?;
        self.has_property(o, k)
    }
}

/// Helper so empty-string concatenation returns the other operand without copying.
trait MaxString {
    fn max_string(self, b: &JsString, vm: &mut Vm) -> Value;
}

impl MaxString for Value {
    fn max_string(self, b: &JsString, vm: &mut Vm) -> Value {
        if b.is_empty() {
            return self;
        }
        vm.alloc_js_string(JsString::from_units(&b.to_units()))
    }
}
