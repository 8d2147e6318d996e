//! WeakMap (§24.3), WeakSet (§24.4), WeakRef (§26.1) and FinalizationRegistry (§26.2).
//!
//! Weak containers report `is_weak()`: the collector does not trace their keys, runs
//! [`ObjectData::trace_ephemerons`] to a fixpoint (a value is marked once its key is), then calls
//! [`ObjectData::sweep_weak`] so entries with dead keys are dropped before the sweep frees them.

use super::to_string_tag;
use crate::builtins::{arg, make_constructor};
use crate::heap::{Gc, Heap, Trace, Tracer};
use crate::object::{attrs, JsObject, ObjectData};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, Key, NativeCtx, Vm, WellKnown};
use std::collections::HashMap;

type AddrMap<V> = HashMap<usize, V, rustc_hash::FxBuildHasher>;

#[inline]
fn is_marked(v: Value) -> bool {
    match v.heap_addr() {
        Some(a) => Heap::is_marked_addr(a),
        None => true,
    }
}

/// `CanBeHeldWeakly(v)`: objects and symbols not in the global registry.
pub(crate) fn can_be_held_weakly(v: Value) -> bool {
    if v.is_object() {
        return true;
    }
    match v.as_symbol() {
        Some(s) => !s.registered,
        None => false,
    }
}

/// `[[WeakMapData]]`: key address → (key, value).
#[derive(Default)]
pub(crate) struct WeakMapData {
    pub(crate) entries: AddrMap<(Value, Value)>,
}

impl Trace for WeakMapData {
    // Keys and values are reached through the ephemeron pass only.
    fn trace(&self, _t: &mut Tracer) {}
}

impl ObjectData for WeakMapData {
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
    fn extra_bytes(&self) -> usize {
        self.entries.capacity() * 24
    }
    fn is_weak(&self) -> bool {
        true
    }
    fn trace_ephemerons(&self, t: &mut Tracer) -> bool {
        let mut progressed = false;
        for (k, v) in self.entries.values() {
            if is_marked(*k) && !is_marked(*v) {
                t.value(*v);
                progressed = true;
            }
        }
        progressed
    }
    fn sweep_weak(&mut self) {
        self.entries.retain(|_, (k, _)| is_marked(*k));
    }
}

/// `[[WeakSetData]]`: key address → key.
#[derive(Default)]
pub(crate) struct WeakSetData {
    pub(crate) entries: AddrMap<Value>,
}

impl Trace for WeakSetData {
    fn trace(&self, _t: &mut Tracer) {}
}

impl ObjectData for WeakSetData {
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
    fn extra_bytes(&self) -> usize {
        self.entries.capacity() * 16
    }
    fn is_weak(&self) -> bool {
        true
    }
    fn sweep_weak(&mut self) {
        self.entries.retain(|_, k| is_marked(*k));
    }
}

/// `[[WeakRefTarget]]` (undefined once collected).
pub(crate) struct WeakRefData {
    pub(crate) target: Value,
}

impl Trace for WeakRefData {
    fn trace(&self, _t: &mut Tracer) {}
}

impl ObjectData for WeakRefData {
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
    fn is_weak(&self) -> bool {
        true
    }
    fn sweep_weak(&mut self) {
        if !is_marked(self.target) {
            self.target = Value::UNDEFINED;
        }
    }
}

/// A FinalizationRegistry cell: target (weak), held value (strong), unregister token (weak).
struct Cell {
    target: Value,
    held: Value,
    token: Value,
}

/// `[[Cells]]` and `[[CleanupCallback]]`.
pub(crate) struct RegistryData {
    callback: Value,
    cells: Vec<Cell>,
}

impl Trace for RegistryData {
    fn trace(&self, t: &mut Tracer) {
        t.value(self.callback);
        for c in &self.cells {
            t.value(c.held);
        }
    }
}

