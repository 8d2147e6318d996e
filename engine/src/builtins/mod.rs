//! The builtins: one module per global, registered here with one line each.
//!
//! Bootstrap: every intrinsic prototype is allocated first (with the right `[[Prototype]]`), so
//! that modules can refer to each other's prototypes regardless of init order. Each module's
//! `init` then fills in its prototype, creates its constructor (replacing the placeholder in
//! the intrinsic table) and installs globals.

use crate::heap::Gc;
use crate::object::{attrs, flags, JsObject, ObjectKind};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, NativeCtx, Vm};

pub(crate) mod array;
pub(crate) mod array_buffer;
pub(crate) mod collections;
pub(crate) mod console;
pub(crate) mod data_view;
pub(crate) mod date;
pub(crate) mod error;
pub(crate) mod function;
pub(crate) mod global;
pub(crate) mod iterator;
pub(crate) mod iterator_helpers;
pub(crate) mod json;
pub(crate) mod math;
pub(crate) mod number;
pub(crate) mod object;
pub(crate) mod promise;
pub(crate) mod proxy;
pub(crate) mod reflect;
pub(crate) mod regexp;
pub(crate) mod string;
pub(crate) mod symbol;
pub(crate) mod test262;
pub(crate) mod typed_array;

pub(crate) use iterator::create_async_from_sync_iterator;
pub(crate) use object::set_integrity_level;
pub(crate) use regexp::regexp_create;

/// The `i`-th argument or undefined.
#[inline]
pub fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).copied().unwrap_or(Value::UNDEFINED)
}

/// Installs a global binding (writable, configurable, not enumerable).
pub(crate) fn define_global(vm: &mut Vm, name: &str, v: Value) {
    let key = vm.intern(name);
    let g = vm.realm.global;
    vm.define_value_property(g, key, v, attrs::HIDDEN);
}

