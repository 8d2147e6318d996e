//! Calling functions from Rust: builtins directly, bytecode functions through a nested
//! interpreter activation (an entry frame).

use super::{Intrinsic, JsResult, Key, NativeCtx, Vm};
use crate::atoms::names;
use crate::heap::Gc;
use crate::object::{JsObject, ObjectKind};
use crate::value::Value;

/// How a call through [`Vm::invoke`] went.
pub enum CallOutcome {
    /// The callee finished (a builtin) with this value.
    Done(Value),
    /// A bytecode frame was pushed; the interpreter continues in it.
    Pushed,
}

impl Vm {
    /// `Call(f, this, args)`.
    pub fn call(&mut self, f: Value, this: Value, args: &[Value]) -> JsResult<Value> {
        let Some(fo) = f.as_object().filter(|o| o.is_callable()) else {
            return Err(
                self.type_error(&format!("{} is not a function", self.describe_for_error(f)))
            );
        };
        self.call_object(fo, this, args, Value::UNDEFINED)
    }

    /// `Construct(f, args, newTarget)`.
    pub fn construct(
        &mut self,
        f: Value,
        args: &[Value],
        new_target: Option<Value>,
    ) -> JsResult<Value> {
        let Some(fo) = f.as_object().filter(|o| o.is_constructor()) else {
            return Err(self.type_error(&format!(
                "{} is not a constructor",
                self.describe_for_error(f)
            )));
        };
        let nt = new_target.unwrap_or(f);
        self.call_object(fo, Value::UNDEFINED, args, nt)
    }

    /// Calls (new_target undefined) or constructs a function object from Rust.
    pub(crate) fn call_object(
        &mut self,
        fo: Gc<JsObject>,
        this: Value,
        args: &[Value],
        new_target: Value,
    ) -> JsResult<Value> {
        let base = self.sp;
        self.ensure_stack(base + args.len() + 1);
        self.stack[base] = this;
        self.stack[base + 1..base + 1 + args.len()].copy_from_slice(args);
        self.sp = base + 1 + args.len();
        let r = self.invoke(fo, base, args.len(), new_target, true);
        let out = match r {
            Ok(CallOutcome::Done(v)) => Ok(v),
            Ok(CallOutcome::Pushed) => self.run(),
            Err(e) => Err(e),
        };
        self.sp = base;
        // Builtins hold call results in Rust locals across further calls (iterators, `next`
        // methods, callback results): keep them alive until the builtin returns.
        // Thrown values too: a builtin may run cleanup (iterator `return`) before rethrowing.
        if self.native_depth > 0 {
            let v = match out {
                Ok(v) | Err(v) => v,
            };
            if v.is_heap() {
                self.handles.push(v);
            }
        }
        out
    }

    /// Invokes `fo` with `this` in `stack[base]` and the arguments after it. Builtins run to
    /// completion; bytecode functions get a frame pushed (run by the caller's loop, or by a
    /// nested loop when `entry`).
    pub(crate) fn invoke(
        &mut self,
        fo: Gc<JsObject>,
        base: usize,
        argc: usize,
        new_target: Value,
        entry: bool,
    ) -> JsResult<CallOutcome> {
        match fo.kind() {
            ObjectKind::Function(_) => {
                self.push_frame(fo, base, argc, new_target, entry)?;
                Ok(CallOutcome::Pushed)
            }
            ObjectKind::Native(n) => {
                let f = n.f;
                let this = self.stack[base];
                let args: smallvec::SmallVec<[Value; 8]> = self.stack[base + 1..base + 1 + argc]
                    .iter()
                    .copied()
                    .collect();
                // Nested calls from the builtin start above its arguments.
                let saved_sp = self.sp;
                self.sp = self.sp.max(base + 1 + argc);
                let handles = self.handles.len();
                self.native_depth += 1;
                let ctx = NativeCtx {
                    callee: fo,
                    new_target,
                };
                let observed = self.observer.is_some();
                if observed {
                    self.enter_native(fo);
                }
                let r = f(self, this, &args, ctx);
                if observed {
                    self.leave_native();
                }
                self.native_depth -= 1;
                self.handles.truncate(handles);
                self.sp = saved_sp;
                r.map(CallOutcome::Done)
            }
            ObjectKind::Bound(b) => {
                let target = b.target.as_object().unwrap();
                let bound_this = b.this;
                let mut all: Vec<Value> = b.args.clone();
                all.extend_from_slice(&self.stack[base + 1..base + 1 + argc]);
                let nt = if new_target.is_undefined() {
                    Value::UNDEFINED
                } else if new_target == Value::object(fo) {
                    b.target
                } else {
                    new_target
                };
                let v = self.call_object(target, bound_this, &all, nt)?;
                Ok(CallOutcome::Done(v))
            }
            ObjectKind::Data(d) if d.is_proxy() => {
                let args: Vec<Value> = self.stack[base + 1..base + 1 + argc].to_vec();
                let this = self.stack[base];
                let v = crate::builtins::proxy::proxy_call(self, fo, this, &args, new_target)?;
                Ok(CallOutcome::Done(v))
            }
            _ => Err(self.type_error("object is not a function")),
        }
    }

