//! Interned property keys. Named property keys are 32-bit [`PropKey`]s: atoms (interned strings,
//! never freed) or symbols (registered on first use as a key). Comparing keys is an integer compare.

use crate::heap::{Gc, Heap, Tracer};
use crate::string::{hash_units, JsString};
use crate::symbol::JsSymbol;
use rustc_hash::FxHashMap;

/// A named property key: an atom or a symbol. Array indices never become `PropKey`s.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct PropKey(pub(crate) u32);

const SYMBOL_BIT: u32 = 1 << 31;
/// Set (with `SYMBOL_BIT`) on keys of private symbols, so `[[OwnPropertyKeys]]` can skip them
/// without looking the symbol up.
const PRIVATE_BIT: u32 = 1 << 30;

impl PropKey {
    /// Is this a symbol key?
    #[inline]
    pub fn is_symbol(self) -> bool {
        self.0 & SYMBOL_BIT != 0
    }
    /// Is this the key of a private name or an engine-internal slot?
    #[inline]
    pub fn is_private(self) -> bool {
        self.0 & PRIVATE_BIT != 0
    }
    #[inline]
    pub(crate) fn index(self) -> usize {
        (self.0 & !(SYMBOL_BIT | PRIVATE_BIT)) as usize
    }
    /// Raw id (for bytecode operands).
    #[inline]
    pub fn raw(self) -> u32 {
        self.0
    }
    /// From a raw id.
    #[inline]
    pub fn from_raw(r: u32) -> PropKey {
        PropKey(r)
    }
}

macro_rules! well_known_atoms {
    ($($name:ident = $s:expr),* $(,)?) => {
        /// Atoms interned at start-up, usable as constants.
        #[allow(missing_docs)]
        pub mod names {
            use super::PropKey;
            well_known_atoms!(@consts 0u32, $($name),*);
        }
        const WELL_KNOWN: &[&str] = &[$($s),*];
    };
    (@consts $n:expr, $name:ident $(, $rest:ident)*) => {
        pub const $name: PropKey = PropKey($n);
        well_known_atoms!(@consts $n + 1u32 $(, $rest)*);
    };
    (@consts $n:expr) => {};
}

well_known_atoms! {
    EMPTY = "", LENGTH = "length", PROTOTYPE = "prototype", CONSTRUCTOR = "constructor",
    NAME = "name", MESSAGE = "message", STACK = "stack", CAUSE = "cause", VALUE = "value",
    DONE = "done", NEXT = "next", RETURN = "return", THROW = "throw", GET = "get", SET = "set",
    WRITABLE = "writable", ENUMERABLE = "enumerable", CONFIGURABLE = "configurable",
    TO_STRING = "toString", VALUE_OF = "valueOf", TO_JSON = "toJSON", THEN = "then",
    CALLEE = "callee", CALLER = "caller", ARGUMENTS = "arguments", INDEX = "index", INPUT = "input",
    GROUPS = "groups", LAST_INDEX = "lastIndex", RAW = "raw", UNDEFINED = "undefined",
    NULL = "null", TRUE = "true", FALSE = "false", NUMBER = "number", STRING = "string",
    BOOLEAN = "boolean", SYMBOL = "symbol", OBJECT = "object", FUNCTION = "function",
    BIGINT = "bigint", ANONYMOUS = "anonymous", DEFAULT = "default", ERRORS = "errors",
    STATUS = "status", REASON = "reason", FULFILLED = "fulfilled", REJECTED = "rejected",
    PROMISE = "promise", RESOLVE = "resolve", REJECT = "reject", SOURCE = "source", FLAGS = "flags",
    GLOBAL_THIS = "globalThis", NAN = "NaN", INFINITY = "Infinity", EVAL = "eval", ADD = "add",
    HAS = "has", KEYS = "keys", SIZE = "size", JOIN = "join", DESCRIPTION = "description",
}

/// The atom table and the symbol-key registry.
pub(crate) struct Atoms {
    strings: Vec<Gc<JsString>>,
    map: FxHashMap<u64, Vec<u32>>,
    symbols: Vec<Gc<JsSymbol>>,
}

impl Atoms {
    pub(crate) fn new(heap: &mut Heap) -> Atoms {
        let mut a = Atoms {
            strings: Vec::new(),
            map: FxHashMap::default(),
            symbols: Vec::new(),
        };
        for s in WELL_KNOWN {
            a.intern_str(heap, s);
        }
        a
    }

    /// Interns a Rust string.
    pub(crate) fn intern_str(&mut self, heap: &mut Heap, s: &str) -> PropKey {
        let h = hash_units(s.encode_utf16());
        if let Some(ids) = self.map.get(&h) {
            for &id in ids {
                if self.strings[id as usize].eq_str(s) {
                    return PropKey(id);
                }
            }
        }
        let js = heap.alloc(JsString::from_str(s));
        self.insert(h, js)
    }

    /// Interns a heap string (fast when it is already an atom).
    pub(crate) fn intern(&mut self, heap: &mut Heap, s: Gc<JsString>) -> PropKey {
        let cached = s.atom.get();
        if cached != 0 {
            return PropKey(cached - 1);
        }
        let h = s.content_hash();
        if let Some(ids) = self.map.get(&h) {
            for &id in ids {
                if self.strings[id as usize].eq_content(&s) {
                    s.atom.set(id + 1);
                    return PropKey(id);
                }
            }
        }
        let _ = heap;
        self.insert(h, s)
    }

    fn insert(&mut self, h: u64, s: Gc<JsString>) -> PropKey {
        let id = self.strings.len() as u32;
        assert!(id < SYMBOL_BIT, "atom table full");
        s.atom.set(id + 1);
        self.strings.push(s);
        self.map.entry(h).or_default().push(id);
        PropKey(id)
    }

    /// The key for a symbol, registering it on first use.
    pub(crate) fn symbol_key(&mut self, sym: Gc<JsSymbol>) -> PropKey {
        let bits = if sym.private {
            SYMBOL_BIT | PRIVATE_BIT
        } else {
            SYMBOL_BIT
        };
        let k = sym.key.get();
        if k != 0 {
            return PropKey((k - 1) | bits);
        }
        let id = self.symbols.len() as u32;
        self.symbols.push(sym);
        sym.key.set(id + 1);
        PropKey(id | bits)
    }

    /// The string of an atom key.
    #[inline]
    pub(crate) fn string(&self, k: PropKey) -> Gc<JsString> {
        debug_assert!(!k.is_symbol());
        self.strings[k.index()]
    }

    /// The symbol of a symbol key.
    #[inline]
    pub(crate) fn symbol(&self, k: PropKey) -> Gc<JsSymbol> {
        debug_assert!(k.is_symbol());
        self.symbols[k.index()]
    }

    /// Atoms and key symbols live forever: they are roots.
    pub(crate) fn trace(&self, t: &mut Tracer) {
        for s in &self.strings {
            t.gc(*s);
        }
        for s in &self.symbols {
            t.gc(*s);
        }
    }
}
