//! `Symbol` (ECMA-262 §20.4).

use super::{arg, make_constructor};
use crate::atoms::names;
use crate::heap::Gc;
use crate::object::{attrs, ObjectKind};
use crate::string::JsString;
use crate::symbol::JsSymbol;
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, NativeCtx, Vm, WellKnown};

pub(crate) fn init(vm: &mut Vm) {
    let proto = vm.intrinsic(Intrinsic::SymbolPrototype);
    let ctor = make_constructor(vm, "Symbol", 0, symbol_ctor, proto, Some(Intrinsic::Symbol));
    vm.define_method(ctor, "for", 1, symbol_for);
    vm.define_method(ctor, "keyFor", 1, symbol_key_for);
    for &(wk, desc) in WellKnown::ALL {
        let name = desc.strip_prefix("Symbol.").unwrap_or(desc);
        let k = vm.intern(name);
        let sym = Value::symbol(vm.realm.symbol(wk));
        vm.define_value_property(ctor, k, sym, 0);
    }

    vm.define_accessor(proto, names::DESCRIPTION, Some(symbol_description), None);
    vm.define_method(proto, "toString", 0, symbol_to_string);
    vm.define_method(proto, "valueOf", 0, symbol_value_of);
    // 20.4.3.5 Symbol.prototype [ @@toPrimitive ]: { [[Writable]]: false, [[Configurable]]: true }.
    let tp = vm.symbol_key(WellKnown::ToPrimitive);
    let f = vm.new_native_function("[Symbol.toPrimitive]", 1, symbol_to_primitive);
    vm.define_value_property(proto, tp, Value::object(f), attrs::CONFIGURABLE);
    let tag = vm.symbol_key(WellKnown::ToStringTag);
    let tv = vm.new_string("Symbol");
    vm.define_value_property(proto, tag, tv, attrs::CONFIGURABLE);
}

/// 20.4.1.1 Symbol ( [ description ] )
fn symbol_ctor(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    if !ctx.new_target.is_undefined() {
        return Err(vm.type_error("Symbol is not a constructor"));
    }
    let d = arg(args, 0);
    let desc = if d.is_undefined() {
        Value::UNDEFINED
    } else {
        vm.to_string_value(d)?
    };
    Ok(vm.new_symbol(desc))
}

/// The registry key for a string: its text, or an escaped form when it has lone surrogates
/// (which a Rust string cannot hold losslessly).
fn registry_key(s: &JsString) -> String {
    let units = s.to_units();
    match String::from_utf16(&units) {
        Ok(t) => t,
        Err(_) => {
            let mut t = String::from("\u{0}utf16:");
            for u in units {
                t.push_str(&format!("{u:04x}"));
            }
            t
        }
    }
}

/// 20.4.2.2 Symbol.for ( key )
fn symbol_for(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let sv = vm.to_string_value(arg(args, 0))?;
    let key = registry_key(&sv.as_string().unwrap());
    if let Some(&v) = vm.symbol_registry.get(&key) {
        return Ok(v);
    }
    let g = vm.heap.alloc(JsSymbol {
        description: sv,
        key: Default::default(),
        registered: true,
        private: false,
    });
    let v = Value::symbol(g);
    vm.symbol_registry.insert(key, v);
    Ok(v)
}

/// 20.4.2.6 Symbol.keyFor ( sym )
fn symbol_key_for(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let Some(s) = arg(args, 0).as_symbol() else {
        let d = vm.describe_for_error(arg(args, 0));
        return Err(vm.type_error(&format!("{d} is not a symbol")));
    };
    if s.registered {
        return Ok(s.description);
    }
    Ok(Value::UNDEFINED)
}

/// `thisSymbolValue(value)` (§20.4.3.4.1).
fn this_symbol_value(vm: &mut Vm, this: Value, method: &str) -> JsResult<Gc<JsSymbol>> {
    if let Some(s) = this.as_symbol() {
        return Ok(s);
    }
    if let Some(o) = this.as_object() {
        if let ObjectKind::Symbol(s) = o.kind() {
            return Ok(*s);
        }
    }
    Err(vm.type_error(&format!(
        "Symbol.prototype.{method} requires that 'this' be a Symbol"
    )))
}

/// `SymbolDescriptiveString(sym)` (§20.4.3.3.1).
pub(crate) fn symbol_descriptive_string(vm: &mut Vm, s: Gc<JsSymbol>) -> Value {
    let mut u: Vec<u16> = "Symbol(".encode_utf16().collect();
    if let Some(d) = s.description.as_string() {
        d.push_units(&mut u);
    }
    u.push(b')' as u16);
    vm.new_string_units(&u)
}

/// 20.4.3.2 get Symbol.prototype.description
fn symbol_description(
    vm: &mut Vm,
    this: Value,
    _args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let s = this_symbol_value(vm, this, "description")?;
    Ok(s.description)
}

/// 20.4.3.3 Symbol.prototype.toString ( )
fn symbol_to_string(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let s = this_symbol_value(vm, this, "toString")?;
    Ok(symbol_descriptive_string(vm, s))
}

/// 20.4.3.4 Symbol.prototype.valueOf ( )
fn symbol_value_of(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    Ok(Value::symbol(this_symbol_value(vm, this, "valueOf")?))
}

/// 20.4.3.5 Symbol.prototype [ @@toPrimitive ] ( hint )
fn symbol_to_primitive(
    vm: &mut Vm,
    this: Value,
    _args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    Ok(Value::symbol(this_symbol_value(
        vm,
        this,
        "[Symbol.toPrimitive]",
    )?))
}
