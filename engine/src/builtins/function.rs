//! `Function`, `Function.prototype` (ECMA-262 §20.2) and the hidden `GeneratorFunction`,
//! `AsyncFunction` and `AsyncGeneratorFunction` constructors (§27.3, §27.4, §27.7).

use super::{arg, make_constructor};
use crate::atoms::names;
use crate::heap::Gc;
use crate::object::{attrs, flags, BoundFunction, JsObject, ObjectKind};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, Key, NativeCtx, PropertyDescriptor, Vm, WellKnown};

/// Argument lists longer than this are refused (`apply`, `Reflect.apply`, `Reflect.construct`).
const MAX_ARGUMENTS: u64 = 1 << 24;

/// `Function.prototype` is itself callable: it accepts any arguments and returns undefined.
pub(crate) fn function_prototype_call(
    _vm: &mut Vm,
    _this: Value,
    _args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    Ok(Value::UNDEFINED)
}

pub(crate) fn init(vm: &mut Vm) {
    let fp = vm.intrinsic(Intrinsic::FunctionPrototype);
    vm.define_function_name_length(fp, "", 0);
    vm.define_method(fp, "apply", 2, function_apply);
    vm.define_method(fp, "bind", 1, function_bind);
    vm.define_method(fp, "call", 1, function_call);
    vm.define_method(fp, "toString", 0, function_to_string);
    // 20.2.3.6 Function.prototype [ @@hasInstance ]: non-writable, non-enumerable, non-configurable.
    let hk = vm.symbol_key(WellKnown::HasInstance);
    let hf = vm.new_native_function("[Symbol.hasInstance]", 1, function_has_instance);
    vm.define_value_property(fp, hk, Value::object(hf), 0);
    // 10.2.4 AddRestrictedFunctionProperties: `caller` and `arguments` throw.
    let tte = Value::object(vm.intrinsic(Intrinsic::ThrowTypeError));
    for k in [names::CALLER, names::ARGUMENTS] {
        let d = PropertyDescriptor {
            get: Some(tte),
            set: Some(tte),
            enumerable: Some(false),
            configurable: Some(true),
            ..Default::default()
        };
        let _ = vm.define_own_property(fp, Key::Named(k), d);
    }

    let function_ctor = make_constructor(
        vm,
        "Function",
        1,
        function_ctor,
        fp,
        Some(Intrinsic::Function),
    );

    // The hidden constructors: not globals, [[Prototype]] is %Function%.
    let tag = vm.symbol_key(WellKnown::ToStringTag);
    type Spec<'s> = (
        &'s str,
        crate::object::NativeFn,
        Intrinsic,
        Intrinsic,
        Option<(Intrinsic, &'s str)>,
    );
    let specs: [Spec; 3] = [
        (
            "GeneratorFunction",
            generator_function_ctor,
            Intrinsic::GeneratorFunction,
            Intrinsic::GeneratorFunctionPrototype,
            Some((Intrinsic::GeneratorPrototype, "Generator")),
        ),
        (
            "AsyncGeneratorFunction",
            async_generator_function_ctor,
            Intrinsic::AsyncGeneratorFunction,
            Intrinsic::AsyncGeneratorFunctionPrototype,
            Some((Intrinsic::AsyncGeneratorPrototype, "AsyncGenerator")),
        ),
        (
            "AsyncFunction",
            async_function_ctor,
            Intrinsic::AsyncFunction,
            Intrinsic::AsyncFunctionPrototype,
            None,
        ),
    ];
    for (name, f, ctor_i, proto_i, instance_proto) in specs {
        let c = vm.new_native_closure(name, 1, f, Vec::new(), true);
        let _ = vm.set_prototype_of(c, Some(function_ctor));
        vm.realm.intrinsics[ctor_i as usize] = c;
        let proto = vm.intrinsic(proto_i);
        vm.define_value_property(c, names::PROTOTYPE, Value::object(proto), 0);
        vm.define_value_property(
            proto,
            names::CONSTRUCTOR,
            Value::object(c),
            attrs::CONFIGURABLE,
        );
        if let Some((ip, ip_tag)) = instance_proto {
            let ipo = vm.intrinsic(ip);
            vm.define_value_property(
                proto,
                names::PROTOTYPE,
                Value::object(ipo),
                attrs::CONFIGURABLE,
            );
            vm.define_value_property(
                ipo,
                names::CONSTRUCTOR,
                Value::object(proto),
                attrs::CONFIGURABLE,
            );
            let tv = vm.new_string(ip_tag);
            vm.define_value_property(ipo, tag, tv, attrs::CONFIGURABLE);
        }
        let tv = vm.new_string(name);
        vm.define_value_property(proto, tag, tv, attrs::CONFIGURABLE);
    }
}

