//! The `Iterator` constructor (§27.1.3.1), `Iterator.from` and the `constructor` and
//! `@@toStringTag` accessors of `Iterator.prototype`.

use super::{get_iterator_flattenable, wrapper};
use crate::atoms::{names, PropKey};
use crate::builtins::{arg, make_constructor};
use crate::heap::Gc;
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, Key, NativeCtx, Vm, WellKnown};

/// 27.1.3.1 Iterator(): abstract, so only a subclass may construct it.
fn iterator_ctor(vm: &mut Vm, _: Value, _: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let nt = ctx.new_target;
    if nt.is_undefined() || nt == Value::object(ctx.callee) {
        return Err(vm.type_error("Abstract class Iterator not directly constructable"));
    }
    let o = vm.ordinary_create_from_constructor(nt, Intrinsic::IteratorPrototype)?;
    Ok(Value::object(o))
}

/// 27.1.3.2.1 Iterator.from(O).
fn iterator_from(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let rec = get_iterator_flattenable(vm, arg(args, 0), true)?;
    let ctor = Value::object(vm.intrinsic(Intrinsic::Iterator));
    if vm.ordinary_has_instance(ctor, rec.iterator)? {
        return Ok(rec.iterator);
    }
    Ok(wrapper::create(vm, rec))
}

/// SetterThatIgnoresPrototypeProperties(this, %Iterator.prototype%, p, v): assigning to the
/// inherited accessor defines an own data property instead.
fn setter_ignoring_prototype(vm: &mut Vm, this: Value, p: PropKey, v: Value) -> JsResult<Value> {
    let Some(o) = this.as_object() else {
        return Err(vm.type_error("setter called on a non-object"));
    };
    if o == vm.intrinsic(Intrinsic::IteratorPrototype) {
        return Err(vm.type_error("Cannot assign to a read-only property of Iterator.prototype"));
    }
    let key = Key::Named(p);
    if vm.get_own_property_descriptor(o, key)?.is_none() {
        vm.create_data_property_or_throw(o, key, v)?;
    } else {
        vm.set_or_throw(o, key, v, this, true)?;
    }
    Ok(Value::UNDEFINED)
}

/// 27.1.4.1.1 get Iterator.prototype.constructor.
fn get_constructor(vm: &mut Vm, _: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    Ok(Value::object(vm.intrinsic(Intrinsic::Iterator)))
}

/// 27.1.4.1.2 set Iterator.prototype.constructor.
fn set_constructor(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    setter_ignoring_prototype(vm, this, names::CONSTRUCTOR, arg(args, 0))
}

/// 27.1.4.14.1 get Iterator.prototype[@@toStringTag].
fn get_to_string_tag(vm: &mut Vm, _: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    Ok(vm.new_string("Iterator"))
}

/// 27.1.4.14.2 set Iterator.prototype[@@toStringTag].
fn set_to_string_tag(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let key = vm.symbol_key(WellKnown::ToStringTag);
    setter_ignoring_prototype(vm, this, key, arg(args, 0))
}

/// Creates `Iterator` (with its statics) and the accessors on `proto`.
pub(super) fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    let ctor = make_constructor(
        vm,
        "Iterator",
        0,
        iterator_ctor,
        proto,
        Some(Intrinsic::Iterator),
    );
    vm.define_method(ctor, "from", 1, iterator_from);
    super::concat::init(vm, ctor);
    // `constructor` and `@@toStringTag` are accessors (web compatibility), not data properties.
    vm.define_accessor(
        proto,
        names::CONSTRUCTOR,
        Some(get_constructor),
        Some(set_constructor),
    );
    let tag = vm.symbol_key(WellKnown::ToStringTag);
    vm.define_accessor(proto, tag, Some(get_to_string_tag), Some(set_to_string_tag));
}
