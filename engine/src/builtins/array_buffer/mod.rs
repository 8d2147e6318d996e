//! `ArrayBuffer` (ECMA-262 §25.1): the buffer's internal slots, the abstract operations views
//! use (allocation, detaching, the bounds of a view), and the constructor's registration.
//!
//! A buffer owns its bytes as a plain `Vec<u8>`; a detached buffer has none. Resizable buffers
//! keep their `[[ArrayBufferMaxByteLength]]` and grow or shrink the vector on `resize`. Views
//! (typed arrays, DataViews) hold the buffer object and recompute their bounds from the
//! buffer's current length on every access, so a resize or detach is seen at once.

mod prototype;

use crate::builtins::{arg, make_constructor};
use crate::heap::{Gc, Trace, Tracer};
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, NativeCtx, Vm, WellKnown};

/// The largest data block the engine allocates: bigger requests are RangeErrors (as a failed
/// CreateByteDataBlock), never allocation aborts.
pub(crate) const MAX_BYTE_LENGTH: usize = 1 << 31;

/// `[[ArrayBufferData]]`, `[[ArrayBufferByteLength]]` and `[[ArrayBufferMaxByteLength]]`.
pub(crate) struct ArrayBufferData {
    /// The data block (its length is the byte length; empty once detached).
    pub(crate) bytes: Vec<u8>,
    /// `[[ArrayBufferMaxByteLength]]` of a resizable buffer.
    pub(crate) max_byte_length: Option<usize>,
    /// Has the buffer been detached?
    pub(crate) detached: bool,
}

impl Trace for ArrayBufferData {
    fn trace(&self, _: &mut Tracer) {}
}

impl crate::object::ObjectData for ArrayBufferData {
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
    fn extra_bytes(&self) -> usize {
        self.bytes.capacity()
    }
}

/// CreateByteDataBlock(size): zeroed bytes, or a RangeError when the request is too large.
pub(crate) fn create_byte_data_block(vm: &mut Vm, size: usize) -> JsResult<Vec<u8>> {
    if size > MAX_BYTE_LENGTH {
        return Err(vm.range_error("Array buffer allocation failed"));
    }
    let mut v = Vec::new();
    if v.try_reserve_exact(size).is_err() {
        return Err(vm.range_error("Array buffer allocation failed"));
    }
    v.resize(size, 0);
    vm.heap.note_growth(size);
    Ok(v)
}

/// Is `o` an ArrayBuffer?
#[inline]
pub(crate) fn is_array_buffer(o: Gc<JsObject>) -> bool {
    o.data::<ArrayBufferData>().is_some()
}

/// IsDetachedBuffer (non-buffers count as detached: views only hold buffers).
#[inline]
pub(crate) fn is_detached(buffer: Gc<JsObject>) -> bool {
    buffer.data::<ArrayBufferData>().is_none_or(|d| d.detached)
}

/// The current byte length of `buffer` (0 once detached).
#[inline]
pub(crate) fn byte_length(buffer: Gc<JsObject>) -> usize {
    buffer
        .data::<ArrayBufferData>()
        .map_or(0, |d| d.bytes.len())
}

/// IsFixedLengthArrayBuffer.
#[inline]
pub(crate) fn is_fixed_length(buffer: Gc<JsObject>) -> bool {
    buffer
        .data::<ArrayBufferData>()
        .is_none_or(|d| d.max_byte_length.is_none())
}

/// The byte length of a view on `buffer` at `byte_offset`: `fixed` bytes, or (length-tracking
/// views, `fixed` None) the rest of the buffer rounded down to whole elements of `elem_size`.
/// None when the view is out of bounds or the buffer is detached (IsViewOutOfBounds,
/// IsTypedArrayOutOfBounds).
#[inline]
pub(crate) fn view_byte_length(
    buffer: Gc<JsObject>,
    byte_offset: usize,
    fixed: Option<usize>,
    elem_size: usize,
) -> Option<usize> {
    buffer
        .data::<ArrayBufferData>()?
        .view_byte_length(byte_offset, fixed, elem_size)
}

