//! Promise (ECMA-262 §27.2) and `queueMicrotask`.
//!
//! Jobs are plain structs on `vm.jobs` ([`Job`]): a reaction job carries its handler, its result
//! capability and the settled value inline, so queuing one allocates nothing. Two internal
//! shortcuts keep the engine from allocating function objects that JS can never observe:
//!
//! - A [`Handler::Await`] reaction continues an awaiting async function or generator directly
//!   (27.7.5.3 Await: the spec's `onFulfilled`/`onRejected` closures are never exposed).
//!   Likewise [`Handler::AllElement`] is a `Promise.all` resolve element function that only
//!   the builtin `then` would have seen.
//! - A [`Capability::Intrinsic`] is a `%Promise%` capability whose resolving functions were never
//!   handed out (`then` on a promise whose species is `%Promise%`): the reaction job settles the
//!   promise itself. Only that job can resolve such a promise, so `[[AlreadyResolved]]` needs no
//!   record.

use super::{arg, define_global, make_constructor};
use crate::atoms::names;
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::generator::{self, AfterAwait};
use crate::object::{attrs, JsObject, NativeFn, ObjectKind, ShapeId};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, Key, NativeCtx, Vm, WellKnown, TERMINATED};
use smallvec::SmallVec;

/// `[[PromiseState]]`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum PromiseState {
    Pending,
    Fulfilled,
    Rejected,
}

/// `[[Handler]]` of a PromiseReaction record.
#[derive(Clone, Copy)]
pub(crate) enum Handler {
    /// "empty": the value (or reason) passes through to the capability.
    Empty,
    /// A callable.
    Call(Value),
    /// Internal: resume the awaiting async function or generator `state` as `AfterAwait` says.
    Await(Gc<JsObject>, AfterAwait),
    /// Internal: the `Promise.all` resolve element function of element `index` of the
    /// combinator state (27.2.4.1.3), when it was only handed to the builtin `then`.
    AllElement(Gc<JsObject>, u32),
}

impl Handler {
    fn trace(&self, t: &mut Tracer) {
        match *self {
            Handler::Empty => {}
            Handler::Call(f) => t.value(f),
            Handler::Await(state, _) | Handler::AllElement(state, _) => t.gc(state),
        }
    }
}

/// `[[Capability]]` of a PromiseReaction record.
#[derive(Clone, Copy)]
pub(crate) enum Capability {
    /// No result capability (Await, PerformPromiseThen without one).
    None,
    /// A `%Promise%` capability whose resolving functions were never created: the reaction job
    /// resolves or rejects this promise directly.
    Intrinsic(Value),
    /// A PromiseCapability record (promise, resolve, reject).
    Full(Value, Value, Value),
}

impl Capability {
    fn trace(&self, t: &mut Tracer) {
        match *self {
            Capability::None => {}
            Capability::Intrinsic(p) => t.value(p),
            Capability::Full(p, res, rej) => {
                t.value(p);
                t.value(res);
                t.value(rej);
            }
        }
    }

    /// The capability's promise (undefined for none).
    fn promise(&self) -> Value {
        match *self {
            Capability::None => Value::UNDEFINED,
            Capability::Intrinsic(p) | Capability::Full(p, _, _) => p,
        }
    }
}

/// A pair of PromiseReaction records (the fulfill and the reject reaction of one
/// PerformPromiseThen share their capability).
#[derive(Clone, Copy)]
struct Reaction {
    on_fulfilled: Handler,
    on_rejected: Handler,
    cap: Capability,
}

/// A queued job (HostEnqueuePromiseJob).
pub(crate) enum Job {
    /// 27.2.2.1 PromiseReactionJob(reaction, argument).
    Reaction {
        handler: Handler,
        cap: Capability,
        argument: Value,
        fulfilled: bool,
    },
    /// 27.2.2.2 PromiseResolveThenableJob(promiseToResolve, thenable, then).
    Thenable {
        promise: Value,
        thenable: Value,
        then: Value,
    },
    /// Call a function with no arguments (`queueMicrotask`, host continuations).
    Call(Value),
}

impl Trace for Job {
    fn trace(&self, t: &mut Tracer) {
        match self {
            Job::Reaction {
                handler,
                cap,
                argument,
                ..
            } => {
                handler.trace(t);
                cap.trace(t);
                t.value(*argument);
            }
            Job::Thenable {
                promise,
                thenable,
                then,
            } => {
                t.value(*promise);
                t.value(*thenable);
                t.value(*then);
            }
            Job::Call(f) => t.value(*f),
        }
    }
}

/// The internal slots of a promise.
pub(crate) struct PromiseData {
    pub(crate) state: PromiseState,
    pub(crate) result: Value,
    /// `[[PromiseFulfillReactions]]` and `[[PromiseRejectReactions]]`, pairwise (most promises
    /// get at most one `then`).
    reactions: SmallVec<[Reaction; 1]>,
    pub(crate) is_handled: bool,
}

impl Trace for PromiseData {
    fn trace(&self, t: &mut Tracer) {
        t.value(self.result);
        for r in &self.reactions {
            r.on_fulfilled.trace(t);
            r.on_rejected.trace(t);
            r.cap.trace(t);
        }
    }
}
crate::object_data!(PromiseData);

impl PromiseData {
    fn new() -> PromiseData {
        PromiseData {
            state: PromiseState::Pending,
            result: Value::UNDEFINED,
            reactions: SmallVec::new(),
            is_handled: false,
        }
    }
}

/// Can a thrown value be caught (everything but the uncatchable termination)?
#[inline]
fn catchable(e: Value) -> bool {
    e != TERMINATED
}

/// The `i`-th captured value of the running builtin closure.
#[inline]
pub(crate) fn capture(ctx: &NativeCtx, i: usize) -> Value {
    match ctx.callee.kind() {
        ObjectKind::Native(n) => n.captures.get(i).copied().unwrap_or(Value::UNDEFINED),
        _ => Value::UNDEFINED,
    }
}

/// Overwrites a captured value of a builtin closure.
fn set_capture(f: Value, i: usize, v: Value) {
    if let Some(o) = f.as_object() {
        if let ObjectKind::Native(n) = &mut o.inner().kind {
            if i < n.captures.len() {
                n.captures[i] = v;
            }
        }
    }
}

