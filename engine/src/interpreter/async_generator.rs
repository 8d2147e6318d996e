//! Async generator objects (ECMA-262 §27.6): `%AsyncGeneratorPrototype%` `next`/`return`/`throw`
//! and the request queue that drives the generator's frame.
//!
//! Every call of a prototype method enqueues a request with a fresh promise. While the
//! generator is suspended at its start or at a `yield`, the request resumes it at once;
//! otherwise (executing, awaiting, draining) the request waits. Each `yield` settles the first
//! request and, when more are queued, continues with the next one without leaving the
//! generator. Once the body completes, the remaining requests are drained (a `return` request
//! awaits its value first).

use super::generator::{await_value, AfterAwait, GenResult, GenState, GeneratorState, ResumeMode};
use crate::builtins::iterator::create_iter_result;
use crate::builtins::{arg, promise};
use crate::heap::Gc;
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, NativeCtx, Vm, TERMINATED};

/// 27.6.3.1 AsyncGeneratorRequest: a completion and the promise that reports its outcome.
pub(crate) struct AsyncGenRequest {
    pub mode: ResumeMode,
    pub value: Value,
    /// A promise created with `%Promise%` (its capability's resolving steps are applied
    /// directly).
    pub promise: Value,
}

/// The generator's state (borrow it briefly: never across anything that runs JS).
fn state(gen: &Gc<JsObject>) -> &mut GeneratorState {
    gen.data::<GeneratorState>()
        .expect("an async generator object")
}

/// 27.6.3.5 AsyncGeneratorCompleteStep(generator, completion, done): settles the first queued
/// request with `outcome` (a normal completion as an iterator result).
fn complete_step(
    vm: &mut Vm,
    gen: Gc<JsObject>,
    outcome: Result<Value, Value>,
    done: bool,
) -> JsResult<()> {
    let request = state(&gen)
        .queue
        .pop_front()
        .expect("a request to complete");
    vm.root(request.promise);
    match outcome {
        Err(e) => {
            promise::reject_promise(vm, request.promise, e);
            Ok(())
        }
        Ok(v) => {
            let result = create_iter_result(vm, v, done);
            promise::resolve_promise(vm, request.promise, result)
        }
    }
}

/// 27.6.3.6 AsyncGeneratorResume, and what the generator does until it next waits: awaits,
/// yields (27.6.3.8 AsyncGeneratorYield: continuing at once with the next queued request) or
/// completes (27.6.3.2 AsyncGeneratorStart steps g-k). A return resumption first awaits its
/// value inside the generator (27.6.3.7 AsyncGeneratorUnwrapYieldResumption) unless
/// `return_awaited`.
pub(crate) fn resume(
    vm: &mut Vm,
    gen: Gc<JsObject>,
    mode: ResumeMode,
    value: Value,
    return_awaited: bool,
) -> JsResult<()> {
    let (mut mode, mut value, mut awaited) = (mode, value, return_awaited);
    loop {
        if mode == ResumeMode::Return && !awaited {
            state(&gen).state = GenState::Awaiting;
            return await_value(vm, gen, value, AfterAwait::ResumeReturn);
        }
        let outcome = match vm.resume_generator(gen, mode, value) {
            Ok(GenResult::Awaited(v)) => return await_value(vm, gen, v, AfterAwait::Resume),
            Ok(GenResult::Yielded(v) | GenResult::Delegated(v)) => {
                // Still executing while the request is settled (a `then` getter may enqueue).
                state(&gen).state = GenState::Running;
                complete_step(vm, gen, Ok(v), false)?;
                let g = state(&gen);
                g.state = GenState::SuspendedYield;
                let Some(next) = g.queue.front() else {
                    return Ok(());
                };
                (mode, value, awaited) = (next.mode, next.value, false);
                continue;
            }
            Ok(GenResult::Returned(v)) => Ok(v),
            Err(e) if e == TERMINATED => return Err(e),
            Err(e) => Err(e),
        };
        state(&gen).state = GenState::DrainingQueue;
        complete_step(vm, gen, outcome, true)?;
        return drain_queue(vm, gen);
    }
}

