//! Keyed collections (ECMA-262 §24): Map, Set, WeakMap, WeakSet, WeakRef and
//! FinalizationRegistry.
//!
//! Map and Set share [`Table`]: an insertion-ordered entry vector with tombstones plus a hash
//! index keyed by SameValueZero. Iterators hold a logical position into the entry vector, so
//! entries added during iteration are visited and deleted ones are skipped.

mod map;
mod set;
mod weak;

pub(crate) use map::MapData;
pub(crate) use set::SetData;
pub(crate) use weak::{WeakMapData, WeakSetData};

use crate::heap::{Trace, Tracer};
use crate::object::ObjectKind;
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, Key, NativeCtx, Vm};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// A key in the hash index: hashed and compared with SameValueZero on canonical keys.
#[derive(Clone, Copy)]
struct HKey(Value);

impl Hash for HKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self.0.as_string() {
            Some(s) => s.content_hash().hash(state),
            None => self.0.bits().hash(state),
        }
    }
}

impl PartialEq for HKey {
    fn eq(&self, other: &HKey) -> bool {
        match (self.0.as_string(), other.0.as_string()) {
            (Some(a), Some(b)) => a.eq_content(&b),
            (None, None) => self.0.bits() == other.0.bits(),
            _ => false,
        }
    }
}

impl Eq for HKey {}

/// `CanonicalizeKeyedCollectionKey` plus a canonical number encoding (-0 → +0, integral
/// numbers as int32), so that equal keys have equal bits.
#[inline]
pub(crate) fn canonical_key(v: Value) -> Value {
    match v.as_number() {
        Some(0.0) => Value::int(0),
        Some(n) if v.is_double() => Value::number(n),
        _ => v,
    }
}

/// Ordered hash table for Map and Set. Positions are logical: `offset` counts entries dropped
/// from the front (by `clear` or by trimming a deleted prefix).
#[derive(Default)]
pub(crate) struct Table {
    /// (key, value); the key is `Value::EMPTY` for a deleted entry.
    pub(crate) entries: Vec<(Value, Value)>,
    index: HashMap<HKey, usize, rustc_hash::FxBuildHasher>,
    /// Logical position of `entries[0]`.
    pub(crate) offset: usize,
    /// Number of leading deleted entries in `entries`.
    dead_prefix: usize,
    /// Live entries.
    pub(crate) size: usize,
}

impl Table {
    /// Logical position of `key` (canonical).
    pub(crate) fn find(&self, key: Value) -> Option<usize> {
        self.index.get(&HKey(key)).copied()
    }

    /// Does the table hold `key` (canonical)?
    pub(crate) fn has(&self, key: Value) -> bool {
        self.index.contains_key(&HKey(key))
    }

    /// The value for `key` (canonical).
    pub(crate) fn get(&self, key: Value) -> Option<Value> {
        let p = self.find(key)?;
        Some(self.entries[p - self.offset].1)
    }

    /// Inserts or overwrites.
    pub(crate) fn set(&mut self, key: Value, value: Value) {
        if let Some(p) = self.find(key) {
            self.entries[p - self.offset].1 = value;
            return;
        }
        let pos = self.offset + self.entries.len();
        self.entries.push((key, value));
        self.index.insert(HKey(key), pos);
        self.size += 1;
    }

    /// Removes `key`; returns whether it was present.
    pub(crate) fn delete(&mut self, key: Value) -> bool {
        let Some(p) = self.index.remove(&HKey(key)) else {
            return false;
        };
        let i = p - self.offset;
        self.entries[i] = (Value::EMPTY, Value::UNDEFINED);
        self.size -= 1;
        if self.size == 0 {
            self.offset += self.entries.len();
            self.entries.clear();
            self.dead_prefix = 0;
            return true;
        }
        if i == self.dead_prefix {
            while self.dead_prefix < self.entries.len()
                && self.entries[self.dead_prefix].0.is_empty()
            {
                self.dead_prefix += 1;
            }
            if self.dead_prefix >= 32 && self.dead_prefix * 2 >= self.entries.len() {
                self.entries.drain(..self.dead_prefix);
                self.offset += self.dead_prefix;
                self.dead_prefix = 0;
            }
        }
        true
    }

    /// Removes everything (iterators in progress continue with entries added later).
    pub(crate) fn clear(&mut self) {
        self.offset += self.entries.len();
        self.entries.clear();
        self.index.clear();
        self.dead_prefix = 0;
        self.size = 0;
    }

    /// One past the last logical position.
    #[inline]
    pub(crate) fn end(&self) -> usize {
        self.offset + self.entries.len()
    }

    /// The live entry at or after logical position `pos`: (its position, key, value).
    pub(crate) fn next_from(&self, pos: usize) -> Option<(usize, Value, Value)> {
        let mut i = pos.max(self.offset) - self.offset;
        while i < self.entries.len() {
            let (k, v) = self.entries[i];
            if !k.is_empty() {
                return Some((i + self.offset, k, v));
            }
            i += 1;
        }
        None
    }

    /// The entry at logical position `pos`, if live.
    pub(crate) fn at(&self, pos: usize) -> Option<(Value, Value)> {
        if pos < self.offset {
            return None;
        }
        self.entries
            .get(pos - self.offset)
            .copied()
            .filter(|e| !e.0.is_empty())
    }

    /// Live keys in order.
    pub(crate) fn keys(&self) -> Vec<Value> {
        self.entries
            .iter()
            .filter(|e| !e.0.is_empty())
            .map(|e| e.0)
            .collect()
    }

