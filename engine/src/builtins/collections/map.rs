//! Map (ECMA-262 §24.1) and `Map.groupBy`.

use super::{canonical_key, close_with_error, create_iterator, to_string_tag, IterKind, Table};
use crate::builtins::{arg, make_constructor};
use crate::heap::{Gc, Trace, Tracer};
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, Key, NativeCtx, Vm, WellKnown};

/// `[[MapData]]`.
#[derive(Default)]
pub(crate) struct MapData(pub(crate) Table);

impl Trace for MapData {
    fn trace(&self, t: &mut Tracer) {
        self.0.trace(t);
    }
}

impl crate::object::ObjectData for MapData {
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
    fn extra_bytes(&self) -> usize {
        self.0.extra_bytes()
    }
}

fn this_map(vm: &mut Vm, this: Value, method: &str) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) if o.data::<MapData>().is_some() => Ok(o),
        _ => Err(vm.type_error(&format!(
            "Method Map.prototype.{method} called on incompatible receiver"
        ))),
    }
}

// 24.1.1.1 Map ( [ iterable ] )
fn map_ctor(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    if ctx.new_target.is_undefined() {
        return Err(vm.type_error("Constructor Map requires 'new'"));
    }
    let proto = vm.prototype_from_constructor(ctx.new_target, Intrinsic::MapPrototype)?;
    let map = vm.new_data_object(proto, Box::new(MapData::default()));
    let iterable = arg(args, 0);
    if iterable.is_nullish() {
        return Ok(Value::object(map));
    }
    let adder = vm.get(
        map,
        Key::Named(crate::atoms::names::SET),
        Value::object(map),
    )?;
    if !vm.is_callable(adder) {
        return Err(
            vm.type_error("'set' returned for property 'set' of object '#<Map>' is not a function")
        );
    }
    vm.root(adder);
    add_entries_from_iterable(vm, Value::object(map), iterable, adder)?;
    Ok(Value::object(map))
}

/// `AddEntriesFromIterable(target, iterable, adder)`.
pub(crate) fn add_entries_from_iterable(
    vm: &mut Vm,
    target: Value,
    iterable: Value,
    adder: Value,
) -> JsResult<()> {
    let (it, next) = vm.get_iterator(iterable)?;
    vm.root(it);
    vm.root(next);
    while let Some(item) = vm.iterator_step(it, next)? {
        vm.root(item);
        let Some(io) = item.as_object() else {
            let d = vm.describe_for_error(item);
            let e = vm.type_error(&format!("Iterator value {d} is not an entry object"));
            return Err(close_with_error(vm, it, e));
        };
        let r: JsResult<()> = (|| {
            let k = vm.get(io, Key::Index(0), item)?;
            vm.root(k);
            let v = vm.get(io, Key::Index(1), item)?;
            vm.call(adder, target, &[k, v])?;
            Ok(())
        })();
        if let Err(e) = r {
            return Err(close_with_error(vm, it, e));
        }
    }
    Ok(())
}

// 24.1.2.1 Map.groupBy ( items, callback )
fn map_group_by(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let items = arg(args, 0);
    let callback = arg(args, 1);
    if items.is_nullish() {
        return Err(vm.type_error("Map.groupBy called on null or undefined"));
    }
    if !vm.is_callable(callback) {
        let d = vm.describe_for_error(callback);
        return Err(vm.type_error(&format!("{d} is not a function")));
    }
    let proto = vm.intrinsic(Intrinsic::MapPrototype);
    let map = vm.new_data_object(proto, Box::new(MapData::default()));
    let (it, next) = vm.get_iterator(items)?;
    vm.root(it);
    vm.root(next);
    let mut k: f64 = 0.0;
    while let Some(value) = vm.iterator_step(it, next)? {
        vm.root(value);
        if k >= 9007199254740991.0 {
            let e = vm.type_error("Too many elements");
            return Err(close_with_error(vm, it, e));
        }
        let key = match vm.call(callback, Value::UNDEFINED, &[value, Value::number(k)]) {
            Ok(key) => canonical_key(key),
            Err(e) => return Err(close_with_error(vm, it, e)),
        };
        let existing = map.data::<MapData>().unwrap().0.get(key);
        match existing.and_then(|g| g.as_object()) {
            Some(group) => group.inner().elements.push(value),
            None => {
                let group = vm.new_array(vec![value]);
                map.data::<MapData>()
                    .unwrap()
                    .0
                    .set(key, Value::object(group));
            }
        }
        k += 1.0;
    }
    Ok(Value::object(map))
}

