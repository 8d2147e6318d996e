//! The `Profiler` domain: CPU profiles from the engine's sampling profiler (the same profile
//! `jetcrab run --cpu-prof` writes), and coverage methods that answer empty but valid results
//! (the engine keeps no coverage counters).

use super::dispatch::{params, Ctx, Failure, Handled};
use crate::protocol::message::SERVER_ERROR;
use jetcrab_engine::profiler::cpuprofile::CpuProfile;
use serde::Deserialize;
use serde_json::{json, Value};
use std::time::Duration;

/// The domain's state.
pub struct State {
    /// `setSamplingInterval`, µs (V8's default is 1000).
    interval_us: u64,
}

impl Default for State {
    fn default() -> Self {
        State { interval_us: 1000 }
    }
}

/// `Profiler.setSamplingInterval` parameters.
#[derive(Default, Deserialize)]
struct IntervalParams {
    /// Microseconds.
    #[serde(default)]
    interval: Option<u64>,
}

/// CDP's timestamp for coverage: seconds, monotonic.
fn timestamp() -> f64 {
    super::runtime::now_ms() / 1000.0
}

/// Handles `Profiler.<command>`; `None` for commands this domain does not have.
pub fn handle(cx: &mut Ctx<'_, '_>, command: &str, p: Value) -> Result<Option<Handled>, Failure> {
    let reply = match command {
        "enable" | "disable" | "stopPreciseCoverage" => json!({}),
        "setSamplingInterval" => {
            let p: IntervalParams = params(p)?;
            if let Some(us) = p.interval {
                cx.state.profiler.interval_us = us.max(1);
            }
            json!({})
        }
        "start" => {
            let us = cx.state.profiler.interval_us;
            cx.vm.start_profiler(Duration::from_micros(us));
            json!({})
        }
        "stop" => {
            let Some(profile) = cx.vm.stop_profiler() else {
                return Err((SERVER_ERROR, "No recording profiles found".into()));
            };
            json!({ "profile": CpuProfile::from_profile(&profile) })
        }
        "startPreciseCoverage" => json!({ "timestamp": timestamp() }),
        "takePreciseCoverage" => json!({ "result": [], "timestamp": timestamp() }),
        "getBestEffortCoverage" => json!({ "result": [] }),
        _ => return Ok(None),
    };
    Ok(Some(Handled::Reply(reply)))
}
