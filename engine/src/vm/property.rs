//! Property storage and the ordinary object internal methods ([[Get]], [[Set]],
//! [[DefineOwnProperty]], [[Delete]], [[OwnPropertyKeys]]), plus the Array and String exotics.

use super::{JsResult, Vm};
use crate::atoms::{names, PropKey};
use crate::heap::{write_barrier, Gc};
use crate::object::shape::MAX_SHAPE_PROPERTIES;
use crate::object::{attrs, flags, JsObject, ObjectKind, PropSlot, ShapeId};
use crate::value::Value;
use std::collections::BTreeMap;

/// A property key after `ToPropertyKey`: array indices are kept apart from named keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    /// An integer index below 2³² − 1.
    Index(u32),
    /// Any other string, or a symbol.
    Named(PropKey),
}

/// A property descriptor with optional fields (as `Object.defineProperty` takes it).
#[derive(Clone, Copy, Debug, Default)]
pub struct PropertyDescriptor {
    /// `[[Value]]`.
    pub value: Option<Value>,
    /// `[[Writable]]`.
    pub writable: Option<bool>,
    /// `[[Get]]`.
    pub get: Option<Value>,
    /// `[[Set]]`.
    pub set: Option<Value>,
    /// `[[Enumerable]]`.
    pub enumerable: Option<bool>,
    /// `[[Configurable]]`.
    pub configurable: Option<bool>,
}

impl PropertyDescriptor {
    /// Is it an accessor descriptor?
    pub fn is_accessor(&self) -> bool {
        self.get.is_some() || self.set.is_some()
    }
    /// Is it a data descriptor?
    pub fn is_data(&self) -> bool {
        self.value.is_some() || self.writable.is_some()
    }
    /// A complete descriptor from a stored property.
    pub fn from_slot(p: PropSlot) -> PropertyDescriptor {
        let mut d = PropertyDescriptor {
            enumerable: Some(p.attrs & attrs::ENUMERABLE != 0),
            configurable: Some(p.attrs & attrs::CONFIGURABLE != 0),
            ..Default::default()
        };
        if p.attrs & attrs::ACCESSOR != 0 {
            d.get = Some(p.value);
            d.set = Some(p.setter);
        } else {
            d.value = Some(p.value);
            d.writable = Some(p.attrs & attrs::WRITABLE != 0);
        }
        d
    }
}

/// Dense arrays may grow past their length by at most this many holes before going sparse.
const MAX_DENSE_GAP: u32 = 1024;

impl Vm {
    fn bump_if_proto(&mut self, o: Gc<JsObject>) {
        if o.has_flag(flags::IS_PROTO) {
            self.proto_epoch = self.proto_epoch.wrapping_add(1);
        }
    }

    /// Moves an object's named properties into a dictionary.
    pub(crate) fn to_dictionary(&mut self, o: Gc<JsObject>) {
        let inner = o.inner();
        if inner.shape == ShapeId::DICT {
            return;
        }
        let props = self.shapes.properties(inner.shape);
        let mut map = indexmap::IndexMap::with_capacity_and_hasher(props.len(), Default::default());
        for (k, slot, a) in props {
            let s = slot as usize;
            let setter = if a & attrs::ACCESSOR != 0 {
                o.inner().slots[s + 1]
            } else {
                Value::UNDEFINED
            };
            map.insert(
                k,
                PropSlot {
                    value: self.slot_value(o, s),
                    setter,
                    attrs: a,
                },
            );
        }
        let inner = o.inner();
        inner.dict = Some(Box::new(map));
        inner.slots = Vec::new();
        inner.shape = ShapeId::DICT;
        self.bump_if_proto(o);
    }

    /// Moves an object's elements into the sparse map.
    pub(crate) fn to_sparse(&mut self, o: Gc<JsObject>) {
        let inner = o.inner();
        if inner.sparse.is_some() {
            return;
        }
        let len = inner.elements.len() as u32;
        let mut map = BTreeMap::new();
        for (i, v) in inner.elements.drain(..).enumerate() {
            if !v.is_empty() {
                map.insert(
                    i as u32,
                    PropSlot {
                        value: v,
                        setter: Value::UNDEFINED,
                        attrs: attrs::DEFAULT,
                    },
                );
            }
        }
        inner.sparse = Some(Box::new(map));
        inner.sparse_length = len;
    }

