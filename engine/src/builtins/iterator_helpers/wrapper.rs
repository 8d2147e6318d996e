//! %WrapForValidIteratorPrototype% (§27.1.3.2.1.1): what `Iterator.from` returns for an
//! iterator that does not inherit from `Iterator.prototype`.

use super::IteratorRecord;
use crate::atoms::names;
use crate::builtins::iterator::create_iter_result;
use crate::heap::{Gc, Trace, Tracer};
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, NativeCtx, Vm};

/// A wrapper's `[[Iterated]]` slot.
struct WrapForValidIterator {
    iterated: IteratorRecord,
}

impl Trace for WrapForValidIterator {
    fn trace(&self, t: &mut Tracer) {
        self.iterated.trace(t);
    }
}
crate::object_data!(WrapForValidIterator);

/// A new wrapper around `iterated`.
pub(super) fn create(vm: &mut Vm, iterated: IteratorRecord) -> Value {
    let proto = vm.intrinsic(Intrinsic::WrapForValidIteratorPrototype);
    let o = vm.new_data_object(proto, Box::new(WrapForValidIterator { iterated }));
    Value::object(o)
}

/// RequireInternalSlot(this, [[Iterated]]).
fn iterated(vm: &mut Vm, this: Value) -> JsResult<IteratorRecord> {
    match this
        .as_object()
        .and_then(|o| o.data::<WrapForValidIterator>().map(|d| d.iterated))
    {
        Some(r) => Ok(r),
        None => Err(vm.type_error("not an Iterator.from wrapper")),
    }
}

/// 27.1.3.2.1.1.1 %WrapForValidIteratorPrototype%.next().
fn wrap_next(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let rec = iterated(vm, this)?;
    vm.call(rec.next, rec.iterator, &[])
}

/// 27.1.3.2.1.1.2 %WrapForValidIteratorPrototype%.return().
fn wrap_return(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let it = iterated(vm, this)?.iterator;
    let ret = vm.get_method(it, names::RETURN)?;
    if ret.is_undefined() {
        return Ok(create_iter_result(vm, Value::UNDEFINED, true));
    }
    vm.call(ret, it, &[])
}

pub(super) fn init(vm: &mut Vm) {
    let proto: Gc<JsObject> = vm.intrinsic(Intrinsic::WrapForValidIteratorPrototype);
    vm.define_method(proto, "next", 0, wrap_next);
    vm.define_method(proto, "return", 0, wrap_return);
}
