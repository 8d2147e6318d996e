//! The bytecode interpreter: the dispatch loop, closures, iteration helpers, generators and
//! async generators.

mod async_generator;
mod closure;
mod dispatch;
pub(crate) mod generator;
mod global_lex;
mod iteration;
mod property_ic;
mod support;
