//! The `JetCrab.telemetry` pump: one task per session with the `JetCrab` domain enabled. It
//! reads the session's telemetry subscription and writes each record, serialized here on the
//! server thread, into the session's bounded telemetry channel. When the client reads slowly
//! the channel fills, the task waits, and the subscription lags: the client then gets one
//! `lagged` record instead of the records it missed. The engine never waits for it.

use crate::client::Hub;
use jetcrab_engine::telemetry::{lagged_json, RecvError, Subscription};
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
            Err(RecvError::Lagged(n)) => telemetry_event(&lagged_json(n)),
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

#[cfg(test)]
mod tests {
    use super::*;
    use jetcrab_engine::telemetry::{Dropped, Event, Telemetry, TelemetryOptions};
    use serde_json::Value;

    /// A subscriber that fell behind gets one `lagged` record, then what the hub still holds,
    /// then `JetCrab.finished` once the hub shut down; what was queued first goes first.
    #[test]
    fn lag_becomes_a_lagged_record_and_finished_comes_last() {
        let telemetry = Telemetry::new(TelemetryOptions {
            subscriber_capacity: 4,
            ..TelemetryOptions::default()
        });
        let (hub, _rx) = Hub::new(Some(telemetry.tap()));
        hub.set_finished("FINISHED".into());
        let sub = telemetry.tap().subscribe().unwrap();
        let sink = telemetry.sink();
        for total in 0..50 {
            sink.emit(Event::Dropped(Dropped { total }));
        }
        telemetry.shutdown();
        assert!(hub.tap().unwrap().subscribe().is_none(), "a closed hub");
        let (out, mut rx) = tokio::sync::mpsc::channel(128);
        let (_stop, stop_rx) = oneshot::channel();
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(forward(hub, sub, vec!["FIRST".into()], out, stop_rx));
        let mut got = Vec::new();
        while let Ok(m) = rx.try_recv() {
            got.push(m);
        }
        assert_eq!(got.first().map(String::as_str), Some("FIRST"));
        assert_eq!(got.last().map(String::as_str), Some("FINISHED"));
        let records: Vec<Value> = got[1..got.len() - 1]
            .iter()
            .map(|m| serde_json::from_str::<Value>(m).unwrap())
            .inspect(|v| assert_eq!(v["method"], "JetCrab.telemetry"))
            .map(|v| v["params"].clone())
            .collect();
        assert_eq!(records[0]["type"], "lagged", "{records:?}");
        assert!(records[0]["missed"].as_u64().unwrap() > 0);
        assert!(records.len() > 1 && records.len() <= 5, "{records:?}");
        assert!(records[1..].iter().all(|r| r["seq"].as_u64().is_some()));
    }
}
