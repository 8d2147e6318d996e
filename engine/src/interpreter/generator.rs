//! Suspendable frames: generators, async functions and async generators.
//!
//! `GeneratorStart` moves the running frame's registers into a heap object and returns it;
//! `resume_generator` copies them back into a fresh frame on top of the register file and runs
//! it until the next `Yield`/`YieldStar`/`Await` (suspend again) or a return/throw (complete).
//! Only the generator's own registers are copied; the Rust stack is not involved beyond the one
//! `run` activation.
//!
//! A suspended frame remembers the instruction it stopped at, and that instruction decides what
//! a resumption means (`resume_point`): `next(v)` continues after it with `v`, `throw(e)` throws
//! at it (so the handler ranges covering it apply), `return(v)` jumps to the compiled return path
//! of a `Yield` (which runs `finally` blocks and closes iterators like a `return` statement),
//! and a `YieldStar` is re-executed with the resumption mode in its mode register.
//!
//! Async functions are driven by `async_step`; async generators by the request queue in
//! `async_generator.rs`. Both await through `await_value`.

use crate::atoms::names;
use crate::builtins::iterator::create_iter_result;
use crate::builtins::promise;
use crate::bytecode::{CodeBlock, CodeFlags, Op};
use crate::heap::{Gc, Trace, Tracer};
use crate::object::{Env, JsObject, ObjectKind};
use crate::value::Value;
use crate::vm::{Frame, Intrinsic, JsResult, Key, NativeCtx, Vm, TERMINATED};
use smallvec::SmallVec;
use std::collections::VecDeque;
use std::rc::Rc;

use super::async_generator::{self, AsyncGenRequest};

/// Lifecycle of a generator (27.5.3 `[[GeneratorState]]`, 27.6.3 `[[AsyncGeneratorState]]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GenState {
    SuspendedStart,
    /// Suspended at `yield` or `yield*`.
    SuspendedYield,
    /// Async functions and generators suspended at an `await` (for the outside world the
    /// function is still executing: only the promise job resumes it).
    Awaiting,
    /// Executing.
    Running,
    /// Async generators: the body has completed; queued requests are being settled (a
    /// `return` request awaits its value first).
    DrainingQueue,
    Completed,
}

/// How a suspended generator is resumed (the numbering is also the `yield*` mode register's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ResumeMode {
    Next = 0,
    Throw = 1,
    Return = 2,
}

/// What a resumption produced.
pub(crate) enum GenResult {
    /// Suspended at `yield` (or at `yield*` in an async generator) with this value.
    Yielded(Value),
    /// Suspended at `yield*` in a sync generator: the inner iterator's result object, which
    /// `next()` returns as is (27.5.3.7 GeneratorYield(innerResult)).
    Delegated(Value),
    /// Suspended at `await` on this value.
    Awaited(Value),
    /// Finished with this return value.
    Returned(Value),
}

/// A suspended frame's registers: most async functions and generators have few, so they are
/// kept inline (no allocation per generator object).
type SavedRegisters = SmallVec<[Value; 8]>;

/// A suspended frame.
pub(crate) struct GeneratorState {
    pub state: GenState,
    callee: Value,
    /// The instruction the frame is suspended at (`GeneratorStart`, `Yield`, `YieldStar`, `Await`).
    pc: u32,
    env: Option<Gc<Env>>,
    env_depth: u32,
    regs: SavedRegisters,
    new_target: Value,
    arguments: Value,
    argc: u32,
    /// Async functions: the promise their call returned.
    pub promise: Value,
    /// Async generators: 27.6.3.1 `[[AsyncGeneratorQueue]]`.
    pub queue: VecDeque<AsyncGenRequest>,
}

impl Trace for GeneratorState {
    fn trace(&self, t: &mut Tracer) {
        t.value(self.callee);
        t.opt(self.env);
        t.values(&self.regs);
        t.value(self.new_target);
        t.value(self.arguments);
        t.value(self.promise);
        for r in &self.queue {
            t.value(r.value);
            t.value(r.promise);
        }
    }
}
crate::object_data!(GeneratorState);

impl GeneratorState {
    /// A state with no saved frame yet (`save_frame_into` fills it at the first suspension).
    fn new(state: GenState, promise: Value) -> GeneratorState {
        GeneratorState {
            state,
            callee: Value::UNDEFINED,
            pc: 0,
            env: None,
            env_depth: 0,
            regs: SavedRegisters::new(),
            new_target: Value::UNDEFINED,
            arguments: Value::UNDEFINED,
            argc: 0,
            promise,
            queue: VecDeque::new(),
        }
    }

