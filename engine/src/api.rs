//! The embedding API: the only door into the engine for the CLI, the test262 runner and, later, the
//! runtime, inspector and TUI crates.
//!
//! An [`Engine`] owns one realm and one heap. It is single-threaded; another thread can only reach it
//! through an [`InterruptHandle`].

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

/// Where `print`, `console.log` and friends write. The default writes to the process's stdout/stderr.
pub type PrintSink = Box<dyn FnMut(Stream, &str) + Send>;

/// Which output stream a line of console output goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// `print`, `console.log`, `console.info`.
    Stdout,
    /// `console.warn`, `console.error`.
    Stderr,
}

/// Options for a new [`Engine`].
pub struct EngineOptions {
    /// Collect garbage at every safepoint that follows an allocation (GC stress mode).
    pub gc_stress: bool,
    /// Verify the heap's invariants before and after every collection.
    pub gc_verify: bool,
    /// Install the test262 host object `$262` (createRealm, evalScript, gc, global, detachArrayBuffer).
    pub test262_host: bool,
    /// Maximum JS call depth before `RangeError: Maximum call stack size exceeded`.
    pub max_call_depth: usize,
    /// Where console output goes; `None` writes to the process's stdout/stderr.
    pub print: Option<PrintSink>,
    /// Live heap bytes past which the script gets `RangeError: JavaScript heap out of memory`.
    pub heap_limit: usize,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            gc_stress: std::env::var_os("JETCRAB_GC_STRESS").is_some(),
            gc_verify: std::env::var_os("JETCRAB_GC_VERIFY").is_some(),
            test262_host: false,
            max_call_depth: 10_000,
            print: None,
            heap_limit: 4 << 30,
        }
    }
}

/// When an error was raised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorPhase {
    /// Before any code ran: a syntax or early error.
    Parse,
    /// While the script ran (an uncaught exception).
    Runtime,
    /// While linking modules: an import that no module exports (a SyntaxError).
    Resolution,
}

/// An error that escaped to the embedder.
#[derive(Clone, Debug)]
pub struct JsError {
    /// Parse (early) error or runtime exception.
    pub phase: ErrorPhase,
    /// The error's `name` (`SyntaxError`, `TypeError`, …); empty when a non-Error value was thrown.
    pub name: String,
    /// The error's `message`, or the thrown value rendered as a string.
    pub message: String,
    /// What Node prints for an uncaught exception: `Uncaught Name: message` and the stack or code frame.
    pub report: String,
    /// True when the script was stopped through an [`InterruptHandle`] (e.g. a timeout).
    pub interrupted: bool,
}

impl std::fmt::Display for JsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.report)
    }
}

impl std::error::Error for JsError {}

/// Lets another thread stop a running script: it is checked on loop back-edges and calls.
#[derive(Clone, Debug)]
pub struct InterruptHandle {
    pub(crate) flag: Arc<AtomicU8>,
}

impl InterruptHandle {
    /// Asks the engine to stop: the running script throws an uncatchable termination error.
    pub fn terminate(&self) {
        self.flag
            .fetch_or(crate::vm::INTERRUPT_TERMINATE, Ordering::Release);
    }

    /// Sets the interrupt flag's debugger bit: the engine calls its debug handler at the next
    /// safepoint (see [`crate::debug`]).
    pub fn request_debug(&self) {
        self.flag
            .fetch_or(crate::vm::INTERRUPT_DEBUG, Ordering::Release);
    }
}

/// One JavaScript engine instance: a heap, a realm and a job queue.
pub struct Engine {
    vm: Box<crate::vm::Vm>,
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

impl Engine {
    /// An engine with default options.
    pub fn new() -> Engine {
        Self::with_options(EngineOptions::default())
    }

    /// An engine with the given options.
    pub fn with_options(mut opts: EngineOptions) -> Engine {
        let print = opts.print.take();
        Engine {
            vm: crate::vm::Vm::new(&opts, print),
        }
    }

    /// Runs a classic script. Does not drain the job queue.
    pub fn eval_script(&mut self, source: &str, filename: &str) -> Result<(), JsError> {
        self.run(source, filename).map(|_| ())
    }

    /// Runs a classic script and renders its completion value like Node's REPL.
    pub fn eval_to_string(&mut self, source: &str, filename: &str) -> Result<String, JsError> {
        let v = self.run(source, filename)?;
        Ok(crate::builtins::console::inspect(&mut self.vm, v))
    }

