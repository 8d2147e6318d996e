//! Helpers shared by the integration tests: the recorded fixture, replayed to its end.

#![allow(dead_code)]

use jetcrab_top::app::App;
use jetcrab_top::source::replay::Replay;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// `tui/tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// An app that has played the whole recording `busy.ndjson` (made by
/// `jetcrab run --telemetry busy.ndjson --prof-folded … busy.js -- 2`).
pub fn replayed() -> App {
    let replay = Replay::load(&fixture("busy.ndjson")).expect("fixture");
    let mut app = App::with_replay(replay, std::env::temp_dir());
    // One long tick plays everything: the clock is the records' own.
    app.tick(Duration::from_secs(3600));
    app
}