    /// Own property lookup without exotics' virtual properties beyond arrays and strings.
    pub fn get_own_property(&mut self, o: Gc<JsObject>, key: Key) -> Option<PropSlot> {
        let inner = o.inner();
        match key {
            Key::Named(k) => {
                if inner.shape == ShapeId::DICT {
                    return inner.dict.as_ref().unwrap().get(&k).copied();
                }
                if let Some((slot, a)) = self.shapes.lookup(inner.shape, k) {
                    let s = slot as usize;
                    let setter = if a & attrs::ACCESSOR != 0 {
                        inner.slots[s + 1]
                    } else {
                        Value::UNDEFINED
                    };
                    return Some(PropSlot {
                        value: self.slot_value(o, s),
                        setter,
                        attrs: a,
                    });
                }
                if k == names::LENGTH {
                    match &inner.kind {
                        ObjectKind::Array => {
                            let a = if inner.flags & flags::LENGTH_READONLY != 0 {
                                0
                            } else {
                                attrs::WRITABLE
                            };
                            let len = o.array_length();
                            return Some(PropSlot {
                                value: Value::number(len as f64),
                                setter: Value::UNDEFINED,
                                attrs: a,
                            });
                        }
                        ObjectKind::String(s) => {
                            return Some(PropSlot {
                                value: Value::int(s.len() as i32),
                                setter: Value::UNDEFINED,
                                attrs: 0,
                            })
                        }
                        _ => {}
                    }
                }
                None
            }
            Key::Index(i) => {
                if let Some(sp) = &inner.sparse {
                    if let Some(p) = sp.get(&i) {
                        return Some(*p);
                    }
                } else if let Some(v) = inner.elements.get(i as usize) {
                    if !v.is_empty() {
                        return Some(PropSlot {
                            value: *v,
                            setter: Value::UNDEFINED,
                            attrs: attrs::DEFAULT,
                        });
                    }
                }
                if let ObjectKind::String(s) = &inner.kind {
                    if (i as usize) < s.len() {
                        let u = s.at(i as usize);
                        let v = self.new_string_units(&[u]);
                        return Some(PropSlot {
                            value: v,
                            setter: Value::UNDEFINED,
                            attrs: attrs::ENUMERABLE,
                        });
                    }
                }
                None
            }
        }
    }

    /// Stores an own property unconditionally (creating or overwriting; attributes replaced).
    pub(crate) fn put_own(
        &mut self,
        o: Gc<JsObject>,
        key: Key,
        value: Value,
        setter: Value,
        a: u8,
    ) {
        write_barrier(o, value);
        write_barrier(o, setter);
        match key {
            Key::Named(k) => {
                if k == names::LENGTH && o.is_array() && a & attrs::ACCESSOR == 0 {
                    // Array length is virtual; callers go through `set_array_length`.
                    if a & attrs::WRITABLE == 0 {
                        o.inner().flags |= flags::LENGTH_READONLY;
                    }
                    return;
                }
                let inner = o.inner();
                if inner.shape != ShapeId::DICT {
                    if let Some((slot, old)) = self.shapes.lookup(inner.shape, k) {
                        if old == a {
                            inner.slots[slot as usize] = value;
                            if a & attrs::ACCESSOR != 0 {
                                inner.slots[slot as usize + 1] = setter;
                            }
                            return;
                        }
                        self.to_dictionary(o);
                    } else if self.shapes.count(inner.shape) >= MAX_SHAPE_PROPERTIES
                        && !Gc::ptr_eq(o, self.realm.global)
                        && !Gc::ptr_eq(o, self.realm.global_lex)
                    {
                        self.to_dictionary(o);
                    } else {
                        let (shape, slot) = self.shapes.add(inner.shape, k, a);
                        inner.shape = shape;
                        let need = self.shapes.slot_count(shape) as usize;
                        if inner.slots.len() < need {
                            inner.slots.resize(need, Value::UNDEFINED);
                        }
                        inner.slots[slot as usize] = value;
                        if a & attrs::ACCESSOR != 0 {
                            inner.slots[slot as usize + 1] = setter;
                        }
                        self.bump_if_proto(o);
                        return;
                    }
                }
                let dict = o.inner().dict.as_mut().unwrap();
                let is_new = !dict.contains_key(&k);
                dict.insert(
                    k,
                    PropSlot {
                        value,
                        setter,
                        attrs: a,
                    },
                );
                if is_new {
                    self.bump_if_proto(o);
                }
            }
            Key::Index(i) => {
                let inner = o.inner();
                if inner.sparse.is_none() && a == attrs::DEFAULT {
                    let len = inner.elements.len() as u32;
                    if i < len {
                        inner.elements[i as usize] = value;
                        return;
                    }
                    if i - len <= MAX_DENSE_GAP {
                        let grow = (i - len) as usize + 1;
                        inner.elements.resize(i as usize, Value::EMPTY);
                        inner.elements.push(value);
                        self.heap.note_growth(grow * 8);
                        return;
                    }
                }
                self.to_sparse(o);
                let inner = o.inner();
                inner.sparse.as_mut().unwrap().insert(
                    i,
                    PropSlot {
                        value,
                        setter,
                        attrs: a,
                    },
                );
                if inner.sparse_length <= i && matches!(inner.kind, ObjectKind::Array) {
                    inner.sparse_length = i + 1;
                }
                self.bump_if_proto(o);
            }
        }
    }

