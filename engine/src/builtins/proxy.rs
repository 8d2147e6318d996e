//! Proxy (ECMA-262 §10.5, §28.2): the exotic internal methods with their invariant checks,
//! `[[Call]]`/`[[Construct]]`, the constructor and `Proxy.revocable`.

use super::object::{from_property_descriptor, to_property_descriptor};
use super::{arg, define_global};
use crate::heap::{Gc, Trace, Tracer};
use crate::object::{flags, JsObject, ObjectData, ObjectKind};
use crate::value::Value;
use crate::vm::exotic::Exotic;
use crate::vm::{Intrinsic, JsResult, Key, NativeCtx, PropertyDescriptor, Vm};

/// `[[ProxyTarget]]` and `[[ProxyHandler]]` (both null once revoked).
pub(crate) struct ProxyData {
    pub(crate) target: Value,
    pub(crate) handler: Value,
}

impl Trace for ProxyData {
    fn trace(&self, t: &mut Tracer) {
        t.value(self.target);
        t.value(self.handler);
    }
}

impl ObjectData for ProxyData {
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
    fn exotic(&self) -> Option<&'static dyn Exotic> {
        Some(&PROXY_EXOTIC)
    }
    fn is_proxy(&self) -> bool {
        true
    }
}

/// The Proxy exotic behaviour.
pub(crate) struct ProxyExotic;

/// The single instance registered by [`ProxyData::exotic`].
pub(crate) static PROXY_EXOTIC: ProxyExotic = ProxyExotic;

/// The target and handler of a proxy (null when revoked), if `o` is one.
pub(crate) fn proxy_parts(o: Gc<JsObject>) -> Option<(Value, Value)> {
    o.data::<ProxyData>().map(|d| (d.target, d.handler))
}

/// Target and handler of a live proxy, rooted; TypeError when revoked.
fn parts(vm: &mut Vm, o: Gc<JsObject>, op: &str) -> JsResult<(Gc<JsObject>, Gc<JsObject>)> {
    let (t, h) = proxy_parts(o).unwrap_or((Value::NULL, Value::NULL));
    match (t.as_object(), h.as_object()) {
        (Some(t), Some(h)) => {
            vm.root(Value::object(t));
            vm.root(Value::object(h));
            Ok((t, h))
        }
        _ => Err(vm.type_error(&format!(
            "Cannot perform '{op}' on a proxy that has been revoked"
        ))),
    }
}

/// `GetMethod(handler, name)`.
fn get_trap(vm: &mut Vm, handler: Gc<JsObject>, name: &str) -> JsResult<Option<Value>> {
    let k = vm.intern(name);
    let f = vm.get(handler, Key::Named(k), Value::object(handler))?;
    if f.is_nullish() {
        return Ok(None);
    }
    if !vm.is_callable(f) {
        return Err(vm.type_error(&format!("'{name}' on proxy: trap is not a function")));
    }
    vm.root(f);
    Ok(Some(f))
}

/// Runs `f` with the handle stack restored afterwards (hooks can run at interpreter level).
fn scoped<R>(vm: &mut Vm, f: impl FnOnce(&mut Vm) -> JsResult<R>) -> Option<JsResult<R>> {
    let h = vm.handles.len();
    let r = f(vm);
    vm.handles.truncate(h);
    Some(r)
}

/// `CompletePropertyDescriptor(Desc)`.
fn complete(d: &mut PropertyDescriptor) {
    if d.is_accessor() {
        d.get.get_or_insert(Value::UNDEFINED);
        d.set.get_or_insert(Value::UNDEFINED);
    } else {
        d.value.get_or_insert(Value::UNDEFINED);
        d.writable.get_or_insert(false);
    }
    d.enumerable.get_or_insert(false);
    d.configurable.get_or_insert(false);
}

