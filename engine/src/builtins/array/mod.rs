//! `Array` (ECMA-262 §23.1): the constructor, its statics, shared abstract operations
//! (ArrayCreate, ArraySpeciesCreate, IsArray, index helpers) and the prototype's registration.
//!
//! Every method follows the spec's generic algorithm on any object; element reads and writes go
//! through helpers that take a direct path for own data elements of dense arrays/objects and fall
//! back to the full internal methods otherwise (holes, prototype getters, proxies), so fast paths
//! never change what user code can observe.

mod callbacks;
mod from_async;
pub(crate) mod iterator;
mod methods;
mod sort;

#[allow(unused_imports)]
pub(crate) use iterator::{create_array_iterator, ArrayIterKind, ArrayIterator};
pub(crate) use methods::{join_elements, to_locale_string_elements};
pub(crate) use sort::sort_with_comparator;

use super::{arg, make_constructor};
use crate::atoms::names;
use crate::heap::Gc;
use crate::object::{attrs, flags, JsObject, ObjectKind};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, Key, NativeCtx, Vm, WellKnown};

/// 2⁵³ − 1: the largest length of an array-like.
pub(crate) const MAX_SAFE_LENGTH: u64 = (1 << 53) - 1;

/// Arrays created by ArrayCreate stay dense (holes as `EMPTY`) up to this length.
const MAX_DENSE_CREATE: u64 = 1 << 20;

// ---------------------------------------------------------------------------------------------
// Index helpers (u64 indices: array-likes may be longer than 2³² − 1).

/// The property key of integer index `i`.
pub(crate) fn index_key(vm: &mut Vm, i: u64) -> Key {
    if i < u32::MAX as u64 {
        Key::Index(i as u32)
    } else {
        Key::Named(vm.intern(&i.to_string()))
    }
}

/// An own data element of a plain Array/ordinary object, read directly (None: use the generic path).
#[inline]
pub(crate) fn fast_element(o: Gc<JsObject>, i: u64) -> Option<Value> {
    let inner = o.inner();
    if !matches!(inner.kind, ObjectKind::Array | ObjectKind::Ordinary) || inner.sparse.is_some() {
        return None;
    }
    inner
        .elements
        .get(usize::try_from(i).ok()?)
        .copied()
        .filter(|v| !v.is_empty())
}

/// `Get(O, ToString(i))`.
#[inline]
pub(crate) fn get_index(vm: &mut Vm, o: Gc<JsObject>, i: u64) -> JsResult<Value> {
    if let Some(v) = fast_element(o, i) {
        return Ok(v);
    }
    let k = index_key(vm, i);
    vm.get(o, k, Value::object(o))
}

/// `HasProperty(O, ToString(i))`.
#[inline]
pub(crate) fn has_index(vm: &mut Vm, o: Gc<JsObject>, i: u64) -> JsResult<bool> {
    if fast_element(o, i).is_some() {
        return Ok(true);
    }
    let k = index_key(vm, i);
    vm.has_property(o, k)
}

/// `HasProperty` then `Get`: the element if present.
#[inline]
pub(crate) fn get_if_present(vm: &mut Vm, o: Gc<JsObject>, i: u64) -> JsResult<Option<Value>> {
    if let Some(v) = fast_element(o, i) {
        return Ok(Some(v));
    }
    // Generic array-like loops can run to 2^53 - 1: let interrupts (timeouts) stop them.
    vm.check_interrupt()?;
    let k = index_key(vm, i);
    if !vm.has_property(o, k)? {
        return Ok(None);
    }
    Ok(Some(vm.get(o, k, Value::object(o))?))
}

/// `Set(O, ToString(i), v, true)`.
#[inline]
pub(crate) fn set_index(vm: &mut Vm, o: Gc<JsObject>, i: u64, v: Value) -> JsResult<()> {
    vm.check_interrupt()?;
    let k = index_key(vm, i);
    vm.set_or_throw(o, k, v, Value::object(o), true)
}

/// `DeletePropertyOrThrow(O, ToString(i))`.
pub(crate) fn delete_index(vm: &mut Vm, o: Gc<JsObject>, i: u64) -> JsResult<()> {
    vm.check_interrupt()?;
    let k = index_key(vm, i);
    if !vm.delete(o, k)? {
        return Err(vm.type_error(&format!("Cannot delete property '{i}' of [object Array]")));
    }
    Ok(())
}

