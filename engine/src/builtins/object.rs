//! `Object` and `Object.prototype` (ECMA-262 §20.1), plus the property-descriptor helpers shared
//! with `Reflect` and the integrity-level algorithms used by the interpreter.

use super::{arg, make_constructor};
use crate::atoms::names;
use crate::heap::Gc;
use crate::object::{attrs, flags, JsObject, ObjectKind};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, Key, NativeCtx, PropertyDescriptor, Vm, WellKnown};

pub(crate) fn init(vm: &mut Vm) {
    let proto = vm.intrinsic(Intrinsic::ObjectPrototype);
    let ctor = make_constructor(vm, "Object", 1, object_ctor, proto, Some(Intrinsic::Object));

    vm.define_method(ctor, "assign", 2, object_assign);
    vm.define_method(ctor, "create", 2, object_create);
    vm.define_method(ctor, "defineProperties", 2, object_define_properties);
    vm.define_method(ctor, "defineProperty", 3, object_define_property);
    vm.define_method(ctor, "entries", 1, object_entries);
    vm.define_method(ctor, "freeze", 1, object_freeze);
    vm.define_method(ctor, "fromEntries", 1, object_from_entries);
    vm.define_method(
        ctor,
        "getOwnPropertyDescriptor",
        2,
        object_get_own_property_descriptor,
    );
    vm.define_method(
        ctor,
        "getOwnPropertyDescriptors",
        1,
        object_get_own_property_descriptors,
    );
    vm.define_method(
        ctor,
        "getOwnPropertyNames",
        1,
        object_get_own_property_names,
    );
    vm.define_method(
        ctor,
        "getOwnPropertySymbols",
        1,
        object_get_own_property_symbols,
    );
    vm.define_method(ctor, "getPrototypeOf", 1, object_get_prototype_of);
    vm.define_method(ctor, "groupBy", 2, object_group_by);
    vm.define_method(ctor, "hasOwn", 2, object_has_own);
    vm.define_method(ctor, "is", 2, object_is);
    vm.define_method(ctor, "isExtensible", 1, object_is_extensible);
    vm.define_method(ctor, "isFrozen", 1, object_is_frozen);
    vm.define_method(ctor, "isSealed", 1, object_is_sealed);
    vm.define_method(ctor, "keys", 1, object_keys);
    vm.define_method(ctor, "preventExtensions", 1, object_prevent_extensions);
    vm.define_method(ctor, "seal", 1, object_seal);
    vm.define_method(ctor, "setPrototypeOf", 2, object_set_prototype_of);
    vm.define_method(ctor, "values", 1, object_values);

    vm.define_method(proto, "hasOwnProperty", 1, proto_has_own_property);
    vm.define_method(proto, "isPrototypeOf", 1, proto_is_prototype_of);
    vm.define_method(
        proto,
        "propertyIsEnumerable",
        1,
        proto_property_is_enumerable,
    );
    vm.define_method(proto, "toLocaleString", 0, proto_to_locale_string);
    vm.define_method(proto, "toString", 0, object_proto_to_string);
    vm.define_method(proto, "valueOf", 0, proto_value_of);
    let k = vm.intern("__proto__");
    vm.define_accessor(proto, k, Some(proto_get_proto), Some(proto_set_proto));
    vm.define_method(proto, "__defineGetter__", 2, proto_define_getter);
    vm.define_method(proto, "__defineSetter__", 2, proto_define_setter);
    vm.define_method(proto, "__lookupGetter__", 1, proto_lookup_getter);
    vm.define_method(proto, "__lookupSetter__", 1, proto_lookup_setter);
}

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

/// `IsArray(argument)` (§7.2.2): shared with the Array builtins.
pub(crate) fn is_array(vm: &mut Vm, v: Value) -> JsResult<bool> {
    super::array::is_array(vm, v)
}

