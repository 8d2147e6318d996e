//! Loading module graphs: LoadRequestedModules (§16.2.1.5.1) with HostLoadImportedModule and
//! FinishLoadingImportedModule (§16.2.1.8-9), for host entry points and dynamic `import()`
//! (§13.3.10.1, ContinueDynamicImport).
//!
//! A `GraphLoad` is the spec's GraphLoadingState: a count of fetches still pending and the
//! modules already visited. Each fetch is keyed by the resolved module key; importers waiting
//! for the same key are queued in `ModuleMap::in_flight` and all continue when the host
//! finishes that key (`finish_fetch`), synchronously for [`FsLoader`](super::FsLoader) or later
//! for an asynchronous host.

use super::record::{CompiledModule, ImportTarget, ModuleId, ModuleKind, ModuleRecord, Status};
use super::LoadOutcome;
use crate::builtins::promise;
use crate::heap::Gc;
use crate::object::Env;
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, NativeCtx, Vm, TERMINATED};

/// Index of a graph load in `ModuleMap::graphs`.
pub(crate) type GraphId = u32;

/// Where a graph load stopped, for a host entry point's error report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stage {
    /// Fetching or parsing a module.
    Load,
    /// Linking (an import that does not resolve).
    Link,
    /// Evaluating (an exception, or a rejected top-level await).
    Evaluate,
}

/// GraphLoadingState, plus what to do when loading ends.
pub(crate) struct GraphLoad {
    /// The graph's root, once it is loaded.
    pub root: Option<ModuleId>,
    /// `[[PendingModulesCount]]`.
    pub pending: usize,
    /// `[[Visited]]`.
    pub visited: Vec<ModuleId>,
    /// `[[IsLoading]]`.
    pub loading: bool,
    /// Dynamic `import()`: the promise to settle with the namespace. Undefined for a host entry
    /// point, whose result goes to `outcome`.
    pub promise: Value,
    /// `import()`'s phase: 0 evaluation, 1 source (`import.source`), 2 defer (`import.defer`).
    pub phase: u32,
    /// A host entry point's result: `Err((stage, value))` on failure.
    pub outcome: Option<Result<(), (Stage, Value)>>,
    /// A host entry point that returned before the graph finished (an asynchronous loader or
    /// a pending top-level await): a later failure is reported as an unhandled rejection.
    pub detached: bool,
}

/// Why a fetch produced no module.
enum FetchError {
    /// The host has no such module.
    NotFound,
    /// The host failed to read it.
    Message(String),
    /// It failed to parse (a SyntaxError, kept alive in `ModuleMap::parse_errors`).
    Thrown(Value),
}

/// An importer waiting for a fetch.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Waiter {
    /// The importing module and the index of the request, or `None` for the graph's root.
    pub referrer: Option<(ModuleId, u32)>,
    pub graph: GraphId,
}

impl Vm {
    /// Starts loading the graph rooted at `specifier` (imported by `referrer`). `promise` is the
    /// `import()` promise, or undefined for a host entry point.
    pub(crate) fn start_graph_load(
        &mut self,
        referrer: &str,
        specifier: &str,
        promise: Value,
        json: bool,
    ) -> GraphId {
        let g = GraphLoad {
            root: None,
            pending: 1,
            visited: Vec::new(),
            loading: true,
            promise,
            phase: 0,
            outcome: None,
            detached: false,
        };
        let graphs = &mut self.modules.graphs;
        // A free slot is reused only when no fetch is in flight: a stale waiter of the graph
        // that had it must never reach the new one.
        let free = match self.modules.in_flight.is_empty() {
            true => graphs.iter().position(Option::is_none),
            false => None,
        };
        let id = match free {
            Some(i) => {
                graphs[i] = Some(g);
                i
            }
            None => {
                graphs.push(Some(g));
                graphs.len() - 1
            }
        } as GraphId;
        self.host_load_imported_module(
            Waiter {
                referrer: None,
                graph: id,
            },
            referrer,
            specifier,
            json,
        );
        id
    }

    /// Starts a graph whose root module already exists (a host entry point given as source).
    pub(crate) fn start_graph_at(&mut self, root: ModuleId) -> GraphId {
        let key = self.modules.get(root).key.clone();
        self.start_graph_load(&key, &key, Value::UNDEFINED, false)
    }

    /// The graph load `g` (it must still be loading or hold an unread outcome).
    fn graph(&mut self, g: GraphId) -> &mut GraphLoad {
        self.modules.graphs[g as usize]
            .as_mut()
            .expect("graph load in progress")
    }

