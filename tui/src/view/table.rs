//! The one table style every view uses: a titled border, a yellow header, a reversed
//! selected row, and the selection clamped to the rows there are.

use super::styles;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Block, Row, Table, TableState};
use ratatui::Frame;

/// Draws `rows` under `header` in a bordered block titled `title`, with `selected` (clamped)
/// highlighted and scrolled into view (`None`: no selection).
pub fn draw<'a>(
    frame: &mut Frame,
    area: Rect,
    title: String,
    header: &[&'a str],
    widths: &[Constraint],
    rows: Vec<Row<'a>>,
    selected: Option<usize>,
) {
    let n = rows.len();
    let table = Table::new(rows, widths.to_vec())
        .header(Row::new(header.to_vec()).style(styles::HEADER))
        .block(Block::bordered().title(title))
        .column_spacing(1)
        .row_highlight_style(styles::SELECTED);
    let mut state =
        TableState::default().with_selected(selected.filter(|_| n > 0).map(|i| i.min(n - 1)));
    frame.render_stateful_widget(table, area, &mut state);
}
