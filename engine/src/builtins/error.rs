//! `Error`, the NativeErrors and `AggregateError` (ECMA-262 §20.5).

use super::{arg, make_constructor};
use crate::atoms::names;
use crate::heap::Gc;
use crate::object::{attrs, flags, JsObject};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, Key, NativeCtx, PropertyDescriptor, Vm};

/// V8's default `Error.stackTraceLimit`.
const STACK_TRACE_LIMIT: i32 = 10;

pub(crate) fn init(vm: &mut Vm) {
    let proto = vm.intrinsic(Intrinsic::ErrorPrototype);
    let error = make_constructor(vm, "Error", 1, error_ctor, proto, Some(Intrinsic::Error));
    vm.define_method(error, "captureStackTrace", 2, error_capture_stack_trace);
    vm.define_method(error, "isError", 1, error_is_error);
    let k = vm.intern("stackTraceLimit");
    vm.define_value_property(error, k, Value::int(STACK_TRACE_LIMIT), attrs::DEFAULT);
    let n = vm.new_string("Error");
    vm.define_value_property(proto, names::NAME, n, attrs::HIDDEN);
    let m = vm.new_string("");
    vm.define_value_property(proto, names::MESSAGE, m, attrs::HIDDEN);
    vm.define_method(proto, "toString", 0, error_to_string);
    vm.define_accessor(
        proto,
        names::STACK,
        Some(error_stack_get),
        Some(error_stack_set),
    );
    let key = vm.new_private_symbol(Value::UNDEFINED);
    vm.error_stack_key = vm.atoms.symbol_key(key.as_symbol().unwrap());

    let natives: [(&str, crate::object::NativeFn, Intrinsic, Intrinsic, u32); 7] = [
        (
            "EvalError",
            eval_error_ctor,
            Intrinsic::EvalError,
            Intrinsic::EvalErrorPrototype,
            1,
        ),
        (
            "RangeError",
            range_error_ctor,
            Intrinsic::RangeError,
            Intrinsic::RangeErrorPrototype,
            1,
        ),
        (
            "ReferenceError",
            reference_error_ctor,
            Intrinsic::ReferenceError,
            Intrinsic::ReferenceErrorPrototype,
            1,
        ),
        (
            "SyntaxError",
            syntax_error_ctor,
            Intrinsic::SyntaxError,
            Intrinsic::SyntaxErrorPrototype,
            1,
        ),
        (
            "TypeError",
            type_error_ctor,
            Intrinsic::TypeError,
            Intrinsic::TypeErrorPrototype,
            1,
        ),
        (
            "URIError",
            uri_error_ctor,
            Intrinsic::URIError,
            Intrinsic::URIErrorPrototype,
            1,
        ),
        (
            "AggregateError",
            aggregate_error_ctor,
            Intrinsic::AggregateError,
            Intrinsic::AggregateErrorPrototype,
            2,
        ),
    ];
    for (name, f, ci, pi, len) in natives {
        let p = vm.intrinsic(pi);
        let c = make_constructor(vm, name, len, f, p, Some(ci));
        let _ = vm.set_prototype_of(c, Some(error));
        let n = vm.new_string(name);
        vm.define_value_property(p, names::NAME, n, attrs::HIDDEN);
        let m = vm.new_string("");
        vm.define_value_property(p, names::MESSAGE, m, attrs::HIDDEN);
    }
}

/// `CreateNonEnumerableDataPropertyOrThrow(O, key, v)`.
fn define_hidden(vm: &mut Vm, o: Gc<JsObject>, key: Key, v: Value) -> JsResult<()> {
    let d = PropertyDescriptor {
        value: Some(v),
        writable: Some(true),
        enumerable: Some(false),
        configurable: Some(true),
        ..Default::default()
    };
    vm.define_property_or_throw(o, key, d)
}

/// The shared body of the Error constructors: OrdinaryCreateFromConstructor, `message`,
/// `InstallErrorCause`, and the captured `stack`.
fn create_error(
    vm: &mut Vm,
    ctx: NativeCtx,
    fallback: Intrinsic,
    message: Value,
    options: Value,
) -> JsResult<Gc<JsObject>> {
    let nt = if ctx.new_target.is_undefined() {
        Value::object(ctx.callee)
    } else {
        ctx.new_target
    };
    let o = vm.ordinary_create_from_constructor(nt, fallback)?;
    o.inner().flags |= flags::ERROR_DATA;
    if !message.is_undefined() {
        let m = vm.to_string_value(message)?;
        define_hidden(vm, o, Key::Named(names::MESSAGE), m)?;
    }
    // 20.5.8.1 InstallErrorCause
    if let Some(opts) = options.as_object() {
        if vm.has_property(opts, Key::Named(names::CAUSE))? {
            let cause = vm.get(opts, Key::Named(names::CAUSE), options)?;
            define_hidden(vm, o, Key::Named(names::CAUSE), cause)?;
        }
    }
    vm.attach_stack(o);
    Ok(o)
}