    /// `[[IsLoading]]` of `g` (false once a dynamic import's graph has been settled).
    fn is_loading(&self, g: GraphId) -> bool {
        self.modules.graphs[g as usize]
            .as_ref()
            .is_some_and(|graph| graph.loading)
    }

    /// HostLoadImportedModule(referrer, specifier, payload); `json` for `with { type: "json" }`.
    fn host_load_imported_module(
        &mut self,
        waiter: Waiter,
        referrer: &str,
        specifier: &str,
        json: bool,
    ) {
        // Built-in modules are registered under their specifier.
        let path = if self.modules.by_key.contains_key(specifier) {
            Ok(specifier.to_string())
        } else {
            self.loader.resolve(referrer, specifier)
        };
        let key = match path {
            Ok(p) if json => format!("{p}{}", super::loader::JSON_KEY_SUFFIX),
            Ok(p) => p,
            Err(msg) => {
                let e = self.make_error(Intrinsic::ErrorPrototype, &msg);
                return self.finish_loading(waiter, Err(e));
            }
        };
        if let Some(&m) = self.modules.by_key.get(&key) {
            return self.finish_loading(waiter, Ok(m));
        }
        if let Some(list) = self.modules.in_flight.get_mut(&key) {
            list.push(waiter);
            return;
        }
        self.modules.in_flight.insert(key.clone(), vec![waiter]);
        let request = super::LoadRequest {
            path: key
                .strip_suffix(super::loader::JSON_KEY_SUFFIX)
                .unwrap_or(&key)
                .to_string(),
            key: key.clone(),
            referrer: referrer.to_string(),
            specifier: specifier.to_string(),
        };
        match self.loader.load(&request) {
            LoadOutcome::Pending => {}
            LoadOutcome::Source(s) => self.finish_fetch(&key, Ok(s)),
            LoadOutcome::NotFound => self.finish_fetch(&key, Err(None)),
            LoadOutcome::Error(msg) => self.finish_fetch(&key, Err(Some(msg))),
        }
    }

    /// The host delivers the fetch of `key`: `Err(None)` when there is no such module.
    /// Creates the module record and continues every waiting importer.
    pub(crate) fn finish_fetch(&mut self, key: &str, result: Result<String, Option<String>>) {
        let Some(waiters) = self.modules.in_flight.remove(key) else {
            return;
        };
        let module = match result {
            Ok(source) if key.ends_with(super::loader::JSON_KEY_SUFFIX) => {
                self.create_json_module(key, &source)
            }
            Ok(source) => self.create_source_module(key, &source),
            Err(Some(msg)) => Err(FetchError::Message(msg)),
            Err(None) => Err(FetchError::NotFound),
        };
        for w in waiters {
            let r = match &module {
                Ok(m) => Ok(*m),
                Err(FetchError::Message(msg)) => {
                    Err(self.make_error(Intrinsic::ErrorPrototype, msg))
                }
                Err(FetchError::NotFound) => Err(self.module_not_found(key, w)),
                Err(FetchError::Thrown(v)) => Err(*v),
            };
            self.finish_loading(w, r);
        }
    }

    /// `Error [ERR_MODULE_NOT_FOUND]: Cannot find module 'key' imported from importer`.
    fn module_not_found(&mut self, key: &str, w: Waiter) -> Value {
        let importer = match w.referrer {
            Some((m, _)) => self.modules.get(m).key.clone(),
            None => "the command line".to_string(),
        };
        let path = key
            .strip_suffix(super::loader::JSON_KEY_SUFFIX)
            .unwrap_or(key);
        let msg = format!("Cannot find module '{path}' imported from {importer}");
        let e = self.make_error(Intrinsic::ErrorPrototype, &msg);
        if let Some(o) = e.as_object() {
            let code = self.intern("code");
            let v = self.new_string("ERR_MODULE_NOT_FOUND");
            self.define_value_property(o, code, v, crate::object::attrs::HIDDEN);
            let stack = self.new_string(&format!("Error [ERR_MODULE_NOT_FOUND]: {msg}"));
            let key = self.error_stack_key;
            self.define_value_property(o, key, stack, crate::object::attrs::WRITABLE);
        }
        e
    }

