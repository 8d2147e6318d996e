//! The application: the model ([`State`]), what the user is looking at, and the main loop.
//!
//! [`App::update`] applies an [`Action`] and returns an [`Effect`] for the loop to carry out;
//! it does no I/O, so key handling is tested without a terminal. [`run`] is the only place
//! that waits: one `select!` over terminal input, the source and a 10 fps tick, then a draw.

use crate::input::{self, Action};
use crate::source::live::Live;
use crate::source::record::Recorder;
use crate::source::replay::Replay;
use crate::source::{Command, Line, SourceEvent, Status};
use crate::state::{Ring, State, Window};
use crate::view;
use crossterm::event::{Event, EventStream};
use futures_util::StreamExt;
use ratatui::backend::Backend;
use ratatui::Terminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Redraw period (about 10 fps).
pub const TICK: Duration = Duration::from_millis(100);
/// Lines of the observed program's output kept for the event-loop view.
const OUTPUT_LINES: usize = 200;
/// Records held back while the display is paused; past this the display catches up.
const PAUSE_BACKLOG: usize = 1 << 20;
/// How far `←`/`→` seek in a replay.
const SEEK_US: i64 = 5_000_000;

/// The views, in tab order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewId {
    /// Headline numbers.
    Overview,
    /// Collections and heap.
    Gc,
    /// JIT queue and tier-up candidates.
    Jit,
    /// Top functions and call paths.
    HotPaths,
    /// Event-loop gauges and the program's output.
    EventLoop,
}

impl ViewId {
    /// Every view, in tab order (number keys index it).
    pub const ALL: [ViewId; 5] = [
        ViewId::Overview,
        ViewId::Gc,
        ViewId::Jit,
        ViewId::HotPaths,
        ViewId::EventLoop,
    ];

    /// Tab title.
    pub fn title(self) -> &'static str {
        match self {
            ViewId::Overview => "Overview",
            ViewId::Gc => "GC",
            ViewId::Jit => "JIT",
            ViewId::HotPaths => "Hot paths",
            ViewId::EventLoop => "Event loop",
        }
    }

    fn index(self) -> usize {
        ViewId::ALL.iter().position(|&v| v == self).unwrap_or(0)
    }
}

/// What the main loop must do after an update.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Nothing beyond a redraw.
    None,
    /// Leave.
    Quit,
    /// Send a command to the live source.
    Send(Command),
    /// Write a flamegraph of the selected window.
    Flamegraph,
}

/// Everything on screen.
pub struct App {
    /// The model, up to date.
    pub state: State,
    /// Lines received while the display was paused, applied on resume.
    backlog: Vec<Line>,
    /// The current view.
    pub view: ViewId,
    /// The help overlay is open.
    pub help: bool,
    /// The display is frozen (`space`).
    pub paused: bool,
    /// Selected row of each view's main table.
    pub selection: [usize; ViewId::ALL.len()],
    /// Sort column of each view (an index into `view::sort_columns`).
    pub sort: [usize; ViewId::ALL.len()],
    /// The profile window of the hot-paths view and the flamegraph.
    pub window: Window,
    /// The live source's state.
    pub status: Status,
    /// The recording being played, in replay mode.
    pub replay: Option<Replay>,
    /// The last message for the status bar.
    pub note: Option<String>,
    /// The observed program's output (stdout and stderr, interleaved), newest last.
    pub output: Ring<String>,
    /// Records our own channel dropped (the UI fell behind).
    pub channel_dropped: u64,
    /// Where `f` writes SVGs.
    pub flamegraph_dir: PathBuf,
    /// SVGs written so far (numbers the file names).
    pub flamegraphs: u32,
    /// What is observed (script name, URL or file), for titles.
    pub title: String,
}

impl App {
    /// An app with no data yet.
    pub fn new(title: String, flamegraph_dir: PathBuf) -> App {
        App {
            state: State::default(),
            backlog: Vec::new(),
            view: ViewId::Overview,
            help: false,
            paused: false,
            selection: [0; ViewId::ALL.len()],
            sort: [0; ViewId::ALL.len()],
            window: Window::TenSeconds,
            status: Status::Starting,
            replay: None,
            note: None,
            output: Ring::new(OUTPUT_LINES),
            channel_dropped: 0,
            flamegraph_dir,
            flamegraphs: 0,
            title,
        }
    }