    /// The flags of the suspended function's code.
    fn flags(&self) -> CodeFlags {
        let f = self
            .callee
            .as_object()
            .expect("a generator's callee is a function");
        match f.kind() {
            ObjectKind::Function(c) => c.code.flags,
            _ => unreachable!("a generator's callee is a bytecode function"),
        }
    }

    /// Is this the state of a generator of the given kind (sync or async)?
    pub(crate) fn is_generator(&self, is_async: bool) -> bool {
        let f = self.flags();
        f.generator && f.is_async == is_async
    }

    /// Drops the saved registers of a generator that will never run again.
    pub(crate) fn discard_frame(&mut self) {
        self.regs = SavedRegisters::new();
    }
}

/// The `yield*` mode register beyond the three `ResumeMode`s: async generators await each call
/// result (`Await` after the `YieldStar`), then re-execute `YieldStar` in one of these steps.
mod star_step {
    /// Check the awaited result of `next`/`throw`.
    pub const INNER_RESULT: i32 = 3;
    /// Check the awaited result of `return`.
    pub const RETURN_RESULT: i32 = 4;
    /// The awaited result of `return` when closing an iterator without `throw`.
    pub const CLOSE_RESULT: i32 = 5;
    /// Return the awaited value.
    pub const RETURN_VALUE: i32 = 6;
}

/// What one `YieldStar` step does next.
pub(crate) enum StarStep {
    /// The inner iterator is done: the `yield*` expression's value.
    Done(Value),
    /// A return completion of the generator with this value.
    Return(Value),
    /// Async generators: await this value, then step again.
    Await(Value),
    /// Suspend, yielding this value (sync: the inner result object).
    Yield(Value),
}

/// Reads the little-endian operand bytes at `at`.
fn operand<const N: usize>(code: &[u8], at: usize) -> [u8; N] {
    code[at..at + N].try_into().unwrap()
}

/// Where a frame suspended at `at` continues: (pc, accumulator, exception to throw there).
fn resume_point(
    code: &CodeBlock,
    at: u32,
    mode: ResumeMode,
    value: Value,
    regs: &mut [Value],
) -> (u32, Value, Option<Value>) {
    let at_us = at as usize;
    let op = Op::ALL[code.code[at_us] as usize];
    if op == Op::YieldStar {
        let r = u16::from_le_bytes(operand(&code.code, at_us + 1)) as usize;
        regs[r + 2] = Value::int(mode as i32);
        return (at, value, None);
    }
    match mode {
        ResumeMode::Next => (at + op.len() as u32, value, None),
        ResumeMode::Throw => (at, Value::UNDEFINED, Some(value)),
        ResumeMode::Return => {
            debug_assert_eq!(op, Op::Yield, "only a yield is resumed with a return");
            let rel = i32::from_le_bytes(operand(&code.code, at_us + 1));
            ((at as i64 + rel as i64) as u32, value, None)
        }
    }
}

impl Vm {
    /// Saves the top frame into `g` and pops it; `pc` is the suspending instruction. The
    /// registers are copied into `g.regs` (its buffer is reused). The state, promise and queue
    /// are left to the caller. Written in place: a suspended frame is suspended again on every
    /// `await`, and building a new state each time moved it around twice.
    fn save_frame_into(&mut self, pc: u32, g: &mut GeneratorState) {
        let f = self.frames.pop().unwrap();
        let n = f.code().registers as usize;
        let base = f.base as usize;
        g.regs.clear();
        g.regs.extend_from_slice(&self.stack[base..base + n]);
        g.callee = f.callee;
        g.pc = pc;
        g.env = f.env;
        g.env_depth = f.env_depth;
        g.new_target = f.new_target;
        g.arguments = f.arguments;
        g.argc = f.argc;
        self.sp = f.saved_sp as usize;
        if !f.is_entry {
            // The call instruction that created the generator completes with it.
            self.step_over_call();
        }
    }

