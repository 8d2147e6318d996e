//! The sampler thread: asks the JS thread for stacks at a jittered interval, and records the
//! pseudo-frames `(program)`, `(idle)` and `(garbage collector)` itself.
//!
//! Reading the JS thread's frames from here would be a data race, so the sampler never does.
//! It reads one atomic, the JS thread's state ([`STATE_JS`], …). When the thread runs JS it
//! stamps a request time and sets [`INTERRUPT_SAMPLE`] in the engine's interrupt flag; the
//! interpreter already tests that flag at every call and loop back-edge (and long builtins
//! test it too), so at its next safepoint the JS thread copies its own stack, tagged with the
//! request time. In any other state the answer is known without asking, and the sampler
//! records the pseudo-frame directly. The same thread raises [`INTERRUPT_TICK`] every 100 ms
//! while a telemetry sink is attached, for the tier-up scan.

use crate::telemetry::{Event, Sample, Sink};
use crate::vm::{INTERRUPT_SAMPLE, INTERRUPT_TICK};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The JS thread does host work: parsing, compiling, the runtime between callbacks.
pub(crate) const STATE_PROGRAM: u8 = 0;
/// The JS thread runs bytecode or a builtin called from it.
pub(crate) const STATE_JS: u8 = 1;
/// The JS thread collects garbage.
pub(crate) const STATE_GC: u8 = 2;
/// The JS thread waits in the event loop.
pub(crate) const STATE_IDLE: u8 = 3;

/// Interval between tier-up scans while telemetry is attached.
const TICK: Duration = Duration::from_millis(100);

/// What the JS thread and the sampler thread share.
pub(crate) struct Shared {
    /// One of the `STATE_*` constants, written by the JS thread.
    pub(crate) state: AtomicU8,
    /// When the pending sample was requested, nanoseconds since `origin`.
    pub(crate) request_ns: AtomicU64,
    /// Sampling interval in nanoseconds; 0 while the profiler is off.
    pub(crate) interval_ns: AtomicU64,
    /// A recording runs: keep pseudo-frame samples in `pseudo` (streaming only publishes).
    pub(crate) recording: AtomicBool,
    /// Raise tier-up ticks (a telemetry sink is attached).
    pub(crate) ticks: AtomicBool,
    /// Ends the thread.
    pub(crate) stop: AtomicBool,
    /// Time 0 of sample times.
    pub(crate) origin: Instant,
    /// Pseudo-frame samples recorded by the sampler thread.
    pub(crate) pseudo: Mutex<Vec<Sample>>,
    /// Where pseudo-frame samples are also published.
    pub(crate) sink: Mutex<Option<Sink>>,
    /// The engine's interrupt flag.
    pub(crate) interrupt: Arc<AtomicU8>,
}

impl Shared {
    pub(crate) fn new(interrupt: Arc<AtomicU8>) -> Shared {
        Shared {
            state: AtomicU8::new(STATE_PROGRAM),
            request_ns: AtomicU64::new(0),
            interval_ns: AtomicU64::new(0),
            recording: AtomicBool::new(false),
            ticks: AtomicBool::new(false),
            stop: AtomicBool::new(false),
            origin: Instant::now(),
            pseudo: Mutex::new(Vec::new()),
            sink: Mutex::new(None),
            interrupt,
        }
    }
}

/// Starts the sampler thread.
pub(crate) fn spawn(shared: Arc<Shared>) -> std::thread::JoinHandle<()> {
    std::thread::Builder::new()
        .name("jetcrab-sampler".into())
        .spawn(move || run(&shared))
        .expect("spawn the sampler thread")
}

/// xorshift64*: jitter needs no quality, only independence from the script's periods.
pub(crate) fn next_random(state: &mut u64) -> u64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

fn run(shared: &Shared) {
    let mut rng = 0x9E37_79B9_7F4A_7C15u64 ^ shared.origin.elapsed().as_nanos() as u64;
    let mut next_sample = Instant::now();
    let mut next_tick = Instant::now() + TICK;
    while !shared.stop.load(Ordering::Acquire) {
        let interval = shared.interval_ns.load(Ordering::Relaxed);
        let ticks = shared.ticks.load(Ordering::Relaxed);
        let now = Instant::now();
        let mut due = now + Duration::from_millis(20);
        if interval > 0 {
            due = due.min(next_sample.max(now));
        } else {
            next_sample = now;
        }
        if ticks {
            due = due.min(next_tick);
        }
        if due > now {
            std::thread::park_timeout(due - now);
            continue;
        }
        let state = shared.state.load(Ordering::Acquire);
        if interval > 0 && now >= next_sample {
            let t = now.saturating_duration_since(shared.origin).as_nanos() as u64;
            sample(shared, state, t);
            // Uniform in [0.5, 1.5) intervals: the mean stays `interval`, and periodic code
            // cannot stay in phase with the sampler.
            let jitter = interval / 2 + next_random(&mut rng) % interval.max(1);
            next_sample = now + Duration::from_nanos(jitter);
        }
        if ticks && now >= next_tick {
            if state == STATE_JS {
                shared.interrupt.fetch_or(INTERRUPT_TICK, Ordering::Release);
            }
            next_tick = now + TICK;
        }
    }
}

fn sample(shared: &Shared, state: u8, t: u64) {
    let pseudo = match state {
        STATE_JS => {
            // A request still pending (the JS thread is inside a long builtin) is answered once
            // with its original time; the samples in between are lost, as in V8.
            if shared.interrupt.load(Ordering::Acquire) & INTERRUPT_SAMPLE == 0 {
                shared.request_ns.store(t, Ordering::Relaxed);
                shared
                    .interrupt
                    .fetch_or(INTERRUPT_SAMPLE, Ordering::Release);
            }
            return;
        }
        STATE_GC => super::functions::GC,
        STATE_IDLE => super::functions::IDLE,
        _ => super::functions::PROGRAM,
    };
    let s = Sample {
        time_us: t / 1000,
        stack: vec![pseudo],
        line: 0,
    };
    if let Some(sink) = &*shared.sink.lock().unwrap() {
        sink.emit_with(|| Event::Sample(s.clone()));
    }
    if shared.recording.load(Ordering::Relaxed) {
        shared.pseudo.lock().unwrap().push(s);
    }
}
