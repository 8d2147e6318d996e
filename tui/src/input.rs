//! Keys → [`Action`]s, from one table that also feeds the help overlay.
//!
//! No state and no I/O: [`action`] maps a key event, [`crate::app::App::update`] applies the
//! action. That split is what lets the key handling be tested without a terminal.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Everything a key can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Leave (the terminal is restored).
    Quit,
    /// Show or hide the help overlay.
    Help,
    /// Close the overlay (Esc).
    Close,
    /// Next view (Tab).
    NextView,
    /// Previous view (Shift-Tab).
    PrevView,
    /// Jump to view `n` (0-based).
    View(usize),
    /// Move the selection up.
    Up,
    /// Move the selection down.
    Down,
    /// Selection to the first row.
    Top,
    /// Selection to the last row.
    Bottom,
    /// Next sort column of the current view.
    Sort,
    /// Next profile window (1 s, 10 s, all).
    Window,
    /// Freeze / unfreeze the display (data keeps being collected).
    Pause,
    /// Write a flamegraph SVG of the selected window.
    Flamegraph,
    /// Ask the engine for a garbage collection.
    CollectGarbage,
    /// Restart the profile windows.
    ResetWindow,
    /// Replay: back 5 s.
    SeekBack,
    /// Replay: forward 5 s.
    SeekForward,
}

/// One row of the key table: the keys (as shown in help), what they do, and the matcher.
pub struct Binding {
    /// Keys as the help overlay shows them.
    pub keys: &'static str,
    /// What they do.
    pub help: &'static str,
    matches: fn(&KeyEvent) -> Option<Action>,
}

fn plain(k: &KeyEvent, c: char) -> bool {
    k.code == KeyCode::Char(c)
        && !k
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

/// The key table, in help order.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: "q  Ctrl-C",
        help: "quit",
        matches: |k| {
            let ctrl_c =
                k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL);
            (plain(k, 'q') || ctrl_c).then_some(Action::Quit)
        },
    },
    Binding {
        keys: "?",
        help: "help (Esc closes)",
        matches: |k| plain(k, '?').then_some(Action::Help),
    },
    Binding {
        keys: "Esc",
        help: "close help",
        matches: |k| (k.code == KeyCode::Esc).then_some(Action::Close),
    },
    Binding {
        keys: "Tab  S-Tab",
        help: "next / previous view",
        matches: |k| match k.code {
            KeyCode::Tab => Some(Action::NextView),
            KeyCode::BackTab => Some(Action::PrevView),
            _ => None,
        },
    },
    Binding {
        keys: "1-5",
        help: "overview, gc, jit, hot paths, event loop",
        matches: |k| match k.code {
            KeyCode::Char(c @ '1'..='5') => Some(Action::View(c as usize - '1' as usize)),
            _ => None,
        },
    },
    Binding {
        keys: "↑↓  j k",
        help: "move the selection",
        matches: |k| match k.code {
            KeyCode::Up => Some(Action::Up),
            KeyCode::Down => Some(Action::Down),
            KeyCode::Char('k') if plain(k, 'k') => Some(Action::Up),
            KeyCode::Char('j') if plain(k, 'j') => Some(Action::Down),
            _ => None,
        },
    },
    Binding {
        keys: "g G  Home End",
        help: "first / last row",
        matches: |k| match k.code {
            KeyCode::Home => Some(Action::Top),
            KeyCode::End => Some(Action::Bottom),
            KeyCode::Char('g') if plain(k, 'g') => Some(Action::Top),
            KeyCode::Char('G') => Some(Action::Bottom),
            _ => None,
        },
    },
    Binding {
        keys: "s",
        help: "sort by the next column",
        matches: |k| plain(k, 's').then_some(Action::Sort),
    },
    Binding {
        keys: "w",
        help: "profile window: 1s / 10s / all",
        matches: |k| plain(k, 'w').then_some(Action::Window),
    },
    Binding {
        keys: "space",
        help: "pause the display (data keeps coming)",
        matches: |k| plain(k, ' ').then_some(Action::Pause),
    },
    Binding {
        keys: "f",
        help: "flamegraph SVG of the window",
        matches: |k| plain(k, 'f').then_some(Action::Flamegraph),
    },
    Binding {
        keys: "c",
        help: "collect garbage now",
        matches: |k| plain(k, 'c').then_some(Action::CollectGarbage),
    },
    Binding {
        keys: "r",
        help: "reset the profile windows",
        matches: |k| plain(k, 'r').then_some(Action::ResetWindow),
    },
    Binding {
        keys: "← →  [ ]",
        help: "replay: seek 5 s back / forward",
        matches: |k| match k.code {
            KeyCode::Left => Some(Action::SeekBack),
            KeyCode::Right => Some(Action::SeekForward),
            KeyCode::Char('[') => Some(Action::SeekBack),
            KeyCode::Char(']') => Some(Action::SeekForward),
            _ => None,
        },
    },
];

/// The action of a key event; key releases and unbound keys give `None`.
pub fn action(key: &KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    BINDINGS.iter().find_map(|b| (b.matches)(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn keys_map_to_actions() {
        let cases = [
            (key(KeyCode::Char('q')), Some(Action::Quit)),
            (
                KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
                Some(Action::Quit),
            ),
            (key(KeyCode::Char('c')), Some(Action::CollectGarbage)),
            (key(KeyCode::Char('?')), Some(Action::Help)),
            (key(KeyCode::Tab), Some(Action::NextView)),
            (key(KeyCode::BackTab), Some(Action::PrevView)),
            (key(KeyCode::Char('1')), Some(Action::View(0))),
            (key(KeyCode::Char('5')), Some(Action::View(4))),
            (key(KeyCode::Char('6')), None),
            (key(KeyCode::Char('j')), Some(Action::Down)),
            (key(KeyCode::Up), Some(Action::Up)),
            (key(KeyCode::Char(' ')), Some(Action::Pause)),
            (key(KeyCode::Char('f')), Some(Action::Flamegraph)),
            (key(KeyCode::Char('r')), Some(Action::ResetWindow)),
            (key(KeyCode::Char('s')), Some(Action::Sort)),
            (key(KeyCode::Char('w')), Some(Action::Window)),
            (key(KeyCode::Right), Some(Action::SeekForward)),
            (key(KeyCode::Char('G')), Some(Action::Bottom)),
            (KeyEvent::new(KeyCode::Char('q'), KeyModifiers::ALT), None),
            (key(KeyCode::Char('x')), None),
        ];
        for (k, want) in cases {
            assert_eq!(action(&k), want, "{k:?}");
        }
        let mut release = key(KeyCode::Char('q'));
        release.kind = KeyEventKind::Release;
        assert_eq!(action(&release), None);
    }

    #[test]
    fn every_binding_is_documented() {
        for b in BINDINGS {
            assert!(!b.keys.is_empty() && !b.help.is_empty());
        }
    }
}
