//! `jetcrab run` and `jetcrab eval`.

use clap::Args;
use jetcrab_engine::runtime::{Exit, Runtime, RuntimeOptions};
use jetcrab_engine::{Engine, JsError};
use std::path::PathBuf;

/// Arguments of `jetcrab run`.
#[derive(Args)]
pub struct RunArgs {
    /// The script.
    pub file: PathBuf,
    /// Print the bytecode of every function instead of running.
    #[arg(long)]
    pub print_bytecode: bool,
    /// Run the file as an ES module (the default for `.mjs` files and for files with
    /// `import`/`export` declarations).
    #[arg(long)]
    pub module: bool,
    /// Profiling and telemetry.
    #[command(flatten)]
    pub profile: crate::profile::ProfileArgs,
    /// The inspector (`--inspect`, `--inspect-brk`, `--inspect-wait`).
    #[command(flatten)]
    pub inspect: crate::inspect::InspectArgs,
    /// Arguments passed to the script.
    #[arg(last = true)]
    pub args: Vec<String>,
}

/// Prints an uncaught error like Node and returns the exit code.
fn report(e: &JsError) -> i32 {
    eprintln!("{}", e.report);
    1
}

fn read_source(file: &PathBuf) -> Result<String, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("Cannot open {}: {e}", file.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Runs a script file; returns the process exit code.
pub fn run(args: RunArgs) -> i32 {
    let source = match read_source(&args.file) {
        Ok(s) => s,
        Err(msg) => {
            eprintln!("jetcrab: {msg}");
            return 1;
        }
    };
    let name = args.file.display().to_string();
    if args.print_bytecode {
        return match Engine::new().disassemble(&source, &name) {
            Ok(text) => {
                print!("{text}");
                0
            }
            Err(e) => report(&e),
        };
    }
    let mut argv = vec![
        std::env::current_exe()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| "jetcrab".into()),
        std::path::absolute(&args.file)
            .unwrap_or_else(|_| args.file.clone())
            .display()
            .to_string(),
    ];
    argv.extend(args.args);
    let mut runtime = Runtime::new(RuntimeOptions {
        argv,
        ..RuntimeOptions::default()
    });
    let is_module = args.module
        || args.file.extension().is_some_and(|e| e == "mjs")
        || Engine::is_module_source(&source);
    let inspecting = args.inspect.any();
    let session =
        match crate::profile::start(&args.profile, inspecting, &args.file, runtime.engine()) {
            Ok(s) => s,
            Err(msg) => {
                eprintln!("jetcrab: {msg}");
                return 1;
            }
        };
    let inspector = crate::inspect::start(&args.inspect, &args.file, session.tap(), &mut runtime);
    let result = if is_module {
        runtime.run_main_module(&source, &name)
    } else {
        runtime.run_main(&source, &name)
    };
    let code = match &result {
        Ok(exit) => exit.code(),
        Err(_) => 1,
    };
    if let Some(inspector) = &inspector {
        crate::inspect::script_done(inspector, code, result.as_ref().err());
    }
    // Shuts the telemetry hub down: the inspector's streams end with `JetCrab.finished`.
    session.finish(runtime.engine());
    if let Some(inspector) = inspector {
        crate::inspect::finish(&inspector, &mut runtime);
    }
    match result {
        Ok(exit) => {
            if let Exit::UnsettledAwait(key) = &exit {
                eprintln!("Warning: Detected unsettled top-level await at file://{key}");
            }
            code
        }
        Err(e) => report(&e),
    }
}

/// `jetcrab eval CODE`: prints the completion value, then runs the event loop.
pub fn eval(code: &str) -> i32 {
    let mut runtime = Runtime::new(RuntimeOptions::default());
    match runtime.engine().eval_to_string(code, "[eval]") {
        Ok(s) => {
            println!("{s}");
            match runtime.run_event_loop() {
                Ok(exit) => exit.code(),
                Err(e) => report(&e),
            }
        }
        Err(e) => report(&e),
    }
}
