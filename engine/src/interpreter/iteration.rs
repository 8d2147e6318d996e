//! The iterator protocol, for-in enumeration and spreading, as the dispatch loop uses them.

use crate::atoms::names;
use crate::builtins::array::iterator::{array_iterator_next, array_iterator_step};
use crate::heap::{Gc, Trace, Tracer};
use crate::object::{attrs, JsObject, NativeFn, ObjectKind};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, Key, Vm, WellKnown};

/// State of a `for (k in o)` loop: keys snapshotted per object, re-checked before each visit.
pub(crate) struct ForInIterator {
    object: Value,
    keys: Vec<Value>,
    next: usize,
    visited: rustc_hash::FxHashSet<Key>,
}

impl Trace for ForInIterator {
    fn trace(&self, t: &mut Tracer) {
        t.value(self.object);
        t.values(&self.keys);
    }
}
crate::object_data!(ForInIterator);

impl Vm {
    /// `GetIterator(v, sync)`: (iterator, next method).
    pub(crate) fn get_iterator(&mut self, v: Value) -> JsResult<(Value, Value)> {
        let key = self.symbol_key(WellKnown::Iterator);
        let method = self.get_v(v, Key::Named(key))?;
        if !self.is_callable(method) {
            return Err(self.type_error(&format!("{} is not iterable", self.describe_for_error(v))));
        }
        let it = self.call(method, v, &[])?;
        let Some(io) = it.as_object() else {
            return Err(self.type_error("Result of the Symbol.iterator method is not an object"));
        };
        let next = self.get_named(io, names::NEXT)?;
        Ok((it, next))
    }

    /// `GetIterator(v, async)`, falling back to a sync iterator wrapped for async use.
    pub(crate) fn get_async_iterator(&mut self, v: Value) -> JsResult<(Value, Value)> {
        let key = self.symbol_key(WellKnown::AsyncIterator);
        let method = self.get_v(v, Key::Named(key))?;
        if method.is_nullish() {
            let (it, next) = self.get_iterator(v)?;
            return crate::builtins::create_async_from_sync_iterator(self, it, next);
        }
        if !self.is_callable(method) {
            return Err(self.type_error("object is not async iterable"));
        }
        let it = self.call(method, v, &[])?;
        let Some(io) = it.as_object() else {
            return Err(
                self.type_error("Result of the Symbol.asyncIterator method is not an object")
            );
        };
        let next = self.get_named(io, names::NEXT)?;
        Ok((it, next))
    }

    /// 7.3.10 GetMethod(v, name): undefined when the property is null or undefined, a
    /// TypeError when it is not callable.
    pub(crate) fn get_method(&mut self, v: Value, name: crate::atoms::PropKey) -> JsResult<Value> {
        let m = self.get_v(v, Key::Named(name))?;
        if m.is_nullish() {
            return Ok(Value::UNDEFINED);
        }
        if !self.is_callable(m) {
            return Err(
                self.type_error(&format!("{} is not a function", self.describe_for_error(m)))
            );
        }
        Ok(m)
    }

    /// `IteratorStep` + `IteratorValue`: `None` when done.
    pub(crate) fn iterator_step(&mut self, it: Value, next: Value) -> JsResult<Option<Value>> {
        if let Some(f) = next.as_object() {
            if let ObjectKind::Native(n) = f.kind() {
                if n.f as usize == array_iterator_next as NativeFn as usize {
                    return array_iterator_step(self, it);
                }
            }
        }
        let r = self.call(next, it, &[])?;
        let Some(ro) = r.as_object() else {
            return Err(self.type_error("Iterator result is not an object"));
        };
        let done = self.get_named(ro, names::DONE)?;
        if self.to_boolean(done) {
            return Ok(None);
        }
        Ok(Some(self.get_named(ro, names::VALUE)?))
    }

    /// `IteratorClose` for a normal completion (calls `return` if present).
    pub(crate) fn iterator_close(&mut self, it: Value) -> JsResult<()> {
        let Some(io) = it.as_object() else {
            return Ok(());
        };
        let ret = self.get_named(io, names::RETURN)?;
        if ret.is_nullish() {
            return Ok(());
        }
        let r = self.call(ret, it, &[])?;
        if !r.is_object() {
            return Err(self.type_error("Iterator result is not an object"));
        }
        Ok(())
    }

    /// Collects an iterable into a vector (spread, `Array.from`).
    pub fn iterate_to_vec(&mut self, v: Value) -> JsResult<Vec<Value>> {
        // Fast path: plain arrays with the default iterator.
        if let Some(o) = v.as_object() {
            if o.is_array() && o.inner().sparse.is_none() && self.has_default_array_iterator(o) {
                return Ok(o
                    .inner()
                    .elements
                    .iter()
                    .map(|v| if v.is_empty() { Value::UNDEFINED } else { *v })
                    .collect());
            }
        }
        let (it, next) = self.get_iterator(v)?;
        let holder = self.new_array(Vec::new());
        self.root(Value::object(holder));
        while let Some(x) = self.iterator_step(it, next)? {
            holder.inner().elements.push(x);
        }
        Ok(std::mem::take(&mut holder.inner().elements))
    }