/// `v` as a promise object, or a TypeError with `message`.
fn require_promise(vm: &mut Vm, v: Value, message: &str) -> JsResult<Gc<JsObject>> {
    match v.as_object() {
        Some(o) if is_promise(v) => Ok(o),
        _ => Err(vm.type_error(message)),
    }
}

/// `IsPromise`.
pub(crate) fn is_promise(v: Value) -> bool {
    v.as_object()
        .is_some_and(|o| o.data::<PromiseData>().is_some())
}

/// The state and result of a promise (for inspection), if `v` is one.
pub(crate) fn promise_info(v: Value) -> Option<(PromiseState, Value)> {
    let o = v.as_object()?;
    let d = o.data::<PromiseData>()?;
    Some((d.state, d.result))
}

/// A new pending promise with `%Promise.prototype%`.
pub(crate) fn new_promise(vm: &mut Vm) -> Value {
    let proto = vm.intrinsic(Intrinsic::PromisePrototype);
    Value::object(vm.new_data_object(proto, Box::new(PromiseData::new())))
}

// ---------------------------------------------------------------------------------------------
// Settling

/// `FulfillPromise`.
fn fulfill_promise(vm: &mut Vm, p: Gc<JsObject>, v: Value) {
    let Some(d) = p.data::<PromiseData>() else {
        return;
    };
    if d.state != PromiseState::Pending {
        return;
    }
    let reactions = std::mem::take(&mut d.reactions);
    d.result = v;
    d.state = PromiseState::Fulfilled;
    trigger_reactions(vm, reactions, v, true);
}

/// `RejectPromise`.
pub(crate) fn reject_promise(vm: &mut Vm, p: Value, reason: Value) {
    let Some(po) = p.as_object() else { return };
    let Some(d) = po.data::<PromiseData>() else {
        return;
    };
    if d.state != PromiseState::Pending {
        return;
    }
    let reactions = std::mem::take(&mut d.reactions);
    d.result = reason;
    d.state = PromiseState::Rejected;
    let handled = d.is_handled;
    if !handled {
        // HostPromiseRejectionTracker(promise, "reject").
        vm.unhandled_rejections.push(p);
    }
    trigger_reactions(vm, reactions, reason, false);
}

