//! GC: heap and pauses over the last 30 s, a pause histogram with the p99 marked, and the
//! last cycles.

use super::{bytes, ms, num, secs, styles, table};
use crate::app::{App, ViewId};
use crate::state::gc::{bucket, Cycle, PAUSE_BUCKETS_NS};
use crate::state::State;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::Line;
use ratatui::widgets::{Axis, Bar, BarChart, Block, Chart, Dataset, GraphType, Paragraph, Row};
use ratatui::Frame;

/// Sort columns of the cycle table.
pub const SORTS: &[&str] = &["newest", "pause", "freed"];
/// Span of the timeline charts, µs.
const TIMELINE_US: u64 = 30_000_000;

/// Rows of the cycle table.
pub fn rows(app: &App) -> usize {
    app.state.gc.cycles.len()
}

/// Draws the GC view.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let s = &app.state;
    let [charts, middle, cycles] = Layout::vertical([
        Constraint::Percentage(35),
        Constraint::Length(7),
        Constraint::Min(4),
    ])
    .areas(area);
    let [heap, pauses] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(charts);
    draw_heap_chart(frame, s, heap);
    draw_pause_chart(frame, s, pauses);
    let [histogram, summary] =
        Layout::horizontal([Constraint::Length(44), Constraint::Min(20)]).areas(middle);
    draw_histogram(frame, s, histogram);
    draw_summary(frame, s, summary);
    draw_cycles(frame, app, cycles);
}

/// The x range of the timelines: the last 30 s of record time, in seconds.
fn timeline(s: &State) -> (f64, f64) {
    let end = s.now_us.max(1);
    let start = end.saturating_sub(TIMELINE_US);
    (start as f64 / 1e6, end as f64 / 1e6)
}

fn x_axis(lo: f64, hi: f64) -> Axis<'static> {
    Axis::default()
        .bounds([lo, hi])
        .labels([format!("{lo:.0}s"), format!("{hi:.1}s")])
        .style(styles::DIM)
}

fn y_axis(hi: f64, label: String) -> Axis<'static> {
    Axis::default()
        .bounds([0.0, hi])
        .labels(["0".to_string(), label])
        .style(styles::DIM)
}

fn draw_heap_chart(frame: &mut Frame, s: &State, area: Rect) {
    let points =
        s.gc.heap
            .iter()
            .map(|p| (p.ts_us, p.used as f64 / (1 << 20) as f64));
    let chart = Timeline {
        title: "Heap used (MiB)",
        graph: GraphType::Line,
        style: styles::HEAP,
        min_top: 1.0,
        decimals: 0,
    };
    chart.draw(frame, s, area, points);
}

fn draw_pause_chart(frame: &mut Frame, s: &State, area: Rect) {
    let points =
        s.gc.cycles
            .iter()
            .map(|c| (c.ts_us, c.end.pause_ns as f64 / 1e6));
    let chart = Timeline {
        title: "Pauses (ms)",
        graph: GraphType::Bar,
        style: styles::PAUSE,
        min_top: 0.1,
        decimals: 1,
    };
    chart.draw(frame, s, area, points);
}

/// A chart of values over the last [`TIMELINE_US`] of record time.
struct Timeline {
    title: &'static str,
    graph: GraphType,
    style: ratatui::style::Style,
    /// The y axis reaches at least this high (an empty or flat series still draws).
    min_top: f64,
    /// Decimals of the y axis' top label.
    decimals: usize,
}

impl Timeline {
    fn draw(
        &self,
        frame: &mut Frame,
        s: &State,
        area: Rect,
        values: impl Iterator<Item = (u64, f64)>,
    ) {
        let (lo, hi) = timeline(s);
        let points: Vec<(f64, f64)> = values
            .map(|(ts, v)| (ts as f64 / 1e6, v))
            .filter(|(t, _)| *t >= lo)
            .collect();
        let top = points
            .iter()
            .map(|p| p.1)
            .fold(0.0, f64::max)
            .max(self.min_top);
        let data = Dataset::default()
            .marker(Marker::Braille)
            .graph_type(self.graph)
            .style(self.style)
            .data(&points);
        let chart = Chart::new(vec![data])
            .block(Block::bordered().title(self.title))
            .x_axis(x_axis(lo, hi))
            .y_axis(y_axis(top, format!("{top:.*}", self.decimals)));
        frame.render_widget(chart, area);
    }
}

