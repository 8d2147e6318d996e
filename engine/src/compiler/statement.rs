//! Statements and control flow: blocks and scopes, loops, labels, `switch`, `try`/`finally`
//! routing of `break`/`continue`/`return`.

use super::function::{CResult, Compiler, Control, FinallyInfo, LoopIterator};
use crate::bytecode::{Handler, Label, Op};
use oxc_ast::ast::*;
use oxc_span::GetSpan;
use std::cell::RefCell;
use std::rc::Rc;

/// Route codes in a `finally`'s kind register.
const KIND_NORMAL: i64 = 0;
const KIND_RETURN: i64 = 1;
const KIND_THROW: i64 = 2;
const KIND_FIRST_JUMP: i32 = 3;

impl<'a, 'v> Compiler<'a, 'v> {
    pub(super) fn statement(&mut self, s: &Statement<'a>) -> CResult<()> {
        self.statement_with_completion(s, None)
    }

    /// Compiles a statement; `completion` receives the values of expression statements (script
    /// and eval completion values).
    pub(super) fn statement_with_completion(
        &mut self,
        s: &Statement<'a>,
        completion: Option<u16>,
    ) -> CResult<()> {
        let labels = std::mem::take(&mut self.f().pending_labels);
        if !matches!(
            s,
            Statement::BlockStatement(_)
                | Statement::EmptyStatement(_)
                | Statement::FunctionDeclaration(_)
        ) {
            self.mark_statement(s.span());
        }
        match s {
            Statement::ExpressionStatement(e) => {
                self.mark(e.span);
                self.expression(&e.expression)?;
                if let Some(r) = completion {
                    self.emit(Op::Star, &[r as i64]);
                }
            }
            Statement::VariableDeclaration(d) => self.variable_declaration(d)?,
            Statement::FunctionDeclaration(_) => {}
            Statement::ClassDeclaration(c) => self.class_declaration(c)?,
            Statement::BlockStatement(b) => self.block(&b.body, b.scope_id(), completion)?,
            Statement::EmptyStatement(_) => {}
            Statement::DebuggerStatement(_) => self.emit(Op::Debugger, &[]),
            Statement::IfStatement(i) => {
                let (else_l, end) = (self.label(), self.label());
                self.mark(i.span);
                self.expression(&i.test)?;
                self.jump(Op::JumpIfFalse, else_l);
                self.statement_with_completion(&i.consequent, completion)?;
                if let Some(alt) = &i.alternate {
                    self.jump(Op::Jump, end);
                    self.bind(else_l);
                    self.statement_with_completion(alt, completion)?;
                } else {
                    self.bind(else_l);
                }
                self.bind(end);
            }
            Statement::ReturnStatement(r) => {
                match &r.argument {
                    Some(a) => {
                        self.expression(a)?;
                        let flags = self.f().flags;
                        if flags.generator && flags.is_async {
                            // 14.10.1: an async generator awaits the returned value.
                            self.mark(r.span);
                            self.emit(Op::Await, &[]);
                        }
                    }
                    None => self.emit(Op::LdaUndefined, &[]),
                }
                self.mark(r.span);
                self.emit_return();
            }
            Statement::ThrowStatement(t) => {
                self.expression(&t.argument)?;
                self.mark(t.span);
                self.emit(Op::Throw, &[]);
            }
            Statement::WhileStatement(w) => {
                let (top, cont, end) = (self.label(), self.label(), self.label());
                self.bind(top);
                self.bind(cont);
                self.mark(w.span);
                self.expression(&w.test)?;
                self.jump(Op::JumpIfFalse, end);
                self.loop_body(&w.body, labels, end, cont, completion)?;
                self.jump(Op::Loop, top);
                self.bind(end);
            }
            Statement::DoWhileStatement(d) => {
                let (top, cont, end) = (self.label(), self.label(), self.label());
                self.bind(top);
                self.loop_body(&d.body, labels, end, cont, completion)?;
                self.bind(cont);
                self.expression(&d.test)?;
                self.jump(Op::JumpIfFalse, end);
                self.jump(Op::Loop, top);
                self.bind(end);
            }
            Statement::ForStatement(f) => self.for_statement(f, labels, completion)?,
            Statement::ForInStatement(f) => self.for_in(f, labels, completion)?,
            Statement::ForOfStatement(f) => self.for_of(f, labels, completion)?,
            Statement::BreakStatement(b) => {
                let idx =
                    self.find_control(b.label.as_ref().map(|l| l.name.as_str()), false, b.span)?;
                self.jump_to_control(idx, false);
            }
            Statement::ContinueStatement(c) => {
                let idx =
                    self.find_control(c.label.as_ref().map(|l| l.name.as_str()), true, c.span)?;
                self.jump_to_control(idx, true);
            }
            Statement::LabeledStatement(l) => {
                let mut labels = labels;
                labels.push(l.label.name.to_string());
                if matches!(
                    l.body,
                    Statement::WhileStatement(_)
                        | Statement::DoWhileStatement(_)
                        | Statement::ForStatement(_)
                        | Statement::ForInStatement(_)
                        | Statement::ForOfStatement(_)
                        | Statement::LabeledStatement(_)
                ) {
                    self.f().pending_labels = labels;
                    self.statement_with_completion(&l.body, completion)?;
                } else {
                    let end = self.label();
                    let depth = self.f().env_depth;
                    self.f().controls.push(Control {
                        labels,
                        breakable: false,
                        break_label: end,
                        continue_label: None,
                        env_depth: depth,
                        finally: None,
                        iterator: None,
                    });
                    self.statement_with_completion(&l.body, completion)?;
                    self.f().controls.pop();
                    self.bind(end);
                }
            }
            Statement::SwitchStatement(s) => self.switch(s, labels, completion)?,
            Statement::TryStatement(t) => self.try_statement(t, completion)?,
            Statement::WithStatement(w) => {
                self.expression(&w.object)?;
                self.mark(w.span);
                self.emit(Op::PushWith, &[]);
                self.f().env_depth += 1;
                self.envs.push(super::function::CEnv {
                    layout: Rc::new(crate::object::env::EnvLayout {
                        is_with: true,
                        ..Default::default()
                    }),
                });
                self.statement_with_completion(&w.body, completion)?;
                self.pop_scope();
            }
            other => {
                return self.unsupported(
                    other.span(),
                    "this statement (modules come with the runtime)",
                )
            }
        }
        Ok(())
    }