impl ObjectData for RegistryData {
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
    fn is_weak(&self) -> bool {
        true
    }
    fn sweep_weak(&mut self) {
        let mut i = 0;
        while i < self.cells.len() {
            let c = &mut self.cells[i];
            if !c.token.is_undefined() && !is_marked(c.token) {
                c.token = Value::UNDEFINED;
            }
            if !is_marked(c.target) {
                // The cleanup callback is optional (host-defined): dead cells are dropped.
                self.cells.swap_remove(i);
            } else {
                i += 1;
            }
        }
    }
}

/// `this` if it holds data of type `T`.
fn this_with<T: ObjectData>(vm: &mut Vm, this: Value, what: &str) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) if o.data::<T>().is_some() => Ok(o),
        _ => Err(vm.type_error(&format!("Method {what} called on incompatible receiver"))),
    }
}

fn not_weak_key(vm: &mut Vm, v: Value, what: &str) -> Value {
    let d = vm.describe_for_error(v);
    vm.type_error(&format!("Invalid value used {what}: {d}"))
}

// 24.3.1.1 WeakMap ( [ iterable ] )
fn weak_map_ctor(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    if ctx.new_target.is_undefined() {
        return Err(vm.type_error("Constructor WeakMap requires 'new'"));
    }
    let proto = vm.prototype_from_constructor(ctx.new_target, Intrinsic::WeakMapPrototype)?;
    let map = vm.new_data_object(proto, Box::new(WeakMapData::default()));
    let iterable = arg(args, 0);
    if iterable.is_nullish() {
        return Ok(Value::object(map));
    }
    let adder = vm.get(
        map,
        Key::Named(crate::atoms::names::SET),
        Value::object(map),
    )?;
    if !vm.is_callable(adder) {
        return Err(vm.type_error(
            "'set' returned for property 'set' of object '#<WeakMap>' is not a function",
        ));
    }
    vm.root(adder);
    super::map::add_entries_from_iterable(vm, Value::object(map), iterable, adder)?;
    Ok(Value::object(map))
}

// 24.3.3.2 WeakMap.prototype.delete ( key )
fn weak_map_delete(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let o = this_with::<WeakMapData>(vm, this, "WeakMap.prototype.delete")?;
    let k = arg(args, 0);
    let Some(addr) = k.heap_addr().filter(|_| can_be_held_weakly(k)) else {
        return Ok(Value::FALSE);
    };
    Ok(Value::bool(
        o.data::<WeakMapData>()
            .unwrap()
            .entries
            .remove(&addr)
            .is_some(),
    ))
}

// 24.3.3.3 WeakMap.prototype.get ( key )
fn weak_map_get(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let o = this_with::<WeakMapData>(vm, this, "WeakMap.prototype.get")?;
    let k = arg(args, 0);
    let Some(addr) = k.heap_addr().filter(|_| can_be_held_weakly(k)) else {
        return Ok(Value::UNDEFINED);
    };
    Ok(o.data::<WeakMapData>()
        .unwrap()
        .entries
        .get(&addr)
        .map(|e| e.1)
        .unwrap_or(Value::UNDEFINED))
}

// 24.3.3.4 WeakMap.prototype.has ( key )
fn weak_map_has(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let o = this_with::<WeakMapData>(vm, this, "WeakMap.prototype.has")?;
    let k = arg(args, 0);
    let Some(addr) = k.heap_addr().filter(|_| can_be_held_weakly(k)) else {
        return Ok(Value::FALSE);
    };
    Ok(Value::bool(
        o.data::<WeakMapData>().unwrap().entries.contains_key(&addr),
    ))
}

// 24.3.3.5 WeakMap.prototype.set ( key, value )
fn weak_map_set(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let o = this_with::<WeakMapData>(vm, this, "WeakMap.prototype.set")?;
    let k = arg(args, 0);
    let Some(addr) = k.heap_addr().filter(|_| can_be_held_weakly(k)) else {
        return Err(not_weak_key(vm, k, "as weak map key"));
    };
    o.data::<WeakMapData>()
        .unwrap()
        .entries
        .insert(addr, (k, arg(args, 1)));
    Ok(this)
}

