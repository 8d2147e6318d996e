//! %StringIteratorPrototype% (§22.1.5) and String.prototype[@@iterator].

use super::{code_point_at, coerce_this, substring};
use crate::builtins::iterator::create_iter_result;
use crate::heap::{Gc, Trace, Tracer};
use crate::object::{attrs, JsObject};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, NativeCtx, Vm, WellKnown};

/// A String Iterator's state: the string (undefined once done) and the next code unit index.
pub(crate) struct StringIterator {
    string: Value,
    position: usize,
}

impl Trace for StringIterator {
    fn trace(&self, t: &mut Tracer) {
        t.value(self.string);
    }
}
crate::object_data!(StringIterator);

/// 22.1.3.36 String.prototype[@@iterator]().
fn string_iterator(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let s = coerce_this(vm, this, "[Symbol.iterator]")?;
    let proto = vm.intrinsic(Intrinsic::StringIteratorPrototype);
    let it = StringIterator {
        string: Value::string(s),
        position: 0,
    };
    Ok(Value::object(vm.new_data_object(proto, Box::new(it))))
}

/// 22.1.5.1.1 %StringIteratorPrototype%.next().
fn string_iterator_next(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let Some(o) = this
        .as_object()
        .filter(|o| o.data::<StringIterator>().is_some())
    else {
        return Err(
            vm.type_error("next method called on incompatible receiver (not a String Iterator)")
        );
    };
    let (sv, pos) = {
        let d = o.data::<StringIterator>().unwrap();
        (d.string, d.position)
    };
    let Some(s) = sv.as_string() else {
        return Ok(create_iter_result(vm, Value::UNDEFINED, true));
    };
    if pos >= s.len() {
        o.data::<StringIterator>().unwrap().string = Value::UNDEFINED;
        return Ok(create_iter_result(vm, Value::UNDEFINED, true));
    }
    let (_, n, _) = code_point_at(&s, pos);
    o.data::<StringIterator>().unwrap().position = pos + n;
    let v = substring(vm, s, pos, pos + n);
    Ok(create_iter_result(vm, v, false))
}

pub(super) fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    vm.define_symbol_method(proto, WellKnown::Iterator, 0, string_iterator);
    let sip = vm.intrinsic(Intrinsic::StringIteratorPrototype);
    vm.define_method(sip, "next", 0, string_iterator_next);
    let tag = vm.symbol_key(WellKnown::ToStringTag);
    let s = vm.new_string("String Iterator");
    vm.define_value_property(sip, tag, s, attrs::CONFIGURABLE);
}
