//! `jetcrab`: run scripts, evaluate code, or start a REPL.

mod inspect;
mod profile;
mod repl;
mod run;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// mimalloc instead of the system allocator: objects' property and element vectors, closures'
/// boxes and promise states are small, short-lived allocations, which glibc malloc serves
/// several times slower (see docs/benchmarks.md).
#[global_allocator]
static GLOBAL: jetcrab_engine::heap::Malloc = jetcrab_engine::heap::Malloc;

/// Stack size of the engine thread: deep (but bounded) recursion in the parser and in builtins
/// that re-enter the interpreter needs more than the default 8 MiB.
const ENGINE_STACK: usize = 1 << 30;

#[derive(Parser)]
#[command(
    name = "jetcrab",
    version,
    about = "The JetCrab JavaScript engine",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Script to run (shorthand for `jetcrab run FILE`).
    file: Option<PathBuf>,
    #[command(flatten)]
    profile: profile::ProfileArgs,
    #[command(flatten)]
    inspect: inspect::InspectArgs,
    /// Arguments passed to the script.
    #[arg(last = true)]
    args: Vec<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Run a script file.
    Run(run::RunArgs),
    /// Draw an SVG flamegraph of a `.cpuprofile` (ours or one from `node --cpu-prof`).
    Flamegraph(profile::FlamegraphArgs),
    /// Evaluate code given on the command line and print the result.
    Eval {
        /// The code.
        code: String,
    },
}

fn main() {
    let cli = Cli::parse();
    let code = std::thread::Builder::new()
        .name("js".into())
        .stack_size(ENGINE_STACK)
        .spawn(move || match cli.command {
            Some(Command::Run(args)) => run::run(args),
            Some(Command::Eval { code }) => run::eval(&code),
            Some(Command::Flamegraph(args)) => profile::convert(args),
            None => match cli.file {
                Some(file) => run::run(run::RunArgs {
                    file,
                    print_bytecode: false,
                    module: false,
                    profile: cli.profile,
                    inspect: cli.inspect,
                    args: cli.args,
                }),
                None => repl::repl(),
            },
        })
        .expect("spawn engine thread")
        .join()
        .unwrap_or(70);
    std::process::exit(code);
}