// 24.4.1.1 WeakSet ( [ iterable ] )
fn weak_set_ctor(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    if ctx.new_target.is_undefined() {
        return Err(vm.type_error("Constructor WeakSet requires 'new'"));
    }
    let proto = vm.prototype_from_constructor(ctx.new_target, Intrinsic::WeakSetPrototype)?;
    let set = vm.new_data_object(proto, Box::new(WeakSetData::default()));
    let iterable = arg(args, 0);
    if iterable.is_nullish() {
        return Ok(Value::object(set));
    }
    let adder = vm.get(
        set,
        Key::Named(crate::atoms::names::ADD),
        Value::object(set),
    )?;
    if !vm.is_callable(adder) {
        return Err(vm.type_error(
            "'add' returned for property 'add' of object '#<WeakSet>' is not a function",
        ));
    }
    vm.root(adder);
    let (it, next) = vm.get_iterator(iterable)?;
    vm.root(it);
    vm.root(next);
    while let Some(v) = vm.iterator_step(it, next)? {
        if let Err(e) = vm.call(adder, Value::object(set), &[v]) {
            return Err(super::close_with_error(vm, it, e));
        }
    }
    Ok(Value::object(set))
}

// 24.4.3.1 WeakSet.prototype.add ( value )
fn weak_set_add(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let o = this_with::<WeakSetData>(vm, this, "WeakSet.prototype.add")?;
    let k = arg(args, 0);
    let Some(addr) = k.heap_addr().filter(|_| can_be_held_weakly(k)) else {
        return Err(not_weak_key(vm, k, "in weak set"));
    };
    o.data::<WeakSetData>().unwrap().entries.insert(addr, k);
    Ok(this)
}

// 24.4.3.3 WeakSet.prototype.delete ( value )
fn weak_set_delete(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let o = this_with::<WeakSetData>(vm, this, "WeakSet.prototype.delete")?;
    let k = arg(args, 0);
    let Some(addr) = k.heap_addr().filter(|_| can_be_held_weakly(k)) else {
        return Ok(Value::FALSE);
    };
    Ok(Value::bool(
        o.data::<WeakSetData>()
            .unwrap()
            .entries
            .remove(&addr)
            .is_some(),
    ))
}

// 24.4.3.4 WeakSet.prototype.has ( value )
fn weak_set_has(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let o = this_with::<WeakSetData>(vm, this, "WeakSet.prototype.has")?;
    let k = arg(args, 0);
    let Some(addr) = k.heap_addr().filter(|_| can_be_held_weakly(k)) else {
        return Ok(Value::FALSE);
    };
    Ok(Value::bool(
        o.data::<WeakSetData>().unwrap().entries.contains_key(&addr),
    ))
}

// 26.1.1.1 WeakRef ( target )
fn weak_ref_ctor(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    if ctx.new_target.is_undefined() {
        return Err(vm.type_error("Constructor WeakRef requires 'new'"));
    }
    let target = arg(args, 0);
    if !can_be_held_weakly(target) {
        return Err(vm.type_error("WeakRef: invalid target"));
    }
    let proto = vm.prototype_from_constructor(ctx.new_target, Intrinsic::WeakRefPrototype)?;
    let o = vm.new_data_object(proto, Box::new(WeakRefData { target }));
    crate::builtins::promise::add_to_kept_objects(vm, target);
    Ok(Value::object(o))
}

// 26.1.3.2 WeakRef.prototype.deref ( )
fn weak_ref_deref(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let o = this_with::<WeakRefData>(vm, this, "WeakRef.prototype.deref")?;
    let target = o.data::<WeakRefData>().unwrap().target;
    if !target.is_undefined() {
        crate::builtins::promise::add_to_kept_objects(vm, target);
    }
    Ok(target)
}

