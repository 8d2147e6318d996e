//! Symbols: unique heap values with an optional description.

use crate::heap::{HeapAlloc, HeapKind, Trace, Tracer};
use crate::value::Value;
use std::cell::Cell;

/// A symbol.
pub struct JsSymbol {
    /// The description (a string value) or `undefined`.
    pub description: Value,
    /// Property-key id + 1 once the symbol has been used as a key, else 0.
    pub(crate) key: Cell<u32>,
    /// `Symbol.for` registry symbol?
    pub registered: bool,
    /// A private name (`#x`) or engine-internal slot: never visible to reflection.
    pub(crate) private: bool,
}

impl Trace for JsSymbol {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.value(self.description);
    }
}

impl HeapAlloc for JsSymbol {
    const KIND: HeapKind = HeapKind::Symbol;
}
