//! Running one test: deciding skip/fail up front, then one fresh engine per required mode, then
//! judging each run's completion against the test's metadata.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use jetcrab_engine::{Engine, EngineOptions, ErrorPhase, JsError, Stream};

use crate::harness::{Harness, HarnessFile};
use crate::metadata::{Flag, Metadata, Mode, Negative, Phase};
use crate::suite::Suite;
use crate::watchdog::Watchdog;
use crate::{panics, skip};

const ASYNC_COMPLETE: &str = "Test262:AsyncTestComplete";
const ASYNC_FAILURE: &str = "Test262:AsyncTestFailure:";
/// Failure reasons are shown one per line in tables of thousands; keep them readable.
const MAX_REASON_CHARS: usize = 300;

/// Settings shared by every run.
pub struct Config {
    /// Wall-clock budget for a whole test (all of its modes together).
    pub timeout: Duration,
    pub gc_stress: bool,
    pub gc_verify: bool,
}

/// What happened to one test.
#[derive(Debug)]
pub enum Outcome {
    Pass,
    Fail(String),
    Skip(&'static str),
}

/// Everything a worker needs to run tests.
pub struct Context<'a> {
    pub suite: &'a Suite,
    pub harness: &'a Harness,
    pub config: &'a Config,
    pub watchdog: &'a Watchdog,
}

impl Context<'_> {
    /// Runs the test named `name`; it passes only if every required mode passes.
    pub fn run_test(&self, name: &str) -> Outcome {
        match self.try_run_test(name) {
            Ok(None) => Outcome::Pass,
            Ok(Some(reason)) => Outcome::Skip(reason),
            Err(reason) => Outcome::Fail(one_line(&reason)),
        }
    }

    fn try_run_test(&self, name: &str) -> Result<Option<&'static str>, String> {
        let path = self.suite.test_path(name);
        let source = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let meta = Metadata::parse(&source)?;
        if let Some(reason) = skip::skip_reason(&meta, &source) {
            return Ok(Some(reason));
        }
        let prelude = self.harness.prelude(&meta)?;
        // The real path: modules and `import()` resolve their imports against it.
        let filename = std::path::absolute(&path)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned();
        let deadline = Instant::now() + self.config.timeout;
        for &mode in meta.modes() {
            let code = match mode {
                Mode::NonStrict => source.clone(),
                Mode::Strict => format!("\"use strict\";\n{source}"),
            };
            self.run_once(&meta, &prelude, &code, &filename, deadline)
                .map_err(|reason| format!("[{}] {reason}", mode.label()))?;
        }
        Ok(None)
    }

    /// One execution in a fresh engine (so each run gets a fresh realm).
    fn run_once(
        &self,
        meta: &Metadata,
        prelude: &[&HarnessFile],
        code: &str,
        filename: &str,
        deadline: Instant,
    ) -> Result<(), String> {
        let output = Arc::new(Mutex::new(String::new()));
        let options = self.engine_options(Arc::clone(&output));
        let completion = panics::catch(|| {
            let mut engine = Engine::with_options(options);
            let _watch = self.watchdog.watch(engine.interrupt_handle(), deadline);
            for file in prelude {
                if let Err(error) = engine.eval_script(&file.source, &file.filename) {
                    return Err(format!("{}: {}", file.filename, describe(&error)));
                }
            }
            let run = if meta.has(Flag::Module) {
                engine.eval_module_source(code, filename)
            } else {
                engine.eval_script(code, filename)
            };
            // A host drains the job queue once the script is done; a throw from a job is uncaught.
            Ok(run.and_then(|()| engine.run_jobs()))
        })
        .map_err(|panic| format!("engine panic: {panic}"))??;
        let output = std::mem::take(&mut *output.lock().unwrap_or_else(PoisonError::into_inner));
        judge(meta, completion, &output)
    }

    fn engine_options(&self, output: Arc<Mutex<String>>) -> EngineOptions {
        let defaults = EngineOptions::default();
        EngineOptions {
            gc_stress: self.config.gc_stress || defaults.gc_stress,
            gc_verify: self.config.gc_verify || defaults.gc_verify,
            test262_host: true,
            // Two workers share the machine's memory; no conformance test needs more.
            heap_limit: 768 << 20,
            // Captured rather than printed: async tests report through `print`.
            print: Some(Box::new(move |_stream: Stream, text: &str| {
                let mut output = output.lock().unwrap_or_else(PoisonError::into_inner);
                output.push_str(text);
                if !text.ends_with('\n') {
                    output.push('\n');
                }
            })),
            ..defaults
        }
    }
}

