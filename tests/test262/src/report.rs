//! Printing results: failures, skip reasons, the per-directory table and the closing summary.

use std::collections::BTreeMap;

use crate::exec::Outcome;

/// Pass/fail/skip tallies for a set of tests.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
}

impl Counts {
    pub fn of<'a>(outcomes: impl IntoIterator<Item = &'a Outcome>) -> Counts {
        let mut counts = Counts::default();
        outcomes.into_iter().for_each(|outcome| counts.add(outcome));
        counts
    }

    fn add(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Pass => self.passed += 1,
            Outcome::Fail(_) => self.failed += 1,
            Outcome::Skip(_) => self.skipped += 1,
        }
    }

    /// Share of the tests that ran (skips excluded) that passed.
    fn pass_percent(&self) -> String {
        match self.passed + self.failed {
            0 => "-".into(),
            ran => format!("{:.1}%", 100.0 * self.passed as f64 / ran as f64),
        }
    }

    /// The closing line scripts and CI logs look for.
    pub fn summary_line(&self) -> String {
        format!(
            "test262: {} passed, {} failed, {} skipped",
            self.passed, self.failed, self.skipped
        )
    }
}

/// One `FAIL name: reason` line per failure, in test order.
pub fn print_failures(tests: &[String], outcomes: &[Outcome]) {
    for (name, outcome) in tests.iter().zip(outcomes) {
        if let Outcome::Fail(reason) = outcome {
            println!("FAIL {name}: {reason}");
        }
    }
}

/// How many tests each skip-list entry removed.
pub fn print_skips(outcomes: &[Outcome]) {
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    for outcome in outcomes {
        if let Outcome::Skip(reason) = outcome {
            *reasons.entry(reason).or_default() += 1;
        }
    }
    for (reason, count) in reasons {
        println!("skipped {count:>5}: {reason}");
    }
}

/// A row per directory `depth` levels below `test/` (`language/expressions` at depth 2), a total
/// per top-level directory (`language`, `built-ins`, `harness`) and a grand total.
pub fn print_table(tests: &[String], outcomes: &[Outcome], depth: usize) {
    let mut groups: BTreeMap<String, Counts> = BTreeMap::new();
    let mut tops: BTreeMap<&str, Counts> = BTreeMap::new();
    for (name, outcome) in tests.iter().zip(outcomes) {
        let dirs: Vec<&str> = name.split('/').collect();
        let dirs = &dirs[..dirs.len() - 1];
        let group = dirs[..depth.min(dirs.len())].join("/");
        groups.entry(group).or_default().add(outcome);
        tops.entry(dirs.first().copied().unwrap_or("."))
            .or_default()
            .add(outcome);
    }
    let mut rows: Vec<(String, Counts)> = Vec::new();
    for (top, top_counts) in &tops {
        let inside = format!("{top}/");
        let before = rows.len();
        rows.extend(
            groups
                .iter()
                .filter(|(group, _)| group.starts_with(&inside))
                .map(|(group, counts)| (group.clone(), *counts)),
        );
        let label = if rows.len() > before {
            format!("{top} (total)")
        } else {
            top.to_string()
        };
        rows.push((label, *top_counts));
    }
    rows.push(("total".into(), Counts::of(outcomes)));
    print_rows(&rows);
}

fn print_rows(rows: &[(String, Counts)]) {
    let header = "directory";
    let width = rows
        .iter()
        .map(|(label, _)| label.len())
        .fold(header.len(), usize::max);
    println!(
        "{:width$}  {:>7}  {:>7}  {:>7}  {:>6}",
        header, "passed", "failed", "skipped", "pass%"
    );
    for (label, counts) in rows {
        println!(
            "{label:width$}  {:>7}  {:>7}  {:>7}  {:>6}",
            counts.passed,
            counts.failed,
            counts.skipped,
            counts.pass_percent()
        );
    }
}
