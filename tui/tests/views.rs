//! Rendering: every view drawn on ratatui's `TestBackend` from recorded telemetry, at 80×24
//! (the smallest supported terminal) and 120×36, compared with committed insta snapshots.
//!
//! The screens depend only on the records (the clock is the newest record's time), so the
//! snapshots are stable. Under CI (`CI` set) insta never writes snapshots; a difference fails.

mod common;

use jetcrab_engine::telemetry::{
    Event, FrameKind, FunctionInfo, JitCompileStarted, JitEnqueued, JitFailed, JitInstalled,
    Record, Tier,
};
use jetcrab_top::app::{App, ViewId};
use jetcrab_top::input::Action;
use jetcrab_top::source::{Line, SourceEvent, Status};
use jetcrab_top::view;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| view::draw(f, app)).unwrap();
    terminal.backend().to_string()
}

#[test]
fn every_view_from_the_recording() {
    let mut app = common::replayed();
    for (i, v) in ViewId::ALL.iter().enumerate() {
        app.update(Action::View(i));
        let name = v.title().to_lowercase().replace(' ', "_");
        insta::assert_snapshot!(format!("{name}_80x24"), render(&app, 80, 24));
        insta::assert_snapshot!(format!("{name}_120x36"), render(&app, 120, 36));
    }
}

#[test]
fn hot_paths_windows_and_sorts() {
    let mut app = common::replayed();
    app.update(Action::View(3));
    // 10 s (the default) → all → 1 s.
    app.update(Action::Window);
    app.update(Action::Sort);
    insta::assert_snapshot!("hot_paths_all_by_total_80x24", render(&app, 80, 24));
    app.update(Action::Window);
    app.update(Action::Sort);
    insta::assert_snapshot!("hot_paths_1s_by_name_80x24", render(&app, 80, 24));
}

/// Tiny, odd and huge terminals, with and without data: nothing panics.
#[test]
fn any_size_draws() {
    let empty = App::new("x.js".into(), std::env::temp_dir());
    for mut app in [common::replayed(), empty] {
        for (w, h) in [(1, 1), (10, 3), (20, 5), (40, 10), (79, 23), (250, 80)] {
            for i in 0..ViewId::ALL.len() {
                app.update(Action::View(i));
                render(&app, w, h);
            }
            app.update(Action::Help);
            render(&app, w, h);
            app.update(Action::Close);
        }
    }
    let empty = App::new("x.js".into(), std::env::temp_dir());
    let screen = render(&empty, 80, 24);
    assert!(screen.contains("no event-loop records yet"), "{screen}");
}

#[test]
fn help_overlay() {
    let mut app = common::replayed();
    app.update(Action::View(1));
    app.update(Action::Help);
    insta::assert_snapshot!("help_80x24", render(&app, 80, 24));
}

fn record(seq: u64, ts_us: u64, event: Event) -> Line {
    Line::Record(Record {
        v: 1,
        seq,
        ts_us,
        worker: 0,
        event,
    })
}

/// The JIT view as it will look once the engine emits `jit_*` records (none does yet, so the
/// records are made here).
#[test]
fn jit_queue_when_the_jit_is_on() {
    let mut app = common::replayed();
    let t = app.state.now_us;
    let tier = Tier::Baseline;
    let mut seq = 10_000;
    let mut push = |app: &mut App, ts: u64, e: Event| {
        seq += 1;
        app.ingest(record(seq, ts, e));
    };
    push(
        &mut app,
        t,
        Event::Function(FunctionInfo {
            id: 40,
            name: "parse".into(),
            url: "file:///srv/app/json.js".into(),
            script_id: 2,
            line: 11,
            column: 0,
            kind: FrameKind::Js,
        }),
    );
    for (f, ts) in [(4, t), (40, t + 100), (5, t + 200)] {
        let e = JitEnqueued {
            function: f,
            tier,
            queue_len: 1,
        };
        push(&mut app, ts, Event::JitEnqueued(e));
    }
    let started = JitCompileStarted {
        function: 4,
        tier,
        queue_wait_us: 150,
        queue_len: 2,
    };
    push(&mut app, t + 150, Event::JitCompileStarted(started));
    let installed = JitInstalled {
        function: 4,
        tier,
        compile_us: 2_300,
        code_size: 6_144,
    };
    push(&mut app, t + 2_450, Event::JitInstalled(installed));
    let started = JitCompileStarted {
        function: 40,
        tier,
        queue_wait_us: 2_350,
        queue_len: 1,
    };
    push(&mut app, t + 2_450, Event::JitCompileStarted(started));
    let failed = JitFailed {
        function: 40,
        tier,
        reason: "unsupported opcode".into(),
    };
    push(&mut app, t + 3_000, Event::JitFailed(failed));
    app.update(Action::View(2));
    let screen = render(&app, 80, 24);
    insta::assert_snapshot!("jit_on_80x24", screen);
    app.update(Action::View(0));
    let overview = render(&app, 80, 24);
    assert!(overview.contains("installed 1  failed 1"), "{overview}");
}

#[test]
fn lost_connection_banner_and_pause() {
    let mut app = App::new("busy.js".into(), std::env::temp_dir());
    let lost = Status::Lost {
        attempt: 3,
        reason: "connection closed".into(),
    };
    app.handle(SourceEvent::Status(Status::Live(
        "ws://127.0.0.1:1/x".into(),
    )));
    app.handle(SourceEvent::Output("done after 33 steps".into()));
    app.update(Action::Pause);
    app.handle(SourceEvent::Status(lost));
    app.update(Action::View(4));
    insta::assert_snapshot!("lost_paused_80x24", render(&app, 80, 24));
}
