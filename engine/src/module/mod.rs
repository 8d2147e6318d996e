//! ECMAScript modules (ECMA-262 §16.2): module records, the host loader interface, graph
//! loading, linking, evaluation (with top-level await) and module namespace objects.
//!
//! - [`record`]: `ModuleRecord` (source text modules and synthetic/built-in ones) and the
//!   realm's module map (`ModuleMap`), traced by the GC.
//! - [`loader`]: the host interface ([`ModuleLoader`]) and the default file-system loader.
//! - [`graph`]: LoadRequestedModules / HostLoadImportedModule / FinishLoadingImportedModule,
//!   and dynamic `import()`.
//! - [`link`]: ResolveExport, GetExportedNames, Link (InnerModuleLinking, InitializeEnvironment).
//! - [`evaluate`]: Evaluate (InnerModuleEvaluation) and the async-module steps.
//! - [`namespace`]: module namespace exotic objects.
//!
//! Hot-path rule: an imported binding compiles to `LdaImport(module, index, name)`, which reads
//! `records[module].targets[index]`, a `(environment, slot)` pair resolved once at link time.
//! No name lookup happens when JS code reads an import.

pub(crate) mod evaluate;
pub(crate) mod graph;
pub(crate) mod link;
pub mod loader;
pub(crate) mod namespace;
pub(crate) mod record;

pub use loader::{FsLoader, LoadOutcome, LoadRequest, ModuleLoader};
pub(crate) use record::{ModuleId, ModuleMap};

/// The id (module or graph) captured by a module continuation closure.
pub(crate) fn captured_id(ctx: &crate::vm::NativeCtx) -> u32 {
    match ctx.callee.kind() {
        crate::object::ObjectKind::Native(n) => n.captures[0].as_int().unwrap_or(0) as u32,
        _ => 0,
    }
}

impl crate::vm::Vm {
    /// `p.then(on_fulfilled, on_rejected)` with builtin closures that capture `id` (read back
    /// with [`captured_id`]).
    pub(crate) fn subscribe(
        &mut self,
        p: crate::value::Value,
        id: u32,
        on_fulfilled: crate::object::NativeFn,
        on_rejected: crate::object::NativeFn,
    ) -> crate::vm::JsResult<()> {
        use crate::value::Value;
        self.native_scope(|vm| {
            vm.root(p);
            let captures = vec![Value::int(id as i32)];
            let f = vm.new_native_closure("", 1, on_fulfilled, captures.clone(), false);
            let r = vm.new_native_closure("", 1, on_rejected, captures, false);
            crate::builtins::promise::perform_then(vm, p, Value::object(f), Value::object(r))
                .map(|_| ())
        })
    }

    /// `import.meta` of module `m` (§13.3.12.1): an object with a `url`, created on first use.
    pub(crate) fn import_meta(&mut self, m: ModuleId) -> crate::heap::Gc<crate::object::JsObject> {
        if let Some(o) = self.modules.get(m).meta {
            return o;
        }
        let o = self.new_object_with(None, crate::object::ObjectKind::Ordinary);
        let key = &self.modules.get(m).key;
        let url = if key.starts_with('/') {
            format!("file://{key}")
        } else {
            key.clone()
        };
        let url = self.new_string(&url);
        let k = self.intern("url");
        self.define_value_property(o, k, url, crate::object::attrs::DEFAULT);
        self.modules.get_mut(m).meta = Some(o);
        o
    }
}
