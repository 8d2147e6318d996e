//! Overview: the headline numbers of every area, legible at 80×24.

use super::{bytes, ms, num, pct, secs, styles};
use crate::app::App;
use crate::state::State;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Sparkline};
use ratatui::Frame;

/// `label value` with the label styled.
pub fn kv(label: &str, value: String) -> Vec<Span<'static>> {
    vec![
        Span::styled(format!("{label} "), styles::LABEL),
        Span::styled(value, styles::VALUE),
        Span::raw("  "),
    ]
}

fn lines(rows: Vec<Vec<Span<'static>>>) -> Vec<Line<'static>> {
    rows.into_iter().map(Line::from).collect()
}

/// Draws the overview.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let s = &app.state;
    // The heap box takes the spare height: its sparkline is the one thing that grows well.
    let [top, middle, bottom] = Layout::vertical([
        Constraint::Min(7),
        Constraint::Length(6),
        Constraint::Length(4),
    ])
    .areas(area);
    let [process, heap] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(top);
    let [gc, jit] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(middle);
    draw_process(frame, app, process);
    draw_heap(frame, s, heap);
    draw_gc(frame, s, gc);
    draw_jit(frame, s, jit);
    draw_event_loop(frame, s, bottom);
}

fn draw_process(frame: &mut Frame, app: &App, area: Rect) {
    let s = &app.state;
    let cpu = s
        .profile
        .busy_fraction()
        .map_or_else(|| "-".to_string(), |f| format!("{:.0}%", f * 100.0));
    let engine = s.header.as_ref().map_or_else(
        || "-".to_string(),
        |h| format!("{} {}", h.engine, h.engine_version),
    );
    let text = lines(vec![
        kv("uptime ", secs(s.now_us)),
        kv("JS CPU ", cpu),
        kv("samples", num(s.profile.received)),
        kv("records", num(s.records)),
        kv("engine ", engine),
        kv(
            "dropped",
            num(s.engine_dropped + s.lost + app.channel_dropped),
        ),
        kv("skipped", num(s.bad_lines)),
    ]);
    let block = Block::bordered().title(format!("Process {}", app.title));
    frame.render_widget(Paragraph::new(text).block(block), area);
}

fn draw_heap(frame: &mut Frame, s: &State, area: Rect) {
    let block = Block::bordered().title("Heap");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [text_area, spark] =
        Layout::vertical([Constraint::Length(3), Constraint::Min(0)]).areas(inner);
    let (used, size) = s.gc.heap_now().map_or((0, 0), |p| (p.used, p.size));
    let limit = if s.gc.heap_limit == 0 {
        "-".to_string()
    } else {
        bytes(s.gc.heap_limit)
    };
    let text = lines(vec![
        kv("used", bytes(used)),
        [kv("size", bytes(size)), kv("limit", limit)].concat(),
        kv("alloc", format!("{}/s", bytes(s.gc.allocation_rate as u64))),
    ]);
    frame.render_widget(Paragraph::new(text), text_area);
    let width = spark.width as usize;
    let points: Vec<u64> = s.gc.heap.iter().map(|p| p.used).collect();
    let tail = &points[points.len().saturating_sub(width)..];
    frame.render_widget(Sparkline::default().data(tail).style(styles::HEAP), spark);
}

fn draw_gc(frame: &mut Frame, s: &State, area: Rect) {
    let gc = &s.gc;
    let last = gc
        .last()
        .map_or_else(|| "-".to_string(), |e| ms(e.pause_ns));
    let p99 = gc.p99_pause_ns().map_or_else(|| "-".to_string(), ms);
    let text = lines(vec![
        [
            kv("count", num(gc.count)),
            kv("paused", pct(gc.total_pause_ns / 1000, s.now_us)),
        ]
        .concat(),
        [kv("last", last), kv("max", ms(gc.max_pause_ns))].concat(),
        [kv("p99 ", p99), kv("total", ms(gc.total_pause_ns))].concat(),
        match &gc.running {
            Some(start) => kv("running", format!("cycle {}", start.cycle)),
            None => kv("running", "no".into()),
        },
    ]);
    frame.render_widget(
        Paragraph::new(text).block(Block::bordered().title("GC")),
        area,
    );
}

fn draw_jit(frame: &mut Frame, s: &State, area: Rect) {
    let c = s.jit.counts;
    let mode = if s.jit.active() {
        "on".to_string()
    } else {
        "off (interpreter only)".to_string()
    };
    let top = s
        .jit
        .candidates
        .as_ref()
        .and_then(|c| c.functions.first())
        .map_or_else(|| "-".to_string(), |f| s.functions.name(f.function));
    let text = lines(vec![
        kv("JIT", mode),
        [
            kv("queued", num(c.queued)),
            kv("compiling", num(c.compiling)),
        ]
        .concat(),
        [
            kv("installed", num(c.installed)),
            kv("failed", num(c.failed)),
        ]
        .concat(),
        kv("hottest", top),
    ]);
    frame.render_widget(
        Paragraph::new(text).block(Block::bordered().title("JIT")),
        area,
    );
}

fn draw_event_loop(frame: &mut Frame, s: &State, area: Rect) {
    let text = match s.event_loop.main() {
        Some(e) => lines(vec![
            [
                kv("lag", format!("{:.1} ms", e.lag_us as f64 / 1000.0)),
                kv(
                    "max",
                    format!("{:.1} ms", s.event_loop.max_lag_us as f64 / 1000.0),
                ),
                kv("timers", num(e.pending_timers)),
                kv("I/O", num(e.inflight_ops)),
            ]
            .concat(),
            [
                kv("microtasks", num(e.microtasks)),
                kv("immediates", num(e.pending_immediates)),
                kv("workers", num(e.live_workers)),
            ]
            .concat(),
        ]),
        None => vec![Line::styled("no event-loop records yet", styles::DIM)],
    };
    let block = Block::bordered().title("Event loop");
    frame.render_widget(Paragraph::new(text).block(block), area);
}