/// `CreateListFromArrayLike(obj)` (§7.3.18), for `apply` and `Reflect`.
pub(crate) fn create_list_from_array_like(vm: &mut Vm, v: Value) -> JsResult<Vec<Value>> {
    let Some(o) = v.as_object() else {
        return Err(vm.type_error("CreateListFromArrayLike called on non-object"));
    };
    let len = vm.length_of_array_like(o)?;
    if len > MAX_ARGUMENTS {
        return Err(vm.range_error("Too many arguments in function call"));
    }
    // Fast path: a dense array without holes.
    if o.is_array() && o.inner().sparse.is_none() {
        let inner = o.inner();
        if inner.elements.len() as u64 == len && !inner.elements.iter().any(|e| e.is_empty()) {
            return Ok(inner.elements.clone());
        }
    }
    let mut out = Vec::with_capacity(len as usize);
    for i in 0..len {
        let x = vm.get(o, Key::Index(i as u32), v)?;
        vm.root(x);
        out.push(x);
    }
    Ok(out)
}

/// 20.2.3.1 Function.prototype.apply ( thisArg, argArray )
fn function_apply(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    if !vm.is_callable(this) {
        return Err(vm.type_error("Function.prototype.apply was called on a non-function"));
    }
    let arr = arg(args, 1);
    if arr.is_nullish() {
        return vm.call(this, arg(args, 0), &[]);
    }
    let list = create_list_from_array_like(vm, arr)?;
    vm.call(this, arg(args, 0), &list)
}

/// 20.2.3.2 Function.prototype.bind ( thisArg, ...args )
fn function_bind(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let Some(target) = this.as_object().filter(|o| o.is_callable()) else {
        return Err(vm.type_error("Bind must be called on a function"));
    };
    // 10.4.1.3 BoundFunctionCreate
    let proto = vm.get_prototype_of(target)?;
    let bound_args: Vec<Value> = args.iter().skip(1).copied().collect();
    let arg_count = bound_args.len() as f64;
    let mut fl = flags::EXTENSIBLE | flags::CALLABLE;
    if target.is_constructor() {
        fl |= flags::CONSTRUCTOR;
    }
    let f = vm.alloc_object(JsObject::new(
        proto,
        ObjectKind::Bound(Box::new(BoundFunction {
            target: this,
            this: arg(args, 0),
            args: bound_args,
        })),
        fl,
    ));
    // Length.
    let mut l = 0.0f64;
    if vm
        .get_own_property_descriptor(target, Key::Named(names::LENGTH))?
        .is_some()
    {
        let tl = vm.get(target, Key::Named(names::LENGTH), this)?;
        if let Some(n) = tl.as_number() {
            if n == f64::INFINITY {
                l = f64::INFINITY;
            } else if n == f64::NEG_INFINITY {
                l = 0.0;
            } else {
                let ti = crate::value::number::to_integer_or_infinity(n);
                l = (ti - arg_count).max(0.0);
            }
        }
    }
    vm.define_value_property(f, names::LENGTH, Value::number(l), attrs::CONFIGURABLE);
    // Name.
    let tn = vm.get(target, Key::Named(names::NAME), this)?;
    let mut units: Vec<u16> = "bound ".encode_utf16().collect();
    if let Some(s) = tn.as_string() {
        s.push_units(&mut units);
    }
    let name = vm.new_string_units(&units);
    vm.define_value_property(f, names::NAME, name, attrs::CONFIGURABLE);
    Ok(Value::object(f))
}

