//! [`HostState`]: what the runtime keeps inside the VM (`Vm::host`), traced as a GC root.
//!
//! Every JS value the runtime holds between macrotasks lives here: timer callbacks and their
//! arguments, queued immediates and `nextTick` callbacks, the promises of in-flight host
//! operations and the `Worker` objects. Natives reach it through [`state`].

use super::ops::{Completion, HostFn};
use super::timers::Timers;
use super::worker::Workers;
use crate::heap::{Trace, Tracer};
use crate::value::Value;
use crate::vm::{HostData, Vm};
use std::collections::VecDeque;
use std::rc::Rc;
use tokio::sync::mpsc::UnboundedSender;

/// A queued callback with its arguments (an immediate or a `nextTick`).
pub(crate) struct Callback {
    /// Id (immediates: for `clearImmediate`).
    pub(crate) id: u32,
    /// The function.
    pub(crate) func: Value,
    /// Its arguments.
    pub(crate) args: Vec<Value>,
}

/// The runtime's state inside the VM.
pub(crate) struct HostState {
    /// `setTimeout` / `setInterval`.
    pub(crate) timers: Timers,
    /// `setImmediate` queue (the check phase).
    pub(crate) immediates: VecDeque<Callback>,
    /// `process.nextTick` queue: drained before promise jobs.
    pub(crate) ticks: VecDeque<Callback>,
    /// Promises of in-flight host operations, by operation id.
    pub(crate) ops: rustc_hash::FxHashMap<u32, Value>,
    /// Next timer / immediate / operation id.
    pub(crate) next_id: u32,
    /// Host functions registered by the embedder; natives capture their index.
    pub(crate) fns: Vec<HostFn>,
    /// Workers started by this thread.
    pub(crate) workers: Workers,
    /// Module files being read (shared with the module loader).
    pub(crate) module_loads: Rc<std::cell::Cell<u32>>,
    /// Where operations and worker threads report completions to this thread's loop.
    pub(crate) tx: UnboundedSender<Completion>,
    /// Runs this thread's host futures (`!Send` futures are fine).
    pub(crate) local: Rc<tokio::task::LocalSet>,
    /// The `process` object (`process.exitCode` is read from it at exit).
    pub(crate) process: Value,
    /// `process.exit(code)` was called.
    pub(crate) exit: Option<i32>,
    /// `performance.timeOrigin` and the base of `performance.now()`.
    pub(crate) origin: std::time::Instant,
    /// `performance.timeOrigin` in milliseconds since the Unix epoch.
    pub(crate) origin_epoch_ms: f64,
}

impl HostState {
    /// A fresh state reporting to `tx`.
    pub(crate) fn new(tx: UnboundedSender<Completion>, local: Rc<tokio::task::LocalSet>) -> Self {
        HostState {
            timers: Timers::default(),
            immediates: VecDeque::new(),
            ticks: VecDeque::new(),
            ops: Default::default(),
            next_id: 1,
            fns: Vec::new(),
            workers: Workers::default(),
            module_loads: Rc::default(),
            tx,
            local,
            process: Value::UNDEFINED,
            exit: None,
            origin: std::time::Instant::now(),
            origin_epoch_ms: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs_f64() * 1000.0)
                .unwrap_or(0.0),
        }
    }

    /// A new id for a timer, immediate or operation.
    pub(crate) fn fresh_id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1).max(1);
        id
    }

    /// Is anything left that keeps the loop alive (Node: referenced handles and requests)?
    pub(crate) fn alive(&self) -> bool {
        !self.timers.is_empty()
            || !self.immediates.is_empty()
            || !self.ops.is_empty()
            || self.module_loads.get() > 0
            || self.workers.alive()
    }
}

impl Trace for HostState {
    fn trace(&self, t: &mut Tracer) {
        self.timers.trace(t);
        for c in self.immediates.iter().chain(self.ticks.iter()) {
            t.value(c.func);
            t.values(&c.args);
        }
        for p in self.ops.values() {
            t.value(*p);
        }
        self.workers.trace(t);
        t.value(self.process);
    }
}

impl HostData for HostState {
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

/// The runtime state of this VM, if it runs under a [`super::Runtime`].
pub(crate) fn state(vm: &mut Vm) -> Option<&mut HostState> {
    vm.host.as_mut()?.as_any_mut().downcast_mut::<HostState>()
}

/// The runtime state, or a TypeError for natives called on a bare engine.
pub(crate) fn state_or_throw(vm: &mut Vm) -> Result<&mut HostState, Value> {
    if state(vm).is_none() {
        return Err(vm.type_error("this function needs the JetCrab runtime (event loop)"));
    }
    state(vm).ok_or(Value::UNDEFINED)
}