/// A function table entry: name, `length` and entry point.
pub(crate) type FnEntry = (&'static str, u32, crate::object::NativeFn);

/// Defines each function of `fns` as a property of `o` with attributes `a`.
pub(crate) fn define_functions(vm: &mut Vm, o: Gc<JsObject>, fns: &[FnEntry], a: u8) {
    for &(name, length, f) in fns {
        let func = vm.new_native_function(name, length, f);
        let key = vm.intern(name);
        vm.define_value_property(o, key, Value::object(func), a);
    }
}

/// Sets `c.prototype` (fixed) and `prototype.constructor` (not enumerable).
pub(crate) fn link_constructor(vm: &mut Vm, c: Gc<JsObject>, prototype: Gc<JsObject>) {
    vm.define_value_property(
        c,
        crate::atoms::names::PROTOTYPE,
        Value::object(prototype),
        0,
    );
    vm.define_value_property(
        prototype,
        crate::atoms::names::CONSTRUCTOR,
        Value::object(c),
        attrs::HIDDEN,
    );
}

/// Creates a builtin constructor bound to its prototype (`C.prototype` and
/// `C.prototype.constructor`), registers it as `intrinsic` and as a global.
pub(crate) fn make_constructor(
    vm: &mut Vm,
    name: &str,
    length: u32,
    f: crate::object::NativeFn,
    prototype: Gc<JsObject>,
    intrinsic: Option<Intrinsic>,
) -> Gc<JsObject> {
    let c = vm.new_native_closure(name, length, f, Vec::new(), true);
    link_constructor(vm, c, prototype);
    if let Some(i) = intrinsic {
        vm.realm.intrinsics[i as usize] = c;
    }
    define_global(vm, name, Value::object(c));
    c
}

fn throw_type_error(vm: &mut Vm, _: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    Err(vm.type_error("'caller', 'callee', and 'arguments' properties may not be accessed on strict mode functions or the arguments objects for calls to them"))
}

/// Allocates the intrinsic placeholders with the right prototype links.
pub(crate) fn allocate_intrinsics(vm: &mut Vm) {
    use Intrinsic as I;
    let object_proto = vm
        .heap
        .alloc(JsObject::new(None, ObjectKind::Ordinary, flags::EXTENSIBLE));
    let function_proto = vm.heap.alloc(JsObject::new(
        Some(object_proto),
        ObjectKind::Native(Box::new(crate::object::NativeFunction {
            f: function::function_prototype_call,
            captures: vec![],
        })),
        flags::EXTENSIBLE | flags::CALLABLE,
    ));
    vm.realm.intrinsics = vec![object_proto; Intrinsic::COUNT];
    vm.realm.intrinsics[I::FunctionPrototype as usize] = function_proto;
    let plain = |vm: &mut Vm, proto: Gc<JsObject>| {
        vm.heap.alloc(JsObject::new(
            Some(proto),
            ObjectKind::Ordinary,
            flags::EXTENSIBLE,
        ))
    };
    let iter_proto = plain(vm, object_proto);
    vm.realm.intrinsics[I::IteratorPrototype as usize] = iter_proto;
    let async_iter_proto = plain(vm, object_proto);
    vm.realm.intrinsics[I::AsyncIteratorPrototype as usize] = async_iter_proto;
    for i in [
        I::ArrayIteratorPrototype,
        I::StringIteratorPrototype,
        I::MapIteratorPrototype,
        I::SetIteratorPrototype,
        I::RegExpStringIteratorPrototype,
        I::GeneratorPrototype,
        I::ForInIteratorPrototype,
        I::IteratorHelperPrototype,
        I::WrapForValidIteratorPrototype,
    ] {
        vm.realm.intrinsics[i as usize] = plain(vm, iter_proto);
    }
    for i in [
        I::AsyncGeneratorPrototype,
        I::AsyncFromSyncIteratorPrototype,
    ] {
        vm.realm.intrinsics[i as usize] = plain(vm, async_iter_proto);
    }
    for i in [
        I::GeneratorFunctionPrototype,
        I::AsyncGeneratorFunctionPrototype,
        I::AsyncFunctionPrototype,
    ] {
        vm.realm.intrinsics[i as usize] = plain(vm, function_proto);
    }
    for i in [
        I::StringPrototype,
        I::NumberPrototype,
        I::BooleanPrototype,
        I::SymbolPrototype,
        I::BigIntPrototype,
        I::ErrorPrototype,
        I::PromisePrototype,
        I::RegExpPrototype,
        I::DatePrototype,
        I::MapPrototype,
        I::SetPrototype,
        I::WeakMapPrototype,
        I::WeakSetPrototype,
        I::WeakRefPrototype,
        I::ArrayBufferPrototype,
        I::DataViewPrototype,
        I::TypedArrayPrototype,
    ] {
        vm.realm.intrinsics[i as usize] = plain(vm, object_proto);
    }
    let array_proto = vm.heap.alloc(JsObject::new(
        Some(object_proto),
        ObjectKind::Array,
        flags::EXTENSIBLE,
    ));
    vm.realm.intrinsics[I::ArrayPrototype as usize] = array_proto;
    let error_proto = vm.intrinsic(I::ErrorPrototype);
    for i in [
        I::EvalErrorPrototype,
        I::RangeErrorPrototype,
        I::ReferenceErrorPrototype,
        I::SyntaxErrorPrototype,
        I::TypeErrorPrototype,
        I::URIErrorPrototype,
        I::AggregateErrorPrototype,
    ] {
        vm.realm.intrinsics[i as usize] = plain(vm, error_proto);
    }
    // Placeholders for constructors until their module creates them.
    for i in [
        I::ThrowTypeError,
        I::Eval,
        I::ArrayProtoValues,
        I::ProxyConstructor,
    ] {
        vm.realm.intrinsics[i as usize] = plain(vm, function_proto);
    }
    let global = plain(vm, object_proto);
    vm.realm.global = global;
}

/// Fills in every builtin.
pub(crate) fn init(vm: &mut Vm) {
    // The %ThrowTypeError% intrinsic is frozen and shared.
    let tte = vm.new_native_function("", 0, throw_type_error);
    tte.inner().flags &= !flags::EXTENSIBLE;
    vm.realm.intrinsics[Intrinsic::ThrowTypeError as usize] = tte;
    function::init(vm);
    object::init(vm);
    symbol::init(vm);
    error::init(vm);
    iterator::init(vm);
    iterator_helpers::init(vm);
    array::init(vm);
    array_buffer::init(vm);
    typed_array::init(vm);
    data_view::init(vm);
    string::init(vm);
    number::init(vm);
    math::init(vm);
    date::init(vm);
    json::init(vm);
    global::init(vm);
    promise::init(vm);
    collections::init(vm);
    reflect::init(vm);
    proxy::init(vm);
    regexp::init(vm);
    console::init(vm);
    crate::interpreter::generator::init(vm);
    if vm.test262_host {
        test262::init(vm);
    }
}
