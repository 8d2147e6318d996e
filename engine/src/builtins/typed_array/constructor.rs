//! The %TypedArray% intrinsic (§23.2.1-23.2.2: `from`, `of`, `@@species`), the nine concrete
//! constructors (§23.2.5-23.2.7) and the abstract operations that create typed arrays
//! (AllocateTypedArray, the Initialize* family, TypedArraySpeciesCreate, …).

use super::{is_typed_array, length_of, set_element, validate, ElemKind, TypedArray};
use crate::builtins::array::Holder;
use crate::builtins::array_buffer::{self, new_array_buffer};
use crate::builtins::{arg, define_global};
use crate::heap::Gc;
use crate::object::{JsObject, ObjectKind};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, NativeCtx, Vm, WellKnown};

/// A new typed array object with its slots.
fn make(
    vm: &mut Vm,
    proto: Gc<JsObject>,
    kind: ElemKind,
    buffer: Gc<JsObject>,
    byte_offset: usize,
    fixed_length: Option<usize>,
) -> Gc<JsObject> {
    let ta = TypedArray {
        kind,
        buffer,
        byte_offset,
        fixed_length,
    };
    vm.new_data_object(proto, Box::new(ta))
}

/// AllocateTypedArray with a length: a new zeroed buffer of `len` elements.
fn allocate(
    vm: &mut Vm,
    kind: ElemKind,
    proto: Gc<JsObject>,
    len: usize,
) -> JsResult<Gc<JsObject>> {
    let Some(bytes) = len.checked_mul(kind.size()) else {
        return Err(vm.range_error("Invalid typed array length"));
    };
    let buffer = new_array_buffer(vm, bytes)?;
    Ok(make(vm, proto, kind, buffer, 0, Some(len)))
}

/// TypedArrayCreateSameType(exemplar, length): a new `%XArray%` of the exemplar's kind.
pub(crate) fn typed_array_create_same_type(
    vm: &mut Vm,
    exemplar: Gc<JsObject>,
    len: usize,
) -> JsResult<Gc<JsObject>> {
    let kind = exemplar.data::<TypedArray>().unwrap().kind;
    let proto = vm.intrinsic(kind.prototype());
    allocate(vm, kind, proto, len)
}

/// TypedArrayCreateFromConstructor(constructor, argumentList): constructs, validates the result
/// and, for a single length argument, checks that the result is long enough.
pub(crate) fn create_from_constructor(
    vm: &mut Vm,
    c: Value,
    args: &[Value],
) -> JsResult<Gc<JsObject>> {
    let r = vm.construct(c, args, None)?;
    let (o, len) = validate(vm, r, "constructor")?;
    if let [n] = args {
        if let Some(n) = n.as_number() {
            if (len as f64) < n {
                return Err(vm.type_error(
                    "Derived TypedArray constructor created an array which was too small",
                ));
            }
        }
    }
    Ok(o)
}

/// TypedArraySpeciesCreate(exemplar, argumentList).
pub(crate) fn species_create(
    vm: &mut Vm,
    exemplar: Gc<JsObject>,
    args: &[Value],
) -> JsResult<Gc<JsObject>> {
    let kind = exemplar.data::<TypedArray>().unwrap().kind;
    let default = Value::object(vm.intrinsic(kind.constructor()));
    let c = crate::builtins::promise::species_constructor(vm, exemplar, default)?;
    create_from_constructor(vm, c, args)
}

/// The values of an iterable, read with `method` (GetIteratorFromMethod + IteratorToList),
/// kept rooted in a holder.
fn iterator_to_list(vm: &mut Vm, items: Value, method: Value) -> JsResult<Holder> {
    let it = vm.call(method, items, &[])?;
    let Some(io) = it.as_object() else {
        return Err(vm.type_error("Result of the Symbol.iterator method is not an object"));
    };
    let next = vm.get_named(io, crate::atoms::names::NEXT)?;
    let holder = Holder::new(vm, 0);
    while let Some(v) = vm.iterator_step(it, next)? {
        holder.push(v);
    }
    Ok(holder)
}

/// The kind of the concrete constructor being run (captured when it was created).
fn callee_kind(ctx: &NativeCtx) -> ElemKind {
    let i = match ctx.callee.kind() {
        ObjectKind::Native(n) => n.captures.first().and_then(|v| v.as_int()).unwrap_or(0),
        _ => 0,
    };
    ElemKind::ALL[i as usize]
}