    fn has_default_array_iterator(&mut self, o: Gc<JsObject>) -> bool {
        let values = self.intrinsic(Intrinsic::ArrayProtoValues);
        let key = self.symbol_key(WellKnown::Iterator);
        let ap = self.intrinsic(Intrinsic::ArrayPrototype);
        if o.inner().proto != Some(ap) || self.get_own_property(o, Key::Named(key)).is_some() {
            return false;
        }
        let own = self.get_own_property(ap, Key::Named(key));
        let next_ok = {
            let aip = self.intrinsic(Intrinsic::ArrayIteratorPrototype);
            self.get_own_property(aip, Key::Named(names::NEXT))
                .is_some_and(|p| {
                    p.value
                        .as_object()
                        .is_some_and(|f| matches!(f.kind(), ObjectKind::Native(_)))
                })
        };
        next_ok && own.is_some_and(|p| p.value == Value::object(values))
    }

    /// `[...iterable]` into an array literal under construction.
    pub(crate) fn array_spread(&mut self, arr: Value, iterable: Value) -> JsResult<()> {
        let items = self.iterate_to_vec(iterable)?;
        arr.as_object().unwrap().inner().elements.extend(items);
        Ok(())
    }

    /// Spreads an argument array onto the stack at `at`, returning the count.
    pub(crate) fn spread_into_stack(&mut self, arr: Value, at: usize) -> JsResult<usize> {
        let items: Vec<Value> = arr.as_object().unwrap().inner().elements.clone();
        self.ensure_stack(at + items.len() + 1);
        self.stack[at..at + items.len()].copy_from_slice(&items);
        self.sp = self.sp.max(at + items.len());
        Ok(items.len())
    }

    /// Builds the for-in iterator for `v`.
    pub(crate) fn for_in_iterator(&mut self, v: Value) -> JsResult<Value> {
        let proto = self.intrinsic(Intrinsic::ForInIteratorPrototype);
        let object = if v.is_nullish() {
            Value::UNDEFINED
        } else {
            Value::object(self.to_object(v)?)
        };
        let it = ForInIterator {
            object,
            keys: Vec::new(),
            next: 0,
            visited: Default::default(),
        };
        let o = self.new_data_object(proto, Box::new(it));
        if let Some(obj) = object.as_object() {
            self.for_in_load_keys(o, obj)?;
        }
        Ok(Value::object(o))
    }

    fn for_in_load_keys(&mut self, it: Gc<JsObject>, obj: Gc<JsObject>) -> JsResult<()> {
        let keys = self.own_keys(obj)?;
        let mut vals = Vec::new();
        for k in keys {
            if let Key::Named(n) = k {
                if n.is_symbol() {
                    continue;
                }
            }
            vals.push(self.key_value(k));
        }
        let data = it.data::<ForInIterator>().unwrap();
        data.object = Value::object(obj);
        data.keys = vals;
        data.next = 0;
        Ok(())
    }

    /// Next enumerable key not yet visited, walking up the prototype chain.
    pub(crate) fn for_in_next(&mut self, itv: Value) -> JsResult<Option<Value>> {
        let it = itv.as_object().unwrap();
        loop {
            let data = it.data::<ForInIterator>().unwrap();
            let Some(obj) = data.object.as_object() else {
                return Ok(None);
            };
            if data.next < data.keys.len() {
                let kv = data.keys[data.next];
                data.next += 1;
                let key = self.to_property_key(kv)?;
                let desc = self.get_own_property_descriptor(obj, key)?;
                let data = it.data::<ForInIterator>().unwrap();
                let Some(d) = desc else { continue };
                if !data.visited.insert(key) {
                    continue;
                }
                if d.enumerable == Some(true) {
                    return Ok(Some(kv));
                }
                continue;
            }
            match self.get_prototype_of(obj)? {
                Some(p) => self.for_in_load_keys(it, p)?,
                None => {
                    it.data::<ForInIterator>().unwrap().object = Value::UNDEFINED;
                    return Ok(None);
                }
            }
        }
    }

    /// `CopyDataProperties(target, source, excluded)` for object spread and rest patterns.
    pub(crate) fn copy_data_properties(
        &mut self,
        target: Value,
        source: Value,
        excluded: Value,
    ) -> JsResult<()> {
        if source.is_nullish() {
            return Ok(());
        }
        let t = target.as_object().unwrap();
        let from = self.to_object(source)?;
        let keys = self.own_keys(from)?;
        let excluded: Vec<Value> = excluded
            .as_object()
            .map(|e| e.inner().elements.clone())
            .unwrap_or_default();
        'keys: for k in keys {
            for e in &excluded {
                if self.to_property_key(*e)? == k {
                    continue 'keys;
                }
            }
            if let Some(d) = self.get_own_property_descriptor(from, k)? {
                if d.enumerable == Some(true) {
                    let v = self.get(from, k, Value::object(from))?;
                    self.create_data_property_or_throw(t, k, v)?;
                }
            }
        }
        let _ = attrs::DEFAULT;
        Ok(())
    }
}
