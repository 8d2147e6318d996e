//! `jetcrab-top`: command-line parsing only; see the library for the rest.

use clap::Parser;
use jetcrab_top::app::{self, App, Sources};
use jetcrab_top::source::live::{self, Target};
use jetcrab_top::source::record::Recorder;
use jetcrab_top::source::replay::Replay;
use jetcrab_top::terminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// A live terminal dashboard of a JetCrab process: GC, JIT queue, hot paths, event loop.
#[derive(Parser, Debug)]
#[command(
    name = "jetcrab-top",
    version,
    after_help = "Examples:\n  jetcrab-top -- script.js arg1     start the script and watch it\n  \
                  jetcrab-top ws://127.0.0.1:9229/<id>   attach to a running jetcrab --inspect\n  \
                  jetcrab-top --port 9229            attach through /json/list\n  \
                  jetcrab-top --replay run.ndjson    play a recording (or jetcrab run --telemetry output)"
)]
struct Args {
    /// Inspector WebSocket URL of a running `jetcrab --inspect` (ws://…).
    url: Option<String>,
    /// Attach to the inspector on 127.0.0.1:PORT (first target of /json/list).
    #[arg(long, conflicts_with = "url")]
    port: Option<u16>,
    /// Play back a recording (`--record` output or `jetcrab run --telemetry` NDJSON).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["url", "port", "record"])]
    replay: Option<PathBuf>,
    /// Replay speed (record seconds per second).
    #[arg(long, default_value_t = 1.0, requires = "replay")]
    speed: f64,
    /// Save the received telemetry as NDJSON (the `jetcrab run --telemetry` format).
    #[arg(long, value_name = "FILE")]
    record: Option<PathBuf>,
    /// Directory for `f` flamegraphs.
    #[arg(long, value_name = "DIR", default_value = ".")]
    flamegraph_dir: PathBuf,
    /// The `jetcrab` binary that runs the script (default: $JETCRAB_BIN, else the one next to
    /// this executable, else `jetcrab` on PATH).
    #[arg(long, value_name = "PATH")]
    jetcrab: Option<PathBuf>,
    /// The script to start and its arguments.
    #[arg(last = true, value_name = "SCRIPT [ARGS]")]
    script: Vec<String>,
}

fn jetcrab_binary(flag: Option<PathBuf>) -> PathBuf {
    if let Some(p) = flag.or_else(|| std::env::var_os("JETCRAB_BIN").map(PathBuf::from)) {
        return p;
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join("jetcrab")))
        .filter(|p| p.exists())
        .unwrap_or_else(|| PathBuf::from("jetcrab"))
}

fn main() -> ExitCode {
    let args = Args::parse();
    let targets = [
        args.url.is_some(),
        args.port.is_some(),
        args.replay.is_some(),
        !args.script.is_empty(),
    ];
    if targets.iter().filter(|&&t| t).count() != 1 {
        eprintln!(
            "jetcrab-top: give one of `-- SCRIPT`, a ws:// URL, --port or --replay (see --help)"
        );
        return ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("jetcrab-top: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (mut app, sources) = if let Some(path) = &args.replay {
        let mut replay = match Replay::load(path) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("jetcrab-top: cannot read {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        };
        replay.speed = args.speed.max(0.0);
        let app = App::with_replay(replay, args.flamegraph_dir.clone());
        (
            app,
            Sources {
                live: None,
                recorder: None,
            },
        )
    } else {
        let (target, title) = match (&args.url, args.port) {
            (Some(url), _) => (Target::Url(url.clone()), url.clone()),
            (None, Some(port)) => (Target::Port(port), format!("port {port}")),
            (None, None) => {
                let title = PathBuf::from(&args.script[0])
                    .file_name()
                    .map_or_else(|| args.script[0].clone(), |n| n.to_string_lossy().into());
                let jetcrab = jetcrab_binary(args.jetcrab.clone());
                (
                    Target::Spawn {
                        jetcrab,
                        script: args.script.clone(),
                    },
                    title,
                )
            }
        };
        let recorder = match args.record.as_deref().map(Recorder::create).transpose() {
            Ok(r) => r,
            Err(e) => {
                eprintln!("jetcrab-top: cannot create the recording: {e}");
                return ExitCode::FAILURE;
            }
        };
        let live = runtime.block_on(async { live::start(target) });
        (
            App::new(title, args.flamegraph_dir.clone()),
            Sources {
                live: Some(live),
                recorder,
            },
        )
    };
    let (guard, mut terminal) = match terminal::init() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("jetcrab-top: cannot set up the terminal: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(app::run(&mut app, &mut terminal, sources));
    drop(guard);
    // Ends the source tasks; `kill_on_drop` stops a script still running.
    drop(runtime);
    if let Err(e) = result {
        eprintln!("jetcrab-top: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