// 23.2.5.1 TypedArray ( ...args )
fn concrete_ctor(vm: &mut Vm, _: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let kind = callee_kind(&ctx);
    if ctx.new_target.is_undefined() {
        return Err(vm.type_error(&format!("Constructor {} requires 'new'", kind.name())));
    }
    let first = arg(args, 0);
    let Some(fo) = first.as_object() else {
        let len = vm.to_index(first)?;
        let proto = vm.prototype_from_constructor(ctx.new_target, kind.prototype())?;
        return Ok(Value::object(allocate(vm, kind, proto, len)?));
    };
    let proto = vm.prototype_from_constructor(ctx.new_target, kind.prototype())?;
    let o = if is_typed_array(fo) {
        from_typed_array(vm, kind, proto, fo)?
    } else if array_buffer::is_array_buffer(fo) {
        from_array_buffer(vm, kind, proto, fo, arg(args, 1), arg(args, 2))?
    } else {
        let key = vm.symbol_key(WellKnown::Iterator);
        let method = vm.get_method(first, key)?;
        if !method.is_undefined() {
            let values = iterator_to_list(vm, first, method)?.take();
            let o = allocate(vm, kind, proto, values.len())?;
            for (k, v) in values.iter().enumerate() {
                set_element(vm, o, k as f64, *v)?;
            }
            o
        } else {
            // InitializeTypedArrayFromArrayLike.
            let len = vm.length_of_array_like(fo)?;
            let len = usize::try_from(len).unwrap_or(usize::MAX);
            let o = allocate(vm, kind, proto, len)?;
            for k in 0..len {
                let key = crate::builtins::array::index_key(vm, k as u64);
                let v = vm.get(fo, key, first)?;
                set_element(vm, o, k as f64, v)?;
            }
            o
        }
    };
    Ok(Value::object(o))
}

/// 23.2.5.1.2 InitializeTypedArrayFromTypedArray.
fn from_typed_array(
    vm: &mut Vm,
    kind: ElemKind,
    proto: Gc<JsObject>,
    src: Gc<JsObject>,
) -> JsResult<Gc<JsObject>> {
    let Some(len) = length_of(src) else {
        return Err(vm.type_error(
            "Cannot construct a typed array from a detached or out-of-bounds typed array",
        ));
    };
    let o = allocate(vm, kind, proto, len)?;
    copy_elements(src, 0, o, 0, len);
    Ok(o)
}

/// Copies `count` elements from `src` (at `from`) to `dst` (at `to`): raw bytes between arrays
/// of the same kind, converted element by element otherwise. The source bytes are copied out
/// first, so overlapping views of one buffer read the original values.
pub(crate) fn copy_elements(
    src: Gc<JsObject>,
    from: usize,
    dst: Gc<JsObject>,
    to: usize,
    count: usize,
) {
    let (s, d) = (
        src.data::<TypedArray>().unwrap(),
        dst.data::<TypedArray>().unwrap(),
    );
    let bytes = s.bytes(from, from + count);
    if s.kind == d.kind {
        d.write_bytes(to, &bytes);
        return;
    }
    let size = s.kind.size();
    for (i, chunk) in bytes.chunks_exact(size).enumerate() {
        d.put(to + i, s.kind.decode(chunk));
    }
}

/// 23.2.5.1.3 InitializeTypedArrayFromArrayBuffer.
fn from_array_buffer(
    vm: &mut Vm,
    kind: ElemKind,
    proto: Gc<JsObject>,
    buffer: Gc<JsObject>,
    byte_offset: Value,
    length: Value,
) -> JsResult<Gc<JsObject>> {
    let size = kind.size();
    let offset = vm.to_index(byte_offset)?;
    if !offset.is_multiple_of(size) {
        return Err(vm.range_error(&format!(
            "start offset of {} should be a multiple of {size}",
            kind.name()
        )));
    }
    let fixed_buffer = array_buffer::is_fixed_length(buffer);
    let new_length = if length.is_undefined() {
        None
    } else {
        Some(vm.to_index(length)?)
    };
    if array_buffer::is_detached(buffer) {
        return Err(vm.type_error("Cannot construct a typed array on a detached ArrayBuffer"));
    }
    let buffer_len = array_buffer::byte_length(buffer);
    if new_length.is_none() && !fixed_buffer {
        if offset > buffer_len {
            return Err(vm.range_error(&format!(
                "Start offset {offset} is outside the bounds of the buffer"
            )));
        }
        return Ok(make(vm, proto, kind, buffer, offset, None));
    }
    let byte_len = match new_length {
        None => {
            if !buffer_len.is_multiple_of(size) {
                return Err(vm.range_error(&format!(
                    "byte length of {} should be a multiple of {size}",
                    kind.name()
                )));
            }
            match buffer_len.checked_sub(offset) {
                Some(n) => n,
                None => {
                    return Err(vm.range_error(&format!(
                        "Start offset {offset} is outside the bounds of the buffer"
                    )))
                }
            }
        }
        Some(n) => match n.checked_mul(size) {
            Some(b) if offset + b <= buffer_len => b,
            _ => return Err(vm.range_error(&format!("Invalid typed array length: {n}"))),
        },
    };
    Ok(make(vm, proto, kind, buffer, offset, Some(byte_len / size)))
}

