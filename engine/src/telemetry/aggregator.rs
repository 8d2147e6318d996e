//! The aggregator: one thread between the engine and the subscribers.
//!
//! It drains the bounded channel the engine's [`Sink`](super::Sink)s write to, numbers the
//! events, forwards each one to the broadcast channel the subscribers read, and on an interval
//! publishes what it derives: profile aggregates over a sliding window and since start
//! ([`Tally`]), and the dropped-events counter. Subscribers that fall behind lose the oldest
//! records (the broadcast channel reports the lag to them); the engine never waits.

use super::event::{
    Dropped, Event, FunctionInfo, FunctionTime, HotPath, ProfileAggregate, ProfileSummary, Record,
    Sample, VERSION,
};
use super::sink::{Shared, Stamped};
use rustc_hash::FxHashMap;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::broadcast;

/// Functions shown in the top lists.
const TOP_FUNCTIONS: usize = 20;
/// Call paths shown.
const TOP_PATHS: usize = 10;

/// Sample counts per function (self and total) and per call path. Counts can be taken back
/// (`weight` −1), which is how the sliding window forgets old samples.
#[derive(Default)]
pub struct Tally {
    self_samples: FxHashMap<u32, i64>,
    total_samples: FxHashMap<u32, i64>,
    paths: FxHashMap<Vec<u32>, i64>,
    samples: i64,
}

impl Tally {
    /// Adds (`weight` 1) or removes (−1) one sample's stack (outermost first).
    pub fn add(&mut self, stack: &[u32], weight: i64) {
        let Some(&leaf) = stack.last() else { return };
        self.samples += weight;
        bump(&mut self.self_samples, leaf, weight);
        for (i, &f) in stack.iter().enumerate() {
            // A recursive function counts once per sample.
            if !stack[..i].contains(&f) {
                bump(&mut self.total_samples, f, weight);
            }
        }
        match self.paths.get_mut(stack) {
            Some(n) => {
                *n += weight;
                if *n == 0 {
                    self.paths.remove(stack);
                }
            }
            None => {
                self.paths.insert(stack.to_vec(), weight);
            }
        }
    }

    /// Samples counted.
    pub fn samples(&self) -> u64 {
        self.samples.max(0) as u64
    }

    /// The top functions and paths; `functions` is indexed by function id.
    pub fn summary(&self, functions: &[FunctionInfo]) -> ProfileSummary {
        let time = |f: u32| {
            let info = functions.get(f as usize);
            FunctionTime {
                function: f,
                name: info.map_or_else(|| format!("#{f}"), |i| i.name.clone()),
                url: info.map_or_else(String::new, |i| i.url.clone()),
                line: info.map_or(0, |i| (i.line + 1).max(0) as u32),
                self_samples: self.self_samples.get(&f).copied().unwrap_or(0).max(0) as u64,
                total_samples: self.total_samples.get(&f).copied().unwrap_or(0).max(0) as u64,
            }
        };
        let top_self = top(&self.self_samples, TOP_FUNCTIONS, |&f| f)
            .into_iter()
            .map(|(f, _)| time(f))
            .collect();
        let top_total = top(&self.total_samples, TOP_FUNCTIONS, |&f| f)
            .into_iter()
            .map(|(f, _)| time(f))
            .collect();
        let hot_paths = top(&self.paths, TOP_PATHS, |p| p.clone())
            .into_iter()
            .map(|(stack, n)| HotPath {
                stack,
                samples: n as u64,
            })
            .collect();
        ProfileSummary {
            samples: self.samples(),
            top_self,
            top_total,
            hot_paths,
        }
    }
}

fn bump(map: &mut FxHashMap<u32, i64>, f: u32, weight: i64) {
    let n = map.entry(f).or_insert(0);
    *n += weight;
    if *n == 0 {
        map.remove(&f);
    }
}

/// The `n` largest positive counts, largest first (ties by key order of `key`).
fn top<K: Ord + Clone, Q: Ord>(
    map: &FxHashMap<K, i64>,
    n: usize,
    key: impl Fn(&K) -> Q,
) -> Vec<(K, i64)> {
    let mut v: Vec<(&K, i64)> = map
        .iter()
        .filter(|e| *e.1 > 0)
        .map(|(k, &c)| (k, c))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| key(a.0).cmp(&key(b.0))));
    v.into_iter().take(n).map(|(k, c)| (k.clone(), c)).collect()
}

/// The aggregator thread's state.
pub(crate) struct Aggregator {
    pub(crate) rx: Receiver<Stamped>,
    pub(crate) out: broadcast::Sender<Arc<Record>>,
    pub(crate) shared: Arc<Shared>,
    pub(crate) shutdown: Arc<AtomicBool>,
    pub(crate) interval: Duration,
    pub(crate) window: Duration,
    seq: u64,
    functions: Vec<FunctionInfo>,
    total: Tally,
    recent: Tally,
    /// Samples in the window, oldest first: when they arrived and their stack.
    window_samples: VecDeque<(Instant, Vec<u32>)>,
    /// The dropped count last published.
    reported_dropped: u64,
    /// A sample arrived since the last aggregate.
    profile_dirty: bool,
}