/// 20.2.3.3 Function.prototype.call ( thisArg, ...args )
fn function_call(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    if !vm.is_callable(this) {
        return Err(vm.type_error("Function.prototype.call was called on a non-function"));
    }
    let rest = if args.len() > 1 { &args[1..] } else { &[] };
    vm.call(this, arg(args, 0), rest)
}

/// The name a builtin was created with (its own `name` data property).
fn native_name(vm: &mut Vm, o: Gc<JsObject>) -> String {
    match vm.get_own_property(o, Key::Named(names::NAME)) {
        Some(p) if p.attrs & attrs::ACCESSOR == 0 => p
            .value
            .as_string()
            .map(|s| s.to_rust_string())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// 20.2.3.5 Function.prototype.toString ( )
fn function_to_string(
    vm: &mut Vm,
    this: Value,
    _args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let Some(o) = this.as_object() else {
        return Err(vm.type_error("Function.prototype.toString requires that 'this' be a Function"));
    };
    let text = match o.kind() {
        ObjectKind::Function(c) => {
            let src = c.code.source_text();
            if src.is_empty() {
                let n = c.code.name.clone();
                format!("function {n}() {{ [native code] }}")
            } else {
                src.to_string()
            }
        }
        ObjectKind::Native(_) => {
            let n = native_name(vm, o);
            format!("function {n}() {{ [native code] }}")
        }
        _ if o.is_callable() => "function () { [native code] }".to_string(),
        _ => {
            return Err(
                vm.type_error("Function.prototype.toString requires that 'this' be a Function")
            )
        }
    };
    Ok(vm.new_string(&text))
}

/// 20.2.3.6 Function.prototype [ @@hasInstance ] ( V )
fn function_has_instance(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    Ok(Value::bool(vm.ordinary_has_instance(this, arg(args, 0))?))
}

/// 20.2.1.1.1 CreateDynamicFunction ( constructor, newTarget, kind, parameterArgs, bodyArg )
fn create_dynamic_function(
    vm: &mut Vm,
    args: &[Value],
    ctx: NativeCtx,
    prefix: &str,
    fallback: Intrinsic,
) -> JsResult<Value> {
    let new_target = if ctx.new_target.is_undefined() {
        Value::object(ctx.callee)
    } else {
        ctx.new_target
    };
    let (params, body) = match args.split_last() {
        None => (String::new(), String::new()),
        Some((last, ps)) => {
            let mut p = String::new();
            for (i, v) in ps.iter().enumerate() {
                if i > 0 {
                    p.push(',');
                }
                p.push_str(&vm.to_rust_string(*v)?);
            }
            let b = vm.to_rust_string(*last)?;
            (p, b)
        }
    };
    let f = crate::compiler::compile_function_ctor(vm, prefix, &params, &body)?;
    vm.root(f);
    let proto = vm.prototype_from_constructor(new_target, fallback)?;
    if let Some(fo) = f.as_object() {
        if fo.inner().proto != Some(proto) {
            let _ = vm.set_prototype_of(fo, Some(proto));
        }
    }
    Ok(f)
}

/// 20.2.1.1 Function ( ...parameterArgs, bodyArg )
fn function_ctor(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    create_dynamic_function(vm, args, ctx, "function", Intrinsic::FunctionPrototype)
}

/// 27.3.1.1 GeneratorFunction ( ...parameterArgs, bodyArg )
fn generator_function_ctor(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    ctx: NativeCtx,
) -> JsResult<Value> {
    create_dynamic_function(
        vm,
        args,
        ctx,
        "function*",
        Intrinsic::GeneratorFunctionPrototype,
    )
}

/// 27.4.1.1 AsyncGeneratorFunction ( ...parameterArgs, bodyArg )
fn async_generator_function_ctor(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    ctx: NativeCtx,
) -> JsResult<Value> {
    create_dynamic_function(
        vm,
        args,
        ctx,
        "async function*",
        Intrinsic::AsyncGeneratorFunctionPrototype,
    )
}

/// 27.7.1.1 AsyncFunction ( ...parameterArgs, bodyArg )
fn async_function_ctor(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    ctx: NativeCtx,
) -> JsResult<Value> {
    create_dynamic_function(
        vm,
        args,
        ctx,
        "async function",
        Intrinsic::AsyncFunctionPrototype,
    )
}
