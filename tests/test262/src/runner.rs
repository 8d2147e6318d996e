//! Running many tests in parallel, with a progress bar.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::exec::{Context, Outcome};

/// Test code recurses deeply (the engine's call-depth limit, deep parser nesting); a Rust stack
/// overflow would abort the whole run, so workers get far more stack than the default 2 MiB.
const WORKER_STACK_BYTES: usize = 256 << 20;

/// Runs `tests` on `threads` workers; the outcomes are in the same order as `tests`.
pub fn run_all(
    ctx: &Context,
    tests: &[String],
    threads: usize,
    quiet: bool,
) -> Result<Vec<Outcome>, String> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(WORKER_STACK_BYTES)
        .thread_name(|i| format!("test262-worker-{i}"))
        .build()
        .map_err(|e| format!("cannot start worker threads: {e}"))?;
    let bar = progress_bar(tests.len() as u64, quiet);
    let failed = AtomicUsize::new(0);
    let outcomes = pool.install(|| {
        tests
            .par_iter()
            .map(|name| {
                let outcome = ctx.run_test(name);
                if matches!(outcome, Outcome::Fail(_)) {
                    let failed = failed.fetch_add(1, Ordering::Relaxed) + 1;
                    bar.set_message(format!("{failed} failed"));
                }
                bar.inc(1);
                outcome
            })
            .collect()
    });
    bar.finish_and_clear();
    Ok(outcomes)
}

/// Drawn on stderr, and only for a person watching: hidden with `--quiet` or when redirected.
fn progress_bar(len: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template(
        "{elapsed_precise} [{wide_bar}] {pos}/{len} ({per_sec}, eta {eta}) {msg}",
    )
    .expect("valid progress template")
    .progress_chars("=> ");
    ProgressBar::new(len).with_style(style)
}
