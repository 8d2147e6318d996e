//! The test262 host object `$262` (see test262's INTERPRETING.md): `global`, `gc`,
//! `evalScript`, `createRealm` and `detachArrayBuffer`.

use super::{arg, define_global};
use crate::object::attrs;
use crate::value::Value;
use crate::vm::{JsResult, NativeCtx, Vm};

// $262.gc ( )
fn gc(vm: &mut Vm, _this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    vm.collect_garbage(Value::UNDEFINED, "explicit");
    Ok(Value::UNDEFINED)
}

// $262.evalScript ( source ): runs `source` as a global script; early errors throw.
fn eval_script(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let src = vm.to_rust_string(arg(args, 0))?;
    crate::compiler::run_global_script(vm, &src)
}

// $262.createRealm ( ): the engine has a single realm per VM.
fn create_realm(vm: &mut Vm, _this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    Err(vm.type_error("$262.createRealm is not supported"))
}

// $262.detachArrayBuffer ( buffer )
fn detach_array_buffer(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    match arg(args, 0).as_object() {
        Some(b) if super::array_buffer::is_array_buffer(b) => {
            super::array_buffer::detach(b);
            Ok(Value::NULL)
        }
        _ => Err(vm.type_error("$262.detachArrayBuffer: not an ArrayBuffer")),
    }
}

pub(crate) fn init(vm: &mut Vm) {
    let host = vm.new_object();
    let g = Value::object(vm.realm.global);
    let gk = vm.intern("global");
    vm.define_value_property(host, gk, g, attrs::HIDDEN);
    vm.define_method(host, "gc", 0, gc);
    vm.define_method(host, "evalScript", 1, eval_script);
    vm.define_method(host, "createRealm", 0, create_realm);
    vm.define_method(host, "detachArrayBuffer", 1, detach_array_buffer);
    define_global(vm, "$262", Value::object(host));
}
