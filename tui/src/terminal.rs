//! The terminal: raw mode and the alternate screen, always restored.
//!
//! `ratatui::try_init` enables raw mode, enters the alternate screen and installs a panic hook
//! that restores the terminal before the panic message prints. [`Guard`] restores it on every
//! other way out (return, `?`, `q`). Ctrl-C arrives as a key in raw mode and quits like `q`;
//! SIGINT, SIGTERM and SIGHUP from elsewhere end the main loop the same way.

use ratatui::DefaultTerminal;

/// Restores the terminal when dropped.
pub struct Guard(());

/// Takes over the terminal.
pub fn init() -> std::io::Result<(Guard, DefaultTerminal)> {
    match ratatui::try_init() {
        Ok(t) => Ok((Guard(()), t)),
        Err(e) => {
            // Raw mode may already be on when entering the alternate screen failed.
            ratatui::restore();
            Err(e)
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

/// Resolves when the process is asked to stop by a signal (SIGINT, SIGTERM, SIGHUP).
pub async fn stop_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let mut signals = Vec::new();
    for kind in [
        SignalKind::interrupt(),
        SignalKind::terminate(),
        SignalKind::hangup(),
    ] {
        if let Ok(s) = signal(kind) {
            signals.push(s);
        }
    }
    if signals.is_empty() {
        return std::future::pending().await;
    }
    let waits = signals.iter_mut().map(|s| Box::pin(s.recv()));
    futures_util::future::select_all(waits).await;
}