/// `CreateDataPropertyOrThrow(O, ToString(i), v)`.
#[inline]
pub(crate) fn create_index(vm: &mut Vm, o: Gc<JsObject>, i: u64, v: Value) -> JsResult<()> {
    let k = index_key(vm, i);
    vm.create_data_property_or_throw(o, k, v)
}

/// `Set(O, "length", len, true)`.
pub(crate) fn set_length(vm: &mut Vm, o: Gc<JsObject>, len: u64) -> JsResult<()> {
    vm.set_or_throw(
        o,
        Key::Named(names::LENGTH),
        Value::number(len as f64),
        Value::object(o),
        true,
    )
}

/// `RelativeIndex`-style clamp used by slice/splice/fill/…: ToIntegerOrInfinity then into [0, len].
pub(crate) fn relative_index(vm: &mut Vm, v: Value, len: u64) -> JsResult<u64> {
    let r = vm.to_integer_or_infinity(v)?;
    Ok(clamp_relative(r, len))
}

/// Where `lastIndexOf` starts searching backwards (steps 4–7 of §23.1.3.20 and §23.2.3.20):
/// `fromIndex` (default `len - 1`) made relative, or `None` when the search is empty. `len > 0`.
pub(crate) fn last_index_start(vm: &mut Vm, args: &[Value], len: u64) -> JsResult<Option<u64>> {
    let n = if args.len() > 1 {
        vm.to_integer_or_infinity(args[1])?
    } else {
        len as f64 - 1.0
    };
    let start = if n >= 0.0 {
        n.min(len as f64 - 1.0)
    } else {
        len as f64 + n
    };
    Ok((start >= 0.0).then_some(start as u64))
}

/// The clamp of [`relative_index`] on an already converted integer.
pub(crate) fn clamp_relative(r: f64, len: u64) -> u64 {
    if r < 0.0 {
        let x = len as f64 + r;
        if x < 0.0 {
            0
        } else {
            x as u64
        }
    } else {
        r.min(len as f64) as u64
    }
}

/// The callback argument of an iteration method, or a TypeError.
pub(crate) fn callback_arg(vm: &mut Vm, args: &[Value], method: &str) -> JsResult<Value> {
    let f = arg(args, 0);
    if !vm.is_callable(f) {
        let d = vm.describe_for_error(f);
        return Err(vm.type_error(&format!("Array.prototype.{method}: {d} is not a function")));
    }
    Ok(f)
}

/// Is `o` a plain extensible Array with writable length, dense elements and a prototype chain
/// without indexed properties or exotic objects? Then `Set(O, i, v)` for any `i` is a direct
/// store (or append), with nothing observable.
pub(crate) fn is_plain_dense_writable(o: Gc<JsObject>) -> bool {
    let inner = o.inner();
    if !matches!(inner.kind, ObjectKind::Array)
        || inner.sparse.is_some()
        || inner.flags & flags::EXTENSIBLE == 0
        || inner.flags & flags::LENGTH_READONLY != 0
    {
        return false;
    }
    proto_chain_has_no_elements(inner.proto)
}

/// No object on the chain has indexed properties or exotic behaviour.
pub(crate) fn proto_chain_has_no_elements(mut p: Option<Gc<JsObject>>) -> bool {
    while let Some(po) = p {
        let i = po.inner();
        if !matches!(i.kind, ObjectKind::Ordinary | ObjectKind::Array) {
            return false;
        }
        if !i.elements.is_empty() || i.sparse.as_ref().is_some_and(|s| !s.is_empty()) {
            return false;
        }
        p = i.proto;
    }
    true
}

/// Does a plain Array hold dense, hole-free elements (all own data properties)?
pub(crate) fn is_packed_array(o: Gc<JsObject>) -> bool {
    let inner = o.inner();
    matches!(inner.kind, ObjectKind::Array)
        && inner.sparse.is_none()
        && !inner.elements.iter().any(|v| v.is_empty())
}

/// Replaces the elements of a fresh array with a dense vector (the array may have been created
/// sparse).
pub(crate) fn set_dense_elements(vm: &mut Vm, a: Gc<JsObject>, elements: Vec<Value>) {
    vm.heap.note_growth(elements.len() * 8);
    let inner = a.inner();
    inner.sparse = None;
    inner.sparse_length = 0;
    inner.elements = elements;
}

/// A rooted scratch array whose elements hold values across calls into JS.
pub(crate) struct Holder(pub(crate) Gc<JsObject>);

