//! Key handling without a terminal: actions applied to an [`App`] fed from the recording, and
//! the effects they ask the main loop for.

mod common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jetcrab_top::app::{App, Effect, ViewId};
use jetcrab_top::input::action;
use jetcrab_top::source::{Command, Line, SourceEvent, Status};
use jetcrab_top::state::Window;

fn press(app: &mut App, code: KeyCode) -> Effect {
    let a = action(&KeyEvent::new(code, KeyModifiers::NONE)).expect("bound key");
    app.update(a)
}

#[test]
fn views_switch_by_tab_and_number() {
    let mut app = common::replayed();
    assert_eq!(app.view, ViewId::Overview);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.view, ViewId::Gc);
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.view, ViewId::EventLoop);
    press(&mut app, KeyCode::Char('4'));
    assert_eq!(app.view, ViewId::HotPaths);
    assert_eq!(press(&mut app, KeyCode::Char('q')), Effect::Quit);
}

#[test]
fn selection_moves_within_the_table() {
    let mut app = common::replayed();
    press(&mut app, KeyCode::Char('2'));
    let cycles = app.state.gc.cycles.len();
    assert!(cycles > 10, "the recording has {cycles} GC cycles");
    press(&mut app, KeyCode::Char('k'));
    assert_eq!(app.selected(ViewId::Gc), 0, "no row above the first");
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Down);
    assert_eq!(app.selected(ViewId::Gc), 2);
    press(&mut app, KeyCode::Up);
    assert_eq!(app.selected(ViewId::Gc), 1);
    press(&mut app, KeyCode::End);
    assert_eq!(app.selected(ViewId::Gc), cycles - 1);
    press(&mut app, KeyCode::Down);
    assert_eq!(
        app.selected(ViewId::Gc),
        cycles - 1,
        "no row below the last"
    );
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(app.selected(ViewId::Gc), 0);
    // Each view keeps its own selection.
    press(&mut app, KeyCode::Char('3'));
    assert_eq!(app.selected(ViewId::Jit), 0);
}

#[test]
fn sort_window_reset() {
    let mut app = common::replayed();
    press(&mut app, KeyCode::Char('4'));
    assert_eq!(app.sort_of(ViewId::HotPaths), 0);
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.sort_of(ViewId::HotPaths), 2);
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.sort_of(ViewId::HotPaths), 0, "sorts cycle");
    assert_eq!(app.window, Window::TenSeconds);
    press(&mut app, KeyCode::Char('w'));
    assert_eq!(app.window, Window::All);
    let all = app.state.profile.samples(Window::All);
    assert_eq!(all, app.state.profile.received);
    press(&mut app, KeyCode::Char('r'));
    assert_eq!(app.state.profile.samples(Window::All), 0);
    assert_eq!(
        app.state.profile.received, all,
        "reset keeps the lifetime count"
    );
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.note.as_deref(), Some("nothing to sort in this view"));
}

#[test]
fn help_overlay_takes_keys() {
    let mut app = common::replayed();
    press(&mut app, KeyCode::Char('?'));
    assert!(app.help);
    press(&mut app, KeyCode::Esc);
    assert!(!app.help);
    press(&mut app, KeyCode::Char('?'));
    // Another key closes the overlay and still acts.
    press(&mut app, KeyCode::Char('2'));
    assert!(!app.help);
    assert_eq!(app.view, ViewId::Gc);
}

#[test]
fn gc_and_flamegraph_are_effects() {
    let mut live = App::new("x.js".into(), std::env::temp_dir());
    assert_eq!(
        press(&mut live, KeyCode::Char('c')),
        Effect::Send(Command::CollectGarbage)
    );
    assert_eq!(press(&mut live, KeyCode::Char('f')), Effect::Flamegraph);
    // Without samples the flamegraph is refused with a reason, not written empty.
    live.write_flamegraph();
    let note = live.note.clone().unwrap();
    assert!(note.contains("no samples"), "{note}");
    let mut replay = common::replayed();
    assert_eq!(press(&mut replay, KeyCode::Char('c')), Effect::None);
    assert!(replay.note.as_deref().unwrap().contains("no process"));
}

#[test]
fn pause_holds_records_back_until_resumed() {
    let source = common::replayed();
    let gc_count = source.state.gc.count;
    let lines: Vec<Line> = std::fs::read_to_string(common::fixture("busy.ndjson"))
        .unwrap()
        .lines()
        .filter_map(Line::parse)
        .collect();
    let mut app = App::new("busy.js".into(), std::env::temp_dir());
    app.handle(SourceEvent::Status(Status::Live("ws://x".into())));
    let (first, rest) = lines.split_at(lines.len() / 2);
    for l in first {
        app.handle(SourceEvent::Line(l.clone()));
    }
    let before = app.state.records;
    press(&mut app, KeyCode::Char(' '));
    assert!(app.paused);
    for l in rest {
        app.handle(SourceEvent::Line(l.clone()));
    }
    assert_eq!(app.state.records, before, "the display is frozen");
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(app.state.records as usize, lines.len());
    assert_eq!(app.state.gc.count, gc_count);
}

#[test]
fn replay_seeks_both_ways() {
    let mut app = common::replayed();
    let end = app.state.now_us;
    let records = app.state.records;
    let r = app.replay.as_ref().unwrap();
    assert!(r.done());
    press(&mut app, KeyCode::Left);
    // Seeking back 5 s from a 2 s recording restarts it from the beginning.
    assert!(app.state.records < records);
    assert!(app.state.now_us < end);
    press(&mut app, KeyCode::Right);
    assert_eq!(app.state.records, records);
    assert_eq!(app.state.now_us, end);
    // Space pauses playback in a replay.
    press(&mut app, KeyCode::Char(' '));
    assert!(app.replay.as_ref().unwrap().paused);
}

#[test]
fn finished_is_not_hidden_by_the_exit_that_follows() {
    let mut app = App::new("x.js".into(), std::env::temp_dir());
    let finished = Status::Finished {
        exit_code: Some(0),
        error: None,
    };
    app.handle(SourceEvent::Status(finished.clone()));
    app.handle(SourceEvent::Status(Status::Exited(Some(0))));
    assert_eq!(app.status, finished);
}