    /// `[[Get]]`.
    pub fn get(&mut self, o: Gc<JsObject>, key: Key, receiver: Value) -> JsResult<Value> {
        let mut cur = o;
        loop {
            if let Some(r) = self.exotic_get(cur, key, receiver) {
                return r;
            }
            if let Some(p) = self.get_own_property(cur, key) {
                if p.attrs & attrs::ACCESSOR != 0 {
                    if p.value.is_undefined() {
                        return Ok(Value::UNDEFINED);
                    }
                    return self.call(p.value, receiver, &[]);
                }
                return Ok(p.value);
            }
            match cur.inner().proto {
                Some(p) => cur = p,
                None => return Ok(Value::UNDEFINED),
            }
        }
    }

    /// `[[Get]]` with a named key.
    #[inline]
    pub fn get_named(&mut self, o: Gc<JsObject>, key: PropKey) -> JsResult<Value> {
        self.get(o, Key::Named(key), Value::object(o))
    }

    /// `GetV`: property lookup on any value (primitives use their prototype).
    pub fn get_v(&mut self, v: Value, key: Key) -> JsResult<Value> {
        if let Some(o) = v.as_object() {
            return self.get(o, key, v);
        }
        if let Some(s) = v.as_string() {
            match key {
                Key::Index(i) if (i as usize) < s.len() => {
                    let u = s.at(i as usize);
                    return Ok(self.new_string_units(&[u]));
                }
                Key::Named(k) if k == names::LENGTH => return Ok(Value::int(s.len() as i32)),
                _ => {}
            }
        }
        let proto = self.proto_for_primitive(v)?;
        self.get(proto, key, v)
    }

    /// The prototype used for property access on a primitive (TypeError on null/undefined).
    pub(crate) fn proto_for_primitive(&mut self, v: Value) -> JsResult<Gc<JsObject>> {
        use super::Intrinsic as I;
        Ok(self.intrinsic(if v.is_number() {
            I::NumberPrototype
        } else if v.is_string() {
            I::StringPrototype
        } else if v.is_bool() {
            I::BooleanPrototype
        } else if v.is_symbol() {
            I::SymbolPrototype
        } else if let Some(o) = v.as_object() {
            return Ok(o);
        } else {
            return Err(self.type_error(&format!("Cannot read properties of {}", v.type_name())));
        }))
    }

