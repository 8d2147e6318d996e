//! The realm: intrinsic objects (prototypes and constructors) and well-known symbols.

use crate::heap::{Gc, Tracer};
use crate::object::JsObject;
use crate::symbol::JsSymbol;

macro_rules! intrinsics {
    ($($name:ident),* $(,)?) => {
        /// Intrinsic objects, indexing [`Realm::intrinsics`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(missing_docs)]
        pub enum Intrinsic { $($name),* }
        impl Intrinsic {
            /// How many there are.
            pub const COUNT: usize = [$(Intrinsic::$name),*].len();
        }
    };
}

intrinsics! {
    ObjectPrototype, FunctionPrototype, ArrayPrototype, StringPrototype, NumberPrototype,
    BooleanPrototype, SymbolPrototype, BigIntPrototype, ErrorPrototype, IteratorPrototype,
    AsyncIteratorPrototype, ArrayIteratorPrototype, StringIteratorPrototype, MapIteratorPrototype,
    SetIteratorPrototype, RegExpStringIteratorPrototype, GeneratorPrototype,
    GeneratorFunctionPrototype, AsyncGeneratorPrototype, AsyncGeneratorFunctionPrototype,
    AsyncFunctionPrototype, AsyncFromSyncIteratorPrototype, PromisePrototype, RegExpPrototype,
    DatePrototype, MapPrototype, SetPrototype, WeakMapPrototype, WeakSetPrototype,
    WeakRefPrototype, ArrayBufferPrototype, DataViewPrototype, TypedArrayPrototype,
    ProxyConstructor, ForInIteratorPrototype, IteratorHelperPrototype,
    WrapForValidIteratorPrototype,
    Object, Function, Array, String, Number, Boolean, Symbol, Error, Promise, RegExp, Iterator,
    EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError, AggregateError,
    EvalErrorPrototype, RangeErrorPrototype, ReferenceErrorPrototype, SyntaxErrorPrototype,
    TypeErrorPrototype, URIErrorPrototype, AggregateErrorPrototype,
    ThrowTypeError, Eval, ArrayProtoValues, GeneratorFunction, AsyncFunction,
    AsyncGeneratorFunction, ArrayBuffer, DataView, TypedArray,
    Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
    Float32Array, Float64Array,
    Int8ArrayPrototype, Uint8ArrayPrototype, Uint8ClampedArrayPrototype, Int16ArrayPrototype,
    Uint16ArrayPrototype, Int32ArrayPrototype, Uint32ArrayPrototype, Float32ArrayPrototype,
    Float64ArrayPrototype,
}

macro_rules! well_known_symbols {
    ($($name:ident = $desc:expr),* $(,)?) => {
        /// The well-known symbols.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(missing_docs)]
        pub enum WellKnown { $($name),* }
        impl WellKnown {
            /// Every well-known symbol with its description.
            pub const ALL: &'static [(WellKnown, &'static str)] = &[$((WellKnown::$name, $desc)),*];
        }
    };
}

well_known_symbols! {
    AsyncIterator = "Symbol.asyncIterator", HasInstance = "Symbol.hasInstance",
    IsConcatSpreadable = "Symbol.isConcatSpreadable", Iterator = "Symbol.iterator",
    Match = "Symbol.match", MatchAll = "Symbol.matchAll", Replace = "Symbol.replace",
    Search = "Symbol.search", Species = "Symbol.species", Split = "Symbol.split",
    ToPrimitive = "Symbol.toPrimitive", ToStringTag = "Symbol.toStringTag",
    Unscopables = "Symbol.unscopables",
}

/// One realm's intrinsics.
pub struct Realm {
    /// The global object.
    pub global: Gc<JsObject>,
    /// Intrinsics by [`Intrinsic`].
    pub intrinsics: Vec<Gc<JsObject>>,
    /// Well-known symbols by [`WellKnown`].
    pub symbols: Vec<Gc<JsSymbol>>,
    /// The global Environment Record's declarative part: top-level `let`/`const`/`class` of
    /// every classic script (see `interpreter::global_lex`).
    pub global_lex: Gc<JsObject>,
    /// `[[VarNames]]`: names declared by top-level `var`/`function` of scripts.
    pub var_names: rustc_hash::FxHashSet<crate::atoms::PropKey>,
}

impl Realm {
    /// An intrinsic.
    #[inline]
    pub fn get(&self, i: Intrinsic) -> Gc<JsObject> {
        self.intrinsics[i as usize]
    }

    /// A well-known symbol.
    #[inline]
    pub fn symbol(&self, s: WellKnown) -> Gc<JsSymbol> {
        self.symbols[s as usize]
    }

    pub(crate) fn trace(&self, t: &mut Tracer) {
        t.gc(self.global);
        t.gc(self.global_lex);
        for o in &self.intrinsics {
            t.gc(*o);
        }
        for s in &self.symbols {
            t.gc(*s);
        }
    }
}