/// Whether one run's completion is what the test expects.
fn judge(meta: &Metadata, completion: Result<(), JsError>, output: &str) -> Result<(), String> {
    match (&meta.negative, completion) {
        (_, Err(error)) if error.interrupted => Err(describe(&error)),
        (Some(negative), Ok(())) => {
            Err(format!("expected {}, but it completed", expected(negative)))
        }
        (Some(negative), Err(error)) if matches_negative(negative, &error) => Ok(()),
        (Some(negative), Err(error)) => Err(format!(
            "expected {}, got {}",
            expected(negative),
            describe(&error)
        )),
        (None, Err(error)) => Err(describe(&error)),
        (None, Ok(())) if meta.has(Flag::Async) => async_result(output),
        (None, Ok(())) => Ok(()),
    }
}

fn matches_negative(negative: &Negative, error: &JsError) -> bool {
    let phase_matches = matches!(
        (negative.phase, error.phase),
        (Phase::Parse, ErrorPhase::Parse)
            | (Phase::Resolution, ErrorPhase::Resolution)
            | (Phase::Runtime, ErrorPhase::Runtime)
    );
    phase_matches && error_name(error) == negative.error_type
}

/// The thrown error's name. sta.js's `Test262Error` has no `name` property, so when the engine
/// reports none, fall back to the rendered value's `Name:` prefix (`Test262Error: message`).
fn error_name(error: &JsError) -> &str {
    match error.name.as_str() {
        "" => error.message.split(':').next().unwrap_or_default().trim(),
        name => name,
    }
}

fn expected(negative: &Negative) -> String {
    format!("{} {}", negative.phase.label(), negative.error_type)
}

/// An async test passes when `$DONE` printed the completion marker and nothing printed a failure.
fn async_result(output: &str) -> Result<(), String> {
    if let Some(failure) = output.lines().find(|line| line.starts_with(ASYNC_FAILURE)) {
        return Err(failure.to_owned());
    }
    if output.lines().any(|line| line.trim_end() == ASYNC_COMPLETE) {
        Ok(())
    } else {
        Err(format!("async test never printed {ASYNC_COMPLETE}"))
    }
}

fn describe(error: &JsError) -> String {
    if error.interrupted {
        return "timed out".into();
    }
    let phase = match error.phase {
        ErrorPhase::Parse => "parse",
        ErrorPhase::Runtime => "runtime",
        ErrorPhase::Resolution => "resolution",
    };
    match (error.name.as_str(), error.message.as_str()) {
        ("", message) => format!("{phase}: uncaught {message}"),
        (name, "") => format!("{phase} {name}"),
        (name, message) => format!("{phase} {name}: {message}"),
    }
}

fn one_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    match line.char_indices().nth(MAX_REASON_CHARS) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn async_output_is_judged_by_markers() {
        assert!(async_result("x\nTest262:AsyncTestComplete\n").is_ok());
        assert!(async_result("Test262:AsyncTestFailure:Test262Error: no\n").is_err());
        assert!(async_result("").is_err());
    }

    #[test]
    fn nameless_errors_match_by_rendered_prefix() {
        let error = JsError {
            phase: ErrorPhase::Runtime,
            name: String::new(),
            message: "Test262Error: boom".into(),
            report: String::new(),
            interrupted: false,
        };
        let negative = Negative {
            phase: Phase::Runtime,
            error_type: "Test262Error".into(),
        };
        assert!(matches_negative(&negative, &error));
    }

    #[test]
    fn reasons_are_single_short_lines() {
        assert_eq!(one_line("a\nb"), "a");
        assert_eq!(
            one_line(&"x".repeat(400)).chars().count(),
            MAX_REASON_CHARS + 1
        );
    }
}
