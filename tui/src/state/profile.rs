//! Profiler samples, tallied over three windows: the last second, the last ten seconds, and
//! everything since the start (or since the last reset).
//!
//! Each window is an incremental [`Tally`]: a sample is added when it arrives and taken back
//! when it leaves the window, so a frame's summary costs one sort of the window's functions,
//! not a pass over its samples.

use jetcrab_engine::profiler::IDLE;
use jetcrab_engine::telemetry::{FunctionInfo, ProfileAggregate, ProfileSummary, Tally};
use std::collections::{HashMap, VecDeque};

/// The span of samples the hot-paths view and the flamegraph use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    /// The last second.
    Second,
    /// The last ten seconds.
    TenSeconds,
    /// Since the start or the last reset.
    All,
}

impl Window {
    /// Every window, in the order `w` cycles through them.
    pub const ALL: [Window; 3] = [Window::Second, Window::TenSeconds, Window::All];

    /// Short label (`1s`, `10s`, `all`).
    pub fn label(self) -> &'static str {
        match self {
            Window::Second => "1s",
            Window::TenSeconds => "10s",
            Window::All => "all",
        }
    }

    /// The next window in [`Window::ALL`].
    pub fn next(self) -> Window {
        let i = Window::ALL.iter().position(|&w| w == self).unwrap_or(0);
        Window::ALL[(i + 1) % Window::ALL.len()]
    }

    fn span_us(self) -> Option<u64> {
        match self {
            Window::Second => Some(1_000_000),
            Window::TenSeconds => Some(10_000_000),
            Window::All => None,
        }
    }
}

/// Samples and their tallies.
#[derive(Default)]
pub struct ProfileState {
    /// Samples of the last ten seconds: (record time µs, stack).
    recent: VecDeque<(u64, Vec<u32>)>,
    /// How many of `recent`'s oldest entries already left the one-second tally.
    left_second: usize,
    second: Tally,
    ten: Tally,
    all: Tally,
    /// Full stacks since the start or reset, with counts (the `all` flamegraph).
    all_paths: HashMap<Vec<u32>, u64>,
    /// `(idle)` leaf samples in the one-second window.
    idle_second: u64,
    /// Samples received since the start (resets do not clear it).
    pub received: u64,
    /// The engine's last `profile_aggregate` (used when no samples arrive).
    pub aggregate: Option<ProfileAggregate>,
    /// Record time of the last reset, µs.
    pub reset_at_us: u64,
}

impl ProfileState {
    /// A `sample` record at `ts_us`.
    pub fn sample(&mut self, ts_us: u64, stack: Vec<u32>) {
        if stack.is_empty() {
            return;
        }
        self.received += 1;
        self.second.add(&stack, 1);
        self.ten.add(&stack, 1);
        self.all.add(&stack, 1);
        if stack.last() == Some(&IDLE) {
            self.idle_second += 1;
        }
        *self.all_paths.entry(stack.clone()).or_insert(0) += 1;
        self.recent.push_back((ts_us, stack));
        self.expire(ts_us);
    }

    /// Takes back samples that left the windows, as of `now_us`.
    pub fn expire(&mut self, now_us: u64) {
        let second_from = now_us.saturating_sub(1_000_000);
        while let Some((ts, stack)) = self.recent.get(self.left_second) {
            if *ts >= second_from {
                break;
            }
            self.second.add(stack, -1);
            if stack.last() == Some(&IDLE) {
                self.idle_second -= 1;
            }
            self.left_second += 1;
        }
        let ten_from = now_us.saturating_sub(10_000_000);
        while let Some((ts, _)) = self.recent.front() {
            if *ts >= ten_from || self.left_second == 0 {
                break;
            }
            let (_, stack) = self.recent.pop_front().expect("front exists");
            self.ten.add(&stack, -1);
            self.left_second -= 1;
        }
    }

    /// Forgets every sample: the windows restart empty at `now_us`.
    pub fn reset(&mut self, now_us: u64) {
        let received = self.received;
        let aggregate = self.aggregate.take();
        *self = ProfileState {
            received,
            aggregate,
            reset_at_us: now_us,
            ..ProfileState::default()
        };
    }

    /// Samples in `window`.
    pub fn samples(&self, window: Window) -> u64 {
        self.tally(window).samples()
    }

    fn tally(&self, window: Window) -> &Tally {
        match window {
            Window::Second => &self.second,
            Window::TenSeconds => &self.ten,
            Window::All => &self.all,
        }
    }

    /// Top functions and call paths of `window`. Without samples (profiling off, or an old
    /// recording) falls back to the engine's aggregate: its sliding window for the short
    /// windows, its total for `all`.
    pub fn summary(&self, window: Window, functions: &[FunctionInfo]) -> ProfileSummary {
        if self.received == 0 {
            if let Some(a) = &self.aggregate {
                return match window {
                    Window::All => a.total.clone(),
                    _ => a.window.clone(),
                };
            }
        }
        self.tally(window).summary(functions)
    }

    /// Share of the last second's samples where the JS thread was not idle (0–1), or `None`
    /// without samples.
    pub fn busy_fraction(&self) -> Option<f64> {
        let n = self.second.samples();
        (n > 0).then(|| 1.0 - self.idle_second as f64 / n as f64)
    }

    /// Full stacks of `window` with their sample counts, in no particular order.
    pub fn stacks(&self, window: Window) -> Vec<(&[u32], u64)> {
        match window.span_us() {
            None => self
                .all_paths
                .iter()
                .map(|(s, &n)| (s.as_slice(), n))
                .collect(),
            Some(_) => {
                let skip = if window == Window::Second {
                    self.left_second
                } else {
                    0
                };
                let mut counts: HashMap<&[u32], u64> = HashMap::new();
                for (_, s) in self.recent.iter().skip(skip) {
                    *counts.entry(s.as_slice()).or_insert(0) += 1;
                }
                counts.into_iter().collect()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_slide() {
        let mut p = ProfileState::default();
        // One sample every 100 ms for 12 s: [0, 4, 5] at even tenths, idle at odd ones.
        for i in 0..120u64 {
            let stack = if i % 2 == 0 {
                vec![0, 4, 5]
            } else {
                vec![0, IDLE]
            };
            p.sample(i * 100_000, stack);
        }
        // Now = 11.9 s: the second holds samples from 10.9 s on (11 of them), ten seconds
        // from 1.9 s on (101), all 120.
        assert_eq!(p.samples(Window::Second), 11);
        assert_eq!(p.samples(Window::TenSeconds), 101);
        assert_eq!(p.samples(Window::All), 120);
        let busy = p.busy_fraction().unwrap();
        // 110, 112, …, 118 are busy; 109, 111, …, 119 idle.
        assert!((busy - 5.0 / 11.0).abs() < 1e-9, "{busy}");
        let stacks = p.stacks(Window::Second);
        assert_eq!(stacks.iter().map(|s| s.1).sum::<u64>(), 11);
        let all: u64 = p.stacks(Window::All).iter().map(|s| s.1).sum();
        assert_eq!(all, 120);
        let f = crate::state::Functions::default();
        let top = p.summary(Window::All, f.as_slice());
        let five = top.top_self.iter().find(|f| f.function == 5).unwrap();
        assert_eq!((five.self_samples, five.total_samples), (60, 60));
        let root = top.top_total.iter().find(|f| f.function == 0).unwrap();
        assert_eq!(root.total_samples, 120);
        p.reset(12_000_000);
        assert_eq!(p.samples(Window::All), 0);
        assert_eq!(p.received, 120);
        assert!(p.stacks(Window::TenSeconds).is_empty());
    }
}