    /// An app that plays `replay`.
    pub fn with_replay(replay: Replay, flamegraph_dir: PathBuf) -> App {
        let mut app = App::new(replay.name.clone(), flamegraph_dir);
        app.state.bad_lines = replay.bad_lines;
        app.replay = Some(replay);
        app
    }

    /// The sort column of the current view (0 = its default).
    pub fn sort_of(&self, view: ViewId) -> usize {
        let n = view::sort_columns(view).len().max(1);
        self.sort[view.index()] % n
    }

    /// The selected row of `view`'s main table.
    pub fn selected(&self, view: ViewId) -> usize {
        self.selection[view.index()]
    }

    /// Applies a key's action.
    pub fn update(&mut self, action: Action) -> Effect {
        if self.help && !matches!(action, Action::Quit | Action::Help | Action::Close) {
            // The overlay takes the keys it shows; anything else closes it first.
            self.help = false;
        }
        let v = self.view.index();
        let rows = view::rows(self);
        match action {
            Action::Quit => return Effect::Quit,
            Action::Help => self.help = !self.help,
            Action::Close => self.help = false,
            Action::NextView => self.view = ViewId::ALL[(v + 1) % ViewId::ALL.len()],
            Action::PrevView => {
                self.view = ViewId::ALL[(v + ViewId::ALL.len() - 1) % ViewId::ALL.len()]
            }
            Action::View(i) => {
                if let Some(&view) = ViewId::ALL.get(i) {
                    self.view = view;
                }
            }
            Action::Up => self.selection[v] = self.selection[v].min(rows).saturating_sub(1),
            Action::Down => self.selection[v] = (self.selection[v] + 1).min(rows.saturating_sub(1)),
            Action::Top => self.selection[v] = 0,
            Action::Bottom => self.selection[v] = rows.saturating_sub(1),
            Action::Sort => {
                let columns = view::sort_columns(self.view);
                if columns.is_empty() {
                    self.note = Some("nothing to sort in this view".into());
                } else {
                    self.sort[v] = (self.sort[v] + 1) % columns.len();
                    self.selection[v] = 0;
                    self.note = Some(format!("sorted by {}", columns[self.sort[v]]));
                }
            }
            Action::Window => {
                self.window = self.window.next();
                self.note = Some(format!("window: {}", self.window.label()));
            }
            Action::Pause => self.toggle_pause(),
            Action::Flamegraph => return Effect::Flamegraph,
            Action::CollectGarbage => {
                if self.replay.is_some() {
                    self.note = Some("a replay has no process to collect".into());
                } else {
                    return Effect::Send(Command::CollectGarbage);
                }
            }
            Action::ResetWindow => {
                self.state.reset_window();
                self.note = Some("profile windows reset".into());
            }
            Action::SeekBack => self.seek(-SEEK_US),
            Action::SeekForward => self.seek(SEEK_US),
        }
        Effect::None
    }

    fn toggle_pause(&mut self) {
        if let Some(r) = &mut self.replay {
            // A replay has nothing to collect meanwhile: pausing stops playback.
            r.paused = !r.paused;
            self.paused = r.paused;
            return;
        }
        self.paused = !self.paused;
        if !self.paused {
            for line in std::mem::take(&mut self.backlog) {
                apply(&mut self.state, line);
            }
        }
    }

    fn seek(&mut self, delta_us: i64) {
        let Some(replay) = &mut self.replay else {
            self.note = Some("seeking needs --replay".into());
            return;
        };
        let (restart, lines) = replay.seek(delta_us);
        if restart {
            let bad = self.state.bad_lines;
            self.state = State::default();
            self.state.bad_lines = bad;
        }
        for (_, line) in lines {
            apply(&mut self.state, line.clone());
        }
        self.note = Some(format!("at {}", view::secs(replay.position_us())));
    }

    /// Takes one message from a live source.
    pub fn handle(&mut self, event: SourceEvent) {
        match event {
            SourceEvent::Line(line) => self.ingest(line),
            SourceEvent::Status(status) => {
                // The exit that follows `JetCrab.finished` does not hide the script's result.
                let finished = matches!(self.status, Status::Finished { .. });
                if !(finished && matches!(status, Status::Exited(_))) {
                    self.status = status;
                }
            }
            SourceEvent::Output(line) => self.output.push(line),
            SourceEvent::Note(note) => self.note = Some(note),
            SourceEvent::BadLine => self.state.bad_lines += 1,
            SourceEvent::Heap(h) if !self.paused => {
                let s = &mut self.state;
                s.now_us = s.now_us.max(h.uptime_us);
                s.gc.reading(h.uptime_us, h.used, h.size, h.limit);
                if let Some(t) = h.gc {
                    s.gc.at_least(t.count, t.total_pause_ns, t.max_pause_ns);
                }
            }
            SourceEvent::Heap(_) => {}
        }
    }

