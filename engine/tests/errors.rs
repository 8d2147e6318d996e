//! Bad input never crashes: syntax errors carry a location and a code frame, runtime errors a
//! stack, deep recursion is a RangeError, and the engine stays usable afterwards.

use jetcrab_engine::{Engine, ErrorPhase};

#[test]
fn syntax_error_has_location_and_code_frame() {
    let mut e = Engine::new();
    let err = e
        .eval_script("let x = 1;\nlet y = ;\n", "bad.js")
        .unwrap_err();
    assert_eq!(err.phase, ErrorPhase::Parse);
    assert_eq!(err.name, "SyntaxError");
    assert!(err.report.starts_with("bad.js:2:9"), "{}", err.report);
    assert!(err.report.contains("let y = ;"), "{}", err.report);
    assert!(err.report.contains("SyntaxError:"), "{}", err.report);
}

#[test]
fn uncaught_error_reports_name_message_and_stack() {
    let mut e = Engine::new();
    let err = e
        .eval_script("function f() { null.x; }\nf();", "t.js")
        .unwrap_err();
    assert_eq!(err.phase, ErrorPhase::Runtime);
    assert_eq!(err.name, "TypeError");
    assert!(
        err.report
            .starts_with("Uncaught TypeError: Cannot read properties of null"),
        "{}",
        err.report
    );
    assert!(err.report.contains("at f (t.js:1:"), "{}", err.report);
}

#[test]
fn deep_recursion_is_a_range_error() {
    let mut e = Engine::new();
    let err = e
        .eval_script("function r(n) { return r(n + 1) + 1; } r(0);", "r.js")
        .unwrap_err();
    assert_eq!(err.name, "RangeError");
    assert!(err.message.contains("Maximum call stack size exceeded"));
    // The engine is still usable.
    e.eval_script("var ok = 1 + 1;", "after.js").unwrap();
}

#[test]
fn recursion_through_builtins_is_a_range_error() {
    let mut e = Engine::new();
    let err = e
        .eval_script(
            "const o = { toString() { return `${o}`; } }; String(o);",
            "s.js",
        )
        .unwrap_err();
    assert_eq!(err.name, "RangeError");
}

#[test]
fn interrupt_stops_an_infinite_loop() {
    let mut e = Engine::new();
    let h = e.interrupt_handle();
    let t = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(50));
        h.terminate();
    });
    let err = e.eval_script("for (;;) {}", "loop.js").unwrap_err();
    t.join().unwrap();
    assert!(err.interrupted);
    e.eval_script("var after = 1;", "after.js").unwrap();
}

#[test]
fn garbage_input_is_a_syntax_error() {
    let mut e = Engine::new();
    let garbage: String = (0..2000u32)
        .map(|i| char::from_u32((i * 7919) % 0x2FFF + 1).unwrap_or('?'))
        .collect();
    let err = e.eval_script(&garbage, "garbage.js").unwrap_err();
    assert_eq!(err.name, "SyntaxError");
}