    /// Live entries in order.
    pub(crate) fn live(&self) -> impl Iterator<Item = (Value, Value)> + '_ {
        self.entries.iter().copied().filter(|e| !e.0.is_empty())
    }

    fn trace(&self, t: &mut Tracer) {
        for (k, v) in &self.entries {
            t.value(*k);
            t.value(*v);
        }
    }

    fn extra_bytes(&self) -> usize {
        self.entries.capacity() * 16 + self.index.capacity() * 24
    }
}

/// What an iterator yields.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum IterKind {
    Keys,
    Values,
    Entries,
}

/// %MapIteratorPrototype% / %SetIteratorPrototype% instances.
pub(crate) struct CollectionIterator {
    /// The Map or Set, or undefined once exhausted.
    pub(crate) target: Value,
    pub(crate) pos: usize,
    pub(crate) kind: IterKind,
    pub(crate) is_set: bool,
}

impl Trace for CollectionIterator {
    fn trace(&self, t: &mut Tracer) {
        t.value(self.target);
    }
}
crate::object_data!(CollectionIterator);

/// A new iterator object over `target`.
pub(crate) fn create_iterator(vm: &mut Vm, target: Value, kind: IterKind, is_set: bool) -> Value {
    let proto = vm.intrinsic(if is_set {
        Intrinsic::SetIteratorPrototype
    } else {
        Intrinsic::MapIteratorPrototype
    });
    let it = CollectionIterator {
        target,
        pos: 0,
        kind,
        is_set,
    };
    Value::object(vm.new_data_object(proto, Box::new(it)))
}

/// `%MapIteratorPrototype%.next` and `%SetIteratorPrototype%.next`.
fn iterator_next(vm: &mut Vm, this: Value, is_set: bool) -> JsResult<Value> {
    let Some(o) = this.as_object() else {
        return Err(vm.type_error(if is_set {
            "next method called on incompatible Set Iterator"
        } else {
            "next method called on incompatible Map Iterator"
        }));
    };
    let Some(it) = o
        .data::<CollectionIterator>()
        .filter(|i| i.is_set == is_set)
    else {
        return Err(vm.type_error(if is_set {
            "next method called on incompatible Set Iterator"
        } else {
            "next method called on incompatible Map Iterator"
        }));
    };
    let target = it.target;
    let found = match target.as_object() {
        Some(t) => {
            let table = if is_set {
                t.data::<SetData>().map(|d| &d.0)
            } else {
                t.data::<MapData>().map(|d| &d.0)
            };
            table.and_then(|tb| tb.next_from(it.pos))
        }
        None => None,
    };
    let Some((pos, k, v)) = found else {
        it.target = Value::UNDEFINED;
        return Ok(iter_result(vm, Value::UNDEFINED, true));
    };
    it.pos = pos + 1;
    let kind = it.kind;
    let value = match kind {
        IterKind::Keys => k,
        IterKind::Values => {
            if is_set {
                k
            } else {
                v
            }
        }
        IterKind::Entries => {
            let second = if is_set { k } else { v };
            Value::object(vm.new_array(vec![k, second]))
        }
    };
    Ok(iter_result(vm, value, false))
}

/// `CreateIteratorResultObject`.
pub(crate) fn iter_result(vm: &mut Vm, value: Value, done: bool) -> Value {
    let o = vm.new_object();
    vm.define_value_property(
        o,
        crate::atoms::names::VALUE,
        value,
        crate::object::attrs::DEFAULT,
    );
    vm.define_value_property(
        o,
        crate::atoms::names::DONE,
        Value::bool(done),
        crate::object::attrs::DEFAULT,
    );
    Value::object(o)
}

fn map_iterator_next(
    vm: &mut Vm,
    this: Value,
    _args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    iterator_next(vm, this, false)
}

fn set_iterator_next(
    vm: &mut Vm,
    this: Value,
    _args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    iterator_next(vm, this, true)
}

/// `IteratorClose(iter, throwCompletion)`: calls `return`, ignoring its outcome.
pub(crate) fn close_with_error(vm: &mut Vm, it: Value, err: Value) -> Value {
    if err == crate::vm::TERMINATED {
        return err;
    }
    if let Some(io) = it.as_object() {
        if let Ok(ret) = vm.get(io, Key::Named(crate::atoms::names::RETURN), it) {
            if !ret.is_nullish() {
                if let Err(e) = vm.call(ret, it, &[]) {
                    if e == crate::vm::TERMINATED {
                        return e;
                    }
                }
            }
        }
    }
    err
}

/// Defines `@@toStringTag`.
pub(crate) fn to_string_tag(vm: &mut Vm, o: crate::heap::Gc<crate::object::JsObject>, tag: &str) {
    let k = vm.symbol_key(crate::vm::WellKnown::ToStringTag);
    let v = vm.new_string(tag);
    vm.define_value_property(o, k, v, crate::object::attrs::CONFIGURABLE);
}

pub(crate) fn init(vm: &mut Vm) {
    let mip = vm.intrinsic(Intrinsic::MapIteratorPrototype);
    vm.define_method(mip, "next", 0, map_iterator_next);
    to_string_tag(vm, mip, "Map Iterator");
    let sip = vm.intrinsic(Intrinsic::SetIteratorPrototype);
    vm.define_method(sip, "next", 0, set_iterator_next);
    to_string_tag(vm, sip, "Set Iterator");
    map::init(vm);
    set::init(vm);
    weak::init(vm);
    let _ = ObjectKind::Ordinary;
}