/// `ToPropertyDescriptor(Obj)` (§6.2.6.5).
pub(crate) fn to_property_descriptor(vm: &mut Vm, v: Value) -> JsResult<PropertyDescriptor> {
    let Some(o) = v.as_object() else {
        let s = vm.describe_for_error(v);
        return Err(vm.type_error(&format!("Property description must be an object: {s}")));
    };
    let mut d = PropertyDescriptor::default();
    let field = |vm: &mut Vm, k| -> JsResult<Option<Value>> {
        if vm.has_property(o, Key::Named(k))? {
            let x = vm.get(o, Key::Named(k), v)?;
            vm.root(x);
            Ok(Some(x))
        } else {
            Ok(None)
        }
    };
    if let Some(x) = field(vm, names::ENUMERABLE)? {
        d.enumerable = Some(vm.to_boolean(x));
    }
    if let Some(x) = field(vm, names::CONFIGURABLE)? {
        d.configurable = Some(vm.to_boolean(x));
    }
    if let Some(x) = field(vm, names::VALUE)? {
        d.value = Some(x);
    }
    if let Some(x) = field(vm, names::WRITABLE)? {
        d.writable = Some(vm.to_boolean(x));
    }
    if let Some(x) = field(vm, names::GET)? {
        if !x.is_undefined() && !vm.is_callable(x) {
            let s = vm.describe_for_error(x);
            return Err(vm.type_error(&format!("Getter must be a function: {s}")));
        }
        d.get = Some(x);
    }
    if let Some(x) = field(vm, names::SET)? {
        if !x.is_undefined() && !vm.is_callable(x) {
            let s = vm.describe_for_error(x);
            return Err(vm.type_error(&format!("Setter must be a function: {s}")));
        }
        d.set = Some(x);
    }
    if (d.get.is_some() || d.set.is_some()) && (d.value.is_some() || d.writable.is_some()) {
        return Err(vm.type_error(
            "Invalid property descriptor. Cannot both specify accessors and a value or writable attribute",
        ));
    }
    Ok(d)
}

/// `FromPropertyDescriptor(Desc)` (§6.2.6.4): undefined for `None`.
pub(crate) fn from_property_descriptor(vm: &mut Vm, d: Option<PropertyDescriptor>) -> Value {
    let Some(d) = d else { return Value::UNDEFINED };
    let o = vm.new_object();
    if let Some(v) = d.value {
        vm.define_value_property(o, names::VALUE, v, attrs::DEFAULT);
    }
    if let Some(w) = d.writable {
        vm.define_value_property(o, names::WRITABLE, Value::bool(w), attrs::DEFAULT);
    }
    if let Some(g) = d.get {
        vm.define_value_property(o, names::GET, g, attrs::DEFAULT);
    }
    if let Some(s) = d.set {
        vm.define_value_property(o, names::SET, s, attrs::DEFAULT);
    }
    if let Some(e) = d.enumerable {
        vm.define_value_property(o, names::ENUMERABLE, Value::bool(e), attrs::DEFAULT);
    }
    if let Some(c) = d.configurable {
        vm.define_value_property(o, names::CONFIGURABLE, Value::bool(c), attrs::DEFAULT);
    }
    Value::object(o)
}

/// `SetIntegrityLevel(O, sealed | frozen)` (§7.3.15).
pub(crate) fn set_integrity_level(vm: &mut Vm, o: Gc<JsObject>, frozen: bool) -> JsResult<bool> {
    if !vm.prevent_extensions(o)? {
        return Ok(false);
    }
    let keys = vm.own_keys(o)?;
    if !frozen {
        for k in keys {
            let d = PropertyDescriptor {
                configurable: Some(false),
                ..Default::default()
            };
            vm.define_property_or_throw(o, k, d)?;
        }
    } else {
        for k in keys {
            if let Some(cur) = vm.get_own_property_descriptor(o, k)? {
                let d = if cur.is_accessor() {
                    PropertyDescriptor {
                        configurable: Some(false),
                        ..Default::default()
                    }
                } else {
                    PropertyDescriptor {
                        configurable: Some(false),
                        writable: Some(false),
                        ..Default::default()
                    }
                };
                vm.define_property_or_throw(o, k, d)?;
            }
        }
    }
    Ok(true)
}