    /// `[[Set]]` (OrdinarySet). Returns false when the assignment is refused.
    pub fn set(
        &mut self,
        o: Gc<JsObject>,
        key: Key,
        value: Value,
        receiver: Value,
    ) -> JsResult<bool> {
        // Fast path: own writable data property on the receiver itself.
        if receiver.as_object() == Some(o) {
            let inner = o.inner();
            match key {
                Key::Index(i)
                    if inner.sparse.is_none()
                        && !matches!(
                            inner.kind,
                            ObjectKind::String(_) | ObjectKind::Data(_) | ObjectKind::Arguments(_)
                        ) =>
                {
                    let len = inner.elements.len();
                    if (i as usize) < len && !inner.elements[i as usize].is_empty() {
                        write_barrier(o, value);
                        inner.elements[i as usize] = value;
                        return Ok(true);
                    }
                }
                Key::Named(k) if inner.shape != ShapeId::DICT => {
                    if let Some((slot, a)) = self.shapes.lookup(inner.shape, k) {
                        if a & (attrs::ACCESSOR | attrs::WRITABLE) == attrs::WRITABLE {
                            write_barrier(o, value);
                            inner.slots[slot as usize] = value;
                            return Ok(true);
                        }
                    }
                }
                _ => {}
            }
        }
        let mut cur = o;
        let own_desc = loop {
            if let Some(r) = self.exotic_set(cur, key, value, receiver) {
                return r;
            }
            if let Some(p) = self.get_own_property(cur, key) {
                break Some(p);
            }
            match cur.inner().proto {
                Some(p) => cur = p,
                None => break None,
            }
        };
        if let Some(p) = own_desc {
            if p.attrs & attrs::ACCESSOR != 0 {
                if p.setter.is_undefined() {
                    return Ok(false);
                }
                self.call(p.setter, receiver, &[value])?;
                return Ok(true);
            }
            if p.attrs & attrs::WRITABLE == 0 {
                return Ok(false);
            }
        }
        let Some(r) = receiver.as_object() else {
            return Ok(false);
        };
        if let Some(existing) = self.get_own_property(r, key) {
            if existing.attrs & attrs::ACCESSOR != 0 || existing.attrs & attrs::WRITABLE == 0 {
                return Ok(false);
            }
            if key == Key::Named(names::LENGTH) && r.is_array() {
                return self.set_array_length(r, value);
            }
            self.put_own(r, key, value, Value::UNDEFINED, existing.attrs);
            return Ok(true);
        }
        if !r.has_flag(flags::EXTENSIBLE) {
            return Ok(false);
        }
        if let Key::Index(i) = key {
            if r.is_array() && r.has_flag(flags::LENGTH_READONLY) && i >= r.array_length() {
                return Ok(false);
            }
        }
        self.put_own(r, key, value, Value::UNDEFINED, attrs::DEFAULT);
        Ok(true)
    }

    /// `[[Set]]` that throws a TypeError in strict code when refused.
    pub fn set_or_throw(
        &mut self,
        o: Gc<JsObject>,
        key: Key,
        value: Value,
        receiver: Value,
        strict: bool,
    ) -> JsResult<()> {
        if !self.set(o, key, value, receiver)? && strict {
            let name = self.key_display(key);
            return Err(self.type_error(&format!(
                "Cannot assign to read only property '{name}' of object"
            )));
        }
        Ok(())
    }

    /// A key rendered for messages.
    pub fn key_display(&self, key: Key) -> String {
        match key {
            Key::Index(i) => i.to_string(),
            Key::Named(k) => self.key_name(k),
        }
    }

    /// ArraySetLength for assignments (`arr.length = v`).
    pub(crate) fn set_array_length(&mut self, o: Gc<JsObject>, value: Value) -> JsResult<bool> {
        let num = self.to_number(value)?;
        let len = crate::value::number::to_uint32(num);
        if len as f64 != num {
            return Err(self.range_error("Invalid array length"));
        }
        if o.has_flag(flags::LENGTH_READONLY) {
            return Ok(len == o.array_length());
        }
        Ok(self.truncate_array(o, len))
    }

    /// Sets an array's length, deleting elements past it; false if a non-configurable element blocked it.
    pub(crate) fn truncate_array(&mut self, o: Gc<JsObject>, len: u32) -> bool {
        let inner = o.inner();
        if let Some(sp) = &mut inner.sparse {
            let mut blocked = None;
            let doomed: Vec<u32> = sp.range(len..).map(|(k, _)| *k).collect();
            for k in doomed.into_iter().rev() {
                if sp[&k].attrs & attrs::CONFIGURABLE == 0 {
                    blocked = Some(k);
                    break;
                }
                sp.remove(&k);
            }
            match blocked {
                Some(k) => {
                    inner.sparse_length = k + 1;
                    false
                }
                None => {
                    inner.sparse_length = len;
                    true
                }
            }
        } else {
            let cur = inner.elements.len() as u32;
            if len <= cur {
                inner.elements.truncate(len as usize);
            } else if len - cur <= MAX_DENSE_GAP {
                inner.elements.resize(len as usize, Value::EMPTY);
            } else {
                self.to_sparse(o);
                o.inner().sparse_length = len;
            }
            true
        }
    }

