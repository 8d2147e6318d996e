//! `JetCrab` domain types (contract: `docs/inspector.md`, "The JetCrab domain"). Telemetry
//! payloads are the engine's `telemetry` records as they are, snake_case fields included.

use jetcrab_engine::telemetry::FunctionInfo;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `JetCrab.enable` parameters.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct EnableParams {
    /// Sample JS stacks for the stream (`sample` and `profile_aggregate` records).
    pub profiling: bool,
    /// Mean sampling interval, microseconds.
    pub sampling_interval: u64,
}

impl Default for EnableParams {
    fn default() -> Self {
        EnableParams {
            profiling: true,
            sampling_interval: 1000,
        }
    }
}

/// `JetCrab.getSnapshot` result's `snapshot`.
#[derive(Clone, Debug, Serialize)]
pub struct Snapshot {
    /// Microseconds since the telemetry hub started.
    pub uptime_us: u64,
    /// Heap numbers now.
    pub heap: HeapNow,
    /// Collections.
    pub gc: GcSummary,
    /// The last `profile_aggregate` event.
    pub profile: Option<Value>,
    /// The last `event_loop` event.
    pub event_loop: Option<Value>,
    /// The last `tier_up_candidates` event.
    pub tier_up: Option<Value>,
    /// The JIT queue (no JIT yet: all zero).
    pub jit: JitSummary,
    /// Every function id named so far.
    pub functions: Vec<FunctionInfo>,
}

/// Heap bytes.
#[derive(Clone, Debug, Serialize)]
pub struct HeapNow {
    /// Allocated (live after the last collection plus everything since).
    pub used: u64,
    /// Committed.
    pub size: u64,
    /// The limit (a RangeError past it).
    pub limit: u64,
}

/// Collections so far.
#[derive(Clone, Debug, Serialize)]
pub struct GcSummary {
    /// Completed cycles.
    pub count: u64,
    /// Pause of the last cycle, ns.
    pub last_pause_ns: u64,
    /// Longest pause, ns.
    pub max_pause_ns: u64,
    /// Sum of pauses, ns.
    pub total_pause_ns: u64,
    /// The latest `gc_end` events (with `type`), newest last.
    pub recent: Vec<Value>,
}

/// JIT queue gauges.
#[derive(Clone, Debug, Default, Serialize)]
pub struct JitSummary {
    /// Is there a JIT?
    pub enabled: bool,
    /// Jobs waiting.
    pub queued: u64,
    /// Jobs compiling.
    pub compiling: u64,
    /// Functions installed.
    pub installed: u64,
    /// Jobs failed.
    pub failed: u64,
}
