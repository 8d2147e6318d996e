//! The help overlay: the key table of [`crate::input::BINDINGS`], drawn over the view.

use super::styles;
use crate::input::BINDINGS;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

/// Draws the overlay centred in `area`.
pub fn draw(frame: &mut Frame, area: Rect) {
    let mut lines: Vec<Line> = BINDINGS
        .iter()
        .map(|b| {
            Line::from(vec![
                Span::styled(format!("{:>14}  ", b.keys), styles::LABEL),
                Span::raw(b.help),
            ])
        })
        .collect();
    lines.push(Line::styled(
        "numbers explained in docs/jetcrab-top.md",
        styles::DIM,
    ));
    let height = lines.len() as u16 + 2;
    let popup = area.centered(Constraint::Length(62), Constraint::Length(height));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title("Keys")),
        popup,
    );
}
