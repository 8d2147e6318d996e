//! Suspendable frames: generators (and, through the same machinery, async functions).
//!
//! `GeneratorStart` moves the running frame's registers into a heap object and returns it;
//! `resume` copies them back into a fresh frame on top of the register file and runs it until
//! the next `Yield`/`Await` (suspend again) or a return/throw (complete). Only the generator's
//! own registers are copied; the Rust stack is not involved beyond the one `run` activation.

use crate::atoms::names;
use crate::bytecode::CodeBlock;
use crate::heap::{Gc, Trace, Tracer};
use crate::object::{Env, JsObject, ObjectKind};
use crate::value::Value;
use crate::vm::{Frame, Intrinsic, JsResult, Key, NativeCtx, Vm};
use std::rc::Rc;

/// Lifecycle of a generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GenState {
    SuspendedStart,
    SuspendedYield,
    Running,
    Completed,
}

/// How a suspended generator is resumed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ResumeMode {
    Next,
    Throw,
    Return,
}

/// What a resumption produced.
pub(crate) enum GenResult {
    /// Suspended at `yield`/`await` with this value.
    Suspended(Value),
    /// Finished with this return value.
    Returned(Value),
}

/// A suspended frame.
pub(crate) struct GeneratorState {
    pub state: GenState,
    callee: Value,
    pc: u32,
    env: Option<Gc<Env>>,
    env_depth: u32,
    regs: Vec<Value>,
    new_target: Value,
    arguments: Value,
    argc: u32,
    /// The last suspension was an `await` (async generators tell awaits from yields).
    pub awaiting: bool,
    /// Async functions: the promise their call returned.
    pub promise: Value,
}

impl Trace for GeneratorState {
    fn trace(&self, t: &mut Tracer) {
        t.value(self.callee);
        t.opt(self.env);
        t.values(&self.regs);
        t.value(self.new_target);
        t.value(self.arguments);
        t.value(self.promise);
    }
}
crate::object_data!(GeneratorState);

impl Vm {
    /// Saves the top frame into a `GeneratorState` and pops it.
    fn save_frame(&mut self, next_pc: u32) -> GeneratorState {
        let f = self.frames.pop().unwrap();
        let regs = f.code().registers as usize;
        let base = f.base as usize;
        let state = GeneratorState {
            state: GenState::SuspendedStart,
            callee: f.callee,
            pc: next_pc,
            env: f.env,
            env_depth: f.env_depth,
            regs: self.stack[base..base + regs].to_vec(),
            new_target: f.new_target,
            arguments: f.arguments,
            argc: f.argc,
            awaiting: false,
            promise: Value::UNDEFINED,
        };
        self.sp = f.saved_sp as usize;
        if !f.is_entry {
            // The call instruction that created the generator completes with it.
            let caller = self.frames.last_mut().unwrap();
            // SAFETY: the caller's code is alive (rooted by its callee).
            let code = unsafe { &*caller.code };
            caller.pc +=
                crate::bytecode::Op::ALL[code.code[caller.pc as usize] as usize].len() as u32;
        }
        state
    }

