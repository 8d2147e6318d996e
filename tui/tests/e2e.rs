//! End to end in a real terminal: `jetcrab-top -- busy.js` inside tmux (a private server,
//! killed on drop), read back with `capture-pane`. It checks that the heap number moves, GC
//! pauses appear (and `c` adds an explicit cycle), `spin` tops the hot paths, `f` writes a
//! flamegraph SVG that parses as XML, the last state stays after the script finishes, `q`
//! restores the terminal, and `--record` wrote a file `--replay` reads.
//!
//! Needs tmux (`.ci/run` installs it when the machine lacks it); without it the test fails
//! rather than pass unchecked. Every wait is bounded.

use jetcrab_top::source::replay::Replay;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(45);

/// A tmux server on a private socket; killed (with everything in it) on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux")
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-t", "top"]).stdout).into()
    }

    fn keys(&self, keys: &str) {
        self.cmd(&["send-keys", "-t", "top", keys]);
    }

    /// Polls the screen until `pred` holds; panics with the last screen after [`WAIT`].
    fn wait_for(&self, what: &str, mut pred: impl FnMut(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if pred(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < WAIT,
                "timed out waiting for {what}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(150));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

/// The `jetcrab` binary next to `jetcrab-top` (`cargo test --workspace` builds it), built if
/// missing (`cargo test -p jetcrab-top` alone builds no other package's binary); `JETCRAB_BIN`
/// overrides.
fn jetcrab() -> PathBuf {
    if let Some(p) = std::env::var_os("JETCRAB_BIN") {
        return p.into();
    }
    let top = Path::new(env!("CARGO_BIN_EXE_jetcrab-top"));
    let dir = top.parent().unwrap();
    if dir.join("jetcrab").exists() {
        return dir.join("jetcrab");
    }
    let mut build = Command::new(env!("CARGO"));
    build.args(["build", "--quiet", "-p", "jetcrab", "--bin", "jetcrab"]);
    if dir.ends_with("release") {
        build.arg("--release");
    }
    let status = build.status().expect("run cargo");
    assert!(status.success(), "cargo build -p jetcrab failed");
    dir.join("jetcrab")
}

/// The number after `label ` on the first line containing it.
fn field<'a>(screen: &'a str, label: &str) -> Option<&'a str> {
    let at = screen.find(label)? + label.len();
    screen[at..].split_whitespace().next()
}

/// The first data row under the header line containing `header`.
fn first_row<'a>(screen: &'a str, header: &str) -> Option<&'a str> {
    let mut lines = screen.lines().skip_while(|l| !l.contains(header));
    lines.next()?;
    lines.next()
}

#[test]
fn dashboard_in_tmux() {
    assert!(
        Command::new("tmux").arg("-V").output().is_ok(),
        "tmux is needed for the end-to-end test (apt-get install tmux)"
    );
    let jetcrab = jetcrab();
    let dir = std::env::temp_dir().join(format!("jetcrab-top-e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/busy.js");
    let record = dir.join("run.ndjson");
    // The pane keeps its text after jetcrab-top exits, so the restored terminal can be read.
    let sh = format!(
        "JETCRAB_BIN='{}' '{}' --flamegraph-dir '{}' --record '{}' -- '{}' 8; echo \"EXIT $?\"; sleep 60",
        jetcrab.display(),
        env!("CARGO_BIN_EXE_jetcrab-top"),
        dir.display(),
        record.display(),
        script.display(),
    );
    let tmux = Tmux {
        socket: format!("jetcrab-top-e2e-{}", std::process::id()),
    };
    let out = tmux.cmd(&[
        "new-session",
        "-d",
        "-s",
        "top",
        "-x",
        "100",
        "-y",
        "30",
        "sh",
        "-c",
        &sh,
    ]);
    assert!(
        out.status.success(),
        "tmux: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Overview: the heap reading changes while the script allocates.
    let mut heaps = std::collections::HashSet::new();
    tmux.wait_for("a moving heap number", |s| {
        if let Some(used) = field(s, "used ") {
            if used != "0" {
                heaps.insert(used.to_string());
            }
        }
        heaps.len() >= 3
    });
    let screen = tmux.wait_for("GC pauses on the overview", |s| {
        field(s, "count ").is_some_and(|n| n != "0")
            && field(s, "max ").is_some_and(|m| m != "0.00")
    });
    assert!(screen.contains("● live"), "{screen}");

    // GC view: cycles with pauses, then `c` adds an explicit one.
    tmux.keys("2");
    tmux.wait_for("the GC cycle table", |s| {
        first_row(s, "reason").is_some_and(|r| r.contains("allocation") && r.contains(" ms"))
    });
    tmux.keys("c");
    tmux.wait_for("an explicit collection after `c`", |s| {
        s.contains("explicit")
    });

    // Hot paths: the script's hot function first.
    tmux.keys("4");
    let screen = tmux.wait_for("spin on top of the hot paths", |s| {
        first_row(s, "self%").is_some_and(|r| r.contains("spin"))
    });
    assert!(screen.contains("step › spin"), "{screen}");

    // `f`: a flamegraph of the window, named on the status line.
    tmux.keys("f");
    tmux.wait_for("the flamegraph note", |s| s.contains("flamegraph ("));
    let svg = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "svg"))
        .expect("an SVG in the flamegraph dir");
    let text = std::fs::read_to_string(&svg).unwrap();
    // inferno writes a DOCTYPE.
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&text, options).expect("the SVG is XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    assert!(
        doc.descendants()
            .any(|n| n.text().is_some_and(|t| t.contains("spin"))),
        "spin appears in the flamegraph"
    );

    // The script ends; the last state stays until `q`.
    let screen = tmux.wait_for("the finished marker", |s| s.contains("finished"));
    assert!(screen.contains("spin"), "{screen}");
    tmux.keys("q");
    let screen = tmux.wait_for("jetcrab-top to exit", |s| s.contains("EXIT 0"));
    assert!(
        !screen.contains("Hot paths"),
        "the alternate screen is gone:\n{screen}"
    );

    // The recording replays.
    let mut replay = Replay::load(&record).unwrap();
    assert_eq!(replay.bad_lines, 0);
    let lines = replay.play_all().len();
    assert!(lines > 100, "{lines} lines recorded");
    let _ = std::fs::remove_dir_all(&dir);
}
