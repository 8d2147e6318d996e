//! Installs the runtime's globals (one line per group) and the small ones that need no module
//! of their own: `structuredClone` and `performance`.

use super::state::state_or_throw;
use super::value::{deserialize, serialize};
use crate::builtins::{arg, define_global};
use crate::object::attrs;
use crate::value::Value;
use crate::vm::{JsResult, NativeCtx, Vm};

/// `structuredClone(value)`: serialize, then deserialize in this realm.
fn structured_clone(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let v = serialize(vm, arg(args, 0))?;
    deserialize(vm, &v)
}

/// `performance.now()`: milliseconds since the runtime started, with sub-millisecond precision.
fn performance_now(vm: &mut Vm, _: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let origin = state_or_throw(vm)?.origin;
    Ok(Value::number(origin.elapsed().as_secs_f64() * 1000.0))
}

fn install_performance(vm: &mut Vm) {
    let p = vm.new_object();
    vm.define_method(p, "now", 0, performance_now);
    let origin = state_or_throw(vm).map_or(0.0, |s| s.origin_epoch_ms);
    let key = vm.intern("timeOrigin");
    vm.define_value_property(p, key, Value::number(origin), attrs::DEFAULT);
    define_global(vm, "performance", Value::object(p));
}

/// Installs every runtime global.
pub(crate) fn install(vm: &mut Vm, argv: &[String]) {
    super::timers::install(vm);
    super::process::install(vm, argv);
    super::text::install(vm);
    install_performance(vm);
    let f = vm.new_native_function("structuredClone", 1, structured_clone);
    define_global(vm, "structuredClone", Value::object(f));
    super::worker::install(vm);
}
