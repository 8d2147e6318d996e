//! Telemetry: one stream of engine observations (GC cycles, JIT and tier-up, profiler samples
//! and aggregates, event-loop gauges) that any number of consumers subscribe to.
//!
//! Data flows one way, as in tokio-console:
//!
//! ```text
//!  JS thread (GC, interpreter, runtime)  ┐                      ┌─> Subscription (test, TUI, …)
//!  sampler thread                        ├─ Sink ─> aggregator ─┼─> Subscription (NDJSON file)
//!  (later: JIT compiler threads)         ┘  bounded  thread     └─> …   broadcast, bounded
//!                                          try_send
//! ```
//!
//! - Producers hold a [`Sink`]. While nobody is subscribed [`Sink::enabled`] is false and
//!   producers build nothing; the interpreter's dispatch loop never touches the stream.
//! - The sink's channel is bounded and publishing never blocks: when it is full the event is
//!   dropped and counted, and the aggregator reports the count ([`Event::Dropped`]).
//! - The aggregator forwards every event as a numbered [`Record`] to a bounded broadcast
//!   channel, and publishes derived aggregates on an interval. A subscriber that falls behind
//!   loses the oldest records and is told how many ([`RecvError::Lagged`]).
//! - Consumers see only the types of [`event`]: ids, names, numbers; never engine internals.
//!
//! ```
//! use jetcrab_engine::telemetry::{Event, Telemetry, TelemetryOptions};
//! use jetcrab_engine::Engine;
//!
//! let hub = Telemetry::new(TelemetryOptions::default());
//! let mut sub = hub.subscribe();
//! let mut engine = Engine::new();
//! engine.set_telemetry(hub.sink());
//! engine.collect_garbage();
//! drop(engine);
//! hub.shutdown();
//! let mut gc = 0;
//! while let Ok(r) = sub.blocking_recv() {
//!     gc += matches!(r.event, Event::GcEnd(_)) as usize;
//! }
//! assert_eq!(gc, 1);
//! ```

mod aggregator;
pub mod event;
mod sink;

pub use aggregator::Tally;
pub use event::*;
pub use sink::Sink;

use sink::Shared;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::broadcast;

/// Sizes and intervals of a [`Telemetry`] hub.
#[derive(Clone, Debug)]
pub struct TelemetryOptions {
    /// Events the engine can publish before the aggregator takes them (then they are dropped).
    pub capacity: usize,
    /// Records a subscriber can fall behind before it loses the oldest.
    pub subscriber_capacity: usize,
    /// How often aggregates are published.
    pub aggregate_interval: Duration,
    /// The sliding window of the profile aggregates.
    pub window: Duration,
}

impl Default for TelemetryOptions {
    fn default() -> Self {
        TelemetryOptions {
            capacity: 8192,
            subscriber_capacity: 8192,
            aggregate_interval: Duration::from_millis(500),
            window: Duration::from_secs(5),
        }
    }
}

/// The hub: creates sinks for producers and subscriptions for consumers, and owns the
/// aggregator thread.
pub struct Telemetry {
    sink: Sink,
    out: broadcast::Sender<Arc<Record>>,
    shutdown: Arc<AtomicBool>,
    aggregator: Option<std::thread::JoinHandle<()>>,
    start_unix_ms: u64,
}

impl Telemetry {
    /// A hub with its aggregator thread running.
    pub fn new(opts: TelemetryOptions) -> Telemetry {
        let (tx, rx) = std::sync::mpsc::sync_channel(opts.capacity.max(1));
        let (out, _) = broadcast::channel(opts.subscriber_capacity.max(1));
        let shared = Arc::new(Shared {
            tx,
            listeners: AtomicUsize::new(0),
            dropped: AtomicU64::new(0),
            origin: Instant::now(),
        });
        let shutdown = Arc::new(AtomicBool::new(false));
        let agg = aggregator::Aggregator::new(
            rx,
            out.clone(),
            shared.clone(),
            shutdown.clone(),
            opts.aggregate_interval,
            opts.window,
        );
        let aggregator = std::thread::Builder::new()
            .name("jetcrab-telemetry".into())
            .spawn(move || agg.run())
            .expect("spawn the telemetry aggregator");
        Telemetry {
            sink: Sink { shared, worker: 0 },
            out,
            shutdown,
            aggregator: Some(aggregator),
            start_unix_ms: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as u64),
        }
    }

    /// A sink for a producer (e.g. [`Engine::set_telemetry`](crate::Engine::set_telemetry)).
    pub fn sink(&self) -> Sink {
        self.sink.clone()
    }

    /// A new subscriber: it receives every record published from now on.
    pub fn subscribe(&self) -> Subscription {
        Subscription::new(self.out.subscribe(), &self.sink.shared)
    }

    /// The NDJSON header for this stream.
    pub fn header(&self) -> Header {
        header(self.start_unix_ms)
    }

    /// A handle that can subscribe from another thread without keeping the stream open: once
    /// the hub shuts down, [`Tap::subscribe`] returns `None` and its subscriptions end with
    /// [`RecvError::Closed`] as every other one does.
    pub fn tap(&self) -> Tap {
        Tap {
            out: self.out.downgrade(),
            sink: self.sink.clone(),
            start_unix_ms: self.start_unix_ms,
        }
    }

    /// Writes the stream as newline-delimited JSON on a thread of its own: the header, then one
    /// [`Record`] per line, until the hub shuts down. Join the handle after
    /// [`shutdown`](Self::shutdown) to know everything was written. A subscriber lag is written
    /// as a `{"type":"lagged","missed":N}` line.
    pub fn write_ndjson(
        &self,
        mut out: Box<dyn Write + Send>,
    ) -> std::thread::JoinHandle<std::io::Result<()>> {
        let mut sub = self.subscribe();
        let header = Record::unnumbered(0, Event::Header(self.header()));
        std::thread::Builder::new()
            .name("jetcrab-telemetry-ndjson".into())
            .spawn(move || {
                serde_json::to_writer(&mut out, &header)?;
                out.write_all(b"\n")?;
                loop {
                    match sub.blocking_recv() {
                        Ok(r) => serde_json::to_writer(&mut out, &*r)?,
                        Err(RecvError::Lagged(n)) => out.write_all(lagged_json(n).as_bytes())?,
                        Err(RecvError::Closed) => break,
                    }
                    out.write_all(b"\n")?;
                }
                out.flush()
            })
            .expect("spawn the NDJSON writer")
    }

    /// Stops the aggregator after it has published what the sinks sent so far (and a last
    /// aggregate); subscriptions then end with [`RecvError::Closed`]. Sinks still held by
    /// producers stay valid and drop what they publish.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.shutdown.store(true, Ordering::Release);
        if let Some(t) = self.aggregator.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Telemetry {
    fn drop(&mut self) {
        self.stop();
    }
}

