//! `f`: the selected window's samples as folded stacks, drawn by the profiler's SVG export
//! (`jetcrab_engine::profiler::flamegraph::svg`, inferno), so the picture matches
//! `jetcrab run --flamegraph`.

use crate::state::{State, Window};
use jetcrab_engine::profiler::ROOT;
use std::path::Path;

/// Folded stacks of `window` (`a;b;c 42`, outermost first, `(root)` left out), sorted.
pub fn folded(state: &State, window: Window) -> Vec<String> {
    let f = &state.functions;
    let mut lines: Vec<String> = state
        .profile
        .stacks(window)
        .into_iter()
        .filter_map(|(stack, n)| {
            let frames: Vec<String> = stack
                .iter()
                .filter(|&&id| id != ROOT)
                .map(|&id| f.label(id).replace(';', ":"))
                .collect();
            (!frames.is_empty()).then(|| format!("{} {n}", frames.join(";")))
        })
        .collect();
    lines.sort();
    lines
}

/// Writes the SVG of `window` to `path`; returns the number of samples drawn.
pub fn write(state: &State, window: Window, title: &str, path: &Path) -> std::io::Result<u64> {
    let lines = folded(state, window);
    let samples: u64 = lines
        .iter()
        .filter_map(|l| l.rsplit_once(' ')?.1.parse::<u64>().ok())
        .sum();
    if samples == 0 {
        return Err(std::io::Error::other(format!(
            "no samples in the {} window",
            window.label()
        )));
    }
    let file = std::fs::File::create(path)?;
    jetcrab_engine::profiler::flamegraph::svg(&lines, title, std::io::BufWriter::new(file))?;
    Ok(samples)
}
