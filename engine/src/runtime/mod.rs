//! The runtime: an [`Engine`] plus a Tokio event loop and the host APIs of a script runner
//! (timers, `process`, `performance`, text coding, `structuredClone`, workers, async files).
//!
//! One [`Runtime`] per JS thread: it owns the engine and a current-thread Tokio runtime with a
//! `LocalSet` for host futures. JS values never leave the thread; host futures produce plain
//! Rust data that the JS thread converts when it settles their promises. See `docs/runtime.md`.
//!
//! ```
//! use jetcrab_engine::runtime::{HostValue, Runtime, RuntimeOptions};
//!
//! let mut rt = Runtime::new(RuntimeOptions::default());
//! let v = rt
//!     .execute("new Promise(r => setTimeout(() => r(6 * 7), 5))")
//!     .unwrap();
//! assert_eq!(v, HostValue::Number(42.0));
//! ```

mod event_loop;
pub mod fs;
mod globals;
mod modules;
mod ops;
mod pool;
mod process;
mod state;
mod text;
mod timers;
mod value;
mod worker;

pub use ops::{AsyncHostFn, HostError, HostFuture, IoFailure, OpOutput, SyncHostFn};
pub use pool::IsolatePool;
pub use value::HostValue;

use crate::api::{Engine, EngineOptions, JsError};
use crate::value::Value;
use event_loop::Stop;
use ops::{Completion, HostFn};
use state::{state, HostState};
use std::rc::Rc;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

/// Threads in the blocking pool that runs `tokio::fs` operations, as in libuv (Node's default
/// thread pool size). Tokio's default of 512 let 1,000 concurrent `writeFile`s start hundreds of
/// threads that mostly contend for the same directory: the concurrent phase of
/// `benches/programs/io_files.js` took 0.8–3.3 s against 0.5–0.66 s with four.
const BLOCKING_THREADS: usize = 4;

/// A current-thread Tokio runtime with timers (and the blocking pool `tokio::fs` uses).
fn new_tokio() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .max_blocking_threads(BLOCKING_THREADS)
        .build()
        .expect("a current-thread Tokio runtime needs no OS resources beyond a timer")
}

/// Options for a new [`Runtime`].
#[derive(Default)]
pub struct RuntimeOptions {
    /// The engine's options (console sink, GC modes, limits).
    pub engine: EngineOptions,
    /// `process.argv`: by convention the executable, the script's absolute path, then the
    /// script's arguments.
    pub argv: Vec<String>,
}

/// How a script run ended.
#[derive(Debug)]
pub enum Exit {
    /// The loop ran dry: the exit code is `process.exitCode` (0 unless set).
    Done(i32),
    /// `process.exit(code)`.
    Exit(i32),
    /// The loop ran dry while the entry module (its key) still awaited at top level: Node
    /// warns "Detected unsettled top-level await" and exits with 13.
    UnsettledAwait(String),
}

impl Exit {
    /// The process exit code.
    pub fn code(&self) -> i32 {
        match self {
            Exit::Done(c) | Exit::Exit(c) => *c,
            Exit::UnsettledAwait(_) => 13,
        }
    }
}

/// Lets another thread stop a runtime: sets the engine's interrupt flag and wakes the loop if
/// it is waiting for I/O or a timer.
#[derive(Clone)]
pub struct RuntimeHandle {
    interrupt: crate::api::InterruptHandle,
    wake: UnboundedSender<Completion>,
}

impl RuntimeHandle {
    /// Stops the running script (uncatchable) and the loop.
    pub fn terminate(&self) {
        self.interrupt.terminate();
        let _ = self.wake.send(Completion::Wake);
    }

    /// Asks the JS thread to hand control to its debug handler soon: at the next safepoint
    /// while a script runs, or at once when the loop is waiting (it is woken up).
    pub fn debug_interrupt(&self) {
        self.interrupt.request_debug();
        let _ = self.wake.send(Completion::Wake);
    }
}

/// An engine with an event loop: one per JS thread.
pub struct Runtime {
    engine: Engine,
    /// Taken out while it drives the loop (`block_on` needs `&mut self` for the loop).
    tokio: Option<tokio::runtime::Runtime>,
    local: Rc<tokio::task::LocalSet>,
    rx: UnboundedReceiver<Completion>,
    /// A completion received while the loop slept, handled in the next poll phase.
    stash: Option<Completion>,
}

impl Runtime {
    /// A runtime with the host globals installed.
    pub fn new(opts: RuntimeOptions) -> Runtime {
        Self::with_channel(opts, unbounded_channel())
    }

