//! The object model: [`JsObject`] (shape + slots + elements + kind), shapes, environments.
//!
//! Objects are mutated through `&self` ([`JsObject::inner`]): the VM is single-threaded and no
//! borrow of an object's interior is held across anything that can run JS or reach the same
//! object again. That contract is what every `inner()` caller keeps.

mod data;
pub mod env;
pub mod shape;

pub use data::{BoundFunction, Closure, NativeFn, NativeFunction, ObjectData, ParameterMap};
pub use env::Env;
pub use shape::{attrs, ShapeId, ShapeTable};

use crate::atoms::PropKey;
use crate::heap::Gc;
use crate::heap::{HeapAlloc, HeapKind, Trace, Tracer};
use crate::string::JsString;
use crate::symbol::JsSymbol;
use crate::value::Value;
use indexmap::IndexMap;
use std::cell::UnsafeCell;
use std::collections::BTreeMap;

/// Object flag bits.
pub mod flags {
    /// `[[Extensible]]`.
    pub const EXTENSIBLE: u8 = 1;
    /// Used as some object's prototype: shape changes invalidate prototype inline caches.
    pub const IS_PROTO: u8 = 2;
    /// Array `length` is read-only.
    pub const LENGTH_READONLY: u8 = 4;
    /// Has a `[[Call]]`.
    pub const CALLABLE: u8 = 8;
    /// Has a `[[Construct]]`.
    pub const CONSTRUCTOR: u8 = 16;
    /// A class constructor (throws when called without `new`).
    pub const CLASS_CONSTRUCTOR: u8 = 32;
    /// Is an `Error` instance (`Error.isError`).
    pub const ERROR_DATA: u8 = 64;
}

/// A property in dictionary mode or in sparse elements.
#[derive(Clone, Copy, Debug)]
pub struct PropSlot {
    /// Value, or getter for accessors.
    pub value: Value,
    /// Setter for accessors, else unused.
    pub setter: Value,
    /// Attribute bits ([`attrs`]).
    pub attrs: u8,
}

/// What kind of object this is, with its internal slots.
pub enum ObjectKind {
    /// A plain object.
    Ordinary,
    /// An Array exotic object.
    Array,
    /// A bytecode function.
    Function(Box<Closure>),
    /// A builtin function written in Rust.
    Native(Box<NativeFunction>),
    /// `Function.prototype.bind` result.
    Bound(Box<BoundFunction>),
    /// `new Boolean`.
    Boolean(bool),
    /// `new Number`.
    Number(f64),
    /// `new String`.
    String(Gc<JsString>),
    /// `Object(symbol)`.
    Symbol(Gc<JsSymbol>),
    /// An arguments object (§10.4.4): unmapped, or mapped with its `[[ParameterMap]]` (then
    /// its internal methods are the exotic ones of `vm::arguments`).
    Arguments(Option<Box<ParameterMap>>),
    /// Everything else (Map, Set, Promise, Date, RegExp, iterators, generators, …).
    Data(Box<dyn ObjectData>),
}

/// The mutable interior of an object.
pub struct ObjectInner {
    /// The layout of the named properties.
    pub shape: ShapeId,
    /// Flag bits ([`flags`]).
    pub flags: u8,
    /// `[[Prototype]]`.
    pub proto: Option<Gc<JsObject>>,
    /// Named property values, indexed by the shape's slots.
    pub slots: Vec<Value>,
    /// Named properties when in dictionary mode (`shape == ShapeId::DICT`).
    pub dict: Option<Box<IndexMap<PropKey, PropSlot, rustc_hash::FxBuildHasher>>>,
    /// Dense indexed elements (holes are `Value::EMPTY`); all writable/enumerable/configurable.
    pub elements: Vec<Value>,
    /// Sparse indexed elements; when present, `elements` is empty.
    pub sparse: Option<Box<BTreeMap<u32, PropSlot>>>,
    /// Array `length` when the elements are sparse (dense arrays use `elements.len()`).
    pub sparse_length: u32,
    /// The kind and its internal slots.
    pub kind: ObjectKind,
}

