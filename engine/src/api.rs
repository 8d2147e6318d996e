//! The embedding API: the only door into the engine for the CLI, the test262 runner and, later, the
//! runtime, inspector and TUI crates.
//!
//! An [`Engine`] owns one realm and one heap. It is single-threaded; another thread can only reach it
//! through an [`InterruptHandle`].

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

/// Where `print`, `console.log` and friends write. The default writes to the process's stdout/stderr.
pub type PrintSink = Box<dyn FnMut(Stream, &str) + Send>;

/// Which output stream a line of console output goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// `print`, `console.log`, `console.info`.
    Stdout,
    /// `console.warn`, `console.error`.
    Stderr,
}

/// Options for a new [`Engine`].
pub struct EngineOptions {
    /// Collect garbage at every safepoint that follows an allocation (GC stress mode).
    pub gc_stress: bool,
    /// Verify the heap's invariants before and after every collection.
    pub gc_verify: bool,
    /// Install the test262 host object `$262` (createRealm, evalScript, gc, global, detachArrayBuffer).
    pub test262_host: bool,
    /// Maximum JS call depth before `RangeError: Maximum call stack size exceeded`.
    pub max_call_depth: usize,
    /// Where console output goes; `None` writes to the process's stdout/stderr.
    pub print: Option<PrintSink>,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            gc_stress: std::env::var_os("JETCRAB_GC_STRESS").is_some(),
            gc_verify: std::env::var_os("JETCRAB_GC_VERIFY").is_some(),
            test262_host: false,
            max_call_depth: 10_000,
            print: None,
        }
    }
}

/// When an error was raised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorPhase {
    /// Before any code ran: a syntax or early error.
    Parse,
    /// While the script ran (an uncaught exception).
    Runtime,
}

/// An error that escaped to the embedder.
#[derive(Clone, Debug)]
pub struct JsError {
    /// Parse (early) error or runtime exception.
    pub phase: ErrorPhase,
    /// The error's `name` (`SyntaxError`, `TypeError`, …); empty when a non-Error value was thrown.
    pub name: String,
    /// The error's `message`, or the thrown value rendered as a string.
    pub message: String,
    /// What Node prints for an uncaught exception: `Uncaught Name: message` and the stack or code frame.
    pub report: String,
    /// True when the script was stopped through an [`InterruptHandle`] (e.g. a timeout).
    pub interrupted: bool,
}

impl std::fmt::Display for JsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.report)
    }
}

impl std::error::Error for JsError {}

/// Lets another thread stop a running script: it is checked on loop back-edges and calls.
#[derive(Clone, Debug)]
pub struct InterruptHandle {
    pub(crate) flag: Arc<AtomicU8>,
}

impl InterruptHandle {
    /// Asks the engine to stop: the running script throws an uncatchable termination error.
    pub fn terminate(&self) {
        self.flag.store(crate::vm::INTERRUPT_TERMINATE, Ordering::Release);
    }
}