    /// ParseModule: compiles `source` into a new record under `key`.
    fn create_source_module(&mut self, key: &str, source: &str) -> Result<ModuleId, FetchError> {
        let id = self.modules.records.len() as ModuleId;
        match crate::compiler::compile_module(self, source, key, id) {
            Ok(compiled) => Ok(self.add_source_module(key, compiled)),
            Err(e) => {
                // Remembered (and so rooted) so that a host entry point can print the code frame.
                let v = self.syntax_error(&e.message);
                self.modules.parse_errors.push((v, e.report));
                Err(FetchError::Thrown(v))
            }
        }
    }

    /// Creates the record (status `new`) and environment of a compiled module.
    pub(crate) fn add_source_module(&mut self, key: &str, compiled: CompiledModule) -> ModuleId {
        let n = compiled.layout.names.len();
        let env = Env::new(None, compiled.layout.clone(), n, Value::UNDEFINED);
        for (i, lexical) in compiled.layout.lexical.iter().enumerate() {
            if *lexical {
                env.slots()[i] = Value::EMPTY;
            }
        }
        let env = self.new_env(env);
        let targets = vec![ImportTarget::Unlinked; compiled.imports.len()];
        let loaded = vec![None; compiled.requests.len()];
        self.add_module(ModuleRecord::new(
            key,
            ModuleKind::Source(compiled),
            env,
            loaded,
            targets,
        ))
    }

    /// Registers a synthetic module whose exports are the given values.
    pub(crate) fn add_synthetic_module(
        &mut self,
        key: &str,
        exports: &[(&str, Value)],
    ) -> ModuleId {
        let mut layout = crate::object::env::EnvLayout::default();
        let mut names = Vec::new();
        for (name, _) in exports {
            let k = self.intern(name);
            names.push(k);
            layout.names.push(k.raw());
            layout.consts.push(true);
            layout.lexical.push(false);
        }
        let env = Env::new(
            None,
            std::rc::Rc::new(layout),
            exports.len(),
            Value::UNDEFINED,
        );
        for (i, (_, v)) in exports.iter().enumerate() {
            env.slots()[i] = *v;
        }
        let env = self.new_env(env);
        let id = self.modules.records.len() as ModuleId;
        let mut r = ModuleRecord::new(
            key,
            ModuleKind::Synthetic(names),
            env,
            Vec::new(),
            Vec::new(),
        );
        r.cycle_root = id;
        self.add_module(r)
    }

    /// A JSON module: a synthetic module whose `default` export is the parsed value.
    fn create_json_module(&mut self, key: &str, source: &str) -> Result<ModuleId, FetchError> {
        let text = self.new_string(source);
        match crate::builtins::json::json_parse_text(self, text) {
            Ok(v) => Ok(self.add_synthetic_module(key, &[("default", v)])),
            Err(e) => {
                self.modules.parse_errors.push((e, String::new()));
                Err(FetchError::Thrown(e))
            }
        }
    }

    /// Registers a record under its key.
    pub(crate) fn add_module(&mut self, r: ModuleRecord) -> ModuleId {
        let id = self.modules.records.len() as ModuleId;
        self.modules.by_key.insert(r.key.clone(), id);
        self.modules.records.push(r);
        id
    }

    /// FinishLoadingImportedModule + ContinueModuleLoading.
    fn finish_loading(&mut self, w: Waiter, result: Result<ModuleId, Value>) {
        if let (Some((referrer, request)), Ok(m)) = (w.referrer, &result) {
            let slot = &mut self.modules.get_mut(referrer).loaded[request as usize];
            if slot.is_none() {
                *slot = Some(*m);
            }
        }
        if !self.is_loading(w.graph) {
            return;
        }
        match result {
            Ok(m) => {
                let g = self.graph(w.graph);
                if g.root.is_none() {
                    g.root = Some(m);
                }
                self.inner_module_loading(w.graph, m);
            }
            Err(e) => {
                self.graph(w.graph).loading = false;
                self.graph_failed(w.graph, Stage::Load, e);
            }
        }
    }

