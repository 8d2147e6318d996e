//! The JS-thread side: the [`Agent`] is the engine's debug handler. It reads requests from the
//! [`Hub`], routes each to its domain and replies; while the script is paused or the host waits
//! for a client it blocks on the channel (the nested message loop). Handlers never touch
//! sockets: they return a reply and send events through the hub.

use super::{debugger, heap_profiler, jetcrab, profiler, runtime};
use crate::client::{Audience, Hub, SessionId, ToJs};
use crate::protocol::message::{self, Request, INVALID_PARAMS, METHOD_NOT_FOUND};
use jetcrab_engine::debug::{Block, DebugHandler, DebugVm, Pause, Resume, ScriptInfo};
use jetcrab_engine::value::Value as JsValue;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

/// A failed request: CDP error code and message.
pub type Failure = (i64, String);

/// What a handler produced.
pub enum Handled {
    /// The reply's `result`.
    Reply(Value),
    /// Reply `{}`, then continue the paused script this way.
    Resume(Resume),
    /// The reply, then this (for events that must follow the reply).
    ReplyThen(Value, Box<dyn FnOnce()>),
}

/// What the domains keep between requests.
#[derive(Default)]
pub struct DomainState {
    /// `JetCrab`: enabled sessions and snapshot aggregates.
    pub jetcrab: jetcrab::State,
    /// `Profiler`: the sampling interval.
    pub profiler: profiler::State,
}

/// A handler's view: the engine, the hub, the requesting session and the agent's flags.
pub struct Ctx<'a, 'v> {
    /// The engine.
    pub vm: &'a mut DebugVm<'v>,
    /// The clients.
    pub hub: &'a Arc<Hub>,
    /// Per-domain state.
    pub state: &'a mut DomainState,
    /// Who asked.
    pub session: SessionId,
    /// Set by `Runtime.runIfWaitingForDebugger`.
    pub run_requested: &'a mut bool,
    /// The current pause, if the script is paused.
    pub pause: Option<&'a Pause>,
}

impl Ctx<'_, '_> {
    /// Sends an event to the requesting client only.
    pub fn reply_event(&self, method: &str, params: Value) {
        self.hub.send(self.session, message::event(method, params));
    }
}

/// Parses `params` into a method's parameter type.
pub fn params<T: DeserializeOwned + Default>(v: Value) -> Result<T, Failure> {
    if v.is_null() {
        return serde_json::from_value(serde_json::json!({}))
            .map_err(|e| (INVALID_PARAMS, format!("Invalid parameters: {e}")));
    }
    serde_json::from_value(v).map_err(|e| (INVALID_PARAMS, format!("Invalid parameters: {e}")))
}

/// Routes one request to its domain.
fn route(cx: &mut Ctx<'_, '_>, req: Request) -> Result<Handled, Failure> {
    let not_found = || (METHOD_NOT_FOUND, format!("'{}' wasn't found", req.method));
    if !crate::protocol::implemented(&req.method) {
        return Err(not_found());
    }
    let Some((domain, command)) = req.method.split_once('.') else {
        return Err(not_found());
    };
    match domain {
        "Runtime" => runtime::handle(cx, command, req.params),
        "Debugger" => debugger::handle(cx, command, req.params),
        "Profiler" => profiler::handle(cx, command, req.params),
        "HeapProfiler" => heap_profiler::handle(cx, command, req.params),
        "JetCrab" => jetcrab::handle(cx, command, req.params),
        _ => Err(not_found()),
    }
    .and_then(|h| h.ok_or_else(not_found))
}

/// The engine's debug handler.
pub struct Agent {
    hub: Arc<Hub>,
    rx: Receiver<ToJs>,
    run_requested: bool,
    /// Why the script is paused (for clients that enable `Debugger` during the pause).
    pause: Option<Pause>,
    state: DomainState,
}

impl Agent {
    /// An agent reading from `rx`.
    pub fn new(hub: Arc<Hub>, rx: Receiver<ToJs>) -> Agent {
        Agent {
            hub,
            rx,
            run_requested: false,
            pause: None,
            state: DomainState::default(),
        }
    }

