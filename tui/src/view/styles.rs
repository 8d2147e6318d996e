//! The palette: every style the views use, in one place.

use ratatui::style::{Color, Modifier, Style};

/// The tab bar.
pub const TABS: Style = Style::new().fg(Color::Gray);
/// The current tab.
pub const TAB_SELECTED: Style = Style::new()
    .fg(Color::Black)
    .bg(Color::Cyan)
    .add_modifier(Modifier::BOLD);
/// Secondary text.
pub const DIM: Style = Style::new().fg(Color::DarkGray);
/// Labels in key/value lists.
pub const LABEL: Style = Style::new().fg(Color::Cyan);
/// Numbers that matter.
pub const VALUE: Style = Style::new().add_modifier(Modifier::BOLD);
/// Healthy.
pub const GOOD: Style = Style::new().fg(Color::Green);
/// Worth a look.
pub const WARN: Style = Style::new().fg(Color::Yellow);
/// Broken.
pub const BAD: Style = Style::new().fg(Color::Red);
/// The connection banner and the paused marker.
pub const BANNER: Style = Style::new()
    .fg(Color::White)
    .bg(Color::Red)
    .add_modifier(Modifier::BOLD);
/// Status-bar notes.
pub const NOTE: Style = Style::new().fg(Color::Green);
/// Table headers.
pub const HEADER: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
/// The selected table row.
pub const SELECTED: Style = Style::new().add_modifier(Modifier::REVERSED);
/// Heap series.
pub const HEAP: Style = Style::new().fg(Color::Cyan);
/// Pause series.
pub const PAUSE: Style = Style::new().fg(Color::Magenta);
