//! %IteratorHelperPrototype% (§27.1.2.1) and the helper objects behind it: a generator-like
//! state machine whose steps are the adapters of [`super::adapters`] and [`super::concat`].

use super::{adapters, close_with_error, concat, IteratorRecord};
use crate::builtins::iterator::create_iter_result;
use crate::heap::{Gc, Trace, Tracer};
use crate::object::{attrs, JsObject};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, NativeCtx, Vm, WellKnown};

/// What a helper does on each step, with the state its closure keeps between steps.
pub(super) enum Adapter {
    /// `map(mapper)`.
    Map { mapper: Value },
    /// `filter(predicate)`.
    Filter { predicate: Value },
    /// `take(limit)`: values still to yield (may be +∞).
    Take { remaining: f64 },
    /// `drop(limit)`: values still to skip (may be +∞).
    Drop { remaining: f64 },
    /// `flatMap(mapper)`, with the inner iterator being drained.
    FlatMap {
        mapper: Value,
        inner: Option<IteratorRecord>,
    },
    /// `Iterator.concat(...items)`: (open method, iterable) pairs flattened, the index of the
    /// next pair to open and the inner iterator being drained.
    Concat {
        iterables: Vec<Value>,
        next: usize,
        inner: Option<IteratorRecord>,
    },
}

/// `[[GeneratorState]]`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    SuspendedStart,
    SuspendedYield,
    Executing,
    Completed,
}

/// An Iterator Helper object's slots.
pub(super) struct IteratorHelper {
    state: State,
    /// `[[UnderlyingIterator]]` (none for `Iterator.concat`).
    pub(super) underlying: Option<IteratorRecord>,
    /// The closure's counter (`map`, `filter`, `flatMap`).
    pub(super) counter: f64,
    pub(super) adapter: Adapter,
}

impl Trace for IteratorHelper {
    fn trace(&self, t: &mut Tracer) {
        if let Some(r) = &self.underlying {
            r.trace(t);
        }
        match &self.adapter {
            Adapter::Map { mapper } => t.value(*mapper),
            Adapter::Filter { predicate } => t.value(*predicate),
            Adapter::Take { .. } | Adapter::Drop { .. } => {}
            Adapter::FlatMap { mapper, inner } => {
                t.value(*mapper);
                if let Some(r) = inner {
                    r.trace(t);
                }
            }
            Adapter::Concat {
                iterables, inner, ..
            } => {
                t.values(iterables);
                if let Some(r) = inner {
                    r.trace(t);
                }
            }
        }
    }
}
crate::object_data!(IteratorHelper);

/// CreateIteratorFromClosure(closure, "Iterator Helper", %IteratorHelperPrototype%).
pub(super) fn create(vm: &mut Vm, underlying: Option<IteratorRecord>, adapter: Adapter) -> Value {
    let proto = vm.intrinsic(Intrinsic::IteratorHelperPrototype);
    let h = IteratorHelper {
        state: State::SuspendedStart,
        underlying,
        counter: 0.0,
        adapter,
    };
    Value::object(vm.new_data_object(proto, Box::new(h)))
}

/// The helper's slots; `o` was checked by [`this_helper`] (an object's data never changes type).
pub(super) fn data(o: &Gc<JsObject>) -> &mut IteratorHelper {
    o.data::<IteratorHelper>().expect("checked by this_helper")
}

/// GeneratorValidate(this, "Iterator Helper"), minus the state check.
fn this_helper(vm: &mut Vm, this: Value) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) if o.data::<IteratorHelper>().is_some() => Ok(o),
        _ => Err(vm.type_error("not an Iterator Helper object")),
    }
}

/// Runs the closure to its next yield: Some(value), or None when it returned.
fn resume(vm: &mut Vm, o: Gc<JsObject>) -> JsResult<Option<Value>> {
    let d = data(&o);
    match (d.underlying, &d.adapter) {
        (_, Adapter::Concat { .. }) => concat::step(vm, o),
        (Some(rec), Adapter::Map { mapper }) => adapters::map_step(vm, o, rec, *mapper),
        (Some(rec), Adapter::Filter { predicate }) => adapters::filter_step(vm, o, rec, *predicate),
        (Some(rec), Adapter::Take { .. }) => adapters::take_step(vm, o, rec),
        (Some(rec), Adapter::Drop { .. }) => adapters::drop_step(vm, o, rec),
        (Some(rec), Adapter::FlatMap { mapper, .. }) => {
            adapters::flat_map_step(vm, o, rec, *mapper)
        }
        (None, _) => Ok(None),
    }
}

/// Resumes the closure suspended at a yield with a return completion: the iterators it is
/// using are closed (the inner one first).
fn resume_with_return(vm: &mut Vm, o: Gc<JsObject>) -> JsResult<()> {
    let d = data(&o);
    let underlying = d.underlying;
    let inner = match &d.adapter {
        Adapter::FlatMap { inner, .. } | Adapter::Concat { inner, .. } => *inner,
        _ => None,
    };
    if let Some(inner) = inner {
        if let Err(e) = vm.iterator_close(inner.iterator) {
            return Err(match underlying {
                Some(u) => close_with_error(vm, u.iterator, e),
                None => e,
            });
        }
    }
    match underlying {
        Some(u) => vm.iterator_close(u.iterator),
        None => Ok(()),
    }
}

fn already_running(vm: &mut Vm) -> Value {
    vm.type_error("Generator is already running")
}

/// 27.1.2.1.1 %IteratorHelperPrototype%.next(): GeneratorResume(this, undefined, "Iterator Helper").
fn helper_next(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = this_helper(vm, this)?;
    match data(&o).state {
        State::Executing => return Err(already_running(vm)),
        State::Completed => return Ok(create_iter_result(vm, Value::UNDEFINED, true)),
        State::SuspendedStart | State::SuspendedYield => {}
    }
    data(&o).state = State::Executing;
    let r = resume(vm, o);
    let d = data(&o);
    match r {
        Ok(Some(v)) => {
            d.state = State::SuspendedYield;
            Ok(create_iter_result(vm, v, false))
        }
        Ok(None) => {
            d.state = State::Completed;
            Ok(create_iter_result(vm, Value::UNDEFINED, true))
        }
        Err(e) => {
            d.state = State::Completed;
            Err(e)
        }
    }
}

/// 27.1.2.1.2 %IteratorHelperPrototype%.return().
fn helper_return(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = this_helper(vm, this)?;
    let d = data(&o);
    match d.state {
        State::Executing => return Err(already_running(vm)),
        State::Completed => {}
        State::SuspendedStart => {
            // Completed before closing: a re-entrant `next` sees a finished helper.
            d.state = State::Completed;
            if let Some(u) = d.underlying {
                vm.iterator_close(u.iterator)?;
            }
        }
        State::SuspendedYield => {
            d.state = State::Executing;
            let r = resume_with_return(vm, o);
            data(&o).state = State::Completed;
            r?;
        }
    }
    Ok(create_iter_result(vm, Value::UNDEFINED, true))
}

pub(super) fn init(vm: &mut Vm) {
    let proto = vm.intrinsic(Intrinsic::IteratorHelperPrototype);
    vm.define_method(proto, "next", 0, helper_next);
    vm.define_method(proto, "return", 0, helper_return);
    let tag = vm.symbol_key(WellKnown::ToStringTag);
    let s = vm.new_string("Iterator Helper");
    vm.define_value_property(proto, tag, s, attrs::CONFIGURABLE);
}