/// A heap object.
pub struct JsObject {
    inner: UnsafeCell<ObjectInner>,
}

impl JsObject {
    /// A new object.
    pub fn new(proto: Option<Gc<JsObject>>, kind: ObjectKind, flags: u8) -> JsObject {
        JsObject {
            inner: UnsafeCell::new(ObjectInner {
                shape: ShapeId::ROOT,
                flags,
                proto,
                slots: Vec::new(),
                dict: None,
                elements: Vec::new(),
                sparse: None,
                sparse_length: 0,
                kind,
            }),
        }
    }

    /// The interior, mutably. See the module docs for the aliasing contract.
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    pub fn inner(&self) -> &mut ObjectInner {
        // SAFETY: the VM is single-threaded and callers never hold this borrow across code that
        // can reach the same object (JS calls, allocation-triggered collection, other `inner()`
        // borrows of the same object); see the module docs.
        unsafe { &mut *self.inner.get() }
    }

    /// Flag test.
    #[inline(always)]
    pub fn has_flag(&self, f: u8) -> bool {
        self.inner().flags & f != 0
    }

    /// Is it callable?
    #[inline(always)]
    pub fn is_callable(&self) -> bool {
        self.has_flag(flags::CALLABLE)
    }

    /// Is it a constructor?
    #[inline(always)]
    pub fn is_constructor(&self) -> bool {
        self.has_flag(flags::CONSTRUCTOR)
    }

    /// Is it an Array exotic object?
    #[inline(always)]
    pub fn is_array(&self) -> bool {
        matches!(self.inner().kind, ObjectKind::Array)
    }

    /// The kind.
    #[inline(always)]
    pub fn kind(&self) -> &ObjectKind {
        &self.inner().kind
    }

    /// Downcasts `Data` objects.
    pub fn data<T: ObjectData>(&self) -> Option<&mut T> {
        match &mut self.inner().kind {
            ObjectKind::Data(d) => d.as_any_mut().downcast_mut::<T>(),
            _ => None,
        }
    }

    /// Array length (arrays only).
    #[inline]
    pub fn array_length(&self) -> u32 {
        let i = self.inner();
        if i.sparse.is_some() {
            i.sparse_length
        } else {
            i.elements.len() as u32
        }
    }
}

impl Trace for JsObject {
    fn trace(&self, t: &mut Tracer) {
        let i = self.inner();
        t.opt(i.proto);
        t.values(&i.slots);
        t.values(&i.elements);
        if let Some(d) = &i.dict {
            for p in d.values() {
                t.value(p.value);
                t.value(p.setter);
            }
        }
        if let Some(s) = &i.sparse {
            for p in s.values() {
                t.value(p.value);
                t.value(p.setter);
            }
        }
        match &i.kind {
            ObjectKind::Function(c) => c.trace(t),
            ObjectKind::Native(n) => t.values(&n.captures),
            ObjectKind::Bound(b) => {
                t.value(b.target);
                t.value(b.this);
                t.values(&b.args);
            }
            ObjectKind::String(s) => t.gc(*s),
            ObjectKind::Symbol(s) => t.gc(*s),
            ObjectKind::Data(d) => d.trace(t),
            ObjectKind::Arguments(Some(m)) => t.gc(m.env),
            ObjectKind::Ordinary
            | ObjectKind::Array
            | ObjectKind::Boolean(_)
            | ObjectKind::Number(_)
            | ObjectKind::Arguments(None) => {}
        }
    }
}

impl HeapAlloc for JsObject {
    const KIND: HeapKind = HeapKind::Object;
    fn extra_bytes(&self) -> usize {
        let i = self.inner();
        let mut n = (i.slots.capacity() + i.elements.capacity()) * 8;
        if let Some(d) = &i.dict {
            n += d.capacity() * 32;
        }
        if let Some(s) = &i.sparse {
            n += s.len() * 40;
        }
        match &i.kind {
            ObjectKind::Data(d) => n += d.extra_bytes(),
            ObjectKind::Arguments(Some(m)) => {
                n += std::mem::size_of::<ParameterMap>() + m.slots.len() * 4
            }
            _ => {}
        }
        n
    }
}
