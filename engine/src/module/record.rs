//! Module records (§16.2.1.4 Abstract Module Records, §16.2.1.5 Cyclic Module Records,
//! §16.2.1.7 Source Text Module Records) and the realm's module map.
//!
//! Records live in `ModuleMap::records` and are named by their index ([`ModuleId`]); they are
//! never removed, so ids stay valid in bytecode (`LdaImport`, `ImportMeta`). Every `Value` a
//! record holds is traced through [`ModuleMap::trace`].

use crate::atoms::PropKey;
use crate::bytecode::CodeBlock;
use crate::heap::{Gc, Tracer};
use crate::object::env::EnvLayout;
use crate::object::{Env, JsObject};
use crate::value::Value;
use rustc_hash::FxHashMap;
use std::rc::Rc;

/// Index of a module record in the realm's module map.
pub(crate) type ModuleId = u32;

/// The name an import or indirect export refers to in the other module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ImportName {
    /// A named export (`default` included).
    Name(PropKey),
    /// The module's namespace object (`import * as ns`, `export * as ns from`).
    Namespace,
    /// Its deferred namespace (`import defer * as ns`): evaluates the module on first use.
    DeferredNamespace,
}

/// One `ImportEntry`: what the local binding `local` refers to.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ImportEntry {
    /// Index into `requests`.
    pub request: u32,
    pub name: ImportName,
}

/// One `ExportEntry` of a binding of this module (`export { x as y }`, `export let`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct LocalExport {
    pub name: PropKey,
    /// The binding's slot in the module environment.
    pub slot: u32,
}

/// One re-export (`export { x as y } from`, `export * as ns from`, or an imported binding
/// exported again).
#[derive(Clone, Copy, Debug)]
pub(crate) struct IndirectExport {
    pub name: PropKey,
    pub request: u32,
    pub import: ImportName,
}

/// What the compiler produces for a source text module.
pub(crate) struct CompiledModule {
    /// `[[RequestedModules]]`: specifiers in source order, without duplicates.
    pub requests: Vec<String>,
    /// Per request: only imported with `import defer` (its evaluation waits for first use).
    pub deferred: Vec<bool>,
    /// Per request: a JSON module (`with { type: "json" }`).
    pub json: Vec<bool>,
    /// `[[ImportEntries]]`, indexed by the `LdaImport` operand.
    pub imports: Vec<ImportEntry>,
    pub local_exports: Vec<LocalExport>,
    pub indirect_exports: Vec<IndirectExport>,
    /// `export * from` requests.
    pub star_exports: Vec<u32>,
    /// InitializeEnvironment's function instantiation (hoisted function declarations).
    pub init: Rc<CodeBlock>,
    /// The module body (an async function body when `has_tla`).
    pub body: Rc<CodeBlock>,
    /// The module environment's layout.
    pub layout: Rc<EnvLayout>,
    /// `[[HasTLA]]`.
    pub has_tla: bool,
}

/// `[[Status]]` of a cyclic module record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    New,
    Unlinked,
    Linking,
    Linked,
    Evaluating,
    EvaluatingAsync,
    Evaluated,
}

/// A resolved import: where the binding lives.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ImportTarget {
    /// Not linked yet.
    Unlinked,
    /// A slot of the exporting module's environment.
    Slot(Gc<Env>, u32),
    /// A module namespace object.
    Namespace(Gc<JsObject>),
}

/// The kind-specific part of a record.
pub(crate) enum ModuleKind {
    /// A source text module.
    Source(CompiledModule),
    /// A synthetic (host built-in) module: export name → slot of its environment.
    Synthetic(Vec<PropKey>),
}