    /// `[[DefineOwnProperty]]` (ValidateAndApplyPropertyDescriptor). Returns false on refusal.
    pub fn define_own_property(
        &mut self,
        o: Gc<JsObject>,
        key: Key,
        desc: PropertyDescriptor,
    ) -> JsResult<bool> {
        if let Some(r) = self.exotic_define(o, key, desc) {
            return r;
        }
        self.ordinary_define_own_property(o, key, desc)
    }

    /// `[[DefineOwnProperty]]` without the exotic hook: OrdinaryDefineOwnProperty, plus the
    /// Array and String exotic cases that live inline. Exotic objects call it for their
    /// ordinary part.
    pub(crate) fn ordinary_define_own_property(
        &mut self,
        o: Gc<JsObject>,
        key: Key,
        desc: PropertyDescriptor,
    ) -> JsResult<bool> {
        if o.is_array() {
            if key == Key::Named(names::LENGTH) {
                return self.define_array_length(o, desc);
            }
            if let Key::Index(i) = key {
                if i >= o.array_length() && o.has_flag(flags::LENGTH_READONLY) {
                    return Ok(false);
                }
            }
        }
        let current = self.get_own_property(o, key);
        let Some(cur) = current else {
            if !o.has_flag(flags::EXTENSIBLE) {
                return Ok(false);
            }
            let mut a = 0;
            if desc.enumerable == Some(true) {
                a |= attrs::ENUMERABLE;
            }
            if desc.configurable == Some(true) {
                a |= attrs::CONFIGURABLE;
            }
            if desc.is_accessor() {
                a |= attrs::ACCESSOR;
                let g = desc.get.unwrap_or(Value::UNDEFINED);
                let s = desc.set.unwrap_or(Value::UNDEFINED);
                self.put_own(o, key, g, s, a);
            } else {
                if desc.writable == Some(true) {
                    a |= attrs::WRITABLE;
                }
                self.put_own(
                    o,
                    key,
                    desc.value.unwrap_or(Value::UNDEFINED),
                    Value::UNDEFINED,
                    a,
                );
            }
            return Ok(true);
        };
        // String exotic indices are read-only views.
        if let (ObjectKind::String(_), Key::Index(_)) = (o.kind(), key) {
            if self.get_own_property_plain(o, key).is_none() {
                let same = desc.value.is_none_or(|v| self.same_value(v, cur.value))
                    && desc.writable != Some(true)
                    && desc.enumerable != Some(false)
                    && desc.configurable != Some(true)
                    && !desc.is_accessor();
                return Ok(same);
            }
        }
        let configurable = cur.attrs & attrs::CONFIGURABLE != 0;
        let is_accessor = cur.attrs & attrs::ACCESSOR != 0;
        if !configurable {
            if desc.configurable == Some(true) {
                return Ok(false);
            }
            if let Some(e) = desc.enumerable {
                if e != (cur.attrs & attrs::ENUMERABLE != 0) {
                    return Ok(false);
                }
            }
            if (desc.is_accessor() && !is_accessor) || (desc.is_data() && is_accessor) {
                return Ok(false);
            }
            if is_accessor {
                if desc.get.is_some_and(|g| !self.same_value(g, cur.value))
                    || desc.set.is_some_and(|s| !self.same_value(s, cur.setter))
                {
                    return Ok(false);
                }
            } else if cur.attrs & attrs::WRITABLE == 0 {
                if desc.writable == Some(true) {
                    return Ok(false);
                }
                if desc.value.is_some_and(|v| !self.same_value(v, cur.value)) {
                    return Ok(false);
                }
            }
        }
        let mut a = cur.attrs;
        if let Some(e) = desc.enumerable {
            a = if e {
                a | attrs::ENUMERABLE
            } else {
                a & !attrs::ENUMERABLE
            };
        }
        if let Some(c) = desc.configurable {
            a = if c {
                a | attrs::CONFIGURABLE
            } else {
                a & !attrs::CONFIGURABLE
            };
        }
        let (value, setter);
        if desc.is_accessor() {
            if !is_accessor {
                a = (a & !attrs::WRITABLE) | attrs::ACCESSOR;
                value = desc.get.unwrap_or(Value::UNDEFINED);
                setter = desc.set.unwrap_or(Value::UNDEFINED);
            } else {
                value = desc.get.unwrap_or(cur.value);
                setter = desc.set.unwrap_or(cur.setter);
            }
        } else if desc.is_data() && is_accessor {
            a &= !attrs::ACCESSOR;
            if desc.writable == Some(true) {
                a |= attrs::WRITABLE;
            }
            value = desc.value.unwrap_or(Value::UNDEFINED);
            setter = Value::UNDEFINED;
        } else {
            if let Some(w) = desc.writable {
                a = if w {
                    a | attrs::WRITABLE
                } else {
                    a & !attrs::WRITABLE
                };
            }
            value = desc.value.unwrap_or(cur.value);
            // A generic descriptor (only attributes) keeps an accessor's setter.
            setter = if is_accessor {
                cur.setter
            } else {
                Value::UNDEFINED
            };
        }
        self.put_own(o, key, value, setter, a);
        Ok(true)
    }

