//! Helpers shared by the CLI tests.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

/// A scratch directory under the system temp dir (one per test process and name).
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jetcrab-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the `jetcrab` binary: exit code, stdout, stderr.
pub fn jetcrab(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jetcrab"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
