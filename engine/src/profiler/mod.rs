//! The sampling CPU profiler and the engine-side telemetry probes.
//!
//! - [`sampler`]: the thread that asks for samples (see there for why it never reads the JS
//!   thread's memory) and records `(program)`, `(idle)`, `(garbage collector)`.
//! - `Observer` (below): the JS thread's half, kept in the VM only while a profiler or a
//!   telemetry sink is attached. It answers sample requests at safepoints, keeps a small stack
//!   of the builtins running (so a builtin appears as a frame), and publishes GC, tier-up and
//!   event-loop events.
//! - [`cpuprofile`]: the Chrome `.cpuprofile` format, to and from; folded stacks.
//! - [`flamegraph`]: SVG flamegraphs (inferno) and the `--prof-summary` table.
//!
//! Cost when nothing is attached: the interpreter's existing interrupt test at calls and
//! back-edges, and one `Option` test where a builtin is invoked, where an interpreter
//! activation starts, and per collection.

pub mod allocation;
pub mod cpuprofile;
pub mod flamegraph;
pub(crate) mod functions;
pub(crate) mod sampler;

pub use functions::{pseudo_frames, GC, IDLE, PROGRAM, ROOT};

use crate::heap::Gc;
use crate::object::{JsObject, ObjectKind};
use crate::telemetry::{
    Event, FunctionInfo, GcEnd, GcStart, Sample, Sink, TierUpCandidate, TierUpCandidates,
};
use crate::vm::{
    JsResult, Vm, INTERRUPT_ALLOC, INTERRUPT_SAMPLE, INTERRUPT_TERMINATE, INTERRUPT_TICK,
    TERMINATED,
};
use rustc_hash::FxHashMap;
use sampler::{STATE_GC, STATE_IDLE, STATE_JS, STATE_PROGRAM};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Shortest sampling interval.
pub const MIN_INTERVAL: Duration = Duration::from_micros(100);
/// Longest sampling interval (longer requests are clamped).
pub const MAX_INTERVAL: Duration = Duration::from_secs(60);

/// Profiler settings.
#[derive(Clone, Debug)]
pub struct ProfilerOptions {
    /// Mean time between samples (default 1 ms, clamped to [`MIN_INTERVAL`,
    /// `MAX_INTERVAL`]). Each interval is drawn uniformly from [0.5, 1.5) times this.
    pub interval: Duration,
}

impl Default for ProfilerOptions {
    fn default() -> Self {
        ProfilerOptions {
            interval: Duration::from_millis(1),
        }
    }
}

/// A recorded profile: the functions seen and the samples, in time order.
#[derive(Clone, Debug, Default)]
pub struct Profile {
    /// Indexed by function id (ids [`ROOT`], [`PROGRAM`], [`IDLE`], [`GC`] are pseudo-frames).
    pub functions: Vec<FunctionInfo>,
    /// Samples; `time_us` counts from the profile's start.
    pub samples: Vec<Sample>,
    /// Wall-clock start, microseconds since the Unix epoch.
    pub start_unix_us: u64,
    /// Length of the recording, microseconds.
    pub duration_us: u64,
    /// The configured sampling interval, microseconds.
    pub interval_us: u64,
}

impl Profile {
    /// Self-sample counts: how many samples had `function` as their leaf.
    pub fn self_samples(&self, function: u32) -> usize {
        self.samples
            .iter()
            .filter(|s| s.stack.last() == Some(&function))
            .count()
    }

    /// The ids of functions with this name.
    pub fn functions_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = u32> + 'a {
        self.functions
            .iter()
            .filter(move |f| f.name == name)
            .map(|f| f.id)
    }
}

/// The JS thread's half of the profiler and telemetry probes (see the module docs).
pub(crate) struct Observer {
    shared: Arc<sampler::Shared>,
    thread: Option<std::thread::JoinHandle<()>>,
    sink: Option<Sink>,
    functions: functions::Functions,
    /// Recording since this many µs after `shared.origin` (None: profiler off).
    recording: Option<(u64, u64, u64)>,
    /// Samples of the recording (only while `recording`; streaming never accumulates).
    samples: Vec<Sample>,
    /// Telemetry-only sampling interval in ns (0: off); used while no recording runs.
    streaming_ns: u64,
    /// The sampling heap profiler's samples: stack and size.
    pub(crate) allocations: Vec<(Vec<u32>, u64)>,
    /// Builtins running: the callee and how many bytecode frames were below it.
    natives: Vec<(Gc<JsObject>, u32)>,
    /// Last seen tier-up counters per function id.
    counters: FxHashMap<u32, (u64, u64)>,
    /// End of the previous collection and `total_allocated` then (allocation rate).
    last_gc: Option<(Instant, u64)>,
    /// Event-loop gauges: when last published, iterations so far.
    pub(crate) loop_published: Option<Instant>,
    pub(crate) loop_iterations: u64,
}

