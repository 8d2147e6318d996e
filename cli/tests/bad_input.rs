//! Bad input of any kind gives a clean error and a Node exit code, never a panic, an abort or a
//! signal: the foundation issue's list (garbage, huge literals, 100,000 nested brackets,
//! 10^6-deep recursion, a 100 MB string) run through the real binary.

mod common;

use common::{jetcrab, scratch};

/// Runs `jetcrab` on a file holding `source`; returns (exit code, stdout, stderr). A process
/// killed by a signal has no exit code and fails here.
fn run_source(name: &str, source: &str) -> (i32, String, String) {
    let file = scratch("bad").join(name);
    std::fs::write(&file, source).unwrap();
    let (code, stdout, stderr) = jetcrab(&[file.to_str().unwrap()]);
    assert_ne!(code, -1, "{name}: killed by a signal: {stderr}");
    (code, stdout, stderr)
}

fn assert_error(name: &str, source: &str, error: &str) {
    let (code, _, stderr) = run_source(name, source);
    assert_eq!(code, 1, "{name}: {stderr}");
    assert!(stderr.contains(error), "{name}: {stderr}");
}

#[test]
fn deeply_nested_literals_are_errors_not_crashes() {
    let n = 100_000;
    let brackets = format!("{}{}", "[".repeat(n), "]".repeat(n));
    assert_error("brackets.js", &brackets, "SyntaxError");
    let objects = format!("x = {}1{}", "({a:".repeat(n), "})".repeat(n));
    assert_error("objects.js", &objects, "SyntaxError");
    let args = format!("f({})", vec!["1"; 70_000].join(","));
    assert_error("args.js", &args, "SyntaxError");
    // Nesting that needs no register per level just runs.
    let parens = format!("x = {}1{};", "(".repeat(n), ")".repeat(n));
    assert_eq!(run_source("parens.js", &parens).0, 0);
    // So does a 300,000-term left-deep chain (one temporary register, as in node).
    let chain = format!("console.log({});", vec!["1"; 300_000].join("+"));
    let (code, stdout, stderr) = run_source("chain.js", &chain);
    assert_eq!((code, stdout.as_str()), (0, "300000\n"), "{stderr}");
}

#[test]
fn deep_recursion_and_garbage_are_clean_errors() {
    assert_error(
        "recursion.js",
        "function f(n) { return n ? f(n - 1) : 0 }\nf(1e6);\n",
        "RangeError: Maximum call stack size exceeded",
    );
    let garbage: String = (0..4000u32)
        .map(|i| char::from_u32((i * 7919) % 0x2FFF + 1).unwrap_or('#'))
        .collect();
    assert_error("garbage.js", &garbage, "SyntaxError");
}

#[test]
fn huge_literals_and_strings_run() {
    let literal = format!("console.log({});", "9".repeat(100_000));
    let (code, stdout, stderr) = run_source("literal.js", &literal);
    assert_eq!((code, stdout.as_str()), (0, "Infinity\n"), "{stderr}");
    let (code, stdout, stderr) = run_source(
        "string.js",
        "const s = 'x'.repeat(100 * 1024 * 1024);\nconsole.log(s.length, (s + s).length);\n",
    );
    assert_eq!(
        (code, stdout.as_str()),
        (0, "104857600 209715200\n"),
        "{stderr}"
    );
}
