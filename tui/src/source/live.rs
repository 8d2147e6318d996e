//! The live source: a `JetCrab` CDP session (contract: the inspector's `JetCrab` domain,
//! docs/jetcrab-top.md) over a WebSocket, optionally with the `jetcrab` process it started.
//!
//! One task owns the connection and forwards each `JetCrab.telemetry` event as a [`Line`].
//! The forwarding never waits on the UI: the channel is bounded and a full channel drops the
//! record and counts it, like the engine's own sink. A connection that drops before
//! `JetCrab.finished` is retried every second (rediscovering the target with `--port`) until
//! the process is known to be gone. Malformed frames and unknown messages are skipped.

use super::{Command, GcTotals, HeapNow, Line, SourceEvent, Status};
use futures_util::{SinkExt, StreamExt};
use jetcrab_engine::telemetry::Header;
use serde::Deserialize;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::{mpsc, oneshot, watch};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

/// Records the app may fall behind by before new ones are dropped.
const CHANNEL: usize = 1 << 16;
/// Pause between reconnection attempts.
const RETRY: Duration = Duration::from_secs(1);
/// How often the live heap is read (`JetCrab.getSnapshot`).
const SNAPSHOT_EVERY: Duration = Duration::from_millis(500);
/// Bound on connecting, and on waiting for the child's inspector URL.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// What to observe.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// Start `jetcrab run --inspect-wait=127.0.0.1:0 <script> -- <args>` and attach.
    Spawn {
        /// The `jetcrab` binary.
        jetcrab: PathBuf,
        /// The script and its arguments.
        script: Vec<String>,
    },
    /// Attach to this WebSocket URL.
    Url(String),
    /// Attach to the first target `http://127.0.0.1:PORT/json/list` lists.
    Port(u16),
}

/// The app's end of a live source.
pub struct Live {
    /// Records and status changes.
    pub events: mpsc::Receiver<SourceEvent>,
    /// Commands to the inspector (`c`).
    pub commands: mpsc::UnboundedSender<Command>,
    /// Records dropped because `events` was full.
    pub dropped: Arc<AtomicU64>,
}

/// The source task's end of the channel.
#[derive(Clone)]
struct Out {
    tx: mpsc::Sender<SourceEvent>,
    dropped: Arc<AtomicU64>,
}