    /// `GeneratorStart` (at `pc`): the function body is suspended before its first statement.
    pub(crate) fn generator_start(
        &mut self,
        pc: u32,
        acc: &mut Value,
    ) -> JsResult<super::dispatch::Flow> {
        let top = self.frames.last().unwrap();
        let (is_entry, code_flags, callee) = (top.is_entry, top.code().flags, top.callee);
        if code_flags.is_async && !code_flags.generator {
            return self.async_function_start(pc, acc);
        }
        let mut state = GeneratorState::new(GenState::SuspendedStart, Value::UNDEFINED);
        self.save_frame_into(pc, &mut state);
        let fallback = if code_flags.is_async {
            Intrinsic::AsyncGeneratorPrototype
        } else {
            Intrinsic::GeneratorPrototype
        };
        let proto = self.prototype_from_constructor_prop(callee, fallback)?;
        let result = Value::object(self.new_data_object(proto, Box::new(state)));
        if is_entry {
            return Ok(super::dispatch::Flow::Exit(result));
        }
        *acc = result;
        Ok(super::dispatch::Flow::Reload)
    }

    /// An async function's `GeneratorStart` (at `pc`): the body runs at once, in the frame the
    /// call pushed, up to its first `await` (or its end), and the call then completes with the
    /// function's promise. For that run the frame becomes an entry frame with the new state
    /// object as its generator, exactly what `resume_generator` pushes for later steps, so
    /// `Await`, `Return` and an uncaught throw all end the nested loop. Saving the frame here
    /// and pushing it back to run it cost every async call two register copies and a frame.
    fn async_function_start(
        &mut self,
        pc: u32,
        acc: &mut Value,
    ) -> JsResult<super::dispatch::Flow> {
        let promise = promise::new_promise(self);
        let proto = self.intrinsic(Intrinsic::ObjectPrototype);
        let state = GeneratorState::new(GenState::Running, promise);
        // No collection can happen before the frame roots the state (allocation never collects).
        let obj = self.new_data_object(proto, Box::new(state));
        let frame = self.frames.last_mut().unwrap();
        let was_entry = std::mem::replace(&mut frame.is_entry, true);
        frame.generator = Value::object(obj);
        frame.pc = pc + Op::GeneratorStart.len() as u32;
        self.suspended = false;
        let r = self.run_resumed(Value::UNDEFINED, None);
        let outcome = if self.run_suspended(obj) {
            r.map(GenResult::Awaited)
        } else {
            r.map(GenResult::Returned)
        };
        self.native_scope(|vm| {
            vm.root(Value::object(obj));
            settle_async_step(vm, obj, promise, outcome)
        })?;
        if was_entry {
            return Ok(super::dispatch::Flow::Exit(promise));
        }
        // The call instruction that created the async function completes with its promise.
        self.step_over_call();
        *acc = promise;
        Ok(super::dispatch::Flow::Reload)
    }

    /// After a run of `gen`'s frame: whether it suspended. If it did not, the frame has
    /// returned or thrown, and `gen` is marked completed.
    fn run_suspended(&mut self, gen: Gc<JsObject>) -> bool {
        if std::mem::take(&mut self.suspended) {
            return true;
        }
        let g = gen.data::<GeneratorState>().unwrap();
        g.state = GenState::Completed;
        g.discard_frame();
        false
    }

    fn prototype_from_constructor_prop(
        &mut self,
        f: Value,
        fallback: Intrinsic,
    ) -> JsResult<Gc<JsObject>> {
        let fo = f.as_object().unwrap();
        let p = self.get(fo, Key::Named(names::PROTOTYPE), f)?;
        Ok(p.as_object().unwrap_or_else(|| self.intrinsic(fallback)))
    }

    /// `Yield`/`YieldStar`/`Await` at `pc`: saves the running generator frame back into its
    /// object (`state` is `SuspendedYield` or `Awaiting`).
    pub(crate) fn suspend_frame(&mut self, pc: u32, state: GenState) {
        let gen = self.frames.last().unwrap().generator;
        let go = gen.as_object().unwrap();
        let g = go.data::<GeneratorState>().unwrap();
        self.save_frame_into(pc, g);
        g.state = state;
        self.suspended = true;
    }

