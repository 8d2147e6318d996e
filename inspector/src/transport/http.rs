//! The HTTP side: reading a request head without consuming it (a WebSocket upgrade hands the
//! socket to the WebSocket handshake untouched) and the discovery endpoints `/json/version`,
//! `/json/list` (alias `/json`) and `/json/protocol`.

use super::ServerInfo;
use serde_json::{json, Value};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Largest request head accepted.
const MAX_HEAD: usize = 16 * 1024;

/// The parts of a request head the server looks at.
#[derive(Debug, Default, PartialEq)]
pub struct Head {
    /// Bytes up to and including the blank line.
    pub len: usize,
    /// `GET`, …
    pub method: String,
    /// The path (query string included).
    pub path: String,
    /// The `Host` header.
    pub host: Option<String>,
    /// `Upgrade: websocket`.
    pub upgrade: bool,
}

/// Parses a complete head (ending in a blank line); `None` if it is not HTTP.
pub fn parse_head(bytes: &[u8]) -> Option<Head> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let text = std::str::from_utf8(&bytes[..end]).ok()?;
    let mut lines = text.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_string();
    let path = first.next()?.to_string();
    if !first.next()?.starts_with("HTTP/") {
        return None;
    }
    let mut head = Head {
        len: end,
        method,
        path,
        ..Head::default()
    };
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        if name.eq_ignore_ascii_case("host") {
            head.host = Some(value.to_string());
        } else if name.eq_ignore_ascii_case("upgrade") {
            head.upgrade = value.eq_ignore_ascii_case("websocket");
        }
    }
    Some(head)
}

/// Waits until a whole request head has arrived and parses it, leaving it in the socket.
pub async fn peek_head(stream: &TcpStream) -> Option<Head> {
    let mut buf = vec![0u8; MAX_HEAD];
    loop {
        let n = stream.peek(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        if buf[..n].windows(4).any(|w| w == b"\r\n\r\n") {
            return parse_head(&buf[..n]);
        }
        if n == buf.len() {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Reads the head out of the socket, then writes a response and closes.
pub async fn respond(mut stream: TcpStream, head: &Head, status: &str, ctype: &str, body: &str) {
    let mut sink = vec![0u8; head.len];
    if stream.read_exact(&mut sink).await.is_err() {
        return;
    }
    let text = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(text.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// The discovery document for `path`, if it is one.
pub fn endpoint(path: &str, host: &str, info: &ServerInfo) -> Option<Value> {
    let path = path.split('?').next().unwrap_or(path).trim_end_matches('/');
    let ws = format!("{host}/{}", info.uuid);
    match path {
        "/json" | "/json/list" => Some(json!([{
            "description": "jetcrab instance",
            "devtoolsFrontendUrl": format!("devtools://devtools/bundled/js_app.html?experiments=true&v8only=true&ws={ws}"),
            "devtoolsFrontendUrlCompat": format!("devtools://devtools/bundled/inspector.html?experiments=true&v8only=true&ws={ws}"),
            "faviconUrl": "https://nodejs.org/static/images/favicons/favicon.ico",
            "id": info.uuid,
            "title": info.title,
            "type": "node",
            "url": info.url,
            "webSocketDebuggerUrl": format!("ws://{ws}"),
        }])),
        "/json/version" => Some(json!({
            "Browser": format!("jetcrab/v{}", env!("CARGO_PKG_VERSION")),
            "Protocol-Version": "1.1",
        })),
        "/json/protocol" => Some(crate::protocol::schema()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads() {
        let h = parse_head(
            b"GET /json/list HTTP/1.1\r\nHost: 127.0.0.1:9229\r\nUpgrade: WebSocket\r\n\r\nrest",
        )
        .unwrap();
        assert_eq!(h.path, "/json/list");
        assert_eq!(h.host.as_deref(), Some("127.0.0.1:9229"));
        assert!(h.upgrade);
        assert_eq!(h.len, 69);
        assert!(parse_head(b"GET / HTTP/1.1\r\n").is_none());
        assert!(parse_head(b"\x16\x03\x01garbage\r\n\r\n").is_none());
    }

    #[test]
    fn endpoints() {
        let info = ServerInfo {
            uuid: "u".into(),
            title: "t.js".into(),
            url: "file:///t.js".into(),
        };
        let list = endpoint("/json", "127.0.0.1:1", &info).unwrap();
        assert_eq!(list[0]["webSocketDebuggerUrl"], "ws://127.0.0.1:1/u");
        assert_eq!(list[0]["type"], "node");
        assert!(endpoint("/json/version", "h", &info).unwrap()["Browser"].is_string());
        assert!(endpoint("/nope", "h", &info).is_none());
    }
}
