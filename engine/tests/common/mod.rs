//! Helpers shared by the integration tests.

use jetcrab_engine::runtime::{Runtime, RuntimeOptions};
use jetcrab_engine::{EngineOptions, Stream};
use std::sync::{Arc, Mutex};

/// A runtime whose console output is collected into the returned string (GC stress and heap
/// verification on when `stress`).
pub fn collecting_runtime(stress: bool) -> (Runtime, Arc<Mutex<String>>) {
    let out = Arc::new(Mutex::new(String::new()));
    let sink = out.clone();
    let rt = Runtime::new(RuntimeOptions {
        engine: EngineOptions {
            gc_stress: stress,
            gc_verify: stress,
            print: Some(Box::new(move |_: Stream, line: &str| {
                let mut o = sink.lock().unwrap();
                o.push_str(line);
                o.push('\n');
            })),
            ..EngineOptions::default()
        },
        ..RuntimeOptions::default()
    });
    (rt, out)
}