impl Observer {
    fn new(interrupt: Arc<std::sync::atomic::AtomicU8>) -> Observer {
        let shared = Arc::new(sampler::Shared::new(interrupt));
        Observer {
            thread: Some(sampler::spawn(shared.clone())),
            shared,
            sink: None,
            functions: functions::Functions::new(),
            recording: None,
            samples: Vec::new(),
            streaming_ns: 0,
            allocations: Vec::new(),
            natives: Vec::new(),
            counters: FxHashMap::default(),
            last_gc: None,
            loop_published: None,
            loop_iterations: 0,
        }
    }

    /// Sets the sampler's interval (0 stops sampling) and wakes it.
    fn set_interval(&self, ns: u64) {
        self.shared.interval_ns.store(ns, Ordering::Relaxed);
        if let Some(t) = &self.thread {
            t.thread().unpark();
        }
    }

    /// The attached sink (listened to or not).
    pub(crate) fn sink(&self) -> Option<&Sink> {
        self.sink.as_ref()
    }

    /// The sink, if attached and listened to.
    pub(crate) fn live_sink(&self) -> Option<&Sink> {
        self.sink.as_ref().filter(|s| s.enabled())
    }
}

impl Drop for Observer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Release);
        if let Some(t) = self.thread.take() {
            t.thread().unpark();
            let _ = t.join();
        }
    }
}

fn unix_us() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as u64)
}

impl Vm {
    pub(crate) fn observer(&mut self) -> &mut Observer {
        if self.observer.is_none() {
            let o = Observer::new(self.interrupt.clone());
            // Attached from inside a running activation (an inspector request at a
            // safepoint): its `enter_js` has passed, so say now that JS runs, or every sample
            // until the next activation would be `(program)`.
            if !self.frames.is_empty() {
                o.shared.state.store(STATE_JS, Ordering::Relaxed);
            }
            self.observer = Some(Box::new(o));
        }
        self.observer.as_deref_mut().expect("just attached")
    }

    /// Publishes this engine's events to `sink` (replacing any previous sink). A worker's
    /// sink ([`Sink::for_worker`]) gets GC and event-loop records only: the tier-up scan, which
    /// announces function ids, runs on the main thread, whose ids the stream's ids are.
    pub(crate) fn set_telemetry(&mut self, sink: Sink) {
        let main = sink.worker() == 0;
        let o = self.observer();
        *o.shared.sink.lock().unwrap() = Some(sink.clone());
        o.shared.ticks.store(main, Ordering::Relaxed);
        o.sink = Some(sink);
    }

    /// Starts recording samples (restarts a running recording).
    pub(crate) fn start_profiler(&mut self, opts: &ProfilerOptions) {
        let interval = opts.interval.clamp(MIN_INTERVAL, MAX_INTERVAL);
        let o = self.observer();
        o.samples.clear();
        o.shared.pseudo.lock().unwrap().clear();
        let now = o.shared.origin.elapsed().as_micros() as u64;
        o.recording = Some((now, unix_us(), interval.as_micros() as u64));
        o.shared.recording.store(true, Ordering::Relaxed);
        o.set_interval(interval.as_nanos() as u64);
    }

    /// Samples JS stacks for the telemetry stream only (`None` stops): samples are published
    /// and never kept, so memory stays flat however long it runs. A recording
    /// ([`Vm::start_profiler`]) is independent of it; while one runs, the sampler uses the
    /// recording's interval for both.
    pub(crate) fn set_stream_sampling(&mut self, interval: Option<Duration>) {
        let ns = interval.map_or(0, |i| i.clamp(MIN_INTERVAL, MAX_INTERVAL).as_nanos() as u64);
        if ns == 0 && self.observer.is_none() {
            return;
        }
        let o = self.observer();
        o.streaming_ns = ns;
        if o.recording.is_none() {
            o.set_interval(ns);
        }
    }

    /// The functions named so far (ids index it; the pseudo-frames come first).
    pub(crate) fn function_infos(&self) -> Vec<FunctionInfo> {
        match self.observer.as_deref() {
            Some(o) => o.functions.infos.clone(),
            None => functions::Functions::new().infos,
        }
    }

