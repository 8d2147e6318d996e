//! The attached clients as both threads see them. The server thread registers a session per
//! WebSocket and forwards its requests to the JS thread; the JS thread answers through the
//! session's outgoing channel. Nothing here blocks: the outgoing channels are unbounded and
//! sending to a client that went away is a no-op.
//!
//! The `JetCrab` telemetry stream takes another path: a task on the server thread per enabled
//! session (`transport::telemetry`) reads the hub's subscription and writes into the session's
//! bounded telemetry channel, so the JS thread does no per-record work and a slow client makes
//! its subscription lag instead of growing a queue.

use crate::protocol::message::Request;
use jetcrab_engine::telemetry::{Subscription, Tap};
use std::collections::BTreeMap;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::mpsc::{Sender, UnboundedSender};
use tokio::sync::oneshot;

/// Session id (one per WebSocket connection).
pub type SessionId = u32;

/// What the server thread tells the JS thread.
#[derive(Debug)]
pub enum ToJs {
    /// A client connected.
    Open(SessionId),
    /// A well-formed request.
    Request(SessionId, Request),
    /// A client disconnected.
    Close(SessionId),
}

/// Wakes the JS thread (sets the engine's debug interrupt bit and wakes its event loop).
pub type Waker = Box<dyn Fn() + Send + Sync>;

/// One connected client: its outgoing channels and the domains it enabled.
struct Client {
    out: UnboundedSender<String>,
    /// Telemetry events (bounded: the WebSocket writer drains `out` first).
    telemetry: Sender<String>,
    /// Dropping it stops the session's telemetry task (`JetCrab.disable`, disconnect).
    stream: Option<oneshot::Sender<()>>,
    runtime: bool,
    debugger: bool,
}

/// Which clients an event goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Clients that enabled `Runtime`.
    Runtime,
    /// Clients that enabled `Debugger`.
    Debugger,
}

/// Shared between the server thread and the JS thread.
pub struct Hub {
    clients: Mutex<BTreeMap<SessionId, Client>>,
    to_js: Mutex<mpsc::Sender<ToJs>>,
    waker: Mutex<Option<Waker>>,
    /// The server thread's runtime (telemetry tasks are spawned on it).
    runtime: Mutex<Option<tokio::runtime::Handle>>,
    /// The engine's telemetry hub, if the host attached one.
    tap: Option<Tap>,
    /// `JetCrab.finished`, once the script is done.
    finished: Mutex<Option<String>>,
}

impl Client {
    fn listens(&self, a: Audience) -> bool {
        match a {
            Audience::Runtime => self.runtime,
            Audience::Debugger => self.debugger,
        }
    }
}

/// Locks, ignoring poisoning (a panicking holder cannot leave these maps inconsistent).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Hub {
    /// A hub and the JS thread's receiving end; `tap` serves the `JetCrab` domain.
    pub fn new(tap: Option<Tap>) -> (Arc<Hub>, mpsc::Receiver<ToJs>) {
        let (tx, rx) = mpsc::channel();
        let hub = Hub {
            clients: Mutex::new(BTreeMap::new()),
            to_js: Mutex::new(tx),
            waker: Mutex::new(None),
            runtime: Mutex::new(None),
            tap,
            finished: Mutex::new(None),
        };
        (Arc::new(hub), rx)
    }

    /// The telemetry hub, if any.
    pub fn tap(&self) -> Option<&Tap> {
        self.tap.as_ref()
    }

    /// Records the server thread's runtime.
    pub fn set_runtime(&self, handle: tokio::runtime::Handle) {
        *lock(&self.runtime) = Some(handle);
    }

    /// Starts forwarding `sub` to a client's telemetry channel, after the messages `first`
    /// (replacing any stream it had). A stream that ends because the hub shut down is followed
    /// by [`Hub::finished`].
    pub fn start_stream(self: &Arc<Self>, id: SessionId, sub: Subscription, first: Vec<String>) {
        let Some(rt) = lock(&self.runtime).clone() else {
            return;
        };
        let (stop_tx, stop_rx) = oneshot::channel();
        let out = {
            let mut clients = lock(&self.clients);
            let Some(c) = clients.get_mut(&id) else {
                return;
            };
            c.stream = Some(stop_tx);
            c.telemetry.clone()
        };
        let hub = self.clone();
        rt.spawn(crate::transport::telemetry::forward(
            hub, sub, first, out, stop_rx,
        ));
    }

    /// Stops a client's telemetry stream.
    pub fn stop_stream(&self, id: SessionId) {
        if let Some(c) = lock(&self.clients).get_mut(&id) {
            c.stream = None;
        }
    }

    /// Sets the `JetCrab.finished` event sent when telemetry streams end.
    pub fn set_finished(&self, event: String) {
        *lock(&self.finished) = Some(event);
    }

    /// The `JetCrab.finished` event, once the script is done.
    pub fn finished(&self) -> Option<String> {
        lock(&self.finished).clone()
    }

    /// Installs the function that wakes the JS thread.
    pub fn set_waker(&self, w: Waker) {
        *lock(&self.waker) = Some(w);
    }

    /// Registers a client's outgoing channels (replies and events; telemetry).
    pub fn open(&self, id: SessionId, out: UnboundedSender<String>, telemetry: Sender<String>) {
        let c = Client {
            out,
            telemetry,
            stream: None,
            runtime: false,
            debugger: false,
        };
        lock(&self.clients).insert(id, c);
        self.post(ToJs::Open(id));
    }

    /// Forgets a client.
    pub fn close(&self, id: SessionId) {
        lock(&self.clients).remove(&id);
        self.post(ToJs::Close(id));
    }

    /// Hands a message to the JS thread and wakes it.
    pub fn post(&self, m: ToJs) {
        let _ = lock(&self.to_js).send(m);
        if let Some(w) = lock(&self.waker).as_ref() {
            w();
        }
    }

    /// Sends a text frame to one client.
    pub fn send(&self, id: SessionId, text: String) {
        if let Some(c) = lock(&self.clients).get(&id) {
            let _ = c.out.send(text);
        }
    }

    /// Records that a client enabled (or disabled) a domain.
    pub fn enable(&self, id: SessionId, domain: Audience, on: bool) {
        if let Some(c) = lock(&self.clients).get_mut(&id) {
            match domain {
                Audience::Runtime => c.runtime = on,
                Audience::Debugger => c.debugger = on,
            }
        }
    }

    /// Sends an event to every client of `audience`.
    pub fn broadcast(&self, audience: Audience, text: &str) {
        for c in lock(&self.clients).values() {
            if c.listens(audience) {
                let _ = c.out.send(text.to_string());
            }
        }
    }

    /// Is any client of `audience` connected?
    pub fn any(&self, audience: Audience) -> bool {
        lock(&self.clients).values().any(|c| c.listens(audience))
    }

    /// Number of connected clients.
    pub fn client_count(&self) -> usize {
        lock(&self.clients).len()
    }
}
