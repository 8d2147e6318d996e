//! The `HeapProfiler` domain: explicit collections, heap snapshots streamed as
//! `addHeapSnapshotChunk` events (V8's `.heapsnapshot`, which DevTools' Memory panel loads),
//! the sampling heap profiler, and the objects behind snapshot ids.

use super::dispatch::{params, Ctx, Failure, Handled};
use crate::protocol::message::SERVER_ERROR;
use crate::protocol::runtime::RemoteObject;
use jetcrab_engine::profiler::allocation::DEFAULT_INTERVAL;
use serde::Deserialize;
use serde_json::{json, Value};

/// Bytes per `addHeapSnapshotChunk` (V8 sends chunks of about this size).
const CHUNK: usize = 1 << 16;

/// `HeapProfiler.takeHeapSnapshot` parameters (the others are accepted and ignored).
#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct SnapshotParams {
    report_progress: bool,
}

/// `HeapProfiler.startSampling` parameters.
#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct SamplingParams {
    sampling_interval: Option<f64>,
}

/// `HeapProfiler.getHeapObjectId` parameters.
#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ObjectIdParams {
    object_id: String,
}

/// `HeapProfiler.getObjectByHeapObjectId` parameters.
#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct HeapObjectIdParams {
    object_id: String,
    #[serde(default)]
    object_group: Option<String>,
}

/// `text` in pieces of about `max` bytes, cut at character boundaries.
fn chunks(text: &str, max: usize) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut end = rest.len().min(max);
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        let (head, tail) = rest.split_at(end);
        rest = tail;
        Some(head)
    })
}

/// Handles `HeapProfiler.<command>`; `None` for commands this domain does not have.
pub fn handle(cx: &mut Ctx<'_, '_>, command: &str, p: Value) -> Result<Option<Handled>, Failure> {
    let reply = match command {
        "enable" | "disable" => json!({}),
        "collectGarbage" => {
            cx.vm.collect_garbage();
            json!({})
        }
        "takeHeapSnapshot" => {
            let p: SnapshotParams = params(p)?;
            let snapshot = cx.vm.heap_snapshot();
            if p.report_progress {
                let total = snapshot.node_count;
                let progress = "HeapProfiler.reportHeapSnapshotProgress";
                cx.reply_event(progress, json!({ "done": 0, "total": total }));
                let done = json!({ "done": total, "total": total, "finished": true });
                cx.reply_event(progress, done);
            }
            for chunk in chunks(&snapshot.json, CHUNK) {
                cx.reply_event(
                    "HeapProfiler.addHeapSnapshotChunk",
                    json!({ "chunk": chunk }),
                );
            }
            json!({})
        }
        "startSampling" => {
            let p: SamplingParams = params(p)?;
            let interval = p
                .sampling_interval
                .filter(|i| i.is_finite() && *i >= 1.0)
                .map_or(DEFAULT_INTERVAL, |i| i as u64);
            cx.vm.start_heap_sampling(interval);
            json!({})
        }
        "stopSampling" | "getSamplingProfile" => {
            let profile = match command {
                "stopSampling" => cx.vm.stop_heap_sampling(),
                _ => cx.vm.heap_sampling_profile(),
            };
            match profile {
                Some(profile) => json!({ "profile": profile }),
                None => {
                    return Err((
                        SERVER_ERROR,
                        "Sampling heap profiler is not started.".into(),
                    ))
                }
            }
        }
        "getHeapObjectId" => {
            let p: ObjectIdParams = params(p)?;
            let Some(id) = cx.vm.heap_object_id(&p.object_id) else {
                return Err((SERVER_ERROR, "Object is not available".into()));
            };
            json!({ "heapSnapshotObjectId": id.to_string() })
        }
        "getObjectByHeapObjectId" => {
            let p: HeapObjectIdParams = params(p)?;
            let found = p
                .object_id
                .parse()
                .ok()
                .and_then(|id| cx.vm.object_by_heap_id(id));
            let Some(v) = found else {
                return Err((SERVER_ERROR, "Object is not available".into()));
            };
            let group = p.object_group.as_deref().unwrap_or("console");
            let object = RemoteObject::from(cx.vm.remote_object(v, group, false));
            json!({ "result": object })
        }
        _ => return Ok(None),
    };
    Ok(Some(Handled::Reply(reply)))
}

#[cfg(test)]
mod tests {
    use super::chunks;

    #[test]
    fn chunks_cut_at_char_boundaries() {
        let text = "aé".repeat(1000);
        let parts: Vec<&str> = chunks(&text, 7).collect();
        assert!(parts.iter().all(|p| p.len() <= 8 && !p.is_empty()));
        assert_eq!(parts.concat(), text);
        assert_eq!(chunks("", 7).count(), 0);
    }
}
