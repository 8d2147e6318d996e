//! Per-cycle GC statistics, read through `Heap::stats()` and delivered as a per-cycle event.

use std::time::Duration;

/// One collection cycle.
#[derive(Clone, Debug, Default)]
pub struct GcCycle {
    /// Sequence number, from 1.
    pub id: u64,
    /// Why it ran: `"allocation"`, `"stress"`, `"explicit"`.
    pub reason: &'static str,
    /// When it started, relative to the engine's creation.
    pub start: Duration,
    /// How long the mutator was stopped (mark + sweep).
    pub pause: Duration,
    /// Time spent marking.
    pub mark: Duration,
    /// Time spent sweeping.
    pub sweep: Duration,
    /// Bytes allocated before the cycle.
    pub bytes_before: usize,
    /// Bytes live after the cycle.
    pub bytes_after: usize,
    /// Objects freed.
    pub objects_freed: usize,
    /// Objects alive after the cycle.
    pub objects_live: usize,
    /// Heap size (bytes) after the cycle: the pages (free cells included) plus what live cells
    /// own outside their cells.
    pub heap_size: usize,
    /// Pages mapped after the cycle.
    pub pages: usize,
    /// Empty pages the cycle unmapped.
    pub pages_released: usize,
    /// The allocation threshold that triggers the next cycle.
    pub next_threshold: usize,
}

/// Cumulative heap statistics.
#[derive(Clone, Debug, Default)]
pub struct HeapStats {
    /// Number of completed cycles.
    pub collections: u64,
    /// Sum of all pauses.
    pub total_pause: Duration,
    /// Longest pause.
    pub max_pause: Duration,
    /// Bytes currently allocated (live after the last cycle plus everything since).
    pub bytes_allocated: usize,
    /// Objects currently allocated.
    pub objects: usize,
    /// Pages currently mapped.
    pub pages: usize,
    /// Bytes of the mapped pages (cells only; payloads the cells own are extra).
    pub committed_bytes: usize,
    /// Bytes allocated since the engine started.
    pub total_allocated: u64,
    /// The most recent cycle.
    pub last: Option<GcCycle>,
}
