//! Event loop and workers: each JS thread's gauges, the main thread's lag over time, and the
//! observed program's output (captured so it never writes over the dashboard).

use super::{bytes, num, styles, table};
use crate::app::{App, ViewId};
use jetcrab_engine::telemetry::EventLoopStats;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Row, Sparkline};
use ratatui::Frame;

/// Sort columns of the thread table.
pub const SORTS: &[&str] = &["thread", "lag"];

/// Rows of the thread table.
pub fn rows(app: &App) -> usize {
    app.state.event_loop.threads.len()
}

fn lag_ms(us: u64) -> String {
    format!("{:.1}", us as f64 / 1000.0)
}

/// Draws the event-loop view.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let s = &app.state;
    let threads = s.event_loop.threads.len().max(1) as u16;
    let [table_area, lag_area, output_area] = Layout::vertical([
        Constraint::Length(threads + 3),
        Constraint::Length(5),
        Constraint::Min(3),
    ])
    .areas(area);
    let mut list: Vec<&EventLoopStats> = s.event_loop.threads.values().map(|(_, e)| e).collect();
    if SORTS[app.sort_of(ViewId::EventLoop)] == "lag" {
        list.sort_by_key(|e| std::cmp::Reverse(e.lag_us));
    }
    let heap_of = |e: &EventLoopStats| match s.event_loop.worker_heaps.get(&e.thread) {
        Some(h) => format!("{} ({})", bytes(h.live), num(h.collections)),
        None if !e.thread.starts_with("worker") => s.gc.heap_now().map_or_else(
            || "-".into(),
            |h| format!("{} ({})", bytes(h.used), num(s.gc.count)),
        ),
        None => "-".into(),
    };
    let rows = list
        .into_iter()
        .map(|e| {
            Row::new(vec![
                e.thread.clone(),
                heap_of(e),
                num(e.pending_timers),
                num(e.pending_immediates),
                num(e.inflight_ops),
                num(e.microtasks),
                num(e.live_workers),
                lag_ms(e.lag_us),
                num(e.iterations),
            ])
        })
        .collect();
    table::draw(
        frame,
        table_area,
        format!(
            "JS threads (sort: {})",
            SORTS[app.sort_of(ViewId::EventLoop)]
        ),
        &[
            "thread",
            "heap (GCs)",
            "timers",
            "immed.",
            "I/O",
            "microtasks",
            "workers",
            "lag ms",
            "loops",
        ],
        &[
            Constraint::Min(8),
            Constraint::Length(14),
            Constraint::Length(6),
            Constraint::Length(6),
            Constraint::Length(5),
            Constraint::Length(10),
            Constraint::Length(7),
            Constraint::Length(7),
            Constraint::Length(8),
        ],
        rows,
        Some(app.selected(ViewId::EventLoop)),
    );

    let lag: Vec<u64> = s.event_loop.lag.iter().copied().collect();
    let width = lag_area.width.saturating_sub(2) as usize;
    let title = format!(
        "Main thread lag (now {} ms, max {} ms)",
        lag_ms(lag.last().copied().unwrap_or(0)),
        lag_ms(s.event_loop.max_lag_us)
    );
    frame.render_widget(
        Sparkline::default()
            .block(Block::bordered().title(title))
            .data(&lag[lag.len().saturating_sub(width)..])
            .style(styles::WARN),
        lag_area,
    );

    let height = output_area.height.saturating_sub(2) as usize;
    let lines: Vec<Line> = if app.replay.is_some() {
        vec![Line::styled(
            "(a recording has no program output)",
            styles::DIM,
        )]
    } else {
        let out = &app.output;
        out.iter()
            .skip(out.len().saturating_sub(height))
            .map(|l| Line::raw(l.clone()))
            .collect()
    };
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title("Program output (stdout+stderr)")),
        output_area,
    );
}