    /// Stops recording and returns the profile (None when the profiler was not started).
    pub(crate) fn stop_profiler(&mut self) -> Option<Profile> {
        let o = self.observer.as_deref_mut()?;
        let (start, start_unix_us, interval_us) = o.recording.take()?;
        o.shared.recording.store(false, Ordering::Relaxed);
        o.set_interval(o.streaming_ns);
        let end = o.shared.origin.elapsed().as_micros() as u64;
        let mut samples = std::mem::take(&mut o.samples);
        samples.append(&mut o.shared.pseudo.lock().unwrap());
        samples.retain(|s| s.time_us >= start);
        samples.sort_by_key(|s| s.time_us);
        for s in &mut samples {
            s.time_us -= start;
        }
        Some(Profile {
            functions: o.functions.infos.clone(),
            samples,
            start_unix_us,
            duration_us: end - start,
            interval_us,
        })
    }

    /// Marks the start of an interpreter activation; returns what [`Vm::leave_js`] restores.
    #[inline]
    pub(crate) fn enter_js(&self) -> Option<u8> {
        let o = self.observer.as_deref()?;
        Some(o.shared.state.swap(STATE_JS, Ordering::Relaxed))
    }

    /// Marks the end of an interpreter activation.
    #[inline]
    pub(crate) fn leave_js(&self, prev: Option<u8>) {
        if let (Some(prev), Some(o)) = (prev, self.observer.as_deref()) {
            o.shared.state.store(prev, Ordering::Relaxed);
            if prev != STATE_JS {
                // Leaving JS: a request not answered by now would be answered late.
                self.interrupt
                    .fetch_and(!INTERRUPT_SAMPLE, Ordering::AcqRel);
            }
        }
    }

    /// The event loop starts (`true`) or stops (`false`) waiting.
    pub(crate) fn observe_idle(&self, idle: bool) {
        if let Some(o) = self.observer.as_deref() {
            let s = if idle { STATE_IDLE } else { STATE_PROGRAM };
            o.shared.state.store(s, Ordering::Relaxed);
        }
    }

    /// A builtin is about to run (only called while an observer is attached).
    #[inline]
    pub(crate) fn enter_native(&mut self, callee: Gc<JsObject>) {
        let depth = self.frames.len() as u32;
        if let Some(o) = self.observer.as_deref_mut() {
            o.natives.push((callee, depth));
        }
    }

    /// A builtin returned. A sample requested while it ran is taken now, with the builtin as
    /// the leaf frame.
    #[inline]
    pub(crate) fn leave_native(&mut self) {
        if self.interrupt.load(Ordering::Relaxed) & INTERRUPT_SAMPLE != 0 {
            self.interrupt
                .fetch_and(!INTERRUPT_SAMPLE, Ordering::AcqRel);
            self.take_sample();
        }
        if let Some(o) = self.observer.as_deref_mut() {
            o.natives.pop();
        }
    }

    /// Handles a pending interrupt at a safepoint: answers sample and tick requests, and
    /// returns `Err(TERMINATED)` when termination was requested.
    #[cold]
    pub(crate) fn service_interrupt(&mut self) -> JsResult<()> {
        let bits = self.interrupt.load(Ordering::Acquire);
        let served = INTERRUPT_SAMPLE | INTERRUPT_TICK | INTERRUPT_ALLOC;
        if bits & served != 0 {
            let bits = self.interrupt.fetch_and(!served, Ordering::AcqRel);
            if bits & INTERRUPT_SAMPLE != 0 {
                self.take_sample();
            }
            if bits & INTERRUPT_TICK != 0 {
                self.tier_up_scan();
            }
            if bits & INTERRUPT_ALLOC != 0 {
                self.take_allocation_samples();
            }
        }
        if self.interrupt.load(Ordering::Acquire) & INTERRUPT_TERMINATE != 0 {
            return Err(TERMINATED);
        }
        Ok(())
    }

    /// Copies the JS stack (bytecode frames and the builtins between them) into a sample.
    fn take_sample(&mut self) {
        let Some(mut o) = self.observer.take() else {
            return;
        };
        if o.recording.is_none() && o.live_sink().is_none() {
            self.observer = Some(o);
            return;
        }
        let time_us = o.shared.request_ns.load(Ordering::Relaxed) / 1000;
        let sink = o.sink.clone();
        let sink = sink.as_ref().filter(|s| s.enabled());
        let (stack, line) = self.capture_stack(&mut o, sink);
        let s = Sample {
            time_us,
            stack,
            line,
        };
        if let Some(sink) = sink {
            sink.emit(Event::Sample(s.clone()));
        }
        if o.recording.is_some() {
            o.samples.push(s);
        }
        self.observer = Some(o);
    }

