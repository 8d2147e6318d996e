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
        if record.worker != 0 {
            // Workers publish GC and loop records only; the other models are the main thread's.
            match &record.event {
                Event::GcEnd(e) => self.event_loop.worker_gc(record.worker, e),
                Event::EventLoop(e) => self.event_loop.update(ts, e.clone()),
                _ => {}
            }
            return;
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use jetcrab_engine::telemetry::{EventLoopStats, VERSION};

    fn record(worker: u32, ts_us: u64, event: Event) -> Record {
        Record {
            v: VERSION,
            seq: 0,
            ts_us,
            worker,
            event,
        }
    }

    fn gauges(thread: &str) -> Event {
        Event::EventLoop(EventLoopStats {
            thread: thread.into(),
            pending_timers: 1,
            pending_immediates: 0,
            inflight_ops: 0,
            microtasks: 0,
            live_workers: 0,
            lag_us: 0,
            iterations: 1,
        })
    }

    /// A worker's collections go to its row, never into the main thread's heap and GC counts.
    #[test]
    fn worker_records_stay_out_of_the_main_models() {
        let mut s = State::default();
        s.apply(record(0, 10, Event::GcEnd(gc::tests::end(1, 1_000))));
        let mut big = gc::tests::end(1, 5_000_000);
        big.bytes_after = 300 << 20;
        s.apply(record(3, 20, Event::GcEnd(big.clone())));
        s.apply(record(3, 30, Event::GcEnd(big)));
        s.apply(record(3, 40, gauges("worker-3")));
        s.apply(record(0, 50, gauges("main")));
        assert_eq!(s.gc.count, 1);
        assert_eq!(s.gc.max_pause_ns, 1_000);
        let w = s.event_loop.worker_heaps["worker-3"];
        assert_eq!(
            (w.live, w.collections, w.max_pause_ns),
            (300 << 20, 2, 5_000_000)
        );
        assert_eq!(s.event_loop.threads.len(), 2);
        assert_eq!(s.event_loop.main().map(|m| m.thread.as_str()), Some("main"));
    }
}