    /// Pushes a frame for a bytecode function whose `this` and arguments sit at `stack[base..]`.
    #[inline]
    pub(crate) fn push_frame(
        &mut self,
        fo: Gc<JsObject>,
        base: usize,
        argc: usize,
        new_target: Value,
        entry: bool,
    ) -> JsResult<()> {
        let ObjectKind::Function(closure) = fo.kind() else {
            unreachable!()
        };
        let code = &*closure.code;
        let is_construct = !new_target.is_undefined();
        let regs = code.registers as usize;
        let top = base + regs.max(argc + 1);
        if self.frames.len() >= self.max_call_depth || top > crate::MAX_REGISTER_FILE {
            return Err(self.stack_overflow_error());
        }
        if code.flags.class_constructor && !is_construct {
            return Err(self.class_call_error(code));
        }
        self.ensure_stack(top);
        let arguments = if code.flags.keeps_arguments {
            let args = self.stack[base + 1..base + 1 + argc].to_vec();
            Value::object(self.new_array(args))
        } else {
            Value::UNDEFINED
        };
        let params = code.params as usize;
        let first_free = base + 1 + argc.min(params);
        self.stack[first_free..base + regs.max(1)].fill(Value::UNDEFINED);
        // `this` binding.
        let mut construct = false;
        if is_construct {
            if code.flags.derived {
                self.stack[base] = Value::EMPTY;
            } else {
                let this =
                    self.ordinary_create_from_constructor(new_target, Intrinsic::ObjectPrototype)?;
                self.stack[base] = Value::object(this);
                construct = true;
            }
        } else if let Some(lex) = &closure.lexical {
            self.stack[base] = lex[0];
        } else if !code.flags.strict && !code.flags.arrow && !self.stack[base].is_object() {
            // Sloppy-mode `this`: `undefined`/`null` become the global object, primitives are
            // boxed.
            let t = self.stack[base];
            self.stack[base] = if t.is_nullish() {
                Value::object(self.realm.global)
            } else {
                Value::object(self.to_object(t)?)
            };
        }
        code.invocations.set(code.invocations.get().wrapping_add(1));
        let env = closure.env;
        let new_target = match &closure.lexical {
            Some(lex) => lex[1],
            None => new_target,
        };
        let saved_sp = self.sp as u32;
        self.push_checked_frame(super::Frame {
            code: code as *const _,
            pc: 0,
            base: base as u32,
            argc: argc as u32,
            env,
            callee: Value::object(fo),
            new_target,
            arguments,
            generator: Value::UNDEFINED,
            is_entry: entry,
            construct: construct || (is_construct && code.flags.derived),
            saved_sp,
            env_depth: 0,
        })?;
        // A callee's window starts inside its caller's, and may end below the caller's last
        // register: keep those registers below `sp` so that they stay traced. Dead temporaries
        // there must not dangle, since they are traced again once the callee returns (and a
        // suspending generator or async function saves its whole window).
        self.sp = top.max(self.sp);
        Ok(())
    }

    /// Pushes a frame without ever growing `frames` past the capacity reserved in `Vm::new`:
    /// the interpreter keeps a pointer to its frame's `pc`, which must not move.
    #[inline(always)]
    pub(crate) fn push_checked_frame(&mut self, frame: super::Frame) -> JsResult<()> {
        if self.frames.len() == self.frames.capacity() {
            return Err(self.stack_overflow_error());
        }
        self.frames.push(frame);
        Ok(())
    }

    #[cold]
    fn class_call_error(&mut self, code: &crate::bytecode::CodeBlock) -> Value {
        let name = if code.name.is_empty() {
            "anonymous"
        } else {
            &code.name
        };
        let msg = format!("Class constructor {name} cannot be invoked without 'new'");
        self.type_error(&msg)
    }

    /// `OrdinaryCreateFromConstructor`: a new object whose prototype is `new_target.prototype`.
    pub fn ordinary_create_from_constructor(
        &mut self,
        new_target: Value,
        fallback: Intrinsic,
    ) -> JsResult<Gc<JsObject>> {
        let proto = self.prototype_from_constructor(new_target, fallback)?;
        Ok(self.new_object_with(Some(proto), ObjectKind::Ordinary))
    }

    /// `GetPrototypeFromConstructor`.
    pub fn prototype_from_constructor(
        &mut self,
        new_target: Value,
        fallback: Intrinsic,
    ) -> JsResult<Gc<JsObject>> {
        if let Some(nt) = new_target.as_object() {
            let p = self.get(nt, Key::Named(names::PROTOTYPE), new_target)?;
            if let Some(po) = p.as_object() {
                return Ok(po);
            }
        }
        Ok(self.intrinsic(fallback))
    }

    /// A short rendering of a value for error messages (`foo is not a function`).
    pub(crate) fn describe_for_error(&self, v: Value) -> String {
        if let Some(s) = v.as_string() {
            return format!("\"{}\"", s.to_rust_string());
        }
        if let Some(n) = v.as_number() {
            return crate::value::number::to_js_string(n);
        }
        if v.is_object() {
            return "object".into();
        }
        if v.is_symbol() {
            return "Symbol()".into();
        }
        match v.as_bool() {
            Some(b) => b.to_string(),
            None => v.type_name().to_string(),
        }
    }
}
