//! The bytecode interpreter: the dispatch loop, closures, iteration helpers and generators.

mod closure;
mod dispatch;
pub(crate) mod generator;
mod iteration;
mod property_ic;
mod support;
