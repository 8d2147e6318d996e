//! Linking (§16.2.1.5.2 Link, InnerModuleLinking; §16.2.1.7.3 ResolveExport,
//! GetExportedNames; §16.2.1.7.4 InitializeEnvironment).
//!
//! Linking resolves every import to an [`ImportTarget`] (an `(env, slot)` of the exporting
//! module, or a namespace object) and instantiates hoisted functions. It never runs user code.

use super::record::{ImportName, ImportTarget, ModuleId, ModuleKind, Status};
use crate::atoms::PropKey;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

/// Where a resolved export lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Binding {
    /// Slot `1` of module `0`'s environment.
    Slot(ModuleId, u32),
    /// The namespace of the module.
    Namespace(ModuleId),
    /// The deferred namespace of the module.
    DeferredNamespace(ModuleId),
}

/// The result of ResolveExport.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Resolution {
    Found(Binding),
    NotFound,
    Ambiguous,
}

impl Vm {
    /// The module that request `i` of `m` loaded.
    fn imported(&self, m: ModuleId, request: u32) -> ModuleId {
        self.modules.get(m).loaded[request as usize].expect("requested modules are loaded")
    }

    /// ResolveExport(exportName, resolveSet).
    pub(crate) fn resolve_export(
        &self,
        m: ModuleId,
        name: PropKey,
        set: &mut Vec<(ModuleId, PropKey)>,
    ) -> Resolution {
        let record = self.modules.get(m);
        let source = match &record.kind {
            ModuleKind::Synthetic(names) => {
                return match names.iter().position(|&n| n == name) {
                    Some(i) => Resolution::Found(Binding::Slot(m, i as u32)),
                    None => Resolution::NotFound,
                }
            }
            ModuleKind::Source(s) => s,
        };
        // A circular import request.
        if set.contains(&(m, name)) {
            return Resolution::NotFound;
        }
        set.push((m, name));
        if let Some(e) = source.local_exports.iter().find(|e| e.name == name) {
            return Resolution::Found(Binding::Slot(m, e.slot));
        }
        if let Some(e) = source.indirect_exports.iter().find(|e| e.name == name) {
            let imported = self.imported(m, e.request);
            return match e.import {
                ImportName::Namespace => Resolution::Found(Binding::Namespace(imported)),
                ImportName::DeferredNamespace => {
                    Resolution::Found(Binding::DeferredNamespace(imported))
                }
                ImportName::Name(n) => self.resolve_export(imported, n, set),
            };
        }
        if name == crate::atoms::names::DEFAULT {
            // `export *` never provides `default`.
            return Resolution::NotFound;
        }
        let mut star = Resolution::NotFound;
        for &r in &source.star_exports {
            let imported = self.imported(m, r);
            match self.resolve_export(imported, name, set) {
                Resolution::Ambiguous => return Resolution::Ambiguous,
                Resolution::NotFound => {}
                found => {
                    if star == Resolution::NotFound {
                        star = found;
                    } else if star != found {
                        return Resolution::Ambiguous;
                    }
                }
            }
        }
        star
    }

    /// GetExportedNames(exportStarSet).
    pub(crate) fn exported_names(&self, m: ModuleId, set: &mut Vec<ModuleId>) -> Vec<PropKey> {
        let source = match &self.modules.get(m).kind {
            ModuleKind::Synthetic(names) => return names.clone(),
            ModuleKind::Source(s) => s,
        };
        if set.contains(&m) {
            return Vec::new();
        }
        set.push(m);
        let mut names: Vec<PropKey> = source.local_exports.iter().map(|e| e.name).collect();
        names.extend(source.indirect_exports.iter().map(|e| e.name));
        for &r in &source.star_exports {
            let imported = self.imported(m, r);
            for n in self.exported_names(imported, set) {
                if n != crate::atoms::names::DEFAULT && !names.contains(&n) {
                    names.push(n);
                }
            }
        }
        names
    }

    /// Link(): links `m` and everything it imports; on failure every module this call was
    /// linking goes back to `unlinked`.
    pub(crate) fn link_module(&mut self, m: ModuleId) -> JsResult<()> {
        let mut stack = Vec::new();
        let r = self.inner_module_linking(m, &mut stack, 0);
        if r.is_err() {
            for s in stack {
                self.modules.get_mut(s).status = Status::Unlinked;
            }
        }
        r.map(|_| ())
    }