    /// Resumes a generator object (27.5.3.3 GeneratorResume / 27.5.3.4 GeneratorResumeAbrupt
    /// for sync generators; async functions and generators resume only when suspended).
    pub(crate) fn resume_generator(
        &mut self,
        gen: Gc<JsObject>,
        mode: ResumeMode,
        value: Value,
    ) -> JsResult<GenResult> {
        let Some(g) = gen.data::<GeneratorState>() else {
            return Err(self.type_error("not a generator"));
        };
        match g.state {
            GenState::Running => return Err(self.type_error("Generator is already running")),
            GenState::Completed | GenState::DrainingQueue => {
                return match mode {
                    ResumeMode::Next => Ok(GenResult::Returned(Value::UNDEFINED)),
                    ResumeMode::Return => Ok(GenResult::Returned(value)),
                    ResumeMode::Throw => Err(value),
                }
            }
            GenState::SuspendedStart if mode != ResumeMode::Next => {
                g.state = GenState::Completed;
                g.discard_frame();
                return match mode {
                    ResumeMode::Return => Ok(GenResult::Returned(value)),
                    _ => Err(value),
                };
            }
            _ => {}
        }
        let previous = g.state;
        g.state = GenState::Running;
        let mut regs = std::mem::take(&mut g.regs);
        let fo = g.callee.as_object().unwrap();
        let ObjectKind::Function(closure) = fo.kind() else {
            unreachable!()
        };
        // Our own reference: the code is consulted again after the frame ran.
        let code: Rc<CodeBlock> = closure.code.clone();
        let code_ptr = Rc::as_ptr(&code);
        if self.frames.len() >= self.max_call_depth {
            g.state = previous;
            g.regs = regs;
            return Err(self.stack_overflow_error());
        }
        let (pc, acc, throw) = resume_point(&code, g.pc, mode, value, &mut regs);
        let base = self.sp;
        self.ensure_stack(base + regs.len().max(code.registers as usize));
        self.stack[base..base + regs.len()].copy_from_slice(&regs);
        let nregs = regs.len();
        // Keep the buffer (empty) for the next suspension.
        regs.clear();
        g.regs = regs;
        let frame = Frame {
            code: code_ptr,
            pc,
            base: base as u32,
            argc: g.argc,
            env: g.env,
            callee: g.callee,
            new_target: g.new_target,
            arguments: g.arguments,
            generator: Value::object(gen),
            is_entry: true,
            construct: false,
            saved_sp: base as u32,
            env_depth: g.env_depth,
        };
        self.push_checked_frame(frame)?;
        self.sp = base + nregs;
        self.suspended = false;
        let r = self.run_resumed(acc, throw);
        if self.run_suspended(gen) {
            let v = r?;
            let at = gen.data::<GeneratorState>().unwrap().pc;
            let op = Op::ALL[code.code[at as usize] as usize];
            return Ok(match op {
                Op::Await => GenResult::Awaited(v),
                Op::YieldStar if !code.flags.is_async => GenResult::Delegated(v),
                _ => GenResult::Yielded(v),
            });
        }
        r.map(GenResult::Returned)
    }

    /// One step of `yield*` (15.5.5, YieldExpression : `yield *` AssignmentExpression, step 8)
    /// over the iterator in register `stack[r]` (`r + 1` its `next` method, `r + 2` the mode:
    /// a `ResumeMode` or a `star_step`), with `received` the value the generator was resumed
    /// with (or the awaited value of the previous step).
    pub(crate) fn yield_star(
        &mut self,
        r: usize,
        received: Value,
        is_async: bool,
    ) -> JsResult<StarStep> {
        self.native_scope(|vm| {
            vm.root(received);
            let (it, next) = (vm.stack[r], vm.stack[r + 1]);
            let step = vm.stack[r + 2].as_int().unwrap_or(ResumeMode::Next as i32);
            if step == ResumeMode::Next as i32 {
                let res = vm.call(next, it, &[received])?;
                return vm.star_call_result(r, res, false, is_async);
            }
            if step == ResumeMode::Throw as i32 {
                let throw = vm.get_method(it, names::THROW)?;
                if !throw.is_undefined() {
                    let res = vm.call(throw, it, &[received])?;
                    return vm.star_call_result(r, res, false, is_async);
                }
                // The protocol was violated: give the iterator a chance to clean up
                // (IteratorClose / AsyncIteratorClose with a normal completion), then throw.
                if !is_async {
                    vm.iterator_close(it)?;
                } else {
                    let ret = vm.get_method(it, names::RETURN)?;
                    if !ret.is_undefined() {
                        let res = vm.call(ret, it, &[])?;
                        vm.stack[r + 2] = Value::int(star_step::CLOSE_RESULT);
                        return Ok(StarStep::Await(res));
                    }
                }
                return Err(vm.no_throw_method_error());
            }
            if step == ResumeMode::Return as i32 {
                let ret = vm.get_method(it, names::RETURN)?;
                if ret.is_undefined() {
                    return Ok(vm.star_return(r, received, is_async));
                }
                let res = vm.call(ret, it, &[received])?;
                return vm.star_call_result(r, res, true, is_async);
            }
            match step {
                star_step::INNER_RESULT => vm.star_inner_result(r, received, false, is_async),
                star_step::RETURN_RESULT => vm.star_inner_result(r, received, true, is_async),
                star_step::CLOSE_RESULT => {
                    if !received.is_object() {
                        return Err(vm.type_error("Iterator result is not an object"));
                    }
                    Err(vm.no_throw_method_error())
                }
                _ => Ok(StarStep::Return(received)),
            }
        })
    }