// 26.2.1.1 FinalizationRegistry ( cleanupCallback )
fn registry_ctor(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    if ctx.new_target.is_undefined() {
        return Err(vm.type_error("Constructor FinalizationRegistry requires 'new'"));
    }
    let callback = arg(args, 0);
    if !vm.is_callable(callback) {
        return Err(vm.type_error("FinalizationRegistry: cleanup must be callable"));
    }
    // The prototype is the constructor's own `prototype` (there is no intrinsic slot for it).
    let fallback_proto = {
        let c = ctx.callee;
        let p = vm.get(
            c,
            Key::Named(crate::atoms::names::PROTOTYPE),
            Value::object(c),
        )?;
        p.as_object()
    };
    let proto = match ctx.new_target.as_object() {
        Some(nt) => {
            let p = vm.get(
                nt,
                Key::Named(crate::atoms::names::PROTOTYPE),
                ctx.new_target,
            )?;
            p.as_object().or(fallback_proto)
        }
        None => fallback_proto,
    };
    let proto = proto.unwrap_or_else(|| vm.intrinsic(Intrinsic::ObjectPrototype));
    let o = vm.new_data_object(
        proto,
        Box::new(RegistryData {
            callback,
            cells: Vec::new(),
        }),
    );
    Ok(Value::object(o))
}

// 26.2.3.2 FinalizationRegistry.prototype.register ( target, heldValue [ , unregisterToken ] )
fn registry_register(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let o = this_with::<RegistryData>(vm, this, "FinalizationRegistry.prototype.register")?;
    let target = arg(args, 0);
    let held = arg(args, 1);
    let token = arg(args, 2);
    if !can_be_held_weakly(target) {
        return Err(vm.type_error("FinalizationRegistry.prototype.register: invalid target"));
    }
    if vm.same_value(target, held) {
        return Err(vm.type_error(
            "FinalizationRegistry.prototype.register: target and holdings must not be same",
        ));
    }
    if !can_be_held_weakly(token) && !token.is_undefined() {
        return Err(
            vm.type_error("FinalizationRegistry.prototype.register: invalid unregister token")
        );
    }
    o.data::<RegistryData>().unwrap().cells.push(Cell {
        target,
        held,
        token,
    });
    Ok(Value::UNDEFINED)
}

// 26.2.3.3 FinalizationRegistry.prototype.unregister ( unregisterToken )
fn registry_unregister(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let o = this_with::<RegistryData>(vm, this, "FinalizationRegistry.prototype.unregister")?;
    let token = arg(args, 0);
    if !can_be_held_weakly(token) {
        return Err(vm.type_error("Invalid unregisterToken"));
    }
    let d = o.data::<RegistryData>().unwrap();
    let before = d.cells.len();
    d.cells
        .retain(|c| c.token.is_undefined() || !vm.same_value(c.token, token));
    Ok(Value::bool(d.cells.len() != before))
}

pub(super) fn init(vm: &mut Vm) {
    let wm = vm.intrinsic(Intrinsic::WeakMapPrototype);
    make_constructor(vm, "WeakMap", 0, weak_map_ctor, wm, None);
    vm.define_method(wm, "delete", 1, weak_map_delete);
    vm.define_method(wm, "get", 1, weak_map_get);
    vm.define_method(wm, "has", 1, weak_map_has);
    vm.define_method(wm, "set", 2, weak_map_set);
    to_string_tag(vm, wm, "WeakMap");

    let ws = vm.intrinsic(Intrinsic::WeakSetPrototype);
    make_constructor(vm, "WeakSet", 0, weak_set_ctor, ws, None);
    vm.define_method(ws, "add", 1, weak_set_add);
    vm.define_method(ws, "delete", 1, weak_set_delete);
    vm.define_method(ws, "has", 1, weak_set_has);
    to_string_tag(vm, ws, "WeakSet");

    let wr = vm.intrinsic(Intrinsic::WeakRefPrototype);
    make_constructor(vm, "WeakRef", 1, weak_ref_ctor, wr, None);
    vm.define_method(wr, "deref", 0, weak_ref_deref);
    to_string_tag(vm, wr, "WeakRef");

    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let fr = vm.new_object_with(Some(op), crate::object::ObjectKind::Ordinary);
    make_constructor(vm, "FinalizationRegistry", 1, registry_ctor, fr, None);
    vm.define_method(fr, "register", 2, registry_register);
    vm.define_method(fr, "unregister", 1, registry_unregister);
    to_string_tag(vm, fr, "FinalizationRegistry");
    let _ = (attrs::HIDDEN, WellKnown::Iterator);
}