    fn get_own_property_plain(&mut self, o: Gc<JsObject>, key: Key) -> Option<PropSlot> {
        let inner = o.inner();
        match key {
            Key::Index(i) => match &inner.sparse {
                Some(sp) => sp.get(&i).copied(),
                None => inner
                    .elements
                    .get(i as usize)
                    .filter(|v| !v.is_empty())
                    .map(|v| PropSlot {
                        value: *v,
                        setter: Value::UNDEFINED,
                        attrs: attrs::DEFAULT,
                    }),
            },
            Key::Named(_) => None,
        }
    }

    fn define_array_length(&mut self, o: Gc<JsObject>, desc: PropertyDescriptor) -> JsResult<bool> {
        if desc.is_accessor() || desc.configurable == Some(true) || desc.enumerable == Some(true) {
            return Ok(false);
        }
        let readonly = o.has_flag(flags::LENGTH_READONLY);
        if let Some(v) = desc.value {
            let num = self.to_number(v)?;
            let len = crate::value::number::to_uint32(num);
            // ToNumber runs twice per spec (observable via valueOf).
            let num2 = self.to_number(v)?;
            if len as f64 != num2 {
                return Err(self.range_error("Invalid array length"));
            }
            if readonly && len != o.array_length() {
                return Ok(false);
            }
            if readonly && desc.writable == Some(true) {
                return Ok(false);
            }
            let ok = self.truncate_array(o, len);
            if desc.writable == Some(false) {
                o.inner().flags |= flags::LENGTH_READONLY;
            }
            return Ok(ok);
        }
        if readonly && desc.writable == Some(true) {
            return Ok(false);
        }
        if desc.writable == Some(false) {
            o.inner().flags |= flags::LENGTH_READONLY;
        }
        Ok(true)
    }

    /// `DefinePropertyOrThrow`.
    pub fn define_property_or_throw(
        &mut self,
        o: Gc<JsObject>,
        key: Key,
        desc: PropertyDescriptor,
    ) -> JsResult<()> {
        if !self.define_own_property(o, key, desc)? {
            let name = self.key_display(key);
            return Err(self.type_error(&format!("Cannot redefine property: {name}")));
        }
        Ok(())
    }

    /// `CreateDataProperty`.
    pub fn create_data_property(&mut self, o: Gc<JsObject>, key: Key, v: Value) -> JsResult<bool> {
        // Fast path for plain extensible objects without the property.
        if matches!(o.kind(), ObjectKind::Ordinary | ObjectKind::Array)
            && o.has_flag(flags::EXTENSIBLE)
        {
            let is_len = key == Key::Named(names::LENGTH) && o.is_array();
            if !is_len && self.get_own_property(o, key).is_none() {
                if let Key::Index(i) = key {
                    if o.is_array() && o.has_flag(flags::LENGTH_READONLY) && i >= o.array_length() {
                        return Ok(false);
                    }
                }
                self.put_own(o, key, v, Value::UNDEFINED, attrs::DEFAULT);
                return Ok(true);
            }
        }
        self.define_own_property(
            o,
            key,
            PropertyDescriptor {
                value: Some(v),
                writable: Some(true),
                enumerable: Some(true),
                configurable: Some(true),
                ..Default::default()
            },
        )
    }