    /// The VM, for the runtime layer.
    pub(crate) fn vm(&mut self) -> &mut crate::vm::Vm {
        &mut self.vm
    }

    /// Runs a classic script and returns its completion value.
    pub(crate) fn run(
        &mut self,
        source: &str,
        filename: &str,
    ) -> Result<crate::value::Value, JsError> {
        let vm = &mut self.vm;
        let code =
            match crate::compiler::compile(vm, source, filename, crate::compiler::Mode::Script) {
                Ok(c) => c,
                Err(e) => return Err(parse_error(e)),
            };
        let g = crate::value::Value::object(vm.realm.global);
        let r = vm.run_code_in(
            code,
            None,
            g,
            crate::value::Value::UNDEFINED,
            crate::value::Value::UNDEFINED,
        );
        r.map_err(|e| self.error_from_value(e))
    }

    /// Runs the module at `path` as the entry point of a module graph: loads every module it
    /// imports (through the engine's [`ModuleLoader`](crate::module::ModuleLoader), by default
    /// [`FsLoader`](crate::module::FsLoader)), links and evaluates the graph, then drains the
    /// job queue so that top-level `await` settles. A module that fails to load or parse, an
    /// import that does not resolve and a rejected evaluation are returned as errors.
    pub fn eval_module(&mut self, path: &std::path::Path) -> Result<(), JsError> {
        let key = crate::module::loader::absolute(path)
            .to_string_lossy()
            .into_owned();
        let g = self
            .vm
            .start_graph_load(&key, &key, crate::value::Value::UNDEFINED, false);
        self.finish_graph(g)
    }

    /// Runs `source` as an entry-point module named `filename` (its imports resolve against
    /// that path). See [`Engine::eval_module`].
    pub fn eval_module_source(&mut self, source: &str, filename: &str) -> Result<(), JsError> {
        let key = crate::module::loader::absolute(std::path::Path::new(filename))
            .to_string_lossy()
            .into_owned();
        let root = match self.vm.modules.by_key.get(&key) {
            Some(&m) => m,
            None => {
                let id = self.vm.modules.records.len() as u32;
                match crate::compiler::compile_module(&mut self.vm, source, &key, id) {
                    Ok(c) => self.vm.add_source_module(&key, c),
                    Err(e) => return Err(parse_error(e)),
                }
            }
        };
        let g = self.vm.start_graph_at(root);
        self.finish_graph(g)
    }

    /// Drains the jobs of a host entry-point graph load and reports how it ended.
    fn finish_graph(&mut self, g: u32) -> Result<(), JsError> {
        let jobs = self.run_jobs();
        let slot = &mut self.vm.modules.graphs[g as usize];
        let (root, outcome) = match slot {
            // Still loading or evaluating: it finishes later (see `GraphLoad::detached`).
            Some(graph) if graph.outcome.is_none() => {
                graph.detached = true;
                (None, None)
            }
            Some(_) => match slot.take() {
                Some(graph) => (graph.root, graph.outcome),
                None => (None, None),
            },
            None => (None, None),
        };
        jobs?;
        use crate::module::graph::Stage;
        match outcome {
            None | Some(Ok(())) => Ok(()),
            Some(Err((stage, e))) => {
                let parsed = self.vm.modules.parse_errors.iter().find(|(v, _)| *v == e);
                // Only the entry point's own syntax errors are parse errors; a dependency's make
                // the graph fail to resolve (as in test262's `phase: resolution`).
                let parsed = parsed.filter(|_| root.is_none());
                if let Some(report) = parsed.map(|(_, r)| r.clone()) {
                    let (name, message) = error_name_message(&mut self.vm, e);
                    return Err(JsError {
                        phase: ErrorPhase::Parse,
                        name,
                        message,
                        report,
                        interrupted: false,
                    });
                }
                let mut err = self.error_from_value(e);
                if stage != Stage::Evaluate {
                    err.phase = ErrorPhase::Resolution;
                }
                Err(err)
            }
        }
    }

    /// Replaces the module loader (the default reads files with `std::fs`). An asynchronous
    /// host returns [`LoadOutcome::Pending`](crate::module::LoadOutcome::Pending) from `load`
    /// and later calls [`Engine::finish_module_load`].
    pub fn set_module_loader(&mut self, loader: Box<dyn crate::module::ModuleLoader>) {
        self.vm.loader = loader;
    }

