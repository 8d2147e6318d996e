//! Flamegraph SVGs (through `inferno`) and the `--prof-summary` table.

use super::cpuprofile::CpuProfile;
use super::Profile;
use crate::telemetry::{FrameKind, Tally};
use std::io::Write;

/// Writes an SVG flamegraph of folded stacks (`a;b;c 42`): widths by samples.
pub fn svg(folded: &[String], title: &str, out: impl Write) -> std::io::Result<()> {
    let mut opts = inferno::flamegraph::Options::default();
    opts.title = title.to_string();
    opts.count_name = "samples".into();
    inferno::flamegraph::from_lines(&mut opts, folded.iter().map(String::as_str), out)
        .map_err(std::io::Error::other)
}

/// Writes the SVG flamegraph of a `.cpuprofile`.
pub fn svg_of(profile: &CpuProfile, title: &str, out: impl Write) -> std::io::Result<()> {
    svg(&profile.folded(), title, out)
}

/// The top `n` functions by self samples, as a text table: self and total samples, their share
/// and estimated milliseconds (samples times the mean interval), then name and location.
pub fn summary_table(p: &Profile, n: usize) -> String {
    let mut tally = Tally::default();
    for s in &p.samples {
        tally.add(&s.stack, 1);
    }
    let summary = tally.summary(&p.functions);
    let samples = summary.samples.max(1) as f64;
    let ms_per_sample = if p.samples.is_empty() {
        0.0
    } else {
        p.duration_us as f64 / p.samples.len() as f64 / 1000.0
    };
    let mut out = format!(
        "{} samples over {:.1} ms (interval {} µs)\n {:>8} {:>6} {:>9} {:>8} {:>6}  function\n",
        summary.samples,
        p.duration_us as f64 / 1000.0,
        p.interval_us,
        "self ms",
        "self%",
        "total ms",
        "total%",
        "count"
    );
    for f in summary.top_self.iter().take(n) {
        let info = &p.functions[f.function as usize];
        let location = match info.kind {
            FrameKind::Js if !info.url.is_empty() => {
                format!(" {}:{}:{}", info.url, info.line + 1, info.column + 1)
            }
            FrameKind::Native => " [native]".into(),
            _ => String::new(),
        };
        out.push_str(&format!(
            " {:>8.1} {:>5.1}% {:>9.1} {:>7.1}% {:>6}  {}{location}\n",
            f.self_samples as f64 * ms_per_sample,
            f.self_samples as f64 * 100.0 / samples,
            f.total_samples as f64 * ms_per_sample,
            f.total_samples as f64 * 100.0 / samples,
            f.self_samples,
            info.name,
        ));
    }
    out
}
