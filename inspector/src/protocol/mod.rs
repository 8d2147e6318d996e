//! CDP wire types: the message envelope and one module per domain, plus the table of what this
//! server implements (served as `/json/protocol`).

pub mod debugger;
pub mod jetcrab;
pub mod message;
pub mod runtime;

use serde_json::{json, Value};

/// Every command this server answers, per domain. `domains::dispatch` routes exactly these (a
/// test checks it); anything else gets `-32601`.
pub const COMMANDS: &[(&str, &[&str])] = &[
    (
        "Runtime",
        &[
            "enable",
            "disable",
            "evaluate",
            "callFunctionOn",
            "getProperties",
            "releaseObject",
            "releaseObjectGroup",
            "getHeapUsage",
            "getIsolateId",
            "runIfWaitingForDebugger",
            "terminateExecution",
            "discardConsoleEntries",
        ],
    ),
    (
        "Debugger",
        &[
            "enable",
            "disable",
            "getScriptSource",
            "setBreakpointByUrl",
            "setBreakpoint",
            "getPossibleBreakpoints",
            "removeBreakpoint",
            "setBreakpointsActive",
            "pause",
            "resume",
            "stepOver",
            "stepInto",
            "stepOut",
            "evaluateOnCallFrame",
            "setPauseOnExceptions",
            "setAsyncCallStackDepth",
            "setBlackboxPatterns",
        ],
    ),
    (
        "Profiler",
        &[
            "enable",
            "disable",
            "setSamplingInterval",
            "start",
            "stop",
            "startPreciseCoverage",
            "takePreciseCoverage",
            "stopPreciseCoverage",
            "getBestEffortCoverage",
        ],
    ),
    (
        "HeapProfiler",
        &[
            "enable",
            "disable",
            "collectGarbage",
            "takeHeapSnapshot",
            "startSampling",
            "stopSampling",
            "getSamplingProfile",
            "getHeapObjectId",
            "getObjectByHeapObjectId",
        ],
    ),
    ("JetCrab", &["enable", "disable", "getSnapshot"]),
];

/// Every event this server sends, per domain.
pub const EVENTS: &[(&str, &[&str])] = &[
    (
        "Runtime",
        &[
            "executionContextCreated",
            "executionContextDestroyed",
            "consoleAPICalled",
            "exceptionThrown",
        ],
    ),
    ("Debugger", &["scriptParsed", "paused", "resumed"]),
    (
        "HeapProfiler",
        &["addHeapSnapshotChunk", "reportHeapSnapshotProgress"],
    ),
    ("JetCrab", &["telemetry", "finished"]),
];

/// The `/json/protocol` document: the domains with exactly the commands and events above.
pub fn schema() -> Value {
    let domains: Vec<Value> = COMMANDS
        .iter()
        .map(|(domain, commands)| {
            let events = EVENTS
                .iter()
                .find(|(d, _)| d == domain)
                .map(|(_, e)| *e)
                .unwrap_or(&[]);
            json!({
                "domain": domain,
                "commands": commands.iter().map(|c| json!({ "name": c })).collect::<Vec<_>>(),
                "events": events.iter().map(|e| json!({ "name": e })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({ "version": { "major": "1", "minor": "3" }, "domains": domains })
}

/// Is `method` (`Domain.command`) implemented?
pub fn implemented(method: &str) -> bool {
    let Some((domain, command)) = method.split_once('.') else {
        return false;
    };
    COMMANDS
        .iter()
        .any(|(d, cs)| *d == domain && cs.contains(&command))
}
