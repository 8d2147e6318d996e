//! Per-test timeouts: one background thread that terminates engines which run past their deadline.
//!
//! A single shared thread (rather than one per test) because a full run starts ~100k engines.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use jetcrab_engine::InterruptHandle;

/// How long to wait before interrupting again an engine that is still registered after its
/// deadline: it may have cleared the request between two entry points (`eval_script`, `run_jobs`).
const REPEAT_INTERVAL: Duration = Duration::from_millis(500);

pub struct Watchdog {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    wake: Condvar,
}

#[derive(Default)]
struct State {
    next_id: u64,
    watched: HashMap<u64, (Instant, InterruptHandle)>,
    shutdown: bool,
}

/// Keeps an engine watched until dropped.
pub struct Watch<'a> {
    shared: &'a Shared,
    id: u64,
}

impl Watchdog {
    pub fn start() -> Watchdog {
        let shared = Arc::new(Shared::default());
        let thread_shared = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("test262-watchdog".into())
            .spawn(move || thread_shared.run())
            .expect("cannot spawn the watchdog thread");
        Watchdog {
            shared,
            thread: Some(thread),
        }
    }

    /// Terminates the engine behind `handle` if it is still running at `deadline`.
    pub fn watch(&self, handle: InterruptHandle, deadline: Instant) -> Watch<'_> {
        let mut state = self.shared.lock();
        let id = state.next_id;
        state.next_id += 1;
        state.watched.insert(id, (deadline, handle));
        // The new deadline may be earlier than the one the thread is sleeping towards.
        self.shared.wake.notify_one();
        Watch {
            shared: &self.shared,
            id,
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.shared.lock().shutdown = true;
        self.shared.wake.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Watch<'_> {
    fn drop(&mut self) {
        self.shared.lock().watched.remove(&self.id);
    }
}

impl Shared {
    /// A poisoned lock only means a test thread panicked while holding it; the map is still valid.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn run(&self) {
        let mut state = self.lock();
        while !state.shutdown {
            let now = Instant::now();
            for (deadline, handle) in state.watched.values_mut() {
                if *deadline <= now {
                    handle.terminate();
                    *deadline = now + REPEAT_INTERVAL;
                }
            }
            let next = state.watched.values().map(|(deadline, _)| *deadline).min();
            state = match next {
                Some(deadline) => {
                    let wait = deadline.saturating_duration_since(now);
                    self.wake
                        .wait_timeout(state, wait)
                        .unwrap_or_else(|e| e.into_inner())
                        .0
                }
                None => self.wake.wait(state).unwrap_or_else(|e| e.into_inner()),
            };
        }
    }
}