impl Holder {
    /// `n` undefined slots (the array is a fresh allocation, hence rooted until the builtin returns).
    pub(crate) fn new(vm: &mut Vm, n: usize) -> Holder {
        Holder(vm.new_object_with(None, ObjectKind::Ordinary)).init(n)
    }
    fn init(self, n: usize) -> Holder {
        self.0.inner().elements = vec![Value::UNDEFINED; n];
        self
    }
    /// Slot `i`.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> Value {
        self.0.inner().elements[i]
    }
    /// Stores into slot `i`.
    #[inline]
    pub(crate) fn set(&self, i: usize, v: Value) {
        crate::heap::write_barrier(self.0, v);
        self.0.inner().elements[i] = v;
    }
    /// Appends a value.
    pub(crate) fn push(&self, v: Value) {
        crate::heap::write_barrier(self.0, v);
        self.0.inner().elements.push(v);
    }
    /// The held values.
    pub(crate) fn take(&self) -> Vec<Value> {
        self.0.inner().elements.clone()
    }
}

// ---------------------------------------------------------------------------------------------
// Abstract operations.

/// 10.4.2.2 ArrayCreate(length, proto).
pub(crate) fn array_create(
    vm: &mut Vm,
    len: u64,
    proto: Option<Gc<JsObject>>,
) -> JsResult<Gc<JsObject>> {
    if len > u32::MAX as u64 {
        return Err(vm.range_error("Invalid array length"));
    }
    let proto = match proto {
        Some(p) => p,
        None => vm.intrinsic(Intrinsic::ArrayPrototype),
    };
    let o = vm.new_object_with(Some(proto), ObjectKind::Array);
    if len > 0 {
        if len <= MAX_DENSE_CREATE {
            o.inner().elements = vec![Value::EMPTY; len as usize];
            vm.heap.note_growth(len as usize * 8);
        } else {
            vm.truncate_array(o, len as u32);
        }
    }
    Ok(o)
}

/// 7.3.18 CreateArrayFromList.
pub(crate) fn create_array_from_list(vm: &mut Vm, items: &[Value]) -> Value {
    Value::object(vm.new_array(items.to_vec()))
}

/// 7.2.2 IsArray (looks through proxies; a revoked proxy throws).
pub(crate) fn is_array(vm: &mut Vm, v: Value) -> JsResult<bool> {
    let mut cur = v;
    loop {
        let Some(o) = cur.as_object() else {
            return Ok(false);
        };
        if o.is_array() {
            return Ok(true);
        }
        match crate::builtins::proxy::proxy_parts(o) {
            Some((target, _)) => {
                if target.is_null() {
                    return Err(
                        vm.type_error("Cannot perform 'IsArray' on a proxy that has been revoked")
                    );
                }
                cur = target;
            }
            None => return Ok(false),
        }
    }
}

/// 10.4.2.3 ArraySpeciesCreate. The flag tells whether the result is a fresh ArrayCreate array.
pub(crate) fn array_species_create(
    vm: &mut Vm,
    original: Gc<JsObject>,
    len: u64,
) -> JsResult<(Gc<JsObject>, bool)> {
    if !is_array(vm, Value::object(original))? {
        return Ok((array_create(vm, len, None)?, true));
    }
    let mut c = vm.get_named(original, names::CONSTRUCTOR)?;
    if let Some(co) = c.as_object() {
        let key = vm.symbol_key(WellKnown::Species);
        c = vm.get(co, Key::Named(key), c)?;
        if c.is_null() {
            c = Value::UNDEFINED;
        }
    }
    if c.is_undefined() {
        return Ok((array_create(vm, len, None)?, true));
    }
    if !vm.is_constructor(c) {
        return Err(vm.type_error("object.constructor[Symbol.species] is not a constructor"));
    }
    let r = vm.construct(c, &[Value::number(len as f64)], None)?;
    vm.root(r);
    match r.as_object() {
        Some(o) => Ok((o, false)),
        None => Err(vm.type_error("species constructor did not return an object")),
    }
}

/// `IsConcatSpreadable`.
pub(crate) fn is_concat_spreadable(vm: &mut Vm, v: Value) -> JsResult<bool> {
    let Some(o) = v.as_object() else {
        return Ok(false);
    };
    let key = vm.symbol_key(WellKnown::IsConcatSpreadable);
    let s = vm.get(o, Key::Named(key), v)?;
    if !s.is_undefined() {
        return Ok(vm.to_boolean(s));
    }
    is_array(vm, v)
}