/// `TestIntegrityLevel(O, sealed | frozen)` (§7.3.16).
pub(crate) fn test_integrity_level(vm: &mut Vm, o: Gc<JsObject>, frozen: bool) -> JsResult<bool> {
    if vm.is_extensible(o)? {
        return Ok(false);
    }
    let keys = vm.own_keys(o)?;
    for k in keys {
        if let Some(d) = vm.get_own_property_descriptor(o, k)? {
            if d.configurable == Some(true) {
                return Ok(false);
            }
            if frozen && d.is_data() && d.writable == Some(true) {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum EnumKind {
    Keys,
    Values,
    Entries,
}

/// `EnumerableOwnProperties(O, kind)` (§7.3.23).
fn enumerable_own_properties(vm: &mut Vm, o: Gc<JsObject>, kind: EnumKind) -> JsResult<Vec<Value>> {
    let keys = vm.own_keys(o)?;
    let mut out = Vec::with_capacity(keys.len());
    for k in keys {
        if let Key::Named(n) = k {
            if n.is_symbol() {
                continue;
            }
        }
        let Some(d) = vm.get_own_property_descriptor(o, k)? else {
            continue;
        };
        if d.enumerable != Some(true) {
            continue;
        }
        let kv = vm.key_value(k);
        match kind {
            EnumKind::Keys => out.push(kv),
            EnumKind::Values => {
                let v = vm.get(o, k, Value::object(o))?;
                vm.root(v);
                out.push(v);
            }
            EnumKind::Entries => {
                let v = vm.get(o, k, Value::object(o))?;
                let e = vm.new_array(vec![kv, v]);
                out.push(Value::object(e));
            }
        }
    }
    Ok(out)
}

/// The `[object Tag]` builtin tag of objects holding internal data (RegExp, Date).
fn data_builtin_tag(o: Gc<JsObject>) -> Option<&'static str> {
    if o.data::<super::regexp::RegExpData>().is_some() {
        return Some("RegExp");
    }
    if o.data::<super::date::DateData>().is_some() {
        return Some("Date");
    }
    None
}

/// `IteratorClose(iter, throwCompletion)`: calls `return` and rethrows the original error.
fn close_and_throw(vm: &mut Vm, it: Value, err: Value) -> Value {
    vm.root(err);
    if let Some(io) = it.as_object() {
        if let Ok(ret) = vm.get_named(io, names::RETURN) {
            if !ret.is_nullish() {
                let _ = vm.call(ret, it, &[]);
            }
        }
    }
    err
}

// ---------------------------------------------------------------------------------------------
// The constructor and its statics
// ---------------------------------------------------------------------------------------------

/// 20.1.1.1 Object ( [ value ] )
fn object_ctor(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    if !ctx.new_target.is_undefined() && ctx.new_target != Value::object(ctx.callee) {
        let o = vm.ordinary_create_from_constructor(ctx.new_target, Intrinsic::ObjectPrototype)?;
        return Ok(Value::object(o));
    }
    let v = arg(args, 0);
    if v.is_nullish() {
        return Ok(Value::object(vm.new_object()));
    }
    Ok(Value::object(vm.to_object(v)?))
}

/// 20.1.2.1 Object.assign ( target, ...sources )
fn object_assign(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let to = vm.to_object(arg(args, 0))?;
    let tv = Value::object(to);
    for &src in args.iter().skip(1) {
        if src.is_nullish() {
            continue;
        }
        let from = vm.to_object(src)?;
        let keys = vm.own_keys(from)?;
        for k in keys {
            let Some(d) = vm.get_own_property_descriptor(from, k)? else {
                continue;
            };
            if d.enumerable != Some(true) {
                continue;
            }
            let v = vm.get(from, k, Value::object(from))?;
            vm.root(v);
            vm.set_or_throw(to, k, v, tv, true)?;
        }
    }
    Ok(tv)
}

/// 20.1.2.2 Object.create ( O, Properties )
fn object_create(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let p = arg(args, 0);
    let proto = if p.is_null() {
        None
    } else if let Some(po) = p.as_object() {
        Some(po)
    } else {
        let s = vm.describe_for_error(p);
        return Err(vm.type_error(&format!(
            "Object prototype may only be an Object or null: {s}"
        )));
    };
    let o = vm.new_object_with(proto, ObjectKind::Ordinary);
    let props = arg(args, 1);
    if !props.is_undefined() {
        define_properties(vm, o, props)?;
    }
    Ok(Value::object(o))
}

/// `ObjectDefineProperties(O, Properties)` (§20.1.2.3.1).
fn define_properties(vm: &mut Vm, o: Gc<JsObject>, props: Value) -> JsResult<()> {
    let p = vm.to_object(props)?;
    let keys = vm.own_keys(p)?;
    let mut descs = Vec::with_capacity(keys.len());
    for k in keys {
        let Some(pd) = vm.get_own_property_descriptor(p, k)? else {
            continue;
        };
        if pd.enumerable != Some(true) {
            continue;
        }
        let dobj = vm.get(p, k, Value::object(p))?;
        vm.root(dobj);
        let d = to_property_descriptor(vm, dobj)?;
        descs.push((k, d));
    }
    for (k, d) in descs {
        vm.define_property_or_throw(o, k, d)?;
    }
    Ok(())
}

/// 20.1.2.3 Object.defineProperties ( O, Properties )
fn object_define_properties(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let Some(o) = arg(args, 0).as_object() else {
        return Err(vm.type_error("Object.defineProperties called on non-object"));
    };
    define_properties(vm, o, arg(args, 1))?;
    Ok(Value::object(o))
}

/// 20.1.2.4 Object.defineProperty ( O, P, Attributes )
fn object_define_property(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let Some(o) = arg(args, 0).as_object() else {
        return Err(vm.type_error("Object.defineProperty called on non-object"));
    };
    let key = vm.to_property_key(arg(args, 1))?;
    let d = to_property_descriptor(vm, arg(args, 2))?;
    vm.define_property_or_throw(o, key, d)?;
    Ok(Value::object(o))
}

/// 20.1.2.5 Object.entries ( O )
fn object_entries(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let o = vm.to_object(arg(args, 0))?;
    let v = enumerable_own_properties(vm, o, EnumKind::Entries)?;
    Ok(Value::object(vm.new_array(v)))
}

/// 20.1.2.6 Object.freeze ( O )
fn object_freeze(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let v = arg(args, 0);
    let Some(o) = v.as_object() else { return Ok(v) };
    if !set_integrity_level(vm, o, true)? {
        return Err(vm.type_error("Cannot freeze"));
    }
    Ok(v)
}

/// 20.1.2.7 Object.fromEntries ( iterable )
fn object_from_entries(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let iterable = arg(args, 0);
    if iterable.is_nullish() {
        return Err(vm.type_error(&format!("{} is not iterable", iterable.type_name())));
    }
    let obj = vm.new_object();
    let (it, next) = vm.get_iterator(iterable)?;
    vm.root(it);
    vm.root(next);
    while let Some(item) = vm.iterator_step(it, next)? {
        vm.root(item);
        let r = (|| -> JsResult<()> {
            let Some(io) = item.as_object() else {
                let s = vm.describe_for_error(item);
                return Err(vm.type_error(&format!("Iterator value {s} is not an entry object")));
            };
            let k = vm.get(io, Key::Index(0), item)?;
            vm.root(k);
            let v = vm.get(io, Key::Index(1), item)?;
            vm.root(v);
            let key = vm.to_property_key(k)?;
            vm.create_data_property_or_throw(obj, key, v)
        })();
        if let Err(e) = r {
            return Err(close_and_throw(vm, it, e));
        }
    }
    Ok(Value::object(obj))
}

/// 20.1.2.8 Object.getOwnPropertyDescriptor ( O, P )
fn object_get_own_property_descriptor(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let o = vm.to_object(arg(args, 0))?;
    let key = vm.to_property_key(arg(args, 1))?;
    let d = vm.get_own_property_descriptor(o, key)?;
    Ok(from_property_descriptor(vm, d))
}

/// 20.1.2.9 Object.getOwnPropertyDescriptors ( O )
fn object_get_own_property_descriptors(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let o = vm.to_object(arg(args, 0))?;
    let keys = vm.own_keys(o)?;
    let out = vm.new_object();
    for k in keys {
        let d = vm.get_own_property_descriptor(o, k)?;
        if d.is_some() {
            let dv = from_property_descriptor(vm, d);
            vm.create_data_property_or_throw(out, k, dv)?;
        }
    }
    Ok(Value::object(out))
}

fn own_property_keys(vm: &mut Vm, v: Value, symbols: bool) -> JsResult<Value> {
    let o = vm.to_object(v)?;
    let keys = vm.own_keys(o)?;
    let mut out = Vec::with_capacity(keys.len());
    for k in keys {
        let is_sym = matches!(k, Key::Named(n) if n.is_symbol());
        if is_sym == symbols {
            out.push(vm.key_value(k));
        }
    }
    Ok(Value::object(vm.new_array(out)))
}

/// 20.1.2.10 Object.getOwnPropertyNames ( O )
fn object_get_own_property_names(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    own_property_keys(vm, arg(args, 0), false)
}

/// 20.1.2.11 Object.getOwnPropertySymbols ( O )
fn object_get_own_property_symbols(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    own_property_keys(vm, arg(args, 0), true)
}

/// 20.1.2.12 Object.getPrototypeOf ( O )
fn object_get_prototype_of(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let o = vm.to_object(arg(args, 0))?;
    Ok(vm.get_prototype_of(o)?.map_or(Value::NULL, Value::object))
}

fn key_id(k: Key) -> u64 {
    match k {
        Key::Index(i) => i as u64,
        Key::Named(n) => (1u64 << 32) | n.raw() as u64,
    }
}

/// 20.1.2.13 Object.groupBy ( items, callback )
fn object_group_by(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let items = arg(args, 0);
    let callback = arg(args, 1);
    if items.is_nullish() {
        return Err(vm.type_error(&format!("{} is not iterable", items.type_name())));
    }
    if !vm.is_callable(callback) {
        return Err(vm.type_error("Object.groupBy: callback is not a function"));
    }
    let mut groups: Vec<(Key, Vec<Value>)> = Vec::new();
    let mut index: rustc_hash::FxHashMap<u64, usize> = Default::default();
    let (it, next) = vm.get_iterator(items)?;
    vm.root(it);
    vm.root(next);
    let mut k: f64 = 0.0;
    while let Some(v) = vm.iterator_step(it, next)? {
        vm.root(v);
        let key = match vm.call(callback, Value::UNDEFINED, &[v, Value::number(k)]) {
            Ok(x) => x,
            Err(e) => return Err(close_and_throw(vm, it, e)),
        };
        vm.root(key);
        let pk = match vm.to_property_key(key) {
            Ok(x) => x,
            Err(e) => return Err(close_and_throw(vm, it, e)),
        };
        match index.get(&key_id(pk)) {
            Some(&i) => groups[i].1.push(v),
            None => {
                index.insert(key_id(pk), groups.len());
                groups.push((pk, vec![v]));
            }
        }
        k += 1.0;
    }
    let obj = vm.new_object_with(None, ObjectKind::Ordinary);
    for (key, elems) in groups {
        let arr = vm.new_array(elems);
        vm.create_data_property_or_throw(obj, key, Value::object(arr))?;
    }
    Ok(Value::object(obj))
}

/// 20.1.2.14 Object.hasOwn ( O, P )
fn object_has_own(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let o = vm.to_object(arg(args, 0))?;
    let key = vm.to_property_key(arg(args, 1))?;
    Ok(Value::bool(
        vm.get_own_property_descriptor(o, key)?.is_some(),
    ))
}

/// 20.1.2.15 Object.is ( value1, value2 )
fn object_is(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    Ok(Value::bool(vm.same_value(arg(args, 0), arg(args, 1))))
}

/// 20.1.2.16 Object.isExtensible ( O )
fn object_is_extensible(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    match arg(args, 0).as_object() {
        Some(o) => Ok(Value::bool(vm.is_extensible(o)?)),
        None => Ok(Value::FALSE),
    }
}

/// 20.1.2.17 Object.isFrozen ( O )
fn object_is_frozen(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    match arg(args, 0).as_object() {
        Some(o) => Ok(Value::bool(test_integrity_level(vm, o, true)?)),
        None => Ok(Value::TRUE),
    }
}

/// 20.1.2.18 Object.isSealed ( O )
fn object_is_sealed(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    match arg(args, 0).as_object() {
        Some(o) => Ok(Value::bool(test_integrity_level(vm, o, false)?)),
        None => Ok(Value::TRUE),
    }
}

/// 20.1.2.19 Object.keys ( O )
fn object_keys(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let o = vm.to_object(arg(args, 0))?;
    let v = enumerable_own_properties(vm, o, EnumKind::Keys)?;
    Ok(Value::object(vm.new_array(v)))
}

/// 20.1.2.20 Object.preventExtensions ( O )
fn object_prevent_extensions(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let v = arg(args, 0);
    let Some(o) = v.as_object() else { return Ok(v) };
    if !vm.prevent_extensions(o)? {
        return Err(vm.type_error("Cannot prevent extensions"));
    }
    Ok(v)
}

/// 20.1.2.22 Object.seal ( O )
fn object_seal(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let v = arg(args, 0);
    let Some(o) = v.as_object() else { return Ok(v) };
    if !set_integrity_level(vm, o, false)? {
        return Err(vm.type_error("Cannot seal"));
    }
    Ok(v)
}

/// 20.1.2.23 Object.setPrototypeOf ( O, proto )
fn object_set_prototype_of(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let v = arg(args, 0);
    if v.is_nullish() {
        return Err(vm.type_error("Object.setPrototypeOf called on null or undefined"));
    }
    let p = arg(args, 1);
    let proto = if p.is_null() {
        None
    } else if let Some(po) = p.as_object() {
        Some(po)
    } else {
        let s = vm.describe_for_error(p);
        return Err(vm.type_error(&format!(
            "Object prototype may only be an Object or null: {s}"
        )));
    };
    let Some(o) = v.as_object() else { return Ok(v) };
    if !vm.set_prototype_of(o, proto)? {
        let msg = if vm.is_extensible(o)? {
            "Cyclic __proto__ value"
        } else {
            "#<Object> is not extensible"
        };
        return Err(vm.type_error(msg));
    }
    Ok(v)
}

/// 20.1.2.24 Object.values ( O )
fn object_values(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let o = vm.to_object(arg(args, 0))?;
    let v = enumerable_own_properties(vm, o, EnumKind::Values)?;
    Ok(Value::object(vm.new_array(v)))
}

// ---------------------------------------------------------------------------------------------
// Object.prototype
// ---------------------------------------------------------------------------------------------

/// 20.1.3.2 Object.prototype.hasOwnProperty ( V )
fn proto_has_own_property(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let key = vm.to_property_key(arg(args, 0))?;
    let o = vm.to_object(this)?;
    Ok(Value::bool(
        vm.get_own_property_descriptor(o, key)?.is_some(),
    ))
}

/// 20.1.3.3 Object.prototype.isPrototypeOf ( V )
fn proto_is_prototype_of(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let Some(mut v) = arg(args, 0).as_object() else {
        return Ok(Value::FALSE);
    };
    let o = vm.to_object(this)?;
    loop {
        match vm.get_prototype_of(v)? {
            None => return Ok(Value::FALSE),
            Some(p) if Gc::ptr_eq(p, o) => return Ok(Value::TRUE),
            Some(p) => v = p,
        }
    }
}

/// 20.1.3.4 Object.prototype.propertyIsEnumerable ( V )
fn proto_property_is_enumerable(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let key = vm.to_property_key(arg(args, 0))?;
    let o = vm.to_object(this)?;
    let d = vm.get_own_property_descriptor(o, key)?;
    Ok(Value::bool(d.is_some_and(|d| d.enumerable == Some(true))))
}

/// 20.1.3.5 Object.prototype.toLocaleString ( [ reserved1 [ , reserved2 ] ] )
fn proto_to_locale_string(
    vm: &mut Vm,
    this: Value,
    _args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let f = vm.get_v(this, Key::Named(names::TO_STRING))?;
    vm.call(f, this, &[])
}

/// 20.1.3.6 Object.prototype.toString ( )
pub(crate) fn object_proto_to_string(
    vm: &mut Vm,
    this: Value,
    _args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    if this.is_undefined() {
        return Ok(vm.new_string("[object Undefined]"));
    }
    if this.is_null() {
        return Ok(vm.new_string("[object Null]"));
    }
    let o = vm.to_object(this)?;
    let builtin = if is_array(vm, Value::object(o))? {
        "Array"
    } else {
        match o.kind() {
            ObjectKind::Arguments(_) => "Arguments",
            _ if o.is_callable() => "Function",
            _ if o.has_flag(flags::ERROR_DATA) => "Error",
            ObjectKind::Boolean(_) => "Boolean",
            ObjectKind::Number(_) => "Number",
            ObjectKind::String(_) => "String",
            ObjectKind::Data(_) => data_builtin_tag(o).unwrap_or("Object"),
            _ => "Object",
        }
    };
    let tk = vm.symbol_key(WellKnown::ToStringTag);
    let tag = vm.get(o, Key::Named(tk), Value::object(o))?;
    if let Some(t) = tag.as_string() {
        let mut u: Vec<u16> = "[object ".encode_utf16().collect();
        t.push_units(&mut u);
        u.push(b']' as u16);
        return Ok(vm.new_string_units(&u));
    }
    Ok(vm.new_string(&format!("[object {builtin}]")))
}

/// 20.1.3.7 Object.prototype.valueOf ( )
fn proto_value_of(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    Ok(Value::object(vm.to_object(this)?))
}

/// 20.1.3.8.1 get Object.prototype.__proto__
fn proto_get_proto(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    Ok(vm.get_prototype_of(o)?.map_or(Value::NULL, Value::object))
}

/// 20.1.3.8.2 set Object.prototype.__proto__
fn proto_set_proto(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    if this.is_nullish() {
        return Err(vm.type_error("Object.prototype.__proto__ called on null or undefined"));
    }
    let p = arg(args, 0);
    let proto = if p.is_null() {
        None
    } else if let Some(po) = p.as_object() {
        Some(po)
    } else {
        return Ok(Value::UNDEFINED);
    };
    let Some(o) = this.as_object() else {
        return Ok(Value::UNDEFINED);
    };
    if !vm.set_prototype_of(o, proto)? {
        let msg = if vm.is_extensible(o)? {
            "Cyclic __proto__ value"
        } else {
            "#<Object> is not extensible"
        };
        return Err(vm.type_error(msg));
    }
    Ok(Value::UNDEFINED)
}

/// B.2.2.2 / B.2.2.3 Object.prototype.__defineGetter__ / __defineSetter__
fn define_legacy_accessor(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    getter: bool,
) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let f = arg(args, 1);
    if !vm.is_callable(f) {
        let which = if getter { "Getter" } else { "Setter" };
        return Err(vm.type_error(&format!(
            "Object.prototype.__define{which}__: Expecting function"
        )));
    }
    let mut d = PropertyDescriptor {
        enumerable: Some(true),
        configurable: Some(true),
        ..Default::default()
    };
    if getter {
        d.get = Some(f);
    } else {
        d.set = Some(f);
    }
    let key = vm.to_property_key(arg(args, 0))?;
    vm.define_property_or_throw(o, key, d)?;
    Ok(Value::UNDEFINED)
}

fn proto_define_getter(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    define_legacy_accessor(vm, this, args, true)
}

fn proto_define_setter(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    define_legacy_accessor(vm, this, args, false)
}

/// B.2.2.4 / B.2.2.5 Object.prototype.__lookupGetter__ / __lookupSetter__
fn lookup_legacy_accessor(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    getter: bool,
) -> JsResult<Value> {
    let mut o = vm.to_object(this)?;
    let key = vm.to_property_key(arg(args, 0))?;
    loop {
        if let Some(d) = vm.get_own_property_descriptor(o, key)? {
            if d.is_accessor() {
                let v = if getter { d.get } else { d.set };
                return Ok(v.unwrap_or(Value::UNDEFINED));
            }
            return Ok(Value::UNDEFINED);
        }
        match vm.get_prototype_of(o)? {
            Some(p) => o = p,
            None => return Ok(Value::UNDEFINED),
        }
    }
}

fn proto_lookup_getter(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    lookup_legacy_accessor(vm, this, args, true)
}

fn proto_lookup_setter(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    lookup_legacy_accessor(vm, this, args, false)
}
