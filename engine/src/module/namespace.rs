//! Module namespace exotic objects (§10.4.6) and GetModuleNamespace (§16.2.1.12).
//!
//! A namespace holds its exports sorted by name, each with the binding it reads: an
//! environment slot (read live, so it follows the exporting module's assignments; a slot in
//! its TDZ throws a ReferenceError) or another module's namespace (`export * as ns`). Its only
//! ordinary property is `@@toStringTag` ("Module"); it has no prototype and is not extensible.
//!
//! A *deferred* namespace (`import defer * as ns`, the import-defer proposal) has the tag
//! "Deferred Module", hides `then`, and evaluates its module synchronously the first time a
//! string-keyed internal method needs the exports (GetModuleExportsList); a module that cannot
//! run synchronously yet (it or a dependency is evaluating, or has top-level await) makes that
//! a TypeError.

use super::link::{Binding, Resolution};
use super::record::ModuleId;
use crate::heap::{Gc, Trace, Tracer};
use crate::object::{Env, JsObject, ObjectData, ObjectKind};
use crate::value::Value;
use crate::vm::exotic::Exotic;
use crate::vm::{JsResult, Key, PropertyDescriptor, Vm, WellKnown};
use std::any::Any;

/// Where one export of a namespace reads its value.
#[derive(Clone, Copy)]
enum NsBinding {
    Slot(Gc<Env>, u32),
    /// A namespace (deferred when the flag is set).
    Namespace(ModuleId, bool),
}

/// `[[Module]]` and `[[Exports]]` of a namespace object.
pub(crate) struct ModuleNamespace {
    exports: Vec<(Key, NsBinding)>,
    /// Deferred namespaces: the module to evaluate before the exports are used.
    deferred: Option<ModuleId>,
}

impl Trace for ModuleNamespace {
    fn trace(&self, t: &mut Tracer) {
        for (_, b) in &self.exports {
            if let NsBinding::Slot(env, _) = b {
                t.opt(Some(*env));
            }
        }
    }
}

impl ObjectData for ModuleNamespace {
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
    fn extra_bytes(&self) -> usize {
        self.exports.len() * std::mem::size_of::<(Key, NsBinding)>()
    }
    fn exotic(&self) -> Option<&'static dyn Exotic> {
        Some(&NAMESPACE)
    }
}

impl Vm {
    /// GetModuleNamespace(module): created once, after the module's graph is loaded.
    pub(crate) fn module_namespace(&mut self, m: ModuleId) -> Gc<JsObject> {
        match self.modules.get(m).namespace {
            Some(ns) => ns,
            None => self.create_namespace(m, false),
        }
    }

    /// GetModuleNamespace(module, defer).
    pub(crate) fn deferred_namespace(&mut self, m: ModuleId) -> Gc<JsObject> {
        match self.modules.get(m).deferred_namespace {
            Some(ns) => ns,
            None => self.create_namespace(m, true),
        }
    }

    fn create_namespace(&mut self, m: ModuleId, deferred: bool) -> Gc<JsObject> {
        let o = self.new_object_with(
            None,
            ObjectKind::Data(Box::new(ModuleNamespace {
                exports: Vec::new(),
                deferred: deferred.then_some(m),
            })),
        );
        let tag = self.symbol_key(WellKnown::ToStringTag);
        let module = self.new_string(if deferred {
            "Deferred Module"
        } else {
            "Module"
        });
        self.define_value_property(o, tag, module, 0);
        o.inner().flags &= !crate::object::flags::EXTENSIBLE;
        // Stored first: resolving `export * as ns` of a module that re-exports itself needs it.
        let r = self.modules.get_mut(m);
        if deferred {
            r.deferred_namespace = Some(o);
        } else {
            r.namespace = Some(o);
        }
        let mut names = self.exported_names(m, &mut Vec::new());
        if deferred {
            names.retain(|&n| n != crate::atoms::names::THEN);
        }
        let mut exports = Vec::new();
        names.sort_by_cached_key(|&n| self.atoms.string(n).units().collect::<Vec<u16>>());
        for n in names {
            let b = match self.resolve_export(m, n, &mut Vec::new()) {
                Resolution::Found(Binding::Slot(owner, slot)) => {
                    NsBinding::Slot(self.modules.get(owner).env, slot)
                }
                Resolution::Found(Binding::Namespace(owner)) => NsBinding::Namespace(owner, false),
                Resolution::Found(Binding::DeferredNamespace(owner)) => {
                    NsBinding::Namespace(owner, true)
                }
                _ => continue,
            };
            let key = self.string_key(self.atoms.string(n));
            exports.push((key, b));
        }
        if let Some(d) = o.data::<ModuleNamespace>() {
            d.exports = exports;
        }
        o
    }
}

/// The exotic internal methods of namespaces.
struct NamespaceExotic;

static NAMESPACE: NamespaceExotic = NamespaceExotic;

/// The binding of export `key`, if `o` exports it (symbols never are exports).
fn export_of(o: Gc<JsObject>, key: Key) -> Option<NsBinding> {
    let d = o.data::<ModuleNamespace>()?;
    d.exports.iter().find(|(k, _)| *k == key).map(|(_, b)| *b)
}

