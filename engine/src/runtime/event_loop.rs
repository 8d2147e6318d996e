//! The event loop's phases, in Node's order:
//!
//! 1. **timers**: every timer due now, earliest first (ties in scheduling order);
//! 2. **poll**: every completion that is ready (host operations, worker messages), in one batch;
//! 3. **check**: the `setImmediate` callbacks queued before this phase began.
//!
//! After each callback the microtask checkpoint runs: the `nextTick` queue, then promise jobs,
//! repeated until both are empty; then unhandled rejections are fatal (Node's default
//! `--unhandled-rejections=throw`). When nothing is due, the loop sleeps in
//! `tokio::time::timeout_at(next deadline, channel.recv())`. It ends when no timer, immediate,
//! operation or live worker is left, or after `process.exit()` / a termination request.
//!
//! JS only runs between phases' steps, never while the loop awaits, and the interpreter knows
//! nothing of the loop: no hook sits on its hot path.

use super::ops::{complete_op, Completion};
use super::state::state;
use super::Runtime;
use crate::api::JsError;
use crate::value::Value;
use crate::vm::{JsResult, Vm, TERMINATED};

/// Why the loop stopped early.
pub(crate) enum Stop {
    /// A JS error escaped (uncaught exception, unhandled rejection, termination).
    Error(JsError),
    /// `process.exit(code)`.
    Exit(i32),
}

/// Calls `f(...args)` with `f` and the arguments rooted for the call.
pub(crate) fn call_rooted(vm: &mut Vm, f: Value, this: Value, args: &[Value]) -> JsResult<Value> {
    vm.native_scope(|vm| {
        vm.root(f);
        vm.root(this);
        for &a in args {
            vm.root(a);
        }
        vm.call(f, this, args)
    })
}

/// The microtask checkpoint: `nextTick` callbacks, then promise jobs, until both are empty.
pub(crate) fn drain_microtasks(vm: &mut Vm) -> JsResult<()> {
    loop {
        while let Some(tick) = state(vm).and_then(|s| s.ticks.pop_front()) {
            call_rooted(vm, tick.func, Value::UNDEFINED, &tick.args)?;
        }
        crate::builtins::promise::run_jobs(vm)?;
        if state(vm).is_none_or(|s| s.ticks.is_empty()) {
            return Ok(());
        }
    }
}

impl Runtime {
    /// Turns a thrown value (or a `process.exit`) into a [`Stop`].
    fn stop(&mut self, e: Value) -> Stop {
        if e == TERMINATED {
            if let Some(code) = state(self.engine.vm()).and_then(|s| s.exit) {
                self.engine.vm().clear_interrupt();
                self.engine.vm().frames.clear();
                self.engine.vm().sp = 0;
                return Stop::Exit(code);
            }
        }
        Stop::Error(self.engine.error_from_value(e))
    }

    /// After a macrotask: microtasks, then the unhandled-rejection check.
    pub(crate) fn checkpoint(&mut self, r: JsResult<Value>) -> Result<(), Stop> {
        let vm = self.engine.vm();
        let r = r.and_then(|_| drain_microtasks(vm));
        if let Err(e) = r {
            return Err(self.stop(e));
        }
        if let Some(e) = self.engine.take_unhandled_rejections().into_iter().next() {
            return Err(Stop::Error(e));
        }
        Ok(())
    }

    /// Timers phase.
    fn run_timers(&mut self) -> Result<(), Stop> {
        let now = self.host().timers.update_now();
        while let Some(due) = self.host().timers.pop_due(now) {
            let r = call_rooted(self.engine.vm(), due.callback, Value::UNDEFINED, &due.args);
            self.host().timers.finish(due.id);
            self.checkpoint(r)?;
        }
        Ok(())
    }

    /// Poll phase: every ready completion.
    fn run_completions(&mut self) -> Result<(), Stop> {
        loop {
            let c = match self.stash.take() {
                Some(c) => c,
                None => match self.rx.try_recv() {
                    Ok(c) => c,
                    Err(_) => return Ok(()),
                },
            };
            let r = match c {
                Completion::Op(id, r) => {
                    complete_op(self.engine.vm(), id, r);
                    Ok(Value::UNDEFINED)
                }
                Completion::Message(m) => super::worker::deliver(self.engine.vm(), m),
                Completion::Module(key, outcome) => {
                    let loads = &self.host().module_loads;
                    loads.set(loads.get().saturating_sub(1));
                    self.engine.finish_module_load(&key, outcome);
                    Ok(Value::UNDEFINED)
                }
                Completion::Wake => Ok(Value::UNDEFINED),
            };
            self.checkpoint(r)?;
        }
    }

