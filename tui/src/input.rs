//! Keys → [`Action`]s, from one table that also feeds the help overlay.
//!
//! No state and no I/O: [`action`] maps a key event, [`crate::app::App::update`] applies the
//! action. That split is what lets the key handling be tested without a terminal.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use Action as A;
use KeyCode::{BackTab, Char, Down, End, Esc, Home, Left, Right, Tab, Up};

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

/// One row of the key table: the keys (as shown in help), what they do, and the key codes
/// with their actions.
pub struct Binding {
    /// Keys as the help overlay shows them.
    pub keys: &'static str,
    /// What they do.
    pub help: &'static str,
    codes: &'static [(KeyCode, Action)],
}

const fn bind(
    keys: &'static str,
    help: &'static str,
    codes: &'static [(KeyCode, Action)],
) -> Binding {
    Binding { keys, help, codes }
}

/// The key table, in help order. Ctrl-C (quit) is matched before it.
pub const BINDINGS: &[Binding] = &[
    bind("q  Ctrl-C", "quit", &[(Char('q'), A::Quit)]),
    bind("?", "help (Esc closes)", &[(Char('?'), A::Help)]),
    bind("Esc", "close help", &[(Esc, A::Close)]),
    bind(
        "Tab  S-Tab",
        "next / previous view",
        &[(Tab, A::NextView), (BackTab, A::PrevView)],
    ),
    bind(
        "1-5",
        "overview, gc, jit, hot paths, event loop",
        &[
            (Char('1'), A::View(0)),
            (Char('2'), A::View(1)),
            (Char('3'), A::View(2)),
            (Char('4'), A::View(3)),
            (Char('5'), A::View(4)),
        ],
    ),
    bind(
        "↑↓  j k",
        "move the selection",
        &[
            (Up, A::Up),
            (Down, A::Down),
            (Char('k'), A::Up),
            (Char('j'), A::Down),
        ],
    ),
    bind(
        "g G  Home End",
        "first / last row",
        &[
            (Home, A::Top),
            (End, A::Bottom),
            (Char('g'), A::Top),
            (Char('G'), A::Bottom),
        ],
    ),
    bind("s", "sort by the next column", &[(Char('s'), A::Sort)]),
    bind(
        "w",
        "profile window: 1s / 10s / all",
        &[(Char('w'), A::Window)],
    ),
    bind(
        "space",
        "pause the display (data keeps coming)",
        &[(Char(' '), A::Pause)],
    ),
    bind(
        "f",
        "flamegraph SVG of the window",
        &[(Char('f'), A::Flamegraph)],
    ),
    bind(
        "c",
        "collect garbage now",
        &[(Char('c'), A::CollectGarbage)],
    ),
    bind(
        "r",
        "reset the profile windows",
        &[(Char('r'), A::ResetWindow)],
    ),
    bind(
        "← →  [ ]",
        "replay: seek 5 s back / forward",
        &[
            (Left, A::SeekBack),
            (Right, A::SeekForward),
            (Char('['), A::SeekBack),
            (Char(']'), A::SeekForward),
        ],
    ),
];

/// The action of a key event; key releases, unbound keys and keys with Ctrl or Alt (but
/// Ctrl-C) give `None`.
pub fn action(key: &KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == Char('c') {
        return Some(Action::Quit);
    }
    if key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return None;
    }
    BINDINGS
        .iter()
        .flat_map(|b| b.codes)
        .find(|(code, _)| *code == key.code)
        .map(|&(_, a)| a)
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
    fn every_binding_is_documented_and_keys_are_unique() {
        let mut seen = Vec::new();
        for b in BINDINGS {
            assert!(!b.keys.is_empty() && !b.help.is_empty() && !b.codes.is_empty());
            for (code, _) in b.codes {
                assert!(!seen.contains(code), "{code:?} bound twice");
                seen.push(*code);
            }
        }
    }
}
