//! The inspector's network side, on its own OS thread with a current-thread Tokio runtime:
//! accepts TCP connections, serves the discovery endpoints over HTTP and upgrades the UUID path
//! to a WebSocket. It never touches the engine; requests reach the JS thread through the
//! [`Hub`].

pub mod http;
pub mod security;
pub mod telemetry;
pub mod ws;

use crate::client::Hub;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};

/// How long a client may take to send its request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// What the discovery endpoints describe.
#[derive(Clone, Debug)]
pub struct ServerInfo {
    /// The WebSocket path (without the slash).
    pub uuid: String,
    /// Target title (the script's name).
    pub title: String,
    /// Target URL (`file://` of the script).
    pub url: String,
}

/// Binds `addr` and serves on a new thread; returns the bound address (port 0 picks one).
pub fn start(addr: SocketAddr, info: ServerInfo, hub: Arc<Hub>) -> std::io::Result<SocketAddr> {
    let listener = std::net::TcpListener::bind(addr)?;
    listener.set_nonblocking(true)?;
    let local = listener.local_addr()?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()?;
    hub.set_runtime(rt.handle().clone());
    std::thread::Builder::new()
        .name("inspector".into())
        .spawn(move || {
            rt.block_on(async move {
                let Ok(listener) = TcpListener::from_std(listener) else {
                    return;
                };
                let info = Arc::new(info);
                let next = Arc::new(AtomicU32::new(1));
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    };
                    let (info, hub, next) = (info.clone(), hub.clone(), next.clone());
                    tokio::spawn(async move {
                        connection(stream, local, &info, hub, &next).await;
                    });
                }
            })
        })?;
    Ok(local)
}

/// One TCP connection: the Host check, then HTTP or the WebSocket.
async fn connection(
    stream: TcpStream,
    local: SocketAddr,
    info: &ServerInfo,
    hub: Arc<Hub>,
    next: &AtomicU32,
) {
    let _ = stream.set_nodelay(true);
    let Ok(Some(head)) = tokio::time::timeout(HEAD_TIMEOUT, http::peek_head(&stream)).await else {
        return;
    };
    if !security::host_allowed(head.host.as_deref()) {
        let msg = "Host header is not an IP address or localhost (DNS rebinding protection)\n";
        http::respond(stream, &head, "400 Bad Request", "text/plain", msg).await;
        return;
    }
    if head.upgrade {
        if head.path.trim_start_matches('/') == info.uuid {
            ws::serve(stream, hub, next.fetch_add(1, Ordering::Relaxed)).await;
        } else {
            http::respond(
                stream,
                &head,
                "404 Not Found",
                "text/plain",
                "Unknown target\n",
            )
            .await;
        }
        return;
    }
    let host = head.host.clone().unwrap_or_else(|| local.to_string());
    match http::endpoint(&head.path, &host, info) {
        Some(doc) if head.method == "GET" => {
            let body = serde_json::to_string_pretty(&doc).unwrap_or_default();
            http::respond(
                stream,
                &head,
                "200 OK",
                "application/json; charset=UTF-8",
                &body,
            )
            .await;
        }
        _ => {
            let body = "WebSockets request was expected\n";
            http::respond(stream, &head, "404 Not Found", "text/plain", body).await;
        }
    }
}