    /// `CreateDataPropertyOrThrow`.
    pub fn create_data_property_or_throw(
        &mut self,
        o: Gc<JsObject>,
        key: Key,
        v: Value,
    ) -> JsResult<()> {
        if !self.create_data_property(o, key, v)? {
            let name = self.key_display(key);
            return Err(self.type_error(&format!("Cannot define property {name}")));
        }
        Ok(())
    }

    /// `SetterThatIgnoresPrototypeProperties(this, home, p, v)`: the setter of an accessor on
    /// a prototype (`home`) that behaves like a writable data property for its heirs.
    pub(crate) fn setter_that_ignores_prototype_properties(
        &mut self,
        this: Value,
        home: Gc<JsObject>,
        key: Key,
        v: Value,
    ) -> JsResult<()> {
        let Some(o) = this.as_object() else {
            return Err(self.type_error("setter called on a non-object"));
        };
        if o == home {
            let name = self.key_display(key);
            return Err(self.type_error(&format!(
                "Cannot assign to read only property '{name}' of object"
            )));
        }
        if self.get_own_property_descriptor(o, key)?.is_none() {
            self.create_data_property_or_throw(o, key, v)
        } else {
            self.set_or_throw(o, key, v, this, true)
        }
    }

    /// `[[Delete]]`.
    pub fn delete(&mut self, o: Gc<JsObject>, key: Key) -> JsResult<bool> {
        if let Some(r) = self.exotic_delete(o, key) {
            return r;
        }
        Ok(self.ordinary_delete(o, key))
    }

    /// OrdinaryDelete: `[[Delete]]` without the exotic hook (exotic objects call it for their
    /// ordinary part).
    pub(crate) fn ordinary_delete(&mut self, o: Gc<JsObject>, key: Key) -> bool {
        let Some(p) = self.get_own_property(o, key) else {
            return true;
        };
        if p.attrs & attrs::CONFIGURABLE == 0 {
            return false;
        }
        match key {
            Key::Named(k) => {
                let inner = o.inner();
                if inner.shape != ShapeId::DICT {
                    // Deleting the last-added property just steps back in the transition tree.
                    if let Some((last, parent)) = self.shapes.last(inner.shape) {
                        if last == k {
                            inner.shape = parent;
                            let n = self.shapes.slot_count(parent) as usize;
                            inner.slots.truncate(n);
                            self.bump_if_proto(o);
                            return true;
                        }
                    }
                    self.to_dictionary(o);
                }
                o.inner().dict.as_mut().unwrap().shift_remove(&k);
                self.bump_if_proto(o);
            }
            Key::Index(i) => {
                let inner = o.inner();
                match &mut inner.sparse {
                    Some(sp) => {
                        sp.remove(&i);
                    }
                    None => {
                        let n = inner.elements.len();
                        if i as usize == n - 1 && !o.is_array() {
                            inner.elements.pop();
                        } else {
                            inner.elements[i as usize] = Value::EMPTY;
                        }
                    }
                }
            }
        }
        true
    }

    /// `[[OwnPropertyKeys]]`: indices ascending, then strings, then symbols, in insertion order.
    pub fn own_keys(&mut self, o: Gc<JsObject>) -> JsResult<Vec<Key>> {
        if let Some(r) = self.exotic_own_keys(o) {
            return r;
        }
        Ok(self.ordinary_own_keys(o))
    }