    fn no_throw_method_error(&mut self) -> Value {
        self.type_error("The iterator does not provide a 'throw' method")
    }

    /// The result of calling the inner iterator's `next`/`throw`/`return`: async generators
    /// await it first (`Await(innerResult)`).
    fn star_call_result(
        &mut self,
        r: usize,
        res: Value,
        is_return: bool,
        is_async: bool,
    ) -> JsResult<StarStep> {
        if is_async {
            let step = if is_return {
                star_step::RETURN_RESULT
            } else {
                star_step::INNER_RESULT
            };
            self.stack[r + 2] = Value::int(step);
            return Ok(StarStep::Await(res));
        }
        self.star_inner_result(r, res, is_return, is_async)
    }

    /// Inspects an inner iterator result: done ends the `yield*` (or returns, for `return`),
    /// otherwise the generator yields.
    fn star_inner_result(
        &mut self,
        r: usize,
        res: Value,
        is_return: bool,
        is_async: bool,
    ) -> JsResult<StarStep> {
        let Some(ro) = res.as_object() else {
            return Err(self.type_error("Iterator result is not an object"));
        };
        let done = self.get_named(ro, names::DONE)?;
        if self.to_boolean(done) {
            let v = self.get_named(ro, names::VALUE)?;
            return Ok(if is_return {
                self.star_return(r, v, is_async)
            } else {
                StarStep::Done(v)
            });
        }
        if is_async {
            // AsyncGeneratorYield(? IteratorValue(innerResult)).
            return Ok(StarStep::Yield(self.get_named(ro, names::VALUE)?));
        }
        Ok(StarStep::Yield(res))
    }

    /// `ReturnCompletion(value)`; async generators `Await(value)` first.
    fn star_return(&mut self, r: usize, v: Value, is_async: bool) -> StarStep {
        if is_async {
            self.stack[r + 2] = Value::int(star_step::RETURN_VALUE);
            return StarStep::Await(v);
        }
        StarStep::Return(v)
    }

    /// Runs a script/eval code block as an entry frame with the given environment and `this`.
    pub(crate) fn run_code_in(
        &mut self,
        code: Rc<CodeBlock>,
        env: Option<Gc<Env>>,
        this: Value,
        new_target: Value,
        callee: Value,
    ) -> JsResult<Value> {
        let _ = callee;
        let f = self.create_closure(&code, env);
        let base = self.sp;
        self.ensure_stack(base + 1);
        self.stack[base] = this;
        self.sp = base + 1;
        let r = match self.push_frame(f, base, 0, Value::UNDEFINED, true) {
            Ok(()) => {
                self.frames.last_mut().unwrap().new_target = new_target;
                self.run()
            }
            Err(e) => Err(e),
        };
        self.sp = base;
        r
    }
}

/// 27.5.3.2 GeneratorValidate: `this` as a sync generator object.
fn generator_method(vm: &mut Vm, this: Value, v: Value, mode: ResumeMode) -> JsResult<Value> {
    let Some(g) = this.as_object().filter(|o| {
        o.data::<GeneratorState>()
            .is_some_and(|s| s.is_generator(false))
    }) else {
        return Err(vm.type_error("next method called on incompatible receiver"));
    };
    match vm.resume_generator(g, mode, v)? {
        GenResult::Yielded(x) | GenResult::Awaited(x) => Ok(create_iter_result(vm, x, false)),
        GenResult::Delegated(result) => Ok(result),
        GenResult::Returned(x) => Ok(create_iter_result(vm, x, true)),
    }
}

/// 27.5.1.2 %GeneratorPrototype%.next(value).
fn gen_next(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    generator_method(
        vm,
        this,
        args.first().copied().unwrap_or(Value::UNDEFINED),
        ResumeMode::Next,
    )
}

/// 27.5.1.3 %GeneratorPrototype%.return(value).
fn gen_return(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    generator_method(
        vm,
        this,
        args.first().copied().unwrap_or(Value::UNDEFINED),
        ResumeMode::Return,
    )
}