impl Aggregator {
    pub(crate) fn new(
        rx: Receiver<Stamped>,
        out: broadcast::Sender<Arc<Record>>,
        shared: Arc<Shared>,
        shutdown: Arc<AtomicBool>,
        interval: Duration,
        window: Duration,
    ) -> Aggregator {
        Aggregator {
            rx,
            out,
            shared,
            shutdown,
            interval,
            window,
            seq: 0,
            functions: Vec::new(),
            total: Tally::default(),
            recent: Tally::default(),
            window_samples: VecDeque::new(),
            reported_dropped: 0,
            profile_dirty: false,
        }
    }

    /// The thread's body: runs until shutdown (or until every sink is gone), then publishes a
    /// last aggregate.
    pub(crate) fn run(mut self) {
        let mut next_tick = Instant::now() + self.interval;
        loop {
            let wait = next_tick.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(wait.min(Duration::from_millis(20))) {
                Ok(s) => self.handle(s),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
            if self.shutdown.load(Ordering::Acquire) {
                break;
            }
            if Instant::now() >= next_tick {
                self.tick(Instant::now(), false);
                next_tick += self.interval;
            }
        }
        while let Ok(s) = self.rx.try_recv() {
            self.handle(s);
        }
        self.tick(Instant::now(), true);
    }

    fn handle(&mut self, s: Stamped) {
        match &s.event {
            Event::Function(f) => {
                let i = f.id as usize;
                if self.functions.len() <= i {
                    self.functions.resize_with(i + 1, || FunctionInfo {
                        id: 0,
                        name: String::new(),
                        url: String::new(),
                        script_id: 0,
                        line: -1,
                        column: -1,
                        kind: super::FrameKind::Js,
                    });
                }
                self.functions[i] = f.clone();
            }
            Event::Sample(Sample { stack, .. }) => {
                self.total.add(stack, 1);
                self.recent.add(stack, 1);
                self.window_samples.push_back((s.at, stack.clone()));
                self.profile_dirty = true;
            }
            _ => {}
        }
        self.publish(s.at, s.worker, s.event);
    }

    fn publish(&mut self, at: Instant, worker: u32, event: Event) {
        let record = Record {
            v: VERSION,
            seq: self.seq,
            ts_us: at.saturating_duration_since(self.shared.origin).as_micros() as u64,
            worker,
            event,
        };
        self.seq += 1;
        // No subscriber is not an error: the record is simply not seen.
        let _ = self.out.send(Arc::new(record));
    }

    /// Publishes the aggregates; the `last` tick repeats a non-zero dropped count, so that
    /// the stream's final record states it even to a subscriber that lagged.
    fn tick(&mut self, now: Instant, last: bool) {
        while let Some((at, _)) = self.window_samples.front() {
            if now.saturating_duration_since(*at) <= self.window {
                break;
            }
            let (_, stack) = self.window_samples.pop_front().unwrap();
            self.recent.add(&stack, -1);
        }
        if self.profile_dirty {
            self.profile_dirty = false;
            let aggregate = ProfileAggregate {
                window_ms: self.window.as_millis() as u64,
                window: self.recent.summary(&self.functions),
                total: self.total.summary(&self.functions),
            };
            self.publish(now, 0, Event::ProfileAggregate(aggregate));
        }
        let dropped = self.shared.dropped.load(Ordering::Relaxed);
        if dropped != self.reported_dropped || (last && dropped > 0) {
            self.reported_dropped = dropped;
            self.publish(now, 0, Event::Dropped(Dropped { total: dropped }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_counts_self_total_and_paths_and_forgets() {
        let mut t = Tally::default();
        t.add(&[0, 5, 6], 1);
        t.add(&[0, 5, 6], 1);
        t.add(&[0, 5, 5], 1);
        t.add(&[0, 7], 1);
        let s = t.summary(&[]);
        assert_eq!(s.samples, 4);
        assert_eq!(s.top_self[0].function, 6);
        assert_eq!(s.top_self[0].self_samples, 2);
        let five = s.top_total.iter().find(|f| f.function == 5).unwrap();
        assert_eq!((five.self_samples, five.total_samples), (1, 3));
        assert_eq!(s.hot_paths[0].stack, vec![0, 5, 6]);
        t.add(&[0, 5, 6], -1);
        t.add(&[0, 5, 6], -1);
        let s = t.summary(&[]);
        assert_eq!(s.samples, 2);
        assert!(s.top_self.iter().all(|f| f.function != 6));
        assert!(s.hot_paths.iter().all(|p| p.stack != vec![0, 5, 6]));
    }
}