/// IsSymbolLikeNamespaceKey: symbols, and `then` on deferred namespaces, use the ordinary
/// algorithms and never trigger evaluation.
fn is_symbol_like(o: Gc<JsObject>, key: Key) -> bool {
    match key {
        Key::Named(k) if k.is_symbol() => true,
        Key::Named(k) if k == crate::atoms::names::THEN => o
            .data::<ModuleNamespace>()
            .is_some_and(|d| d.deferred.is_some()),
        _ => false,
    }
}

/// GetModuleExportsList's evaluation step for deferred namespaces.
fn ensure_evaluated(vm: &mut Vm, o: Gc<JsObject>) -> JsResult<()> {
    let Some(m) = o.data::<ModuleNamespace>().and_then(|d| d.deferred) else {
        return Ok(());
    };
    vm.evaluate_sync(m)
}

/// The current value of an export (a ReferenceError while it is uninitialised).
fn read(vm: &mut Vm, key: Key, b: NsBinding) -> JsResult<Value> {
    match b {
        NsBinding::Slot(env, slot) => {
            let v = env.get(slot as usize);
            if v.is_empty() {
                let name = vm.key_display(key);
                return Err(
                    vm.reference_error(&format!("Cannot access '{name}' before initialization"))
                );
            }
            Ok(v)
        }
        NsBinding::Namespace(m, false) => Ok(Value::object(vm.module_namespace(m))),
        NsBinding::Namespace(m, true) => Ok(Value::object(vm.deferred_namespace(m))),
    }
}

impl Exotic for NamespaceExotic {
    fn get(&self, vm: &mut Vm, o: Gc<JsObject>, key: Key, _: Value) -> Option<JsResult<Value>> {
        if is_symbol_like(o, key) {
            return None;
        }
        if let Err(e) = ensure_evaluated(vm, o) {
            return Some(Err(e));
        }
        Some(match export_of(o, key) {
            Some(b) => read(vm, key, b),
            None => Ok(Value::UNDEFINED),
        })
    }

    fn set(
        &self,
        _: &mut Vm,
        _: Gc<JsObject>,
        _: Key,
        _: Value,
        _: Value,
    ) -> Option<JsResult<bool>> {
        Some(Ok(false))
    }

    fn define(
        &self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        key: Key,
        d: PropertyDescriptor,
    ) -> Option<JsResult<bool>> {
        if is_symbol_like(o, key) {
            return None;
        }
        let current = match self.get_own_property(vm, o, key)? {
            Ok(Some(c)) => c,
            Ok(None) => return Some(Ok(false)),
            Err(e) => return Some(Err(e)),
        };
        if d.configurable == Some(true)
            || d.enumerable == Some(false)
            || d.is_accessor()
            || d.writable == Some(false)
        {
            return Some(Ok(false));
        }
        Some(Ok(match d.value {
            Some(v) => vm.same_value(v, current.value.unwrap_or(Value::UNDEFINED)),
            None => true,
        }))
    }

    fn delete(&self, vm: &mut Vm, o: Gc<JsObject>, key: Key) -> Option<JsResult<bool>> {
        if is_symbol_like(o, key) {
            return None;
        }
        if let Err(e) = ensure_evaluated(vm, o) {
            return Some(Err(e));
        }
        Some(Ok(export_of(o, key).is_none()))
    }

    fn has(&self, vm: &mut Vm, o: Gc<JsObject>, key: Key) -> Option<JsResult<bool>> {
        if is_symbol_like(o, key) {
            return None;
        }
        if let Err(e) = ensure_evaluated(vm, o) {
            return Some(Err(e));
        }
        Some(Ok(export_of(o, key).is_some()))
    }

    fn own_keys(&self, vm: &mut Vm, o: Gc<JsObject>) -> Option<JsResult<Vec<Key>>> {
        if let Err(e) = ensure_evaluated(vm, o) {
            return Some(Err(e));
        }
        let mut keys: Vec<Key> = o
            .data::<ModuleNamespace>()
            .map(|d| d.exports.iter().map(|(k, _)| *k).collect())
            .unwrap_or_default();
        keys.push(Key::Named(vm.symbol_key(WellKnown::ToStringTag)));
        Some(Ok(keys))
    }

    fn get_own_property(
        &self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        key: Key,
    ) -> Option<JsResult<Option<PropertyDescriptor>>> {
        if is_symbol_like(o, key) {
            return None;
        }
        if let Err(e) = ensure_evaluated(vm, o) {
            return Some(Err(e));
        }
        let b = export_of(o, key)?;
        Some(read(vm, key, b).map(|v| {
            Some(PropertyDescriptor {
                value: Some(v),
                writable: Some(true),
                enumerable: Some(true),
                configurable: Some(false),
                ..Default::default()
            })
        }))
    }

    fn get_prototype_of(
        &self,
        _: &mut Vm,
        _: Gc<JsObject>,
    ) -> Option<JsResult<Option<Gc<JsObject>>>> {
        Some(Ok(None))
    }

    fn set_prototype_of(
        &self,
        _: &mut Vm,
        _: Gc<JsObject>,
        p: Option<Gc<JsObject>>,
    ) -> Option<JsResult<bool>> {
        Some(Ok(p.is_none()))
    }

    fn prevent_extensions(&self, _: &mut Vm, _: Gc<JsObject>) -> Option<JsResult<bool>> {
        Some(Ok(true))
    }

    fn is_extensible(&self, _: &mut Vm, _: Gc<JsObject>) -> Option<JsResult<bool>> {
        Some(Ok(false))
    }
}