    /// InnerModuleLinking(module, stack, index).
    fn inner_module_linking(
        &mut self,
        m: ModuleId,
        stack: &mut Vec<ModuleId>,
        mut index: u32,
    ) -> JsResult<u32> {
        let record = self.modules.get_mut(m);
        if record.source().is_none() || !matches!(record.status, Status::Unlinked | Status::New) {
            return Ok(index);
        }
        record.status = Status::Linking;
        record.dfs_index = index;
        record.dfs_ancestor_index = index;
        index += 1;
        stack.push(m);
        for i in 0..record.loaded.len() {
            let dep = self.imported(m, i as u32);
            index = self.inner_module_linking(dep, stack, index)?;
            let d = self.modules.get(dep);
            if d.status == Status::Linking {
                let anc = d.dfs_ancestor_index;
                let r = self.modules.get_mut(m);
                r.dfs_ancestor_index = r.dfs_ancestor_index.min(anc);
            }
        }
        self.initialize_environment(m)?;
        let r = self.modules.get(m);
        if r.dfs_ancestor_index == r.dfs_index {
            while let Some(s) = stack.pop() {
                self.modules.get_mut(s).status = Status::Linked;
                if s == m {
                    break;
                }
            }
        }
        Ok(index)
    }

    /// The `(env, slot)` or namespace a resolved binding denotes.
    fn binding_target(&mut self, b: Binding) -> ImportTarget {
        match b {
            Binding::Slot(m, slot) => ImportTarget::Slot(self.modules.get(m).env, slot),
            Binding::Namespace(m) => ImportTarget::Namespace(self.module_namespace(m)),
            Binding::DeferredNamespace(m) => ImportTarget::Namespace(self.deferred_namespace(m)),
        }
    }

    /// The SyntaxError of an import or re-export that does not resolve.
    fn resolution_error(
        &mut self,
        m: ModuleId,
        request: u32,
        name: PropKey,
        r: Resolution,
    ) -> Value {
        let spec = self.modules.get(m).requests()[request as usize].clone();
        let name = self.key_name(name);
        let msg = if r == Resolution::Ambiguous {
            format!(
                "The requested module '{spec}' contains conflicting star exports for name '{name}'"
            )
        } else {
            format!("The requested module '{spec}' does not provide an export named '{name}'")
        };
        self.syntax_error(&msg)
    }

    /// InitializeEnvironment(): checks re-exports, binds imports, instantiates functions.
    fn initialize_environment(&mut self, m: ModuleId) -> JsResult<()> {
        let Some(source) = self.modules.get(m).source() else {
            return Ok(());
        };
        let indirect = source.indirect_exports.clone();
        let imports = source.imports.clone();
        for e in indirect {
            let ImportName::Name(n) = e.import else {
                continue;
            };
            let r = self.resolve_export(m, e.name, &mut Vec::new());
            if !matches!(r, Resolution::Found(_)) {
                return Err(self.resolution_error(m, e.request, n, r));
            }
        }
        for (i, entry) in imports.iter().enumerate() {
            let imported = self.imported(m, entry.request);
            let target = match entry.name {
                ImportName::Namespace => ImportTarget::Namespace(self.module_namespace(imported)),
                ImportName::DeferredNamespace => {
                    ImportTarget::Namespace(self.deferred_namespace(imported))
                }
                ImportName::Name(n) => match self.resolve_export(imported, n, &mut Vec::new()) {
                    Resolution::Found(b) => self.binding_target(b),
                    r => return Err(self.resolution_error(m, entry.request, n, r)),
                },
            };
            self.modules.get_mut(m).targets[i] = target;
        }
        let record = self.modules.get_mut(m);
        if !record.initialized {
            record.initialized = true;
            let env = record.env;
            let init = record.source().map(|s| s.init.clone());
            if let Some(code) = init {
                let f = self.create_closure(&code, Some(env));
                self.call(Value::object(f), Value::UNDEFINED, &[])?;
            }
        }
        Ok(())
    }
}