    /// A block with its own lexical scope.
    pub(super) fn block(
        &mut self,
        body: &[Statement<'a>],
        scope: oxc_syntax::scope::ScopeId,
        completion: Option<u16>,
    ) -> CResult<()> {
        let mark = self.reg_mark();
        let pushed = self.declare_scope(scope, true);
        self.hoist_functions(body)?;
        for s in body {
            self.statement_with_completion(s, completion)?;
        }
        if pushed {
            self.pop_scope();
        }
        self.free_to(mark);
        Ok(())
    }

    /// A declaration (of `export let`/`export class`/`export function`).
    pub(super) fn declaration(&mut self, d: &Declaration<'a>) -> CResult<()> {
        match d {
            Declaration::VariableDeclaration(v) => self.variable_declaration(v),
            Declaration::FunctionDeclaration(_) => Ok(()),
            Declaration::ClassDeclaration(c) => self.class_declaration(c),
            other => self.unsupported(other.span(), "TypeScript"),
        }
    }

    /// `class C { ... }`: creates the class and initialises its binding.
    pub(super) fn class_declaration(&mut self, c: &Class<'a>) -> CResult<()> {
        self.class(c, None)?;
        let id = c.id.as_ref().unwrap();
        self.store_symbol(id.symbol_id(), id.name.as_str(), true);
        Ok(())
    }

    fn variable_declaration(&mut self, d: &VariableDeclaration<'a>) -> CResult<()> {
        for decl in &d.declarations {
            match &decl.init {
                Some(init) => {
                    self.mark(decl.span);
                    match &decl.id {
                        BindingPattern::BindingIdentifier(id) => {
                            self.named_value(init, id.name.as_str())?
                        }
                        _ => self.expression(init)?,
                    }
                }
                None if d.kind == VariableDeclarationKind::Var => continue,
                None => self.emit(Op::LdaUndefined, &[]),
            }
            let init = d.kind != VariableDeclarationKind::Var;
            self.bind_pattern(&decl.id, init)?;
        }
        Ok(())
    }

    /// Compiles a loop body with its control entry.
    fn loop_body(
        &mut self,
        body: &Statement<'a>,
        labels: Vec<String>,
        end: Label,
        cont: Label,
        completion: Option<u16>,
    ) -> CResult<()> {
        let depth = self.f().env_depth;
        self.f().controls.push(Control {
            labels,
            breakable: true,
            break_label: end,
            continue_label: Some(cont),
            env_depth: depth,
            finally: None,
            iterator: None,
        });
        self.statement_with_completion(body, completion)?;
        self.f().controls.pop();
        Ok(())
    }

    fn for_statement(
        &mut self,
        f: &ForStatement<'a>,
        labels: Vec<String>,
        completion: Option<u16>,
    ) -> CResult<()> {
        let mark = self.reg_mark();
        let pushed = self.declare_scope(f.scope_id(), true);
        match &f.init {
            Some(ForStatementInit::VariableDeclaration(d)) => self.variable_declaration(d)?,
            Some(e) => {
                self.expression(e.as_expression().unwrap())?;
            }
            None => {}
        }
        if pushed {
            self.emit(Op::CopyEnv, &[]);
        }
        let (top, cont, end) = (self.label(), self.label(), self.label());
        self.bind(top);
        if let Some(t) = &f.test {
            self.mark(t.span());
            self.expression(t)?;
            self.jump(Op::JumpIfFalse, end);
        }
        self.loop_body(&f.body, labels, end, cont, completion)?;
        self.bind(cont);
        if pushed {
            self.emit(Op::CopyEnv, &[]);
        }
        if let Some(u) = &f.update {
            self.expression(u)?;
        }
        self.jump(Op::Loop, top);
        self.bind(end);
        if pushed {
            self.pop_scope();
        }
        self.free_to(mark);
        Ok(())
    }

    /// Binds the loop variable of for-in/of (value in acc), in a fresh per-iteration scope.
    fn for_binding(
        &mut self,
        left: &ForStatementLeft<'a>,
        scope: oxc_syntax::scope::ScopeId,
    ) -> CResult<bool> {
        match left {
            ForStatementLeft::VariableDeclaration(d) => {
                let v = self.alloc_reg();
                self.emit(Op::Star, &[v as i64]);
                let pushed = if d.kind != VariableDeclarationKind::Var {
                    self.declare_scope(scope, false)
                } else {
                    false
                };
                self.emit(Op::Ldar, &[v as i64]);
                self.bind_pattern(
                    &d.declarations[0].id,
                    d.kind != VariableDeclarationKind::Var,
                )?;
                Ok(pushed)
            }
            target => {
                if let Some(p) = target.as_assignment_target_pattern() {
                    let v = self.alloc_reg();
                    self.emit(Op::Star, &[v as i64]);
                    self.assign_pattern(p)?;
                } else {
                    let t = target.as_simple_assignment_target().unwrap();
                    let v = self.alloc_reg();
                    self.emit(Op::Star, &[v as i64]);
                    let place = self.place(t)?;
                    self.emit(Op::Ldar, &[v as i64]);
                    self.store_place(&place)?;
                }
                Ok(false)
            }
        }
    }

    fn for_in(
        &mut self,
        f: &ForInStatement<'a>,
        labels: Vec<String>,
        completion: Option<u16>,
    ) -> CResult<()> {
        let mark = self.reg_mark();
        self.expression(&f.right)?;
        let it = self.alloc_reg();
        self.mark(f.span);
        self.emit(Op::ForInPrepare, &[it as i64]);
        let (top, end) = (self.label(), self.label());
        self.bind(top);
        self.f().e.emit_jump(Op::ForInNext, &[it as i64], end);
        let inner = self.reg_mark();
        let pushed = self.for_binding(&f.left, f.scope_id())?;
        let cont = self.label();
        let body_end = self.label();
        self.loop_body(&f.body, labels, body_end, cont, completion)?;
        self.bind(cont);
        if pushed {
            self.pop_scope();
        }
        self.free_to(inner);
        self.jump(Op::Loop, top);
        self.bind(body_end);
        if pushed {
            self.emit(Op::PopEnv, &[]);
        }
        self.bind(end);
        self.free_to(mark);
        Ok(())
    }

    fn for_of(
        &mut self,
        f: &ForOfStatement<'a>,
        labels: Vec<String>,
        completion: Option<u16>,
    ) -> CResult<()> {
        let mark = self.reg_mark();
        self.expression(&f.right)?;
        let it = self.alloc_regs(2);
        self.mark(f.span);
        self.emit(
            if f.r#await {
                Op::GetAsyncIterator
            } else {
                Op::GetIterator
            },
            &[it as i64],
        );
        let (top, end) = (self.label(), self.label());
        self.bind(top);
        if f.r#await {
            self.emit(Op::IteratorNext, &[it as i64]);
            self.emit(Op::Await, &[]);
            self.f().e.emit_jump(Op::IteratorUnpack, &[], end);
        } else {
            self.f().e.emit_jump(Op::ForOfStep, &[it as i64], end);
        }
        let inner = self.reg_mark();
        let try_start = self.f().e.pc();
        let depth_at_loop = self.f().env_depth;
        let cont = self.label();
        let brk = self.label();
        let iterator = LoopIterator {
            reg: it,
            is_async: f.r#await,
            done: None,
        };
        // Pushed before the binding: a generator's return() at a `yield` in a destructuring
        // target closes the loop's iterator too.
        self.f().controls.push(Control {
            labels,
            breakable: true,
            break_label: brk,
            continue_label: Some(cont),
            env_depth: depth_at_loop,
            finally: None,
            iterator: Some(iterator),
        });
        let pushed = self.for_binding(&f.left, f.scope_id())?;
        // `break`/`continue` in the body leave the per-iteration environment.
        let depth = self.f().env_depth;
        self.f().controls.last_mut().unwrap().env_depth = depth;
        self.statement_with_completion(&f.body, completion)?;
        self.f().controls.pop();
        let try_end = self.f().e.pc();
        self.bind(cont);
        if pushed {
            self.pop_scope();
        }
        self.free_to(inner);
        self.jump(Op::Loop, top);
        self.emit_close_on_throw(iterator, &[(try_start, try_end)], depth_at_loop);
        self.bind(brk);
        if pushed {
            self.emit(Op::PopEnv, &[]);
        }
        self.emit_iterator_close(iterator);
        self.bind(end);
        self.free_to(mark);
        Ok(())
    }

    fn switch(
        &mut self,
        s: &SwitchStatement<'a>,
        labels: Vec<String>,
        completion: Option<u16>,
    ) -> CResult<()> {
        let mark = self.reg_mark();
        let d = self.expression_to_reg(&s.discriminant)?;
        let pushed = self.declare_scope(s.scope_id(), true);
        let end = self.label();
        let case_labels: Vec<Label> = s.cases.iter().map(|_| self.f().e.label()).collect();
        let mut default = None;
        for (i, c) in s.cases.iter().enumerate() {
            match &c.test {
                Some(t) => {
                    self.expression(t)?;
                    self.emit(Op::TestStrictEqual, &[d as i64]);
                    self.jump(Op::JumpIfTrue, case_labels[i]);
                }
                None => default = Some(case_labels[i]),
            }
        }
        self.jump(Op::Jump, default.unwrap_or(end));
        let depth = self.f().env_depth;
        self.f().controls.push(Control {
            labels,
            breakable: true,
            break_label: end,
            continue_label: None,
            env_depth: depth,
            finally: None,
            iterator: None,
        });
        for c in &s.cases {
            self.hoist_functions(&c.consequent)?;
        }
        for (i, c) in s.cases.iter().enumerate() {
            self.bind(case_labels[i]);
            for st in &c.consequent {
                self.statement_with_completion(st, completion)?;
            }
        }
        self.f().controls.pop();
        self.bind(end);
        if pushed {
            self.pop_scope();
        }
        self.free_to(mark);
        Ok(())
    }

    fn try_statement(&mut self, t: &TryStatement<'a>, completion: Option<u16>) -> CResult<()> {
        let mark = self.reg_mark();
        let depth = self.f().env_depth;
        let fin = t.finalizer.as_ref().map(|_| FinallyInfo {
            kind_reg: self.alloc_reg(),
            value_reg: self.alloc_reg(),
            entry: self.f().e.label(),
            routes: Rc::new(RefCell::new(Vec::new())),
        });
        if let Some(info) = &fin {
            self.f().controls.push(Control {
                labels: Vec::new(),
                breakable: false,
                break_label: info.entry,
                continue_label: None,
                env_depth: depth,
                finally: Some(info.clone()),
                iterator: None,
            });
        }
        let outer_start = self.f().e.pc();
        let inner_start = outer_start;
        self.block(&t.block.body, t.block.scope_id(), completion)?;
        if let Some(h) = &t.handler {
            let inner_end = self.f().e.pc();
            let after = self.label();
            self.jump(Op::Jump, after);
            let target = self.f().e.pc();
            self.f().handlers.push(Handler {
                start: inner_start,
                end: inner_end,
                target,
                env_depth: depth,
                is_finally: false,
            });
            // oxc may put the parameter in the clause scope or the body scope: declare both
            // before binding it.
            let inner = self.reg_mark();
            let pushed = self.declare_scope(h.scope_id(), false);
            let body_pushed = self.declare_scope(h.body.scope_id(), true);
            if let Some(p) = &h.param {
                self.bind_pattern(&p.pattern, true)?;
            }
            self.hoist_functions(&h.body.body)?;
            for st in &h.body.body {
                self.statement_with_completion(st, completion)?;
            }
            if body_pushed {
                self.pop_scope();
            }
            if pushed {
                self.pop_scope();
            }
            self.free_to(inner);
            self.bind(after);
        }
        let Some(info) = fin else {
            self.free_to(mark);
            return Ok(());
        };
        let outer_end = self.f().e.pc();
        self.f().controls.pop();
        self.emit(Op::LdaSmi, &[KIND_NORMAL]);
        self.emit(Op::Star, &[info.kind_reg as i64]);
        self.jump(Op::Jump, info.entry);
        let target = self.f().e.pc();
        self.f().handlers.push(Handler {
            start: outer_start,
            end: outer_end,
            target,
            env_depth: depth,
            is_finally: true,
        });
        self.emit(Op::Star, &[info.value_reg as i64]);
        self.emit(Op::LdaSmi, &[KIND_THROW]);
        self.emit(Op::Star, &[info.kind_reg as i64]);
        self.bind(info.entry);
        let finalizer = t.finalizer.as_ref().unwrap();
        // The finally block's own completion value does not replace the try's.
        self.block(&finalizer.body, finalizer.scope_id(), None)?;
        // Dispatch on how the try block ended.
        let done = self.label();
        let not_throw = self.label();
        self.emit(Op::LdaSmi, &[KIND_THROW]);
        self.emit(Op::TestStrictEqual, &[info.kind_reg as i64]);
        self.jump(Op::JumpIfFalse, not_throw);
        self.emit(Op::Ldar, &[info.value_reg as i64]);
        self.emit(Op::Throw, &[]);
        self.bind(not_throw);
        let not_return = self.label();
        self.emit(Op::LdaSmi, &[KIND_RETURN]);
        self.emit(Op::TestStrictEqual, &[info.kind_reg as i64]);
        self.jump(Op::JumpIfFalse, not_return);
        self.emit(Op::Ldar, &[info.value_reg as i64]);
        self.emit_return();
        self.bind(not_return);
        let routes = info.routes.borrow().clone();
        for (code, idx, is_continue) in routes {
            let next = self.label();
            self.emit(Op::LdaSmi, &[code as i64]);
            self.emit(Op::TestStrictEqual, &[info.kind_reg as i64]);
            self.jump(Op::JumpIfFalse, next);
            self.jump_to_control(idx, is_continue);
            self.bind(next);
        }
        self.bind(done);
        self.free_to(mark);
        Ok(())
    }

    /// Finds the control a `break`/`continue` targets.
    fn find_control(
        &mut self,
        label: Option<&str>,
        is_continue: bool,
        span: oxc_span::Span,
    ) -> CResult<usize> {
        let controls = &self.fns.last().unwrap().controls;
        for (i, c) in controls.iter().enumerate().rev() {
            if c.finally.is_some() {
                continue;
            }
            let matches = match label {
                Some(l) => c.labels.iter().any(|x| x == l),
                None => c.breakable,
            };
            if matches && (!is_continue || c.continue_label.is_some()) {
                return Ok(i);
            }
        }
        Err(self.error(span, "Illegal break or continue statement"))
    }

    /// Jumps to control `idx`, running `finally` blocks and closing iterators on the way.
    pub(super) fn jump_to_control(&mut self, idx: usize, is_continue: bool) {
        let n = self.fns.last().unwrap().controls.len();
        for i in (idx + 1..n).rev() {
            let (fin, iter, depth) = {
                let c = &self.fns.last().unwrap().controls[i];
                (c.finally.clone(), c.iterator, c.env_depth)
            };
            if let Some(info) = fin {
                self.pop_envs_to(depth);
                let code = KIND_FIRST_JUMP + info.routes.borrow().len() as i32;
                info.routes.borrow_mut().push((code, idx, is_continue));
                self.emit(Op::LdaSmi, &[code as i64]);
                self.emit(Op::Star, &[info.kind_reg as i64]);
                self.jump(Op::Jump, info.entry);
                return;
            }
            if let Some(it) = iter {
                self.emit_iterator_close(it);
            }
        }
        let c = &self.fns.last().unwrap().controls[idx];
        let (target, depth) = if is_continue {
            (c.continue_label.unwrap(), c.env_depth)
        } else {
            (c.break_label, c.env_depth)
        };
        self.pop_envs_to(depth);
        self.jump(Op::Jump, target);
    }

    /// Emits `PopEnv`s down to `depth` (without changing the compile-time state: the code
    /// after a jump continues at the current depth).
    fn pop_envs_to(&mut self, depth: u32) {
        let cur = self.f().env_depth;
        for _ in depth..cur {
            self.emit(Op::PopEnv, &[]);
        }
    }

    /// Closes a loop's iterator when leaving the loop by `break`, `continue` to an outer loop or
    /// `return` (7.4.11 IteratorClose / 7.4.13 AsyncIteratorClose with a normal or return
    /// completion: errors propagate; an async iterator's `return()` result is awaited and must
    /// be an object). Clobbers acc.
    pub(super) fn emit_iterator_close(&mut self, it: LoopIterator) {
        let skip = self.label();
        if let Some(done) = it.done {
            self.emit(Op::Ldar, &[done as i64]);
            self.jump(Op::JumpIfTrue, skip);
        }
        if it.is_async {
            self.f()
                .e
                .emit_jump(Op::AsyncIteratorClose, &[it.reg as i64], skip);
            self.emit(Op::Await, &[]);
            self.emit(Op::CheckIteratorResult, &[]);
        } else {
            self.emit(Op::IteratorClose, &[it.reg as i64]);
        }
        self.bind(skip);
    }

    /// The handler closing `it` when code in `ranges` throws, then rethrowing (with a throw
    /// completion, errors from closing are ignored: 7.4.11 IteratorClose / 7.4.13
    /// AsyncIteratorClose step 5). Emitted out of the normal flow (after an unconditional jump).
    pub(super) fn emit_close_on_throw(
        &mut self,
        it: LoopIterator,
        ranges: &[(u32, u32)],
        env_depth: u32,
    ) {
        let handler = self.f().e.pc();
        let exc = self.alloc_reg();
        self.emit(Op::Star, &[exc as i64]);
        let rethrow = self.label();
        if let Some(done) = it.done {
            self.emit(Op::Ldar, &[done as i64]);
            self.jump(Op::JumpIfTrue, rethrow);
        }
        let close_start = self.f().e.pc();
        if it.is_async {
            self.f()
                .e
                .emit_jump(Op::AsyncIteratorClose, &[it.reg as i64], rethrow);
            self.emit(Op::Await, &[]);
        } else {
            self.emit(Op::IteratorClose, &[it.reg as i64]);
        }
        let close_end = self.f().e.pc();
        self.bind(rethrow);
        self.emit(Op::Ldar, &[exc as i64]);
        self.emit(Op::Throw, &[]);
        let f = self.f();
        for &(start, end) in ranges {
            f.handlers.push(Handler {
                start,
                end,
                target: handler,
                env_depth,
                is_finally: true,
            });
        }
        f.handlers.push(Handler {
            start: close_start,
            end: close_end,
            target: close_end,
            env_depth,
            is_finally: false,
        });
    }

    /// `return acc`, through any enclosing `finally` blocks and open iterators.
    pub(super) fn emit_return(&mut self) {
        let n = self.fns.last().unwrap().controls.len();
        for i in (0..n).rev() {
            let (fin, iter, depth) = {
                let c = &self.fns.last().unwrap().controls[i];
                (c.finally.clone(), c.iterator, c.env_depth)
            };
            if let Some(info) = fin {
                // The finally code runs at the try statement's environment depth.
                self.pop_envs_to(depth);
                self.emit(Op::Star, &[info.value_reg as i64]);
                self.emit(Op::LdaSmi, &[KIND_RETURN]);
                self.emit(Op::Star, &[info.kind_reg as i64]);
                self.jump(Op::Jump, info.entry);
                return;
            }
            if let Some(it) = iter {
                let tmp = self.alloc_reg();
                self.emit(Op::Star, &[tmp as i64]);
                self.emit_iterator_close(it);
                self.emit(Op::Ldar, &[tmp as i64]);
                self.free_to(tmp);
            }
        }
        self.emit(Op::Return, &[]);
    }
}
