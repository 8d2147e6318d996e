//! Runs the JS programs in `tests/js/` and compares their console output with the `.out` files
//! recorded from `node`. Each program also runs in GC stress mode (collect at every safepoint)
//! with heap verification, so rooting bugs show up as wrong output or a verify failure.
//! Each directory of `tests/js/modules/` is a module graph whose entry point is `main.mjs`.

use jetcrab_engine::{Engine, EngineOptions, Stream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

fn programs() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/js");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "js"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no programs in {}", dir.display());
    files
}

/// The entry points of the module graphs in `tests/js/modules/*/main.mjs`.
fn module_programs() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/js/modules");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path().join("main.mjs"))
        .filter(|p| p.exists())
        .collect();
    files.sort();
    files
}

/// Runs `source` (a script, or the module at `name` when `module`) to completion, jobs
/// included, and returns everything it printed.
fn run(source: &str, name: &str, stress: bool) -> String {
    run_as(source, name, stress, false)
}

fn run_as(source: &str, name: &str, stress: bool, module: bool) -> String {
    let out = Arc::new(Mutex::new(String::new()));
    let sink = out.clone();
    let mut engine = Engine::with_options(EngineOptions {
        gc_stress: stress,
        gc_verify: stress,
        print: Some(Box::new(move |_: Stream, line: &str| {
            let mut o = sink.lock().unwrap();
            o.push_str(line);
            o.push('\n');
        })),
        ..EngineOptions::default()
    });
    let result = if module {
        engine.eval_module(std::path::Path::new(name))
    } else {
        engine.eval_script(source, name)
    };
    result.unwrap_or_else(|e| panic!("{name}: {}", e.report));
    engine
        .run_jobs()
        .unwrap_or_else(|e| panic!("{name}: {}", e.report));
    let s = out.lock().unwrap().clone();
    s
}

fn check_all(stress: bool) {
    for path in programs() {
        let source = std::fs::read_to_string(&path).unwrap();
        let expected = std::fs::read_to_string(path.with_extension("out")).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let got = run(&source, &name, stress);
        assert_eq!(
            got, expected,
            "output of {name} (stress={stress}) differs from node's"
        );
    }
    for path in module_programs() {
        let expected = std::fs::read_to_string(path.with_extension("out")).unwrap();
        let name = path.to_string_lossy().to_string();
        let got = run_as("", &name, stress, true);
        assert_eq!(
            got, expected,
            "output of {name} (stress={stress}) differs from node's"
        );
    }
}

#[test]
fn programs_match_node() {
    check_all(false);
}

#[test]
fn programs_survive_gc_stress_and_verify() {
    check_all(true);
}

#[test]
fn stress_mode_collects_at_safepoints() {
    let mut engine = Engine::with_options(EngineOptions {
        gc_stress: true,
        gc_verify: true,
        ..EngineOptions::default()
    });
    engine
        .eval_script("let a = []; for (let i = 0; i < 200; i++) a.push({ i, s: 'x' + i }); if (a[199].s !== 'x199') throw 1;", "s.js")
        .unwrap();
    let stats = engine.heap_stats();
    assert!(
        stats.collections >= 200,
        "only {} collections",
        stats.collections
    );
    assert!(stats.last.unwrap().objects_live > 200);
}