/// The resolve steps of a promise's resolving functions (§27.2.1.3.2 steps 7–16), without the
/// `[[AlreadyResolved]]` check: the promise adopts `resolution`.
pub(crate) fn resolve_promise(vm: &mut Vm, p: Value, resolution: Value) -> JsResult<()> {
    let Some(po) = p.as_object() else {
        return Ok(());
    };
    if resolution == p {
        let e = vm.type_error("Chaining cycle detected for promise #<Promise>");
        reject_promise(vm, p, e);
        return Ok(());
    }
    let Some(ro) = resolution.as_object() else {
        fulfill_promise(vm, po, resolution);
        return Ok(());
    };
    let then = match vm.get(ro, Key::Named(names::THEN), resolution) {
        Ok(t) => t,
        Err(e) if catchable(e) => {
            reject_promise(vm, p, e);
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    if !vm.is_callable(then) {
        fulfill_promise(vm, po, resolution);
        return Ok(());
    }
    // NewPromiseResolveThenableJob.
    vm.jobs.push_back(Job::Thenable {
        promise: p,
        thenable: resolution,
        then,
    });
    Ok(())
}

/// `TriggerPromiseReactions`.
fn trigger_reactions(
    vm: &mut Vm,
    reactions: SmallVec<[Reaction; 1]>,
    argument: Value,
    fulfilled: bool,
) {
    for r in reactions {
        enqueue_reaction_job(vm, r, argument, fulfilled);
    }
}

/// `NewPromiseReactionJob` + `HostEnqueuePromiseJob` for the fulfill or the reject half of `r`.
fn enqueue_reaction_job(vm: &mut Vm, r: Reaction, argument: Value, fulfilled: bool) {
    vm.jobs.push_back(Job::Reaction {
        handler: if fulfilled {
            r.on_fulfilled
        } else {
            r.on_rejected
        },
        cap: r.cap,
        argument,
        fulfilled,
    });
}

/// 27.2.2.1 PromiseReactionJob.
fn promise_reaction_job(
    vm: &mut Vm,
    handler: Handler,
    cap: Capability,
    argument: Value,
    fulfilled: bool,
) -> JsResult<()> {
    let result: JsResult<Value> = match handler {
        Handler::Empty if fulfilled => Ok(argument),
        Handler::Empty => Err(argument),
        Handler::Call(f) => vm.call(f, Value::UNDEFINED, &[argument]),
        Handler::Await(state, then) => {
            let outcome = if fulfilled {
                Ok(argument)
            } else {
                Err(argument)
            };
            generator::after_await(vm, state, then, outcome).map(|()| Value::UNDEFINED)
        }
        Handler::AllElement(state, index) => {
            if !first_call(state, index as usize) {
                Ok(Value::UNDEFINED)
            } else {
                element_done(vm, state, index as usize, argument, false)
            }
        }
    };
    match cap {
        // No result capability (internal await / PerformPromiseThen without capability).
        Capability::None => result.map(|_| ()),
        Capability::Intrinsic(p) => match result {
            Ok(v) => resolve_promise(vm, p, v),
            Err(e) if catchable(e) => {
                reject_promise(vm, p, e);
                Ok(())
            }
            Err(e) => Err(e),
        },
        Capability::Full(_, res, rej) => match result {
            Ok(v) => vm.call(res, Value::UNDEFINED, &[v]).map(|_| ()),
            Err(e) if catchable(e) => vm.call(rej, Value::UNDEFINED, &[e]).map(|_| ()),
            Err(e) => Err(e),
        },
    }
}

/// 27.2.2.2 PromiseResolveThenableJob.
fn promise_resolve_thenable_job(
    vm: &mut Vm,
    p: Value,
    thenable: Value,
    then: Value,
) -> JsResult<()> {
    let (res, rej) = create_resolving_functions(vm, p);
    match vm.call(then, thenable, &[res, rej]) {
        Ok(_) => Ok(()),
        Err(e) if catchable(e) => vm.call(rej, Value::UNDEFINED, &[e]).map(|_| ()),
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------------
// Resolving functions and capabilities

/// `CreateResolvingFunctions`: resolve captures [promise, reject], reject captures
/// [promise, resolve]; `[[AlreadyResolved]]` is shared by clearing the promise in both.
fn create_resolving_functions(vm: &mut Vm, p: Value) -> (Value, Value) {
    let res = Value::object(vm.new_native_closure(
        "",
        1,
        resolve_function,
        vec![p, Value::UNDEFINED],
        false,
    ));
    let rej = Value::object(vm.new_native_closure("", 1, reject_function, vec![p, res], false));
    set_capture(res, 1, rej);
    (res, rej)
}

/// Marks both resolving functions as used; returns the promise, or None when already resolved.
fn take_resolving(ctx: &NativeCtx) -> Option<Value> {
    let p = capture(ctx, 0);
    if p.is_undefined() {
        return None;
    }
    let other = capture(ctx, 1);
    set_capture(Value::object(ctx.callee), 0, Value::UNDEFINED);
    set_capture(other, 0, Value::UNDEFINED);
    Some(p)
}

// 27.2.1.3.2 Promise Resolve Functions
fn resolve_function(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let Some(p) = take_resolving(&ctx) else {
        return Ok(Value::UNDEFINED);
    };
    vm.root(p);
    resolve_promise(vm, p, arg(args, 0))?;
    Ok(Value::UNDEFINED)
}

// 27.2.1.3.1 Promise Reject Functions
fn reject_function(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let Some(p) = take_resolving(&ctx) else {
        return Ok(Value::UNDEFINED);
    };
    reject_promise(vm, p, arg(args, 0));
    Ok(Value::UNDEFINED)
}

// 27.2.1.5.1 GetCapabilitiesExecutor Functions (captures [resolve, reject])
fn capabilities_executor(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    ctx: NativeCtx,
) -> JsResult<Value> {
    if !capture(&ctx, 0).is_undefined() {
        return Err(
            vm.type_error("Promise executor has already been invoked with non-undefined arguments")
        );
    }
    if !capture(&ctx, 1).is_undefined() {
        return Err(
            vm.type_error("Promise executor has already been invoked with non-undefined arguments")
        );
    }
    let me = Value::object(ctx.callee);
    set_capture(me, 0, arg(args, 0));
    set_capture(me, 1, arg(args, 1));
    Ok(Value::UNDEFINED)
}

/// `NewPromiseCapability(C)`: (promise, resolve, reject).
pub(crate) fn new_promise_capability(vm: &mut Vm, ctor: Value) -> JsResult<(Value, Value, Value)> {
    let intrinsic = Value::object(vm.intrinsic(Intrinsic::Promise));
    if ctor == intrinsic {
        let p = new_promise(vm);
        let (res, rej) = create_resolving_functions(vm, p);
        return Ok((p, res, rej));
    }
    if !vm.is_constructor(ctor) {
        return Err(vm.type_error("Promise resolve or reject function is not callable"));
    }
    let executor = vm.new_native_closure(
        "",
        2,
        capabilities_executor,
        vec![Value::UNDEFINED, Value::UNDEFINED],
        false,
    );
    let p = vm.construct(ctor, &[Value::object(executor)], None)?;
    vm.root(p);
    let (res, rej) = match executor.kind() {
        ObjectKind::Native(n) => (n.captures[0], n.captures[1]),
        _ => (Value::UNDEFINED, Value::UNDEFINED),
    };
    if !vm.is_callable(res) {
        return Err(vm.type_error("Promise resolve function is not callable"));
    }
    if !vm.is_callable(rej) {
        return Err(vm.type_error("Promise reject function is not callable"));
    }
    Ok((p, res, rej))
}

/// `PromiseResolve(C, x)`.
fn promise_resolve_with(vm: &mut Vm, c: Value, x: Value) -> JsResult<Value> {
    if let Some(xo) = x.as_object().filter(|_| is_promise(x)) {
        let xc = match plain_promise_constructor(vm, xo) {
            Some(xc) => xc,
            None => vm.get(xo, Key::Named(names::CONSTRUCTOR), x)?,
        };
        if vm.same_value(xc, c) {
            return Ok(x);
        }
    }
    if c == Value::object(vm.intrinsic(Intrinsic::Promise)) {
        // The capability's resolving functions would be used once, right here: resolve the
        // new promise directly.
        let p = new_promise(vm);
        vm.root(p);
        resolve_promise(vm, p, x)?;
        return Ok(p);
    }
    let (p, res, _) = new_promise_capability(vm, c)?;
    vm.call(res, Value::UNDEFINED, &[x])?;
    Ok(p)
}

/// `PromiseResolve(%Promise%, v)`.
pub(crate) fn promise_resolve(vm: &mut Vm, v: Value) -> JsResult<Value> {
    let c = Value::object(vm.intrinsic(Intrinsic::Promise));
    promise_resolve_with(vm, c, v)
}

/// The reaction job of an `await` on a promise already fulfilled with `value`.
pub(crate) fn queue_await_job(vm: &mut Vm, state: Gc<JsObject>, then: AfterAwait, value: Value) {
    vm.jobs.push_back(Job::Reaction {
        handler: Handler::Await(state, then),
        cap: Capability::None,
        argument: value,
        fulfilled: true,
    });
}

/// A reaction handler for a `then` argument: the callable, or empty.
fn handler_of(vm: &Vm, f: Value) -> Handler {
    if vm.is_callable(f) {
        Handler::Call(f)
    } else {
        Handler::Empty
    }
}

/// `PerformPromiseThen(promise, onFulfilled, onRejected, capability)` with the handlers already
/// converted; returns the capability's promise (undefined without one). `promise` must be a
/// promise.
fn perform_then_reaction(vm: &mut Vm, promise: Gc<JsObject>, r: Reaction) -> Value {
    let Some(d) = promise.data::<PromiseData>() else {
        return Value::UNDEFINED;
    };
    match d.state {
        PromiseState::Pending => {
            d.reactions.push(r);
            d.is_handled = true;
        }
        PromiseState::Fulfilled => {
            let v = d.result;
            d.is_handled = true;
            enqueue_reaction_job(vm, r, v, true);
        }
        PromiseState::Rejected => {
            let reason = d.result;
            let was_handled = d.is_handled;
            d.is_handled = true;
            if !was_handled {
                // HostPromiseRejectionTracker(promise, "handle").
                let pv = Value::object(promise);
                vm.unhandled_rejections.retain(|&x| x != pv);
            }
            enqueue_reaction_job(vm, r, reason, false);
        }
    }
    r.cap.promise()
}

/// `PerformPromiseThen(promise, onFulfilled, onRejected)` without a result capability
/// (returns undefined). `promise` must be a promise.
pub(crate) fn perform_then(
    vm: &mut Vm,
    promise: Value,
    on_fulfilled: Value,
    on_rejected: Value,
) -> JsResult<Value> {
    let po = require_promise(vm, promise, "not a promise")?;
    let r = Reaction {
        on_fulfilled: handler_of(vm, on_fulfilled),
        on_rejected: handler_of(vm, on_rejected),
        cap: Capability::None,
    };
    Ok(perform_then_reaction(vm, po, r))
}

/// 27.7.5.3 Await, steps 2–5, on a promise: `PerformPromiseThen(promise, onFulfilled,
/// onRejected)` where both closures would continue `state` as `then` says. No function objects
/// are created: the reaction job resumes the state itself.
pub(crate) fn perform_then_await(
    vm: &mut Vm,
    promise: Value,
    state: Gc<JsObject>,
    then: AfterAwait,
) -> JsResult<()> {
    let po = require_promise(vm, promise, "not a promise")?;
    let r = Reaction {
        on_fulfilled: Handler::Await(state, then),
        on_rejected: Handler::Await(state, then),
        cap: Capability::None,
    };
    perform_then_reaction(vm, po, r);
    Ok(())
}

/// Runs queued jobs until the queue is empty. An exception thrown by a job is returned (the
/// remaining jobs stay queued).
pub(crate) fn run_jobs(vm: &mut Vm) -> JsResult<()> {
    // The synchronous execution that queued these jobs has ended.
    clear_kept_objects(vm);
    while let Some(job) = vm.jobs.pop_front() {
        // A job runs like a builtin: its values and everything it allocates stay rooted.
        let r = vm.native_scope(|vm| match job {
            Job::Reaction {
                handler,
                cap,
                argument,
                fulfilled,
            } => {
                match handler {
                    Handler::Empty => {}
                    Handler::Call(f) => vm.root(f),
                    Handler::Await(state, _) | Handler::AllElement(state, _) => {
                        vm.root(Value::object(state))
                    }
                }
                if let Capability::Full(_, res, rej) = cap {
                    vm.root(res);
                    vm.root(rej);
                }
                vm.root(cap.promise());
                vm.root(argument);
                promise_reaction_job(vm, handler, cap, argument, fulfilled)
            }
            Job::Thenable {
                promise,
                thenable,
                then,
            } => {
                vm.root(promise);
                vm.root(thenable);
                vm.root(then);
                promise_resolve_thenable_job(vm, promise, thenable, then)
            }
            Job::Call(f) => vm.call(f, Value::UNDEFINED, &[]).map(|_| ()),
        });
        clear_kept_objects(vm);
        r?;
    }
    Ok(())
}

/// `AddToKeptObjects(value)` (WeakRef targets stay alive until the current job ends). The list
/// lives in the `Promise` constructor's (invisible) captures.
pub(crate) fn add_to_kept_objects(vm: &mut Vm, v: Value) {
    let c = vm.intrinsic(Intrinsic::Promise);
    if let ObjectKind::Native(n) = &mut c.inner().kind {
        // Repeated derefs of the same target are common: skip recent duplicates.
        let recent = n.captures.len().saturating_sub(64);
        if !n.captures[recent..].contains(&v) {
            n.captures.push(v);
        }
    }
}

/// `ClearKeptObjects()`.
pub(crate) fn clear_kept_objects(vm: &mut Vm) {
    let c = vm.intrinsic(Intrinsic::Promise);
    if let ObjectKind::Native(n) = &mut c.inner().kind {
        n.captures.clear();
    }
}

/// `SpeciesConstructor(O, defaultConstructor)`.
pub(crate) fn species_constructor(vm: &mut Vm, o: Gc<JsObject>, default: Value) -> JsResult<Value> {
    let c = match plain_promise_constructor(vm, o) {
        Some(c) => c,
        None => vm.get(o, Key::Named(names::CONSTRUCTOR), Value::object(o))?,
    };
    if c.is_undefined() {
        return Ok(default);
    }
    let Some(co) = c.as_object() else {
        return Err(vm.type_error("object.constructor is not an object"));
    };
    let sk = vm.symbol_key(WellKnown::Species);
    let s = if species_getter_returns_this(vm, co, sk) {
        c
    } else {
        vm.get(co, Key::Named(sk), c)?
    };
    if s.is_nullish() {
        return Ok(default);
    }
    if vm.is_constructor(s) {
        return Ok(s);
    }
    Err(vm.type_error("object.constructor[Symbol.species] is not a constructor"))
}

/// Is `C[@@species]` an own accessor of the builtin function `c` whose getter is the builtin
/// `get [Symbol.species]` (which returns its `this`)? Then `Get(C, @@species)` is `C` without
/// calling the getter (a builtin function has no exotic `[[Get]]`, and the getter has no side
/// effect).
fn species_getter_returns_this(
    vm: &mut Vm,
    c: Gc<JsObject>,
    species: crate::atoms::PropKey,
) -> bool {
    if !matches!(c.kind(), ObjectKind::Native(_)) {
        return false;
    }
    // The getter and the attributes of `c`'s own @@species.
    let own = if c == vm.intrinsic(Intrinsic::Promise) {
        cached_own_slot(vm, c, species, |l| &mut l.species)
            .map(|(slot, a)| (c.inner().slots[slot as usize], a))
    } else {
        vm.get_own_property(c, Key::Named(species))
            .map(|p| (p.value, p.attrs))
    };
    own.is_some_and(|(getter, a)| a & attrs::ACCESSOR != 0 && is_builtin(getter, promise_species))
}

/// Where `%Promise.prototype%.constructor` and `%Promise%[@@species]` were last found, by the
/// shape of their holder. `then` and `await` read both for every promise; while the holder
/// keeps that shape the property is in that slot, so the read is a shape compare instead of a
/// hashed lookup. A holder that changes shape (a property added, redefined or deleted) misses
/// and the slot is looked up again.
#[derive(Clone, Copy, Default)]
pub(crate) struct PromiseLookups {
    constructor: Option<(ShapeId, u32, u8)>,
    species: Option<(ShapeId, u32, u8)>,
}

/// Slot and attributes of `o`'s own named property `key`, through the cache entry `entry`
/// selects (refilled on a shape miss).
fn cached_own_slot(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: crate::atoms::PropKey,
    entry: fn(&mut PromiseLookups) -> &mut Option<(ShapeId, u32, u8)>,
) -> Option<(u32, u8)> {
    let shape = o.inner().shape;
    if let Some((s, slot, a)) = *entry(&mut vm.promise_lookups) {
        if s == shape {
            return Some((slot, a));
        }
    }
    if shape == ShapeId::DICT {
        return None;
    }
    let (slot, a) = vm.shapes.lookup(shape, key)?;
    *entry(&mut vm.promise_lookups) = Some((shape, slot, a));
    Some((slot, a))
}

/// `Get(p, "constructor")` without a lookup for the common case: `p` has no own named
/// properties and inherits straight from `%Promise.prototype%`, whose own `constructor` is a
/// data property. `None` means "do the full [[Get]]".
fn plain_promise_constructor(vm: &mut Vm, p: Gc<JsObject>) -> Option<Value> {
    let proto = vm.intrinsic(Intrinsic::PromisePrototype);
    let inner = p.inner();
    if inner.shape != ShapeId::ROOT || inner.proto != Some(proto) {
        return None;
    }
    let (slot, a) = cached_own_slot(vm, proto, names::CONSTRUCTOR, |l| &mut l.constructor)?;
    (a & attrs::ACCESSOR == 0).then(|| proto.inner().slots[slot as usize])
}

/// `Invoke(v, "then", args)`.
fn invoke_then(vm: &mut Vm, v: Value, args: &[Value]) -> JsResult<Value> {
    let f = vm.get_v(v, Key::Named(names::THEN))?;
    vm.call(f, v, args)
}

// ---------------------------------------------------------------------------------------------
// Constructor and statics

// 27.2.3.1 Promise ( executor )
fn promise_ctor(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    if ctx.new_target.is_undefined() {
        return Err(vm.type_error("Promise constructor cannot be invoked without 'new'"));
    }
    let executor = arg(args, 0);
    if !vm.is_callable(executor) {
        let d = vm.describe_for_error(executor);
        return Err(vm.type_error(&format!("Promise resolver {d} is not a function")));
    }
    let proto = vm.prototype_from_constructor(ctx.new_target, Intrinsic::PromisePrototype)?;
    let p = Value::object(vm.new_data_object(proto, Box::new(PromiseData::new())));
    let (res, rej) = create_resolving_functions(vm, p);
    match vm.call(executor, Value::UNDEFINED, &[res, rej]) {
        Ok(_) => {}
        Err(e) if catchable(e) => {
            vm.call(rej, Value::UNDEFINED, &[e])?;
        }
        Err(e) => return Err(e),
    }
    Ok(p)
}

/// `IfAbruptRejectPromise`: turns a throw into a rejected capability promise.
fn reject_cap(vm: &mut Vm, e: Value, cap: (Value, Value, Value)) -> JsResult<Value> {
    if !catchable(e) {
        return Err(e);
    }
    vm.call(cap.2, Value::UNDEFINED, &[e])?;
    Ok(cap.0)
}

/// `IteratorClose(iter, throwCompletion)`: calls `return`, ignoring its outcome; yields the error.
fn iterator_close_throw(vm: &mut Vm, it: Value, err: Value) -> Value {
    if !catchable(err) {
        return err;
    }
    if let Some(io) = it.as_object() {
        if let Ok(ret) = vm.get(io, Key::Named(names::RETURN), it) {
            if !ret.is_nullish() {
                if let Err(e) = vm.call(ret, it, &[]) {
                    if !catchable(e) {
                        return e;
                    }
                }
            }
        }
    }
    err
}

/// Which combinator.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Combinator {
    All,
    AllSettled,
    Any,
    Race,
}

/// Shared state of Promise.all / allSettled / any element functions.
struct AllState {
    values: Vec<Value>,
    /// Keyed combinators (`Promise.allKeyed`/`allSettledKeyed`): the property key of each value;
    /// the result is then a null-prototype object instead of an array.
    keys: Option<Vec<Value>>,
    called: Vec<bool>,
    remaining: usize,
    cap_promise: Value,
    cap_resolve: Value,
    cap_reject: Value,
}

impl Trace for AllState {
    fn trace(&self, t: &mut Tracer) {
        t.values(&self.values);
        if let Some(k) = &self.keys {
            t.values(k);
        }
        t.value(self.cap_promise);
        t.value(self.cap_resolve);
        t.value(self.cap_reject);
    }
}
crate::object_data!(AllState);

/// GetPromiseResolve(C): `C.resolve`, which must be callable. `C` is an object (its capability
/// was created).
fn get_promise_resolve(vm: &mut Vm, c: Value) -> JsResult<Value> {
    let co = c.as_object().expect("a constructor with a capability");
    let f = vm.get(co, Key::Named(names::RESOLVE), c)?;
    if !vm.is_callable(f) {
        return Err(vm.type_error("Promise resolve or reject function is not callable"));
    }
    Ok(f)
}

/// Shared driver of the four combinators (27.2.4.1, .2, .3, .5).
fn combinator(vm: &mut Vm, this: Value, iterable: Value, kind: Combinator) -> JsResult<Value> {
    let c = this;
    let cap = new_promise_capability(vm, c)?;
    let promise_resolve = match get_promise_resolve(vm, c) {
        Ok(f) => f,
        Err(e) => return reject_cap(vm, e, cap),
    };
    vm.root(promise_resolve);
    let (it, next) = match vm.get_iterator(iterable) {
        Ok(x) => x,
        Err(e) => return reject_cap(vm, e, cap),
    };
    vm.root(it);
    vm.root(next);
    let state_proto = vm.intrinsic(Intrinsic::ObjectPrototype);
    // An array's length is a good guess of the element count (it only sizes the vectors).
    let hint = iterable
        .as_object()
        .filter(|o| o.is_array())
        .map_or(0, |o| o.array_length().min(1 << 16) as usize);
    let state = vm.new_data_object(
        state_proto,
        Box::new(AllState {
            values: Vec::with_capacity(hint),
            keys: None,
            called: Vec::with_capacity(hint),
            remaining: 1,
            cap_promise: cap.0,
            cap_resolve: cap.1,
            cap_reject: cap.2,
        }),
    );
    let state_v = Value::object(state);
    let mut index: i32 = 0;
    loop {
        let next_value = match vm.iterator_step(it, next) {
            Ok(v) => v,
            // Errors from IteratorStepValue set [[Done]]: no close.
            Err(e) => return reject_cap(vm, e, cap),
        };
        let Some(nv) = next_value else {
            if kind == Combinator::Race {
                return Ok(cap.0);
            }
            let d = state.data::<AllState>().unwrap();
            d.remaining -= 1;
            if d.remaining == 0 {
                let values = std::mem::take(&mut d.values);
                let arr = Value::object(vm.new_array(values));
                if kind == Combinator::Any {
                    let e = aggregate_error(vm, arr);
                    return reject_cap(vm, e, cap);
                }
                if let Err(e) = vm.call(cap.1, Value::UNDEFINED, &[arr]) {
                    return reject_cap(vm, e, cap);
                }
            }
            return Ok(cap.0);
        };
        vm.root(nv);
        let r: JsResult<()> = (|| {
            if kind != Combinator::Race {
                let d = state.data::<AllState>().unwrap();
                d.values.push(Value::UNDEFINED);
                d.called.push(false);
            }
            let next_promise = if is_builtin(promise_resolve, promise_resolve_static) {
                // Call(promiseResolve, C, « next ») of the builtin `Promise.resolve`.
                promise_resolve_with(vm, c, nv)?
            } else {
                vm.call(promise_resolve, c, &[nv])?
            };
            vm.root(next_promise);
            if kind != Combinator::Race {
                state.data::<AllState>().unwrap().remaining += 1;
            }
            // Invoke(nextPromise, "then", « onFulfilled, onRejected »). Creating the element
            // functions is unobservable, so it can wait until `then` is known.
            let then = vm.get_v(next_promise, Key::Named(names::THEN))?;
            vm.root(then);
            if kind == Combinator::All && is_builtin(then, promise_then) {
                // The resolve element function would only reach the builtin `then`: an
                // internal handler stands in for it.
                let on_f = Handler::AllElement(state, index as u32);
                let on_r = handler_of(vm, cap.2);
                then_with(vm, next_promise, on_f, on_r)?;
                return Ok(());
            }
            let (on_f, on_r) = element_functions(vm, kind, state_v, index, cap);
            vm.call(then, next_promise, &[on_f, on_r])?;
            Ok(())
        })();
        if let Err(e) = r {
            let e = iterator_close_throw(vm, it, e);
            return reject_cap(vm, e, cap);
        }
        index += 1;
    }
}

/// The `then` handlers a combinator passes for element `index`: its resolve/reject element
/// functions (capturing the shared `state`), or the capability's own functions.
fn element_functions(
    vm: &mut Vm,
    kind: Combinator,
    state: Value,
    index: i32,
    cap: (Value, Value, Value),
) -> (Value, Value) {
    let mut element = |f: NativeFn| {
        let captures = vec![state, Value::int(index)];
        Value::object(vm.new_native_closure("", 1, f, captures, false))
    };
    match kind {
        Combinator::Race => (cap.1, cap.2),
        Combinator::All => (element(all_resolve_element), cap.2),
        Combinator::AllSettled => (
            element(all_settled_fulfilled),
            element(all_settled_rejected),
        ),
        Combinator::Any => (cap.1, element(any_reject_element)),
    }
}

/// An AggregateError with `errors`.
fn aggregate_error(vm: &mut Vm, errors: Value) -> Value {
    let e = vm.make_error(
        Intrinsic::AggregateErrorPrototype,
        "All promises were rejected",
    );
    if let Some(eo) = e.as_object() {
        vm.define_value_property(eo, names::ERRORS, errors, attrs::HIDDEN);
    }
    e
}

/// Records one element; returns Some(state) when this is the first call for this index.
fn element_state(ctx: &NativeCtx) -> Option<(Gc<JsObject>, usize)> {
    let state = capture(ctx, 0).as_object()?;
    let index = capture(ctx, 1).as_int()? as usize;
    first_call(state, index).then_some((state, index))
}

/// `[[AlreadyCalled]]` of element `index`: false when it was already set, else sets it.
fn first_call(state: Gc<JsObject>, index: usize) -> bool {
    let Some(d) = state.data::<AllState>() else {
        return false;
    };
    !std::mem::replace(&mut d.called[index], true)
}

/// Stores `v` at `index`; when the count reaches zero, settles the capability.
fn element_done(
    vm: &mut Vm,
    state: Gc<JsObject>,
    index: usize,
    v: Value,
    reject: bool,
) -> JsResult<Value> {
    let d = state.data::<AllState>().unwrap();
    d.values[index] = v;
    d.remaining -= 1;
    if d.remaining == 0 {
        let (res, rej) = (d.cap_resolve, d.cap_reject);
        let arr = combinator_result(vm, state)?;
        if reject {
            let e = aggregate_error(vm, arr);
            return vm.call(rej, Value::UNDEFINED, &[e]);
        }
        return vm.call(res, Value::UNDEFINED, &[arr]);
    }
    Ok(Value::UNDEFINED)
}

// 27.2.4.1.3 Promise.all Resolve Element Functions
fn all_resolve_element(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    ctx: NativeCtx,
) -> JsResult<Value> {
    let Some((state, index)) = element_state(&ctx) else {
        return Ok(Value::UNDEFINED);
    };
    element_done(vm, state, index, arg(args, 0), false)
}

fn settled_record(vm: &mut Vm, fulfilled: bool, v: Value) -> Value {
    let o = vm.new_object();
    let status = vm.key_to_value(if fulfilled {
        names::FULFILLED
    } else {
        names::REJECTED
    });
    vm.define_value_property(o, names::STATUS, status, attrs::DEFAULT);
    vm.define_value_property(
        o,
        if fulfilled {
            names::VALUE
        } else {
            names::REASON
        },
        v,
        attrs::DEFAULT,
    );
    Value::object(o)
}

// 27.2.4.2.2 Promise.allSettled Resolve Element Functions
fn all_settled_fulfilled(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    ctx: NativeCtx,
) -> JsResult<Value> {
    let Some((state, index)) = element_state(&ctx) else {
        return Ok(Value::UNDEFINED);
    };
    let rec = settled_record(vm, true, arg(args, 0));
    element_done(vm, state, index, rec, false)
}

// 27.2.4.2.3 Promise.allSettled Reject Element Functions
fn all_settled_rejected(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    ctx: NativeCtx,
) -> JsResult<Value> {
    let Some((state, index)) = element_state(&ctx) else {
        return Ok(Value::UNDEFINED);
    };
    let rec = settled_record(vm, false, arg(args, 0));
    element_done(vm, state, index, rec, false)
}

// 27.2.4.3.2 Promise.any Reject Element Functions
fn any_reject_element(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    ctx: NativeCtx,
) -> JsResult<Value> {
    let Some((state, index)) = element_state(&ctx) else {
        return Ok(Value::UNDEFINED);
    };
    element_done(vm, state, index, arg(args, 0), true)
}

/// The settled values: an array, or for keyed combinators a null-prototype object mapping each
/// key to its value (CreateKeyedPromiseCombinatorResultObject).
fn combinator_result(vm: &mut Vm, state: Gc<JsObject>) -> JsResult<Value> {
    let d = state.data::<AllState>().unwrap();
    let Some(keys) = d.keys.clone() else {
        // Called once, when the last element settled: nothing reads the values afterwards.
        let values = std::mem::take(&mut d.values);
        return Ok(Value::object(vm.new_array(values)));
    };
    let values = d.values.clone();
    let o = vm.new_object_with(None, ObjectKind::Ordinary);
    vm.root(Value::object(o));
    for (k, v) in keys.into_iter().zip(values) {
        let key = vm.to_property_key(k)?;
        vm.create_data_property_or_throw(o, key, v)?;
    }
    Ok(Value::object(o))
}

/// `Promise.allKeyed` / `Promise.allSettledKeyed` (the await-dictionary proposal): like `all` /
/// `allSettled` over the enumerable own properties of an object, settling with an object.
fn keyed_combinator(
    vm: &mut Vm,
    this: Value,
    promises: Value,
    kind: Combinator,
) -> JsResult<Value> {
    let c = this;
    let cap = new_promise_capability(vm, c)?;
    let promise_resolve = match get_promise_resolve(vm, c) {
        Ok(f) => f,
        Err(e) => return reject_cap(vm, e, cap),
    };
    vm.root(promise_resolve);
    let Some(po) = promises.as_object() else {
        let e = vm.type_error("Promise keyed combinator argument is not an object");
        return reject_cap(vm, e, cap);
    };
    let state = vm.new_data_object(
        vm.intrinsic(Intrinsic::ObjectPrototype),
        Box::new(AllState {
            values: Vec::new(),
            keys: Some(Vec::new()),
            called: Vec::new(),
            remaining: 1,
            cap_promise: cap.0,
            cap_resolve: cap.1,
            cap_reject: cap.2,
        }),
    );
    vm.root(Value::object(state));
    let r: JsResult<()> = (|| {
        let keys = vm.own_keys(po)?;
        let mut index: i32 = 0;
        for k in keys {
            match vm.get_own_property_descriptor(po, k)? {
                Some(d) if d.enumerable == Some(true) => {}
                _ => continue,
            }
            let value = vm.get(po, k, promises)?;
            vm.root(value);
            let kv = vm.key_value(k);
            let d = state.data::<AllState>().unwrap();
            d.keys.as_mut().unwrap().push(kv);
            d.values.push(Value::UNDEFINED);
            d.called.push(false);
            let next_promise = vm.call(promise_resolve, c, &[value])?;
            vm.root(next_promise);
            let (on_f, on_r) = element_functions(vm, kind, Value::object(state), index, cap);
            state.data::<AllState>().unwrap().remaining += 1;
            invoke_then(vm, next_promise, &[on_f, on_r])?;
            index += 1;
        }
        let d = state.data::<AllState>().unwrap();
        d.remaining -= 1;
        if d.remaining == 0 {
            let result = combinator_result(vm, state)?;
            vm.call(cap.1, Value::UNDEFINED, &[result])?;
        }
        Ok(())
    })();
    match r {
        Ok(()) => Ok(cap.0),
        Err(e) => reject_cap(vm, e, cap),
    }
}

fn promise_all_keyed(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    keyed_combinator(vm, this, arg(args, 0), Combinator::All)
}

fn promise_all_settled_keyed(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _: NativeCtx,
) -> JsResult<Value> {
    keyed_combinator(vm, this, arg(args, 0), Combinator::AllSettled)
}

fn promise_all(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    combinator(vm, this, arg(args, 0), Combinator::All)
}

fn promise_all_settled(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    combinator(vm, this, arg(args, 0), Combinator::AllSettled)
}

fn promise_any(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    combinator(vm, this, arg(args, 0), Combinator::Any)
}

fn promise_race(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    combinator(vm, this, arg(args, 0), Combinator::Race)
}

// 27.2.4.6 Promise.reject ( r )
fn promise_reject_static(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let (p, _, rej) = new_promise_capability(vm, this)?;
    vm.call(rej, Value::UNDEFINED, &[arg(args, 0)])?;
    Ok(p)
}

// 27.2.4.7 Promise.resolve ( x )
fn promise_resolve_static(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    if !this.is_object() {
        return Err(vm.type_error("PromiseResolve called on non-object"));
    }
    promise_resolve_with(vm, this, arg(args, 0))
}

// 27.2.4.8 Promise.try ( callbackfn, ...args )
fn promise_try(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    if !this.is_object() {
        return Err(vm.type_error("Promise.try called on non-object"));
    }
    let (p, res, rej) = new_promise_capability(vm, this)?;
    let rest = if args.len() > 1 { &args[1..] } else { &[] };
    match vm.call(arg(args, 0), Value::UNDEFINED, rest) {
        Ok(v) => {
            vm.call(res, Value::UNDEFINED, &[v])?;
        }
        Err(e) if catchable(e) => {
            vm.call(rej, Value::UNDEFINED, &[e])?;
        }
        Err(e) => return Err(e),
    }
    Ok(p)
}

// 27.2.4.9 Promise.withResolvers ( )
fn promise_with_resolvers(
    vm: &mut Vm,
    this: Value,
    _args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let (p, res, rej) = new_promise_capability(vm, this)?;
    let o = vm.new_object();
    vm.create_data_property_or_throw(o, Key::Named(names::PROMISE), p)?;
    vm.create_data_property_or_throw(o, Key::Named(names::RESOLVE), res)?;
    vm.create_data_property_or_throw(o, Key::Named(names::REJECT), rej)?;
    Ok(Value::object(o))
}

// 27.2.4.10 get Promise [ @@species ]
fn promise_species(_vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    Ok(this)
}

// ---------------------------------------------------------------------------------------------
// Prototype

// 27.2.5.1 Promise.prototype.catch ( onRejected )
fn promise_catch(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    invoke_then(vm, this, &[Value::UNDEFINED, arg(args, 0)])
}

// 27.2.5.3 Promise.prototype.finally ( onFinally )
fn promise_finally(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let Some(po) = this.as_object() else {
        return Err(vm.type_error("Promise.prototype.finally called on non-object"));
    };
    let default = Value::object(vm.intrinsic(Intrinsic::Promise));
    let c = species_constructor(vm, po, default)?;
    vm.root(c);
    let on_finally = arg(args, 0);
    let (then_finally, catch_finally) = if !vm.is_callable(on_finally) {
        (on_finally, on_finally)
    } else {
        let t = vm.new_native_closure("", 1, then_finally_fn, vec![on_finally, c], false);
        let k = vm.new_native_closure("", 1, catch_finally_fn, vec![on_finally, c], false);
        (Value::object(t), Value::object(k))
    };
    invoke_then(vm, this, &[then_finally, catch_finally])
}

fn then_finally_fn(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let on_finally = capture(&ctx, 0);
    let c = capture(&ctx, 1);
    let result = vm.call(on_finally, Value::UNDEFINED, &[])?;
    let p = promise_resolve_with(vm, c, result)?;
    let thunk = vm.new_native_closure("", 0, value_thunk, vec![arg(args, 0)], false);
    invoke_then(vm, p, &[Value::object(thunk)])
}

fn catch_finally_fn(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let on_finally = capture(&ctx, 0);
    let c = capture(&ctx, 1);
    let result = vm.call(on_finally, Value::UNDEFINED, &[])?;
    let p = promise_resolve_with(vm, c, result)?;
    let thrower = vm.new_native_closure("", 0, thrower_fn, vec![arg(args, 0)], false);
    invoke_then(vm, p, &[Value::object(thrower)])
}

fn value_thunk(_vm: &mut Vm, _this: Value, _args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    Ok(capture(&ctx, 0))
}

fn thrower_fn(_vm: &mut Vm, _this: Value, _args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    Err(capture(&ctx, 0))
}

// 27.2.5.4 Promise.prototype.then ( onFulfilled, onRejected )
fn promise_then(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let on_fulfilled = handler_of(vm, arg(args, 0));
    let on_rejected = handler_of(vm, arg(args, 1));
    then_with(vm, this, on_fulfilled, on_rejected)
}

/// `Promise.prototype.then` with its handlers already converted (internal handlers when the
/// caller knows the builtin `then` is the one being invoked).
fn then_with(
    vm: &mut Vm,
    this: Value,
    on_fulfilled: Handler,
    on_rejected: Handler,
) -> JsResult<Value> {
    let po = require_promise(
        vm,
        this,
        "Method Promise.prototype.then called on incompatible receiver",
    )?;
    let default = Value::object(vm.intrinsic(Intrinsic::Promise));
    let c = species_constructor(vm, po, default)?;
    let cap = if c == default {
        // NewPromiseCapability(%Promise%): only the reaction job will ever resolve it.
        Capability::Intrinsic(new_promise(vm))
    } else {
        let (p, res, rej) = new_promise_capability(vm, c)?;
        Capability::Full(p, res, rej)
    };
    let r = Reaction {
        on_fulfilled,
        on_rejected,
        cap,
    };
    Ok(perform_then_reaction(vm, po, r))
}

/// Is `f` the builtin function implemented by `native`?
fn is_builtin(f: Value, native: NativeFn) -> bool {
    f.as_object().is_some_and(|o| match o.kind() {
        ObjectKind::Native(n) => n.f as usize == native as usize,
        _ => false,
    })
}

// queueMicrotask ( callback )
fn queue_microtask(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let cb = arg(args, 0);
    if !vm.is_callable(cb) {
        return Err(vm.type_error("The \"callback\" argument must be of type function"));
    }
    vm.jobs.push_back(Job::Call(cb));
    Ok(Value::UNDEFINED)
}

pub(crate) fn init(vm: &mut Vm) {
    let proto = vm.intrinsic(Intrinsic::PromisePrototype);
    let ctor = make_constructor(
        vm,
        "Promise",
        1,
        promise_ctor,
        proto,
        Some(Intrinsic::Promise),
    );
    vm.define_method(ctor, "all", 1, promise_all);
    vm.define_method(ctor, "allSettled", 1, promise_all_settled);
    vm.define_method(ctor, "allKeyed", 1, promise_all_keyed);
    vm.define_method(ctor, "allSettledKeyed", 1, promise_all_settled_keyed);
    vm.define_method(ctor, "any", 1, promise_any);
    vm.define_method(ctor, "race", 1, promise_race);
    vm.define_method(ctor, "reject", 1, promise_reject_static);
    vm.define_method(ctor, "resolve", 1, promise_resolve_static);
    vm.define_method(ctor, "try", 1, promise_try);
    vm.define_method(ctor, "withResolvers", 0, promise_with_resolvers);
    let species = vm.symbol_key(WellKnown::Species);
    vm.define_accessor(ctor, species, Some(promise_species), None);

    vm.define_method(proto, "then", 2, promise_then);
    vm.define_method(proto, "catch", 1, promise_catch);
    vm.define_method(proto, "finally", 1, promise_finally);
    let tag = vm.symbol_key(WellKnown::ToStringTag);
    let tv = vm.new_string("Promise");
    vm.define_value_property(proto, tag, tv, attrs::CONFIGURABLE);

    let qm = vm.new_native_function("queueMicrotask", 1, queue_microtask);
    define_global(vm, "queueMicrotask", Value::object(qm));
}
