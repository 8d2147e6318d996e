//! Profiling and telemetry flags of `jetcrab run`, and `jetcrab flamegraph`.

use clap::Args;
use jetcrab_engine::profiler::cpuprofile::CpuProfile;
use jetcrab_engine::profiler::{flamegraph, Profile, ProfilerOptions};
use jetcrab_engine::telemetry::{Tap, Telemetry, TelemetryOptions};
use jetcrab_engine::Engine;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Profiler and telemetry options (Node's names for the `.cpuprofile` ones).
#[derive(Args, Clone, Debug, Default)]
pub struct ProfileArgs {
    /// Write a Chrome DevTools `.cpuprofile` when the script ends.
    #[arg(long)]
    pub cpu_prof: bool,
    /// Directory of the `.cpuprofile` (default: the current directory).
    #[arg(long, value_name = "DIR")]
    pub cpu_prof_dir: Option<PathBuf>,
    /// File name of the `.cpuprofile` (default: `CPU.<date>.<time>.<pid>.0.001.cpuprofile`).
    #[arg(long, value_name = "NAME")]
    pub cpu_prof_name: Option<String>,
    /// Mean sampling interval in microseconds (default 1000, at least 100).
    #[arg(long, value_name = "µs")]
    pub cpu_prof_interval: Option<u64>,
    /// Write an SVG flamegraph of the run.
    #[arg(long, value_name = "FILE")]
    pub flamegraph: Option<PathBuf>,
    /// Write folded stacks (`a;b;c count`).
    #[arg(long, value_name = "FILE")]
    pub prof_folded: Option<PathBuf>,
    /// Print the top 20 functions by self time to stderr at exit.
    #[arg(long)]
    pub prof_summary: bool,
    /// Write the telemetry stream as newline-delimited JSON to FILE (`-`: stdout).
    #[arg(long, value_name = "FILE")]
    pub telemetry: Option<PathBuf>,
}

impl ProfileArgs {
    fn profiling(&self) -> bool {
        self.cpu_prof
            || self.cpu_prof_dir.is_some()
            || self.cpu_prof_name.is_some()
            || self.flamegraph.is_some()
            || self.prof_folded.is_some()
            || self.prof_summary
    }
}

/// What is attached to a run, to be finished when the script ends.
pub struct Session {
    args: ProfileArgs,
    script: String,
    /// The one telemetry hub of the run (for `--telemetry` and the inspector's `JetCrab`
    /// domain alike: the engine has one sink), and the NDJSON writer.
    telemetry: Option<Telemetry>,
    writer: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

/// Attaches the profiler and the telemetry stream to `engine` as the flags ask; `inspect`
/// (an inspector will attach) also creates the telemetry hub, which the engine is attached to
/// only when a client enables the `JetCrab` domain.
pub fn start(
    args: &ProfileArgs,
    inspect: bool,
    script: &Path,
    engine: &mut Engine,
) -> Result<Session, String> {
    let mut telemetry = None;
    let mut writer = None;
    if args.telemetry.is_some() || inspect {
        let hub = Telemetry::new(TelemetryOptions::default());
        // For the inspector alone, the `JetCrab` domain attaches the engine when first enabled.
        if args.telemetry.is_some() {
            engine.set_telemetry(hub.sink());
        }
        telemetry = Some(hub);
    }
    if let (Some(path), Some(hub)) = (&args.telemetry, &telemetry) {
        let out: Box<dyn std::io::Write + Send> = if path.as_os_str() == "-" {
            Box::new(std::io::stdout())
        } else {
            let f = std::fs::File::create(path)
                .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
            Box::new(std::io::BufWriter::new(f))
        };
        writer = Some(hub.write_ndjson(out));
    }
    if args.profiling() {
        let interval = Duration::from_micros(args.cpu_prof_interval.unwrap_or(1000));
        engine.start_profiler(ProfilerOptions { interval });
    }
    Ok(Session {
        args: args.clone(),
        script: script.display().to_string(),
        telemetry,
        writer,
    })
}

impl Session {
    /// A handle on the telemetry hub for the inspector.
    pub fn tap(&self) -> Option<Tap> {
        self.telemetry.as_ref().map(Telemetry::tap)
    }

    /// Stops the profiler, writes the requested files and closes the telemetry stream. Errors
    /// are printed; the script's exit code stands.
    pub fn finish(self, engine: &mut Engine) {
        // Only the recording the flags started: one an inspector client started is its own.
        if self.args.profiling() {
            if let Some(profile) = engine.stop_profiler() {
                if let Err(e) = self.write_profile(&profile) {
                    eprintln!("jetcrab: {e}");
                }
            }
        }
        if let Some(hub) = self.telemetry {
            hub.shutdown();
        }
        if let Some(writer) = self.writer {
            match writer.join() {
                Ok(Ok(())) => {}
                Ok(Err(e)) => eprintln!("jetcrab: writing telemetry: {e}"),
                Err(_) => eprintln!("jetcrab: the telemetry writer panicked"),
            }
        }
    }

    fn write_profile(&self, profile: &Profile) -> Result<(), String> {
        let a = &self.args;
        let cpu = CpuProfile::from_profile(profile);
        if a.cpu_prof || a.cpu_prof_dir.is_some() || a.cpu_prof_name.is_some() {
            let dir = a.cpu_prof_dir.clone().unwrap_or_else(|| PathBuf::from("."));
            std::fs::create_dir_all(&dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            let name = a.cpu_prof_name.clone().unwrap_or_else(default_name);
            write(&dir.join(name), cpu.to_json().as_bytes())?;
        }
        if let Some(path) = &a.prof_folded {
            let mut text = cpu.folded().join("\n");
            text.push('\n');
            write(path, text.as_bytes())?;
        }
        if let Some(path) = &a.flamegraph {
            svg_file(&cpu, &format!("jetcrab {}", self.script), path)?;
        }
        if a.prof_summary {
            eprint!("{}", flamegraph::summary_table(profile, 20));
        }
        Ok(())
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn svg_file(cpu: &CpuProfile, title: &str, path: &Path) -> Result<(), String> {
    let f = std::fs::File::create(path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    flamegraph::svg_of(cpu, title, std::io::BufWriter::new(f))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Node's default: `CPU.20261203.231501.4242.0.001.cpuprofile` (UTC).
fn default_name() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "CPU.{year:04}{month:02}{day:02}.{:02}{:02}{:02}.{}.0.001.cpuprofile",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        std::process::id()
    )
}

/// Arguments of `jetcrab flamegraph`.
#[derive(Args)]
pub struct FlamegraphArgs {
    /// A `.cpuprofile` (written by `jetcrab run --cpu-prof` or `node --cpu-prof`).
    pub profile: PathBuf,
    /// The SVG to write.
    #[arg(short, long, value_name = "SVG")]
    pub output: PathBuf,
    /// Title (default: the profile's file name).
    #[arg(long)]
    pub title: Option<String>,
}

/// `jetcrab flamegraph PROFILE -o out.svg`; returns the exit code.
pub fn convert(args: FlamegraphArgs) -> i32 {
    let result = std::fs::read_to_string(&args.profile)
        .map_err(|e| format!("cannot read {}: {e}", args.profile.display()))
        .and_then(|text| {
            CpuProfile::parse(&text)
                .map_err(|e| format!("{} is not a .cpuprofile: {e}", args.profile.display()))
        })
        .and_then(|cpu| {
            let title = args
                .title
                .clone()
                .unwrap_or_else(|| args.profile.display().to_string());
            svg_file(&cpu, &title, &args.output)
        });
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("jetcrab: {e}");
            1
        }
    }
}
