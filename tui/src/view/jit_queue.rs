//! JIT: the compile queue with totals, and the interpreter's tier-up candidates. Until the
//! engine has a JIT the queue is empty and the view says so.

use super::{bytes, num, styles, table};
use crate::app::{App, ViewId};
use crate::state::jit::Job;
use jetcrab_engine::telemetry::{Tier, TierUpCandidate};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Row};
use ratatui::Frame;

/// Sort columns (of the queue when the JIT is on, else of the candidates).
pub const SORTS: &[&str] = &["score", "calls", "loops", "name"];

fn tier(t: Tier) -> &'static str {
    match t {
        Tier::Interpreter => "interp",
        Tier::Baseline => "baseline",
        Tier::Optimized => "optimized",
    }
}

fn candidates(app: &App) -> Vec<TierUpCandidate> {
    let s = &app.state;
    let mut list = s
        .jit
        .candidates
        .as_ref()
        .map_or_else(Vec::new, |c| c.functions.clone());
    match SORTS[app.sort_of(ViewId::Jit)] {
        "calls" => list.sort_by_key(|c| std::cmp::Reverse(c.invocations)),
        "loops" => list.sort_by_key(|c| std::cmp::Reverse(c.backedges)),
        "name" => list.sort_by_key(|c| s.functions.name(c.function)),
        _ => {}
    }
    list
}

fn jobs(app: &App) -> Vec<&Job> {
    let now = app.state.now_us;
    let mut list: Vec<&Job> = app.state.jit.jobs.iter().rev().collect();
    match SORTS[app.sort_of(ViewId::Jit)] {
        "calls" => list.sort_by_key(|j| std::cmp::Reverse(j.time_in_queue_us(now))),
        "loops" => list.sort_by_key(|j| std::cmp::Reverse(j.compile_us.unwrap_or(0))),
        "name" => list.sort_by_key(|j| app.state.functions.name(j.function)),
        _ => {}
    }
    list
}

/// Rows of the main table (the queue when the JIT is on, else the candidates).
pub fn rows(app: &App) -> usize {
    if app.state.jit.active() {
        app.state.jit.jobs.len()
    } else {
        candidates(app).len()
    }
}

/// Draws the JIT view.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let s = &app.state;
    let jit = &s.jit;
    let c = jit.counts;
    let head = if jit.active() {
        vec![
            Line::from(format!(
                "queued {}  compiling {}  installed {}  failed {}",
                num(c.queued),
                num(c.compiling),
                num(c.installed),
                num(c.failed)
            )),
            Line::from(format!(
                "compile time {:.1} ms  code {}",
                jit.compile_us_total as f64 / 1000.0,
                bytes(jit.code_bytes_total)
            )),
        ]
    } else {
        vec![
            Line::styled(
                "The JIT is off: this engine runs everything in its interpreter.",
                styles::WARN,
            ),
            Line::styled(
                "Below: the functions a JIT would compile first (tier-up scan).",
                styles::DIM,
            ),
        ]
    };
    let [head_area, rest] =
        Layout::vertical([Constraint::Length(4), Constraint::Min(0)]).areas(area);
    frame.render_widget(
        Paragraph::new(head).block(Block::bordered().title("JIT")),
        head_area,
    );
    if jit.active() {
        let [queue, cands] =
            Layout::vertical([Constraint::Percentage(60), Constraint::Min(4)]).areas(rest);
        draw_queue(frame, app, queue);
        draw_candidates(frame, app, cands, false);
    } else {
        draw_candidates(frame, app, rest, true);
    }
}

fn draw_queue(frame: &mut Frame, app: &App, area: Rect) {
    let s = &app.state;
    let rows = jobs(app)
        .into_iter()
        .map(|j| {
            Row::new(vec![
                s.functions.name(j.function),
                s.functions.location(j.function),
                tier(j.tier).to_string(),
                j.state.label().to_string(),
                format!("{:.1}", j.time_in_queue_us(s.now_us) as f64 / 1000.0),
                j.compile_us
                    .map_or_else(String::new, |us| format!("{:.1}", us as f64 / 1000.0)),
                j.code_size.map_or_else(String::new, bytes),
            ])
        })
        .collect();
    table::draw(
        frame,
        area,
        format!(
            "Compile queue (sort: {})",
            ["newest", "wait", "compile", "name"][app.sort_of(ViewId::Jit)]
        ),
        &[
            "function", "location", "tier", "state", "queue ms", "comp ms", "code",
        ],
        &[
            Constraint::Min(12),
            Constraint::Min(10),
            Constraint::Length(9),
            Constraint::Length(9),
            Constraint::Length(8),
            Constraint::Length(7),
            Constraint::Length(9),
        ],
        rows,
        Some(app.selected(ViewId::Jit)),
    );
}

fn draw_candidates(frame: &mut Frame, app: &App, area: Rect, selectable: bool) {
    let s = &app.state;
    let rows = candidates(app)
        .into_iter()
        .map(|c| {
            Row::new(vec![
                s.functions.name(c.function),
                s.functions.location(c.function),
                num(c.invocations),
                num(c.backedges),
                num(c.invocations + c.backedges),
            ])
        })
        .collect();
    let title = format!(
        "Tier-up candidates (sort: {})",
        SORTS[app.sort_of(ViewId::Jit)]
    );
    table::draw(
        frame,
        area,
        title,
        &["function", "location", "calls", "loop edges", "score"],
        &[
            Constraint::Min(16),
            Constraint::Min(14),
            Constraint::Length(11),
            Constraint::Length(13),
            Constraint::Length(13),
        ],
        rows,
        selectable.then(|| app.selected(ViewId::Jit)),
    );
}
