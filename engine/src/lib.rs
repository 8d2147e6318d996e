//! JetCrab's JavaScript engine.
//!
//! Pipeline: source → oxc AST (+ early errors) → scope analysis → register bytecode → the
//! interpreter, over NaN-boxed values, shaped objects with inline caches and a precise
//! mark-sweep GC. See `docs/architecture.md`.

pub mod api;

pub use api::{Engine, EngineOptions, ErrorPhase, InterruptHandle, JsError, PrintSink, Stream};
pub mod atoms;
mod builtins;
pub mod bytecode;
mod compiler;
pub mod debug;
pub mod heap;
mod interpreter;
pub mod module;
pub mod object;
pub mod profiler;
pub mod runtime;
pub mod string;
pub mod symbol;
pub mod telemetry;
pub mod value;
pub mod vm;

/// Longest string the engine creates (in UTF-16 units); longer results throw a RangeError.
pub const MAX_STRING_LENGTH: usize = (1 << 29) - 24;

/// Largest register file (in values) before calls throw a RangeError.
pub const MAX_REGISTER_FILE: usize = 1 << 24;
