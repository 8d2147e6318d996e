//! `jetcrab-test262`: runs the test262 conformance suite against JetCrab in-process, prints a
//! per-directory report and enforces the expectations ratchet. See `docs/test262.md`.

mod exec;
mod expectations;
mod harness;
mod metadata;
mod panics;
mod report;
mod runner;
mod skip;
mod suite;
mod watchdog;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

use exec::{Config, Context};
use expectations::Ratchet;
use harness::Harness;
use report::Counts;
use suite::Suite;
use watchdog::Watchdog;

/// Runs the test262 suite against JetCrab.
#[derive(Parser, Debug)]
#[command(name = "jetcrab-test262", version)]
struct Cli {
    /// Only run tests under these paths or name prefixes, relative to the suite's `test/`
    /// directory (e.g. `language/expressions`, `built-ins/Array`).
    paths: Vec<String>,
    /// The test262 checkout [default: $TEST262_DIR, else ../shared/test262].
    #[arg(long, value_name = "DIR")]
    suite: Option<PathBuf>,
    /// Per-test timeout in seconds, covering all of a test's strict/non-strict runs.
    #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    timeout: u64,
    /// Worker threads [default: number of cores].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    threads: Option<u64>,
    /// Print every failure with its reason (and every improvement with --check).
    #[arg(long, short)]
    verbose: bool,
    /// Hide the progress bar.
    #[arg(long, short)]
    quiet: bool,
    /// Collect garbage at every allocation safepoint (slow; raise --timeout).
    #[arg(long)]
    gc_stress: bool,
    /// Verify heap invariants around every collection.
    #[arg(long)]
    gc_verify: bool,
    /// Only run every Nth selected test (in sorted order), for quick deterministic samples.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
    subset: u64,
    /// How many directory levels below `test/` the report table groups by.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..))]
    depth: u64,
    /// The expectations file [default: tests/test262/expectations.txt].
    #[arg(long, value_name = "FILE")]
    expectations: Option<PathBuf>,
    /// CI mode: exit 1 if a test listed in the expectations file no longer passes.
    #[arg(long, conflicts_with = "update_expectations")]
    check: bool,
    /// Rewrite the expectations file with this run's passing tests (within the selection).
    #[arg(long)]
    update_expectations: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("jetcrab-test262: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: &Cli) -> Result<ExitCode, String> {
    let suite = Suite::locate(cli.suite.clone())?;
    let filter = suite.filter(&cli.paths);
    let all = suite.discover()?;
    let tests = suite::select(&all, &filter, cli.subset as usize);
    if tests.is_empty() {
        return Err("no tests match the given paths".into());
    }
    let expectations_path = cli
        .expectations
        .clone()
        .unwrap_or_else(expectations::default_path);
    // Read before the (long) run so a missing file fails fast.
    let expected = cli
        .check
        .then(|| expectations::load(&expectations_path))
        .transpose()?;
    let harness = Harness::load(&suite.harness_dir())?;
    let config = Config {
        timeout: Duration::from_secs(cli.timeout),
        gc_stress: cli.gc_stress,
        gc_verify: cli.gc_verify,
    };
    let watchdog = Watchdog::start();
    let ctx = Context {
        suite: &suite,
        harness: &harness,
        config: &config,
        watchdog: &watchdog,
    };
    let threads = match cli.threads {
        Some(n) => n as usize,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    panics::install_hook();
    let outcomes = runner::run_all(&ctx, &tests, threads, cli.quiet)?;

    if cli.verbose {
        report::print_failures(&tests, &outcomes);
    }
    report::print_skips(&outcomes);
    report::print_table(&tests, &outcomes, cli.depth as usize);

    let ratchet = Ratchet {
        all: &all,
        filter: &filter,
        tests: &tests,
        outcomes: &outcomes,
    };
    let regressed = expected.is_some_and(|expected| !ratchet.check(&expected, cli.verbose));
    if cli.update_expectations {
        ratchet.update(&expectations_path)?;
    }
    println!("{}", Counts::of(&outcomes).summary_line());
    Ok(if regressed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
