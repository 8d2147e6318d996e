//! Arguments exotic objects (ECMA-262 §10.4.4): their creation, and the internal methods of
//! mapped ones.
//!
//! **Design.** A sloppy function with a simple parameter list gets a *mapped* arguments object:
//! `arguments[i]` and the i-th parameter are the same variable until the mapping is removed.
//! The compiler keeps the parameters of such functions (when they use `arguments`) in their
//! function environment, as it does for captured variables, and passes
//! `CreateMappedArguments` a table of each parameter's environment slot. The object's
//! [`ParameterMap`] holds that environment and the slot of each mapped index, so both
//! directions go through one storage location and nothing has to be kept in sync on
//! parameter writes; functions that do not use `arguments` are compiled as before.
//!
//! The object keeps ordinary elements for every index. For a mapped index the element's value
//! may be stale (the parameter is the truth): the exotic methods below read and write the
//! environment slot instead, and refresh the element whenever the mapping is removed. Code that
//! reads elements directly (the interpreter's and builtins' fast paths) only does so for
//! `Ordinary`/`Array` objects, never for arguments objects.

use super::exotic::Exotic;
use super::{Intrinsic, JsResult, Key, PropertyDescriptor, Vm, WellKnown};
use crate::atoms::names;
use crate::heap::Gc;
use crate::object::{attrs, Env, JsObject, ObjectKind, ParameterMap};
use crate::value::Value;

/// The internal methods of mapped arguments objects (§10.4.4.1-10.4.4.5).
pub(crate) struct MappedArguments;

/// The single instance, returned by the exotic dispatch for `ObjectKind::Arguments(Some(_))`.
pub(crate) static MAPPED_ARGUMENTS: MappedArguments = MappedArguments;

/// The environment slot that `key` of arguments object `o` is mapped to, if any.
#[inline]
fn mapped(o: Gc<JsObject>, key: Key) -> Option<(Gc<Env>, usize)> {
    let Key::Index(i) = key else {
        return None;
    };
    match o.kind() {
        ObjectKind::Arguments(Some(m)) => m.slot(i).map(|s| (m.env, s)),
        _ => None,
    }
}

/// The current value of `key` when it is a mapped index of arguments object `o`: for readers
/// that bypass the internal methods (`console.log`'s inspector).
pub(crate) fn mapped_value(o: Gc<JsObject>, key: Key) -> Option<Value> {
    mapped(o, key).map(|(env, slot)| env.get(slot))
}

/// `map.[[Delete]](P)`: removes the mapping of index `key` (the element stays).
fn unmap(o: Gc<JsObject>, key: Key) {
    if let (Key::Index(i), ObjectKind::Arguments(Some(m))) = (key, &mut o.inner().kind) {
        if let Some(s) = m.slots.get_mut(i as usize) {
            *s = ParameterMap::UNMAPPED;
        }
    }
}

impl Exotic for MappedArguments {
    // 10.4.4.1 [[GetOwnProperty]] ( P )
    fn get_own_property(
        &self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        key: Key,
    ) -> Option<JsResult<Option<PropertyDescriptor>>> {
        let (env, slot) = mapped(o, key)?;
        // A mapped index always has its own element: removing the element removes the mapping.
        let mut desc = vm
            .get_own_property(o, key)
            .map(PropertyDescriptor::from_slot);
        if let Some(d) = &mut desc {
            d.value = Some(env.get(slot));
        }
        Some(Ok(desc))
    }

    // 10.4.4.2 [[DefineOwnProperty]] ( P, Desc )
    fn define(
        &self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        key: Key,
        desc: PropertyDescriptor,
    ) -> Option<JsResult<bool>> {
        let (env, slot) = mapped(o, key)?;
        let mut new_desc = desc;
        // Freezing the value: the element takes the parameter's current value.
        if desc.is_data() && desc.value.is_none() && desc.writable == Some(false) {
            new_desc.value = Some(env.get(slot));
        }
        let allowed = match vm.ordinary_define_own_property(o, key, new_desc) {
            Ok(allowed) => allowed,
            Err(e) => return Some(Err(e)),
        };
        if allowed {
            if desc.is_accessor() {
                unmap(o, key);
            } else {
                if let Some(v) = desc.value {
                    Env::set(env, slot, v);
                }
                if desc.writable == Some(false) {
                    unmap(o, key);
                }
            }
        }
        Some(Ok(allowed))
    }

    // 10.4.4.3 [[Get]] ( P, Receiver )
    fn get(
        &self,
        _vm: &mut Vm,
        o: Gc<JsObject>,
        key: Key,
        _receiver: Value,
    ) -> Option<JsResult<Value>> {
        let (env, slot) = mapped(o, key)?;
        Some(Ok(env.get(slot)))
    }

    // 10.4.4.4 [[Set]] ( P, V, Receiver )
    fn set(
        &self,
        _vm: &mut Vm,
        o: Gc<JsObject>,
        key: Key,
        v: Value,
        receiver: Value,
    ) -> Option<JsResult<bool>> {
        if receiver == Value::object(o) {
            if let Some((env, slot)) = mapped(o, key) {
                Env::set(env, slot, v);
            }
        }
        // OrdinarySet then stores the element as well (a mapped element is always writable).
        None
    }

    // 10.4.4.5 [[Delete]] ( P )
    fn delete(&self, vm: &mut Vm, o: Gc<JsObject>, key: Key) -> Option<JsResult<bool>> {
        mapped(o, key)?;
        let deleted = vm.ordinary_delete(o, key);
        if deleted {
            unmap(o, key);
        }
        Some(Ok(deleted))
    }
}

impl Vm {
    /// CreateUnmappedArgumentsObject (§10.4.4.6) or, with `params`, CreateMappedArgumentsObject
    /// (§10.4.4.7) for the running frame. `params[i]` is the environment slot (in the frame's
    /// current environment) of formal parameter `i`, or [`ParameterMap::UNMAPPED`] when a later
    /// parameter has the same name.
    #[inline(never)] // kept out of the dispatch loop
    pub(crate) fn create_arguments_object(&mut self, params: Option<&[u32]>) -> Value {
        let f = self.frames.last().unwrap();
        let (args, callee, env) = (f.arguments, f.callee, f.env);
        let elements = args
            .as_object()
            .map(|a| a.inner().elements.clone())
            .unwrap_or_default();
        let n = elements.len();
        let map = params.and_then(|p| {
            let slots = &p[..n.min(p.len())];
            if slots.iter().all(|&s| s == ParameterMap::UNMAPPED) {
                return None;
            }
            Some(Box::new(ParameterMap {
                env: env.expect("mapped parameters live in the function environment"),
                slots: slots.into(),
            }))
        });
        let proto = self.intrinsic(Intrinsic::ObjectPrototype);
        let o = self.new_object_with(Some(proto), ObjectKind::Arguments(map));
        o.inner().elements = elements;
        self.define_value_property(o, names::LENGTH, Value::int(n as i32), attrs::HIDDEN);
        let it = self.symbol_key(WellKnown::Iterator);
        let values = self.intrinsic(Intrinsic::ArrayProtoValues);
        self.define_value_property(o, it, Value::object(values), attrs::HIDDEN);
        if params.is_some() {
            self.define_value_property(o, names::CALLEE, callee, attrs::HIDDEN);
        } else {
            let thrower = Value::object(self.intrinsic(Intrinsic::ThrowTypeError));
            self.put_own(
                o,
                Key::Named(names::CALLEE),
                thrower,
                thrower,
                attrs::ACCESSOR,
            );
        }
        Value::object(o)
    }
}
