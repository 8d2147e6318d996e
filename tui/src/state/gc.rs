//! Collections and the heap: cycle history, pause statistics, heap size over time.

use super::ring::Ring;
use jetcrab_engine::telemetry::{GcEnd, GcStart};

/// Cycles kept for the table, the timeline and the percentile.
const CYCLES: usize = 4096;
/// Heap readings kept for the charts.
const HEAP_POINTS: usize = 4096;

/// Upper bounds (exclusive) of the pause histogram's buckets, nanoseconds; the last bucket
/// takes everything above.
pub const PAUSE_BUCKETS_NS: [u64; 9] = [
    100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000, 25_000_000, 50_000_000,
];

/// One finished cycle, stamped with the record time.
#[derive(Clone, Debug)]
pub struct Cycle {
    /// Record time, µs since the stream started.
    pub ts_us: u64,
    /// The engine's event.
    pub end: GcEnd,
}

/// A heap reading: bytes in use at a moment (before or after a collection).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HeapPoint {
    /// Record time, µs.
    pub ts_us: u64,
    /// Bytes allocated and not yet freed.
    pub used: u64,
    /// Heap size (pages plus what live cells own), as of the last collection.
    pub size: u64,
}

/// What the GC records told so far.
#[derive(Clone, Debug)]
pub struct GcState {
    /// The last cycles, oldest first.
    pub cycles: Ring<Cycle>,
    /// Cycles since the start.
    pub count: u64,
    /// Sum of all pauses, ns.
    pub total_pause_ns: u64,
    /// Longest pause, ns.
    pub max_pause_ns: u64,
    /// Pauses per [`PAUSE_BUCKETS_NS`] bucket, since the start.
    pub histogram: [u64; PAUSE_BUCKETS_NS.len() + 1],
    /// A collection is running (its `gc_start` arrived, its `gc_end` not yet).
    pub running: Option<GcStart>,
    /// Heap readings, oldest first.
    pub heap: Ring<HeapPoint>,
    /// The heap limit (0 until the first cycle reports it).
    pub heap_limit: u64,
    /// Allocation rate reported by the last cycle, bytes/s.
    pub allocation_rate: f64,
}

impl Default for GcState {
    fn default() -> Self {
        GcState {
            cycles: Ring::new(CYCLES),
            count: 0,
            total_pause_ns: 0,
            max_pause_ns: 0,
            histogram: [0; PAUSE_BUCKETS_NS.len() + 1],
            running: None,
            heap: Ring::new(HEAP_POINTS),
            heap_limit: 0,
            allocation_rate: 0.0,
        }
    }
}

impl GcState {
    /// A `gc_start` record.
    pub fn start(&mut self, ts_us: u64, start: GcStart) {
        let size = self.heap.last().map_or(0, |p| p.size);
        self.heap.push(HeapPoint {
            ts_us,
            used: start.bytes_before,
            size,
        });
        self.running = Some(start);
    }

    /// A `gc_end` record.
    pub fn end(&mut self, ts_us: u64, end: GcEnd) {
        self.running = None;
        self.count += 1;
        self.total_pause_ns = self.total_pause_ns.saturating_add(end.pause_ns);
        self.max_pause_ns = self.max_pause_ns.max(end.pause_ns);
        self.histogram[bucket(end.pause_ns)] += 1;
        self.heap_limit = end.heap_limit;
        self.allocation_rate = end.allocation_rate;
        self.heap.push(HeapPoint {
            ts_us,
            used: end.bytes_after,
            size: end.heap_size,
        });
        self.cycles.push(Cycle { ts_us, end });
    }

    /// A live heap reading between collections (the inspector's snapshot).
    pub fn reading(&mut self, ts_us: u64, used: u64, size: u64, limit: u64) {
        self.heap_limit = limit;
        self.heap.push(HeapPoint { ts_us, used, size });
    }

    /// Raises the totals to what the engine reports (the inspector's snapshot): a late
    /// attacher did not see the earlier cycles. The histogram and p99 stay ours.
    pub fn at_least(&mut self, count: u64, total_pause_ns: u64, max_pause_ns: u64) {
        self.count = self.count.max(count);
        self.total_pause_ns = self.total_pause_ns.max(total_pause_ns);
        self.max_pause_ns = self.max_pause_ns.max(max_pause_ns);
    }

    /// The last cycle.
    pub fn last(&self) -> Option<&GcEnd> {
        self.cycles.last().map(|c| &c.end)
    }

    /// The newest heap reading.
    pub fn heap_now(&self) -> Option<HeapPoint> {
        self.heap.last().copied()
    }

    /// The 99th-percentile pause over the kept cycles (nearest rank), ns.
    pub fn p99_pause_ns(&self) -> Option<u64> {
        let mut pauses: Vec<u64> = self.cycles.iter().map(|c| c.end.pause_ns).collect();
        if pauses.is_empty() {
            return None;
        }
        pauses.sort_unstable();
        let rank = (pauses.len() * 99).div_ceil(100).max(1);
        Some(pauses[rank - 1])
    }
}

/// The histogram bucket of a pause.
pub fn bucket(pause_ns: u64) -> usize {
    PAUSE_BUCKETS_NS
        .iter()
        .position(|&limit| pause_ns < limit)
        .unwrap_or(PAUSE_BUCKETS_NS.len())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn end(cycle: u64, pause_ns: u64) -> GcEnd {
        GcEnd {
            cycle,
            kind: "full".into(),
            reason: "allocation".into(),
            pause_ns,
            mark_ns: pause_ns / 4,
            sweep_ns: pause_ns - pause_ns / 4,
            bytes_before: 8 << 20,
            bytes_after: 1 << 20,
            heap_size: 9 << 20,
            heap_limit: 1 << 32,
            next_threshold: 8 << 20,
            objects_freed: 1000,
            objects_live: 10,
            allocation_rate: 1e6,
        }
    }

    #[test]
    fn pauses_and_percentile() {
        let mut gc = GcState::default();
        for i in 1..=100 {
            gc.end(i * 1000, end(i, i * 10_000));
        }
        assert_eq!(gc.count, 100);
        assert_eq!(gc.max_pause_ns, 1_000_000);
        assert_eq!(gc.p99_pause_ns(), Some(990_000));
        assert_eq!(gc.histogram.iter().sum::<u64>(), 100);
        // 10 µs .. 90 µs fall below 100 µs.
        assert_eq!(gc.histogram[0], 9);
        assert_eq!(gc.heap_now().map(|p| p.used), Some(1 << 20));
        assert_eq!(bucket(u64::MAX), PAUSE_BUCKETS_NS.len());
    }
}