/// Bucket labels: the upper bound in ms.
fn bucket_label(i: usize) -> String {
    match PAUSE_BUCKETS_NS.get(i) {
        Some(&ns) => {
            let v = ns as f64 / 1e6;
            let s = format!("{v}");
            s.trim_start_matches('0').to_string()
        }
        None => format!(
            "{}+",
            PAUSE_BUCKETS_NS[PAUSE_BUCKETS_NS.len() - 1] / 1_000_000
        ),
    }
}

fn draw_histogram(frame: &mut Frame, s: &State, area: Rect) {
    let p99 = s.gc.p99_pause_ns().map(bucket);
    let bars: Vec<Bar> =
        s.gc.histogram
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                let style = if Some(i) == p99 {
                    styles::BAD
                } else {
                    styles::PAUSE
                };
                Bar::with_label(bucket_label(i), n).style(style)
            })
            .collect();
    let title = match s.gc.p99_pause_ns() {
        Some(p) => format!("Pauses ≤ms, p99 {} (red)", ms(p)),
        None => "Pauses ≤ms".into(),
    };
    let chart = BarChart::vertical(bars)
        .block(Block::bordered().title(title))
        .bar_width(3)
        .bar_gap(1);
    frame.render_widget(chart, area);
}

fn draw_summary(frame: &mut Frame, s: &State, area: Rect) {
    let gc = &s.gc;
    let mean = gc.total_pause_ns.checked_div(gc.count).unwrap_or(0);
    let used = gc.heap_now().map_or(0, |p| p.used);
    let text: Vec<Line> = [
        super::overview::kv("cycles", num(gc.count)),
        super::overview::kv("mean", ms(mean)),
        super::overview::kv("max", ms(gc.max_pause_ns)),
        super::overview::kv("total", ms(gc.total_pause_ns)),
        super::overview::kv("heap", bytes(used)),
    ]
    .into_iter()
    .map(Line::from)
    .collect();
    frame.render_widget(
        Paragraph::new(text).block(Block::bordered().title("Totals")),
        area,
    );
}

fn draw_cycles(frame: &mut Frame, app: &App, area: Rect) {
    let mut cycles: Vec<&Cycle> = app.state.gc.cycles.iter().rev().collect();
    match SORTS[app.sort_of(ViewId::Gc)] {
        "pause" => cycles.sort_by_key(|c| std::cmp::Reverse(c.end.pause_ns)),
        "freed" => cycles.sort_by_key(|c| std::cmp::Reverse(c.end.objects_freed)),
        _ => {}
    }
    let rows = cycles
        .iter()
        .map(|c| {
            let e = &c.end;
            Row::new(vec![
                num(e.cycle),
                secs(c.ts_us),
                e.reason.clone(),
                ms(e.pause_ns),
                ms(e.mark_ns),
                ms(e.sweep_ns),
                format!("{}→{}", bytes(e.bytes_before), bytes(e.bytes_after)),
                num(e.objects_freed),
            ])
        })
        .collect();
    table::draw(
        frame,
        area,
        format!("Cycles (sort: {})", SORTS[app.sort_of(ViewId::Gc)]),
        &[
            "#", "at", "reason", "pause", "mark", "sweep", "heap", "freed",
        ],
        &[
            Constraint::Length(4),
            Constraint::Length(6),
            Constraint::Length(10),
            Constraint::Length(8),
            Constraint::Length(8),
            Constraint::Length(8),
            Constraint::Min(17),
            Constraint::Length(7),
        ],
        rows,
        Some(app.selected(ViewId::Gc)),
    );
}