    /// The key of a host entry-point module whose evaluation is still pending, if any: once the
    /// event loop has run dry this is a top-level `await` that can never settle (Node exits 13).
    pub fn unsettled_entry_module(&self) -> Option<String> {
        let graph = self
            .vm
            .modules
            .graphs
            .iter()
            .flatten()
            .find(|g| g.detached && g.outcome.is_none())?;
        let root = graph.root?;
        Some(self.vm.modules.records[root as usize].key.clone())
    }

    /// FinishLoadingImportedModule: delivers the source (or failure) of a load the loader left
    /// pending. Every import waiting for `key` continues; run [`Engine::run_jobs`] afterwards.
    /// `Pending` is ignored.
    pub fn finish_module_load(&mut self, key: &str, outcome: crate::module::LoadOutcome) {
        use crate::module::LoadOutcome;
        let result = match outcome {
            LoadOutcome::Source(s) => Ok(s),
            LoadOutcome::NotFound => Err(None),
            LoadOutcome::Error(msg) => Err(Some(msg)),
            LoadOutcome::Pending => return,
        };
        self.vm.finish_fetch(key, result);
    }

    /// Registers a built-in (synthetic) module: `import { name } from "specifier"` then reads
    /// the given values. For host modules such as `node:fs/promises` or `jetcrab:fs`.
    pub fn register_builtin_module(
        &mut self,
        specifier: &str,
        exports: &[(&str, crate::value::Value)],
    ) {
        self.vm.add_synthetic_module(specifier, exports);
    }

    /// Does `source` parse as a module with `import`/`export` declarations?
    pub fn is_module_source(source: &str) -> bool {
        crate::compiler::has_module_syntax(source)
    }

    /// Drains the promise job queue (microtasks). An error thrown by a job is returned.
    pub fn run_jobs(&mut self) -> Result<(), JsError> {
        crate::builtins::promise::run_jobs(&mut self.vm).map_err(|e| self.error_from_value(e))
    }

    /// A handle other threads can use to stop the running script.
    pub fn interrupt_handle(&self) -> InterruptHandle {
        InterruptHandle {
            flag: self.vm.interrupt.clone(),
        }
    }

    /// Heap statistics (`Heap::stats()`).
    pub fn heap_stats(&self) -> crate::heap::HeapStats {
        self.vm.heap_stats()
    }

    /// Publishes this engine's telemetry (GC cycles, profiler samples, tier-up candidates,
    /// event-loop gauges) to `sink`. Costs nothing measurable while nobody subscribes.
    pub fn set_telemetry(&mut self, sink: crate::telemetry::Sink) {
        self.vm.set_telemetry(sink);
    }

    /// Starts the sampling profiler (restarting a running recording).
    pub fn start_profiler(&mut self, opts: crate::profiler::ProfilerOptions) {
        self.vm.start_profiler(&opts);
    }

    /// Samples JS stacks for the telemetry stream only (`None` stops): samples are published,
    /// never kept, so memory stays flat however long it runs. Independent of
    /// [`start_profiler`](Self::start_profiler): while a recording runs, both use its interval.
    pub fn set_stream_sampling(&mut self, interval: Option<std::time::Duration>) {
        self.vm.set_stream_sampling(interval);
    }

    /// Stops the profiler and returns what it recorded (None if it was not started).
    pub fn stop_profiler(&mut self) -> Option<crate::profiler::Profile> {
        self.vm.stop_profiler()
    }

    /// Runs a full collection now.
    pub fn collect_garbage(&mut self) {
        self.vm
            .collect_garbage(crate::value::Value::UNDEFINED, "explicit");
    }

    /// Compiles `source` and returns the disassembly of every function in it.
    pub fn disassemble(&mut self, source: &str, filename: &str) -> Result<String, JsError> {
        let vm = &mut self.vm;
        match crate::compiler::compile(vm, source, filename, crate::compiler::Mode::Script) {
            Ok(code) => {
                let vm: &crate::vm::Vm = vm;
                Ok(crate::bytecode::disassemble(&code, &|raw| {
                    vm.key_name_raw(raw)
                }))
            }
            Err(e) => Err(parse_error(e)),
        }
    }

    /// Promises rejected with no handler after the job queue drained, as error reports.
    pub fn take_unhandled_rejections(&mut self) -> Vec<JsError> {
        let list = std::mem::take(&mut self.vm.unhandled_rejections);
        list.into_iter()
            .map(|p| {
                let reason = crate::builtins::promise::promise_info(p)
                    .map(|i| i.1)
                    .unwrap_or(p);
                let is_error = reason
                    .as_object()
                    .is_some_and(|o| self.vm.error_stack(o).is_some());
                match is_error {
                    true => self.error_from_value(reason),
                    false => self.unhandled_rejection_error(reason),
                }
            })
            .collect()
    }

