//! The `process` global: `argv`, `env`, `exit`, `exitCode`, `nextTick`, `platform`, `version`,
//! `versions`, `pid`, `cwd()`.

use super::state::{state, state_or_throw, Callback};
use crate::builtins::{arg, define_global};
use crate::object::attrs;
use crate::value::Value;
use crate::vm::{JsResult, NativeCtx, Vm, TERMINATED};

/// `process.exit([code])`: stops the script and the loop (uncatchable), exiting with `code`,
/// else `process.exitCode`, else 0.
fn exit(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let code = match arg(args, 0) {
        v if v.is_undefined() => exit_code(vm),
        v => vm.to_int32(v)?,
    };
    state_or_throw(vm)?.exit = Some(code);
    Err(TERMINATED)
}

/// `process.nextTick(fn, ...args)`: runs before promise jobs at the next microtask checkpoint.
fn next_tick(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let func = arg(args, 0);
    if !vm.is_callable(func) {
        let shown = crate::builtins::console::inspect(vm, func);
        return Err(vm.type_error(&format!(
            "The \"callback\" argument must be of type function. Received {shown}"
        )));
    }
    let st = state_or_throw(vm)?;
    st.ticks.push_back(Callback {
        id: 0,
        func,
        args: args.get(1..).unwrap_or(&[]).to_vec(),
    });
    Ok(Value::UNDEFINED)
}

fn cwd(vm: &mut Vm, _: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let dir = std::env::current_dir()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    Ok(vm.new_string(&dir))
}

/// `process.exitCode` as an exit status (0 when unset or not a number).
pub(crate) fn exit_code(vm: &mut Vm) -> i32 {
    let Some(p) = state(vm).and_then(|s| s.process.as_object()) else {
        return 0;
    };
    let key = vm.intern("exitCode");
    match vm.get_own_property(p, crate::vm::Key::Named(key)) {
        Some(slot) if slot.attrs & attrs::ACCESSOR == 0 => {
            slot.value.as_number().map_or(0, |n| n as i32)
        }
        _ => 0,
    }
}

/// Installs `process`.
pub(crate) fn install(vm: &mut Vm, argv: &[String]) {
    let p = vm.new_object();
    let put = |vm: &mut Vm, name: &str, v: Value| {
        let key = vm.intern(name);
        vm.define_value_property(p, key, v, attrs::DEFAULT);
    };
    let args: Vec<Value> = argv.iter().map(|a| vm.new_string(a)).collect();
    let argv_v = Value::object(vm.new_array(args));
    put(vm, "argv", argv_v);
    let env = vm.new_object();
    for (k, v) in std::env::vars_os() {
        let (k, v) = (k.to_string_lossy(), v.to_string_lossy());
        let key = vm.intern(&k);
        let v = vm.new_string(&v);
        vm.define_value_property(env, key, v, attrs::DEFAULT);
    }
    put(vm, "env", Value::object(env));
    let platform = vm.new_string(std::env::consts::OS);
    put(vm, "platform", platform);
    let version = vm.new_string(concat!("v", env!("CARGO_PKG_VERSION")));
    put(vm, "version", version);
    let versions = vm.new_object();
    let jetcrab = vm.new_string(env!("CARGO_PKG_VERSION"));
    let key = vm.intern("jetcrab");
    vm.define_value_property(versions, key, jetcrab, attrs::DEFAULT);
    put(vm, "versions", Value::object(versions));
    put(vm, "pid", Value::number(std::process::id() as f64));
    put(vm, "exitCode", Value::UNDEFINED);
    vm.define_method(p, "exit", 1, exit);
    vm.define_method(p, "nextTick", 1, next_tick);
    vm.define_method(p, "cwd", 0, cwd);
    if let Some(st) = state(vm) {
        st.process = Value::object(p);
    }
    define_global(vm, "process", Value::object(p));
}
