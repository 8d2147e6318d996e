//! Destructuring: binding patterns (declarations, parameters) and assignment patterns.
//! The value to destructure is in the accumulator.

use super::expression::Place;
use super::function::{CResult, Compiler, Control, LoopIterator};
use crate::bytecode::{Label, Op};
use oxc_ast::ast::*;

/// Where a destructured value goes.
enum Target<'x, 'a> {
    Binding(&'x BindingPattern<'a>, bool),
    Assign(&'x AssignmentTarget<'a>),
    AssignDefault(&'x AssignmentTargetMaybeDefault<'a>),
}

impl<'a, 'v> Compiler<'a, 'v> {
    /// Binds acc to a binding pattern. `init` marks declarations (lexical initialization).
    pub(super) fn bind_pattern(&mut self, p: &BindingPattern<'a>, init: bool) -> CResult<()> {
        match p {
            BindingPattern::BindingIdentifier(id) => {
                self.store_symbol(id.symbol_id(), id.name.as_str(), init);
                Ok(())
            }
            BindingPattern::AssignmentPattern(a) => {
                let skip = self.label();
                self.jump(Op::JumpIfNotUndefined, skip);
                match &a.left {
                    BindingPattern::BindingIdentifier(id) => {
                        self.named_value(&a.right, id.name.as_str())?
                    }
                    _ => self.expression(&a.right)?,
                }
                self.bind(skip);
                self.bind_pattern(&a.left, init)
            }
            BindingPattern::ObjectPattern(o) => {
                let mark = self.reg_mark();
                let (obj, keys) = self.object_pattern_start(o.properties.len(), o.rest.is_some());
                for prop in &o.properties {
                    let inner = self.reg_mark();
                    self.property_value(obj, &prop.key, prop.computed, keys)?;
                    self.bind_value(Target::Binding(&prop.value, init))?;
                    self.free_to(inner);
                }
                if let Some(rest) = &o.rest {
                    self.object_pattern_rest(obj, keys.unwrap());
                    self.bind_pattern(&rest.argument, init)?;
                }
                self.free_to(mark);
                Ok(())
            }
            BindingPattern::ArrayPattern(a) => {
                let targets: Vec<Option<Target<'_, 'a>>> = a
                    .elements
                    .iter()
                    .map(|e| e.as_ref().map(|p| Target::Binding(p, init)))
                    .collect();
                let rest = a.rest.as_ref().map(|r| Target::Binding(&r.argument, init));
                self.array_destructure(targets, rest)
            }
        }
    }

    /// Object-pattern prologue: checks acc is coercible, keeps it in a register and, when the
    /// pattern has a rest element, starts the list of keys to exclude from it.
    fn object_pattern_start(&mut self, properties: usize, has_rest: bool) -> (u16, Option<u16>) {
        self.emit(Op::RequireObjectCoercible, &[]);
        let obj = self.alloc_reg();
        self.emit(Op::Star, &[obj as i64]);
        let keys = has_rest.then(|| self.alloc_reg());
        if let Some(k) = keys {
            self.emit(Op::CreateArray, &[properties as i64]);
            self.emit(Op::Star, &[k as i64]);
        }
        (obj, keys)
    }

    /// Object-pattern rest element: acc = a copy of `obj` without the listed keys.
    fn object_pattern_rest(&mut self, obj: u16, keys: u16) {
        let r = self.alloc_reg();
        self.emit(Op::CreateObject, &[]);
        self.emit(Op::Star, &[r as i64]);
        self.emit(Op::Ldar, &[obj as i64]);
        self.emit(Op::CopyDataProperties, &[r as i64, keys as i64]);
        self.emit(Op::Ldar, &[r as i64]);
    }

    /// Reads `obj[key]` into acc (recording the key for a rest pattern).
    fn property_value(
        &mut self,
        obj: u16,
        key: &PropertyKey<'a>,
        computed: bool,
        keys: Option<u16>,
    ) -> CResult<()> {
        let static_name = if computed {
            None
        } else {
            Self::static_key(key)
        };
        match static_name {
            Some(name) if keys.is_none() && name.parse::<u32>().is_err() => {
                let a = self.atom(&name);
                let fb = self.feedback();
                self.emit(Op::GetNamed, &[obj as i64, a, fb]);
            }
            _ => {
                let k = self.property_key_reg(key)?;
                if let Some(list) = keys {
                    self.emit(Op::Ldar, &[k as i64]);
                    self.emit(Op::ArrayPush, &[list as i64]);
                }
                self.emit(Op::Ldar, &[k as i64]);
                let fb = self.feedback();
                self.emit(Op::GetKeyed, &[obj as i64, fb]);
            }
        }
        Ok(())
    }

    /// Stores acc into a destructuring target (with defaults handled by the target).
    fn bind_value(&mut self, t: Target<'_, 'a>) -> CResult<()> {
        match t {
            Target::Binding(p, init) => self.bind_pattern(p, init),
            Target::Assign(a) => self.assign_target(a),
            Target::AssignDefault(a) => self.assign_maybe_default(a),
        }
    }

