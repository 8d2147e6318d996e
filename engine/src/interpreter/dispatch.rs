//! The dispatch loop. One Rust activation runs any number of JS frames: calls push a frame and
//! continue the loop, returns pop one. Only builtins that call back into JS nest the loop.
//!
//! Hot-path rules: registers are read with unchecked indexing (the compiler guarantees every
//! register operand is below the frame's register count, and `push_frame` sized the stack);
//! int32 arithmetic and cached property accesses never allocate or hash.

use super::generator::{GenState, StarStep};
use crate::atoms::{names, PropKey};
use crate::bytecode::{CodeBlock, Constant, Feedback, Op};
use crate::heap::Gc;
use crate::module::record::ImportTarget;
use crate::object::{attrs, Env, JsObject, ObjectKind};
use crate::value::Value;
use crate::vm::operators::BinOp;
use crate::vm::{CallOutcome, JsResult, Key, Vm, MAX_NATIVE_DEPTH, TERMINATED};

#[inline(always)]
fn rd_u16(bc: *const u8, at: usize) -> usize {
    // SAFETY: `bc` points at a live `Bytecode` (see `run_loop`) and the emitter wrote every
    // operand in full, so `at + 2` bytes are in bounds.
    unsafe { u16::from_le(bc.add(at).cast::<u16>().read_unaligned()) as usize }
}

#[inline(always)]
fn rd_u32(bc: *const u8, at: usize) -> u32 {
    // SAFETY: as above, 4-byte operands are complete.
    unsafe { u32::from_le(bc.add(at).cast::<u32>().read_unaligned()) }
}

#[inline(always)]
fn rd_i32(bc: *const u8, at: usize) -> i32 {
    rd_u32(bc, at) as i32
}

/// Where the loop goes after an instruction that may switch frames.
pub(crate) enum Flow {
    /// Stay in this frame.
    Next,
    /// Frames changed: reload from the top frame.
    Reload,
    /// The entry frame finished with this value.
    Exit(Value),
}

impl Vm {
    /// Runs the top frame (an entry frame) to completion.
    pub(crate) fn run(&mut self) -> JsResult<Value> {
        if self.reentry >= MAX_NATIVE_DEPTH {
            let f = self.frames.pop().unwrap();
            self.sp = f.saved_sp as usize;
            return Err(self.stack_overflow_error());
        }
        self.reentry += 1;
        let saved = self.native_depth;
        self.native_depth = 0;
        let observed = self.enter_js();
        let r = self.run_loop(Value::UNDEFINED, None);
        self.leave_js(observed);
        self.native_depth = saved;
        self.reentry -= 1;
        r
    }

    /// Runs a resumed frame: `acc` is the value delivered at the resume point; `throw` makes
    /// the resume point throw instead.
    pub(crate) fn run_resumed(&mut self, acc: Value, throw: Option<Value>) -> JsResult<Value> {
        if self.reentry >= MAX_NATIVE_DEPTH {
            let f = self.frames.pop().unwrap();
            self.sp = f.saved_sp as usize;
            return Err(self.stack_overflow_error());
        }
        self.reentry += 1;
        let saved = self.native_depth;
        self.native_depth = 0;
        let observed = self.enter_js();
        let r = self.run_loop(acc, throw);
        self.leave_js(observed);
        self.native_depth = saved;
        self.reentry -= 1;
        r
    }