impl ArrayBufferData {
    /// [`view_byte_length`] on this buffer's data.
    #[inline]
    pub(crate) fn view_byte_length(
        &self,
        byte_offset: usize,
        fixed: Option<usize>,
        elem_size: usize,
    ) -> Option<usize> {
        if self.detached {
            return None;
        }
        let len = self.bytes.len();
        if byte_offset > len {
            return None;
        }
        match fixed {
            Some(n) if byte_offset + n > len => None,
            Some(n) => Some(n),
            None => Some((len - byte_offset) / elem_size * elem_size),
        }
    }
}

/// DetachArrayBuffer(buffer): drops the data block.
pub(crate) fn detach(buffer: Gc<JsObject>) {
    if let Some(d) = buffer.data::<ArrayBufferData>() {
        d.bytes = Vec::new();
        d.detached = true;
    }
}

/// AllocateArrayBuffer(constructor, byteLength, maxByteLength).
pub(crate) fn allocate_array_buffer(
    vm: &mut Vm,
    new_target: Value,
    byte_length: usize,
    max_byte_length: Option<usize>,
) -> JsResult<Gc<JsObject>> {
    if max_byte_length.is_some_and(|m| byte_length > m) {
        return Err(vm.range_error("Invalid array buffer length"));
    }
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::ArrayBufferPrototype)?;
    vm.root(Value::object(proto));
    let bytes = create_byte_data_block(vm, byte_length)?;
    if max_byte_length.is_some_and(|m| m > MAX_BYTE_LENGTH) {
        return Err(vm.range_error("Invalid array buffer max length"));
    }
    let data = ArrayBufferData {
        bytes,
        max_byte_length,
        detached: false,
    };
    Ok(vm.new_data_object(proto, Box::new(data)))
}

/// A new fixed-length `%ArrayBuffer%` of `byte_length` zero bytes.
pub(crate) fn new_array_buffer(vm: &mut Vm, byte_length: usize) -> JsResult<Gc<JsObject>> {
    let c = Value::object(vm.intrinsic(Intrinsic::ArrayBuffer));
    allocate_array_buffer(vm, c, byte_length, None)
}

// 25.1.4.1 ArrayBuffer ( length [ , options ] )
fn array_buffer_ctor(vm: &mut Vm, _: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    if ctx.new_target.is_undefined() {
        return Err(vm.type_error("Constructor ArrayBuffer requires 'new'"));
    }
    let byte_length = vm.to_index(arg(args, 0))?;
    // GetArrayBufferMaxByteLengthOption(options).
    let options = arg(args, 1);
    let max = match options.as_object() {
        Some(o) => {
            let key = vm.intern("maxByteLength");
            let m = vm.get_named(o, key)?;
            if m.is_undefined() {
                None
            } else {
                Some(vm.to_index(m)?)
            }
        }
        None => None,
    };
    let b = allocate_array_buffer(vm, ctx.new_target, byte_length, max)?;
    Ok(Value::object(b))
}

// 25.1.5.1 ArrayBuffer.isView ( arg )
fn array_buffer_is_view(_: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let is_view = arg(args, 0).as_object().is_some_and(|o| {
        crate::builtins::typed_array::is_typed_array(o)
            || crate::builtins::data_view::is_data_view(o)
    });
    Ok(Value::bool(is_view))
}

/// Installs `ArrayBuffer` and its prototype.
pub(crate) fn init(vm: &mut Vm) {
    let proto = vm.intrinsic(Intrinsic::ArrayBufferPrototype);
    let ctor = make_constructor(
        vm,
        "ArrayBuffer",
        1,
        array_buffer_ctor,
        proto,
        Some(Intrinsic::ArrayBuffer),
    );
    vm.define_method(ctor, "isView", 1, array_buffer_is_view);
    let species = vm.symbol_key(WellKnown::Species);
    vm.define_accessor(
        ctor,
        species,
        Some(crate::builtins::array::species_getter),
        None,
    );
    prototype::init(vm, proto);
}