/// `IsCompatiblePropertyDescriptor(Extensible, Desc, Current)`.
fn is_compatible(
    vm: &Vm,
    extensible: bool,
    desc: &PropertyDescriptor,
    current: Option<&PropertyDescriptor>,
) -> bool {
    let Some(cur) = current else {
        return extensible;
    };
    if cur.configurable == Some(false) {
        if desc.configurable == Some(true) {
            return false;
        }
        if desc.enumerable.is_some() && desc.enumerable != cur.enumerable {
            return false;
        }
        let generic = !desc.is_accessor() && !desc.is_data();
        if !generic && desc.is_accessor() != cur.is_accessor() {
            return false;
        }
        if cur.is_accessor() {
            if desc
                .get
                .is_some_and(|g| !vm.same_value(g, cur.get.unwrap_or(Value::UNDEFINED)))
            {
                return false;
            }
            if desc
                .set
                .is_some_and(|s| !vm.same_value(s, cur.set.unwrap_or(Value::UNDEFINED)))
            {
                return false;
            }
        } else if cur.writable == Some(false) {
            if desc.writable == Some(true) {
                return false;
            }
            if desc
                .value
                .is_some_and(|v| !vm.same_value(v, cur.value.unwrap_or(Value::UNDEFINED)))
            {
                return false;
            }
        }
    }
    true
}

impl Exotic for ProxyExotic {
    // 10.5.8 [[Get]] ( P, Receiver )
    fn get(
        &self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        key: Key,
        receiver: Value,
    ) -> Option<JsResult<Value>> {
        scoped(vm, |vm| {
            let (target, handler) = parts(vm, o, "get")?;
            let Some(trap) = get_trap(vm, handler, "get")? else {
                return vm.get(target, key, receiver);
            };
            let kv = vm.key_value(key);
            let result = vm.call(
                trap,
                Value::object(handler),
                &[Value::object(target), kv, receiver],
            )?;
            vm.root(result);
            let td = vm.get_own_property_descriptor(target, key)?;
            if let Some(td) = td {
                if td.configurable == Some(false) {
                    if td.is_data()
                        && td.writable == Some(false)
                        && !vm.same_value(result, td.value.unwrap_or(Value::UNDEFINED))
                    {
                        return Err(vm.type_error("'get' on proxy: property is a read-only and non-configurable data property on the proxy target but the proxy did not return its actual value"));
                    }
                    if td.is_accessor()
                        && td.get.unwrap_or(Value::UNDEFINED).is_undefined()
                        && !result.is_undefined()
                    {
                        return Err(vm.type_error("'get' on proxy: property is a non-configurable accessor property on the proxy target and does not have a getter function, but the trap did not return 'undefined'"));
                    }
                }
            }
            Ok(result)
        })
    }

    // 10.5.9 [[Set]] ( P, V, Receiver )
    fn set(
        &self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        key: Key,
        v: Value,
        receiver: Value,
    ) -> Option<JsResult<bool>> {
        scoped(vm, |vm| {
            let (target, handler) = parts(vm, o, "set")?;
            let Some(trap) = get_trap(vm, handler, "set")? else {
                return vm.set(target, key, v, receiver);
            };
            let kv = vm.key_value(key);
            let r = vm.call(
                trap,
                Value::object(handler),
                &[Value::object(target), kv, v, receiver],
            )?;
            if !vm.to_boolean(r) {
                return Ok(false);
            }
            if let Some(td) = vm.get_own_property_descriptor(target, key)? {
                if td.configurable == Some(false) {
                    if td.is_data()
                        && td.writable == Some(false)
                        && !vm.same_value(v, td.value.unwrap_or(Value::UNDEFINED))
                    {
                        return Err(vm.type_error("'set' on proxy: trap returned truish for property which exists in the proxy target as a non-configurable and non-writable data property with a different value"));
                    }
                    if td.is_accessor() && td.set.unwrap_or(Value::UNDEFINED).is_undefined() {
                        return Err(vm.type_error("'set' on proxy: trap returned truish for property which exists in the proxy target as a non-configurable and non-writable accessor property without a setter"));
                    }
                }
            }
            Ok(true)
        })
    }

