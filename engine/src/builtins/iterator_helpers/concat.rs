//! `Iterator.concat(...items)` (iterator sequencing): a helper that drains each iterable's
//! iterator in turn, opening each one only when the previous is done.

use super::helper::{self, data, Adapter};
use super::{get_iterator_direct, step_value};
use crate::heap::Gc;
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{JsResult, NativeCtx, Vm, WellKnown};

/// Iterator.concat(...items): every item's `@@iterator` is read (and checked) up front.
fn concat(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let key = vm.symbol_key(WellKnown::Iterator);
    let mut iterables = Vec::with_capacity(args.len() * 2);
    for &item in args {
        if !item.is_object() {
            let what = vm.describe_for_error(item);
            return Err(vm.type_error(&format!("Iterator.concat: {what} is not an object")));
        }
        let method = vm.get_method(item, key)?;
        if method.is_undefined() {
            return Err(vm.type_error("Iterator.concat: argument is not iterable"));
        }
        // A later getter may delete the property that held it.
        vm.root(method);
        iterables.push(method);
        iterables.push(item);
    }
    let adapter = Adapter::Concat {
        iterables,
        next: 0,
        inner: None,
    };
    Ok(helper::create(vm, None, adapter))
}

/// One step of the closure: the next value of the current iterator, opening the next
/// iterable's iterator whenever the current one is done.
pub(super) fn step(vm: &mut Vm, o: Gc<JsObject>) -> JsResult<Option<Value>> {
    loop {
        let Adapter::Concat {
            iterables,
            next,
            inner,
        } = &mut data(&o).adapter
        else {
            return Ok(None);
        };
        if let Some(rec) = *inner {
            if let Some(v) = step_value(vm, rec)? {
                return Ok(Some(v));
            }
            if let Adapter::Concat { inner, .. } = &mut data(&o).adapter {
                *inner = None;
            }
            continue;
        }
        let Some(pair) = iterables.get(*next * 2..*next * 2 + 2) else {
            return Ok(None);
        };
        let (method, iterable) = (pair[0], pair[1]);
        *next += 1;
        let iter = vm.call(method, iterable, &[])?;
        let Some(io) = iter.as_object() else {
            return Err(vm.type_error("Result of the Symbol.iterator method is not an object"));
        };
        let rec = get_iterator_direct(vm, io)?;
        if let Adapter::Concat { inner, .. } = &mut data(&o).adapter {
            *inner = Some(rec);
        }
    }
}

pub(super) fn init(vm: &mut Vm, ctor: Gc<JsObject>) {
    vm.define_method(ctor, "concat", 0, concat);
}