    /// Handles one message; a resume command yields how to continue.
    fn handle(&mut self, vm: &mut DebugVm<'_>, m: ToJs) -> Option<Resume> {
        let (session, req) = match m {
            ToJs::Request(session, req) => (session, req),
            ToJs::Close(session) => {
                self.state.jetcrab.remove(vm, session);
                return None;
            }
            // The hub already knows the client.
            ToJs::Open(_) => return None,
        };
        let id = req.id;
        let mut cx = Ctx {
            vm,
            hub: &self.hub,
            state: &mut self.state,
            session,
            run_requested: &mut self.run_requested,
            pause: self.pause.as_ref(),
        };
        match route(&mut cx, req) {
            Ok(Handled::Reply(v)) => {
                self.hub.send(session, message::reply(id, v));
                None
            }
            Ok(Handled::ReplyThen(v, then)) => {
                self.hub.send(session, message::reply(id, v));
                then();
                None
            }
            Ok(Handled::Resume(r)) => {
                self.hub
                    .send(session, message::reply(id, serde_json::json!({})));
                Some(r)
            }
            Err((code, msg)) => {
                self.hub.send(session, message::error(id, code, &msg));
                None
            }
        }
    }
}

impl DebugHandler for Agent {
    fn service(&mut self, vm: &mut DebugVm<'_>, block: Block) {
        loop {
            let done = match block {
                Block::No => true,
                Block::UntilRun => self.run_requested,
                Block::UntilDetached => self.hub.client_count() == 0,
            };
            let m = if done {
                match self.rx.try_recv() {
                    Ok(m) => m,
                    Err(_) => return,
                }
            } else {
                // A timeout so that a client that disconnects is noticed.
                match self.rx.recv_timeout(Duration::from_millis(200)) {
                    Ok(m) => m,
                    Err(RecvTimeoutError::Timeout) => continue,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            };
            // Not paused: resume commands were already refused by their handlers.
            let _ = self.handle(vm, m);
        }
    }

    fn paused(&mut self, vm: &mut DebugVm<'_>, pause: &Pause) -> Resume {
        if !self.hub.any(Audience::Debugger) {
            return Resume::Continue;
        }
        let ev = debugger::paused_event(vm, pause);
        self.hub.broadcast(Audience::Debugger, &ev);
        self.pause = Some(pause.clone());
        let resume = loop {
            if !self.hub.any(Audience::Debugger) {
                // The last debugger went away: a disconnect never stops the script.
                break Resume::Continue;
            }
            match self.rx.recv_timeout(Duration::from_millis(200)) {
                Ok(m) => {
                    if let Some(r) = self.handle(vm, m) {
                        break r;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break Resume::Continue,
            }
        };
        self.pause = None;
        let ev = message::event("Debugger.resumed", serde_json::json!({}));
        self.hub.broadcast(Audience::Debugger, &ev);
        resume
    }

    fn console(&mut self, vm: &mut DebugVm<'_>, kind: &'static str, args: &[JsValue]) {
        if self.hub.any(Audience::Runtime) {
            let ev = runtime::console_event(vm, kind, args);
            self.hub.broadcast(Audience::Runtime, &ev);
        }
    }

    fn script_parsed(&mut self, script: &ScriptInfo) {
        if self.hub.any(Audience::Debugger) {
            let ev = debugger::script_parsed_event(script);
            self.hub.broadcast(Audience::Debugger, &ev);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::COMMANDS;
    use jetcrab_engine::Engine;

    /// Every command `/json/protocol` lists has a handler (none answers -32601), with empty
    /// parameters too, and nothing panics.
    #[test]
    fn every_listed_command_is_handled() {
        let (hub, rx) = Hub::new(None);
        let mut engine = Engine::new();
        engine.set_debug_handler(Box::new(Agent::new(hub.clone(), rx)));
        let (tx, mut out) = tokio::sync::mpsc::unbounded_channel();
        let (telemetry, _telemetry) = tokio::sync::mpsc::channel(1);
        hub.open(1, tx, telemetry);
        let mut id = 0;
        for (domain, commands) in COMMANDS {
            for c in *commands {
                if *c == "terminateExecution" {
                    continue;
                }
                id += 1;
                let req = Request {
                    id,
                    method: format!("{domain}.{c}"),
                    params: Value::Null,
                };
                hub.post(ToJs::Request(1, req));
            }
        }
        hub.post(ToJs::Request(
            1,
            Request {
                id: 999,
                method: "Nope.nope".into(),
                params: Value::Null,
            },
        ));
        engine.debug_service(Block::No);
        let mut replies = 0;
        while let Ok(text) = out.try_recv() {
            let v: Value = serde_json::from_str(&text).unwrap();
            if v.get("id").is_none() {
                continue;
            }
            replies += 1;
            let code = v["error"]["code"].as_i64();
            if v["id"] == 999 {
                assert_eq!(code, Some(METHOD_NOT_FOUND));
            } else {
                assert_ne!(code, Some(METHOD_NOT_FOUND), "{text}");
            }
        }
        assert_eq!(replies, id + 1);
    }
}