    // 10.5.6 [[DefineOwnProperty]] ( P, Desc )
    fn define(
        &self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        key: Key,
        desc: PropertyDescriptor,
    ) -> Option<JsResult<bool>> {
        scoped(vm, |vm| {
            let (target, handler) = parts(vm, o, "defineProperty")?;
            let Some(trap) = get_trap(vm, handler, "defineProperty")? else {
                return vm.define_own_property(target, key, desc);
            };
            let desc_obj = from_property_descriptor(vm, Some(desc));
            let kv = vm.key_value(key);
            let r = vm.call(
                trap,
                Value::object(handler),
                &[Value::object(target), kv, desc_obj],
            )?;
            if !vm.to_boolean(r) {
                return Ok(false);
            }
            let td = vm.get_own_property_descriptor(target, key)?;
            let extensible = vm.is_extensible(target)?;
            let setting_config_false = desc.configurable == Some(false);
            match td {
                None => {
                    if !extensible {
                        return Err(vm.type_error("'defineProperty' on proxy: trap returned truish for adding property to the non-extensible proxy target"));
                    }
                    if setting_config_false {
                        return Err(vm.type_error("'defineProperty' on proxy: trap returned truish for defining non-configurable property which is either non-existent or configurable in the proxy target"));
                    }
                }
                Some(td) => {
                    if !is_compatible(vm, extensible, &desc, Some(&td)) {
                        return Err(vm.type_error("'defineProperty' on proxy: trap returned truish for adding property that is incompatible with the existing property in the proxy target"));
                    }
                    if setting_config_false && td.configurable == Some(true) {
                        return Err(vm.type_error("'defineProperty' on proxy: trap returned truish for defining non-configurable property which is either non-existent or configurable in the proxy target"));
                    }
                    if td.is_data()
                        && td.configurable == Some(false)
                        && td.writable == Some(true)
                        && desc.writable == Some(false)
                    {
                        return Err(vm.type_error("'defineProperty' on proxy: trap returned truish for defining non-configurable property which cannot be non-writable, unless there exists a corresponding non-configurable, non-writable own property of the target object"));
                    }
                }
            }
            Ok(true)
        })
    }

    // 10.5.10 [[Delete]] ( P )
    fn delete(&self, vm: &mut Vm, o: Gc<JsObject>, key: Key) -> Option<JsResult<bool>> {
        scoped(vm, |vm| {
            let (target, handler) = parts(vm, o, "deleteProperty")?;
            let Some(trap) = get_trap(vm, handler, "deleteProperty")? else {
                return vm.delete(target, key);
            };
            let kv = vm.key_value(key);
            let r = vm.call(trap, Value::object(handler), &[Value::object(target), kv])?;
            if !vm.to_boolean(r) {
                return Ok(false);
            }
            let Some(td) = vm.get_own_property_descriptor(target, key)? else {
                return Ok(true);
            };
            if td.configurable == Some(false) {
                return Err(vm.type_error("'deleteProperty' on proxy: trap returned truish for property which is non-configurable in the proxy target"));
            }
            if !vm.is_extensible(target)? {
                return Err(vm.type_error("'deleteProperty' on proxy: trap returned truish for property but the proxy target is non-extensible"));
            }
            Ok(true)
        })
    }

    // 10.5.7 [[HasProperty]] ( P )
    fn has(&self, vm: &mut Vm, o: Gc<JsObject>, key: Key) -> Option<JsResult<bool>> {
        scoped(vm, |vm| {
            let (target, handler) = parts(vm, o, "has")?;
            let Some(trap) = get_trap(vm, handler, "has")? else {
                return vm.has_property(target, key);
            };
            let kv = vm.key_value(key);
            let r = vm.call(trap, Value::object(handler), &[Value::object(target), kv])?;
            let b = vm.to_boolean(r);
            if !b {
                if let Some(td) = vm.get_own_property_descriptor(target, key)? {
                    if td.configurable == Some(false) {
                        return Err(vm.type_error("'has' on proxy: trap returned falsish for property which exists in the proxy target as non-configurable"));
                    }
                    if !vm.is_extensible(target)? {
                        return Err(vm.type_error(
                            "'has' on proxy: trap returned falsish but the proxy target is not extensible",
                        ));
                    }
                }
            }
            Ok(b)
        })
    }

