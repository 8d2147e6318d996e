//! Runs the JS programs in `tests/js/` through the runtime (event loop, timers, host globals)
//! and compares their console output with the `.out` files recorded from `node`. Each program
//! also runs in GC stress mode (collect at every safepoint) with heap verification, so rooting
//! bugs show up as wrong output or a verify failure.
//! Each directory of `tests/js/modules/` is a module graph whose entry point is `main.mjs`.

mod common;

use jetcrab_engine::{Engine, EngineOptions};
use std::path::PathBuf;

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

/// Runs `source` to completion (event loop included) and returns everything it printed.
fn run(source: &str, name: &str, stress: bool) -> String {
    run_as(source, name, stress, false)
}

/// [`run`], as the entry-point module at `name` when `module`.
fn run_as(source: &str, name: &str, stress: bool, module: bool) -> String {
    let (mut runtime, out) = common::collecting_runtime(stress);
    let result = if module {
        runtime.run_main_module(source, name)
    } else {
        runtime.run_main(source, name)
    };
    let exit = result.unwrap_or_else(|e| panic!("{name}: {}", e.report));
    assert_eq!(exit.code(), 0, "{name}: exit code");
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
        let source = std::fs::read_to_string(&path).unwrap();
        let got = run_as(&source, &name, stress, true);
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
