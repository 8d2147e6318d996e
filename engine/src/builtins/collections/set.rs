//! Set (ECMA-262 §24.2), including the set methods (union, intersection, …).

use super::{canonical_key, close_with_error, create_iterator, to_string_tag, IterKind, Table};
use crate::atoms::names;
use crate::builtins::{arg, make_constructor};
use crate::heap::{Gc, Trace, Tracer};
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, Key, NativeCtx, Vm, WellKnown};

/// `[[SetData]]` (values are stored as keys; the value column is unused).
#[derive(Default)]
pub(crate) struct SetData(pub(crate) Table);

impl Trace for SetData {
    fn trace(&self, t: &mut Tracer) {
        self.0.trace(t);
    }
}

impl crate::object::ObjectData for SetData {
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
    fn extra_bytes(&self) -> usize {
        self.0.extra_bytes()
    }
}

fn this_set(vm: &mut Vm, this: Value, method: &str) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) if o.data::<SetData>().is_some() => Ok(o),
        _ => Err(vm.type_error(&format!(
            "Method Set.prototype.{method} called on incompatible receiver"
        ))),
    }
}

/// The table of a Set object (a short-lived interior borrow: never held across JS calls).
fn tbl(o: &Gc<JsObject>) -> &mut Table {
    &mut o.data::<SetData>().unwrap().0
}

fn new_set(vm: &mut Vm, table: Table) -> Value {
    let proto = vm.intrinsic(Intrinsic::SetPrototype);
    Value::object(vm.new_data_object(proto, Box::new(SetData(table))))
}

/// A compacted copy of a set's table.
fn copy_table(t: &Table) -> Table {
    let mut n = Table::default();
    for (k, _) in t.live() {
        n.set(k, Value::UNDEFINED);
    }
    n
}

// 24.2.2.1 Set ( [ iterable ] )
fn set_ctor(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    if ctx.new_target.is_undefined() {
        return Err(vm.type_error("Constructor Set requires 'new'"));
    }
    let proto = vm.prototype_from_constructor(ctx.new_target, Intrinsic::SetPrototype)?;
    let set = vm.new_data_object(proto, Box::new(SetData::default()));
    let iterable = arg(args, 0);
    if iterable.is_nullish() {
        return Ok(Value::object(set));
    }
    let adder = vm.get(set, Key::Named(names::ADD), Value::object(set))?;
    if !vm.is_callable(adder) {
        return Err(
            vm.type_error("'add' returned for property 'add' of object '#<Set>' is not a function")
        );
    }
    vm.root(adder);
    let (it, next) = vm.get_iterator(iterable)?;
    vm.root(it);
    vm.root(next);
    while let Some(v) = vm.iterator_step(it, next)? {
        if let Err(e) = vm.call(adder, Value::object(set), &[v]) {
            return Err(close_with_error(vm, it, e));
        }
    }
    Ok(Value::object(set))
}

// 24.2.4.1 Set.prototype.add ( value )
fn set_add(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let s = this_set(vm, this, "add")?;
    let k = canonical_key(arg(args, 0));
    let t = tbl(&s);
    if !t.has(k) {
        t.set(k, Value::UNDEFINED);
    }
    Ok(this)
}

// 24.2.4.2 Set.prototype.clear ( )
fn set_clear(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let s = this_set(vm, this, "clear")?;
    tbl(&s).clear();
    Ok(Value::UNDEFINED)
}

// 24.2.4.4 Set.prototype.delete ( value )
fn set_delete(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let s = this_set(vm, this, "delete")?;
    let k = canonical_key(arg(args, 0));
    Ok(Value::bool(tbl(&s).delete(k)))
}

// 24.2.4.6 Set.prototype.entries ( )
fn set_entries(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    this_set(vm, this, "entries")?;
    Ok(create_iterator(vm, this, IterKind::Entries, true))
}

// 24.2.4.7 Set.prototype.forEach ( callbackfn [ , thisArg ] )
fn set_for_each(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let s = this_set(vm, this, "forEach")?;
    let f = arg(args, 0);
    if !vm.is_callable(f) {
        let d = vm.describe_for_error(f);
        return Err(vm.type_error(&format!("{d} is not a function")));
    }
    let this_arg = arg(args, 1);
    let mut pos = 0;
    while let Some((p, k, _)) = tbl(&s).next_from(pos) {
        pos = p + 1;
        let base = vm.handles.len();
        vm.root(k);
        vm.call(f, this_arg, &[k, k, this])?;
        vm.handles.truncate(base);
    }
    Ok(Value::UNDEFINED)
}

// 24.2.4.8 Set.prototype.has ( value )
fn set_has(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let s = this_set(vm, this, "has")?;
    let k = canonical_key(arg(args, 0));
    Ok(Value::bool(tbl(&s).has(k)))
}

// 24.2.4.14 get Set.prototype.size
fn set_size(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let s = this_set(vm, this, "size")?;
    Ok(Value::number(tbl(&s).size as f64))
}

// 24.2.4.17 Set.prototype.values ( )
fn set_values(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    this_set(vm, this, "values")?;
    Ok(create_iterator(vm, this, IterKind::Values, true))
}