    // 10.5.11 [[OwnPropertyKeys]] ( )
    fn own_keys(&self, vm: &mut Vm, o: Gc<JsObject>) -> Option<JsResult<Vec<Key>>> {
        scoped(vm, |vm| {
            let (target, handler) = parts(vm, o, "ownKeys")?;
            let Some(trap) = get_trap(vm, handler, "ownKeys")? else {
                return vm.own_keys(target);
            };
            let arr = vm.call(trap, Value::object(handler), &[Value::object(target)])?;
            let Some(ao) = arr.as_object() else {
                return Err(vm.type_error("CreateListFromArrayLike called on non-object"));
            };
            vm.root(arr);
            let len = vm.length_of_array_like(ao)?;
            let mut trap_result: Vec<Key> = Vec::with_capacity(len as usize);
            let mut seen = rustc_hash::FxHashSet::default();
            for i in 0..len {
                let e = vm.get(ao, Key::Index(i as u32), arr)?;
                if !e.is_string() && !e.is_symbol() {
                    let d = vm.describe_for_error(e);
                    return Err(vm.type_error(&format!("{d} is not a valid property name")));
                }
                let k = vm.to_property_key(e)?;
                if !seen.insert(k_hash(k)) {
                    let name = vm.key_display(k);
                    return Err(vm.type_error(&format!(
                        "'ownKeys' on proxy: trap returned duplicate entries ({name})"
                    )));
                }
                trap_result.push(k);
            }
            let extensible = vm.is_extensible(target)?;
            let target_keys = vm.own_keys(target)?;
            let mut configurable = Vec::new();
            let mut nonconfigurable = Vec::new();
            for k in target_keys {
                let d = vm.get_own_property_descriptor(target, k)?;
                if d.is_some_and(|d| d.configurable == Some(false)) {
                    nonconfigurable.push(k);
                } else {
                    configurable.push(k);
                }
            }
            if extensible && nonconfigurable.is_empty() {
                return Ok(trap_result);
            }
            let mut unchecked: Vec<Option<Key>> = trap_result.iter().map(|&k| Some(k)).collect();
            for k in &nonconfigurable {
                match unchecked.iter_mut().find(|u| **u == Some(*k)) {
                    Some(slot) => *slot = None,
                    None => {
                        let name = vm.key_display(*k);
                        return Err(vm.type_error(&format!(
                            "'ownKeys' on proxy: trap result did not include '{name}'"
                        )));
                    }
                }
            }
            if extensible {
                return Ok(trap_result);
            }
            for k in &configurable {
                match unchecked.iter_mut().find(|u| **u == Some(*k)) {
                    Some(slot) => *slot = None,
                    None => {
                        let name = vm.key_display(*k);
                        return Err(vm.type_error(&format!(
                            "'ownKeys' on proxy: trap result did not include '{name}'"
                        )));
                    }
                }
            }
            if unchecked.iter().any(|u| u.is_some()) {
                return Err(
                    vm.type_error("'ownKeys' on proxy: trap returned extra keys but proxy target is non-extensible")
                );
            }
            Ok(trap_result)
        })
    }

    // 10.5.5 [[GetOwnProperty]] ( P )
    fn get_own_property(
        &self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        key: Key,
    ) -> Option<JsResult<Option<PropertyDescriptor>>> {
        scoped(vm, |vm| {
            let (target, handler) = parts(vm, o, "getOwnPropertyDescriptor")?;
            let Some(trap) = get_trap(vm, handler, "getOwnPropertyDescriptor")? else {
                return vm.get_own_property_descriptor(target, key);
            };
            let kv = vm.key_value(key);
            let r = vm.call(trap, Value::object(handler), &[Value::object(target), kv])?;
            if !r.is_object() && !r.is_undefined() {
                return Err(
                    vm.type_error("'getOwnPropertyDescriptor' on proxy: trap returned neither object nor undefined")
                );
            }
            vm.root(r);
            let td = vm.get_own_property_descriptor(target, key)?;
            if r.is_undefined() {
                let Some(td) = td else { return Ok(None) };
                if td.configurable == Some(false) {
                    return Err(vm.type_error("'getOwnPropertyDescriptor' on proxy: trap returned undefined for property which is non-configurable in the proxy target"));
                }
                if !vm.is_extensible(target)? {
                    return Err(vm.type_error("'getOwnPropertyDescriptor' on proxy: trap returned undefined for property which exists in the non-extensible proxy target"));
                }
                return Ok(None);
            }
            let extensible = vm.is_extensible(target)?;
            let mut rd = to_property_descriptor(vm, r)?;
            complete(&mut rd);
            if !is_compatible(vm, extensible, &rd, td.as_ref()) {
                return Err(vm.type_error("'getOwnPropertyDescriptor' on proxy: trap returned descriptor for property that is incompatible with the existing property in the proxy target"));
            }
            if rd.configurable == Some(false) {
                match &td {
                    None => {
                        return Err(vm.type_error("'getOwnPropertyDescriptor' on proxy: trap reported non-configurability for property which is either non-existent or configurable in the proxy target"))
                    }
                    Some(t) if t.configurable == Some(true) => {
                        return Err(vm.type_error("'getOwnPropertyDescriptor' on proxy: trap reported non-configurability for property which is either non-existent or configurable in the proxy target"))
                    }
                    Some(t) => {
                        if rd.writable == Some(false) && t.writable == Some(true) {
                            return Err(vm.type_error("'getOwnPropertyDescriptor' on proxy: trap reported non-configurable and writable for property which is non-configurable, non-writable in the proxy target"));
                        }
                    }
                }
            }
            Ok(Some(rd))
        })
    }