    /// Node's report of a promise rejected with something other than an Error.
    fn unhandled_rejection_error(&mut self, reason: crate::value::Value) -> JsError {
        // V8's NoSideEffectsToString, as Node uses it here.
        let shown = match (reason.as_string(), reason.as_object()) {
            (Some(s), _) => s.to_rust_string(),
            (_, Some(o)) if o.is_array() => "[object Array]".to_string(),
            (_, Some(o)) => format!(
                "#<{}>",
                read_ctor_name(&mut self.vm, o).unwrap_or_else(|| "Object".into())
            ),
            _ => crate::builtins::console::inspect(&mut self.vm, reason),
        };
        let message = format!(
            "This error originated either by throwing inside of an async function without a \
             catch block, or by rejecting a promise which was not handled with .catch(). The \
             promise rejected with the reason \"{shown}\"."
        );
        JsError {
            phase: ErrorPhase::Runtime,
            report: format!(
                "Uncaught UnhandledPromiseRejection: {message} {{\n  code: 'ERR_UNHANDLED_REJECTION'\n}}"
            ),
            name: "UnhandledPromiseRejection".into(),
            message,
            interrupted: false,
        }
    }

    /// The embedder's view of a thrown value (its name, message and Node-style report).
    pub(crate) fn error_from_value(&mut self, e: crate::value::Value) -> JsError {
        let vm = &mut self.vm;
        if e == crate::vm::TERMINATED {
            vm.clear_interrupt();
            vm.frames.clear();
            vm.sp = 0;
            return JsError {
                phase: ErrorPhase::Runtime,
                name: String::new(),
                message: "Script execution was terminated".into(),
                report: "Error: Script execution was terminated".into(),
                interrupted: true,
            };
        }
        let (name, message) = error_name_message(vm, e);
        let stack = e.as_object().and_then(|o| {
            vm.error_stack(o)
                .and_then(|v| v.as_string())
                .map(|s| s.to_rust_string())
        });
        let report = match stack {
            Some(s) => format!("Uncaught {s}"),
            None => format!("Uncaught {}", crate::builtins::console::inspect(vm, e)),
        };
        JsError {
            phase: ErrorPhase::Runtime,
            name,
            message,
            report,
            interrupted: false,
        }
    }
}

/// A compile error as a `JsError`.
fn parse_error(e: crate::compiler::CompileError) -> JsError {
    JsError {
        phase: ErrorPhase::Parse,
        name: "SyntaxError".into(),
        message: e.message,
        report: e.report,
        interrupted: false,
    }
}

/// The `name` and `message` of a thrown value, read without running user code.
fn error_name_message(vm: &mut crate::vm::Vm, e: crate::value::Value) -> (String, String) {
    let Some(o) = e.as_object() else {
        let s = crate::builtins::console::inspect(vm, e);
        return (String::new(), s);
    };
    let read = |vm: &mut crate::vm::Vm, k| {
        let mut cur = Some(o);
        while let Some(c) = cur {
            if let Some(p) = vm.get_own_property(c, crate::vm::Key::Named(k)) {
                return p.value.as_string().map(|s| s.to_rust_string());
            }
            cur = c.inner().proto;
        }
        None
    };
    let mut name = read(vm, crate::atoms::names::NAME).unwrap_or_default();
    if name.is_empty() {
        // Constructor name (e.g. test262's Test262Error defines no `name` on instances).
        if let Some(ctor) = read_ctor_name(vm, o) {
            name = ctor;
        }
    }
    let message = read(vm, crate::atoms::names::MESSAGE).unwrap_or_default();
    (name, message)
}

fn read_ctor_name(
    vm: &mut crate::vm::Vm,
    o: crate::heap::Gc<crate::object::JsObject>,
) -> Option<String> {
    let proto = o.inner().proto?;
    let c = vm
        .get_own_property(
            proto,
            crate::vm::Key::Named(crate::atoms::names::CONSTRUCTOR),
        )?
        .value
        .as_object()?;
    let n = vm
        .get_own_property(c, crate::vm::Key::Named(crate::atoms::names::NAME))?
        .value;
    n.as_string().map(|s| s.to_rust_string())
}