/// IteratorClose for a throw completion: `return` is called, its result and errors ignored.
pub(crate) fn iterator_close_on_error(vm: &mut Vm, it: Value) {
    let Some(io) = it.as_object() else { return };
    if let Ok(ret) = vm.get_named(io, names::RETURN) {
        if !ret.is_nullish() {
            let _ = vm.call(ret, it, &[]);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The constructor and its statics.

/// 23.1.1.1 Array(...values).
fn array_ctor(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let nt = if ctx.new_target.is_undefined() {
        Value::object(ctx.callee)
    } else {
        ctx.new_target
    };
    let proto = vm.prototype_from_constructor(nt, Intrinsic::ArrayPrototype)?;
    match args.len() {
        0 => Ok(Value::object(array_create(vm, 0, Some(proto))?)),
        1 => {
            let len = args[0];
            if let Some(n) = len.as_number() {
                let int_len = crate::value::number::to_uint32(n);
                if int_len as f64 != n {
                    return Err(vm.range_error("Invalid array length"));
                }
                Ok(Value::object(array_create(
                    vm,
                    int_len as u64,
                    Some(proto),
                )?))
            } else {
                let a = array_create(vm, 0, Some(proto))?;
                a.inner().elements.push(len);
                Ok(Value::object(a))
            }
        }
        _ => {
            let a = array_create(vm, 0, Some(proto))?;
            a.inner().elements = args.to_vec();
            Ok(Value::object(a))
        }
    }
}

/// 23.1.2.2 Array.isArray(arg).
fn array_is_array(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    Ok(Value::bool(is_array(vm, arg(args, 0))?))
}

/// 23.1.2.3 Array.of(...items).
fn array_of(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let len = args.len() as u64;
    let a = if vm.is_constructor(this) {
        let r = vm.construct(this, &[Value::number(len as f64)], None)?;
        {
            vm.root(r);
            r.as_object()
                .ok_or_else(|| vm.type_error("constructor did not return an object"))?
        }
    } else {
        array_create(vm, len, None)?
    };
    for (k, v) in args.iter().enumerate() {
        create_index(vm, a, k as u64, *v)?;
    }
    set_length(vm, a, len)?;
    Ok(Value::object(a))
}

/// 23.1.2.1 Array.from(items, mapfn, thisArg).
fn array_from(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let items = arg(args, 0);
    let mapfn = arg(args, 1);
    let this_arg = arg(args, 2);
    let mapping = !mapfn.is_undefined();
    if mapping && !vm.is_callable(mapfn) {
        return Err(
            vm.type_error("Array.from: when provided, the second argument must be a function")
        );
    }
    let key = vm.symbol_key(WellKnown::Iterator);
    let using_iterator = if items.is_nullish() {
        Value::UNDEFINED
    } else {
        vm.get_v(items, Key::Named(key))?
    };
    if !using_iterator.is_nullish() {
        if !vm.is_callable(using_iterator) {
            return Err(vm.type_error("Array.from: Symbol.iterator is not a function"));
        }
        let a = if vm.is_constructor(this) {
            let r = vm.construct(this, &[], None)?;
            {
                vm.root(r);
                r.as_object()
                    .ok_or_else(|| vm.type_error("constructor did not return an object"))?
            }
        } else {
            array_create(vm, 0, None)?
        };
        // Fast path: a plain array with the default iterator into a plain new array.
        if !mapping
            && vm.is_constructor(this)
            && this == Value::object(vm.intrinsic(Intrinsic::Array))
        {
            if let Some(src) = items.as_object() {
                if is_packed_array(src)
                    && vm.has_default_array_iteration(src)
                    && a.array_length() == 0
                {
                    let elems = src.inner().elements.clone();
                    a.inner().elements = elems;
                    return Ok(Value::object(a));
                }
            }
        }
        let it = vm.call(using_iterator, items, &[])?;
        let Some(io) = it.as_object() else {
            return Err(vm.type_error("Result of the Symbol.iterator method is not an object"));
        };
        vm.root(it);
        let next = vm.get_named(io, names::NEXT)?;
        vm.root(next);
        let mut k: u64 = 0;
        loop {
            if k >= MAX_SAFE_LENGTH {
                let e = vm.type_error("Array.from: too many elements");
                iterator_close_on_error(vm, it);
                return Err(e);
            }
            let Some(v) = vm.iterator_step(it, next)? else {
                set_length(vm, a, k)?;
                return Ok(Value::object(a));
            };
            let mapped = if mapping {
                match vm.call(mapfn, this_arg, &[v, Value::number(k as f64)]) {
                    Ok(m) => m,
                    Err(e) => {
                        vm.root(e);
                        iterator_close_on_error(vm, it);
                        return Err(e);
                    }
                }
            } else {
                v
            };
            if let Err(e) = create_index(vm, a, k, mapped) {
                vm.root(e);
                iterator_close_on_error(vm, it);
                return Err(e);
            }
            k += 1;
        }
    }
    // Array-like.
    let array_like = vm.to_object(items)?;
    let len = vm.length_of_array_like(array_like)?;
    let a = if vm.is_constructor(this) {
        let r = vm.construct(this, &[Value::number(len as f64)], None)?;
        {
            vm.root(r);
            r.as_object()
                .ok_or_else(|| vm.type_error("constructor did not return an object"))?
        }
    } else {
        array_create(vm, len, None)?
    };
    for k in 0..len {
        let v = get_index(vm, array_like, k)?;
        let mapped = if mapping {
            vm.call(mapfn, this_arg, &[v, Value::number(k as f64)])?
        } else {
            v
        };
        create_index(vm, a, k, mapped)?;
    }
    set_length(vm, a, len)?;
    Ok(Value::object(a))
}

/// 23.1.2.5 get Array[@@species].
pub(crate) fn species_getter(
    _: &mut Vm,
    this: Value,
    _: &[Value],
    _: NativeCtx,
) -> JsResult<Value> {
    Ok(this)
}

impl Vm {
    /// Is iterating `o` with `Symbol.iterator` unobservable (own/proto iterator and `next` are the
    /// builtins)?
    pub(crate) fn has_default_array_iteration(&mut self, o: Gc<JsObject>) -> bool {
        let values = self.intrinsic(Intrinsic::ArrayProtoValues);
        let key = self.symbol_key(WellKnown::Iterator);
        let ap = self.intrinsic(Intrinsic::ArrayPrototype);
        if o.inner().proto != Some(ap) || self.get_own_property(o, Key::Named(key)).is_some() {
            return false;
        }
        let own = self.get_own_property(ap, Key::Named(key));
        if !own.is_some_and(|p| p.attrs & attrs::ACCESSOR == 0 && p.value == Value::object(values))
        {
            return false;
        }
        let aip = self.intrinsic(Intrinsic::ArrayIteratorPrototype);
        self.get_own_property(aip, Key::Named(names::NEXT))
            .is_some_and(|p| {
                p.attrs & attrs::ACCESSOR == 0
                    && p.value.as_object().is_some_and(|f| match f.kind() {
                        ObjectKind::Native(n) => {
                            n.f as usize
                                == iterator::array_iterator_next as crate::object::NativeFn as usize
                        }
                        _ => false,
                    })
            })
    }
}

/// Installs `Array`, `Array.prototype` and `%ArrayIteratorPrototype%`.
pub(crate) fn init(vm: &mut Vm) {
    let proto = vm.intrinsic(Intrinsic::ArrayPrototype);
    let ctor = make_constructor(vm, "Array", 1, array_ctor, proto, Some(Intrinsic::Array));
    vm.define_method(ctor, "from", 1, array_from);
    vm.define_method(ctor, "fromAsync", 1, from_async::array_from_async);
    vm.define_method(ctor, "isArray", 1, array_is_array);
    vm.define_method(ctor, "of", 0, array_of);
    let species = vm.symbol_key(WellKnown::Species);
    vm.define_accessor(ctor, species, Some(species_getter), None);
    methods::init(vm, proto);
    callbacks::init(vm, proto);
    sort::init(vm, proto);
    iterator::init(vm, proto);
    // 23.1.3.41 Array.prototype[@@unscopables].
    let unscopables = vm.new_object_with(None, ObjectKind::Ordinary);
    for name in [
        "at",
        "copyWithin",
        "entries",
        "fill",
        "find",
        "findIndex",
        "findLast",
        "findLastIndex",
        "flat",
        "flatMap",
        "includes",
        "keys",
        "toReversed",
        "toSorted",
        "toSpliced",
        "values",
    ] {
        let k = vm.intern(name);
        vm.define_value_property(unscopables, k, Value::TRUE, attrs::DEFAULT);
    }
    let key = vm.symbol_key(WellKnown::Unscopables);
    vm.define_value_property(proto, key, Value::object(unscopables), attrs::CONFIGURABLE);
}
