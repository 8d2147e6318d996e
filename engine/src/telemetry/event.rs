//! The telemetry schema: every observation the engine publishes, as plain serde types.
//!
//! These types are the whole contract between the engine and its consumers (the CLI's NDJSON
//! exporter, tests, later the inspector and the TUI): they hold numbers, strings and function
//! ids, never engine handles. A change that renames or removes a field bumps [`VERSION`];
//! adding a field or a variant does not. `docs/telemetry.md` documents each record.

use serde::{Deserialize, Serialize};

/// Schema version, written in the NDJSON header and in every record.
pub const VERSION: u32 = 1;

/// One record of the stream: an event stamped with its time and a sequence number.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Record {
    /// Schema version ([`VERSION`]).
    pub v: u32,
    /// Position in the stream, from 0, assigned by the aggregator (gaps never occur: events the
    /// producer dropped are counted in [`Event::Dropped`] instead).
    pub seq: u64,
    /// Microseconds since the telemetry hub was created (monotonic clock).
    pub ts_us: u64,
    /// The JS thread that published it: absent (0) for the main thread, else the id of the
    /// worker (`event_loop`'s `thread` is `worker-<id>`). Workers publish GC and event-loop
    /// records only, so function ids always name the main thread's functions.
    #[serde(default, skip_serializing_if = "is_main_thread")]
    pub worker: u32,
    /// What happened.
    #[serde(flatten)]
    pub event: Event,
}

fn is_main_thread(worker: &u32) -> bool {
    *worker == 0
}

impl Record {
    /// A main-thread record outside the numbered stream (`seq` 0): the NDJSON header, and
    /// records replayed to a late subscriber.
    pub fn unnumbered(ts_us: u64, event: Event) -> Record {
        Record {
            v: VERSION,
            seq: 0,
            ts_us,
            worker: 0,
            event,
        }
    }
}

/// The name telemetry gives the JS thread that publishes as `worker` (`Record::worker`): `main`
/// for 0, else `worker-<n>` (also the worker's OS thread name).
pub fn thread_name(worker: u32) -> String {
    match worker {
        0 => "main".into(),
        n => format!("worker-{n}"),
    }
}

/// Every kind of observation. Serialized with a `"type"` tag in snake case.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// First record of an NDJSON file (written by the exporter, not by the engine).
    Header(Header),
    /// A collection starts (the mutator stops).
    GcStart(GcStart),
    /// A collection ended (the mutator resumes).
    GcEnd(GcEnd),
    /// A function was queued for compilation by the JIT.
    JitEnqueued(JitEnqueued),
    /// A JIT compile job left the queue.
    JitCompileStarted(JitCompileStarted),
    /// Compiled code was installed.
    JitInstalled(JitInstalled),
    /// A compile job failed (the function keeps running in the interpreter).
    JitFailed(JitFailed),
    /// The interpreter's hottest functions: what a JIT would compile next.
    TierUpCandidates(TierUpCandidates),
    /// A function seen for the first time by the profiler or the tier-up scan: later events
    /// refer to it by `id`.
    Function(FunctionInfo),
    /// One profiler sample.
    Sample(Sample),
    /// Periodic profile aggregates (sliding window and since start).
    ProfileAggregate(ProfileAggregate),
    /// Event-loop gauges, sampled once per loop iteration at most every 50 ms.
    EventLoop(EventLoopStats),
    /// Events the engine could not publish because the stream was full.
    Dropped(Dropped),
}

/// NDJSON header.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Header {
    /// Schema version.
    pub version: u32,
    /// `"jetcrab"`.
    pub engine: String,
    /// The engine's version.
    pub engine_version: String,
    /// Wall-clock start, milliseconds since the Unix epoch (`time_us` 0 corresponds to it).
    pub start_unix_ms: u64,
}

/// A collection starts.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct GcStart {
    /// Cycle number (from 1), as in `HeapStats::collections` after it ends.
    pub cycle: u64,
    /// `"full"`: the collector is a stop-the-world mark-sweep of the whole heap.
    pub kind: String,
    /// Why: `"allocation"`, `"stress"`, `"explicit"`.
    pub reason: String,
    /// Bytes allocated when it started.
    pub bytes_before: u64,
}

/// A collection ended.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct GcEnd {
    /// Cycle number (from 1).
    pub cycle: u64,
    /// `"full"`.
    pub kind: String,
    /// Why it ran.
    pub reason: String,
    /// Mutator pause in nanoseconds: exactly `GcCycle::pause` of `Heap::stats()`.
    pub pause_ns: u64,
    /// Mark phase, nanoseconds.
    pub mark_ns: u64,
    /// Sweep phase, nanoseconds.
    pub sweep_ns: u64,
    /// Bytes allocated before the cycle.
    pub bytes_before: u64,
    /// Bytes live after the cycle.
    pub bytes_after: u64,
    /// Heap size after the cycle (pages plus what live cells own).
    pub heap_size: u64,
    /// The heap limit (out-of-memory RangeError past it).
    pub heap_limit: u64,
    /// Allocation threshold of the next cycle.
    pub next_threshold: u64,
    /// Objects freed / alive.
    pub objects_freed: u64,
    /// Objects alive after the cycle.
    pub objects_live: u64,
    /// Bytes allocated per second since the previous cycle ended.
    pub allocation_rate: f64,
}