    /// InnerModuleLoading(state, module).
    fn inner_module_loading(&mut self, g: GraphId, m: ModuleId) {
        let status = self.modules.get(m).status;
        if status == Status::New && !self.graph(g).visited.contains(&m) {
            self.graph(g).visited.push(m);
            let requests = self.modules.get(m).requests().to_vec();
            let json: Vec<bool> = match self.modules.get(m).source() {
                Some(s) => s.json.clone(),
                None => Vec::new(),
            };
            self.graph(g).pending += requests.len();
            let key = self.modules.get(m).key.clone();
            for (i, spec) in requests.iter().enumerate() {
                match self.modules.get(m).loaded[i] {
                    Some(dep) => self.inner_module_loading(g, dep),
                    None => self.host_load_imported_module(
                        Waiter {
                            referrer: Some((m, i as u32)),
                            graph: g,
                        },
                        &key,
                        spec,
                        json.get(i).copied().unwrap_or(false),
                    ),
                }
                if !self.is_loading(g) {
                    return;
                }
            }
        }
        if !self.is_loading(g) {
            return;
        }
        let graph = self.graph(g);
        graph.pending -= 1;
        if graph.pending == 0 {
            graph.loading = false;
            for m in std::mem::take(&mut graph.visited) {
                let r = self.modules.get_mut(m);
                if r.status == Status::New {
                    r.status = Status::Unlinked;
                }
            }
            self.graph_loaded(g);
        }
    }

    /// Loading failed at `stage`: reject the import promise, or record the entry point's
    /// outcome.
    fn graph_failed(&mut self, g: GraphId, stage: Stage, e: Value) {
        let Some(graph) = self.modules.graphs[g as usize].as_mut() else {
            return;
        };
        let promise = graph.promise;
        if graph.detached {
            self.modules.graphs[g as usize] = None;
            self.unhandled_rejections.push(e);
        } else if promise.is_undefined() {
            graph.outcome = Some(Err((stage, e)));
        } else {
            self.modules.graphs[g as usize] = None;
            promise::reject_promise(self, promise, e);
        }
    }

    /// Every module of the graph is loaded. A host entry point links and evaluates at once;
    /// `import()` does it in a job (the reaction to the spec's loading promise).
    fn graph_loaded(&mut self, g: GraphId) {
        if self.graph(g).promise.is_undefined() {
            let _ = self.link_and_evaluate(g);
        } else {
            let f = self.new_native_closure(
                "",
                0,
                continue_dynamic_import,
                vec![Value::int(g as i32)],
                false,
            );
            self.jobs
                .push_back(crate::builtins::promise::Job::Call(Value::object(f)));
        }
    }

    /// Links the graph's root, evaluates it, and subscribes to the evaluation promise.
    fn link_and_evaluate(&mut self, g: GraphId) -> JsResult<()> {
        let root = self.graph(g).root.expect("loaded graph has a root");
        if self.graph(g).phase == 1 {
            // GetModuleSource of a Source Text Module Record throws.
            let e = self.syntax_error("Source phase import is not available for this module");
            self.graph_failed(g, Stage::Link, e);
            return Ok(());
        }
        if let Err(e) = self.link_module(root) {
            if e == TERMINATED {
                return Err(e);
            }
            self.graph_failed(g, Stage::Link, e);
            return Ok(());
        }
        if self.graph(g).phase == 2 && self.defers_evaluation(root) {
            // `import.defer()`: nothing needs to run before the namespace is handed out.
            let promise = self.graph(g).promise;
            self.modules.graphs[g as usize] = None;
            let ns = self.deferred_namespace(root);
            return promise::resolve_promise(self, promise, Value::object(ns));
        }
        let p = self.evaluate_module(root)?;
        self.subscribe(p, g, evaluation_fulfilled, evaluation_rejected)
    }

    /// `import(specifier, options)` (§13.3.10.1 EvaluateImportCall, from step 4).
    pub(crate) fn import_call(
        &mut self,
        specifier: Value,
        options: Value,
        referrer: Value,
        phase: u32,
    ) -> JsResult<Value> {
        self.native_scope(|vm| {
            let p = promise::new_promise(vm);
            vm.root(p);
            let spec = match vm.to_string(specifier) {
                Ok(s) => s.to_rust_string(),
                Err(e) if e == TERMINATED => return Err(e),
                Err(e) => {
                    promise::reject_promise(vm, p, e);
                    return Ok(p);
                }
            };
            let json = match vm.import_attributes(options) {
                Ok(json) => json,
                Err(e) if e == TERMINATED => return Err(e),
                Err(e) => {
                    promise::reject_promise(vm, p, e);
                    return Ok(p);
                }
            };
            let referrer = vm.import_referrer(referrer);
            let g = vm.start_graph_load(&referrer, &spec, p, json);
            if let Some(graph) = vm.modules.graphs[g as usize].as_mut() {
                graph.phase = phase;
            }
            Ok(p)
        })
    }
}

