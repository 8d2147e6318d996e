//! Turning engine panics into test failures without the default hook's stderr noise.
//!
//! The hook only stays quiet inside [`catch`]; panics anywhere else (a runner bug) still print.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};

thread_local! {
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    static MESSAGE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs the process-wide hook that records (instead of prints) panics raised inside [`catch`].
pub fn install_hook() {
    let default_hook = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if CATCHING.get() {
            // `info` reads "panicked at file:line:col:\nmessage"; keep it on one line.
            let message = info.to_string().replace('\n', " ");
            MESSAGE.set(Some(message));
        } else {
            default_hook(info);
        }
    }));
}

/// Runs `f`, returning the panic's message (with its location) if it panicked.
pub fn catch<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    let was_catching = CATCHING.replace(true);
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CATCHING.set(was_catching);
    result.map_err(|_| {
        MESSAGE
            .take()
            .unwrap_or_else(|| "panicked (no message)".into())
    })
}
