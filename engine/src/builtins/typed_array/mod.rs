//! %TypedArray% and its nine non-BigInt subclasses (ECMA-262 §23.2): the internal slots of a
//! typed array, element access by index, ValidateTypedArray, and registration.
//!
//! A typed array is a `Data` object holding [`TypedArray`]: its kind, its buffer object (traced)
//! and its byte offset and fixed length (None for length-tracking views on resizable buffers).
//! Its length is recomputed from the buffer's current byte length on each access (a resize or
//! detach is visible at once); reads and writes go through bounds-checked slices of the
//! buffer's bytes. Integer-indexed exotic behaviour (§10.4.5) is in [`exotic`].
//!
//! Submodules: `element` (element types and byte conversions), `exotic` (internal methods),
//! `constructor` (the constructors, `from`/`of`, species creation), `prototype` (accessors and
//! non-callback methods), `callbacks` (methods taking a callback, sort).

mod callbacks;
mod constructor;
pub(crate) mod element;
mod exotic;
mod prototype;

pub(crate) use constructor::typed_array_create_same_type;
pub(crate) use element::ElemKind;

use super::array_buffer::{view_byte_length, ArrayBufferData};
use crate::heap::{Gc, Trace, Tracer};
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

/// A typed array's internal slots: `[[TypedArrayName]]`/`[[ContentType]]` (the kind),
/// `[[ViewedArrayBuffer]]`, `[[ByteOffset]]` and `[[ArrayLength]]`.
pub(crate) struct TypedArray {
    /// The element type.
    pub(crate) kind: ElemKind,
    /// The ArrayBuffer object viewed.
    pub(crate) buffer: Gc<JsObject>,
    /// `[[ByteOffset]]`.
    pub(crate) byte_offset: usize,
    /// `[[ArrayLength]]`, or None for a length-tracking view (AUTO).
    pub(crate) fixed_length: Option<usize>,
}

impl Trace for TypedArray {
    fn trace(&self, t: &mut Tracer) {
        t.gc(self.buffer);
    }
}

impl crate::object::ObjectData for TypedArray {
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
    fn exotic(&self) -> Option<&'static dyn crate::vm::exotic::Exotic> {
        Some(&exotic::INTEGER_INDEXED)
    }
}

impl TypedArray {
    /// TypedArrayLength of the current buffer state, or None when out of bounds or detached
    /// (IsTypedArrayOutOfBounds).
    #[inline]
    pub(crate) fn length(&self) -> Option<usize> {
        let size = self.kind.size();
        view_byte_length(
            self.buffer,
            self.byte_offset,
            self.fixed_length.map(|n| n * size),
            size,
        )
        .map(|b| b / size)
    }

    /// The byte range of element `i` in `d` (this array's buffer data), when it is in bounds.
    #[inline]
    fn range(&self, d: &ArrayBufferData, i: usize) -> Option<std::ops::Range<usize>> {
        let size = self.kind.size();
        let bytes =
            d.view_byte_length(self.byte_offset, self.fixed_length.map(|n| n * size), size)?;
        if i >= bytes / size {
            return None;
        }
        let start = self.byte_offset + i * size;
        Some(start..start + size)
    }

    /// Element `i` as a number, when it is in bounds.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<f64> {
        let d = self.buffer.data::<ArrayBufferData>()?;
        let r = self.range(d, i)?;
        Some(self.kind.decode(d.bytes.get(r)?))
    }

    /// Stores `n` (already a Number) at element `i` when it is in bounds.
    #[inline]
    pub(crate) fn put(&self, i: usize, n: f64) {
        let Some(d) = self.buffer.data::<ArrayBufferData>() else {
            return;
        };
        if let Some(bytes) = self.range(d, i).and_then(|r| d.bytes.get_mut(r)) {
            self.kind.encode(n, bytes);
        }
    }

    /// A copy of the bytes of elements `from..to` (empty when out of bounds).
    pub(crate) fn bytes(&self, from: usize, to: usize) -> Vec<u8> {
        let size = self.kind.size();
        let (a, b) = (self.byte_offset + from * size, self.byte_offset + to * size);
        self.buffer
            .data::<ArrayBufferData>()
            .and_then(|d| d.bytes.get(a..b))
            .map(<[u8]>::to_vec)
            .unwrap_or_default()
    }

    /// Writes `src` at element `at` (nothing when out of bounds).
    pub(crate) fn write_bytes(&self, at: usize, src: &[u8]) {
        let a = self.byte_offset + at * self.kind.size();
        if let Some(dst) = self
            .buffer
            .data::<ArrayBufferData>()
            .and_then(|d| d.bytes.get_mut(a..a + src.len()))
        {
            dst.copy_from_slice(src);
        }
    }
}

/// Is `o` a typed array?
#[inline]
pub(crate) fn is_typed_array(o: Gc<JsObject>) -> bool {
    o.data::<TypedArray>().is_some()
}

/// The current length of typed array `o` (None when out of bounds, detached, or not a typed
/// array).
#[inline]
pub(crate) fn length_of(o: Gc<JsObject>) -> Option<usize> {
    o.data::<TypedArray>()?.length()
}

/// The interpreter's keyed-load fast path: element `i` of typed array `o` (undefined when out
/// of bounds), or None when `o` is not a typed array or `i` is negative.
#[inline]
pub(crate) fn fast_get(o: Gc<JsObject>, i: i32) -> Option<Value> {
    let t = o.data::<TypedArray>()?;
    let i = usize::try_from(i).ok()?;
    Some(t.get(i).map_or(Value::UNDEFINED, Value::number))
}

/// TypedArrayGetElement(O, i): undefined when `i` is not a valid index.
#[inline]
pub(crate) fn get_element(o: Gc<JsObject>, i: usize) -> Value {
    match o.data::<TypedArray>().and_then(|t| t.get(i)) {
        Some(n) => Value::number(n),
        None => Value::UNDEFINED,
    }
}

/// TypedArraySetElement(O, i, v): converts `v` first (which may run JS and shrink or detach
/// the buffer), then stores it if `i` is still a valid index.
#[inline]
pub(crate) fn set_element(vm: &mut Vm, o: Gc<JsObject>, i: f64, v: Value) -> JsResult<()> {
    let n = match v.as_number() {
        Some(n) => n,
        None => vm.to_number(v)?,
    };
    if let Some(i) = exotic::valid_index(o, i) {
        o.data::<TypedArray>().unwrap().put(i, n);
    }
    Ok(())
}

/// ValidateTypedArray(O, order): the typed array and its length; a TypeError when `this` is not
/// a typed array or is out of bounds (detached included).
pub(crate) fn validate(vm: &mut Vm, this: Value, method: &str) -> JsResult<(Gc<JsObject>, usize)> {
    let Some(o) = this.as_object().filter(|o| is_typed_array(*o)) else {
        return Err(vm.type_error(&format!(
            "Method %TypedArray%.prototype.{method} called on incompatible receiver"
        )));
    };
    match length_of(o) {
        Some(len) => Ok((o, len)),
        None => Err(vm.type_error(&format!(
            "Cannot perform %TypedArray%.prototype.{method} on a detached or out-of-bounds typed array"
        ))),
    }
}

/// Installs %TypedArray%, its prototype and the nine constructors.
pub(crate) fn init(vm: &mut Vm) {
    let ctor = constructor::init(vm);
    let proto = vm.intrinsic(crate::vm::Intrinsic::TypedArrayPrototype);
    prototype::init(vm, proto);
    callbacks::init(vm, proto);
    constructor::init_subclasses(vm, ctor);
}
