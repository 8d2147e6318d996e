//! The `JetCrab.telemetry` pump: one task per session with the `JetCrab` domain enabled. It
//! reads the session's telemetry subscription and writes each record, serialized here on the
//! server thread, into the session's bounded telemetry channel. When the client reads slowly
//! the channel fills, the task waits, and the subscription lags: the client then gets one
//! `lagged` record instead of the records it missed. The engine never waits for it.

use crate::client::Hub;
use jetcrab_engine::telemetry::{RecvError, Subscription, VERSION};
use std::pin::pin;
use std::sync::Arc;
use tokio::sync::mpsc::Sender;
use tokio::sync::oneshot;

/// `{"method":"JetCrab.telemetry","params":<record>}` around a serialized record.
pub fn telemetry_event(record_json: &str) -> String {
    format!("{{\"method\":\"JetCrab.telemetry\",\"params\":{record_json}}}")
}

/// Sends `first`, then every record of `sub`, until `stop` fires (or its sender is dropped:
/// `JetCrab.disable`, disconnect) or the stream closes (the hub shut down: the script is done,
/// and `JetCrab.finished` follows the last record).
pub async fn forward(
    hub: Arc<Hub>,
    mut sub: Subscription,
    first: Vec<String>,
    out: Sender<String>,
    mut stop: oneshot::Receiver<()>,
) {
    for m in first {
        if out.send(m).await.is_err() {
            return;
        }
    }
    loop {
        let next = {
            let recv = pin!(sub.recv());
            match futures_util::future::select(&mut stop, recv).await {
                futures_util::future::Either::Left(_) => return,
                futures_util::future::Either::Right((r, _)) => r,
            }
        };
        let text = match next {
            Ok(record) => match serde_json::to_string(&*record) {
                Ok(json) => telemetry_event(&json),
                Err(_) => continue,
            },
            Err(RecvError::Lagged(n)) => telemetry_event(&format!(
                "{{\"v\":{VERSION},\"type\":\"lagged\",\"missed\":{n}}}"
            )),
            Err(RecvError::Closed) => {
                drop(sub);
                if let Some(fin) = hub.finished() {
                    let _ = out.send(fin).await;
                }
                return;
            }
        };
        if out.send(text).await.is_err() {
            return;
        }
    }
}
