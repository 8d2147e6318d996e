//! Drawing: one file per view, plus the frame around them (tabs, banner, status bar, help).
//!
//! Views take `&App` and draw; they do no I/O and read no clock, so the same records always
//! draw the same screen (the snapshot tests rely on it).

pub mod event_loop;
pub mod gc;
pub mod help;
pub mod hot_paths;
pub mod jit_queue;
pub mod overview;
pub mod styles;
pub mod table;

use crate::app::{App, ViewId};
use crate::source::Status;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Tabs};
use ratatui::Frame;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let banner = banner(app);
    let [tabs, banner_area, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(banner.is_some())),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    draw_tabs(frame, app, tabs);
    if let Some(b) = banner {
        frame.render_widget(b, banner_area);
    }
    match app.view {
        ViewId::Overview => overview::draw(frame, app, body),
        ViewId::Gc => gc::draw(frame, app, body),
        ViewId::Jit => jit_queue::draw(frame, app, body),
        ViewId::HotPaths => hot_paths::draw(frame, app, body),
        ViewId::EventLoop => event_loop::draw(frame, app, body),
    }
    draw_status(frame, app, status);
    if app.help {
        help::draw(frame, body);
    }
}

/// Rows in the current view's main table (for moving the selection).
pub fn rows(app: &App) -> usize {
    match app.view {
        ViewId::Overview => 0,
        ViewId::Gc => gc::rows(app),
        ViewId::Jit => jit_queue::rows(app),
        ViewId::HotPaths => hot_paths::rows(app),
        ViewId::EventLoop => event_loop::rows(app),
    }
}

/// The sort columns of a view, default first.
pub fn sort_columns(view: ViewId) -> &'static [&'static str] {
    match view {
        ViewId::Overview => &[],
        ViewId::Gc => gc::SORTS,
        ViewId::Jit => jit_queue::SORTS,
        ViewId::HotPaths => hot_paths::SORTS,
        ViewId::EventLoop => event_loop::SORTS,
    }
}

fn draw_tabs(frame: &mut Frame, app: &App, area: Rect) {
    let titles = ViewId::ALL
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{} {}", i + 1, v.title()));
    let selected = ViewId::ALL.iter().position(|&v| v == app.view);
    let (label, style) = source_label(app);
    let width = label.chars().count() as u16 + 1;
    let [left, right] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(width)]).areas(area);
    let tabs = Tabs::new(titles)
        .select(selected)
        .style(styles::TABS)
        .highlight_style(styles::TAB_SELECTED)
        .padding("", "")
        .divider(" ");
    frame.render_widget(tabs, left);
    frame.render_widget(
        Paragraph::new(Span::styled(label, style)).right_aligned(),
        right,
    );
}

/// What the tab bar's right end says about the source.
fn source_label(app: &App) -> (String, ratatui::style::Style) {
    if let Some(r) = &app.replay {
        let pct = (r.position_us() * 100)
            .checked_div(r.end_us())
            .unwrap_or(100);
        let state = if r.done() {
            "end"
        } else if r.paused {
            "paused"
        } else {
            "playing"
        };
        return (format!("replay {pct}% {state}"), styles::DIM);
    }
    match &app.status {
        Status::Starting => ("starting".into(), styles::DIM),
        Status::Connecting(_) => ("connecting".into(), styles::DIM),
        Status::Live(_) => ("● live".into(), styles::GOOD),
        Status::Lost { .. } => ("○ lost".into(), styles::BAD),
        Status::Finished {
            exit_code: Some(c), ..
        } => (format!("finished, exit {c}"), styles::DIM),
        Status::Finished { .. } => ("finished".into(), styles::DIM),
        Status::Exited(Some(c)) => (format!("exited {c}"), styles::DIM),
        Status::Exited(None) => ("exited".into(), styles::DIM),
        Status::Failed(_) => ("failed".into(), styles::BAD),
    }
}

/// The red line under the tabs while the connection is down.
fn banner(app: &App) -> Option<Paragraph<'static>> {
    let text = match &app.status {
        Status::Lost { attempt, reason } => {
            format!(" connection lost ({reason}); retrying, attempt {attempt} ")
        }
        Status::Failed(why) => format!(" {why} "),
        _ => return None,
    };
    Some(Paragraph::new(text).style(styles::BANNER))
}

fn draw_status(frame: &mut Frame, app: &App, area: Rect) {
    let state = &app.state;
    let mut spans = vec![Span::raw(format!("up {} ", secs(state.now_us)))];
    if app.paused {
        spans.push(Span::styled(" PAUSED ", styles::BANNER));
        spans.push(Span::raw(" "));
    }
    let lost = state.lost + app.channel_dropped;
    if lost > 0 || state.engine_dropped > 0 {
        spans.push(Span::styled(
            format!("dropped {} ", num(lost + state.engine_dropped)),
            styles::WARN,
        ));
    }
    if state.bad_lines > 0 {
        spans.push(Span::styled(
            format!("skipped {} ", num(state.bad_lines)),
            styles::WARN,
        ));
    }
    if let Some(note) = &app.note {
        spans.push(Span::styled(note.clone(), styles::NOTE));
    }
    let hint = " ? help  q quit";
    let [left, right] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(hint.len() as u16)]).areas(area);
    frame.render_widget(Paragraph::new(Line::from(spans)), left);
    frame.render_widget(Paragraph::new(Span::styled(hint, styles::DIM)), right);
}

/// `1,234,567`.
pub fn num(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Bytes with a binary unit: `512 B`, `12.3 KiB`, `4.0 GiB`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

/// Nanoseconds as milliseconds with two decimals: `2.51 ms`.
pub fn ms(ns: u64) -> String {
    format!("{:.2} ms", ns as f64 / 1e6)
}

/// Microseconds as seconds with one decimal: `12.3s`.
pub fn secs(us: u64) -> String {
    format!("{:.1}s", us as f64 / 1e6)
}

/// A percentage of `part` in `whole` with one decimal (`-` when `whole` is 0).
pub fn pct(part: u64, whole: u64) -> String {
    if whole == 0 {
        "-".into()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(num(0), "0");
        assert_eq!(num(1234567), "1,234,567");
        assert_eq!(num(100), "100");
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(8 << 20), "8.0 MiB");
        assert_eq!(bytes(u64::MAX), "16777216.0 TiB");
        assert_eq!(ms(2_513_758), "2.51 ms");
        assert_eq!(secs(62_536), "0.1s");
        assert_eq!(pct(1, 3), "33.3%");
        assert_eq!(pct(1, 0), "-");
    }
}