/// One module record.
pub(crate) struct ModuleRecord {
    /// The module map key: an absolute path, or a built-in specifier.
    pub key: String,
    pub kind: ModuleKind,
    /// The module environment (created with the record so that cyclic imports can be bound
    /// before the exporting module is initialised).
    pub env: Gc<Env>,
    pub status: Status,
    /// `[[LoadedModules]]`, parallel to `requests`.
    pub loaded: Vec<Option<ModuleId>>,
    /// Resolved import bindings, parallel to `imports`.
    pub targets: Vec<ImportTarget>,
    /// `[[Namespace]]`.
    pub namespace: Option<Gc<JsObject>>,
    /// The deferred namespace (`import defer`).
    pub deferred_namespace: Option<Gc<JsObject>>,
    /// `import.meta`.
    pub meta: Option<Gc<JsObject>>,
    /// `[[EvaluationError]]`.
    pub error: Option<Value>,
    pub dfs_index: u32,
    pub dfs_ancestor_index: u32,
    /// `[[CycleRoot]]`.
    pub cycle_root: ModuleId,
    /// `[[AsyncEvaluation]]` with its order (0 = false).
    pub async_order: u64,
    pub pending_async_deps: u32,
    pub async_parents: Vec<ModuleId>,
    /// `[[TopLevelCapability]]`: the promise Evaluate returned.
    pub capability: Option<Value>,
    /// The function instantiation ran (InitializeEnvironment).
    pub initialized: bool,
}

impl ModuleRecord {
    /// The requested module specifiers.
    pub fn requests(&self) -> &[String] {
        match &self.kind {
            ModuleKind::Source(c) => &c.requests,
            ModuleKind::Synthetic(_) => &[],
        }
    }

    /// A source text module's compiled parts.
    pub fn source(&self) -> Option<&CompiledModule> {
        match &self.kind {
            ModuleKind::Source(c) => Some(c),
            ModuleKind::Synthetic(_) => None,
        }
    }

    /// Is `[[AsyncEvaluation]]` true?
    pub fn is_async_evaluation(&self) -> bool {
        self.async_order != 0
    }
}

/// The realm's modules: the records, the map from key to record, and module-related state of
/// the host (parse failures, in-flight loads).
#[derive(Default)]
pub(crate) struct ModuleMap {
    pub records: Vec<ModuleRecord>,
    pub by_key: FxHashMap<String, ModuleId>,
    /// Next `[[AsyncEvaluation]]` order number (starts at 1; 0 means "not async").
    pub async_counter: u64,
    /// SyntaxError values of modules that failed to parse, with their code-frame reports.
    pub parse_errors: Vec<(Value, String)>,
    /// Graph loads and dynamic imports in progress (see `graph`).
    pub graphs: Vec<Option<super::graph::GraphLoad>>,
    /// Loads the host has not finished: key → waiting (referrer, request index, graph).
    pub in_flight: FxHashMap<String, Vec<super::graph::Waiter>>,
}

impl ModuleMap {
    /// The record of `id`.
    #[inline(always)]
    pub fn get(&self, id: ModuleId) -> &ModuleRecord {
        &self.records[id as usize]
    }

    /// The record of `id`, mutably.
    #[inline(always)]
    pub fn get_mut(&mut self, id: ModuleId) -> &mut ModuleRecord {
        &mut self.records[id as usize]
    }

    /// Marks every value held by module records and loads in progress.
    pub fn trace(&self, t: &mut Tracer) {
        for r in &self.records {
            t.opt(Some(r.env));
            for target in &r.targets {
                match target {
                    ImportTarget::Slot(env, _) => t.opt(Some(*env)),
                    ImportTarget::Namespace(o) => t.value(Value::object(*o)),
                    ImportTarget::Unlinked => {}
                }
            }
            for ns in [r.namespace, r.deferred_namespace].into_iter().flatten() {
                t.value(Value::object(ns));
            }
            if let Some(m) = r.meta {
                t.value(Value::object(m));
            }
            t.value(r.error.unwrap_or(Value::UNDEFINED));
            t.value(r.capability.unwrap_or(Value::UNDEFINED));
        }
        for (v, _) in &self.parse_errors {
            t.value(*v);
        }
        for g in self.graphs.iter().flatten() {
            t.value(g.promise);
        }
    }
}