/// 27.5.1.4 %GeneratorPrototype%.throw(exception).
fn gen_throw(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    generator_method(
        vm,
        this,
        args.first().copied().unwrap_or(Value::UNDEFINED),
        ResumeMode::Throw,
    )
}

/// Installs the `%GeneratorPrototype%` and `%AsyncGeneratorPrototype%` methods.
pub(crate) fn init(vm: &mut Vm) {
    let gp = vm.intrinsic(Intrinsic::GeneratorPrototype);
    vm.define_method(gp, "next", 1, gen_next);
    vm.define_method(gp, "return", 1, gen_return);
    vm.define_method(gp, "throw", 1, gen_throw);
    async_generator::init(vm);
}

/// Drives an async function: resumes it and, when it awaits, subscribes to the awaited promise.
/// Only termination propagates as an error; everything else settles the function's promise.
pub(crate) fn async_step(
    vm: &mut Vm,
    state: Gc<JsObject>,
    mode: ResumeMode,
    value: Value,
) -> JsResult<()> {
    let p = state.data::<GeneratorState>().unwrap().promise;
    let outcome = vm.resume_generator(state, mode, value);
    settle_async_step(vm, state, p, outcome)
}

/// What one step of an async function led to: an `await` subscribes to the awaited value; a
/// return or throw settles the function's promise `p`.
fn settle_async_step(
    vm: &mut Vm,
    state: Gc<JsObject>,
    p: Value,
    outcome: JsResult<GenResult>,
) -> JsResult<()> {
    match outcome {
        Ok(GenResult::Awaited(awaited)) => await_value(vm, state, awaited, AfterAwait::Resume),
        Ok(GenResult::Returned(v) | GenResult::Yielded(v) | GenResult::Delegated(v)) => {
            promise::resolve_promise(vm, p, v)
        }
        Err(e) if e == TERMINATED => Err(e),
        Err(e) => {
            promise::reject_promise(vm, p, e);
            Ok(())
        }
    }
}

/// What the settlement of an awaited promise does (recorded in its internal reaction).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AfterAwait {
    /// `await`: resume the frame with the value (fulfilled) or the reason (rejected).
    Resume = 0,
    /// 27.6.3.7 AsyncGeneratorUnwrapYieldResumption: resume a `yield` with a return completion
    /// of the awaited value (or a throw completion of the reason).
    ResumeReturn = 1,
    /// 27.6.3.9 AsyncGeneratorAwaitReturn: settle the first queued request.
    AwaitReturn = 2,
}

/// 27.7.5.3 Await(value) on behalf of the async function or generator `state`: `PromiseResolve`
/// then `PerformPromiseThen` with an internal reaction that continues as `then` says (the spec's
/// closures are unobservable, so none is created). An abrupt `PromiseResolve` continues at once
/// with the error.
pub(crate) fn await_value(
    vm: &mut Vm,
    state: Gc<JsObject>,
    value: Value,
    then: AfterAwait,
) -> JsResult<()> {
    if !value.is_object() {
        // PromiseResolve(%Promise%, value) would be a new promise already fulfilled with the
        // primitive, and PerformPromiseThen on it queues the reaction job at once. Nothing
        // else ever sees that promise: queue the job without it.
        promise::queue_await_job(vm, state, then, value);
        return Ok(());
    }
    vm.root(value);
    let resolved = match promise::promise_resolve(vm, value) {
        Ok(r) => r,
        Err(e) if e == TERMINATED => return Err(e),
        Err(e) => return after_await(vm, state, then, Err(e)),
    };
    promise::perform_then_await(vm, resolved, state, then)
}

/// Continues an async function or generator after an awaited promise settled.
pub(crate) fn after_await(
    vm: &mut Vm,
    state: Gc<JsObject>,
    then: AfterAwait,
    outcome: Result<Value, Value>,
) -> JsResult<()> {
    if then == AfterAwait::AwaitReturn {
        return async_generator::settle_awaited_return(vm, state, outcome);
    }
    let (mode, v) = match outcome {
        Ok(v) if then == AfterAwait::ResumeReturn => (ResumeMode::Return, v),
        Ok(v) => (ResumeMode::Next, v),
        Err(e) => (ResumeMode::Throw, e),
    };
    if state.data::<GeneratorState>().unwrap().is_generator(true) {
        async_generator::resume(vm, state, mode, v, true)
    } else {
        async_step(vm, state, mode, v)
    }
}
