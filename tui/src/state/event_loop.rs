//! Event-loop gauges per JS thread (`event_loop` records) and the main thread's lag history.

use super::ring::Ring;
use jetcrab_engine::telemetry::EventLoopStats;
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
}

impl Default for EventLoopState {
    fn default() -> Self {
        EventLoopState {
            threads: BTreeMap::new(),
            lag: Ring::new(LAG_POINTS),
            max_lag_us: 0,
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
