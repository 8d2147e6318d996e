//! `jetcrab run --cpu-prof/--flamegraph/--prof-folded/--prof-summary/--telemetry` and
//! `jetcrab flamegraph`, checked from the outside: the `.cpuprofile` is read as plain JSON (not
//! through the engine's own types), the SVG with an XML parser.

use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Command;

mod common;

use common::{jetcrab, scratch};

const HOT_COLD: &str = include_str!("../../engine/tests/fixtures/hotcold.js");

fn script(dir: &Path) -> String {
    let path = dir.join("hotcold.js");
    std::fs::write(&path, HOT_COLD).unwrap();
    path.display().to_string()
}

/// Checks a `.cpuprofile`'s structure and returns the self samples per function name. V8's own
/// profiles may count a sample or two in `hitCount` that is not in `samples`, so `ours` asks
/// for the exact sum.
fn check_cpuprofile(text: &str, ours: bool) -> HashMap<String, u64> {
    let p: Value = serde_json::from_str(text).unwrap();
    let nodes = p["nodes"].as_array().unwrap();
    let ids: HashSet<u64> = nodes.iter().map(|n| n["id"].as_u64().unwrap()).collect();
    assert_eq!(ids.len(), nodes.len(), "node ids are unique");
    let mut parent: HashMap<u64, u64> = HashMap::new();
    for n in nodes {
        for c in n["children"].as_array().into_iter().flatten() {
            let c = c.as_u64().unwrap();
            assert!(ids.contains(&c), "child {c} exists");
            assert!(
                parent.insert(c, n["id"].as_u64().unwrap()).is_none(),
                "{c}: one parent"
            );
        }
        let f = &n["callFrame"];
        assert!(f["functionName"].is_string() && f["url"].is_string());
        assert!(f["lineNumber"].is_i64() && f["columnNumber"].is_i64());
        assert!(f["scriptId"].is_string());
    }
    let root = nodes[0]["id"].as_u64().unwrap();
    assert_eq!(nodes[0]["callFrame"]["functionName"], "(root)");
    assert!(
        ids.iter().all(|id| *id == root || parent.contains_key(id)),
        "a tree"
    );
    let samples = p["samples"].as_array().unwrap();
    let deltas = p["timeDeltas"].as_array().unwrap();
    assert_eq!(samples.len(), deltas.len());
    assert!(samples.iter().all(|s| ids.contains(&s.as_u64().unwrap())));
    let hits: u64 = nodes.iter().map(|n| n["hitCount"].as_u64().unwrap()).sum();
    if ours {
        assert_eq!(hits, samples.len() as u64);
    }
    assert!(p["startTime"].as_i64().unwrap() <= p["endTime"].as_i64().unwrap());
    let mut by_name = HashMap::new();
    for n in nodes {
        let name = n["callFrame"]["functionName"].as_str().unwrap().to_string();
        *by_name.entry(name).or_insert(0) += n["hitCount"].as_u64().unwrap();
        // positionTicks add up to at most the node's hits.
        let ticks: u64 = n["positionTicks"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|t| t["ticks"].as_u64().unwrap())
            .sum();
        assert!(ticks <= n["hitCount"].as_u64().unwrap());
    }
    by_name
}

