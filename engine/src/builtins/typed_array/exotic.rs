//! Integer-indexed exotic objects (ECMA-262 §10.4.5): the internal methods of typed arrays.
//!
//! Every canonical numeric string key (`"0"`, `"-0"`, `"1.5"`, `"Infinity"`, …) is handled here
//! and never reaches the prototype chain or the ordinary property storage; other keys fall
//! through to the ordinary algorithms (each hook returns None for them).

use super::{get_element, set_element, TypedArray};
use crate::heap::Gc;
use crate::object::JsObject;
use crate::value::number::{string_to_number, to_js_string};
use crate::value::Value;
use crate::vm::exotic::Exotic;
use crate::vm::{JsResult, Key, PropertyDescriptor, Vm};

/// The internal methods of typed arrays.
pub(crate) struct IntegerIndexed;

/// The single instance, returned by [`TypedArray`]'s `exotic` hook.
pub(crate) static INTEGER_INDEXED: IntegerIndexed = IntegerIndexed;

/// CanonicalNumericIndexString for a property key: the number when `key` is an integer index or
/// a canonical numeric string, else None.
#[inline]
pub(crate) fn numeric_index(vm: &Vm, key: Key) -> Option<f64> {
    let k = match key {
        Key::Index(i) => return Some(i as f64),
        Key::Named(k) if k.is_symbol() => return None,
        Key::Named(k) => k,
    };
    let s = vm.atoms.string(k);
    // Cheap rejection of ordinary names: a canonical numeric string starts with a digit, `-`,
    // `I`(nfinity) or `N`(aN).
    if s.is_empty() || !matches!(s.at(0), 0x30..=0x39 | 0x2D | 0x49 | 0x4E) {
        return None;
    }
    let text = s.to_rust_string();
    if text == "-0" {
        return Some(-0.0);
    }
    let n = string_to_number(&text);
    (to_js_string(n) == text).then_some(n)
}

/// IsValidIntegerIndex(O, index): the element index when `index` is an integral Number (not
/// −0) within the typed array's current length.
#[inline]
pub(crate) fn valid_index(o: Gc<JsObject>, index: f64) -> Option<usize> {
    if index.fract() != 0.0 || index < 0.0 || (index == 0.0 && index.is_sign_negative()) {
        return None;
    }
    let len = o.data::<TypedArray>()?.length()?;
    (index < len as f64).then_some(index as usize)
}

impl Exotic for IntegerIndexed {
    // 10.4.5.1 [[GetOwnProperty]] ( P )
    fn get_own_property(
        &self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        key: Key,
    ) -> Option<JsResult<Option<PropertyDescriptor>>> {
        let n = numeric_index(vm, key)?;
        let desc = valid_index(o, n).map(|i| PropertyDescriptor {
            value: Some(get_element(o, i)),
            writable: Some(true),
            enumerable: Some(true),
            configurable: Some(true),
            ..Default::default()
        });
        Some(Ok(desc))
    }

    // 10.4.5.2 [[HasProperty]] ( P )
    fn has(&self, vm: &mut Vm, o: Gc<JsObject>, key: Key) -> Option<JsResult<bool>> {
        let n = numeric_index(vm, key)?;
        Some(Ok(valid_index(o, n).is_some()))
    }

    // 10.4.5.3 [[DefineOwnProperty]] ( P, Desc )
    fn define(
        &self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        key: Key,
        d: PropertyDescriptor,
    ) -> Option<JsResult<bool>> {
        let n = numeric_index(vm, key)?;
        if valid_index(o, n).is_none()
            || d.configurable == Some(false)
            || d.enumerable == Some(false)
            || d.is_accessor()
            || d.writable == Some(false)
        {
            return Some(Ok(false));
        }
        if let Some(v) = d.value {
            if let Err(e) = set_element(vm, o, n, v) {
                return Some(Err(e));
            }
        }
        Some(Ok(true))
    }

    // 10.4.5.4 [[Get]] ( P, Receiver )
    fn get(
        &self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        key: Key,
        _receiver: Value,
    ) -> Option<JsResult<Value>> {
        let n = numeric_index(vm, key)?;
        Some(Ok(
            valid_index(o, n).map_or(Value::UNDEFINED, |i| get_element(o, i))
        ))
    }

    // 10.4.5.5 [[Set]] ( P, V, Receiver )
    fn set(
        &self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        key: Key,
        v: Value,
        receiver: Value,
    ) -> Option<JsResult<bool>> {
        let n = numeric_index(vm, key)?;
        if receiver == Value::object(o) {
            return Some(set_element(vm, o, n, v).map(|()| true));
        }
        if valid_index(o, n).is_none() {
            return Some(Ok(true));
        }
        // OrdinarySet with this element as the own data property found: the write goes to the
        // receiver.
        Some(set_on_receiver(vm, key, v, receiver))
    }

    // 10.4.5.6 [[Delete]] ( P )
    fn delete(&self, vm: &mut Vm, o: Gc<JsObject>, key: Key) -> Option<JsResult<bool>> {
        let n = numeric_index(vm, key)?;
        Some(Ok(valid_index(o, n).is_none()))
    }

    // 10.4.5.7 [[OwnPropertyKeys]] ( )
    fn own_keys(&self, vm: &mut Vm, o: Gc<JsObject>) -> Option<JsResult<Vec<Key>>> {
        let len = o.data::<TypedArray>()?.length().unwrap_or(0);
        let mut keys: Vec<Key> = (0..len)
            .map(|i| match u32::try_from(i) {
                Ok(i) if i < u32::MAX => Key::Index(i),
                _ => Key::Named(vm.intern(&i.to_string())),
            })
            .collect();
        keys.extend(vm.ordinary_own_keys(o));
        Some(Ok(keys))
    }

    // [[PreventExtensions]]: a view whose length can change cannot be made non-extensible.
    fn prevent_extensions(&self, _vm: &mut Vm, o: Gc<JsObject>) -> Option<JsResult<bool>> {
        let t = o.data::<TypedArray>()?;
        if t.fixed_length.is_none() || !crate::builtins::array_buffer::is_fixed_length(t.buffer) {
            return Some(Ok(false));
        }
        None
    }
}

/// The receiver steps of OrdinarySet (§10.1.9.2 step 2) for a writable data property.
fn set_on_receiver(vm: &mut Vm, key: Key, v: Value, receiver: Value) -> JsResult<bool> {
    let Some(r) = receiver.as_object() else {
        return Ok(false);
    };
    match vm.get_own_property_descriptor(r, key)? {
        Some(existing) => {
            if existing.is_accessor() || existing.writable == Some(false) {
                return Ok(false);
            }
            let d = PropertyDescriptor {
                value: Some(v),
                ..Default::default()
            };
            vm.define_own_property(r, key, d)
        }
        None => vm.create_data_property(r, key, v),
    }
}
