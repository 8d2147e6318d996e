//! One WebSocket client: frames in become requests for the JS thread (malformed ones are
//! answered here), replies and events out. A protocol error or a closed socket ends only this
//! client's session.

use crate::client::{Hub, SessionId, ToJs};
use crate::protocol::message;
use futures_util::future::{select, Either};
use futures_util::{SinkExt, StreamExt};
use std::pin::pin;
use std::sync::Arc;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;

/// Largest message accepted from a client.
const MAX_MESSAGE: usize = 16 << 20;

/// Telemetry events a client can have queued before its stream lags (see `telemetry.rs`).
const TELEMETRY_QUEUE: usize = 256;

/// Completes the handshake and relays messages until either side closes.
pub async fn serve(stream: TcpStream, hub: Arc<Hub>, id: SessionId) {
    let config = WebSocketConfig::default()
        .max_message_size(Some(MAX_MESSAGE))
        .max_frame_size(Some(MAX_MESSAGE));
    let Ok(ws) = tokio_tungstenite::accept_async_with_config(stream, Some(config)).await else {
        return;
    };
    let (mut sink, mut source) = ws.split();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    let (telemetry_tx, mut telemetry) = tokio::sync::mpsc::channel::<String>(TELEMETRY_QUEUE);
    hub.open(id, tx, telemetry_tx);
    let writer = async move {
        loop {
            // Replies and events first (`select` polls its left side first): a reply always
            // precedes the telemetry its request started.
            let next = match select(pin!(rx.recv()), pin!(telemetry.recv())).await {
                Either::Left((t, _)) | Either::Right((t, _)) => t,
            };
            let Some(text) = next else { break };
            if sink.send(Message::Text(text.into())).await.is_err() {
                break;
            }
        }
        let _ = sink.close().await;
    };
    let reader_hub = hub.clone();
    let reader = async move {
        while let Some(frame) = source.next().await {
            let text = match frame {
                Ok(Message::Text(t)) => t.as_str().to_string(),
                Ok(Message::Binary(b)) => String::from_utf8_lossy(&b).into_owned(),
                Ok(Message::Close(_)) | Err(_) => break,
                Ok(_) => continue,
            };
            match message::parse(&text) {
                Ok(req) => reader_hub.post(ToJs::Request(id, req)),
                Err(reply) => reader_hub.send(id, reply),
            }
        }
    };
    futures_util::future::select(Box::pin(writer), Box::pin(reader)).await;
    hub.close(id);
}
