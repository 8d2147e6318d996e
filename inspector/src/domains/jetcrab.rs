//! The `JetCrab` domain: the engine's telemetry stream as CDP events, and a snapshot of the
//! current aggregates (contract: `docs/inspector.md`).
//!
//! The stream itself never passes through here: `enable` subscribes and hands the
//! subscription to a task on the server thread (`transport::telemetry`). What stays on the JS
//! thread is the snapshot state, fed from one more subscription that exists only while some
//! session has the domain enabled and is drained when a snapshot is asked for, so a stream
//! nobody listens to still costs the engine nothing.

use super::dispatch::{params, Ctx, Failure, Handled};
use crate::client::SessionId;
use crate::protocol::jetcrab::*;
use crate::protocol::message::{self, SERVER_ERROR};
use crate::transport::telemetry::telemetry_event;
use jetcrab_engine::debug::DebugVm;
use jetcrab_engine::telemetry::{Event, Record, RecvError, Subscription};
use serde_json::{json, Value};
use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

/// `gc_end` events kept for the snapshot.
const RECENT_GC: usize = 32;

/// The domain's state on the JS thread.
#[derive(Default)]
pub struct State {
    /// Enabled sessions and the sampling interval each asked for (µs; `None`: no profiling).
    sessions: BTreeMap<SessionId, Option<u64>>,
    /// Feeds the aggregates below while any session is enabled.
    sub: Option<Subscription>,
    /// The engine publishes to the hub (attached at the first `enable`, so that an inspector
    /// nobody asks for telemetry leaves the engine without probes).
    attached: bool,
    recent_gc: VecDeque<Value>,
    profile: Option<Value>,
    event_loop: Option<Value>,
    tier_up: Option<Value>,
}

impl State {
    /// Forgets a session (disable or disconnect); the last one stops the sampling and the
    /// aggregate subscription.
    pub fn remove(&mut self, vm: &mut DebugVm<'_>, session: SessionId) {
        if self.sessions.remove(&session).is_some() {
            self.apply_sampling(vm);
            if self.sessions.is_empty() {
                self.sub = None;
            }
        }
    }

    /// Samples at the shortest interval any enabled session asked for, or not at all.
    fn apply_sampling(&self, vm: &mut DebugVm<'_>) {
        let us = self.sessions.values().flatten().min().copied();
        vm.set_stream_sampling(us.map(Duration::from_micros));
    }

    /// Reads what the subscription holds into the aggregates.
    fn drain(&mut self) {
        let Some(sub) = &mut self.sub else { return };
        loop {
            match sub.try_recv() {
                Ok(Some(r)) => {
                    if r.worker != 0 {
                        // The snapshot describes the main thread; workers are in the stream.
                        continue;
                    }
                    let slot = match &r.event {
                        Event::GcEnd(_) => {
                            if self.recent_gc.len() == RECENT_GC {
                                self.recent_gc.pop_front();
                            }
                            self.recent_gc.push_back(event_object(&r.event));
                            continue;
                        }
                        Event::ProfileAggregate(_) => &mut self.profile,
                        Event::EventLoop(_) => &mut self.event_loop,
                        Event::TierUpCandidates(_) => &mut self.tier_up,
                        _ => continue,
                    };
                    *slot = Some(event_object(&r.event));
                }
                Err(RecvError::Lagged(_)) => continue,
                Ok(None) | Err(RecvError::Closed) => return,
            }
        }
    }
}

/// An event as the snapshot shows it: its fields and `type`, without `v`/`seq`/`ts_us`.
fn event_object(e: &Event) -> Value {
    serde_json::to_value(e).unwrap_or(Value::Null)
}

/// `JetCrab.telemetry` for a record the session missed (replayed `function` records carry
/// `seq` 0, like the NDJSON header: they are not part of the numbered stream).
fn replayed(event: Event, ts_us: u64) -> String {
    let r = Record::unnumbered(ts_us, event);
    telemetry_event(&serde_json::to_string(&r).unwrap_or_default())
}

fn no_telemetry() -> Failure {
    (SERVER_ERROR, "JetCrab telemetry is not attached".into())
}

/// Handles `JetCrab.<command>`; `None` for commands this domain does not have.
pub fn handle(cx: &mut Ctx<'_, '_>, command: &str, p: Value) -> Result<Option<Handled>, Failure> {
    let reply = match command {
        "enable" => {
            let p: EnableParams = params(p)?;
            let tap = cx.hub.tap().ok_or_else(no_telemetry)?.clone();
            let st = &mut cx.state.jetcrab;
            if !st.attached {
                cx.vm.set_telemetry(tap.sink());
                st.attached = true;
            }
            // Subscribe before listing the functions: every id named later is on the stream.
            let sub = tap.subscribe();
            if st.sub.is_none() {
                st.sub = tap.subscribe();
            }
            // Nothing to sample for once the stream has closed (the script is done).
            let interval = (p.profiling && sub.is_some()).then_some(p.sampling_interval.max(1));
            st.sessions.insert(cx.session, interval);
            st.apply_sampling(cx.vm);
            let now = tap.now_us();
            let mut first: Vec<String> = cx
                .vm
                .functions()
                .into_iter()
                .map(|f| replayed(Event::Function(f), now))
                .collect();
            let reply = json!({ "header": tap.header() });
            let (hub, session) = (cx.hub.clone(), cx.session);
            return Ok(Some(Handled::ReplyThen(
                reply,
                Box::new(move || match sub {
                    Some(sub) => hub.start_stream(session, sub, first),
                    // The script is done and the stream closed: only what is known.
                    None => {
                        first.extend(hub.finished());
                        for m in first {
                            hub.send(session, m);
                        }
                    }
                }),
            )));
        }
        "disable" => {
            cx.hub.stop_stream(cx.session);
            cx.state.jetcrab.remove(cx.vm, cx.session);
            json!({})
        }
        "getSnapshot" => {
            let tap = cx.hub.tap().ok_or_else(no_telemetry)?;
            let st = &mut cx.state.jetcrab;
            st.drain();
            let h = cx.vm.heap_stats();
            let nanos = |d: Duration| d.as_nanos() as u64;
            let snapshot = Snapshot {
                uptime_us: tap.now_us(),
                heap: HeapNow {
                    used: h.bytes_allocated as u64,
                    size: h.committed_bytes.max(h.bytes_allocated) as u64,
                    limit: cx.vm.heap_limit() as u64,
                },
                gc: GcSummary {
                    count: h.collections,
                    last_pause_ns: h.last.as_ref().map_or(0, |c| nanos(c.pause)),
                    max_pause_ns: nanos(h.max_pause),
                    total_pause_ns: nanos(h.total_pause),
                    recent: st.recent_gc.iter().cloned().collect(),
                },
                profile: st.profile.clone(),
                event_loop: st.event_loop.clone(),
                tier_up: st.tier_up.clone(),
                jit: JitSummary::default(),
                functions: cx.vm.functions(),
            };
            json!({ "snapshot": snapshot })
        }
        _ => return Ok(None),
    };
    Ok(Some(Handled::Reply(reply)))
}

/// `JetCrab.finished` with the script's outcome.
pub fn finished_event(exit_code: Option<i32>, error: Option<&str>) -> String {
    message::event(
        "JetCrab.finished",
        json!({ "exitCode": exit_code, "error": error }),
    )
}
