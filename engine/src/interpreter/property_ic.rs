//! Inline-cached named property loads and stores: the hit paths are in the dispatch loop; the
//! misses come here, do the full lookup and record what they found.

use crate::atoms::{names, PropKey};
use crate::bytecode::{CodeBlock, IcEntry};
use crate::heap::Gc;
use crate::object::{attrs, flags, JsObject, ObjectKind, ShapeId};
use crate::value::Value;
use crate::vm::{JsResult, Key, Vm};

/// Can inline caches describe this object's named properties? Objects whose kind has no exotic
/// internal methods (promises, maps, iterators, … as well as ordinary objects) keep their named
/// properties in shape slots; Proxies, typed arrays and module namespaces do not.
#[inline]
fn cacheable(o: Gc<JsObject>) -> bool {
    let i = o.inner();
    i.shape != ShapeId::DICT
        && match &i.kind {
            ObjectKind::Ordinary
            | ObjectKind::Array
            | ObjectKind::Function(_)
            | ObjectKind::Native(_)
            | ObjectKind::Arguments(_) => true,
            ObjectKind::Data(d) => d.exotic().is_none(),
            _ => false,
        }
}

impl Vm {
    /// The load miss path: full `[[Get]]`, recording own or prototype hits.
    pub(crate) fn get_named_miss(
        &mut self,
        o: Gc<JsObject>,
        key: PropKey,
        code: &CodeBlock,
        slot: u32,
    ) -> JsResult<Value> {
        if key == names::LENGTH && matches!(o.kind(), ObjectKind::Array) {
            return Ok(Value::number(o.array_length() as f64));
        }
        if !cacheable(o) {
            return self.get(o, Key::Named(key), Value::object(o));
        }
        let shape = o.inner().shape;
        if let Some((s, a)) = self.shapes.lookup(shape, key) {
            code.feedback(slot).record(IcEntry {
                shape,
                proto: 0,
                holder: 0,
                slot: s,
                new_shape: shape,
                epoch: 0,
                accessor: a & attrs::ACCESSOR != 0,
            });
            return self.read_slot(o, s, a & attrs::ACCESSOR != 0, Value::object(o));
        }
        // Walk the prototype chain while every object is cacheable.
        let proto = o.inner().proto;
        let mut cur = proto;
        while let Some(h) = cur {
            if !cacheable(h) {
                return self.get(h, Key::Named(key), Value::object(o));
            }
            if let Some((s, a)) = self.shapes.lookup(h.inner().shape, key) {
                code.feedback(slot).record(IcEntry {
                    shape,
                    proto: proto.map_or(0, |p| p.addr()),
                    holder: h.addr(),
                    slot: s,
                    new_shape: shape,
                    epoch: self.proto_epoch,
                    accessor: a & attrs::ACCESSOR != 0,
                });
                return self.read_slot(h, s, a & attrs::ACCESSOR != 0, Value::object(o));
            }
            cur = h.inner().proto;
        }
        Ok(Value::UNDEFINED)
    }

    /// Reads a slot, calling the getter for accessors.
    #[inline]
    pub(crate) fn read_slot(
        &mut self,
        holder: Gc<JsObject>,
        slot: u32,
        accessor: bool,
        receiver: Value,
    ) -> JsResult<Value> {
        let v = self.slot_value(holder, slot as usize);
        if accessor {
            if v.is_undefined() {
                return Ok(Value::UNDEFINED);
            }
            return self.call(v, receiver, &[]);
        }
        Ok(v)
    }

    /// The store miss path: full `[[Set]]`, recording own-slot writes and add-property transitions.
    pub(crate) fn set_named_miss(
        &mut self,
        o: Gc<JsObject>,
        key: PropKey,
        v: Value,
        code: &CodeBlock,
        slot: u32,
    ) -> JsResult<()> {
        let strict = code.flags.strict;
        if !cacheable(o) || (key == names::LENGTH && o.is_array()) {
            return self.set_or_throw(o, Key::Named(key), v, Value::object(o), strict);
        }
        let shape = o.inner().shape;
        if let Some((s, a)) = self.shapes.lookup(shape, key) {
            if a & (attrs::ACCESSOR | attrs::WRITABLE) == attrs::WRITABLE {
                code.feedback(slot).record(IcEntry {
                    shape,
                    proto: 0,
                    holder: 0,
                    slot: s,
                    new_shape: shape,
                    epoch: 0,
                    accessor: false,
                });
                crate::heap::write_barrier(o, v);
                o.inner().slots[s as usize] = v;
                return Ok(());
            }
            return self.set_or_throw(o, Key::Named(key), v, Value::object(o), strict);
        }
        // Adding a property: cache the transition if nothing on the chain intercepts the store.
        let mut cur = o.inner().proto;
        let mut intercepted = false;
        while let Some(h) = cur {
            if !cacheable(h) {
                intercepted = true;
                break;
            }
            if let Some((_, a)) = self.shapes.lookup(h.inner().shape, key) {
                intercepted = a & (attrs::ACCESSOR | attrs::WRITABLE) != attrs::WRITABLE;
                break;
            }
            cur = h.inner().proto;
        }
        if intercepted || !o.has_flag(flags::EXTENSIBLE) || o.has_flag(flags::IS_PROTO) {
            return self.set_or_throw(o, Key::Named(key), v, Value::object(o), strict);
        }
        self.put_own(o, Key::Named(key), v, Value::UNDEFINED, attrs::DEFAULT);
        let new_shape = o.inner().shape;
        if new_shape != ShapeId::DICT {
            let (s, _) = self.shapes.lookup(new_shape, key).unwrap();
            code.feedback(slot).record(IcEntry {
                shape,
                proto: o.inner().proto.map_or(0, |p| p.addr()),
                holder: 0,
                slot: s,
                new_shape,
                epoch: self.proto_epoch,
                accessor: false,
            });
        }
        Ok(())
    }
}