    // 10.5.1 [[GetPrototypeOf]] ( )
    fn get_prototype_of(
        &self,
        vm: &mut Vm,
        o: Gc<JsObject>,
    ) -> Option<JsResult<Option<Gc<JsObject>>>> {
        scoped(vm, |vm| {
            let (target, handler) = parts(vm, o, "getPrototypeOf")?;
            let Some(trap) = get_trap(vm, handler, "getPrototypeOf")? else {
                return vm.get_prototype_of(target);
            };
            let r = vm.call(trap, Value::object(handler), &[Value::object(target)])?;
            if !r.is_object() && !r.is_null() {
                return Err(vm.type_error(
                    "'getPrototypeOf' on proxy: trap returned neither object nor null",
                ));
            }
            vm.root(r);
            if vm.is_extensible(target)? {
                return Ok(r.as_object());
            }
            let tp = vm.get_prototype_of(target)?;
            if tp != r.as_object() {
                return Err(vm.type_error("'getPrototypeOf' on proxy: proxy target is non-extensible but the trap did not return its actual prototype"));
            }
            Ok(r.as_object())
        })
    }

    // 10.5.2 [[SetPrototypeOf]] ( V )
    fn set_prototype_of(
        &self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        p: Option<Gc<JsObject>>,
    ) -> Option<JsResult<bool>> {
        scoped(vm, |vm| {
            let (target, handler) = parts(vm, o, "setPrototypeOf")?;
            let Some(trap) = get_trap(vm, handler, "setPrototypeOf")? else {
                return vm.set_prototype_of(target, p);
            };
            let pv = p.map(Value::object).unwrap_or(Value::NULL);
            let r = vm.call(trap, Value::object(handler), &[Value::object(target), pv])?;
            if !vm.to_boolean(r) {
                return Ok(false);
            }
            if vm.is_extensible(target)? {
                return Ok(true);
            }
            let tp = vm.get_prototype_of(target)?;
            if tp != p {
                return Err(vm.type_error("'setPrototypeOf' on proxy: trap returned truish for setting a new prototype on the non-extensible proxy target"));
            }
            Ok(true)
        })
    }

    // 10.5.4 [[PreventExtensions]] ( )
    fn prevent_extensions(&self, vm: &mut Vm, o: Gc<JsObject>) -> Option<JsResult<bool>> {
        scoped(vm, |vm| {
            let (target, handler) = parts(vm, o, "preventExtensions")?;
            let Some(trap) = get_trap(vm, handler, "preventExtensions")? else {
                return vm.prevent_extensions(target);
            };
            let r = vm.call(trap, Value::object(handler), &[Value::object(target)])?;
            let b = vm.to_boolean(r);
            if b && vm.is_extensible(target)? {
                return Err(vm.type_error(
                    "'preventExtensions' on proxy: trap returned truish but the proxy target is extensible",
                ));
            }
            Ok(b)
        })
    }

    // 10.5.3 [[IsExtensible]] ( )
    fn is_extensible(&self, vm: &mut Vm, o: Gc<JsObject>) -> Option<JsResult<bool>> {
        scoped(vm, |vm| {
            let (target, handler) = parts(vm, o, "isExtensible")?;
            let Some(trap) = get_trap(vm, handler, "isExtensible")? else {
                return vm.is_extensible(target);
            };
            let r = vm.call(trap, Value::object(handler), &[Value::object(target)])?;
            let b = vm.to_boolean(r);
            if b != vm.is_extensible(target)? {
                return Err(vm.type_error(&format!("'isExtensible' on proxy: trap result does not reflect extensibility of proxy target (which is '{}')", !b)));
            }
            Ok(b)
        })
    }
}

