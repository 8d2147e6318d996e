//! The `Runtime` domain: evaluation, remote objects, properties, console events.

use super::dispatch::{params, Ctx, Failure, Handled};
use crate::client::Audience;
use crate::protocol::message;
use crate::protocol::runtime::*;
use jetcrab_engine::debug::{self as engine, DebugVm, EvalOptions};
use jetcrab_engine::value::Value as JsValue;
use serde_json::{json, Value};

/// The only execution context.
pub const CONTEXT_ID: u32 = 1;

/// Milliseconds since the epoch (CDP timestamps).
pub fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0)
}

/// CDP result of an evaluation.
pub fn evaluated(e: engine::Evaluated) -> Value {
    let result = RemoteObject::from(e.result);
    match e.exception {
        None => json!({ "result": result }),
        Some(x) => {
            let details = ExceptionDetails {
                exception_id: 1,
                text: x.text,
                line_number: x.line,
                column_number: x.column,
                exception: Some(x.exception.into()),
                script_id: None,
                execution_context_id: Some(CONTEXT_ID),
            };
            json!({ "result": result, "exceptionDetails": details })
        }
    }
}

/// Evaluation options from the common parameters.
pub fn eval_options(
    group: Option<String>,
    by_value: bool,
    preview: bool,
    awaited: bool,
) -> EvalOptions {
    EvalOptions {
        group: group.unwrap_or_else(|| "console".into()),
        return_by_value: by_value,
        generate_preview: preview,
        await_promise: awaited,
    }
}

/// `Runtime.consoleAPICalled` for a console call.
pub fn console_event(vm: &mut DebugVm<'_>, kind: &str, args: &[JsValue]) -> String {
    let args: Vec<RemoteObject> = args
        .iter()
        .map(|&a| vm.remote_object(a, "console", true).into())
        .collect();
    message::event(
        "Runtime.consoleAPICalled",
        json!({
            "type": kind,
            "args": args,
            "executionContextId": CONTEXT_ID,
            "timestamp": now_ms(),
            "stackTrace": { "callFrames": [] },
        }),
    )
}

/// `Runtime.executionContextCreated` for the one context.
fn context_created() -> Value {
    json!({
        "context": {
            "id": CONTEXT_ID,
            "origin": "",
            "name": format!("jetcrab[{}]", std::process::id()),
            "uniqueId": format!("{}-1", std::process::id()),
            "auxData": { "isDefault": true },
        }
    })
}

/// Handles `Runtime.<command>`; `None` for commands this domain does not have.
pub fn handle(cx: &mut Ctx<'_, '_>, command: &str, p: Value) -> Result<Option<Handled>, Failure> {
    let reply = match command {
        "enable" => {
            cx.hub.enable(cx.session, Audience::Runtime, true);
            cx.reply_event("Runtime.executionContextCreated", context_created());
            json!({})
        }
        "disable" => {
            cx.hub.enable(cx.session, Audience::Runtime, false);
            json!({})
        }
        "evaluate" => {
            let p: EvaluateParams = params(p)?;
            let opts = eval_options(
                p.object_group,
                p.return_by_value,
                p.generate_preview,
                p.await_promise,
            );
            evaluated(cx.vm.evaluate(&p.expression, None, &opts))
        }
        "callFunctionOn" => {
            let p: CallFunctionOnParams = params(p)?;
            let args: Vec<engine::CallArgument> = p
                .arguments
                .into_iter()
                .map(|a| match (a.object_id, a.unserializable_value, a.value) {
                    (Some(id), _, _) => engine::CallArgument::Object(id),
                    (_, Some(u), _) => engine::CallArgument::Unserializable(u),
                    (_, _, Some(v)) => engine::CallArgument::Json(v.to_string()),
                    _ => engine::CallArgument::Undefined,
                })
                .collect();
            let group = p
                .object_group
                .or_else(|| p.object_id.as_ref().map(|_| "console".to_string()));
            let opts = eval_options(
                group,
                p.return_by_value,
                p.generate_preview,
                p.await_promise,
            );
            let r = cx.vm.call_function_on(
                &p.function_declaration,
                p.object_id.as_deref(),
                &args,
                &opts,
            );
            evaluated(r)
        }
        "getProperties" => {
            let p: GetPropertiesParams = params(p)?;
            let Some(props) = cx
                .vm
                .properties(&p.object_id, p.own_properties, p.generate_preview)
            else {
                return Err((
                    message::SERVER_ERROR,
                    "Could not find object with given id".into(),
                ));
            };
            let (internal, props): (Vec<_>, Vec<_>) = props.into_iter().partition(|p| p.internal);
            let props: Vec<PropertyDescriptor> = props
                .into_iter()
                .filter(|q| !p.accessor_properties_only || q.get.is_some() || q.set.is_some())
                .map(Into::into)
                .collect();
            let internal: Vec<Value> = internal
                .into_iter()
                .map(|i| json!({ "name": i.name, "value": i.value.map(RemoteObject::from) }))
                .collect();
            json!({ "result": props, "internalProperties": internal })
        }
        "releaseObject" => {
            let p: ReleaseObjectParams = params(p)?;
            cx.vm.release_object(&p.object_id);
            json!({})
        }
        "releaseObjectGroup" => {
            let p: ReleaseObjectGroupParams = params(p)?;
            cx.vm.release_group(&p.object_group);
            json!({})
        }
        "getHeapUsage" => {
            let (used, total) = cx.vm.heap_usage();
            json!({ "usedSize": used, "totalSize": total })
        }
        "getIsolateId" => json!({ "id": format!("{}", std::process::id()) }),
        "runIfWaitingForDebugger" => {
            *cx.run_requested = true;
            json!({})
        }
        "terminateExecution" => {
            cx.vm.terminate();
            if cx.vm.is_paused() {
                return Ok(Some(Handled::Resume(engine::Resume::Continue)));
            }
            json!({})
        }
        "discardConsoleEntries" => json!({}),
        _ => return Ok(None),
    };
    Ok(Some(Handled::Reply(reply)))
}
