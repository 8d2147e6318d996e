//! The telemetry model: everything the views show, fed one record at a time.
//!
//! No terminal types here: the views read a `&State`, the sources call [`State::apply`]. Every
//! collection is bounded (ring buffers, windows), so a long session uses constant memory
//! except for the function table and the `all` window's distinct stacks.

pub mod event_loop;
pub mod functions;
pub mod gc;
pub mod jit;
pub mod profile;
pub mod ring;

pub use event_loop::EventLoopState;
pub use functions::Functions;
pub use gc::GcState;
pub use jit::JitState;
pub use profile::{ProfileState, Window};
pub use ring::Ring;

use jetcrab_engine::telemetry::{Event, Header, Record};

/// Everything known about the observed process.
#[derive(Default)]
pub struct State {
    /// The stream's header (schema version, engine, start time), once known.
    pub header: Option<Header>,
    /// Time of the newest record, µs since the stream started: the clock of every view (no
    /// wall time, so a replay renders the same screen as the live session did).
    pub now_us: u64,
    /// Records applied.
    pub records: u64,
    /// Names of function ids.
    pub functions: Functions,
    /// Collections and heap.
    pub gc: GcState,
    /// Profiler samples.
    pub profile: ProfileState,
    /// JIT queue and tier-up candidates.
    pub jit: JitState,
    /// Event-loop gauges.
    pub event_loop: EventLoopState,
    /// Events the engine could not publish (its `dropped` record).
    pub engine_dropped: u64,
    /// Records lost between the engine and us (`lagged` records, and our own full channel).
    pub lost: u64,
    /// Input lines that were not telemetry (skipped).
    pub bad_lines: u64,
}

impl State {
    /// Applies one record.
    pub fn apply(&mut self, record: Record) {
        let ts = record.ts_us;
        self.now_us = self.now_us.max(ts);
        self.records += 1;
        match record.event {
            Event::Header(h) => self.header = Some(h),
            Event::GcStart(s) => self.gc.start(ts, s),
            Event::GcEnd(e) => self.gc.end(ts, e),
            Event::JitEnqueued(e) => self.jit.enqueued(ts, e),
            Event::JitCompileStarted(e) => self.jit.started(e),
            Event::JitInstalled(e) => self.jit.installed(e),
            Event::JitFailed(e) => self.jit.failed(e),
            Event::TierUpCandidates(c) => self.jit.candidates = Some(c),
            Event::Function(f) => self.functions.insert(f),
            Event::Sample(s) => self.profile.sample(ts, s.stack),
            Event::ProfileAggregate(a) => self.profile.aggregate = Some(a),
            Event::EventLoop(e) => self.event_loop.update(ts, e),
            Event::Dropped(d) => self.engine_dropped = d.total,
        }
        self.profile.expire(self.now_us);
    }

    /// Seconds of uptime, as the newest record tells.
    pub fn uptime_s(&self) -> f64 {
        self.now_us as f64 / 1e6
    }

    /// `r`: restarts the profile windows now.
    pub fn reset_window(&mut self) {
        self.profile.reset(self.now_us);
    }
}