/// 20.5.1.1 Error ( message [ , options ] )
fn error_ctor(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let o = create_error(
        vm,
        ctx,
        Intrinsic::ErrorPrototype,
        arg(args, 0),
        arg(args, 1),
    )?;
    Ok(Value::object(o))
}

macro_rules! native_error {
    ($($name:ident => $proto:ident;)*) => {
        $(
            /// 20.5.6.1 NativeError ( message [ , options ] )
            fn $name(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
                let o = create_error(vm, ctx, Intrinsic::$proto, arg(args, 0), arg(args, 1))?;
                Ok(Value::object(o))
            }
        )*
    };
}

native_error! {
    eval_error_ctor => EvalErrorPrototype;
    range_error_ctor => RangeErrorPrototype;
    reference_error_ctor => ReferenceErrorPrototype;
    syntax_error_ctor => SyntaxErrorPrototype;
    type_error_ctor => TypeErrorPrototype;
    uri_error_ctor => URIErrorPrototype;
}

/// 20.5.7.1.1 AggregateError ( errors, message [ , options ] )
fn aggregate_error_ctor(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    ctx: NativeCtx,
) -> JsResult<Value> {
    let o = create_error(
        vm,
        ctx,
        Intrinsic::AggregateErrorPrototype,
        arg(args, 1),
        arg(args, 2),
    )?;
    let list = vm.iterate_to_vec(arg(args, 0))?;
    let arr = vm.new_array(list);
    define_hidden(vm, o, Key::Named(names::ERRORS), Value::object(arr))?;
    Ok(Value::object(o))
}

/// 20.5.3.4 Error.prototype.toString ( )
fn error_to_string(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let Some(o) = this.as_object() else {
        return Err(vm.type_error("Error.prototype.toString requires that 'this' be an Object"));
    };
    let name = vm.get(o, Key::Named(names::NAME), this)?;
    let name = if name.is_undefined() {
        vm.new_string("Error")
    } else {
        vm.to_string_value(name)?
    };
    vm.root(name);
    let msg = vm.get(o, Key::Named(names::MESSAGE), this)?;
    let msg = if msg.is_undefined() {
        vm.new_string("")
    } else {
        vm.to_string_value(msg)?
    };
    let (n, m) = (name.as_string().unwrap(), msg.as_string().unwrap());
    if n.is_empty() {
        return Ok(msg);
    }
    if m.is_empty() {
        return Ok(name);
    }
    let mut u = n.to_units();
    u.extend_from_slice(&[b':' as u16, b' ' as u16]);
    m.push_units(&mut u);
    Ok(vm.new_string_units(&u))
}

/// Error.isError ( arg )
fn error_is_error(_vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    Ok(Value::bool(
        arg(args, 0)
            .as_object()
            .is_some_and(|o| o.has_flag(flags::ERROR_DATA)),
    ))
}

/// Error.captureStackTrace ( targetObject [ , constructorOpt ] ) (V8 extension): defines `stack`.
fn error_capture_stack_trace(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let Some(o) = arg(args, 0).as_object() else {
        return Err(vm.type_error("Invalid argument: Error.captureStackTrace expects an object"));
    };
    let v = vm.capture_stack_string(Value::object(o));
    define_hidden(vm, o, Key::Named(names::STACK), v)?;
    Ok(Value::UNDEFINED)
}

/// get Error.prototype.stack (error-stack-accessor proposal): the stack captured at
/// construction, `undefined` for objects without `[[ErrorData]]`.
fn error_stack_get(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let Some(o) = this.as_object() else {
        return Err(vm.type_error("Error.prototype.stack getter called on a non-object"));
    };
    if !o.has_flag(flags::ERROR_DATA) {
        return Ok(Value::UNDEFINED);
    }
    Ok(vm.captured_stack(o).unwrap_or(Value::UNDEFINED))
}

/// set Error.prototype.stack: installs an own `stack` data property on the receiver.
fn error_stack_set(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    if !this.is_object() {
        return Err(vm.type_error("Error.prototype.stack setter called on a non-object"));
    }
    let v = arg(args, 0);
    if !v.is_string() {
        return Err(vm.type_error("Error.prototype.stack must be set to a string"));
    }
    let home = vm.intrinsic(Intrinsic::ErrorPrototype);
    vm.setter_that_ignores_prototype_properties(this, home, Key::Named(names::STACK), v)?;
    Ok(Value::UNDEFINED)
}
