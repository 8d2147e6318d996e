//! The ratchet: a committed list of the tests known to pass, one name per line, sorted.
//!
//! `--check` fails when a listed test stops passing, so conformance can only go up;
//! `--update-expectations` records the current passing set. Both only look at the tests this run
//! selected, so a filtered or subset run neither reports nor erases anything outside it.

use std::collections::BTreeSet;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use crate::exec::Outcome;
use crate::suite::Filter;

/// `tests/test262/expectations.txt`, wherever the workspace is checked out.
pub fn default_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("expectations.txt")
}

/// One run's results, plus what is needed to tell which expectation entries it is responsible for.
pub struct Ratchet<'a> {
    /// Every test in the suite, sorted.
    pub all: &'a [String],
    pub filter: &'a Filter,
    /// The tests this run selected (sorted) and their outcomes.
    pub tests: &'a [String],
    pub outcomes: &'a [Outcome],
}

impl Ratchet<'_> {
    /// Prints regressions and improvements against `expected` (from [`load`]); returns false if
    /// anything regressed.
    pub fn check(&self, expected: &BTreeSet<String>, verbose: bool) -> bool {
        let mut regressions = Vec::new();
        let mut improvements = Vec::new();
        for (name, outcome) in self.tests.iter().zip(self.outcomes) {
            match (expected.contains(name), outcome) {
                (true, Outcome::Fail(reason)) => regressions.push(format!("{name}: {reason}")),
                (true, Outcome::Skip(reason)) => {
                    regressions.push(format!("{name}: now skipped ({reason})"))
                }
                (false, Outcome::Pass) => improvements.push(name),
                _ => {}
            }
        }
        println!("regressions: {}", regressions.len());
        for regression in &regressions {
            println!("  REGRESSED {regression}");
        }
        println!(
            "improvements: {} (run with --update-expectations)",
            improvements.len()
        );
        if verbose {
            improvements
                .iter()
                .for_each(|name| println!("  IMPROVED {name}"));
        }
        let stale = expected.iter().filter(|entry| self.is_stale(entry)).count();
        if stale > 0 {
            println!(
                "stale entries (no longer in the suite): {stale} (run with --update-expectations)"
            );
        }
        regressions.is_empty()
    }

    /// Rewrites `path`: entries this run is responsible for are replaced by its passing tests,
    /// all other entries are kept.
    pub fn update(&self, path: &Path) -> Result<(), String> {
        let old = read(path)?.unwrap_or_default();
        let passing = self
            .tests
            .iter()
            .zip(self.outcomes)
            .filter(|(_, outcome)| matches!(outcome, Outcome::Pass))
            .map(|(name, _)| name.clone());
        let new: BTreeSet<String> = old
            .iter()
            .filter(|entry| !self.owns(entry))
            .cloned()
            .chain(passing)
            .collect();
        let mut text = String::new();
        for name in &new {
            text.push_str(name);
            text.push('\n');
        }
        fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!(
            "expectations: {} passing tests in {} (+{}, -{})",
            new.len(),
            path.display(),
            new.difference(&old).count(),
            old.difference(&new).count()
        );
        Ok(())
    }

    /// Whether this run decides `entry`: it ran it, or it is a removed test under the filter.
    fn owns(&self, entry: &str) -> bool {
        contains(self.tests, entry) || self.is_stale(entry)
    }

    fn is_stale(&self, entry: &str) -> bool {
        !contains(self.all, entry) && self.filter.matches(entry)
    }
}

/// The expectations `--check` compares against; unlike `--update-expectations` it needs the file.
pub fn load(path: &Path) -> Result<BTreeSet<String>, String> {
    read(path)?.ok_or_else(|| {
        format!(
            "{} does not exist; create it with --update-expectations",
            path.display()
        )
    })
}

fn contains(sorted: &[String], name: &str) -> bool {
    sorted
        .binary_search_by(|probe| probe.as_str().cmp(name))
        .is_ok()
}

/// The entries of the file, or `None` if it does not exist.
fn read(path: &Path) -> Result<Option<BTreeSet<String>>, String> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let entries = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect();
    Ok(Some(entries))
}