impl Out {
    /// Forwards without waiting; a full channel drops and counts.
    fn line(&self, line: Line) {
        if self.tx.try_send(SourceEvent::Line(line)).is_err() {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Status changes, notes and output are rare and must not be lost: these wait.
    async fn send(&self, event: SourceEvent) {
        let _ = self.tx.send(event).await;
    }

    async fn status(&self, status: Status) {
        self.send(SourceEvent::Status(status)).await;
    }
}

/// Starts the source task on the current Tokio runtime.
pub fn start(target: Target) -> Live {
    let (tx, events) = mpsc::channel(CHANNEL);
    let (commands, cmd_rx) = mpsc::unbounded_channel();
    let dropped = Arc::new(AtomicU64::new(0));
    let out = Out {
        tx,
        dropped: dropped.clone(),
    };
    tokio::spawn(run(target, out, cmd_rx));
    Live {
        events,
        commands,
        dropped,
    }
}

/// How a session ended.
#[derive(Debug, PartialEq)]
enum Outcome {
    Finished {
        exit_code: Option<i32>,
        error: Option<String>,
    },
    Lost(String),
    /// The app dropped its command sender: it is quitting.
    Quit,
}

async fn run(target: Target, out: Out, mut commands: mpsc::UnboundedReceiver<Command>) {
    // For a started script: its inspector URL, and a flag that turns true when it exits.
    let mut spawned: Option<(String, watch::Receiver<bool>)> = None;
    if let Target::Spawn { jetcrab, script } = &target {
        out.status(Status::Starting).await;
        match spawn(jetcrab, script, &out).await {
            Ok(s) => spawned = Some(s),
            Err(e) => {
                out.status(Status::Failed(e)).await;
                return;
            }
        }
    }
    let exited =
        |s: &Option<(String, watch::Receiver<bool>)>| s.as_ref().is_some_and(|(_, w)| *w.borrow());
    let mut attempt = 0;
    loop {
        let url = match (&target, &spawned) {
            (_, Some((url, _))) => Ok(url.clone()),
            (Target::Url(url), _) => Ok(url.clone()),
            (Target::Port(port), _) => discover(*port).await,
            (Target::Spawn { .. }, None) => return,
        };
        let outcome = match url {
            Ok(url) => {
                out.status(Status::Connecting(url.clone())).await;
                match tokio::time::timeout(CONNECT_TIMEOUT, tokio_tungstenite::connect_async(&url))
                    .await
                {
                    Ok(Ok((ws, _))) => {
                        attempt = 0;
                        out.status(Status::Live(url)).await;
                        session(ws, spawned.is_some(), &out, &mut commands).await
                    }
                    Ok(Err(e)) => Outcome::Lost(e.to_string()),
                    Err(_) => Outcome::Lost("connection timed out".into()),
                }
            }
            Err(e) => Outcome::Lost(e),
        };
        match outcome {
            Outcome::Finished { exit_code, error } => {
                out.status(Status::Finished { exit_code, error }).await;
                return;
            }
            Outcome::Quit => return,
            // The child's wait task reports its exit; nothing is left to reconnect to.
            Outcome::Lost(_) if exited(&spawned) => return,
            Outcome::Lost(reason) => {
                attempt += 1;
                out.status(Status::Lost { attempt, reason }).await;
                tokio::time::sleep(RETRY).await;
            }
        }
    }
}

/// Starts the script under `--inspect-wait` and reads its inspector URL from stderr. The
/// child's output goes to the app as [`SourceEvent::Output`], never to the terminal.
async fn spawn(
    jetcrab: &PathBuf,
    script: &[String],
    out: &Out,
) -> Result<(String, watch::Receiver<bool>), String> {
    let (file, args) = script.split_first().ok_or("no script given")?;
    let mut cmd = tokio::process::Command::new(jetcrab);
    cmd.arg("run").arg("--inspect-wait=127.0.0.1:0").arg(file);
    if !args.is_empty() {
        cmd.arg("--").args(args);
    }
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", jetcrab.display()))?;
    let (url_tx, url_rx) = oneshot::channel();
    if let Some(stdout) = child.stdout.take() {
        tokio::spawn(forward_output(stdout, out.clone(), None));
    }
    if let Some(stderr) = child.stderr.take() {
        tokio::spawn(forward_output(stderr, out.clone(), Some(url_tx)));
    }
    let (exited_tx, exited_rx) = watch::channel(false);
    let wait_out = out.clone();
    // This task owns the child: when the runtime shuts down (the app quits) it is dropped and
    // `kill_on_drop` ends the process.
    tokio::spawn(async move {
        let code = child.wait().await.ok().and_then(|s| s.code());
        let _ = exited_tx.send(true);
        wait_out.status(Status::Exited(code)).await;
    });
    match tokio::time::timeout(START_TIMEOUT, url_rx).await {
        Ok(Ok(url)) => Ok((url, exited_rx)),
        _ => Err("jetcrab did not print 'Debugger listening on ws://…'".into()),
    }
}

/// Forwards the child's output line by line; on stderr, the first `Debugger listening on`
/// line also yields the inspector URL.
async fn forward_output(
    stream: impl AsyncRead + Unpin,
    out: Out,
    mut url: Option<oneshot::Sender<String>>,
) {
    let mut lines = BufReader::new(stream).split(b'\n');
    while let Ok(Some(bytes)) = lines.next_segment().await {
        let line = String::from_utf8_lossy(&bytes).trim_end().to_string();
        if let Some(rest) = line.strip_prefix("Debugger listening on ") {
            if let Some(tx) = url.take() {
                let _ = tx.send(rest.trim().to_string());
            }
        }
        out.send(SourceEvent::Output(line)).await;
    }
}

#[derive(Deserialize)]
struct ListEntry {
    #[serde(rename = "webSocketDebuggerUrl")]
    url: String,
}

/// The WebSocket URL of the first target of `http://127.0.0.1:PORT/json/list`.
async fn discover(port: u16) -> Result<String, String> {
    let body = tokio::time::timeout(CONNECT_TIMEOUT, http_get(port, "/json/list"))
        .await
        .map_err(|_| "/json/list timed out".to_string())?
        .map_err(|e| format!("/json/list on port {port}: {e}"))?;
    let targets: Vec<ListEntry> =
        serde_json::from_str(&body).map_err(|e| format!("/json/list: {e}"))?;
    targets
        .into_iter()
        .next()
        .map(|t| t.url)
        .ok_or_else(|| format!("no inspector target on port {port}"))
}

/// A one-shot HTTP/1.1 GET on loopback; returns the body.
async fn http_get(port: u16, path: &str) -> std::io::Result<String> {
    let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
    let req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await?;
    let mut buf = Vec::new();
    // Bounded: a discovery reply is small; a peer streaming junk is cut off.
    s.take(1 << 20).read_to_end(&mut buf).await?;
    let text = String::from_utf8_lossy(&buf);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("not an HTTP response"))?;
    if !head.starts_with("HTTP/1.1 200") && !head.starts_with("HTTP/1.0 200") {
        let status = head.lines().next().unwrap_or_default();
        return Err(std::io::Error::other(status.to_string()));
    }
    Ok(body.to_string())
}

/// Ids of the requests this client sends.
const ENABLE: u64 = 1;
const RUN: u64 = 2;
const SNAPSHOT: u64 = 3;

/// The heap of a `JetCrab.getSnapshot` reply (an error reply, from an older inspector, has
/// none).
fn heap_of(reply: &Value) -> Option<HeapNow> {
    let snapshot = reply.pointer("/result/snapshot")?;
    let mut heap = HeapNow::deserialize(snapshot.get("heap")?).ok()?;
    heap.uptime_us = snapshot.get("uptime_us")?.as_u64()?;
    heap.gc = snapshot
        .get("gc")
        .and_then(|g| GcTotals::deserialize(g).ok());
    Some(heap)
}

/// One connected session: `JetCrab.enable`, then (for a started script)
/// `Runtime.runIfWaitingForDebugger`, then events until the script finishes or the socket
/// drops. `c` commands are sent as they come; every [`SNAPSHOT_EVERY`] a
/// `JetCrab.getSnapshot` reads the live heap (one request in flight at most).
async fn session<S>(
    ws: WebSocketStream<S>,
    run_if_waiting: bool,
    out: &Out,
    commands: &mut mpsc::UnboundedReceiver<Command>,
) -> Outcome
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let (mut tx, mut rx) = ws.split();
    let mut next_id = 10;
    let mut snapshots = tokio::time::interval(SNAPSHOT_EVERY);
    snapshots.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut snapshot_in_flight = false;
    let enable = json!({"profiling": true});
    if let Err(e) = send(&mut tx, ENABLE, "JetCrab.enable", enable).await {
        return Outcome::Lost(e);
    }
    loop {
        tokio::select! {
            msg = rx.next() => {
                let text = match msg {
                    Some(Ok(Message::Text(t))) => t.as_str().to_owned(),
                    Some(Ok(Message::Binary(b))) => String::from_utf8_lossy(&b).into_owned(),
                    Some(Ok(Message::Close(_))) | None => return Outcome::Lost("connection closed".into()),
                    Some(Err(e)) => return Outcome::Lost(e.to_string()),
                    Some(Ok(_)) => continue,
                };
                // Junk from the peer is skipped, never fatal.
                let Ok(msg) = serde_json::from_str::<Value>(&text) else { continue };
                if msg.get("id").and_then(Value::as_u64) == Some(SNAPSHOT) {
                    snapshot_in_flight = false;
                    if let Some(heap) = heap_of(&msg) {
                        out.send(SourceEvent::Heap(heap)).await;
                    }
                    continue;
                }
                match handle(msg, out).await {
                    Reply::None => {}
                    Reply::Finished(outcome) => return outcome,
                    Reply::Enabled => {
                        if run_if_waiting {
                            let r = send(&mut tx, RUN, "Runtime.runIfWaitingForDebugger", json!({})).await;
                            if let Err(e) = r {
                                return Outcome::Lost(e);
                            }
                        }
                    }
                }
            }
            _ = snapshots.tick(), if !snapshot_in_flight => {
                snapshot_in_flight = true;
                if let Err(e) = send(&mut tx, SNAPSHOT, "JetCrab.getSnapshot", json!({})).await {
                    return Outcome::Lost(e);
                }
            }
            cmd = commands.recv() => {
                let Some(cmd) = cmd else { return Outcome::Quit };
                let method = match cmd {
                    Command::CollectGarbage => "HeapProfiler.collectGarbage",
                };
                next_id += 1;
                if let Err(e) = send(&mut tx, next_id, method, json!({})).await {
                    return Outcome::Lost(e);
                }
            }
        }
    }
}