/// 27.6.3.10 AsyncGeneratorDrainQueue.
fn drain_queue(vm: &mut Vm, gen: Gc<JsObject>) -> JsResult<()> {
    loop {
        let g = state(&gen);
        let Some(next) = g.queue.front() else {
            g.state = GenState::Completed;
            return Ok(());
        };
        match next.mode {
            ResumeMode::Return => return await_return(vm, gen),
            ResumeMode::Throw => {
                let e = next.value;
                complete_step(vm, gen, Err(e), true)?;
            }
            ResumeMode::Next => complete_step(vm, gen, Ok(Value::UNDEFINED), true)?,
        }
    }
}

/// 27.6.3.9 AsyncGeneratorAwaitReturn: awaits the value of the first (return) request.
fn await_return(vm: &mut Vm, gen: Gc<JsObject>) -> JsResult<()> {
    let value = state(&gen).queue.front().expect("a return request").value;
    await_value(vm, gen, value, AfterAwait::AwaitReturn)
}

/// The awaited value of a return request settled (27.6.3.9 steps 8 and 11-14).
pub(crate) fn settle_awaited_return(
    vm: &mut Vm,
    gen: Gc<JsObject>,
    outcome: Result<Value, Value>,
) -> JsResult<()> {
    complete_step(vm, gen, outcome, true)?;
    drain_queue(vm, gen)
}

/// 27.6.1.2-4 `next`/`return`/`throw`: validate (rejecting the promise on failure), enqueue,
/// and resume the generator when it is suspended.
fn generator_request(vm: &mut Vm, this: Value, mode: ResumeMode, value: Value) -> JsResult<Value> {
    let promise = promise::new_promise(vm);
    // 27.6.3.3 AsyncGeneratorValidate.
    let Some(gen) = this.as_object().filter(|o| {
        o.data::<GeneratorState>()
            .is_some_and(|s| s.is_generator(true))
    }) else {
        let e = vm.type_error("AsyncGenerator method called on incompatible receiver");
        promise::reject_promise(vm, promise, e);
        return Ok(promise);
    };
    let g = state(&gen);
    if mode == ResumeMode::Throw && g.state == GenState::SuspendedStart {
        g.state = GenState::Completed;
        g.discard_frame();
    }
    let current = g.state;
    if current == GenState::Completed {
        match mode {
            ResumeMode::Next => {
                let result = create_iter_result(vm, Value::UNDEFINED, true);
                promise::resolve_promise(vm, promise, result)?;
                return Ok(promise);
            }
            ResumeMode::Throw => {
                promise::reject_promise(vm, promise, value);
                return Ok(promise);
            }
            ResumeMode::Return => {}
        }
    }
    // 27.6.3.4 AsyncGeneratorEnqueue.
    state(&gen).queue.push_back(AsyncGenRequest {
        mode,
        value,
        promise,
    });
    match current {
        GenState::SuspendedStart | GenState::Completed if mode == ResumeMode::Return => {
            let g = state(&gen);
            g.state = GenState::DrainingQueue;
            g.discard_frame();
            await_return(vm, gen)?;
        }
        GenState::SuspendedStart | GenState::SuspendedYield => {
            resume(vm, gen, mode, value, false)?;
        }
        // Executing, awaiting or draining: the request waits its turn.
        _ => {}
    }
    Ok(promise)
}

/// 27.6.1.2 %AsyncGeneratorPrototype%.next(value).
fn async_gen_next(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    generator_request(vm, this, ResumeMode::Next, arg(args, 0))
}

/// 27.6.1.3 %AsyncGeneratorPrototype%.return(value).
fn async_gen_return(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    generator_request(vm, this, ResumeMode::Return, arg(args, 0))
}

/// 27.6.1.4 %AsyncGeneratorPrototype%.throw(exception).
fn async_gen_throw(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    generator_request(vm, this, ResumeMode::Throw, arg(args, 0))
}

/// Installs the `%AsyncGeneratorPrototype%` methods.
pub(crate) fn init(vm: &mut Vm) {
    let p = vm.intrinsic(Intrinsic::AsyncGeneratorPrototype);
    vm.define_method(p, "next", 1, async_gen_next);
    vm.define_method(p, "return", 1, async_gen_return);
    vm.define_method(p, "throw", 1, async_gen_throw);
}
