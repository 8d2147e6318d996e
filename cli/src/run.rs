//! `jetcrab run` and `jetcrab eval`.

use clap::Args;
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
    let mut engine = Engine::new();
    if args.print_bytecode {
        return match engine.disassemble(&source, &name) {
            Ok(text) => {
                print!("{text}");
                0
            }
            Err(e) => report(&e),
        };
    }
    let is_module = args.module
        || args.file.extension().is_some_and(|e| e == "mjs")
        || Engine::is_module_source(&source);
    let result = if is_module {
        engine.eval_module_source(&source, &name)
    } else {
        engine.eval_script(&source, &name)
    };
    if let Err(e) = result {
        return report(&e);
    }
    finish(&mut engine)
}

/// Drains jobs and reports unhandled rejections (exit 1, like Node).
fn finish(engine: &mut Engine) -> i32 {
    if let Err(e) = engine.run_jobs() {
        return report(&e);
    }
    if let Some(e) = engine.take_unhandled_rejections().first() {
        return report(e);
    }
    0
}

/// `jetcrab eval CODE`: prints the completion value.
pub fn eval(code: &str) -> i32 {
    let mut engine = Engine::new();
    match engine.eval_to_string(code, "[eval]") {
        Ok(s) => {
            println!("{s}");
            finish(&mut engine)
        }
        Err(e) => report(&e),
    }
}