// 23.2.1.1 %TypedArray% ( )
fn abstract_ctor(vm: &mut Vm, _: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    Err(vm.type_error("Abstract class TypedArray not directly constructable"))
}

/// Stores the values of `values` (rooted by the caller) into a new typed array made by `c`,
/// mapping them with `mapfn` when given.
fn fill_from_constructor(
    vm: &mut Vm,
    c: Value,
    len: usize,
    get: &mut dyn FnMut(&mut Vm, usize) -> JsResult<Value>,
    mapfn: Value,
    this_arg: Value,
) -> JsResult<Value> {
    let target = create_from_constructor(vm, c, &[Value::number(len as f64)])?;
    for k in 0..len {
        let mut v = get(vm, k)?;
        if !mapfn.is_undefined() {
            v = vm.call(mapfn, this_arg, &[v, Value::number(k as f64)])?;
        }
        let key = crate::builtins::array::index_key(vm, k as u64);
        vm.set_or_throw(target, key, v, Value::object(target), true)?;
    }
    Ok(Value::object(target))
}

// 23.2.2.1 %TypedArray%.from ( source [ , mapfn [ , thisArg ] ] )
fn ta_from(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    if !vm.is_constructor(this) {
        return Err(vm.type_error("%TypedArray%.from: this is not a constructor"));
    }
    let (source, mapfn, this_arg) = (arg(args, 0), arg(args, 1), arg(args, 2));
    if !mapfn.is_undefined() && !vm.is_callable(mapfn) {
        return Err(vm.type_error("%TypedArray%.from: mapfn is not callable"));
    }
    let key = vm.symbol_key(WellKnown::Iterator);
    let method = vm.get_method(source, key)?;
    if !method.is_undefined() {
        let values = iterator_to_list(vm, source, method)?;
        let len = values.0.inner().elements.len();
        return fill_from_constructor(
            vm,
            this,
            len,
            &mut |_, k| Ok(values.get(k)),
            mapfn,
            this_arg,
        );
    }
    let o = vm.to_object(source)?;
    let len = vm.length_of_array_like(o)?;
    let len = usize::try_from(len).unwrap_or(usize::MAX);
    fill_from_constructor(
        vm,
        this,
        len,
        &mut |vm, k| {
            let key = crate::builtins::array::index_key(vm, k as u64);
            vm.get(o, key, Value::object(o))
        },
        mapfn,
        this_arg,
    )
}

// 23.2.2.2 %TypedArray%.of ( ...items )
fn ta_of(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    if !vm.is_constructor(this) {
        return Err(vm.type_error("%TypedArray%.of: this is not a constructor"));
    }
    fill_from_constructor(
        vm,
        this,
        args.len(),
        &mut |_, k| Ok(args[k]),
        Value::UNDEFINED,
        Value::UNDEFINED,
    )
}

/// Installs %TypedArray% (not a global) and returns it.
pub(super) fn init(vm: &mut Vm) -> Gc<JsObject> {
    let proto = vm.intrinsic(Intrinsic::TypedArrayPrototype);
    let c = vm.new_native_closure("TypedArray", 0, abstract_ctor, Vec::new(), true);
    crate::builtins::link_constructor(vm, c, proto);
    vm.realm.intrinsics[Intrinsic::TypedArray as usize] = c;
    vm.define_method(c, "from", 1, ta_from);
    vm.define_method(c, "of", 0, ta_of);
    let species = vm.symbol_key(WellKnown::Species);
    vm.define_accessor(
        c,
        species,
        Some(crate::builtins::array::species_getter),
        None,
    );
    c
}

/// Installs the nine constructors and their prototypes.
pub(super) fn init_subclasses(vm: &mut Vm, parent: Gc<JsObject>) {
    let parent_proto = vm.intrinsic(Intrinsic::TypedArrayPrototype);
    let bpe = vm.intern("BYTES_PER_ELEMENT");
    for (i, kind) in ElemKind::ALL.into_iter().enumerate() {
        let proto = vm.new_object_with(Some(parent_proto), ObjectKind::Ordinary);
        vm.realm.intrinsics[kind.prototype() as usize] = proto;
        let c = vm.new_native_closure(
            kind.name(),
            3,
            concrete_ctor,
            vec![Value::int(i as i32)],
            true,
        );
        // A fresh constructor is extensible: this cannot fail.
        let _ = vm.set_prototype_of(c, Some(parent));
        crate::builtins::link_constructor(vm, c, proto);
        let size = Value::int(kind.size() as i32);
        vm.define_value_property(c, bpe, size, 0);
        vm.define_value_property(proto, bpe, size, 0);
        vm.realm.intrinsics[kind.constructor() as usize] = c;
        define_global(vm, kind.name(), Value::object(c));
    }
}
