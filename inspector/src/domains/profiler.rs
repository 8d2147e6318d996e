//! The `Profiler` domain, for now only what clients send at start-up (`node inspect` stops if
//! `Profiler.enable` fails): `enable`, `disable` and `setSamplingInterval` are accepted.
//! Sampling (`start`/`stop`) comes with the engine's telemetry and answers -32601 until then.

use super::dispatch::{Ctx, Failure, Handled};
use serde_json::{json, Value};

/// Handles `Profiler.<command>`; `None` for commands this domain does not have.
pub fn handle(_cx: &mut Ctx<'_, '_>, command: &str, _p: Value) -> Result<Option<Handled>, Failure> {
    match command {
        "enable" | "disable" | "setSamplingInterval" => Ok(Some(Handled::Reply(json!({})))),
        _ => Ok(None),
    }
}
