//! NaN-boxing: every value is one `u64`.
//!
//! Doubles are stored as their IEEE bits (NaNs canonicalised to `0x7FF8…`). The negative quiet-NaN
//! space above `0xFFF9 << 48` carries tagged payloads: int32, the singletons, and 48-bit heap
//! pointers to strings, symbols and objects.

use crate::heap::Gc;
use crate::object::JsObject;
use crate::string::JsString;
use crate::symbol::JsSymbol;

const TAG_SHIFT: u64 = 48;
const TAG_MASK: u64 = 0xFFFF << TAG_SHIFT;
const PAYLOAD_MASK: u64 = (1 << TAG_SHIFT) - 1;
const TAG_INT: u64 = 0xFFF9 << TAG_SHIFT;
const TAG_SPECIAL: u64 = 0xFFFA << TAG_SHIFT;
const TAG_STRING: u64 = 0xFFFB << TAG_SHIFT;
const TAG_SYMBOL: u64 = 0xFFFC << TAG_SHIFT;
const TAG_OBJECT: u64 = 0xFFFD << TAG_SHIFT;
/// The smallest tagged bit pattern: every `u64` below it (as unsigned) whose top bits are not a tag is a double.
const FIRST_TAG: u64 = TAG_INT;
const CANONICAL_NAN: u64 = 0x7FF8_0000_0000_0000;

/// A JavaScript value in 8 bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Value(u64);

const _: () = assert!(std::mem::size_of::<Value>() == 8);

impl Value {
    /// `undefined`.
    pub const UNDEFINED: Value = Value(TAG_SPECIAL);
    /// `null`.
    pub const NULL: Value = Value(TAG_SPECIAL | 1);
    /// `false`.
    pub const FALSE: Value = Value(TAG_SPECIAL | 2);
    /// `true`.
    pub const TRUE: Value = Value(TAG_SPECIAL | 3);
    /// The internal "no value" marker: array holes and TDZ (uninitialised `let`/`const`). Never visible to JS.
    pub const EMPTY: Value = Value(TAG_SPECIAL | 4);
    /// The internal placeholder of a function's `prototype` slot before the object is made
    /// (`Vm::lazy_prototype`). Never visible to JS: every read of an object slot replaces it.
    pub const LAZY_PROTOTYPE: Value = Value(TAG_SPECIAL | 5);

    /// A double; NaN is canonicalised so that it cannot be mistaken for a tag.
    #[inline(always)]
    pub fn from_f64(f: f64) -> Value {
        if f.is_nan() {
            Value(CANONICAL_NAN)
        } else {
            Value(f.to_bits())
        }
    }

    /// A number: int32 when the double is an integer in range and not `-0`, else a double.
    #[inline(always)]
    pub fn number(f: f64) -> Value {
        let i = f as i32;
        if i as f64 == f && (i != 0 || f.to_bits() == 0) {
            Value::int(i)
        } else {
            Value::from_f64(f)
        }
    }

    /// An int32.
    #[inline(always)]
    pub const fn int(i: i32) -> Value {
        Value(TAG_INT | (i as u32 as u64))
    }

    /// A boolean.
    #[inline(always)]
    pub const fn bool(b: bool) -> Value {
        if b {
            Value::TRUE
        } else {
            Value::FALSE
        }
    }

    /// A string value.
    #[inline(always)]
    pub fn string(s: Gc<JsString>) -> Value {
        Value(TAG_STRING | s.addr() as u64)
    }

    /// A symbol value.
    #[inline(always)]
    pub fn symbol(s: Gc<JsSymbol>) -> Value {
        Value(TAG_SYMBOL | s.addr() as u64)
    }

    /// An object value.
    #[inline(always)]
    pub fn object(o: Gc<JsObject>) -> Value {
        Value(TAG_OBJECT | o.addr() as u64)
    }

    /// The raw bits (for hashing, the JIT and identity comparisons).
    #[inline(always)]
    pub const fn bits(self) -> u64 {
        self.0
    }

    /// Rebuilds a value from [`Value::bits`].
    #[inline(always)]
    pub const fn from_bits(bits: u64) -> Value {
        Value(bits)
    }

    #[inline(always)]
    fn tag(self) -> u64 {
        self.0 & TAG_MASK
    }

    /// Is this an int32?
    #[inline(always)]
    pub fn is_int(self) -> bool {
        self.tag() == TAG_INT
    }
    /// Is this a double (not an int32)?
    #[inline(always)]
    pub fn is_double(self) -> bool {
        self.0 < FIRST_TAG
    }
    /// Is this a number (int32 or double)?
    #[inline(always)]
    pub fn is_number(self) -> bool {
        self.0 < FIRST_TAG || self.tag() == TAG_INT
    }
    /// Is this `undefined`?
    #[inline(always)]
    pub fn is_undefined(self) -> bool {
        self == Value::UNDEFINED
    }
    /// Is this `null`?
    #[inline(always)]
    pub fn is_null(self) -> bool {
        self == Value::NULL
    }
    /// Is this `null` or `undefined`?
    #[inline(always)]
    pub fn is_nullish(self) -> bool {
        self == Value::UNDEFINED || self == Value::NULL
    }
    /// Is this a boolean?
    #[inline(always)]
    pub fn is_bool(self) -> bool {
        self == Value::TRUE || self == Value::FALSE
    }
    /// Is this the internal empty marker?
    #[inline(always)]
    pub fn is_empty(self) -> bool {
        self == Value::EMPTY
    }
    /// Is this a string?
    #[inline(always)]
    pub fn is_string(self) -> bool {
        self.tag() == TAG_STRING
    }
    /// Is this a symbol?
    #[inline(always)]
    pub fn is_symbol(self) -> bool {
        self.tag() == TAG_SYMBOL
    }
    /// Is this an object?
    #[inline(always)]
    pub fn is_object(self) -> bool {
        self.tag() == TAG_OBJECT
    }
    /// Does this value point into the heap?
    #[inline(always)]
    pub fn is_heap(self) -> bool {
        matches!(self.tag(), TAG_STRING | TAG_SYMBOL | TAG_OBJECT)
    }