    /// `GeneratorStart`: the function body is suspended before its first statement.
    pub(crate) fn generator_start(
        &mut self,
        next_pc: u32,
        acc: &mut Value,
    ) -> JsResult<super::dispatch::Flow> {
        let is_entry = self.frames.last().unwrap().is_entry;
        let code_flags = self.frames.last().unwrap().code().flags;
        let callee = self.frames.last().unwrap().callee;
        let state = self.save_frame(next_pc);
        let result = if code_flags.is_async && !code_flags.generator {
            // An async function runs synchronously up to its first `await`, then returns its promise.
            let mut state = state;
            let promise = crate::builtins::promise::new_promise(self);
            state.promise = promise;
            let proto = self.intrinsic(Intrinsic::ObjectPrototype);
            let obj = self.new_data_object(proto, Box::new(state));
            self.root(Value::object(obj));
            async_step(self, obj, ResumeMode::Next, Value::UNDEFINED)?;
            promise
        } else {
            let fallback = if code_flags.is_async {
                Intrinsic::AsyncGeneratorPrototype
            } else {
                Intrinsic::GeneratorPrototype
            };
            let proto = self.prototype_from_constructor_prop(callee, fallback)?;
            Value::object(self.new_data_object(proto, Box::new(state)))
        };
        if is_entry {
            return Ok(super::dispatch::Flow::Exit(result));
        }
        *acc = result;
        Ok(super::dispatch::Flow::Reload)
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

    /// `Yield`/`Await`: saves the running generator frame back into its object.
    pub(crate) fn suspend_frame(&mut self, next_pc: u32, is_await: bool) {
        let gen = self.frames.last().unwrap().generator;
        let mut saved = self.save_frame(next_pc);
        saved.state = GenState::SuspendedYield;
        saved.awaiting = is_await;
        let go = gen.as_object().unwrap();
        let g = go.data::<GeneratorState>().unwrap();
        saved.promise = g.promise;
        *g = saved;
        self.suspended = true;
    }

    /// Resumes a generator object.
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
            GenState::Completed => {
                return match mode {
                    ResumeMode::Next => Ok(GenResult::Returned(Value::UNDEFINED)),
                    ResumeMode::Return => Ok(GenResult::Returned(value)),
                    ResumeMode::Throw => Err(value),
                }
            }
            GenState::SuspendedStart if mode != ResumeMode::Next => {
                g.state = GenState::Completed;
                return match mode {
                    ResumeMode::Return => Ok(GenResult::Returned(value)),
                    _ => Err(value),
                };
            }
            _ => {}
        }
        let was_started = g.state == GenState::SuspendedYield;
        g.state = GenState::Running;
        let regs = std::mem::take(&mut g.regs);
        let fo = g.callee.as_object().unwrap();
        let ObjectKind::Function(closure) = fo.kind() else {
            unreachable!()
        };
        let code: &CodeBlock = &closure.code;
        let code_ptr = Rc::as_ptr(&closure.code);
        if self.frames.len() >= self.max_call_depth {
            g.state = GenState::SuspendedYield;
            g.regs = regs;
            return Err(self.stack_overflow_error());
        }
        let base = self.sp;
        self.ensure_stack(base + regs.len().max(code.registers as usize));
        self.stack[base..base + regs.len()].copy_from_slice(&regs);
        // A throw/return resumption happens *at* the suspended `Yield`/`Await` (1 byte before
        // the saved resume pc), so the handler ranges that cover it apply.
        let pc = if mode != ResumeMode::Next && was_started {
            g.pc - 1
        } else {
            g.pc
        };
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
        self.sp = base + regs.len();
        self.suspended = false;
        let r = match mode {
            ResumeMode::Next => self.run_resumed(value, None),
            ResumeMode::Throw => self.run_resumed(Value::UNDEFINED, Some(value)),
            ResumeMode::Return => {
                self.pending_return = value;
                self.run_resumed(Value::UNDEFINED, Some(Value::RETURN_MARKER))
            }
        };
        let g = gen.data::<GeneratorState>().unwrap();
        if self.suspended {
            self.suspended = false;
            return r.map(GenResult::Suspended);
        }
        g.state = GenState::Completed;
        g.regs = Vec::new();
        match r {
            Ok(v) => Ok(GenResult::Returned(v)),
            Err(e) if e == Value::RETURN_MARKER => Ok(GenResult::Returned(std::mem::replace(
                &mut self.pending_return,
                Value::UNDEFINED,
            ))),
            Err(e) => Err(e),
        }
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

fn iter_result(vm: &mut Vm, value: Value, done: bool) -> Value {
    let o = vm.new_object();
    vm.define_value_property(o, names::VALUE, value, crate::object::attrs::DEFAULT);
    vm.define_value_property(
        o,
        names::DONE,
        Value::bool(done),
        crate::object::attrs::DEFAULT,
    );
    Value::object(o)
}

fn generator_method(vm: &mut Vm, this: Value, v: Value, mode: ResumeMode) -> JsResult<Value> {
    let Some(g) = this
        .as_object()
        .filter(|o| o.data::<GeneratorState>().is_some())
    else {
        return Err(vm.type_error("next method called on incompatible receiver"));
    };
    match vm.resume_generator(g, mode, v)? {
        GenResult::Suspended(x) => Ok(iter_result(vm, x, false)),
        GenResult::Returned(x) => Ok(iter_result(vm, x, true)),
    }
}

fn gen_next(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    generator_method(
        vm,
        this,
        args.first().copied().unwrap_or(Value::UNDEFINED),
        ResumeMode::Next,
    )
}

fn gen_return(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    generator_method(
        vm,
        this,
        args.first().copied().unwrap_or(Value::UNDEFINED),
        ResumeMode::Return,
    )
}

fn gen_throw(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    generator_method(
        vm,
        this,
        args.first().copied().unwrap_or(Value::UNDEFINED),
        ResumeMode::Throw,
    )
}

/// Installs `%GeneratorPrototype%` methods.
pub(crate) fn init(vm: &mut Vm) {
    let gp = vm.intrinsic(Intrinsic::GeneratorPrototype);
    vm.define_method(gp, "next", 1, gen_next);
    vm.define_method(gp, "return", 1, gen_return);
    vm.define_method(gp, "throw", 1, gen_throw);
}

/// Drives an async function: resumes it and, when it awaits, subscribes to the awaited promise.
/// Only termination propagates as an error; everything else settles the function's promise.
pub(crate) fn async_step(
    vm: &mut Vm,
    state: Gc<JsObject>,
    mode: ResumeMode,
    value: Value,
) -> JsResult<()> {
    use crate::builtins::promise;
    let p = state.data::<GeneratorState>().unwrap().promise;
    match vm.resume_generator(state, mode, value) {
        Ok(GenResult::Suspended(awaited)) => {
            let resolved = match promise::promise_resolve(vm, awaited) {
                Ok(r) => r,
                Err(e) if e == crate::vm::TERMINATED => return Err(e),
                Err(e) => return async_step(vm, state, ResumeMode::Throw, e),
            };
            let s = Value::object(state);
            let on_ful = vm.new_native_closure("", 1, async_resume_fulfilled, vec![s], false);
            let on_rej = vm.new_native_closure("", 1, async_resume_rejected, vec![s], false);
            promise::perform_then(vm, resolved, Value::object(on_ful), Value::object(on_rej))?;
            Ok(())
        }
        Ok(GenResult::Returned(v)) => promise::resolve_promise(vm, p, v),
        Err(e) if e == crate::vm::TERMINATED => Err(e),
        Err(e) => {
            promise::reject_promise(vm, p, e);
            Ok(())
        }
    }
}

fn captured_state(ctx: &NativeCtx) -> Gc<JsObject> {
    match ctx.callee.kind() {
        ObjectKind::Native(n) => n.captures[0].as_object().unwrap(),
        _ => unreachable!("async resume closures capture their state"),
    }
}

fn async_resume_fulfilled(
    vm: &mut Vm,
    _: Value,
    args: &[Value],
    ctx: NativeCtx,
) -> JsResult<Value> {
    let v = args.first().copied().unwrap_or(Value::UNDEFINED);
    async_step(vm, captured_state(&ctx), ResumeMode::Next, v)?;
    Ok(Value::UNDEFINED)
}

fn async_resume_rejected(vm: &mut Vm, _: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let v = args.first().copied().unwrap_or(Value::UNDEFINED);
    async_step(vm, captured_state(&ctx), ResumeMode::Throw, v)?;
    Ok(Value::UNDEFINED)
}