    /// A runtime whose loop receives completions on `channel` (workers: the parent keeps a
    /// sender to post messages before the worker thread has started).
    fn with_channel(
        opts: RuntimeOptions,
        (tx, rx): (UnboundedSender<Completion>, UnboundedReceiver<Completion>),
    ) -> Runtime {
        let mut engine = Engine::with_options(opts.engine);
        let local = Rc::new(tokio::task::LocalSet::new());
        let tokio = Some(new_tokio());
        let vm = engine.vm();
        let mut host = HostState::new(tx.clone(), local.clone());
        host.timers.update_now();
        vm.loader = Box::new(modules::TokioLoader {
            tx,
            local: local.clone(),
            in_flight: host.module_loads.clone(),
        });
        vm.host = Some(Box::new(host));
        globals::install(vm, &opts.argv);
        fs::register_modules(vm);
        Runtime {
            engine,
            tokio,
            local,
            rx,
            stash: None,
        }
    }

    /// The engine (for `eval_script`, heap statistics, …).
    pub fn engine(&mut self) -> &mut Engine {
        &mut self.engine
    }

    /// A handle that can stop this runtime from another thread.
    pub fn handle(&mut self) -> RuntimeHandle {
        let wake = self.host().tx.clone();
        RuntimeHandle {
            interrupt: self.engine.interrupt_handle(),
            wake,
        }
    }

    fn host(&mut self) -> &mut HostState {
        state(self.engine.vm()).expect("a Runtime's VM always has host state")
    }

    /// Installs a global object under `name` (e.g. a host namespace in tests).
    pub fn set_global_namespace(&mut self, name: &str, make: fn(&mut crate::vm::Vm) -> Value) {
        let vm = self.engine.vm();
        let v = make(vm);
        crate::builtins::define_global(vm, name, v);
    }

    /// Registers a synchronous global function implemented in Rust.
    ///
    /// ```
    /// use jetcrab_engine::runtime::{HostValue, Runtime, RuntimeOptions};
    /// let mut rt = Runtime::new(RuntimeOptions::default());
    /// rt.register_fn("add", |args| {
    ///     let n: f64 = args.iter().filter_map(HostValue::as_number).sum();
    ///     Ok(HostValue::Number(n))
    /// });
    /// assert_eq!(rt.execute("add(1, 2, 3)").unwrap(), HostValue::Number(6.0));
    /// ```
    pub fn register_fn(
        &mut self,
        name: &str,
        f: impl Fn(&[HostValue]) -> Result<HostValue, HostError> + 'static,
    ) {
        self.register(name, HostFn::Sync(Rc::new(f)));
    }

    /// Registers a global function that returns a promise, settled by the future `f` returns.
    /// The future runs on this thread's Tokio runtime and never blocks the JS thread.
    ///
    /// ```
    /// use jetcrab_engine::runtime::{HostValue, Runtime, RuntimeOptions};
    /// let mut rt = Runtime::new(RuntimeOptions::default());
    /// rt.register_async_fn("later", |args| {
    ///     Box::pin(async move {
    ///         tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    ///         Ok(args.into_iter().next().unwrap_or(HostValue::Undefined))
    ///     })
    /// });
    /// assert_eq!(rt.execute("later('hi')").unwrap(), HostValue::from("hi"));
    /// ```
    pub fn register_async_fn(
        &mut self,
        name: &str,
        f: impl Fn(Vec<HostValue>) -> HostFuture + 'static,
    ) {
        self.register(name, HostFn::Async(Rc::new(f)));
    }

    fn register(&mut self, name: &str, f: HostFn) {
        let host = self.host();
        let index = host.fns.len() as i32;
        host.fns.push(f);
        let vm = self.engine.vm();
        let func = vm.new_native_closure(
            name,
            0,
            ops::host_fn_trampoline,
            vec![Value::int(index)],
            false,
        );
        crate::builtins::define_global(vm, name, Value::object(func));
    }

    /// Runs a script as the main program, then the event loop until nothing is pending. Uncaught
    /// errors (in the script, a callback or an unhandled rejection) stop the loop at once.
    pub fn run_main(&mut self, source: &str, filename: &str) -> Result<Exit, JsError> {
        self.host().timers.update_now();
        let r = self.engine.run(source, filename).map(drop);
        self.finish_main(r)
    }

    /// [`Runtime::run_main`] for an entry-point module: loads its graph (imports resolve against
    /// `filename`), links and evaluates it, then runs the loop; top-level `await` may wait on
    /// timers and I/O like any other promise.
    pub fn run_main_module(&mut self, source: &str, filename: &str) -> Result<Exit, JsError> {
        self.host().timers.update_now();
        let r = self.engine.eval_module_source(source, filename);
        self.finish_main(r)
    }

    /// The microtask checkpoint after the entry point, then the loop until nothing is pending.
    fn finish_main(&mut self, r: Result<(), JsError>) -> Result<Exit, JsError> {
        let r = match r {
            Ok(()) => self.checkpoint(Ok(Value::UNDEFINED)),
            Err(e) if e.interrupted => match self.host().exit {
                Some(code) => return Ok(Exit::Exit(code)),
                None => return Err(e),
            },
            Err(e) => return Err(e),
        };
        let r = match r {
            Ok(()) => self.run_event_loop_blocking(None),
            Err(s) => Err(s),
        };
        match r {
            Ok(()) => match self.engine.unsettled_entry_module() {
                Some(key) => Ok(Exit::UnsettledAwait(key)),
                None => Ok(Exit::Done(self.exit_code())),
            },
            Err(Stop::Exit(code)) => Ok(Exit::Exit(code)),
            Err(Stop::Error(e)) => Err(e),
        }
    }