    /// The int32 payload (only meaningful when [`Value::is_int`]).
    #[inline(always)]
    pub fn as_int_unchecked(self) -> i32 {
        self.0 as u32 as i32
    }
    /// The int32, if this is one.
    #[inline(always)]
    pub fn as_int(self) -> Option<i32> {
        if self.is_int() {
            Some(self.as_int_unchecked())
        } else {
            None
        }
    }
    /// The number as a double (only meaningful when [`Value::is_number`]).
    #[inline(always)]
    pub fn as_number_unchecked(self) -> f64 {
        if self.is_int() {
            self.as_int_unchecked() as f64
        } else {
            f64::from_bits(self.0)
        }
    }
    /// The number, if this is one.
    #[inline(always)]
    pub fn as_number(self) -> Option<f64> {
        if self.is_number() {
            Some(self.as_number_unchecked())
        } else {
            None
        }
    }
    /// The boolean, if this is one.
    #[inline(always)]
    pub fn as_bool(self) -> Option<bool> {
        if self == Value::TRUE {
            Some(true)
        } else if self == Value::FALSE {
            Some(false)
        } else {
            None
        }
    }

    #[inline(always)]
    fn ptr<T>(self) -> Gc<T> {
        // SAFETY: only called after the tag check by the typed accessors below; a tagged heap
        // value always holds a non-null pointer produced by `Gc::addr`.
        unsafe { Gc::from_addr((self.0 & PAYLOAD_MASK) as usize) }
    }

    /// The string, if this is one.
    #[inline(always)]
    pub fn as_string(self) -> Option<Gc<JsString>> {
        if self.is_string() {
            Some(self.ptr())
        } else {
            None
        }
    }
    /// The symbol, if this is one.
    #[inline(always)]
    pub fn as_symbol(self) -> Option<Gc<JsSymbol>> {
        if self.is_symbol() {
            Some(self.ptr())
        } else {
            None
        }
    }
    /// The object, if this is one.
    #[inline(always)]
    pub fn as_object(self) -> Option<Gc<JsObject>> {
        if self.is_object() {
            Some(self.ptr())
        } else {
            None
        }
    }
    /// The heap header address of a heap value, for the collector.
    #[inline(always)]
    pub(crate) fn heap_addr(self) -> Option<usize> {
        if self.is_heap() {
            Some((self.0 & PAYLOAD_MASK) as usize)
        } else {
            None
        }
    }

    /// `typeof`-style type name, for diagnostics.
    pub fn type_name(self) -> &'static str {
        if self.is_number() {
            "number"
        } else if self.is_undefined() {
            "undefined"
        } else if self.is_null() {
            "null"
        } else if self.is_bool() {
            "boolean"
        } else if self.is_string() {
            "string"
        } else if self.is_symbol() {
            "symbol"
        } else {
            "object"
        }
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(n) = self.as_number() {
            write!(f, "{n}")
        } else if self.is_string() {
            write!(f, "{:?}", self.as_string().unwrap().to_rust_string())
        } else if self.is_empty() {
            f.write_str("<empty>")
        } else {
            f.write_str(self.type_name())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip() {
        for f in [
            0.0,
            1.5,
            -2.25,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            f64::MIN_POSITIVE,
        ] {
            let v = Value::from_f64(f);
            assert!(v.is_number() && v.is_double());
            assert_eq!(v.as_number(), Some(f));
        }
        let nan = Value::from_f64(f64::from_bits(0xFFFF_FFFF_FFFF_FFFF));
        assert!(nan.is_number() && nan.as_number().unwrap().is_nan());
    }

    #[test]
    fn int_fast_path() {
        assert!(Value::number(3.0).is_int());
        assert!(Value::number(-0.0).is_double(), "-0 must stay a double");
        assert!(Value::number(2147483648.0).is_double());
        assert_eq!(Value::int(-7).as_int(), Some(-7));
        assert_eq!(Value::int(-7).as_number(), Some(-7.0));
    }

    #[test]
    fn singletons_are_distinct() {
        let all = [
            Value::UNDEFINED,
            Value::NULL,
            Value::TRUE,
            Value::FALSE,
            Value::EMPTY,
        ];
        for (i, a) in all.iter().enumerate() {
            assert!(!a.is_number() && !a.is_heap());
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert!(Value::NULL.is_nullish() && Value::UNDEFINED.is_nullish());
        assert_eq!(Value::bool(true).as_bool(), Some(true));
    }
}