/// A hashable identity for a key (for duplicate detection).
fn k_hash(k: Key) -> (u8, u32) {
    match k {
        Key::Index(i) => (0, i),
        Key::Named(p) => (1, p.raw()),
    }
}

/// `[[Call]]` (new_target undefined) and `[[Construct]]` of a proxy (10.5.12, 10.5.13).
pub(crate) fn proxy_call(
    vm: &mut Vm,
    proxy: Gc<JsObject>,
    this: Value,
    args: &[Value],
    new_target: Value,
) -> JsResult<Value> {
    let construct = !new_target.is_undefined();
    let h = vm.handles.len();
    let r = (|| {
        let (target, handler) = parts(vm, proxy, if construct { "construct" } else { "apply" })?;
        let trap = get_trap(vm, handler, if construct { "construct" } else { "apply" })?;
        let Some(trap) = trap else {
            return if construct {
                vm.construct(Value::object(target), args, Some(new_target))
            } else {
                vm.call(Value::object(target), this, args)
            };
        };
        let arr = Value::object(vm.new_array(args.to_vec()));
        vm.root(arr);
        if construct {
            let r = vm.call(
                trap,
                Value::object(handler),
                &[Value::object(target), arr, new_target],
            )?;
            if !r.is_object() {
                return Err(vm.type_error("proxy [[Construct]] must return an object"));
            }
            Ok(r)
        } else {
            vm.call(
                trap,
                Value::object(handler),
                &[Value::object(target), this, arr],
            )
        }
    })();
    vm.handles.truncate(h);
    r
}

/// `ProxyCreate(target, handler)`.
fn proxy_create(vm: &mut Vm, target: Value, handler: Value) -> JsResult<Gc<JsObject>> {
    let Some(t) = target.as_object() else {
        return Err(vm.type_error("Cannot create proxy with a non-object as target or handler"));
    };
    if !handler.is_object() {
        return Err(vm.type_error("Cannot create proxy with a non-object as target or handler"));
    }
    let mut fl = flags::EXTENSIBLE;
    if t.is_callable() {
        fl |= flags::CALLABLE;
    }
    if t.is_constructor() {
        fl |= flags::CONSTRUCTOR;
    }
    let o = vm.new_object_with(
        None,
        ObjectKind::Data(Box::new(ProxyData { target, handler })),
    );
    o.inner().flags = fl;
    Ok(o)
}

// 28.2.1.1 Proxy ( target, handler )
fn proxy_ctor(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    if ctx.new_target.is_undefined() {
        return Err(vm.type_error("Constructor Proxy requires 'new'"));
    }
    Ok(Value::object(proxy_create(vm, arg(args, 0), arg(args, 1))?))
}

// 28.2.2.1.1 Proxy Revocation Functions (captures [proxy])
fn revoke(_vm: &mut Vm, _this: Value, _args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let p = match ctx.callee.kind() {
        ObjectKind::Native(n) => n.captures.first().copied().unwrap_or(Value::NULL),
        _ => Value::NULL,
    };
    if let Some(po) = p.as_object() {
        if let ObjectKind::Native(n) = &mut ctx.callee.inner().kind {
            n.captures[0] = Value::NULL;
        }
        if let Some(d) = po.data::<ProxyData>() {
            d.target = Value::NULL;
            d.handler = Value::NULL;
        }
    }
    Ok(Value::UNDEFINED)
}

// 28.2.2.1 Proxy.revocable ( target, handler )
fn proxy_revocable(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let p = proxy_create(vm, arg(args, 0), arg(args, 1))?;
    let r = vm.new_native_closure("", 0, revoke, vec![Value::object(p)], false);
    let o = vm.new_object();
    let pk = vm.intern("proxy");
    let rk = vm.intern("revoke");
    vm.create_data_property_or_throw(o, Key::Named(pk), Value::object(p))?;
    vm.create_data_property_or_throw(o, Key::Named(rk), Value::object(r))?;
    Ok(Value::object(o))
}

pub(crate) fn init(vm: &mut Vm) {
    let c = vm.new_native_closure("Proxy", 2, proxy_ctor, Vec::new(), true);
    vm.define_method(c, "revocable", 2, proxy_revocable);
    vm.realm.intrinsics[Intrinsic::ProxyConstructor as usize] = c;
    define_global(vm, "Proxy", Value::object(c));
}