impl Vm {
    /// Validates the options of `import(specifier, options)` (§13.3.10.1 steps 7-10): an object
    /// whose `with` is undefined or an object of string values. No attribute is supported, and
    /// none changes how a module loads.
    /// Returns whether `type` is `"json"`.
    fn import_attributes(&mut self, options: Value) -> JsResult<bool> {
        if options.is_undefined() {
            return Ok(false);
        }
        let Some(o) = options.as_object() else {
            return Err(self.type_error("The second argument of import() must be an object"));
        };
        let with = self.intern("with");
        let attrs = self.get(o, crate::vm::Key::Named(with), options)?;
        if attrs.is_undefined() {
            return Ok(false);
        }
        let Some(a) = attrs.as_object() else {
            return Err(self.type_error("The 'with' option of import() must be an object"));
        };
        let mut json = false;
        for key in self.own_keys(a)? {
            if matches!(key, crate::vm::Key::Named(k) if k.is_symbol()) {
                continue;
            }
            let enumerable = self
                .get_own_property_descriptor(a, key)?
                .is_some_and(|d| d.enumerable == Some(true));
            if !enumerable {
                continue;
            }
            let v = self.get(a, key, attrs)?;
            if !v.is_string() {
                return Err(self.type_error("Import attribute values must be strings"));
            }
            let is_type = matches!(key, crate::vm::Key::Named(k) if self.key_name(k) == "type");
            json |= is_type && v.as_string().is_some_and(|s| s.to_rust_string() == "json");
        }
        Ok(json)
    }

    /// The referrer of `import()`: the calling file, or for eval code (named `<eval>`) the
    /// nearest caller that is a file.
    fn import_referrer(&self, referrer: Value) -> String {
        let name = referrer
            .as_string()
            .map(|s| s.to_rust_string())
            .unwrap_or_default();
        if !name.starts_with('<') {
            return name;
        }
        self.frames
            .iter()
            .rev()
            .map(|f| &f.code().source.name)
            .find(|n| !n.starts_with('<'))
            .cloned()
            .unwrap_or(name)
    }
}

impl ModuleRecord {
    /// A record in status `new` (source modules) with its environment.
    pub(crate) fn new(
        key: &str,
        kind: ModuleKind,
        env: Gc<Env>,
        loaded: Vec<Option<ModuleId>>,
        targets: Vec<ImportTarget>,
    ) -> ModuleRecord {
        let synthetic = matches!(kind, ModuleKind::Synthetic(_));
        ModuleRecord {
            key: key.to_string(),
            kind,
            env,
            status: if synthetic {
                Status::Evaluated
            } else {
                Status::New
            },
            loaded,
            targets,
            namespace: None,
            deferred_namespace: None,
            meta: None,
            error: None,
            dfs_index: 0,
            dfs_ancestor_index: 0,
            cycle_root: 0,
            async_order: 0,
            pending_async_deps: 0,
            async_parents: Vec::new(),
            capability: None,
            initialized: false,
        }
    }
}

/// The job that links and evaluates a dynamically imported graph.
fn continue_dynamic_import(vm: &mut Vm, _: Value, _: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    vm.link_and_evaluate(super::captured_id(&ctx))?;
    Ok(Value::UNDEFINED)
}

fn evaluation_fulfilled(vm: &mut Vm, _: Value, _: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let g = super::captured_id(&ctx);
    let Some(graph) = vm.modules.graphs[g as usize].as_mut() else {
        return Ok(Value::UNDEFINED);
    };
    let (promise, root, phase) = (graph.promise, graph.root, graph.phase);
    if graph.detached {
        vm.modules.graphs[g as usize] = None;
    } else if promise.is_undefined() {
        graph.outcome = Some(Ok(()));
        return Ok(Value::UNDEFINED);
    }
    vm.modules.graphs[g as usize] = None;
    vm.root(promise);
    let ns = if phase == 2 {
        vm.deferred_namespace(root.unwrap_or(0))
    } else {
        vm.module_namespace(root.unwrap_or(0))
    };
    promise::resolve_promise(vm, promise, Value::object(ns))?;
    Ok(Value::UNDEFINED)
}

fn evaluation_rejected(vm: &mut Vm, _: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let e = args.first().copied().unwrap_or(Value::UNDEFINED);
    vm.graph_failed(super::captured_id(&ctx), Stage::Evaluate, e);
    Ok(Value::UNDEFINED)
}
