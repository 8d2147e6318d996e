//! The JetCrab inspector: a Chrome DevTools Protocol server, so that Chrome DevTools
//! (`chrome://inspect`), VS Code, `node inspect` or any CDP client can attach to `jetcrab`
//! as they attach to `node --inspect`. See `docs/inspector.md`.
//!
//! ```text
//!  client ──TCP──> transport (thread "inspector", current-thread Tokio)
//!                    http.rs: /json/version, /json/list, /json/protocol   security.rs: Host check
//!                    ws.rs:   /<uuid> WebSocket, one session per client
//!                      │ Hub: requests (std mpsc) + wake (engine interrupt bit + loop wake-up)
//!                      v
//!  JS thread:  Agent (domains/dispatch.rs) = the engine's DebugHandler
//!                runtime.rs / debugger.rs / profiler.rs  ──> jetcrab_engine::debug::DebugVm
//!                replies and events ──> Hub ──> the client's WebSocket writer
//! ```
//!
//! Requests are handled on the JS thread: at the interpreter's safepoints while a script runs
//! (the engine's interrupt flag), in the event loop when it is idle, and in a blocking message
//! loop while paused or while the host waits for a client.

pub mod client;
pub mod domains;
pub mod protocol;
pub mod transport;

use client::{Audience, Hub};
use jetcrab_engine::debug::Block;
use jetcrab_engine::runtime::Runtime;
use jetcrab_engine::telemetry::Tap;
use jetcrab_engine::JsError;
use serde_json::json;
use std::net::SocketAddr;
use std::sync::Arc;

/// Where to listen and what to call the target.
#[derive(Clone, Debug)]
pub struct InspectorOptions {
    /// Address to bind (port 0 picks a free port).
    pub addr: SocketAddr,
    /// Target title (the script's path).
    pub title: String,
    /// Target URL (`file://` of the script).
    pub url: String,
    /// The engine's telemetry hub, for the `JetCrab` domain (`None`: the domain answers
    /// errors).
    pub telemetry: Option<Tap>,
}

/// A running inspector server.
pub struct Inspector {
    hub: Arc<Hub>,
    agent: Option<domains::dispatch::Agent>,
    addr: SocketAddr,
    uuid: String,
}

impl Inspector {
    /// Binds the address and starts serving on a background thread.
    pub fn start(opts: InspectorOptions) -> std::io::Result<Inspector> {
        let (hub, rx) = Hub::new(opts.telemetry);
        let uuid = transport::security::new_uuid();
        let info = transport::ServerInfo {
            uuid: uuid.clone(),
            title: opts.title,
            url: opts.url,
        };
        let addr = transport::start(opts.addr, info, hub.clone())?;
        Ok(Inspector {
            agent: Some(domains::dispatch::Agent::new(hub.clone(), rx)),
            hub,
            addr,
            uuid,
        })
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `ws://host:port/uuid`.
    pub fn websocket_url(&self) -> String {
        format!("ws://{}/{}", self.addr, self.uuid)
    }

    /// Installs the inspector as `runtime`'s debug handler: from now on scripts are reported
    /// and requests are served on the runtime's thread.
    pub fn attach(&mut self, runtime: &mut Runtime) {
        let handle = runtime.handle();
        self.hub
            .set_waker(Box::new(move || handle.debug_interrupt()));
        if let Some(agent) = self.agent.take() {
            runtime.engine().set_debug_handler(Box::new(agent));
        }
    }

    /// Serves requests until a client sends `Runtime.runIfWaitingForDebugger`
    /// (`--inspect-wait`, `--inspect-brk`).
    pub fn wait_for_debugger(&self, runtime: &mut Runtime) {
        runtime.engine().debug_service(Block::UntilRun);
    }

    /// Is any client connected?
    pub fn has_clients(&self) -> bool {
        self.hub.client_count() > 0
    }

    /// Serves requests until every client has disconnected.
    pub fn wait_for_disconnect(&self, runtime: &mut Runtime) {
        runtime.engine().debug_service(Block::UntilDetached);
    }

    /// The script and its event loop are done: `Runtime.executionContextDestroyed` now, and
    /// `JetCrab.finished` to every `JetCrab` session after the last telemetry record (when the
    /// host shuts the telemetry hub down).
    pub fn script_finished(&self, exit_code: Option<i32>, error: Option<&str>) {
        self.hub
            .set_finished(domains::jetcrab::finished_event(exit_code, error));
        let ev = protocol::message::event(
            "Runtime.executionContextDestroyed",
            json!({ "executionContextId": domains::runtime::CONTEXT_ID }),
        );
        self.hub.broadcast(Audience::Runtime, &ev);
    }

    /// Sends `Runtime.exceptionThrown` for an error that ended the script.
    pub fn report_exception(&self, e: &JsError) {
        let text = e.report.clone();
        let ev = protocol::message::event(
            "Runtime.exceptionThrown",
            json!({
                "timestamp": domains::runtime::now_ms(),
                "exceptionDetails": {
                    "exceptionId": 1,
                    "text": "Uncaught",
                    "lineNumber": 0,
                    "columnNumber": 0,
                    "executionContextId": domains::runtime::CONTEXT_ID,
                    "exception": {
                        "type": "object",
                        "subtype": "error",
                        "className": if e.name.is_empty() { "Error" } else { e.name.as_str() },
                        "description": text.strip_prefix("Uncaught ").unwrap_or(&text),
                    },
                },
            }),
        );
        self.hub.broadcast(Audience::Runtime, &ev);
    }
}