    /// Check phase: the immediates queued before it began.
    fn run_immediates(&mut self) -> Result<(), Stop> {
        let Some(last) = self.host().immediates.back().map(|c| c.id) else {
            return Ok(());
        };
        while let Some(c) = self.host().immediates.front() {
            if c.id > last {
                break;
            }
            let Some(c) = self.host().immediates.pop_front() else {
                break;
            };
            let r = call_rooted(self.engine.vm(), c.func, Value::UNDEFINED, &c.args);
            self.checkpoint(r)?;
        }
        Ok(())
    }

    /// Runs the loop until nothing is pending, or (with `until`) until that promise settles.
    pub(crate) async fn event_loop(&mut self, until: Option<Value>) -> Result<(), Stop> {
        let local = self.local.clone();
        local.run_until(self.event_loop_inner(until)).await
    }

    async fn event_loop_inner(&mut self, until: Option<Value>) -> Result<(), Stop> {
        let settled = |v: Option<Value>| {
            v.and_then(crate::builtins::promise::promise_info)
                .is_some_and(|(s, _)| s != crate::builtins::promise::PromiseState::Pending)
        };
        // Jobs an embedder's `eval_script` left behind run before the first phase.
        self.checkpoint(Ok(Value::UNDEFINED))?;
        loop {
            if settled(until) {
                return Ok(());
            }
            if self.engine.vm().terminate_pending() {
                return Err(self.stop(TERMINATED));
            }
            // An attached debugger's messages (the runtime's handle woke the loop for them).
            if self.engine.vm().debug_pending() {
                self.engine.vm().debug_interrupt(Value::UNDEFINED);
            }
            self.run_timers()?;
            self.run_completions()?;
            self.run_immediates()?;
            if settled(until) {
                return Ok(());
            }
            let stashed = self.stash.is_some();
            let host = self.host();
            if !host.alive() && !stashed {
                return Ok(());
            }
            if !host.immediates.is_empty() {
                continue;
            }
            let deadline = host.timers.next_deadline();
            self.engine.vm().observe_idle(true);
            let got = match deadline {
                Some(d) => tokio::time::timeout_at(d, self.rx.recv())
                    .await
                    .ok()
                    .flatten(),
                None => self.rx.recv().await,
            };
            self.engine.vm().observe_idle(false);
            let lag = deadline.map(|d| tokio::time::Instant::now().saturating_duration_since(d));
            self.observe_loop(lag.unwrap_or_default());
            self.stash = got;
            // libuv updates its clock after polling: timers scheduled by the completions count
            // from now, not from before the sleep.
            self.host().timers.update_now();
        }
    }
}

impl Runtime {
    /// After each wake-up of the loop: publishes the loop's gauges (at most every 50 ms) while
    /// telemetry is listened to. `lag` is how late the loop woke for its earliest timer.
    fn observe_loop(&mut self, lag: std::time::Duration) {
        let vm = self.engine.vm();
        let Some(o) = vm.observer.as_deref_mut() else {
            return;
        };
        o.loop_iterations += 1;
        let Some(sink) = o.live_sink().cloned() else {
            return;
        };
        let now = std::time::Instant::now();
        if o.loop_published
            .is_some_and(|t| now - t < std::time::Duration::from_millis(50))
        {
            return;
        }
        o.loop_published = Some(now);
        let iterations = o.loop_iterations;
        let microtasks = vm.jobs.len() as u64;
        let Some(host) = state(vm) else { return };
        sink.emit(crate::telemetry::Event::EventLoop(
            crate::telemetry::EventLoopStats {
                thread: crate::telemetry::thread_name(sink.worker()),
                pending_timers: host.timers.len() as u64,
                pending_immediates: host.immediates.len() as u64,
                inflight_ops: host.ops.len() as u64,
                microtasks,
                live_workers: host.workers.count() as u64,
                lag_us: lag.as_micros() as u64,
                iterations,
            },
        ));
    }
}
