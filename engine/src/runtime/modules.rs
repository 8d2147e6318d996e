//! The runtime's module loader: module files are read with `tokio::fs` on the loop's
//! `LocalSet`, so loading a module graph never blocks the JS thread.
//!
//! [`TokioLoader::load`] answers [`LoadOutcome::Pending`] and spawns the read; when it finishes,
//! the read sends [`Completion::Module`] down the loop's channel and the poll phase hands the
//! source to the engine (`Engine::finish_module_load`), whose graph then fetches the new
//! module's own imports, links and evaluates. The count of reads in flight keeps the loop alive
//! ([`super::state::HostState::alive`]).

use super::ops::Completion;
use crate::module::loader::{read_outcome, resolve_path};
use crate::module::{LoadOutcome, LoadRequest, ModuleLoader};
use std::cell::Cell;
use std::rc::Rc;
use tokio::sync::mpsc::UnboundedSender;

/// Resolves like [`crate::module::FsLoader`]; reads through `tokio::fs`.
pub(crate) struct TokioLoader {
    /// The loop's completion channel.
    pub(crate) tx: UnboundedSender<Completion>,
    /// Where the reads run.
    pub(crate) local: Rc<tokio::task::LocalSet>,
    /// Reads started and not yet delivered (shared with the host state).
    pub(crate) in_flight: Rc<Cell<u32>>,
}

impl ModuleLoader for TokioLoader {
    fn resolve(&mut self, referrer: &str, specifier: &str) -> Result<String, String> {
        resolve_path(referrer, specifier)
    }

    fn load(&mut self, request: &LoadRequest) -> LoadOutcome {
        let (tx, key, path) = (self.tx.clone(), request.key.clone(), request.path.clone());
        self.in_flight.set(self.in_flight.get() + 1);
        self.local.spawn_local(async move {
            let outcome = read_outcome(&path, tokio::fs::read(&path).await);
            // The receiver is gone only when the runtime is being dropped.
            let _ = tx.send(Completion::Module(key, outcome));
        });
        LoadOutcome::Pending
    }
}