    /// OrdinaryOwnPropertyKeys: `[[OwnPropertyKeys]]` without the exotic hook (exotic objects
    /// call it for their ordinary part).
    pub(crate) fn ordinary_own_keys(&mut self, o: Gc<JsObject>) -> Vec<Key> {
        let inner = o.inner();
        let mut out = Vec::new();
        if let ObjectKind::String(s) = &inner.kind {
            out.extend((0..s.len() as u32).map(Key::Index));
        }
        match &inner.sparse {
            Some(sp) => out.extend(sp.keys().map(|&i| Key::Index(i))),
            None => out.extend(
                inner
                    .elements
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(i, _)| Key::Index(i as u32)),
            ),
        }
        if matches!(inner.kind, ObjectKind::String(_)) && inner.sparse.is_some() {
            out.sort_by_key(|k| match k {
                Key::Index(i) => *i,
                _ => 0,
            });
            out.dedup();
        }
        if inner.is_array_kind() || matches!(inner.kind, ObjectKind::String(_)) {
            out.push(Key::Named(names::LENGTH));
        }
        let named: Vec<PropKey> = if inner.shape == ShapeId::DICT {
            inner.dict.as_ref().unwrap().keys().copied().collect()
        } else {
            self.shapes
                .properties(inner.shape)
                .into_iter()
                .map(|p| p.0)
                .collect()
        };
        out.extend(
            named
                .iter()
                .filter(|k| !k.is_symbol())
                .map(|&k| Key::Named(k)),
        );
        out.extend(
            named
                .iter()
                .filter(|k| k.is_symbol() && !k.is_private())
                .map(|&k| Key::Named(k)),
        );
        out
    }

    /// `[[HasProperty]]`.
    pub fn has_property(&mut self, o: Gc<JsObject>, key: Key) -> JsResult<bool> {
        let mut cur = o;
        loop {
            if let Some(r) = self.exotic_has(cur, key) {
                return r;
            }
            if self.get_own_property(cur, key).is_some() {
                return Ok(true);
            }
            match cur.inner().proto {
                Some(p) => cur = p,
                None => return Ok(false),
            }
        }
    }

    /// `[[SetPrototypeOf]]` (ordinary). Returns false when refused.
    pub fn set_prototype_of(
        &mut self,
        o: Gc<JsObject>,
        proto: Option<Gc<JsObject>>,
    ) -> JsResult<bool> {
        if let Some(r) = self.exotic_set_prototype_of(o, proto) {
            return r;
        }
        let inner = o.inner();
        if inner.proto == proto {
            return Ok(true);
        }
        if inner.flags & flags::EXTENSIBLE == 0
            || Gc::ptr_eq(o, self.intrinsic(super::Intrinsic::ObjectPrototype))
        {
            return Ok(false);
        }
        let mut p = proto;
        while let Some(pp) = p {
            if Gc::ptr_eq(pp, o) {
                return Ok(false);
            }
            if let ObjectKind::Data(_) = pp.kind() {
                if self.is_proxy(pp) {
                    break;
                }
            }
            p = pp.inner().proto;
        }
        if let Some(pp) = proto {
            pp.inner().flags |= flags::IS_PROTO;
        }
        o.inner().proto = proto;
        self.proto_epoch = self.proto_epoch.wrapping_add(1);
        Ok(true)
    }

    /// `[[GetPrototypeOf]]`.
    pub fn get_prototype_of(&mut self, o: Gc<JsObject>) -> JsResult<Option<Gc<JsObject>>> {
        if let Some(r) = self.exotic_get_prototype_of(o) {
            return r;
        }
        Ok(o.inner().proto)
    }

    /// `[[PreventExtensions]]`.
    pub fn prevent_extensions(&mut self, o: Gc<JsObject>) -> JsResult<bool> {
        if let Some(r) = self.exotic_prevent_extensions(o) {
            return r;
        }
        // Holes of a non-extensible object must stay holes: keep elements exact in sparse form.
        if o.inner().elements.iter().any(|v| v.is_empty()) {
            self.to_sparse(o);
        }
        o.inner().flags &= !flags::EXTENSIBLE;
        self.proto_epoch = self.proto_epoch.wrapping_add(1);
        Ok(true)
    }

    /// `[[IsExtensible]]`.
    pub fn is_extensible(&mut self, o: Gc<JsObject>) -> JsResult<bool> {
        if let Some(r) = self.exotic_is_extensible(o) {
            return r;
        }
        Ok(o.has_flag(flags::EXTENSIBLE))
    }

    /// `[[GetOwnProperty]]` as a descriptor (goes through exotic hooks such as Proxy).
    pub fn get_own_property_descriptor(
        &mut self,
        o: Gc<JsObject>,
        key: Key,
    ) -> JsResult<Option<PropertyDescriptor>> {
        if let Some(r) = self.exotic_get_own_property(o, key) {
            return r;
        }
        Ok(self
            .get_own_property(o, key)
            .map(PropertyDescriptor::from_slot))
    }
}

impl crate::object::ObjectInner {
    /// Is this an Array?
    #[inline]
    pub fn is_array_kind(&self) -> bool {
        matches!(self.kind, ObjectKind::Array)
    }
}