// 24.1.3.1 Map.prototype.clear ( )
fn map_clear(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let m = this_map(vm, this, "clear")?;
    m.data::<MapData>().unwrap().0.clear();
    Ok(Value::UNDEFINED)
}

// 24.1.3.3 Map.prototype.delete ( key )
fn map_delete(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let m = this_map(vm, this, "delete")?;
    let k = canonical_key(arg(args, 0));
    Ok(Value::bool(m.data::<MapData>().unwrap().0.delete(k)))
}

// 24.1.3.4 Map.prototype.entries ( )
fn map_entries(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    this_map(vm, this, "entries")?;
    Ok(create_iterator(vm, this, IterKind::Entries, false))
}

// 24.1.3.5 Map.prototype.forEach ( callbackfn [ , thisArg ] )
fn map_for_each(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let m = this_map(vm, this, "forEach")?;
    let f = arg(args, 0);
    if !vm.is_callable(f) {
        let d = vm.describe_for_error(f);
        return Err(vm.type_error(&format!("{d} is not a function")));
    }
    let this_arg = arg(args, 1);
    let mut pos = 0;
    while let Some((p, k, v)) = m.data::<MapData>().unwrap().0.next_from(pos) {
        pos = p + 1;
        let base = vm.handles.len();
        vm.root(k);
        vm.root(v);
        vm.call(f, this_arg, &[v, k, this])?;
        vm.handles.truncate(base);
    }
    Ok(Value::UNDEFINED)
}

// 24.1.3.6 Map.prototype.get ( key )
fn map_get(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let m = this_map(vm, this, "get")?;
    let k = canonical_key(arg(args, 0));
    Ok(m.data::<MapData>()
        .unwrap()
        .0
        .get(k)
        .unwrap_or(Value::UNDEFINED))
}

// 24.1.3.7 Map.prototype.has ( key )
fn map_has(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let m = this_map(vm, this, "has")?;
    let k = canonical_key(arg(args, 0));
    Ok(Value::bool(m.data::<MapData>().unwrap().0.has(k)))
}

// 24.1.3.8 Map.prototype.keys ( )
fn map_keys(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    this_map(vm, this, "keys")?;
    Ok(create_iterator(vm, this, IterKind::Keys, false))
}

// 24.1.3.9 Map.prototype.set ( key, value )
fn map_set(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let m = this_map(vm, this, "set")?;
    let k = canonical_key(arg(args, 0));
    m.data::<MapData>().unwrap().0.set(k, arg(args, 1));
    Ok(this)
}

// 24.1.3.10 get Map.prototype.size
fn map_size(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let m = this_map(vm, this, "size")?;
    Ok(Value::number(m.data::<MapData>().unwrap().0.size as f64))
}

// 24.1.3.11 Map.prototype.values ( )
fn map_values(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    this_map(vm, this, "values")?;
    Ok(create_iterator(vm, this, IterKind::Values, false))
}

fn species_getter(_vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    Ok(this)
}

pub(super) fn init(vm: &mut Vm) {
    let proto = vm.intrinsic(Intrinsic::MapPrototype);
    let ctor = make_constructor(vm, "Map", 0, map_ctor, proto, None);
    vm.define_method(ctor, "groupBy", 2, map_group_by);
    let species = vm.symbol_key(WellKnown::Species);
    vm.define_accessor(ctor, species, Some(species_getter), None);
    vm.define_method(proto, "clear", 0, map_clear);
    vm.define_method(proto, "delete", 1, map_delete);
    let entries = vm.define_method(proto, "entries", 0, map_entries);
    vm.define_method(proto, "forEach", 1, map_for_each);
    vm.define_method(proto, "get", 1, map_get);
    vm.define_method(proto, "has", 1, map_has);
    vm.define_method(proto, "keys", 0, map_keys);
    vm.define_method(proto, "set", 2, map_set);
    let size = vm.intern("size");
    vm.define_accessor(proto, size, Some(map_size), None);
    vm.define_method(proto, "values", 0, map_values);
    let iter = vm.symbol_key(WellKnown::Iterator);
    vm.define_value_property(
        proto,
        iter,
        Value::object(entries),
        crate::object::attrs::HIDDEN,
    );
    to_string_tag(vm, proto, "Map");
}