fn header(start_unix_ms: u64) -> Header {
    Header {
        version: VERSION,
        engine: "jetcrab".into(),
        engine_version: env!("CARGO_PKG_VERSION").into(),
        start_unix_ms,
    }
}

/// A weak handle on a [`Telemetry`] hub (see [`Telemetry::tap`]); cheap to clone, `Send`.
#[derive(Clone)]
pub struct Tap {
    out: broadcast::WeakSender<Arc<Record>>,
    sink: Sink,
    start_unix_ms: u64,
}

impl std::fmt::Debug for Tap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tap")
            .field("start_unix_ms", &self.start_unix_ms)
            .finish_non_exhaustive()
    }
}

impl Tap {
    /// A new subscriber, or `None` when the hub has shut down.
    pub fn subscribe(&self) -> Option<Subscription> {
        Some(Subscription::new(
            self.out.upgrade()?.subscribe(),
            &self.sink.shared,
        ))
    }

    /// The stream's header.
    pub fn header(&self) -> Header {
        header(self.start_unix_ms)
    }

    /// A sink into the hub (for attaching an engine later; publishing after the hub shut
    /// down drops the events).
    pub fn sink(&self) -> Sink {
        self.sink.clone()
    }

    /// Microseconds since the stream's time 0 (the clock of `ts_us`).
    pub fn now_us(&self) -> u64 {
        self.sink.now_us()
    }
}

/// Why [`Subscription`] returned no record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecvError {
    /// The subscriber fell behind; this many records were skipped. Receiving again continues
    /// with the oldest record still held.
    Lagged(u64),
    /// The hub shut down and every record was received.
    Closed,
}

/// The JSON record a consumer writes in place of the `missed` records it fell behind on
/// ([`RecvError::Lagged`]): `{"v":1,"type":"lagged","missed":N}`. Not a [`Record`]: the engine
/// never produces it, each consumer states its own loss.
pub fn lagged_json(missed: u64) -> String {
    format!("{{\"v\":{VERSION},\"type\":\"lagged\",\"missed\":{missed}}}")
}

/// A consumer's end of the stream. Dropping it unsubscribes (when the last subscription goes,
/// the engine stops building events).
pub struct Subscription {
    rx: broadcast::Receiver<Arc<Record>>,
    shared: Arc<Shared>,
}

fn convert(e: broadcast::error::RecvError) -> RecvError {
    match e {
        broadcast::error::RecvError::Lagged(n) => RecvError::Lagged(n),
        broadcast::error::RecvError::Closed => RecvError::Closed,
    }
}

impl Subscription {
    /// Counts the new listener (the engine publishes while any exists).
    fn new(rx: broadcast::Receiver<Arc<Record>>, shared: &Arc<Shared>) -> Subscription {
        shared.listeners.fetch_add(1, Ordering::Relaxed);
        Subscription {
            rx,
            shared: shared.clone(),
        }
    }

    /// The next record (for Tokio tasks).
    pub async fn recv(&mut self) -> Result<Arc<Record>, RecvError> {
        self.rx.recv().await.map_err(convert)
    }

    /// The next record, blocking the thread (not for use inside a Tokio runtime).
    pub fn blocking_recv(&mut self) -> Result<Arc<Record>, RecvError> {
        self.rx.blocking_recv().map_err(convert)
    }

    /// The next record if one is ready.
    pub fn try_recv(&mut self) -> Result<Option<Arc<Record>>, RecvError> {
        match self.rx.try_recv() {
            Ok(r) => Ok(Some(r)),
            Err(broadcast::error::TryRecvError::Empty) => Ok(None),
            Err(broadcast::error::TryRecvError::Lagged(n)) => Err(RecvError::Lagged(n)),
            Err(broadcast::error::TryRecvError::Closed) => Err(RecvError::Closed),
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.shared.listeners.fetch_sub(1, Ordering::Relaxed);
    }
}
