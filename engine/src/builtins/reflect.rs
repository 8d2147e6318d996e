//! The `Reflect` object (ECMA-262 §28.1).

use super::function::create_list_from_array_like;
use super::object::{from_property_descriptor, to_property_descriptor};
use super::{arg, define_global};
use crate::heap::Gc;
use crate::object::{attrs, JsObject, NativeFn};
use crate::value::Value;
use crate::vm::{JsResult, NativeCtx, Vm, WellKnown};

pub(crate) fn init(vm: &mut Vm) {
    let reflect = vm.new_object();
    let fns: &[(&str, u32, NativeFn)] = &[
        ("apply", 3, reflect_apply),
        ("construct", 2, reflect_construct),
        ("defineProperty", 3, reflect_define_property),
        ("deleteProperty", 2, reflect_delete_property),
        ("get", 2, reflect_get),
        (
            "getOwnPropertyDescriptor",
            2,
            reflect_get_own_property_descriptor,
        ),
        ("getPrototypeOf", 1, reflect_get_prototype_of),
        ("has", 2, reflect_has),
        ("isExtensible", 1, reflect_is_extensible),
        ("ownKeys", 1, reflect_own_keys),
        ("preventExtensions", 1, reflect_prevent_extensions),
        ("set", 3, reflect_set),
        ("setPrototypeOf", 2, reflect_set_prototype_of),
    ];
    for &(name, len, f) in fns {
        vm.define_method(reflect, name, len, f);
    }
    let tag = vm.symbol_key(WellKnown::ToStringTag);
    let tv = vm.new_string("Reflect");
    vm.define_value_property(reflect, tag, tv, attrs::CONFIGURABLE);
    define_global(vm, "Reflect", Value::object(reflect));
}

fn target(vm: &mut Vm, args: &[Value], method: &str) -> JsResult<Gc<JsObject>> {
    arg(args, 0)
        .as_object()
        .ok_or_else(|| vm.type_error(&format!("Reflect.{method} called on non-object")))
}

/// 28.1.1 Reflect.apply ( target, thisArgument, argumentsList )
fn reflect_apply(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let f = arg(args, 0);
    if !vm.is_callable(f) {
        return Err(vm.type_error("Reflect.apply: target is not a function"));
    }
    let list = create_list_from_array_like(vm, arg(args, 2))?;
    vm.call(f, arg(args, 1), &list)
}

/// 28.1.2 Reflect.construct ( target, argumentsList [ , newTarget ] )
fn reflect_construct(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let t = arg(args, 0);
    if !vm.is_constructor(t) {
        return Err(vm.type_error("Reflect.construct: target is not a constructor"));
    }
    let nt = if args.len() > 2 { args[2] } else { t };
    if !vm.is_constructor(nt) {
        return Err(vm.type_error("Reflect.construct: newTarget is not a constructor"));
    }
    let list = create_list_from_array_like(vm, arg(args, 1))?;
    vm.construct(t, &list, Some(nt))
}

/// 28.1.3 Reflect.defineProperty ( target, propertyKey, attributes )
fn reflect_define_property(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let o = target(vm, args, "defineProperty")?;
    let key = vm.to_property_key(arg(args, 1))?;
    let d = to_property_descriptor(vm, arg(args, 2))?;
    Ok(Value::bool(vm.define_own_property(o, key, d)?))
}

/// 28.1.4 Reflect.deleteProperty ( target, propertyKey )
fn reflect_delete_property(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let o = target(vm, args, "deleteProperty")?;
    let key = vm.to_property_key(arg(args, 1))?;
    Ok(Value::bool(vm.delete(o, key)?))
}

/// 28.1.5 Reflect.get ( target, propertyKey [ , receiver ] )
fn reflect_get(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let o = target(vm, args, "get")?;
    let key = vm.to_property_key(arg(args, 1))?;
    let receiver = if args.len() > 2 {
        args[2]
    } else {
        Value::object(o)
    };
    vm.get(o, key, receiver)
}

/// 28.1.6 Reflect.getOwnPropertyDescriptor ( target, propertyKey )
fn reflect_get_own_property_descriptor(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let o = target(vm, args, "getOwnPropertyDescriptor")?;
    let key = vm.to_property_key(arg(args, 1))?;
    let d = vm.get_own_property_descriptor(o, key)?;
    Ok(from_property_descriptor(vm, d))
}

/// 28.1.7 Reflect.getPrototypeOf ( target )
fn reflect_get_prototype_of(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let o = target(vm, args, "getPrototypeOf")?;
    Ok(vm.get_prototype_of(o)?.map_or(Value::NULL, Value::object))
}

/// 28.1.8 Reflect.has ( target, propertyKey )
fn reflect_has(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let o = target(vm, args, "has")?;
    let key = vm.to_property_key(arg(args, 1))?;
    Ok(Value::bool(vm.has_property(o, key)?))
}

/// 28.1.9 Reflect.isExtensible ( target )
fn reflect_is_extensible(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let o = target(vm, args, "isExtensible")?;
    Ok(Value::bool(vm.is_extensible(o)?))
}

/// 28.1.10 Reflect.ownKeys ( target )
fn reflect_own_keys(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let o = target(vm, args, "ownKeys")?;
    let keys = vm.own_keys(o)?;
    let vals: Vec<Value> = keys.into_iter().map(|k| vm.key_value(k)).collect();
    Ok(Value::object(vm.new_array(vals)))
}

/// 28.1.11 Reflect.preventExtensions ( target )
fn reflect_prevent_extensions(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let o = target(vm, args, "preventExtensions")?;
    Ok(Value::bool(vm.prevent_extensions(o)?))
}

/// 28.1.12 Reflect.set ( target, propertyKey, V [ , receiver ] )
fn reflect_set(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let o = target(vm, args, "set")?;
    let key = vm.to_property_key(arg(args, 1))?;
    let receiver = if args.len() > 3 {
        args[3]
    } else {
        Value::object(o)
    };
    Ok(Value::bool(vm.set(o, key, arg(args, 2), receiver)?))
}

/// 28.1.13 Reflect.setPrototypeOf ( target, proto )
fn reflect_set_prototype_of(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let o = target(vm, args, "setPrototypeOf")?;
    let p = arg(args, 1);
    let proto = if p.is_null() {
        None
    } else if let Some(po) = p.as_object() {
        Some(po)
    } else {
        return Err(vm.type_error("Object prototype may only be an Object or null"));
    };
    Ok(Value::bool(vm.set_prototype_of(o, proto)?))
}