fn species_getter(_vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    Ok(this)
}

// ---------------------------------------------------------------------------------------------
// Set methods (24.2.1 Abstract operations for Set objects)

/// A Set Record.
struct SetRecord {
    set: Value,
    size: f64,
    has: Value,
    keys: Value,
}

/// 24.2.1.2 GetSetRecord ( obj )
fn get_set_record(vm: &mut Vm, obj: Value) -> JsResult<SetRecord> {
    let Some(o) = obj.as_object() else {
        return Err(vm.type_error("The 'other' argument must be an object"));
    };
    let raw_size = vm.get(o, Key::Named(names::SIZE), obj)?;
    let num_size = vm.to_number(raw_size)?;
    if num_size.is_nan() {
        return Err(vm.type_error("The 'size' property must be a number"));
    }
    let int_size = crate::value::number::to_integer_or_infinity(num_size);
    if int_size < 0.0 {
        return Err(vm.range_error("The 'size' property must not be negative"));
    }
    let has = vm.get(o, Key::Named(names::HAS), obj)?;
    if !vm.is_callable(has) {
        return Err(vm.type_error("The 'has' property must be a function"));
    }
    vm.root(has);
    let keys = vm.get(o, Key::Named(names::KEYS), obj)?;
    if !vm.is_callable(keys) {
        return Err(vm.type_error("The 'keys' property must be a function"));
    }
    vm.root(keys);
    Ok(SetRecord {
        set: obj,
        size: int_size,
        has,
        keys,
    })
}

/// `GetIteratorFromMethod(rec.set, rec.keys)` → (iterator, next).
fn keys_iterator(vm: &mut Vm, rec: &SetRecord) -> JsResult<(Value, Value)> {
    let it = vm.call(rec.keys, rec.set, &[])?;
    let Some(io) = it.as_object() else {
        return Err(vm.type_error("The 'keys' method must return an object"));
    };
    vm.root(it);
    let next = vm.get(io, Key::Named(names::NEXT), it)?;
    vm.root(next);
    Ok((it, next))
}

/// `ToBoolean(Call(rec.has, rec.set, « e »))`.
fn other_has(vm: &mut Vm, rec: &SetRecord, e: Value) -> JsResult<bool> {
    let r = vm.call(rec.has, rec.set, &[e])?;
    Ok(vm.to_boolean(r))
}

/// Loops over this set's data by logical index (live: sees additions), calling `f` on each
/// live element; `f` returns Some(result) to stop early.
fn for_each_live(
    vm: &mut Vm,
    s: Gc<JsObject>,
    mut f: impl FnMut(&mut Vm, Value) -> JsResult<Option<Value>>,
) -> JsResult<Option<Value>> {
    let mut index = 0;
    loop {
        let end = tbl(&s).end();
        if index >= end {
            return Ok(None);
        }
        let e = tbl(&s).at(index);
        index += 1;
        if let Some((e, _)) = e {
            let base = vm.handles.len();
            vm.root(e);
            let r = f(vm, e)?;
            vm.handles.truncate(base);
            if r.is_some() {
                return Ok(r);
            }
        }
    }
}

// 24.2.4.20 Set.prototype.union ( other )
fn set_union(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let s = this_set(vm, this, "union")?;
    let rec = get_set_record(vm, arg(args, 0))?;
    let (it, next) = keys_iterator(vm, &rec)?;
    let result = new_set(vm, copy_table(tbl(&s)));
    let ro = result.as_object().unwrap();
    while let Some(v) = vm.iterator_step(it, next)? {
        let v = canonical_key(v);
        let t = tbl(&ro);
        if !t.has(v) {
            t.set(v, Value::UNDEFINED);
        }
    }
    Ok(result)
}

// 24.2.4.9 Set.prototype.intersection ( other )
fn set_intersection(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let s = this_set(vm, this, "intersection")?;
    let rec = get_set_record(vm, arg(args, 0))?;
    let result = new_set(vm, Table::default());
    let ro = result.as_object().unwrap();
    if (tbl(&s).size as f64) <= rec.size {
        for_each_live(vm, s, |vm, e| {
            if other_has(vm, &rec, e)? {
                let t = tbl(&ro);
                if !t.has(e) {
                    t.set(e, Value::UNDEFINED);
                }
            }
            Ok(None)
        })?;
    } else {
        let (it, next) = keys_iterator(vm, &rec)?;
        while let Some(v) = vm.iterator_step(it, next)? {
            let v = canonical_key(v);
            if tbl(&s).has(v) {
                let t = tbl(&ro);
                if !t.has(v) {
                    t.set(v, Value::UNDEFINED);
                }
            }
        }
    }
    Ok(result)
}