fn check_svg(path: &Path, must_contain: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse_with_options(
        &text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .expect("the SVG is well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let found = doc
        .descendants()
        .filter_map(|n| n.text())
        .any(|t| t.contains(must_contain));
    assert!(found, "no text mentions {must_contain:?}");
}

#[test]
fn cpu_prof_flamegraph_folded_and_summary() {
    let dir = scratch("run");
    let js = script(&dir);
    let svg = dir.join("out.svg");
    let folded = dir.join("out.folded");
    let (code, stdout, stderr) = jetcrab(&[
        "run",
        "--cpu-prof",
        "--cpu-prof-dir",
        dir.join("profiles").to_str().unwrap(),
        "--cpu-prof-name",
        "p.cpuprofile",
        "--flamegraph",
        svg.to_str().unwrap(),
        "--prof-folded",
        folded.to_str().unwrap(),
        "--prof-summary",
        &js,
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "true\n");
    let text = std::fs::read_to_string(dir.join("profiles/p.cpuprofile")).unwrap();
    let by_name = check_cpuprofile(&text, true);
    let hot = by_name.get("hot").copied().unwrap_or(0);
    let js_samples: u64 = ["hot", "cold", "(anonymous)"]
        .iter()
        .map(|n| by_name.get(*n).copied().unwrap_or(0))
        .sum();
    assert!(js_samples >= 50, "{js_samples} samples");
    assert!(hot * 100 >= js_samples * 80, "hot: {hot} of {js_samples}");
    check_svg(&svg, "hot");
    let folded = std::fs::read_to_string(&folded).unwrap();
    assert!(folded
        .lines()
        .any(|l| l.starts_with("(anonymous) (hotcold.js:1);hot (hotcold.js:1) ")));
    // The summary table: a header, then `hot` first.
    let first = stderr.lines().nth(2).unwrap_or_default();
    assert!(
        first.ends_with("hot ") || first.contains(" hot "),
        "{stderr}"
    );
}

#[test]
fn default_cpuprofile_name_is_nodes() {
    let dir = scratch("default-name");
    let js = script(&dir);
    let out = dir.join("out");
    let (code, _, stderr) = jetcrab(&[
        "run",
        "--cpu-prof-dir",
        out.to_str().unwrap(),
        "--cpu-prof-interval",
        "500",
        &js,
    ]);
    assert_eq!(code, 0, "{stderr}");
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1);
    assert!(names[0].starts_with("CPU.") && names[0].ends_with(".cpuprofile"));
}

#[test]
fn node_cpuprofile_converts_to_svg() {
    let dir = scratch("node");
    let js = script(&dir);
    let node = Command::new("node")
        .args([
            "--cpu-prof",
            "--cpu-prof-dir",
            dir.join("node").to_str().unwrap(),
            &js,
        ])
        .output();
    match node {
        Ok(out) if out.status.success() => {}
        Ok(out) => panic!("node failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(e) => {
            println!("skipped: `node` is not available ({e})");
            return;
        }
    }
    let profile = std::fs::read_dir(dir.join("node"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "cpuprofile"))
        .expect("node wrote a .cpuprofile");
    check_cpuprofile(&std::fs::read_to_string(&profile).unwrap(), false);
    let svg = dir.join("node.svg");
    let (code, _, stderr) = jetcrab(&[
        "flamegraph",
        profile.to_str().unwrap(),
        "-o",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    check_svg(&svg, "hot");
}

#[test]
fn telemetry_ndjson_has_a_versioned_header_and_records() {
    let dir = scratch("telemetry");
    let js = dir.join("gc.js");
    std::fs::write(
        &js,
        "let keep = 0; for (let r = 0; r < 30; r++) { let l = null; \
         for (let i = 0; i < 20000; i++) l = { i, next: l }; keep += l.i; } console.log(keep);",
    )
    .unwrap();
    let out = dir.join("t.ndjson");
    let (code, _, stderr) = jetcrab(&[
        "run",
        "--telemetry",
        out.to_str().unwrap(),
        js.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(&out).unwrap();
    let records: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records[0]["type"], "header");
    assert_eq!(records[0]["version"], 1);
    assert!(records.iter().all(|r| r["v"] == 1));
    let gc = records.iter().filter(|r| r["type"] == "gc_end").count();
    assert!(gc >= 3, "{gc} gc_end records");
}

#[test]
fn flamegraph_rejects_what_is_not_a_profile() {
    let dir = scratch("bad");
    let bad = dir.join("bad.cpuprofile");
    std::fs::write(&bad, "{\"nodes\": 3}").unwrap();
    let (code, _, stderr) = jetcrab(&["flamegraph", bad.to_str().unwrap(), "-o", "/dev/null"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("is not a .cpuprofile"), "{stderr}");
}