    /// Iterates acc and assigns successive values to `targets`, the remainder to `rest`.
    /// An abrupt completion while assigning a target (a throw, or a generator's `return()` at a
    /// `yield` in it) closes the iterator unless it is done (13.15.5.2 step 3, 8.6.2 step 3).
    fn array_destructure(
        &mut self,
        targets: Vec<Option<Target<'_, 'a>>>,
        rest: Option<Target<'_, 'a>>,
    ) -> CResult<()> {
        let mark = self.reg_mark();
        let it = self.alloc_regs(2);
        let done = self.alloc_reg();
        self.emit(Op::GetIterator, &[it as i64]);
        self.emit(Op::LdaFalse, &[]);
        self.emit(Op::Star, &[done as i64]);
        let iterator = LoopIterator {
            reg: it,
            is_async: false,
            done: Some(done),
        };
        let env_depth = self.f().env_depth;
        let never = self.label();
        self.f().controls.push(Control {
            labels: Vec::new(),
            breakable: false,
            break_label: never,
            continue_label: None,
            env_depth,
            finally: None,
            iterator: Some(iterator),
        });
        let mut assigning = Vec::new();
        for t in targets {
            let (have, undef, exhausted) = (self.label(), self.label(), self.label());
            self.emit(Op::Ldar, &[done as i64]);
            self.jump(Op::JumpIfTrue, undef);
            self.f().e.emit_jump(Op::ForOfStep, &[it as i64], exhausted);
            self.jump(Op::Jump, have);
            self.bind(exhausted);
            self.emit(Op::LdaTrue, &[]);
            self.emit(Op::Star, &[done as i64]);
            self.bind(undef);
            self.emit(Op::LdaUndefined, &[]);
            self.bind(have);
            if let Some(t) = t {
                let start = self.f().e.pc();
                self.bind_value(t)?;
                assigning.push((start, self.f().e.pc()));
            }
        }
        if let Some(r) = rest {
            let arr = self.alloc_reg();
            self.emit(Op::CreateArray, &[0]);
            self.emit(Op::Star, &[arr as i64]);
            let (top, end): (Label, Label) = (self.label(), self.label());
            self.emit(Op::Ldar, &[done as i64]);
            self.jump(Op::JumpIfTrue, end);
            self.bind(top);
            self.f().e.emit_jump(Op::ForOfStep, &[it as i64], end);
            self.emit(Op::ArrayPush, &[arr as i64]);
            self.jump(Op::Loop, top);
            self.bind(end);
            self.emit(Op::LdaTrue, &[]);
            self.emit(Op::Star, &[done as i64]);
            self.emit(Op::Ldar, &[arr as i64]);
            self.bind_value(r)?;
        }
        self.f().controls.pop();
        self.emit_iterator_close(iterator);
        if !assigning.is_empty() {
            let after = self.label();
            self.jump(Op::Jump, after);
            self.emit_close_on_throw(iterator, &assigning, env_depth);
            self.bind(after);
        }
        self.free_to(mark);
        Ok(())
    }

    /// Assigns acc to an assignment target (identifier, member, or nested pattern).
    fn assign_target(&mut self, t: &AssignmentTarget<'a>) -> CResult<()> {
        if let Some(p) = t.as_assignment_target_pattern() {
            return self.assign_pattern(p);
        }
        let st = t.as_simple_assignment_target().unwrap();
        let v = self.alloc_reg();
        self.emit(Op::Star, &[v as i64]);
        let place: Place<'_, 'a> = self.place(st)?;
        self.emit(Op::Ldar, &[v as i64]);
        self.store_place(&place)?;
        self.free_to(v);
        Ok(())
    }

    fn assign_maybe_default(&mut self, t: &AssignmentTargetMaybeDefault<'a>) -> CResult<()> {
        match t {
            AssignmentTargetMaybeDefault::AssignmentTargetWithDefault(d) => {
                let skip = self.label();
                self.jump(Op::JumpIfNotUndefined, skip);
                match &d.binding {
                    AssignmentTarget::AssignmentTargetIdentifier(id) => {
                        self.named_value(&d.init, id.name.as_str())?
                    }
                    _ => self.expression(&d.init)?,
                }
                self.bind(skip);
                self.assign_target(&d.binding)
            }
            other => self.assign_target(other.as_assignment_target().unwrap()),
        }
    }

    /// Destructuring assignment of acc.
    pub(super) fn assign_pattern(&mut self, p: &AssignmentTargetPattern<'a>) -> CResult<()> {
        match p {
            AssignmentTargetPattern::ObjectAssignmentTarget(o) => {
                let mark = self.reg_mark();
                let (obj, keys) = self.object_pattern_start(o.properties.len(), o.rest.is_some());
                for prop in &o.properties {
                    let inner = self.reg_mark();
                    match prop {
                        AssignmentTargetProperty::AssignmentTargetPropertyIdentifier(id) => {
                            let name = id.binding.name.as_str();
                            if let Some(list) = keys {
                                self.load_string(name);
                                self.emit(Op::ArrayPush, &[list as i64]);
                            }
                            let a = self.atom(name);
                            let fb = self.feedback();
                            self.emit(Op::GetNamed, &[obj as i64, a, fb]);
                            if let Some(init) = &id.init {
                                let skip = self.label();
                                self.jump(Op::JumpIfNotUndefined, skip);
                                self.named_value(init, name)?;
                                self.bind(skip);
                            }
                            self.store_identifier(&id.binding)?;
                        }
                        AssignmentTargetProperty::AssignmentTargetPropertyProperty(pp) => {
                            self.property_value(obj, &pp.name, pp.computed, keys)?;
                            self.assign_maybe_default(&pp.binding)?;
                        }
                    }
                    self.free_to(inner);
                }
                if let Some(rest) = &o.rest {
                    self.object_pattern_rest(obj, keys.unwrap());
                    self.assign_target(&rest.target)?;
                }
                self.free_to(mark);
                Ok(())
            }
            AssignmentTargetPattern::ArrayAssignmentTarget(a) => {
                let targets = a
                    .elements
                    .iter()
                    .map(|e| e.as_ref().map(Target::AssignDefault))
                    .collect();
                let rest = a.rest.as_ref().map(|r| Target::Assign(&r.target));
                self.array_destructure(targets, rest)
            }
        }
    }
}