// 24.2.4.5 Set.prototype.difference ( other )
fn set_difference(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let s = this_set(vm, this, "difference")?;
    let rec = get_set_record(vm, arg(args, 0))?;
    let result = new_set(vm, copy_table(tbl(&s)));
    let ro = result.as_object().unwrap();
    if (tbl(&s).size as f64) <= rec.size {
        // Iterate the (fixed-length) copy by index.
        let this_size = tbl(&ro).end();
        let mut index = 0;
        while index < this_size {
            if let Some((e, _)) = tbl(&ro).at(index) {
                if other_has(vm, &rec, e)? {
                    tbl(&ro).delete(e);
                }
            }
            index += 1;
        }
    } else {
        let (it, next) = keys_iterator(vm, &rec)?;
        while let Some(v) = vm.iterator_step(it, next)? {
            let v = canonical_key(v);
            tbl(&ro).delete(v);
        }
    }
    Ok(result)
}

// 24.2.4.15 Set.prototype.symmetricDifference ( other )
fn set_symmetric_difference(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let s = this_set(vm, this, "symmetricDifference")?;
    let rec = get_set_record(vm, arg(args, 0))?;
    let (it, next) = keys_iterator(vm, &rec)?;
    let result = new_set(vm, copy_table(tbl(&s)));
    let ro = result.as_object().unwrap();
    while let Some(v) = vm.iterator_step(it, next)? {
        let v = canonical_key(v);
        let already = tbl(&ro).has(v);
        if tbl(&s).has(v) {
            if already {
                tbl(&ro).delete(v);
            }
        } else if !already {
            tbl(&ro).set(v, Value::UNDEFINED);
        }
    }
    Ok(result)
}

// 24.2.4.11 Set.prototype.isSubsetOf ( other )
fn set_is_subset_of(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let s = this_set(vm, this, "isSubsetOf")?;
    let rec = get_set_record(vm, arg(args, 0))?;
    if (tbl(&s).size as f64) > rec.size {
        return Ok(Value::FALSE);
    }
    let r = for_each_live(vm, s, |vm, e| {
        Ok(if other_has(vm, &rec, e)? {
            None
        } else {
            Some(Value::FALSE)
        })
    })?;
    Ok(r.unwrap_or(Value::TRUE))
}

// 24.2.4.12 Set.prototype.isSupersetOf ( other )
fn set_is_superset_of(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let s = this_set(vm, this, "isSupersetOf")?;
    let rec = get_set_record(vm, arg(args, 0))?;
    if (tbl(&s).size as f64) < rec.size {
        return Ok(Value::FALSE);
    }
    let (it, next) = keys_iterator(vm, &rec)?;
    while let Some(v) = vm.iterator_step(it, next)? {
        let v = canonical_key(v);
        if !tbl(&s).has(v) {
            vm.iterator_close(it)?;
            return Ok(Value::FALSE);
        }
    }
    Ok(Value::TRUE)
}

// 24.2.4.10 Set.prototype.isDisjointFrom ( other )
fn set_is_disjoint_from(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let s = this_set(vm, this, "isDisjointFrom")?;
    let rec = get_set_record(vm, arg(args, 0))?;
    if (tbl(&s).size as f64) <= rec.size {
        let r = for_each_live(vm, s, |vm, e| {
            Ok(if other_has(vm, &rec, e)? {
                Some(Value::FALSE)
            } else {
                None
            })
        })?;
        return Ok(r.unwrap_or(Value::TRUE));
    }
    let (it, next) = keys_iterator(vm, &rec)?;
    while let Some(v) = vm.iterator_step(it, next)? {
        let v = canonical_key(v);
        if tbl(&s).has(v) {
            vm.iterator_close(it)?;
            return Ok(Value::FALSE);
        }
    }
    Ok(Value::TRUE)
}

pub(super) fn init(vm: &mut Vm) {
    let proto = vm.intrinsic(Intrinsic::SetPrototype);
    let ctor = make_constructor(vm, "Set", 0, set_ctor, proto, None);
    let species = vm.symbol_key(WellKnown::Species);
    vm.define_accessor(ctor, species, Some(species_getter), None);
    vm.define_method(proto, "add", 1, set_add);
    vm.define_method(proto, "clear", 0, set_clear);
    vm.define_method(proto, "delete", 1, set_delete);
    vm.define_method(proto, "difference", 1, set_difference);
    vm.define_method(proto, "entries", 0, set_entries);
    vm.define_method(proto, "forEach", 1, set_for_each);
    vm.define_method(proto, "has", 1, set_has);
    vm.define_method(proto, "intersection", 1, set_intersection);
    vm.define_method(proto, "isDisjointFrom", 1, set_is_disjoint_from);
    vm.define_method(proto, "isSubsetOf", 1, set_is_subset_of);
    vm.define_method(proto, "isSupersetOf", 1, set_is_superset_of);
    let size = vm.intern("size");
    vm.define_accessor(proto, size, Some(set_size), None);
    vm.define_method(proto, "symmetricDifference", 1, set_symmetric_difference);
    vm.define_method(proto, "union", 1, set_union);
    let values = vm.define_method(proto, "values", 0, set_values);
    vm.define_value_property(
        proto,
        names::KEYS,
        Value::object(values),
        crate::object::attrs::HIDDEN,
    );
    let iter = vm.symbol_key(WellKnown::Iterator);
    vm.define_value_property(
        proto,
        iter,
        Value::object(values),
        crate::object::attrs::HIDDEN,
    );
    to_string_tag(vm, proto, "Set");
}