    #[allow(clippy::cognitive_complexity)]
    fn run_loop(&mut self, mut acc: Value, mut pending_throw: Option<Value>) -> JsResult<Value> {
        'frame: loop {
            if let Some(e) = pending_throw.take() {
                match self.unwind(e) {
                    Ok(()) => acc = e,
                    Err(e) => return Err(e),
                }
            }
            let frame = self.frames.last().unwrap();
            // SAFETY: the frame roots its callee, which owns the code block; the reference is
            // only used while this frame is on the stack (the loop reloads after frame changes).
            let code: &CodeBlock = unsafe { &*frame.code };
            // Read through a raw pointer: the debugger may patch opcode bytes during calls.
            let bc: *const u8 = code.code.as_ptr();
            let base = frame.base as usize;
            let mut pc = frame.pc as usize;
            // Where this frame's pc is published for stack traces, unwinding and suspension.
            // `frames` never reallocates (`push_checked_frame`), and this frame stays at its
            // index until the loop reloads, so the pointer stays valid for the inner loop.
            let pc_slot: *mut u32 = &mut self.frames.last_mut().unwrap().pc;
            macro_rules! reg {
                ($r:expr) => {{
                    let i = base + $r;
                    debug_assert!(i < self.stack.len());
                    // SAFETY: register operands are below `code.registers` and `push_frame`
                    // sized the stack to `base + registers`.
                    unsafe { *self.stack.get_unchecked(i) }
                }};
            }
            macro_rules! set_reg {
                ($r:expr, $v:expr) => {{
                    let v = $v;
                    let i = base + $r;
                    debug_assert!(i < self.stack.len());
                    // SAFETY: as for `reg!`.
                    unsafe { *self.stack.get_unchecked_mut(i) = v }
                }};
            }
            macro_rules! throw {
                ($e:expr) => {{
                    let e = $e;
                    match self.unwind(e) {
                        Ok(()) => {
                            acc = e;
                            continue 'frame;
                        }
                        Err(e) => return Err(e),
                    }
                }};
            }
            macro_rules! tri {
                ($e:expr) => {
                    match $e {
                        Ok(v) => v,
                        Err(e) => throw!(e),
                    }
                };
            }
            macro_rules! flow {
                ($e:expr) => {
                    match tri!($e) {
                        Flow::Next => {}
                        Flow::Reload => continue 'frame,
                        Flow::Exit(v) => return Ok(v),
                    }
                };
            }
            macro_rules! binop {
                ($a:expr, $op:expr, $int:expr, $f:expr) => {{
                    let l = reg!(rd_u16(bc, pc + 1));
                    let r = acc;
                    acc = if l.is_int() && r.is_int() {
                        $int(l.as_int_unchecked(), r.as_int_unchecked())
                    } else if l.is_number() && r.is_number() {
                        Value::number($f(l.as_number_unchecked(), r.as_number_unchecked()))
                    } else {
                        tri!(self.binary_slow($op, l, r))
                    };
                    pc += $a;
                }};
            }
            macro_rules! compare {
                ($a:expr, $cmp:tt, $swap:expr, $neg:expr) => {{
                    let l = reg!(rd_u16(bc, pc + 1));
                    let r = acc;
                    acc = if l.is_int() && r.is_int() {
                        Value::bool(l.as_int_unchecked() $cmp r.as_int_unchecked())
                    } else if l.is_number() && r.is_number() {
                        Value::bool(l.as_number_unchecked() $cmp r.as_number_unchecked())
                    } else {
                        let res = if $swap { tri!(self.less_than(r, l, false)) } else { tri!(self.less_than(l, r, true)) };
                        Value::bool(match res { None => false, Some(b) => b != $neg })
                    };
                    pc += $a;
                }};
            }
            loop {
                // SAFETY: `pc` always points at an opcode byte written by the emitter.
                let op: Op = unsafe { std::mem::transmute::<u8, Op>(bc.add(pc).read()) };
                // SAFETY: see `pc_slot`.
                unsafe { *pc_slot = pc as u32 };
                match op {
                    Op::LdaUndefined => {
                        acc = Value::UNDEFINED;
                        pc += 1;
                    }
                    Op::LdaNull => {
                        acc = Value::NULL;
                        pc += 1;
                    }
                    Op::LdaTrue => {
                        acc = Value::TRUE;
                        pc += 1;
                    }
                    Op::LdaFalse => {
                        acc = Value::FALSE;
                        pc += 1;
                    }
                    Op::LdaHole => {
                        acc = Value::EMPTY;
                        pc += 1;
                    }
                    Op::LdaSmi => {
                        acc = Value::int(rd_i32(bc, pc + 1));
                        pc += 5;
                    }
                    Op::LdaConst => {
                        acc = match &code.constants[rd_u32(bc, pc + 1) as usize] {
                            Constant::Value(v) => *v,
                            Constant::BigInt(_) => {
                                tri!(Err(self.syntax_error("BigInt is not supported yet")))
                            }
                            _ => Value::UNDEFINED,
                        };
                        pc += 5;
                    }
                    Op::Ldar => {
                        acc = reg!(rd_u16(bc, pc + 1));
                        pc += 3;
                    }
                    Op::Star => {
                        set_reg!(rd_u16(bc, pc + 1), acc);
                        pc += 3;
                    }
                    Op::Mov => {
                        let v = reg!(rd_u16(bc, pc + 1));
                        set_reg!(rd_u16(bc, pc + 3), v);
                        pc += 5;
                    }
                    Op::LdaEnv => {
                        let env = self.env_at(rd_u32(bc, pc + 1));
                        acc = env.get(rd_u32(bc, pc + 5) as usize);
                        pc += 9;
                    }
                    Op::StaEnv => {
                        let env = self.env_at(rd_u32(bc, pc + 1));
                        Env::set(env, rd_u32(bc, pc + 5) as usize, acc);
                        pc += 9;
                    }
                    Op::CheckTdz => {
                        if acc.is_empty() {
                            throw!(self.tdz_error(PropKey::from_raw(rd_u32(bc, pc + 1))));
                        }
                        pc += 5;
                    }
                    Op::LdaImport => {
                        let m = self.modules.get(rd_u32(bc, pc + 1));
                        acc = match m.targets[rd_u32(bc, pc + 5) as usize] {
                            ImportTarget::Slot(env, slot) => env.get(slot as usize),
                            ImportTarget::Namespace(ns) => Value::object(ns),
                            ImportTarget::Unlinked => Value::EMPTY,
                        };
                        if acc.is_empty() {
                            throw!(self.tdz_error(PropKey::from_raw(rd_u32(bc, pc + 9))));
                        }
                        pc += 13;
                    }
                    Op::ImportMeta => {
                        acc = Value::object(self.import_meta(rd_u32(bc, pc + 1)));
                        pc += 5;
                    }
                    Op::ImportCall => {
                        let r = rd_u16(bc, pc + 1);
                        let (spec, options) = (reg!(r), reg!(r + 1));
                        let referrer = match &code.constants[rd_u32(bc, pc + 3) as usize] {
                            Constant::Value(v) => *v,
                            _ => Value::UNDEFINED,
                        };
                        let phase = rd_u32(bc, pc + 7);
                        acc = tri!(self.import_call(spec, options, referrer, phase));
                        pc += 11;
                    }
                    Op::ThrowConstAssign => {
                        throw!(self.const_assign_error(PropKey::from_raw(rd_u32(bc, pc + 1))));
                    }
                    Op::LdaGlobal | Op::LdaGlobalOrUndefined => {
                        let key = PropKey::from_raw(rd_u32(bc, pc + 1));
                        let slot = rd_u32(bc, pc + 5);
                        let g = self.realm.global;
                        acc = tri!(self.load_global(
                            g,
                            key,
                            code,
                            slot,
                            op == Op::LdaGlobalOrUndefined
                        ));
                        pc += 9;
                    }
                    Op::LdaGlobalLex => {
                        let key = PropKey::from_raw(rd_u32(bc, pc + 1));
                        acc = tri!(self.load_global_lex(key, code, rd_u32(bc, pc + 5)));
                        pc += 9;
                    }
                    Op::StaGlobalLex | Op::InitGlobalLex => {
                        let key = PropKey::from_raw(rd_u32(bc, pc + 1));
                        let init = op == Op::InitGlobalLex;
                        let fb = (!init).then(|| rd_u32(bc, pc + 5));
                        tri!(self.store_global_lex(key, acc, code, fb, init));
                        pc += op.len();
                    }
                    Op::StaGlobal => {
                        let key = PropKey::from_raw(rd_u32(bc, pc + 1));
                        let slot = rd_u32(bc, pc + 5);
                        tri!(self.store_global(key, acc, code, slot));
                        pc += 9;
                    }
                    Op::LdaLookup | Op::LdaLookupOrUndefined => {
                        let key = PropKey::from_raw(rd_u32(bc, pc + 1));
                        acc = tri!(self.lookup_dynamic(key, op == Op::LdaLookupOrUndefined));
                        pc += 5;
                    }
                    Op::StaLookup => {
                        let key = PropKey::from_raw(rd_u32(bc, pc + 1));
                        tri!(self.store_dynamic(key, acc, code.flags.strict));
                        pc += 5;
                    }
                    Op::DeclareEvalVar => {
                        let key = PropKey::from_raw(rd_u32(bc, pc + 1));
                        tri!(self.declare_eval_var(key, rd_u32(bc, pc + 5) != 0));
                        pc += 9;
                    }
                    Op::DeleteLookup => {
                        let key = PropKey::from_raw(rd_u32(bc, pc + 1));
                        acc = Value::bool(tri!(self.delete_dynamic(key)));
                        pc += 5;
                    }
                    Op::GetNamed => {
                        let obj = reg!(rd_u16(bc, pc + 1));
                        let key = PropKey::from_raw(rd_u32(bc, pc + 3));
                        let slot = rd_u32(bc, pc + 7);
                        pc += 11;
                        if let Some(o) = obj.as_object() {
                            let inner = o.inner();
                            if let Feedback::Property(ic) = code.feedback(slot) {
                                let shape = inner.shape;
                                let mut hit = None;
                                for e in &ic.entries[..ic.len as usize] {
                                    if e.shape == shape && !e.accessor {
                                        if e.holder == 0 {
                                            hit = Some(inner.slots[e.slot as usize]);
                                            break;
                                        }
                                        if e.epoch == self.proto_epoch
                                            && inner.proto.map_or(0, |p| p.addr()) == e.proto
                                        {
                                            // SAFETY: the epoch matches, so no GC ran since the entry was
                                            // recorded and the holder (a prototype on the chain) is alive.
                                            let h: Gc<JsObject> =
                                                unsafe { Gc::from_addr(e.holder) };
                                            hit = Some(h.inner().slots[e.slot as usize]);
                                            break;
                                        }
                                    }
                                }
                                // A function's `prototype` not made yet: the miss path
                                // reads it through `slot_value`.
                                if let Some(v) = hit.filter(|&v| v != Value::LAZY_PROTOTYPE) {
                                    acc = v;
                                    continue;
                                }
                            }
                            acc = tri!(self.get_named_miss(o, key, code, slot));
                        } else {
                            if obj.is_nullish() {
                                let name = self.key_name(key);
                                throw!(self.type_error(&format!(
                                    "Cannot read properties of {} (reading '{name}')",
                                    obj.type_name()
                                )));
                            }
                            acc = tri!(self.get_v(obj, Key::Named(key)));
                        }
                        if self.suspended_check() {
                            return Ok(acc);
                        }
                    }
                    Op::SetNamed => {
                        let obj = reg!(rd_u16(bc, pc + 1));
                        let key = PropKey::from_raw(rd_u32(bc, pc + 3));
                        let slot = rd_u32(bc, pc + 7);
                        pc += 11;
                        if let Some(o) = obj.as_object() {
                            let inner = o.inner();
                            if let Feedback::Property(ic) = code.feedback(slot) {
                                let shape = inner.shape;
                                let mut done = false;
                                for e in &ic.entries[..ic.len as usize] {
                                    if e.shape == shape {
                                        if e.new_shape == shape {
                                            crate::heap::write_barrier(o, acc);
                                            inner.slots[e.slot as usize] = acc;
                                            done = true;
                                            break;
                                        }
                                        if e.epoch == self.proto_epoch
                                            && inner.proto.map_or(0, |p| p.addr()) == e.proto
                                        {
                                            inner.shape = e.new_shape;
                                            let need = e.slot as usize + 1;
                                            if inner.slots.len() < need {
                                                inner.slots.resize(need, Value::UNDEFINED);
                                            }
                                            crate::heap::write_barrier(o, acc);
                                            inner.slots[e.slot as usize] = acc;
                                            done = true;
                                            break;
                                        }
                                    }
                                }
                                if done {
                                    continue;
                                }
                            }
                            tri!(self.set_named_miss(o, key, acc, code, slot));
                        } else {
                            tri!(self.set_on_primitive(
                                obj,
                                Key::Named(key),
                                acc,
                                code.flags.strict
                            ));
                        }
                    }
                    Op::GetKeyed => {
                        let obj = reg!(rd_u16(bc, pc + 1));
                        pc += 7;
                        // Dense element fast path.
                        if let (Some(o), Some(i)) = (obj.as_object(), acc.as_int()) {
                            let inner = o.inner();
                            if i >= 0
                                && matches!(inner.kind, ObjectKind::Array | ObjectKind::Ordinary)
                            {
                                if let Some(v) = inner.elements.get(i as usize) {
                                    if !v.is_empty() {
                                        acc = *v;
                                        continue;
                                    }
                                }
                            }
                        }
                        acc = tri!(self.get_keyed(obj, acc));
                    }
                    Op::SetKeyed => {
                        let obj = reg!(rd_u16(bc, pc + 1));
                        let key = reg!(rd_u16(bc, pc + 3));
                        pc += 9;
                        if let (Some(o), Some(i)) = (obj.as_object(), key.as_int()) {
                            let inner = o.inner();
                            if i >= 0
                                && matches!(inner.kind, ObjectKind::Array | ObjectKind::Ordinary)
                                && inner.sparse.is_none()
                            {
                                let i = i as usize;
                                if i < inner.elements.len() && !inner.elements[i].is_empty() {
                                    crate::heap::write_barrier(o, acc);
                                    inner.elements[i] = acc;
                                    continue;
                                }
                                if i == inner.elements.len()
                                    && inner.flags & crate::object::flags::EXTENSIBLE != 0
                                    && inner.flags & crate::object::flags::LENGTH_READONLY == 0
                                    && !self.proto_chain_has_elements(o)
                                {
                                    crate::heap::write_barrier(o, acc);
                                    inner.elements.push(acc);
                                    self.heap.note_growth(8);
                                    continue;
                                }
                            }
                        }
                        let v = acc;
                        tri!(self.set_keyed(obj, key, v, code.flags.strict));
                    }
                    Op::DefineNamed => {
                        let o = reg!(rd_u16(bc, pc + 1)).as_object().unwrap();
                        let key = PropKey::from_raw(rd_u32(bc, pc + 3));
                        tri!(self.create_data_property_or_throw(o, Key::Named(key), acc));
                        pc += 7;
                    }
                    Op::DefineKeyed => {
                        let o = reg!(rd_u16(bc, pc + 1)).as_object().unwrap();
                        let k = reg!(rd_u16(bc, pc + 3));
                        let key = tri!(self.to_property_key(k));
                        tri!(self.create_data_property_or_throw(o, key, acc));
                        pc += 5;
                    }
                    Op::DefineMethod => {
                        let o = reg!(rd_u16(bc, pc + 1));
                        let k = reg!(rd_u16(bc, pc + 3));
                        let kind = rd_u32(bc, pc + 5);
                        tri!(self.define_method_op(o, k, acc, kind));
                        pc += 9;
                    }
                    Op::CopyDataProperties => {
                        let target = reg!(rd_u16(bc, pc + 1));
                        let excluded = reg!(rd_u16(bc, pc + 3));
                        tri!(self.copy_data_properties(target, acc, excluded));
                        pc += 5;
                    }
                    Op::DeleteKeyed => {
                        let obj = reg!(rd_u16(bc, pc + 1));
                        let o = tri!(self.to_object(obj));
                        let key = tri!(self.to_property_key(acc));
                        let ok = tri!(self.delete(o, key));
                        if !ok && code.flags.strict {
                            let name = self.key_display(key);
                            throw!(self.type_error(&format!("Cannot delete property '{name}'")));
                        }
                        acc = Value::bool(ok);
                        pc += 3;
                    }
                    Op::GetSuper => {
                        let this = reg!(rd_u16(bc, pc + 1));
                        acc = tri!(self.get_super(this, acc));
                        pc += 3;
                    }
                    Op::SetSuper => {
                        let this = reg!(rd_u16(bc, pc + 1));
                        let key = reg!(rd_u16(bc, pc + 3));
                        tri!(self.set_super(this, key, acc, code.flags.strict));
                        pc += 5;
                    }
                    Op::GetPrivate => {
                        let obj = reg!(rd_u16(bc, pc + 1));
                        let name = reg!(rd_u16(bc, pc + 3));
                        acc = tri!(self.private_get(obj, name));
                        pc += 5;
                    }
                    Op::SetPrivate => {
                        let obj = reg!(rd_u16(bc, pc + 1));
                        let name = reg!(rd_u16(bc, pc + 3));
                        tri!(self.private_set(obj, name, acc));
                        pc += 5;
                    }
                    Op::DefinePrivate => {
                        let obj = reg!(rd_u16(bc, pc + 1));
                        let name = reg!(rd_u16(bc, pc + 3));
                        tri!(self.private_define(obj, name, acc));
                        pc += 5;
                    }
                    Op::HasPrivate => {
                        let name = reg!(rd_u16(bc, pc + 1));
                        acc = tri!(self.private_in(acc, name));
                        pc += 3;
                    }
                    Op::In => {
                        let key = reg!(rd_u16(bc, pc + 1));
                        acc = Value::bool(tri!(self.has_in(key, acc)));
                        pc += 3;
                    }
                    Op::InstanceOf => {
                        let v = reg!(rd_u16(bc, pc + 1));
                        acc = Value::bool(tri!(self.instance_of(v, acc)));
                        pc += 3;
                    }
                    Op::Add => {
                        let l = reg!(rd_u16(bc, pc + 1));
                        let r = acc;
                        acc = if l.is_int() && r.is_int() {
                            match l.as_int_unchecked().checked_add(r.as_int_unchecked()) {
                                Some(s) => Value::int(s),
                                None => Value::from_f64(
                                    l.as_int_unchecked() as f64 + r.as_int_unchecked() as f64,
                                ),
                            }
                        } else if l.is_number() && r.is_number() {
                            Value::number(l.as_number_unchecked() + r.as_number_unchecked())
                        } else {
                            let v = tri!(self.add_slow(l, r));
                            if v.is_empty() {
                                throw!(self.range_error("Invalid string length"));
                            }
                            v
                        };
                        pc += 7;
                    }
                    Op::Sub => binop!(
                        7,
                        BinOp::Sub,
                        |a: i32, b: i32| match a.checked_sub(b) {
                            Some(s) => Value::int(s),
                            None => Value::from_f64(a as f64 - b as f64),
                        },
                        |a: f64, b: f64| a - b
                    ),
                    Op::Mul => binop!(
                        7,
                        BinOp::Mul,
                        |a: i32, b: i32| match a.checked_mul(b) {
                            Some(s) if s != 0 => Value::int(s),
                            _ => Value::number(a as f64 * b as f64),
                        },
                        |a: f64, b: f64| a * b
                    ),
                    Op::Div => binop!(
                        7,
                        BinOp::Div,
                        |a: i32, b: i32| Value::number(a as f64 / b as f64),
                        |a: f64, b: f64| a / b
                    ),
                    Op::Mod => binop!(
                        7,
                        BinOp::Mod,
                        |a: i32, b: i32| if a >= 0 && b > 0 {
                            Value::int(a % b)
                        } else {
                            Value::number(crate::vm::operators::numeric_op(
                                BinOp::Mod,
                                a as f64,
                                b as f64,
                            ))
                        },
                        |a: f64, b: f64| crate::vm::operators::numeric_op(BinOp::Mod, a, b)
                    ),
                    Op::Exp => binop!(
                        7,
                        BinOp::Exp,
                        |a: i32, b: i32| Value::number(crate::vm::operators::js_pow(
                            a as f64, b as f64
                        )),
                        crate::vm::operators::js_pow
                    ),
                    Op::BitOr => binop!(
                        7,
                        BinOp::BitOr,
                        |a: i32, b: i32| Value::int(a | b),
                        |a, b| crate::vm::operators::numeric_op(BinOp::BitOr, a, b)
                    ),
                    Op::BitAnd => binop!(
                        7,
                        BinOp::BitAnd,
                        |a: i32, b: i32| Value::int(a & b),
                        |a, b| crate::vm::operators::numeric_op(BinOp::BitAnd, a, b)
                    ),
                    Op::BitXor => binop!(
                        7,
                        BinOp::BitXor,
                        |a: i32, b: i32| Value::int(a ^ b),
                        |a, b| crate::vm::operators::numeric_op(BinOp::BitXor, a, b)
                    ),
                    Op::Shl => binop!(
                        7,
                        BinOp::Shl,
                        |a: i32, b: i32| Value::int(a.wrapping_shl(b as u32 & 31)),
                        |a, b| crate::vm::operators::numeric_op(BinOp::Shl, a, b)
                    ),
                    Op::Shr => binop!(
                        7,
                        BinOp::Shr,
                        |a: i32, b: i32| Value::int(a >> (b as u32 & 31)),
                        |a, b| crate::vm::operators::numeric_op(BinOp::Shr, a, b)
                    ),
                    Op::UShr => binop!(
                        7,
                        BinOp::UShr,
                        |a: i32, b: i32| Value::number(((a as u32) >> (b as u32 & 31)) as f64),
                        |a, b| crate::vm::operators::numeric_op(BinOp::UShr, a, b)
                    ),
                    Op::Inc | Op::Dec => {
                        let d = if op == Op::Inc { 1 } else { -1 };
                        acc = if let Some(i) = acc.as_int() {
                            match i.checked_add(d) {
                                Some(s) => Value::int(s),
                                None => Value::from_f64(i as f64 + d as f64),
                            }
                        } else {
                            let n = tri!(self.to_numeric(acc));
                            Value::number(n.as_number_unchecked() + d as f64)
                        };
                        pc += 1;
                    }
                    Op::Negate => {
                        acc = match acc.as_int() {
                            Some(i) if i != 0 && i != i32::MIN => Value::int(-i),
                            _ => {
                                let n = tri!(self.to_numeric(acc));
                                Value::number(-n.as_number_unchecked())
                            }
                        };
                        pc += 1;
                    }
                    Op::BitNot => {
                        let n = tri!(self.to_int32(acc));
                        acc = Value::int(!n);
                        pc += 1;
                    }
                    Op::Not => {
                        acc = Value::bool(!self.to_boolean(acc));
                        pc += 1;
                    }
                    Op::TypeOf => {
                        let k = self.type_of(acc);
                        acc = self.key_to_value(k);
                        pc += 1;
                    }
                    Op::ToNumeric => {
                        acc = tri!(self.to_numeric(acc));
                        pc += 1;
                    }
                    Op::ToPropertyKey => {
                        let k = tri!(self.to_property_key(acc));
                        acc = match k {
                            Key::Index(i) if i <= i32::MAX as u32 => Value::int(i as i32),
                            k => self.key_value(k),
                        };
                        pc += 1;
                    }
                    Op::ToString => {
                        acc = tri!(self.to_string_value(acc));
                        pc += 1;
                    }
                    Op::TestEqual | Op::TestNotEqual => {
                        let l = reg!(rd_u16(bc, pc + 1));
                        let eq = if l.is_int() && acc.is_int() {
                            l == acc
                        } else {
                            tri!(self.loose_equals(l, acc))
                        };
                        acc = Value::bool(eq == (op == Op::TestEqual));
                        pc += 3;
                    }
                    Op::TestStrictEqual | Op::TestStrictNotEqual => {
                        let l = reg!(rd_u16(bc, pc + 1));
                        let eq = self.strict_equals(l, acc);
                        acc = Value::bool(eq == (op == Op::TestStrictEqual));
                        pc += 3;
                    }
                    Op::TestLess => compare!(3, <, false, false),
                    Op::TestGreater => compare!(3, >, true, false),
                    Op::TestLessEqual => compare!(3, <=, true, true),
                    Op::TestGreaterEqual => compare!(3, >=, false, true),
                    Op::Jump => {
                        pc = (pc as i64 + rd_i32(bc, pc + 1) as i64) as usize;
                    }
                    Op::Loop => {
                        code.backedges.set(code.backedges.get().wrapping_add(1));
                        pc = (pc as i64 + rd_i32(bc, pc + 1) as i64) as usize;
                        if self.heap.wants_collection || self.any_interrupt() {
                            tri!(self.safepoint(acc));
                        }
                    }
                    Op::JumpIfTrue | Op::JumpIfFalse => {
                        let t = if let Some(b) = acc.as_bool() {
                            b
                        } else {
                            self.to_boolean(acc)
                        };
                        if t == (op == Op::JumpIfTrue) {
                            pc = (pc as i64 + rd_i32(bc, pc + 1) as i64) as usize;
                        } else {
                            pc += 5;
                        }
                    }
                    Op::JumpIfNullish | Op::JumpIfNotNullish => {
                        if acc.is_nullish() == (op == Op::JumpIfNullish) {
                            pc = (pc as i64 + rd_i32(bc, pc + 1) as i64) as usize;
                        } else {
                            pc += 5;
                        }
                    }
                    Op::JumpIfUndefined | Op::JumpIfNotUndefined => {
                        if acc.is_undefined() == (op == Op::JumpIfUndefined) {
                            pc = (pc as i64 + rd_i32(bc, pc + 1) as i64) as usize;
                        } else {
                            pc += 5;
                        }
                    }
                    Op::Call | Op::CallUndefined | Op::CallEval => {
                        let f = reg!(rd_u16(bc, pc + 1));
                        let first = rd_u16(bc, pc + 3);
                        let argc = rd_u32(bc, pc + 5) as usize;
                        if op == Op::CallUndefined {
                            set_reg!(first, Value::UNDEFINED);
                        }
                        if op == Op::CallEval && self.is_intrinsic_eval(f) {
                            let args: Vec<Value> = (0..argc).map(|i| reg!(first + 1 + i)).collect();
                            acc = tri!(self.direct_eval(&args, pc));
                            pc += 9;
                            continue;
                        }
                        tri!(self.safepoint(acc));
                        flow!(self.call_op(f, base + first, argc, Value::UNDEFINED, &mut acc));
                        pc += op.len();
                    }
                    Op::CallSpread | Op::NewSpread => {
                        let f = reg!(rd_u16(bc, pc + 1));
                        let first = rd_u16(bc, pc + 3);
                        let arr = reg!(first + 1);
                        let argc = tri!(self.spread_into_stack(arr, base + first + 1));
                        let nt = if op == Op::NewSpread {
                            f
                        } else {
                            Value::UNDEFINED
                        };
                        if op == Op::NewSpread && !self.is_constructor(f) {
                            throw!(self.type_error(&format!(
                                "{} is not a constructor",
                                self.describe_for_error(f)
                            )));
                        }
                        flow!(self.call_op(f, base + first, argc, nt, &mut acc));
                        pc += 5;
                    }
                    Op::New => {
                        let f = reg!(rd_u16(bc, pc + 1));
                        let first = rd_u16(bc, pc + 3);
                        let argc = rd_u32(bc, pc + 5) as usize;
                        if !self.is_constructor(f) {
                            throw!(self.type_error(&format!(
                                "{} is not a constructor",
                                self.describe_for_error(f)
                            )));
                        }
                        tri!(self.safepoint(acc));
                        flow!(self.call_op(f, base + first, argc, f, &mut acc));
                        pc += 9;
                    }
                    Op::SuperCall | Op::SuperCallSpread => {
                        let first = rd_u16(bc, pc + 1);
                        let argc = if op == Op::SuperCall {
                            rd_u32(bc, pc + 3) as usize
                        } else {
                            let arr = reg!(first + 1);
                            tri!(self.spread_into_stack(arr, base + first + 1))
                        };
                        let (ctor, nt) = tri!(self.super_constructor());
                        let r = tri!(self.call_object_at(ctor, base + first, argc, nt));
                        tri!(self.bind_this_after_super(r));
                        acc = r;
                        continue 'frame;
                    }
                    Op::Return => {
                        flow!(self.return_op(&mut acc));
                        continue 'frame;
                    }
                    Op::Throw => {
                        throw!(acc);
                    }
                    Op::ThrowError => {
                        let kind = rd_u32(bc, pc + 1);
                        let msg = match &code.constants[rd_u32(bc, pc + 5) as usize] {
                            Constant::Value(v) => v
                                .as_string()
                                .map(|s| s.to_rust_string())
                                .unwrap_or_default(),
                            _ => String::new(),
                        };
                        let e = match kind {
                            0 => self.type_error(&msg),
                            1 => self.reference_error(&msg),
                            2 => self.syntax_error(&msg),
                            _ => self.range_error(&msg),
                        };
                        throw!(e);
                    }
                    Op::CreateObject => {
                        acc = Value::object(self.new_object());
                        pc += 1;
                    }
                    Op::CreateArray => {
                        let cap = rd_u32(bc, pc + 1) as usize;
                        let a = self.new_array(Vec::with_capacity(cap));
                        acc = Value::object(a);
                        pc += 5;
                    }
                    Op::ArrayPush => {
                        let a = reg!(rd_u16(bc, pc + 1)).as_object().unwrap();
                        a.inner().elements.push(acc);
                        pc += 3;
                    }
                    Op::ArrayPushHole => {
                        let a = reg!(rd_u16(bc, pc + 1)).as_object().unwrap();
                        a.inner().elements.push(Value::EMPTY);
                        pc += 3;
                    }
                    Op::ArraySpread => {
                        let a = reg!(rd_u16(bc, pc + 1));
                        tri!(self.array_spread(a, acc));
                        pc += 3;
                    }
                    Op::CreateClosure => {
                        let Constant::Function(f) = &code.constants[rd_u32(bc, pc + 1) as usize]
                        else {
                            unreachable!()
                        };
                        let env = self.frames.last().unwrap().env;
                        acc = Value::object(self.create_closure(f, env));
                        pc += 5;
                    }
                    Op::CreateRegExp => {
                        let p = match &code.constants[rd_u32(bc, pc + 1) as usize] {
                            Constant::Value(v) => *v,
                            _ => Value::UNDEFINED,
                        };
                        let f = match &code.constants[rd_u32(bc, pc + 5) as usize] {
                            Constant::Value(v) => *v,
                            _ => Value::UNDEFINED,
                        };
                        // `regexp_create` roots its strings on the handle stack, which only a
                        // returning builtin truncates: none is running here.
                        let handles = self.handles.len();
                        let r = crate::builtins::regexp_create(self, p, f);
                        self.handles.truncate(handles);
                        acc = tri!(r);
                        pc += 9;
                    }
                    Op::CreateTemplate => {
                        let Constant::Template(t) = &code.constants[rd_u32(bc, pc + 1) as usize]
                        else {
                            unreachable!()
                        };
                        acc = self.template_object(t);
                        pc += 5;
                    }
                    Op::CreateRest => {
                        let from = rd_u32(bc, pc + 1) as usize;
                        let args = self.frames.last().unwrap().arguments.as_object().unwrap();
                        let rest: Vec<Value> =
                            args.inner().elements.iter().skip(from).copied().collect();
                        acc = Value::object(self.new_array(rest));
                        pc += 5;
                    }
                    Op::CreateArguments => {
                        acc = self.create_arguments_object(None);
                        pc += 1;
                    }
                    Op::CreateMappedArguments => {
                        let Constant::ParameterMap(p) =
                            &code.constants[rd_u32(bc, pc + 1) as usize]
                        else {
                            unreachable!()
                        };
                        acc = self.create_arguments_object(Some(p));
                        pc += 5;
                    }
                    Op::CreateClass => {
                        let ctor_r = rd_u16(bc, pc + 1);
                        let ctor = reg!(ctor_r);
                        acc = tri!(self.create_class(ctor, acc));
                        pc += 3;
                    }
                    Op::InitFields => {
                        let f = self.frames.last().unwrap();
                        let (callee, this) = (f.callee, reg!(0));
                        tri!(self.run_field_initializer(callee, this));
                        pc += 1;
                    }
                    Op::SetFields => {
                        let ctor = reg!(rd_u16(bc, pc + 1)).as_object().unwrap();
                        if let ObjectKind::Function(c) = &mut ctor.inner().kind {
                            c.fields = acc;
                        }
                        pc += 3;
                    }
                    Op::LdaThis => {
                        acc = reg!(0);
                        if acc.is_empty() {
                            throw!(self.reference_error("Must call super constructor in derived class before accessing 'this' or returning from derived constructor"));
                        }
                        pc += 1;
                    }
                    Op::LdaNewTarget => {
                        acc = self.frames.last().unwrap().new_target;
                        pc += 1;
                    }
                    Op::LdaCallee => {
                        acc = self.frames.last().unwrap().callee;
                        pc += 1;
                    }
                    Op::LdaHome => {
                        acc = self.home_object();
                        pc += 1;
                    }
                    Op::PushEnv => {
                        let Constant::Layout(layout) = &code.constants[rd_u32(bc, pc + 1) as usize]
                        else {
                            unreachable!()
                        };
                        let n = rd_u32(bc, pc + 5) as usize;
                        let f = self.frames.last().unwrap();
                        let env = Env::new(f.env, layout.clone(), n, Value::UNDEFINED);
                        let g = self.new_env(env);
                        let f = self.frames.last_mut().unwrap();
                        f.env = Some(g);
                        f.env_depth += 1;
                        pc += 9;
                    }
                    Op::PopEnv => {
                        let f = self.frames.last_mut().unwrap();
                        f.env = f.env.and_then(|e| e.parent);
                        f.env_depth -= 1;
                        pc += 1;
                    }
                    Op::CopyEnv => {
                        let cur = self.frames.last().unwrap().env.unwrap();
                        let copy = cur.copy();
                        let g = self.new_env(copy);
                        self.frames.last_mut().unwrap().env = Some(g);
                        pc += 1;
                    }
                    Op::PushWith => {
                        let o = tri!(self.to_object(acc));
                        let f = self.frames.last().unwrap();
                        let env = Env::with_object(f.env, Value::object(o));
                        let g = self.new_env(env);
                        let f = self.frames.last_mut().unwrap();
                        f.env = Some(g);
                        f.env_depth += 1;
                        pc += 1;
                    }
                    Op::GetIterator | Op::GetAsyncIterator => {
                        let dst = rd_u16(bc, pc + 1);
                        let (it, next) = if op == Op::GetIterator {
                            tri!(self.get_iterator(acc))
                        } else {
                            tri!(self.get_async_iterator(acc))
                        };
                        set_reg!(dst, it);
                        set_reg!(dst + 1, next);
                        pc += 3;
                    }
                    Op::IteratorNext => {
                        let r = rd_u16(bc, pc + 1);
                        let (it, next) = (reg!(r), reg!(r + 1));
                        acc = tri!(self.call(next, it, &[]));
                        pc += 3;
                    }
                    Op::IteratorUnpack => {
                        let Some(o) = acc.as_object() else {
                            throw!(self.type_error("Iterator result is not an object"));
                        };
                        let done = tri!(self.get_named(o, names::DONE));
                        if self.to_boolean(done) {
                            pc = (pc as i64 + rd_i32(bc, pc + 1) as i64) as usize;
                        } else {
                            acc = tri!(self.get_named(o, names::VALUE));
                            pc += 5;
                        }
                    }
                    Op::ForOfStep => {
                        let r = rd_u16(bc, pc + 1);
                        let (it, next) = (reg!(r), reg!(r + 1));
                        match tri!(self.iterator_step(it, next)) {
                            Some(v) => {
                                acc = v;
                                pc += 7;
                            }
                            None => pc = (pc as i64 + rd_i32(bc, pc + 3) as i64) as usize,
                        }
                    }
                    Op::IteratorClose => {
                        let r = rd_u16(bc, pc + 1);
                        let it = reg!(r);
                        // Closed at most once (a throw from closing may reach a handler that
                        // closes the same iterator).
                        set_reg!(r, Value::UNDEFINED);
                        let keep = acc;
                        tri!(self.iterator_close(it));
                        acc = keep;
                        pc += 3;
                    }
                    Op::AsyncIteratorClose => {
                        // 7.4.13 AsyncIteratorClose steps 3-4 (the compiler awaits the result).
                        let r = rd_u16(bc, pc + 1);
                        let it = reg!(r);
                        set_reg!(r, Value::UNDEFINED);
                        let ret = if it.is_object() {
                            tri!(self.get_method(it, names::RETURN))
                        } else {
                            Value::UNDEFINED
                        };
                        if ret.is_undefined() {
                            pc = (pc as i64 + rd_i32(bc, pc + 3) as i64) as usize;
                        } else {
                            acc = tri!(self.call(ret, it, &[]));
                            pc += 7;
                        }
                    }
                    Op::CheckIteratorResult => {
                        if !acc.is_object() {
                            throw!(self.type_error("Iterator result is not an object"));
                        }
                        pc += 1;
                    }
                    Op::ForInPrepare => {
                        let dst = rd_u16(bc, pc + 1);
                        let it = tri!(self.for_in_iterator(acc));
                        set_reg!(dst, it);
                        pc += 3;
                    }
                    Op::ForInNext => {
                        let it = reg!(rd_u16(bc, pc + 1));
                        match tri!(self.for_in_next(it)) {
                            Some(k) => {
                                acc = k;
                                pc += 7;
                            }
                            None => pc = (pc as i64 + rd_i32(bc, pc + 3) as i64) as usize,
                        }
                    }
                    Op::GeneratorStart => {
                        flow!(self.generator_start(pc as u32, &mut acc));
                        continue 'frame;
                    }
                    Op::Yield => {
                        self.suspend_frame(pc as u32, GenState::SuspendedYield);
                        return Ok(acc);
                    }
                    Op::Await => {
                        self.suspend_frame(pc as u32, GenState::Awaiting);
                        return Ok(acc);
                    }
                    Op::YieldStar => {
                        let r = base + rd_u16(bc, pc + 1);
                        match tri!(self.yield_star(r, acc, code.flags.is_async)) {
                            StarStep::Done(v) => {
                                acc = v;
                                pc = (pc as i64 + rd_i32(bc, pc + 3) as i64) as usize;
                            }
                            StarStep::Return(v) => {
                                acc = v;
                                pc = (pc as i64 + rd_i32(bc, pc + 7) as i64) as usize;
                            }
                            StarStep::Await(v) => {
                                acc = v;
                                pc += 11;
                            }
                            StarStep::Yield(v) => {
                                self.suspend_frame(pc as u32, GenState::SuspendedYield);
                                return Ok(v);
                            }
                        }
                    }
                    Op::RequireObjectCoercible => {
                        if acc.is_nullish() {
                            throw!(self.type_error(&format!(
                                "Cannot destructure '{}' as it is {}.",
                                acc.type_name(),
                                acc.type_name()
                            )));
                        }
                        pc += 1;
                    }
                    Op::CreatePrivateName => {
                        let desc = match &code.constants[rd_u32(bc, pc + 1) as usize] {
                            Constant::Value(v) => *v,
                            _ => Value::UNDEFINED,
                        };
                        acc = self.new_private_symbol(desc);
                        pc += 5;
                    }
                    Op::SetHome => {
                        let home = reg!(rd_u16(bc, pc + 1));
                        if let Some(f) = acc.as_object() {
                            if let ObjectKind::Function(c) = &mut f.inner().kind {
                                c.home = home;
                            }
                        }
                        pc += 3;
                    }
                    Op::Nop => pc += 1,
                    Op::Debugger => {
                        // A `debugger;` statement, or a breakpoint the debugger patched in:
                        // then the original instruction is restored and dispatched next.
                        if self.debug.is_some() && self.debug_break(pc as u32, acc) {
                            continue 'frame;
                        }
                        pc += 1;
                    }
                }
            }
        }
    }

    /// Was an entry frame suspended by a nested operation? (Never, for now: suspension only
    /// happens at `Yield`/`Await`, which return directly.)
    #[inline(always)]
    fn suspended_check(&self) -> bool {
        false
    }

    /// The environment `depth` levels up from the current one.
    #[inline(always)]
    fn env_at(&self, depth: u32) -> Gc<Env> {
        let mut e = self.frames.last().unwrap().env.expect("environment");
        for _ in 0..depth {
            e = e.parent.expect("environment depth");
        }
        e
    }

    /// Call/construct from the dispatch loop. Pushes a frame for bytecode callees.
    #[inline]
    fn call_op(
        &mut self,
        f: Value,
        base: usize,
        argc: usize,
        new_target: Value,
        acc: &mut Value,
    ) -> JsResult<Flow> {
        let Some(fo) = f.as_object().filter(|o| o.is_callable()) else {
            return Err(
                self.type_error(&format!("{} is not a function", self.describe_for_error(f)))
            );
        };
        if let ObjectKind::Function(_) = fo.kind() {
            // The common case, without `invoke`'s dispatch on the callee kind.
            self.push_frame(fo, base, argc, new_target, false)?;
            return Ok(Flow::Reload);
        }
        match self.invoke(fo, base, argc, new_target, false)? {
            CallOutcome::Done(v) => {
                *acc = v;
                Ok(Flow::Next)
            }
            CallOutcome::Pushed => Ok(Flow::Reload),
        }
    }

    /// Calls a function object whose arguments are already on the stack at `base`, running
    /// bytecode callees to completion (used by `super()`).
    fn call_object_at(
        &mut self,
        fo: Gc<JsObject>,
        base: usize,
        argc: usize,
        nt: Value,
    ) -> JsResult<Value> {
        let saved = self.sp;
        self.sp = self.sp.max(base + 1 + argc);
        let r = match self.invoke(fo, base, argc, nt, true) {
            Ok(CallOutcome::Done(v)) => Ok(v),
            Ok(CallOutcome::Pushed) => self.run(),
            Err(e) => Err(e),
        };
        self.sp = saved;
        // Resume after the SuperCall instruction.
        self.step_over_call();
        r
    }

    /// Pops the returning frame. For caller frames, advances their pc past the call.
    fn return_op(&mut self, acc: &mut Value) -> JsResult<Flow> {
        let frame = self.frames.pop().unwrap();
        let mut result = *acc;
        if frame.construct && !result.is_object() {
            let this = self.stack[frame.base as usize];
            if !result.is_undefined() {
                // SAFETY: the frame's code is alive (rooted by its callee until we return).
                let derived = unsafe { &*frame.code }.flags.derived;
                if derived {
                    self.sp = frame.saved_sp as usize;
                    return Err(
                        self.type_error("Derived constructors may only return object or undefined")
                    );
                }
            }
            if this.is_empty() {
                self.sp = frame.saved_sp as usize;
                return Err(self.reference_error(
                    "Must call super constructor in derived class before accessing 'this' or returning from derived constructor",
                ));
            }
            result = this;
        }
        self.sp = frame.saved_sp as usize;
        if frame.is_entry {
            return Ok(Flow::Exit(result));
        }
        self.step_over_call();
        *acc = result;
        Ok(Flow::Reload)
    }

    /// Moves the top frame past the call instruction its pc is at: the call has completed
    /// (its callee returned, or suspended for the first time as a generator or async function).
    #[inline(always)]
    pub(crate) fn step_over_call(&mut self) {
        let caller = self.frames.last_mut().unwrap();
        // SAFETY: the caller's code is alive (rooted by its callee), and its pc is at the call
        // instruction, whose first byte the emitter wrote as an `Op`.
        let op = unsafe {
            let code = &*caller.code;
            std::mem::transmute::<u8, Op>(*code.code.get_unchecked(caller.pc as usize))
        };
        caller.pc += op.len() as u32;
    }

    /// Finds a handler for `exc`, popping frames. `Err` when it escapes the entry frame.
    pub(crate) fn unwind(&mut self, exc: Value) -> JsResult<()> {
        if self.debug.is_some() && exc != TERMINATED {
            self.debug_exception(exc);
        }
        loop {
            let f = self.frames.last_mut().unwrap();
            // SAFETY: the frame's code is alive (rooted by its callee).
            let code = unsafe { &*f.code };
            let pc = f.pc;
            if exc != TERMINATED {
                for h in code.handlers.iter() {
                    if h.start <= pc && pc < h.end {
                        while f.env_depth > h.env_depth {
                            f.env = f.env.and_then(|e| e.parent);
                            f.env_depth -= 1;
                        }
                        f.pc = h.target;
                        return Ok(());
                    }
                }
            }
            let f = self.frames.pop().unwrap();
            self.sp = f.saved_sp as usize;
            if f.is_entry {
                return Err(exc);
            }
        }
    }

    /// `obj[key]` for the general case.
    fn get_keyed(&mut self, obj: Value, key: Value) -> JsResult<Value> {
        if obj.is_nullish() {
            let k = self.to_property_key(key)?;
            let name = self.key_display(k);
            return Err(self.type_error(&format!(
                "Cannot read properties of {} (reading '{name}')",
                obj.type_name()
            )));
        }
        // Typed array elements: a direct bounds-checked read.
        if let (Some(o), Some(i)) = (obj.as_object(), key.as_int()) {
            if let Some(v) = crate::builtins::typed_array::fast_get(o, i) {
                return Ok(v);
            }
        }
        let k = self.to_property_key(key)?;
        if let Some(o) = obj.as_object() {
            if let (Key::Named(n), ObjectKind::Array) = (k, o.kind()) {
                if n == names::LENGTH {
                    return Ok(Value::number(o.array_length() as f64));
                }
            }
            return self.get(o, k, obj);
        }
        self.get_v(obj, k)
    }

    /// `obj[key] = v` for the general case.
    fn set_keyed(&mut self, obj: Value, key: Value, v: Value, strict: bool) -> JsResult<()> {
        if obj.is_nullish() {
            let k = self.to_property_key(key)?;
            let name = self.key_display(k);
            return Err(self.type_error(&format!(
                "Cannot set properties of {} (setting '{name}')",
                obj.type_name()
            )));
        }
        // Typed array elements: TypedArraySetElement directly (never refused).
        if let (Some(o), Some(i)) = (obj.as_object(), key.as_int()) {
            if i >= 0 && crate::builtins::typed_array::is_typed_array(o) {
                return crate::builtins::typed_array::set_element(self, o, i as f64, v);
            }
        }
        let k = self.to_property_key(key)?;
        match obj.as_object() {
            Some(o) => self.set_or_throw(o, k, v, obj, strict),
            None => self.set_on_primitive(obj, k, v, strict),
        }
    }

    /// Assignment to a property of a primitive: setters on the prototype run; otherwise it is
    /// refused (TypeError in strict code).
    fn set_on_primitive(&mut self, obj: Value, k: Key, v: Value, strict: bool) -> JsResult<()> {
        if obj.is_nullish() {
            let name = self.key_display(k);
            return Err(self.type_error(&format!(
                "Cannot set properties of {} (setting '{name}')",
                obj.type_name()
            )));
        }
        let proto = self.proto_for_primitive(obj)?;
        let ok = self.set(proto, k, v, obj)?;
        if !ok && strict {
            let name = self.key_display(k);
            return Err(self.type_error(&format!(
                "Cannot create property '{name}' on {}",
                obj.type_name()
            )));
        }
        Ok(())
    }

    /// Does any prototype of `o` have indexed properties (which would intercept an append)?
    fn proto_chain_has_elements(&self, o: Gc<JsObject>) -> bool {
        let mut cur = o.inner().proto;
        while let Some(p) = cur {
            let i = p.inner();
            if !i.elements.is_empty()
                || i.sparse.is_some()
                || !matches!(i.kind, ObjectKind::Ordinary | ObjectKind::Array)
            {
                return true;
            }
            cur = i.proto;
        }
        false
    }

    /// Global variable load with a (shape, slot) cache on the global object.
    fn load_global(
        &mut self,
        g: Gc<JsObject>,
        key: PropKey,
        code: &CodeBlock,
        slot: u32,
        or_undefined: bool,
    ) -> JsResult<Value> {
        let inner = g.inner();
        // Entries are valid while neither the global object nor the lexical record (whose
        // bindings shadow it) changed shape; `epoch` holds the latter.
        let lex_shape = self.global_lex_shape();
        if let Feedback::Property(ic) = code.feedback(slot) {
            let e = ic.entries[0];
            if e.shape == inner.shape && e.epoch == lex_shape.0 && !e.accessor {
                return Ok(inner.slots[e.slot as usize]);
            }
        }
        if let Some(r) = self.global_lex_get(key) {
            return r;
        }
        if inner.shape != crate::object::ShapeId::DICT {
            if let Some((s, a)) = self.shapes.lookup(inner.shape, key) {
                code.feedback(slot).record_mono(crate::bytecode::IcEntry {
                    shape: inner.shape,
                    proto: 0,
                    holder: 0,
                    slot: s,
                    new_shape: inner.shape,
                    epoch: lex_shape.0,
                    accessor: a & attrs::ACCESSOR != 0,
                });
                return self.read_slot(g, s, a & attrs::ACCESSOR != 0, Value::object(g));
            }
        }
        if self.has_property(g, Key::Named(key))? {
            return self.get(g, Key::Named(key), Value::object(g));
        }
        if or_undefined {
            return Ok(Value::UNDEFINED);
        }
        let name = self.key_name(key);
        Err(self.reference_error(&format!("{name} is not defined")))
    }

    /// Global variable store (ReferenceError for undeclared names in strict code).
    fn store_global(
        &mut self,
        key: PropKey,
        v: Value,
        code: &CodeBlock,
        slot: u32,
    ) -> JsResult<()> {
        let g = self.realm.global;
        let inner = g.inner();
        let lex_shape = self.global_lex_shape();
        if let Feedback::Property(ic) = code.feedback(slot) {
            let e = ic.entries[0];
            if e.shape == inner.shape && e.epoch == lex_shape.0 && !e.accessor {
                crate::heap::write_barrier(g, v);
                inner.slots[e.slot as usize] = v;
                return Ok(());
            }
        }
        if let Some(r) = self.global_lex_set(key, v) {
            return r;
        }
        if inner.shape != crate::object::ShapeId::DICT {
            if let Some((s, a)) = self.shapes.lookup(inner.shape, key) {
                if a & (attrs::ACCESSOR | attrs::WRITABLE) == attrs::WRITABLE {
                    code.feedback(slot).record_mono(crate::bytecode::IcEntry {
                        shape: inner.shape,
                        proto: 0,
                        holder: 0,
                        slot: s,
                        new_shape: inner.shape,
                        epoch: lex_shape.0,
                        accessor: false,
                    });
                    crate::heap::write_barrier(g, v);
                    inner.slots[s as usize] = v;
                    return Ok(());
                }
            }
        }
        if code.flags.strict && !self.has_property(g, Key::Named(key))? {
            let name = self.key_name(key);
            return Err(self.reference_error(&format!("{name} is not defined")));
        }
        self.set_or_throw(g, Key::Named(key), v, Value::object(g), code.flags.strict)
    }
}
