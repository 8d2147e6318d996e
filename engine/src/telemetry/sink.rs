//! The producer side: what the engine writes events into.
//!
//! Hot-path rules: [`Sink::enabled`] is one relaxed atomic load; callers test it before they
//! build an event, so a stream nobody listens to costs no allocation and no lock. Publishing
//! never blocks: the channel to the aggregator is bounded and a full channel drops the event
//! and bumps a counter that the aggregator reports as [`Event::Dropped`](super::Event::Dropped).

use super::event::Event;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{SyncSender, TrySendError};
use std::sync::Arc;
use std::time::Instant;

/// An event on its way to the aggregator, stamped by the producer.
pub(crate) struct Stamped {
    pub(crate) at: Instant,
    /// The publishing JS thread: 0 for the main thread, else the worker's id.
    pub(crate) worker: u32,
    pub(crate) event: Event,
}

/// State shared by every [`Sink`] of one hub and by the hub itself.
pub(crate) struct Shared {
    pub(crate) tx: SyncSender<Stamped>,
    /// Live subscriptions: the stream is enabled while this is non-zero.
    pub(crate) listeners: AtomicUsize,
    /// Events lost to a full channel.
    pub(crate) dropped: AtomicU64,
    /// Time 0 of the stream.
    pub(crate) origin: Instant,
}

/// Where the engine publishes telemetry. Cheap to clone, `Send + Sync`; it never blocks.
#[derive(Clone)]
pub struct Sink {
    pub(crate) shared: Arc<Shared>,
    /// Stamped into every record this sink publishes (0: the main thread).
    pub(crate) worker: u32,
}

impl Sink {
    /// Is anyone listening? Build events only when this is true.
    #[inline(always)]
    pub fn enabled(&self) -> bool {
        self.shared.listeners.load(Ordering::Relaxed) != 0
    }

    /// Publishes an event if anyone listens; drops it (and counts the loss) when the stream is
    /// full.
    pub fn emit(&self, event: Event) {
        if self.enabled() {
            self.send(event);
        }
    }

    /// Publishes the event `make` builds, calling it only if anyone listens.
    #[inline]
    pub fn emit_with(&self, make: impl FnOnce() -> Event) {
        if self.enabled() {
            self.send(make());
        }
    }

    /// A sink into the same stream for worker `id`'s engine: its records carry `worker: id`.
    pub fn for_worker(&self, id: u32) -> Sink {
        Sink {
            shared: self.shared.clone(),
            worker: id,
        }
    }

    /// The worker this sink publishes for (0: the main thread).
    pub fn worker(&self) -> u32 {
        self.worker
    }

    fn send(&self, event: Event) {
        let stamped = Stamped {
            at: Instant::now(),
            worker: self.worker,
            event,
        };
        match self.shared.tx.try_send(stamped) {
            Ok(()) | Err(TrySendError::Disconnected(_)) => {}
            Err(TrySendError::Full(_)) => {
                self.shared.dropped.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Events lost so far because the stream was full.
    pub fn dropped(&self) -> u64 {
        self.shared.dropped.load(Ordering::Relaxed)
    }

    /// Microseconds since the stream's time 0.
    pub fn now_us(&self) -> u64 {
        self.shared.origin.elapsed().as_micros() as u64
    }
}