    /// `process.exitCode` as an integer (0 when unset or not a number).
    fn exit_code(&mut self) -> i32 {
        process::exit_code(self.engine.vm())
    }

    /// Runs `f` with this runtime's Tokio runtime taken out of `self`.
    fn with_tokio<R>(&mut self, f: impl FnOnce(&tokio::runtime::Runtime, &mut Self) -> R) -> R {
        let rt = self.tokio.take().unwrap_or_else(new_tokio);
        let r = f(&rt, self);
        self.tokio = Some(rt);
        r
    }

    fn run_event_loop_blocking(&mut self, until: Option<Value>) -> Result<(), Stop> {
        self.with_tokio(|rt, me| rt.block_on(me.event_loop(until)))
    }

    /// Runs pending microtasks, then the event loop until nothing is pending (blocking this
    /// thread): for scripts run with `engine().eval_script`.
    pub fn run_event_loop(&mut self) -> Result<Exit, JsError> {
        match self.run_event_loop_blocking(None) {
            Ok(()) => Ok(Exit::Done(self.exit_code())),
            Err(Stop::Exit(code)) => Ok(Exit::Exit(code)),
            Err(Stop::Error(e)) => Err(e),
        }
    }

    /// Evaluates `source` and drives the loop until its completion value settles (a promise is
    /// awaited; any other value is returned once microtasks ran). Blocks this thread.
    pub fn execute(&mut self, source: &str) -> Result<HostValue, JsError> {
        self.with_tokio(|rt, me| rt.block_on(me.execute_async(source)))
    }

    /// Evaluates `source` and resolves once its completion value settles: a promise is awaited
    /// while the loop runs timers and host operations. Must be polled inside a Tokio runtime with
    /// time enabled (e.g. `#[tokio::main(flavor = "current_thread")]`) — the blocking
    /// [`Runtime::execute`] provides one.
    pub async fn execute_async(&mut self, source: &str) -> Result<HostValue, JsError> {
        let v = self.engine.run(source, "[execute]")?;
        self.settle(v).await
    }

    /// Calls the global function `name` with `args` and resolves with its (awaited) result.
    pub async fn call_function_async(
        &mut self,
        name: &str,
        args: &[HostValue],
    ) -> Result<HostValue, JsError> {
        let vm = self.engine.vm();
        let r = vm.native_scope(|vm| {
            let g = vm.realm.global;
            let key = vm.intern(name);
            let f = vm.get_named(g, key)?;
            let mut js_args = Vec::with_capacity(args.len());
            for a in args {
                js_args.push(value::deserialize(vm, a)?);
            }
            vm.call(f, Value::UNDEFINED, &js_args)
        });
        match r {
            Ok(v) => self.settle(v).await,
            Err(e) => Err(self.engine.error_from_value(e)),
        }
    }

    /// Pins `v`, drives the loop until it settles (if it is a promise) and serializes the result.
    async fn settle(&mut self, v: Value) -> Result<HostValue, JsError> {
        let vm = self.engine.vm();
        vm.pinned.push(v);
        let r = match self.checkpoint(Ok(v)) {
            Ok(()) => self.event_loop(Some(v)).await,
            Err(s) => Err(s),
        };
        let vm = self.engine.vm();
        if let Some(i) = vm.pinned.iter().rposition(|&p| p == v) {
            vm.pinned.remove(i);
        }
        match r {
            Ok(()) | Err(Stop::Exit(_)) => {}
            Err(Stop::Error(e)) => return Err(e),
        }
        let vm = self.engine.vm();
        let result = match crate::builtins::promise::promise_info(v) {
            None => v,
            Some((crate::builtins::promise::PromiseState::Fulfilled, r)) => r,
            Some((crate::builtins::promise::PromiseState::Rejected, r)) => {
                if let Some(o) = v.as_object() {
                    if let Some(p) = o.data::<crate::builtins::promise::PromiseData>() {
                        p.is_handled = true;
                    }
                }
                vm.unhandled_rejections.retain(|&x| x != v);
                return Err(self.engine.error_from_value(r));
            }
            Some((crate::builtins::promise::PromiseState::Pending, _)) => {
                return Err(JsError {
                    phase: crate::api::ErrorPhase::Runtime,
                    name: "Error".into(),
                    message: "the promise never settled (nothing left to run)".into(),
                    report: "Error: the promise never settled (nothing left to run)".into(),
                    interrupted: false,
                })
            }
        };
        value::serialize(vm, result).map_err(|e| self.engine.error_from_value(e))
    }
}
