//! The `Debugger` domain: scripts, breakpoints, pausing and stepping, evaluation on a paused
//! frame.

use super::dispatch::{params, Ctx, Failure, Handled};
use super::runtime::{eval_options, evaluated};
use crate::client::Audience;
use crate::protocol::debugger::*;
use crate::protocol::message::{self, SERVER_ERROR};
use crate::protocol::runtime::{EvaluateParams, RemoteObject};
use jetcrab_engine::debug::{BreakTarget, DebugVm, Pause, PauseOnExceptions, Resume, ScriptInfo};
use serde_json::{json, Value};

/// `Debugger.scriptParsed`.
pub fn script_parsed_event(s: &ScriptInfo) -> String {
    message::event("Debugger.scriptParsed", json!(ScriptParsed::from(s)))
}

/// `Debugger.paused` with the current call frames.
pub fn paused_event(vm: &mut DebugVm<'_>, pause: &Pause) -> String {
    let frames: Vec<CallFrame> = vm.call_frames().into_iter().map(Into::into).collect();
    let mut params = json!({
        "callFrames": frames,
        "reason": pause.reason,
        "hitBreakpoints": pause.hit_breakpoints,
    });
    if let Some(e) = pause.exception {
        let data = RemoteObject::from(vm.remote_object(e, "backtrace", true));
        params["data"] = json!(data);
    }
    message::event("Debugger.paused", params)
}

fn not_paused() -> Failure {
    (
        SERVER_ERROR,
        "Can only perform operation while paused.".into(),
    )
}

fn script_id(s: &str) -> Result<u32, Failure> {
    s.parse()
        .map_err(|_| (SERVER_ERROR, "No script for id: ".to_string() + s))
}

/// Handles `Debugger.<command>`; `None` for commands this domain does not have.
pub fn handle(cx: &mut Ctx<'_, '_>, command: &str, p: Value) -> Result<Option<Handled>, Failure> {
    let resume = |cx: &mut Ctx<'_, '_>, r: Resume| {
        if cx.vm.is_paused() {
            Ok(Some(Handled::Resume(r)))
        } else {
            Err(not_paused())
        }
    };
    let reply = match command {
        "enable" => {
            cx.hub.enable(cx.session, Audience::Debugger, true);
            for s in cx.vm.scripts() {
                cx.hub.send(cx.session, script_parsed_event(&s));
            }
            // A client that arrives during a pause learns about it at once.
            if let Some(pause) = cx.pause {
                let ev = paused_event(cx.vm, pause);
                cx.hub.send(cx.session, ev);
            }
            json!({ "debuggerId": format!("jetcrab-{}", std::process::id()) })
        }
        "disable" => {
            cx.hub.enable(cx.session, Audience::Debugger, false);
            json!({})
        }
        "getScriptSource" => {
            let p: ScriptIdParams = params(p)?;
            match cx.vm.script_source(script_id(&p.script_id)?) {
                Some(src) => json!({ "scriptSource": src }),
                None => {
                    return Err((
                        SERVER_ERROR,
                        "No script for id: ".to_string() + &p.script_id,
                    ))
                }
            }
        }
        "setBreakpointByUrl" => {
            let p: SetBreakpointByUrlParams = params(p)?;
            let target = match (p.url, p.url_regex) {
                (Some(u), _) => BreakTarget::Url(u),
                (None, Some(r)) => BreakTarget::UrlRegex(r),
                (None, None) => {
                    return Err((
                        SERVER_ERROR,
                        "Either url or urlRegex must be specified.".into(),
                    ))
                }
            };
            let (id, locations) = cx.vm.set_breakpoint(target, p.line_number, p.column_number);
            let locations: Vec<Location> = locations.into_iter().map(Into::into).collect();
            json!({ "breakpointId": id, "locations": locations })
        }
        "setBreakpoint" => {
            let p: SetBreakpointParams = params(p)?;
            let id = script_id(&p.location.script_id)?;
            let (bp, locations) = cx.vm.set_breakpoint(
                BreakTarget::Script(id),
                p.location.line_number,
                p.location.column_number,
            );
            let Some(first) = locations.into_iter().next() else {
                cx.vm.remove_breakpoint(&bp);
                return Err((SERVER_ERROR, "Could not resolve breakpoint".into()));
            };
            json!({ "breakpointId": bp, "actualLocation": Location::from(first) })
        }
        "getPossibleBreakpoints" => {
            let p: GetPossibleBreakpointsParams = params(p)?;
            let id = script_id(&p.start.script_id)?;
            let start = (p.start.line_number, p.start.column_number.unwrap_or(0));
            let end = p.end.map(|e| (e.line_number, e.column_number.unwrap_or(0)));
            let locations: Vec<Location> = cx
                .vm
                .possible_breakpoints(id, start, end)
                .into_iter()
                .map(Into::into)
                .collect();
            json!({ "locations": locations })
        }
        "removeBreakpoint" => {
            let p: BreakpointIdParams = params(p)?;
            cx.vm.remove_breakpoint(&p.breakpoint_id);
            json!({})
        }
        "setBreakpointsActive" => {
            let p: ActiveParams = params(p)?;
            cx.vm.set_breakpoints_active(p.active);
            json!({})
        }
        "pause" => {
            cx.vm.request_pause();
            json!({})
        }
        "resume" => return resume(cx, Resume::Continue),
        "stepOver" => return resume(cx, Resume::StepOver),
        "stepInto" => return resume(cx, Resume::StepInto),
        "stepOut" => return resume(cx, Resume::StepOut),
        "evaluateOnCallFrame" => {
            if !cx.vm.is_paused() {
                return Err(not_paused());
            }
            let p: EvaluateParams = params(p)?;
            let frame = p
                .call_frame_id
                .as_deref()
                .and_then(|f| f.parse::<usize>().ok())
                .ok_or((SERVER_ERROR, "Invalid call frame id".to_string()))?;
            let opts = eval_options(p.object_group, p.return_by_value, p.generate_preview, false);
            evaluated(cx.vm.evaluate(&p.expression, Some(frame), &opts))
        }
        "setPauseOnExceptions" => {
            let p: PauseOnExceptionsParams = params(p)?;
            let mode = match p.state.as_str() {
                "none" => PauseOnExceptions::None,
                "uncaught" => PauseOnExceptions::Uncaught,
                "caught" | "all" => PauseOnExceptions::All,
                _ => {
                    return Err((
                        message::INVALID_PARAMS,
                        "Unknown pause on exceptions mode".into(),
                    ))
                }
            };
            cx.vm.set_pause_on_exceptions(mode);
            json!({})
        }
        "setAsyncCallStackDepth" | "setBlackboxPatterns" => json!({}),
        _ => return Ok(None),
    };
    Ok(Some(Handled::Reply(reply)))
}