    /// Applies a telemetry line now, or holds it back while paused.
    pub fn ingest(&mut self, line: Line) {
        if self.paused && self.replay.is_none() && self.backlog.len() < PAUSE_BACKLOG {
            self.backlog.push(line);
        } else {
            apply(&mut self.state, line);
        }
    }

    /// Advances a replay by `elapsed`.
    pub fn tick(&mut self, elapsed: Duration) {
        if let Some(replay) = &mut self.replay {
            for (_, line) in replay.advance(elapsed) {
                apply(&mut self.state, line.clone());
            }
        }
    }

    /// Writes the flamegraph of the selected window and notes where.
    pub fn write_flamegraph(&mut self) {
        self.flamegraphs += 1;
        let name = format!(
            "jetcrab-top-{}-{}.svg",
            std::process::id(),
            self.flamegraphs
        );
        let path = self.flamegraph_dir.join(name);
        let title = format!(
            "jetcrab-top {} (window {})",
            self.title,
            self.window.label()
        );
        self.note = Some(
            match crate::flamegraph::write(&self.state, self.window, &title, &path) {
                Ok(n) => format!("flamegraph ({} samples): {}", view::num(n), path.display()),
                Err(e) => format!("flamegraph: {e}"),
            },
        );
    }
}

fn apply(state: &mut State, line: Line) {
    match line {
        Line::Record(r) => state.apply(r),
        Line::Lagged(n) => state.lost += n,
    }
}

/// Where the app's records come from in [`run`].
pub struct Sources {
    /// The live connection, if any.
    pub live: Option<Live>,
    /// `--record FILE`.
    pub recorder: Option<Recorder>,
}

/// The main loop: input, source and tick, then draw; returns when the user quits.
pub async fn run<B: Backend>(
    app: &mut App,
    terminal: &mut Terminal<B>,
    mut sources: Sources,
) -> std::io::Result<()>
where
    B::Error: Into<std::io::Error>,
{
    let mut keys = EventStream::new();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut last = Instant::now();
    let stop = crate::terminal::stop_signal();
    tokio::pin!(stop);
    let draw = |app: &App, t: &mut Terminal<B>| -> std::io::Result<()> {
        t.draw(|f| view::draw(f, app)).map_err(Into::into)?;
        Ok(())
    };
    loop {
        tokio::select! {
            ev = keys.next() => match ev {
                Some(Ok(Event::Key(key))) => {
                    let Some(action) = input::action(&key) else { continue };
                    match app.update(action) {
                        Effect::Quit => return Ok(()),
                        Effect::Send(cmd) => match &sources.live {
                            Some(live) if live.commands.send(cmd).is_ok() => {}
                            _ => app.note = Some("not connected".into()),
                        },
                        Effect::Flamegraph => app.write_flamegraph(),
                        Effect::None => {}
                    }
                    draw(app, terminal)?;
                }
                Some(Ok(Event::Resize(..))) => draw(app, terminal)?,
                Some(Ok(_)) => {}
                // The terminal is gone: nothing left to show.
                Some(Err(_)) | None => return Ok(()),
            },
            ev = next_event(&mut sources.live) => match ev {
                Some(ev) => {
                    if let (SourceEvent::Line(line), Some(rec)) = (&ev, &mut sources.recorder) {
                        if let Err(e) = rec.write(line) {
                            app.note = Some(format!("recording stopped: {e}"));
                            sources.recorder = None;
                        }
                    }
                    app.handle(ev);
                }
                // Every sender is gone (the source task and the child's readers ended): the
                // last state stays on screen until `q`.
                None => sources.live = None,
            },
            _ = tick.tick() => {
                let now = Instant::now();
                app.tick(now - last);
                last = now;
                if let Some(live) = &sources.live {
                    app.channel_dropped = live.dropped.load(std::sync::atomic::Ordering::Relaxed);
                }
                if let Some(rec) = &mut sources.recorder {
                    let _ = rec.flush();
                }
                draw(app, terminal)?;
            }
            _ = &mut stop => return Ok(()),
        }
    }
}

async fn next_event(live: &mut Option<Live>) -> Option<SourceEvent> {
    match live {
        Some(l) => l.events.recv().await,
        None => std::future::pending().await,
    }
}