/// What a received message asks of the session.
enum Reply {
    None,
    Enabled,
    Finished(Outcome),
}

async fn handle(msg: Value, out: &Out) -> Reply {
    if let Some(method) = msg.get("method").and_then(Value::as_str) {
        let params = msg.get("params").cloned().unwrap_or(Value::Null);
        match method {
            "JetCrab.telemetry" => match Line::from_value(params) {
                Some(line) => out.line(line),
                None => out.send(SourceEvent::BadLine).await,
            },
            "JetCrab.finished" => {
                return Reply::Finished(Outcome::Finished {
                    exit_code: params
                        .get("exitCode")
                        .and_then(Value::as_i64)
                        .and_then(|c| i32::try_from(c).ok()),
                    error: params
                        .get("error")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                })
            }
            _ => {}
        }
        return Reply::None;
    }
    let id = msg.get("id").and_then(Value::as_u64);
    if let Some(err) = msg.get("error") {
        let text = err
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("error");
        let what = match id {
            Some(ENABLE) => "JetCrab.enable",
            Some(RUN) => "Runtime.runIfWaitingForDebugger",
            _ => "command",
        };
        out.send(SourceEvent::Note(format!("{what} failed: {text}")))
            .await;
        // Without the JetCrab domain there is no telemetry, but the script must still run.
        return if id == Some(ENABLE) {
            Reply::Enabled
        } else {
            Reply::None
        };
    }
    match id {
        Some(ENABLE) => {
            if let Some(h) = msg.pointer("/result/header") {
                if let Ok(h) = Header::deserialize(h) {
                    out.line(Line::header(h));
                }
            }
            Reply::Enabled
        }
        Some(RUN) | None => Reply::None,
        Some(_) => {
            out.send(SourceEvent::Note("garbage collection requested".into()))
                .await;
            Reply::None
        }
    }
}

