//! JS values: an 8-byte NaN-boxed [`Value`] and the conversions that need no VM.
//!
//! Hot-path rule: nothing here allocates; pointer payloads are never dereferenced in this module
//! except through the typed accessors, which trust the tag.

mod nanbox;
pub mod number;

pub use nanbox::Value;