    /// The JS stack as function ids, outermost first (`[PROGRAM]` when no JS runs), and the
    /// 1-based line running in the leaf frame. `o` is the observer, taken out of the VM.
    pub(crate) fn capture_stack(
        &mut self,
        o: &mut Observer,
        sink: Option<&Sink>,
    ) -> (Vec<u32>, u32) {
        let mut stack = Vec::with_capacity(self.frames.len() + o.natives.len());
        let mut natives = o.natives.iter().peekable();
        let mut line = 0;
        for i in 0..=self.frames.len() {
            while let Some(&&(callee, depth)) = natives.peek() {
                if depth as usize != i {
                    break;
                }
                natives.next();
                if let ObjectKind::Native(n) = callee.kind() {
                    let entry = n.f as usize;
                    let vm = &mut *self;
                    stack.push(o.functions.native(entry, || native_name(vm, callee), sink));
                    line = 0;
                }
            }
            if let Some(f) = self.frames.get(i) {
                let code = f.code();
                stack.push(o.functions.code(code, sink));
                line = code.line_col(f.pc).0;
            }
        }
        if stack.is_empty() {
            stack.push(PROGRAM);
        }
        (stack, line)
    }

    /// Publishes the hottest functions on the stack by their tier-up counters.
    fn tier_up_scan(&mut self) {
        let Some(o) = self.observer.as_deref_mut() else {
            return;
        };
        let Some(sink) = o.live_sink().cloned() else {
            return;
        };
        for f in &self.frames {
            let code = f.code();
            let id = o.functions.code(code, Some(&sink));
            o.counters.insert(
                id,
                (code.invocations.get() as u64, code.backedges.get() as u64),
            );
        }
        let mut hot: Vec<_> = o.counters.iter().map(|(&f, &c)| (f, c)).collect();
        hot.sort_by_key(|&(f, (i, b))| (std::cmp::Reverse(i + b), f));
        hot.truncate(10);
        sink.emit(Event::TierUpCandidates(TierUpCandidates {
            functions: hot
                .into_iter()
                .map(|(function, (invocations, backedges))| TierUpCandidate {
                    function,
                    invocations,
                    backedges,
                })
                .collect(),
        }));
    }

    /// A collection starts: returns what [`Vm::gc_ended`] needs.
    #[inline]
    pub(crate) fn gc_started(&self, reason: &'static str) -> Option<u8> {
        let o = self.observer.as_deref()?;
        if let Some(sink) = o.live_sink() {
            sink.emit(Event::GcStart(GcStart {
                cycle: self.heap.stats.collections + 1,
                kind: "full".into(),
                reason: reason.into(),
                bytes_before: self.heap.bytes_allocated as u64,
            }));
        }
        Some(o.shared.state.swap(STATE_GC, Ordering::Relaxed))
    }

    /// A collection ended.
    pub(crate) fn gc_ended(&mut self, prev: Option<u8>) {
        let Some(prev) = prev else { return };
        let heap_limit = self.heap_limit as u64;
        let total = self.heap.stats.total_allocated;
        let cycle = self.heap.stats.last.clone();
        let Some(o) = self.observer.as_deref_mut() else {
            return;
        };
        o.shared.state.store(prev, Ordering::Relaxed);
        let now = Instant::now();
        let rate = match o.last_gc.replace((now, total)) {
            Some((t, before)) => {
                let secs = now.saturating_duration_since(t).as_secs_f64();
                if secs > 0.0 {
                    (total - before) as f64 / secs
                } else {
                    0.0
                }
            }
            None => 0.0,
        };
        if let (Some(sink), Some(c)) = (o.live_sink(), cycle) {
            sink.emit(Event::GcEnd(GcEnd {
                cycle: c.id,
                kind: "full".into(),
                reason: c.reason.into(),
                pause_ns: c.pause.as_nanos() as u64,
                mark_ns: c.mark.as_nanos() as u64,
                sweep_ns: c.sweep.as_nanos() as u64,
                bytes_before: c.bytes_before as u64,
                bytes_after: c.bytes_after as u64,
                heap_size: c.heap_size as u64,
                heap_limit,
                next_threshold: c.next_threshold as u64,
                objects_freed: c.objects_freed as u64,
                objects_live: c.objects_live as u64,
                allocation_rate: rate,
            }));
        }
    }
}

/// A builtin's `name` property, read without running any code.
fn native_name(vm: &mut Vm, f: Gc<JsObject>) -> String {
    let key = crate::vm::Key::Named(crate::atoms::names::NAME);
    vm.get_own_property(f, key)
        .and_then(|p| p.value.as_string().map(|s| s.to_rust_string()))
        .unwrap_or_default()
}