async fn send<W>(tx: &mut W, id: u64, method: &str, params: Value) -> Result<(), String>
where
    W: futures_util::Sink<Message> + Unpin,
    W::Error: std::fmt::Display,
{
    let text = json!({"id": id, "method": method, "params": params}).to_string();
    tx.send(Message::Text(text.into()))
        .await
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jetcrab_engine::telemetry::Event;
    use tokio::net::TcpListener;

    const GC_END: &str = r#"{"v":1,"seq":7,"ts_us":500,"type":"gc_end","cycle":1,"kind":"full","reason":"explicit","pause_ns":1000,"mark_ns":400,"sweep_ns":600,"bytes_before":10,"bytes_after":5,"heap_size":64,"heap_limit":128,"next_threshold":20,"objects_freed":1,"objects_live":1,"allocation_rate":0.0}"#;

    async fn next_request<S>(ws: &mut WebSocketStream<S>) -> Value
    where
        S: AsyncRead + AsyncWrite + Unpin,
    {
        loop {
            let v: Value = match ws.next().await {
                Some(Ok(Message::Text(t))) => serde_json::from_str(t.as_str()).unwrap(),
                Some(Ok(_)) => continue,
                other => panic!("client went away: {other:?}"),
            };
            if v["method"] != "JetCrab.getSnapshot" {
                return v;
            }
            let heap = json!({"used": 1, "size": 2, "limit": 3});
            let gc = json!({"count": 9, "last_pause_ns": 1, "max_pause_ns": 7, "total_pause_ns": 20, "recent": []});
            let snapshot = json!({"uptime_us": 42, "heap": heap, "gc": gc});
            text(ws, json!({"id": v["id"], "result": {"snapshot": snapshot}})).await;
        }
    }

    async fn text<S>(ws: &mut WebSocketStream<S>, v: impl ToString)
    where
        S: AsyncRead + AsyncWrite + Unpin,
    {
        ws.send(Message::Text(v.to_string().into())).await.unwrap();
    }

    /// A fake inspector: the first connection drops before the script finishes (the client
    /// must retry), the second streams junk among real records, answers `c`, then finishes.
    #[tokio::test(flavor = "current_thread")]
    async fn session_against_a_fake_inspector() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = tokio::spawn(async move {
            let (s, _) = listener.accept().await.unwrap();
            let mut ws = tokio_tungstenite::accept_async(s).await.unwrap();
            let enable = next_request(&mut ws).await;
            assert_eq!(enable["method"], "JetCrab.enable");
            drop(ws);

            let (s, _) = listener.accept().await.unwrap();
            let mut ws = tokio_tungstenite::accept_async(s).await.unwrap();
            let enable = next_request(&mut ws).await;
            assert_eq!(enable["method"], "JetCrab.enable");
            assert_eq!(enable["params"]["profiling"], true);
            let header =
                json!({"version":1,"engine":"jetcrab","engine_version":"0.1.0","start_unix_ms":5});
            text(
                &mut ws,
                json!({"id": enable["id"], "result": {"header": header}}),
            )
            .await;
            text(&mut ws, "garbage {").await;
            ws.send(Message::Binary(vec![0xff, 0x00].into()))
                .await
                .unwrap();
            text(
                &mut ws,
                json!({"method":"JetCrab.telemetry","params":{"type":"gc_end"}}),
            )
            .await;
            text(
                &mut ws,
                json!({"method":"JetCrab.telemetry","params":[1,2]}),
            )
            .await;
            text(&mut ws, json!({"method":"Some.other","params":{}})).await;
            text(&mut ws, json!({"id":"weird","result":7})).await;
            let gc: Value = serde_json::from_str(GC_END).unwrap();
            text(&mut ws, json!({"method":"JetCrab.telemetry","params":gc})).await;
            let lagged = json!({"type":"lagged","missed":4});
            text(
                &mut ws,
                json!({"method":"JetCrab.telemetry","params":lagged}),
            )
            .await;
            let collect = next_request(&mut ws).await;
            assert_eq!(collect["method"], "HeapProfiler.collectGarbage");
            text(&mut ws, json!({"id": collect["id"], "result": {}})).await;
            // Wait for a heap poll (every 500 ms) before finishing.
            let _ = tokio::time::timeout(Duration::from_secs(2), next_request(&mut ws)).await;
            let finished = json!({"exitCode": 3, "error": "Error: boom"});
            text(
                &mut ws,
                json!({"method":"JetCrab.finished","params":finished}),
            )
            .await;
            // The client closes after `finished`.
            while let Some(Ok(_)) = ws.next().await {}
        });

        let mut live = start(Target::Url(format!("ws://127.0.0.1:{port}/x")));
        let mut seen = Vec::new();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let ev = tokio::time::timeout_at(deadline, live.events.recv())
                .await
                .expect("the session ends in time");
            let Some(ev) = ev else { break };
            if ev == SourceEvent::Line(Line::Lagged(4)) {
                live.commands.send(Command::CollectGarbage).unwrap();
            }
            let done = matches!(ev, SourceEvent::Status(Status::Finished { .. }));
            seen.push(ev);
            if done {
                break;
            }
        }
        server.await.unwrap();

        let statuses: Vec<&Status> = seen
            .iter()
            .filter_map(|e| match e {
                SourceEvent::Status(s) => Some(s),
                _ => None,
            })
            .collect();
        assert!(
            matches!(statuses.as_slice(), [
                Status::Connecting(_),
                Status::Live(_),
                Status::Lost { attempt: 1, .. },
                Status::Connecting(_),
                Status::Live(_),
                Status::Finished { exit_code: Some(3), error: Some(e) },
            ] if e == "Error: boom"),
            "{statuses:?}"
        );
        let lines: Vec<&Line> = seen
            .iter()
            .filter_map(|e| match e {
                SourceEvent::Line(l) => Some(l),
                _ => None,
            })
            .collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(matches!(lines[0], Line::Record(r) if matches!(r.event, Event::Header(_))));
        assert!(matches!(lines[1], Line::Record(r) if r.seq == 7));
        assert_eq!(lines[2], &Line::Lagged(4));
        let bad = seen.iter().filter(|e| **e == SourceEvent::BadLine).count();
        assert_eq!(bad, 2, "two telemetry events that are not records");
        assert!(seen.contains(&SourceEvent::Note("garbage collection requested".into())));
        let gc = Some(GcTotals {
            count: 9,
            max_pause_ns: 7,
            total_pause_ns: 20,
        });
        let heap = HeapNow {
            uptime_us: 42,
            used: 1,
            size: 2,
            limit: 3,
            gc,
        };
        assert!(seen.contains(&SourceEvent::Heap(heap)), "{seen:?}");
        assert_eq!(live.dropped.load(Ordering::Relaxed), 0);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn discovery_reads_json_list() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = tokio::spawn(async move {
            for body in [
                r#"[{"id":"a","webSocketDebuggerUrl":"ws://127.0.0.1:1/a"}]"#,
                "[]",
                "<html>",
            ] {
                let (mut s, _) = listener.accept().await.unwrap();
                let mut buf = [0u8; 1024];
                let n = s.read(&mut buf).await.unwrap();
                assert!(buf[..n].starts_with(b"GET /json/list HTTP/1.1\r\n"));
                let reply = format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                );
                s.write_all(reply.as_bytes()).await.unwrap();
            }
        });
        assert_eq!(discover(port).await.unwrap(), "ws://127.0.0.1:1/a");
        assert!(discover(port)
            .await
            .unwrap_err()
            .contains("no inspector target"));
        assert!(discover(port).await.is_err());
        server.await.unwrap();
    }
}
