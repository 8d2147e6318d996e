//! `jetcrab-top`: a live terminal dashboard of a JetCrab process — GC, JIT queue, hot paths
//! and the event loop — fed by the engine's telemetry stream.
//!
//! Data flows one way, as in tokio-console: a [`source`] (the inspector's `JetCrab` domain, or
//! an NDJSON recording) produces telemetry records; [`state::State`] folds them into bounded
//! histories; [`view`] draws a `&App` and does no I/O; [`input`] maps keys to [`input::Action`]s
//! that [`app::App::update`] applies. See `docs/jetcrab-top.md`.

#![forbid(unsafe_code)]

pub mod app;
pub mod flamegraph;
pub mod input;
pub mod source;
pub mod state;
pub mod terminal;
pub mod view;
