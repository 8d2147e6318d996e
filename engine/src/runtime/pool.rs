//! [`IsolatePool`]: runs scripts in parallel on N OS threads.
//!
//! `Vm` is not `Send`, so isolates never move: each pool thread creates the runtimes it uses,
//! jobs reach the threads as messages (a shared queue; an idle thread takes the next job), and
//! results come back as owned Rust data ([`HostValue`], [`JsError`]) on a oneshot channel. Each
//! job gets a fresh [`Runtime`], so scripts cannot see each other's globals.

use super::{HostValue, Runtime, RuntimeOptions};
use crate::api::JsError;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

type Job = Box<dyn FnOnce() + Send>;

/// Stack size of a pool thread.
const POOL_STACK: usize = 256 << 20;

/// A fixed set of engine threads.
///
/// ```
/// use jetcrab_engine::runtime::{HostValue, IsolatePool};
/// let pool = IsolatePool::new(2);
/// let tasks: Vec<_> = (0..4).map(|i| pool.execute(format!("{i} * 2"))).collect();
/// for (i, t) in tasks.into_iter().enumerate() {
///     assert_eq!(t.join().unwrap(), HostValue::Number(i as f64 * 2.0));
/// }
/// ```
pub struct IsolatePool {
    jobs: Option<mpsc::Sender<Job>>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

/// A job's result, on its way back from a pool thread. Await it (`.await` through
/// [`PoolTask::into_future`]) or block on it with [`PoolTask::join`].
pub struct PoolTask<T> {
    rx: oneshot::Receiver<T>,
}

impl<T> PoolTask<T> {
    /// Blocks until the job has finished (not from inside an async task: use `.await`).
    ///
    /// # Panics
    /// If the job panicked.
    pub fn join(self) -> T {
        self.rx.blocking_recv().expect("the pool job panicked")
    }
}

impl<T: Send + 'static> std::future::IntoFuture for PoolTask<T> {
    type Output = T;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.rx.await.expect("the pool job panicked") })
    }
}

impl IsolatePool {
    /// A pool of `threads` engine threads (at least one).
    pub fn new(threads: usize) -> IsolatePool {
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        let threads = (0..threads.max(1))
            .map(|i| {
                let rx = rx.clone();
                std::thread::Builder::new()
                    .name(format!("jetcrab-pool-{i}"))
                    .stack_size(POOL_STACK)
                    .spawn(move || loop {
                        let job = match rx.lock() {
                            Ok(q) => q.recv(),
                            Err(_) => return,
                        };
                        match job {
                            // A panicking job drops its result sender (its `PoolTask` reports
                            // the panic); the thread lives on for the next job.
                            Ok(job) => {
                                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                            }
                            Err(_) => return,
                        }
                    })
                    .expect("spawn a pool thread")
            })
            .collect();
        IsolatePool {
            jobs: Some(tx),
            threads,
        }
    }

    /// Runs `f` with a fresh runtime on a pool thread.
    pub fn spawn<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Runtime) -> T + Send + 'static,
    ) -> PoolTask<T> {
        let (tx, rx) = oneshot::channel();
        let job: Job = Box::new(move || {
            let mut rt = Runtime::new(RuntimeOptions::default());
            let _ = tx.send(f(&mut rt));
        });
        if let Some(jobs) = &self.jobs {
            // The threads live as long as the pool, so the queue is open.
            let _ = jobs.send(job);
        }
        PoolTask { rx }
    }

    /// Evaluates `source` on a pool thread (promises are awaited, see [`Runtime::execute`]).
    pub fn execute(&self, source: impl Into<String>) -> PoolTask<Result<HostValue, JsError>> {
        let source = source.into();
        self.spawn(move |rt| rt.execute(&source))
    }
}

impl Drop for IsolatePool {
    fn drop(&mut self) {
        self.jobs = None;
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}
