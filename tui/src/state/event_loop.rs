//! Event-loop gauges per JS thread (`event_loop` records), the main thread's lag history, and
//! each worker's heap (its `gc_end` records, tagged with the worker's number).

use super::ring::Ring;
use jetcrab_engine::telemetry::{EventLoopStats, GcEnd};
use std::collections::BTreeMap;

/// Lag readings kept for the sparkline.
const LAG_POINTS: usize = 1024;

/// The last gauges of each thread.
#[derive(Clone, Debug)]
pub struct EventLoopState {
    /// Thread name → (record time µs, gauges), sorted by name .
    pub threads: BTreeMap<String, (u64, EventLoopStats)>,
    /// The main JS thread's lag readings (µs), oldest first.
    pub lag: Ring<u64>,
    /// Largest lag seen on any thread, µs.
    pub max_lag_us: u64,
    /// Worker thread name (`worker-N`) → its heap after its last collection.
    pub worker_heaps: BTreeMap<String, WorkerHeap>,
}

/// A worker's heap, as its collections report it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct WorkerHeap {
    /// Bytes live after the last collection.
    pub live: u64,
    /// Heap size after the last collection.
    pub size: u64,
    /// Collections so far.
    pub collections: u64,
    /// Longest pause, ns.
    pub max_pause_ns: u64,
}

impl Default for EventLoopState {
    fn default() -> Self {
        EventLoopState {
            threads: BTreeMap::new(),
            lag: Ring::new(LAG_POINTS),
            max_lag_us: 0,
            worker_heaps: BTreeMap::new(),
        }
    }
}

impl EventLoopState {
    /// An `event_loop` record.
    pub fn update(&mut self, ts_us: u64, stats: EventLoopStats) {
        self.max_lag_us = self.max_lag_us.max(stats.lag_us);
        if is_main(&stats.thread) {
            self.lag.push(stats.lag_us);
        }
        self.threads.insert(stats.thread.clone(), (ts_us, stats));
    }

    /// A `gc_end` record published by worker `worker`.
    pub fn worker_gc(&mut self, worker: u32, end: &GcEnd) {
        let h = self
            .worker_heaps
            .entry(jetcrab_engine::telemetry::thread_name(worker))
            .or_default();
        h.live = end.bytes_after;
        h.size = end.heap_size;
        h.collections += 1;
        h.max_pause_ns = h.max_pause_ns.max(end.pause_ns);
    }

    /// The main JS thread's gauges.
    pub fn main(&self) -> Option<&EventLoopStats> {
        self.threads
            .iter()
            .find(|(name, _)| is_main(name))
            .or_else(|| self.threads.iter().next())
            .map(|(_, (_, s))| s)
    }
}

/// The engine names worker threads `worker-N` and the main JS thread `main` or `js`.
fn is_main(thread: &str) -> bool {
    !thread.starts_with("worker")
}