/// Compilation tier of a function.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// The bytecode interpreter.
    Interpreter,
    /// A fast, non-optimising compile.
    Baseline,
    /// The optimising compiler.
    Optimized,
}

/// A function entered the JIT queue.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct JitEnqueued {
    /// Function id (see [`Event::Function`]).
    pub function: u32,
    /// Target tier.
    pub tier: Tier,
    /// Queue length after enqueueing.
    pub queue_len: u32,
}

/// A compile job started.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct JitCompileStarted {
    /// Function id.
    pub function: u32,
    /// Target tier.
    pub tier: Tier,
    /// Time spent in the queue, microseconds.
    pub queue_wait_us: u64,
    /// Queue length after dequeueing.
    pub queue_len: u32,
}

/// Compiled code was installed.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct JitInstalled {
    /// Function id.
    pub function: u32,
    /// Tier of the installed code.
    pub tier: Tier,
    /// Compile time, microseconds.
    pub compile_us: u64,
    /// Machine code size, bytes.
    pub code_size: u64,
}

/// A compile job failed.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct JitFailed {
    /// Function id.
    pub function: u32,
    /// Target tier.
    pub tier: Tier,
    /// Why (an unsupported opcode, a compiler error).
    pub reason: String,
}

/// The interpreter's hottest functions by call and back-edge counts.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TierUpCandidates {
    /// Hottest first (by `invocations + backedges`), at most 10.
    pub functions: Vec<TierUpCandidate>,
}

/// One tier-up candidate.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TierUpCandidate {
    /// Function id.
    pub function: u32,
    /// Calls so far (`CodeBlock::invocations`).
    pub invocations: u64,
    /// Loop back-edges so far (`CodeBlock::backedges`).
    pub backedges: u64,
}

/// What a function id names.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum FrameKind {
    /// A bytecode function (or a script's top level).
    Js,
    /// A builtin written in Rust.
    Native,
    /// The JS thread was doing host work (parsing, compiling, the runtime).
    Program,
    /// The JS thread was waiting in the event loop.
    Idle,
    /// The JS thread was collecting garbage.
    Gc,
    /// The root of every stack (cpuprofile's `(root)`).
    Root,
}

/// A function's identity. Ids are small integers, stable for one engine's lifetime.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, Hash)]
pub struct FunctionInfo {
    /// The id later events use.
    pub id: u32,
    /// Function name; `(anonymous)` for anonymous functions, V8's `(program)`, `(idle)`,
    /// `(garbage collector)`, `(root)` for the pseudo-frames.
    pub name: String,
    /// Script URL or file name (empty for natives and pseudo-frames).
    pub url: String,
    /// Script id (0 when none).
    pub script_id: u32,
    /// 0-based line of the function's start (like V8's cpuprofile; -1 when unknown).
    pub line: i32,
    /// 0-based column (UTF-16 units; -1 when unknown).
    pub column: i32,
    /// What it is.
    pub kind: FrameKind,
}

/// One profiler sample.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Sample {
    /// Microseconds since the profiler started (when the sampler asked, not when the JS thread
    /// answered).
    pub time_us: u64,
    /// Function ids, outermost first; the last is the running function.
    pub stack: Vec<u32>,
    /// 1-based line running in the leaf frame (0 when unknown).
    pub line: u32,
}

/// Periodic profile aggregates.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ProfileAggregate {
    /// Length of the sliding window, milliseconds.
    pub window_ms: u64,
    /// Over the last `window_ms`.
    pub window: ProfileSummary,
    /// Since the profiler started.
    pub total: ProfileSummary,
}

/// Top functions and call paths over some span of samples.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct ProfileSummary {
    /// Samples in the span.
    pub samples: u64,
    /// Top functions by self samples (at most 20).
    pub top_self: Vec<FunctionTime>,
    /// Top functions by total samples (at most 20).
    pub top_total: Vec<FunctionTime>,
    /// Hottest call paths (full stacks, outermost first; at most 10).
    pub hot_paths: Vec<HotPath>,
}

/// Samples attributed to one function.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FunctionTime {
    /// Function id.
    pub function: u32,
    /// Its name, url and line (so a late subscriber needs no earlier `Function` record).
    pub name: String,
    /// Script URL.
    pub url: String,
    /// 1-based line (0 when unknown).
    pub line: u32,
    /// Samples where it was the leaf.
    pub self_samples: u64,
    /// Samples where it was anywhere on the stack (recursion counted once).
    pub total_samples: u64,
}

/// Samples of one full call path.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct HotPath {
    /// Function ids, outermost first.
    pub stack: Vec<u32>,
    /// Samples that had exactly this stack.
    pub samples: u64,
}

/// Event-loop gauges.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct EventLoopStats {
    /// The JS thread's name (`main`, or `worker-N`).
    pub thread: String,
    /// Timers armed.
    pub pending_timers: u64,
    /// `setImmediate` callbacks queued.
    pub pending_immediates: u64,
    /// Host operations in flight (file I/O, async host functions).
    pub inflight_ops: u64,
    /// Promise jobs queued.
    pub microtasks: u64,
    /// Workers started by this thread and still alive.
    pub live_workers: u64,
    /// How late the loop woke up for its earliest timer, microseconds (0 when it did not sleep
    /// for a timer).
    pub lag_us: u64,
    /// Loop iterations so far.
    pub iterations: u64,
}

/// Events lost because the stream was full.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Dropped {
    /// Lost since the stream started.
    pub total: u64,
}
