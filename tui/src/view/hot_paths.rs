//! Hot paths: top functions by self and total samples, and the hottest call paths, over the
//! selected window (1 s, 10 s, all).

use super::{num, pct, styles, table};
use crate::app::{App, ViewId};
use crate::state::functions::short_file;
use jetcrab_engine::profiler::{IDLE, ROOT};
use jetcrab_engine::telemetry::{FunctionTime, ProfileSummary};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row};
use ratatui::Frame;

/// Sort columns of the function table.
pub const SORTS: &[&str] = &["self", "total", "name"];

/// The function table's rows, in display order: `(idle)` left out (it is waiting, not work;
/// the overview's JS CPU shows it).
pub fn functions(app: &App, summary: &ProfileSummary) -> Vec<FunctionTime> {
    let sort = SORTS[app.sort_of(ViewId::HotPaths)];
    let mut list = if sort == "total" {
        summary.top_total.clone()
    } else {
        summary.top_self.clone()
    };
    list.retain(|f| f.function != IDLE);
    if sort == "name" {
        list.sort_by(|a, b| a.name.cmp(&b.name).then(a.function.cmp(&b.function)));
    }
    list
}

fn summary(app: &App) -> ProfileSummary {
    let s = &app.state;
    s.profile.summary(app.window, s.functions.as_slice())
}

/// Rows of the function table.
pub fn rows(app: &App) -> usize {
    functions(app, &summary(app)).len()
}

/// Draws the hot-paths view.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let summary = summary(app);
    let [head, top, paths] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Percentage(60),
        Constraint::Min(4),
    ])
    .areas(area);
    let s = &app.state;
    let mut head_text = vec![
        Span::styled("window ", styles::LABEL),
        Span::styled(app.window.label(), styles::VALUE),
        Span::raw(format!("  {} samples", num(summary.samples))),
    ];
    if s.profile.received == 0 {
        let why = if s.profile.aggregate.is_some() {
            "  (engine aggregates: no samples received)"
        } else {
            "  (no samples: is the profiler on?)"
        };
        head_text.push(Span::styled(why, styles::WARN));
    }
    frame.render_widget(Paragraph::new(Line::from(head_text)), head);

    let total = summary.samples;
    let rows = functions(app, &summary)
        .into_iter()
        .map(|f| {
            // The aggregate fallback names functions the state may never have been told of.
            let location = match s.functions.location(f.function) {
                l if l.is_empty() && !f.url.is_empty() => {
                    format!("{}:{}", short_file(&f.url), f.line)
                }
                l => l,
            };
            Row::new(vec![
                pct(f.self_samples, total),
                pct(f.total_samples, total),
                num(f.self_samples),
                num(f.total_samples),
                f.name,
                location,
            ])
        })
        .collect();
    table::draw(
        frame,
        top,
        format!(
            "Functions (sort: {}, w: window)",
            SORTS[app.sort_of(ViewId::HotPaths)]
        ),
        &["self%", "total%", "self", "total", "function", "location"],
        &[
            Constraint::Length(6),
            Constraint::Length(6),
            Constraint::Length(7),
            Constraint::Length(7),
            Constraint::Min(16),
            Constraint::Min(12),
        ],
        rows,
        Some(app.selected(ViewId::HotPaths)),
    );

    let width = paths.width.saturating_sub(12) as usize;
    let lines: Vec<Line> = summary
        .hot_paths
        .iter()
        .map(|p| {
            let names: Vec<String> = p
                .stack
                .iter()
                .filter(|&&f| f != ROOT)
                .map(|&f| s.functions.name(f))
                .collect();
            Line::from(vec![
                Span::styled(format!("{:>6} ", pct(p.samples, total)), styles::VALUE),
                Span::raw(fit_path(&names, width)),
            ])
        })
        .collect();
    let block = Block::bordered().title("Hottest call paths (outermost › leaf)");
    frame.render_widget(Paragraph::new(lines).block(block), paths);
}

/// Joins a stack with ` › `, dropping outer frames (shown as `…`) until it fits in `width`,
/// so the leaf, the interesting end, stays visible.
pub fn fit_path(names: &[String], width: usize) -> String {
    let mut skip = 0;
    loop {
        let mut s = names[skip..].join(" › ");
        if skip > 0 {
            s = format!("… › {s}");
        }
        if s.chars().count() <= width || skip + 1 >= names.len() {
            return s;
        }
        skip += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::fit_path;

    #[test]
    fn long_paths_keep_the_leaf() {
        let names: Vec<String> = ["main", "run", "step", "spin"].map(String::from).to_vec();
        assert_eq!(fit_path(&names, 80), "main › run › step › spin");
        assert_eq!(fit_path(&names, 16), "… › step › spin");
        assert_eq!(fit_path(&names, 1), "… › spin");
        assert_eq!(fit_path(&[], 10), "");
    }
}
