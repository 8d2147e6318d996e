//! Expressions: every expression leaves its value in the accumulator.

use super::function::{CResult, Compiler};
use super::scope::{is_lexical, Storage};
use crate::bytecode::{CodeFlags, Constant, Op, TemplateSite};
use crate::value::Value;
use oxc_ast::ast::*;
use oxc_span::GetSpan;
use oxc_syntax::operator::{
    AssignmentOperator, BinaryOperator, LogicalOperator, UnaryOperator, UpdateOperator,
};
use std::cell::Cell;
use std::rc::Rc;

/// A reference that can be read and written (for compound assignment and update expressions).
pub(super) enum Place<'x, 'a> {
    Ident(&'x IdentifierReference<'a>),
    Named { obj: u16, key: i64 },
    Keyed { obj: u16, key: u16 },
    Private { obj: u16, name: u16 },
    SuperKeyed { key: u16 },
}

/// Can evaluating this expression run code that changes a local variable?
fn is_pure(e: &Expression) -> bool {
    matches!(
        e,
        Expression::NumericLiteral(_)
            | Expression::StringLiteral(_)
            | Expression::BooleanLiteral(_)
            | Expression::NullLiteral(_)
            | Expression::Identifier(_)
            | Expression::ThisExpression(_)
    )
}

fn binary_op(op: BinaryOperator) -> Option<Op> {
    use BinaryOperator as B;
    Some(match op {
        B::Addition => Op::Add,
        B::Subtraction => Op::Sub,
        B::Multiplication => Op::Mul,
        B::Division => Op::Div,
        B::Remainder => Op::Mod,
        B::Exponential => Op::Exp,
        B::BitwiseOR => Op::BitOr,
        B::BitwiseAnd => Op::BitAnd,
        B::BitwiseXOR => Op::BitXor,
        B::ShiftLeft => Op::Shl,
        B::ShiftRight => Op::Shr,
        B::ShiftRightZeroFill => Op::UShr,
        _ => return None,
    })
}

impl<'a, 'v> Compiler<'a, 'v> {
    /// Compiles `e` into a register: the variable's own register when that is safe, else a temp.
    pub(super) fn expression_to_reg(&mut self, e: &Expression<'a>) -> CResult<u16> {
        // The register is taken after `e` is compiled: `e`'s own temporaries are free again
        // by then, so a left-deep chain (`a + b + c + …`) needs one register, not one per term.
        self.expression(e)?;
        let r = self.alloc_reg();
        self.emit(Op::Star, &[r as i64]);
        Ok(r)
    }

    /// Register of a local variable that needs no TDZ check, if `e` is one.
    fn local_register(&mut self, e: &Expression<'a>) -> Option<u16> {
        let Expression::Identifier(id) = e else {
            return None;
        };
        let sym = self
            .sem
            .scoping()
            .get_reference(id.reference_id())
            .symbol_id()?;
        match self.storage.get(&sym) {
            Some(Storage::Register(r)) if !self.needs_tdz(sym, id.span) => Some(*r),
            _ => None,
        }
    }

    /// Compiles an expression into the accumulator.
    pub(super) fn expression(&mut self, e: &Expression<'a>) -> CResult<()> {
        match e {
            Expression::NumericLiteral(n) => self.load_number(n.value),
            Expression::StringLiteral(s) => self.string_literal(s),
            Expression::BooleanLiteral(b) => {
                self.emit(if b.value { Op::LdaTrue } else { Op::LdaFalse }, &[])
            }
            Expression::NullLiteral(_) => self.emit(Op::LdaNull, &[]),
            Expression::BigIntLiteral(b) => {
                let k = self.constant(Constant::BigInt(Rc::from(b.value.as_str())));
                self.emit(Op::LdaConst, &[k]);
            }
            Expression::RegExpLiteral(r) => {
                let p = self.string_const(r.regex.pattern.text.as_str());
                let f = self.string_const(&r.regex.flags.to_string());
                self.mark(r.span);
                self.emit(Op::CreateRegExp, &[p, f]);
            }
            Expression::TemplateLiteral(t) => self.template_literal(t)?,
            Expression::Identifier(id) => self.load_identifier(id, false)?,
            Expression::ThisExpression(t) => {
                self.mark(t.span);
                self.emit(Op::LdaThis, &[]);
            }
            Expression::ParenthesizedExpression(p) => self.expression(&p.expression)?,
            Expression::SequenceExpression(s) => {
                for x in &s.expressions {
                    self.expression(x)?;
                }
            }
            Expression::ArrayExpression(a) => self.array_literal(a)?,
            Expression::ObjectExpression(o) => self.object_literal(o)?,
            Expression::FunctionExpression(f) => {
                let code = self.compile_function(f, None)?;
                let k = self.constant(Constant::Function(code));
                self.emit(Op::CreateClosure, &[k]);
            }
            Expression::ArrowFunctionExpression(a) => self.arrow(a, "")?,
            Expression::ClassExpression(c) => self.class(c, None)?,
            Expression::UnaryExpression(u) => self.unary(u)?,
            Expression::UpdateExpression(u) => self.update(u)?,
            Expression::BinaryExpression(b) => self.binary(b)?,
            Expression::PrivateInExpression(p) => {
                let r = self.expression_to_reg(&p.right)?;
                let name = self.private_name_reg(&p.left.name)?;
                self.emit(Op::Ldar, &[r as i64]);
                self.emit(Op::HasPrivate, &[name as i64]);
                self.free_to(r);
            }
            Expression::LogicalExpression(l) => {
                self.expression(&l.left)?;
                let end = self.label();
                match l.operator {
                    LogicalOperator::And => self.jump(Op::JumpIfFalse, end),
                    LogicalOperator::Or => self.jump(Op::JumpIfTrue, end),
                    LogicalOperator::Coalesce => self.jump(Op::JumpIfNotNullish, end),
                }
                self.expression(&l.right)?;
                self.bind(end);
            }
            Expression::ConditionalExpression(c) => {
                let (else_l, end) = (self.label(), self.label());
                self.expression(&c.test)?;
                self.jump(Op::JumpIfFalse, else_l);
                self.expression(&c.consequent)?;
                self.jump(Op::Jump, end);
                self.bind(else_l);
                self.expression(&c.alternate)?;
                self.bind(end);
            }
            Expression::AssignmentExpression(a) => self.assignment(a)?,
            Expression::CallExpression(c) => self.call(c, None)?,
            Expression::NewExpression(n) => self.new_expression(n)?,
            Expression::ChainExpression(c) => {
                let nullish = self.label();
                let end = self.label();
                match &c.expression {
                    ChainElement::CallExpression(call) => self.call(call, Some(nullish))?,
                    ChainElement::TSNonNullExpression(_) => {
                        return self.unsupported(c.span, "TypeScript syntax")
                    }
                    m => self.member(m.as_member_expression().unwrap(), Some(nullish), None)?,
                }
                self.jump(Op::Jump, end);
                self.bind(nullish);
                self.emit(Op::LdaUndefined, &[]);
                self.bind(end);
            }
            Expression::StaticMemberExpression(_)
            | Expression::ComputedMemberExpression(_)
            | Expression::PrivateFieldExpression(_) => {
                self.member(e.as_member_expression().unwrap(), None, None)?
            }
            Expression::TaggedTemplateExpression(t) => self.tagged_template(t)?,
            Expression::YieldExpression(y) => self.yield_expression(y)?,
            Expression::AwaitExpression(a) => {
                self.expression(&a.argument)?;
                self.mark(a.span);
                self.emit(Op::Await, &[]);
            }
            Expression::NewTarget(_) => self.emit(Op::LdaNewTarget, &[]),
            Expression::Super(s) => return self.unsupported(s.span, "bare 'super'"),
            Expression::ImportExpression(i) => self.import_call(i)?,
            Expression::ImportMeta(i) => {
                let super::Mode::Module { id } = self.mode else {
                    return self.unsupported(i.span, "import.meta outside a module");
                };
                self.emit(Op::ImportMeta, &[id as i64]);
            }
            other => return self.unsupported(other.span(), "this syntax"),
        }
        Ok(())
    }

    fn string_literal(&mut self, s: &StringLiteral<'a>) {
        if s.lone_surrogates {
            let units = decode_lone_surrogates(s.value.as_str());
            let v = self.vm.new_string_units(&units);
            // Intern through the atom table so the constant is never collected.
            let st = v.as_string().unwrap();
            let k = self.vm.atoms.intern(&mut self.vm.heap, st);
            let v = self.vm.key_to_value(k);
            let i = self.constant(Constant::Value(v));
            self.emit(Op::LdaConst, &[i]);
        } else {
            self.load_string(s.value.as_str());
        }
    }

    /// Does a read of `sym` at `span` need a TDZ check?
    pub(super) fn needs_tdz(
        &self,
        sym: oxc_syntax::symbol::SymbolId,
        span: oxc_span::Span,
    ) -> bool {
        let scoping = self.sem.scoping();
        let flags = scoping.symbol_flags(sym);
        if !is_lexical(flags) {
            return false;
        }
        // Same function, after the declaration ends, not inside a loop or switch that could
        // re-enter before it: initialized. Otherwise check.
        if self.info.captured.contains(&sym) {
            return true;
        }
        let decl_node = scoping.symbol_declaration(sym);
        let decl_end = self.sem.nodes().get_node(decl_node).kind().span().end;
        span.start < decl_end || self.in_loop_or_switch()
    }

    fn in_loop_or_switch(&self) -> bool {
        self.fns
            .last()
            .unwrap()
            .controls
            .iter()
            .any(|c| c.breakable)
    }

    /// Loads an identifier. `typeof_mode` makes unresolvable globals read as undefined.
    pub(super) fn load_identifier(
        &mut self,
        id: &IdentifierReference<'a>,
        typeof_mode: bool,
    ) -> CResult<()> {
        let scoping = self.sem.scoping();
        let reference = scoping.get_reference(id.reference_id());
        let name = id.name.as_str();
        self.mark(id.span);
        if let Some(st) = self.implicit_arguments(id) {
            self.load_storage(st);
            return Ok(());
        }
        match reference.symbol_id() {
            Some(sym) => match self.storage.get(&sym).copied() {
                Some(st @ Storage::Register(_)) => {
                    self.load_storage(st);
                    if self.needs_tdz(sym, id.span) {
                        let a = self.atom(name);
                        self.emit(Op::CheckTdz, &[a]);
                    }
                }
                Some(st @ Storage::Env { .. }) => {
                    self.load_storage(st);
                    if is_lexical(scoping.symbol_flags(sym)) {
                        let a = self.atom(name);
                        self.emit(Op::CheckTdz, &[a]);
                    }
                }
                Some(Storage::GlobalLex) => {
                    let a = self.atom(name);
                    let fb = self.feedback();
                    self.emit(Op::LdaGlobalLex, &[a, fb]);
                }
                Some(Storage::Global) => self.load_by_name(name, false, typeof_mode),
                Some(Storage::EvalVar) => self.load_by_name(name, true, typeof_mode),
                Some(Storage::Import(i)) => {
                    let super::Mode::Module { id: module } = self.mode else {
                        unreachable!("imports exist only in modules")
                    };
                    let a = self.atom(name);
                    self.emit(Op::LdaImport, &[module as i64, i as i64, a]);
                }
                // Declared in an outer compilation unit (eval code): look it up by name.
                None => self.load_by_name(name, true, typeof_mode),
            },
            None => {
                if name == "undefined" && !self.is_dynamic(reference.scope_id()) {
                    self.emit(Op::LdaUndefined, &[]);
                    return Ok(());
                }
                let dynamic = self.is_dynamic(reference.scope_id());
                self.load_by_name(name, dynamic, typeof_mode);
            }
        }
        Ok(())
    }

    /// Loads a name resolved at run time: through scopes (`dynamic`: `with`/eval reach it) or
    /// as a global (inline-cached). `typeof_mode` reads unresolvable names as undefined.
    fn load_by_name(&mut self, name: &str, dynamic: bool, typeof_mode: bool) {
        let a = self.atom(name);
        match (dynamic, typeof_mode) {
            (true, false) => self.emit(Op::LdaLookup, &[a]),
            (true, true) => self.emit(Op::LdaLookupOrUndefined, &[a]),
            (false, _) => {
                let fb = self.feedback();
                let op = if typeof_mode {
                    Op::LdaGlobalOrUndefined
                } else {
                    Op::LdaGlobal
                };
                self.emit(op, &[a, fb]);
            }
        }
    }

    /// The implicit `arguments` binding of a function, if `id` refers to it.
    fn implicit_arguments(&self, id: &IdentifierReference<'a>) -> Option<Storage> {
        if id.name != "arguments" {
            return None;
        }
        let scoping = self.sem.scoping();
        let reference = scoping.get_reference(id.reference_id());
        let decl = reference.symbol_id().map(|s| scoping.symbol_scope_id(s));
        super::scope::arguments_owner(self.sem, reference.scope_id(), decl)?;
        self.arguments_storage()
    }

    /// Must names in this scope be resolved at run time (with, eval code, direct eval)?
    pub(super) fn is_dynamic(&self, scope: oxc_syntax::scope::ScopeId) -> bool {
        matches!(
            self.mode,
            super::Mode::Eval {
                in_function: true,
                ..
            }
        ) || self.info.dynamic.contains(&scope) && self.in_with_or_eval_code(scope)
    }

    fn in_with_or_eval_code(&self, scope: oxc_syntax::scope::ScopeId) -> bool {
        let scoping = self.sem.scoping();
        scoping.scope_ancestors(scope).any(|s| {
            scoping.scope_flags(s).intersects(
                oxc_syntax::scope::ScopeFlags::With | oxc_syntax::scope::ScopeFlags::DirectEval,
            )
        })
    }

    /// Stores acc to an identifier reference (assignment, not declaration).
    pub(super) fn store_identifier(&mut self, id: &IdentifierReference<'a>) -> CResult<()> {
        let scoping = self.sem.scoping();
        let reference = scoping.get_reference(id.reference_id());
        let name = id.name.as_str();
        if let Some(st) = self.implicit_arguments(id) {
            self.store_storage(st);
            return Ok(());
        }
        match reference.symbol_id() {
            Some(sym) => {
                let lexical = is_lexical(scoping.symbol_flags(sym));
                // (`StaGlobalLex` checks the TDZ itself.)
                if lexical
                    && matches!(
                        self.storage.get(&sym),
                        Some(Storage::Register(_) | Storage::Env { .. })
                    )
                    && (self.info.captured.contains(&sym) || self.needs_tdz(sym, id.span))
                {
                    // TDZ check on the current value before writing.
                    let tmp = self.alloc_reg();
                    self.emit(Op::Star, &[tmp as i64]);
                    self.load_identifier(id, false)?;
                    self.emit(Op::Ldar, &[tmp as i64]);
                    self.free_to(tmp);
                }
                if self.storage.contains_key(&sym) {
                    self.store_symbol(sym, name, false);
                } else {
                    self.store_by_name(name, true);
                }
            }
            None => {
                let dynamic = self.is_dynamic(reference.scope_id());
                self.store_by_name(name, dynamic);
            }
        }
        Ok(())
    }

    /// Stores acc to a name resolved at run time (the counterpart of `load_by_name`).
    pub(super) fn store_by_name(&mut self, name: &str, dynamic: bool) {
        let a = self.atom(name);
        if dynamic {
            self.emit(Op::StaLookup, &[a]);
        } else {
            let fb = self.feedback();
            self.emit(Op::StaGlobal, &[a, fb]);
        }
    }

    fn template_literal(&mut self, t: &TemplateLiteral<'a>) -> CResult<()> {
        let mark = self.reg_mark();
        let acc_r = self.alloc_reg();
        let cooked0 = t.quasis[0]
            .value
            .cooked
            .map(|c| c.to_string())
            .unwrap_or_default();
        self.load_string(&cooked0);
        self.emit(Op::Star, &[acc_r as i64]);
        for (i, e) in t.expressions.iter().enumerate() {
            self.expression(e)?;
            self.emit(Op::ToString, &[]);
            let fb = self.feedback();
            self.emit(Op::Add, &[acc_r as i64, fb]);
            let q = t.quasis[i + 1]
                .value
                .cooked
                .map(|c| c.to_string())
                .unwrap_or_default();
            if !q.is_empty() {
                self.emit(Op::Star, &[acc_r as i64]);
                self.load_string(&q);
                let fb = self.feedback();
                self.emit(Op::Add, &[acc_r as i64, fb]);
            }
            self.emit(Op::Star, &[acc_r as i64]);
        }
        self.emit(Op::Ldar, &[acc_r as i64]);
        self.free_to(mark);
        Ok(())
    }

    fn tagged_template(&mut self, t: &TaggedTemplateExpression<'a>) -> CResult<()> {
        let mark = self.reg_mark();
        let (callee, this) = self.callee_and_this(&t.tag)?;
        let first = this;
        let mut cooked = Vec::new();
        let mut raw = Vec::new();
        for q in &t.quasi.quasis {
            cooked.push(q.value.cooked.map(|c| {
                let k = self.vm.intern(c.as_str());
                self.vm.key_to_value(k)
            }));
            let k = self.vm.intern(q.value.raw.as_str());
            raw.push(self.vm.key_to_value(k));
        }
        let site = Rc::new(TemplateSite {
            cooked,
            raw,
            cache: Cell::new(Value::UNDEFINED),
        });
        let k = self.constant(Constant::Template(site));
        self.emit(Op::CreateTemplate, &[k]);
        let r = self.alloc_reg();
        self.emit(Op::Star, &[r as i64]);
        for e in &t.quasi.expressions {
            let r = self.alloc_reg();
            self.expression(e)?;
            self.emit(Op::Star, &[r as i64]);
        }
        let argc = 1 + t.quasi.expressions.len();
        self.mark(t.span);
        let fb = self.feedback();
        self.emit(Op::Call, &[callee as i64, first as i64, argc as i64, fb]);
        self.free_to(mark);
        Ok(())
    }

    fn array_literal(&mut self, a: &ArrayExpression<'a>) -> CResult<()> {
        let arr = self.alloc_reg();
        self.emit(Op::CreateArray, &[a.elements.len() as i64]);
        self.emit(Op::Star, &[arr as i64]);
        for el in &a.elements {
            match el {
                ArrayExpressionElement::SpreadElement(s) => {
                    self.expression(&s.argument)?;
                    self.mark(s.span);
                    self.emit(Op::ArraySpread, &[arr as i64]);
                }
                ArrayExpressionElement::Elision(_) => self.emit(Op::ArrayPushHole, &[arr as i64]),
                e => {
                    self.expression(e.as_expression().unwrap())?;
                    self.emit(Op::ArrayPush, &[arr as i64]);
                }
            }
        }
        self.emit(Op::Ldar, &[arr as i64]);
        self.free_to(arr);
        Ok(())
    }

    /// Evaluates a property key into a register (computed keys go through ToPropertyKey).
    pub(super) fn property_key_reg(&mut self, key: &PropertyKey<'a>) -> CResult<u16> {
        let r = self.alloc_reg();
        match key {
            PropertyKey::StaticIdentifier(id) => self.load_string(id.name.as_str()),
            PropertyKey::PrivateIdentifier(p) => {
                return self.unsupported(p.span, "private name here")
            }
            PropertyKey::StringLiteral(s) => self.string_literal(s),
            PropertyKey::NumericLiteral(n) => {
                let s = crate::value::number::to_js_string(n.value);
                self.load_string(&s);
            }
            e => {
                self.expression(e.as_expression().unwrap())?;
                self.emit(Op::ToPropertyKey, &[]);
            }
        }
        self.emit(Op::Star, &[r as i64]);
        Ok(r)
    }

    /// A property key known at compile time.
    pub(super) fn static_key(key: &PropertyKey<'a>) -> Option<String> {
        match key {
            PropertyKey::StaticIdentifier(id) => Some(id.name.to_string()),
            PropertyKey::StringLiteral(s) if !s.lone_surrogates => Some(s.value.to_string()),
            PropertyKey::NumericLiteral(n) => Some(crate::value::number::to_js_string(n.value)),
            _ => None,
        }
    }

    fn object_literal(&mut self, o: &ObjectExpression<'a>) -> CResult<()> {
        let mark = self.reg_mark();
        let obj = self.alloc_reg();
        self.emit(Op::CreateObject, &[]);
        self.emit(Op::Star, &[obj as i64]);
        for p in &o.properties {
            match p {
                ObjectPropertyKind::SpreadProperty(s) => {
                    let ex = self.alloc_reg();
                    self.emit(Op::LdaUndefined, &[]);
                    self.emit(Op::Star, &[ex as i64]);
                    self.expression(&s.argument)?;
                    self.emit(Op::CopyDataProperties, &[obj as i64, ex as i64]);
                    self.free_to(ex);
                }
                ObjectPropertyKind::ObjectProperty(prop) => {
                    let is_proto_setter = !prop.computed
                        && !prop.shorthand
                        && !prop.method
                        && prop.kind == PropertyKind::Init
                        && Self::static_key(&prop.key).as_deref() == Some("__proto__");
                    if is_proto_setter {
                        // `__proto__: v` sets the prototype.
                        self.expression(&prop.value)?;
                        let a = self.atom("__proto__");
                        let fb = self.feedback();
                        self.emit(Op::SetNamed, &[obj as i64, a, fb]);
                        continue;
                    }
                    let static_name = if prop.computed {
                        None
                    } else {
                        Self::static_key(&prop.key)
                    };
                    match prop.kind {
                        PropertyKind::Init if !prop.method => {
                            if let Some(name) = &static_name {
                                if name.parse::<u32>().is_err() {
                                    self.named_value(&prop.value, name)?;
                                    let a = self.atom(name);
                                    self.emit(Op::DefineNamed, &[obj as i64, a]);
                                    continue;
                                }
                            }
                            let k = self.property_key_reg(&prop.key)?;
                            self.expression_named_by_reg(&prop.value, k)?;
                            self.emit(Op::DefineKeyed, &[obj as i64, k as i64]);
                            self.free_to(k);
                        }
                        kind => {
                            let k = self.property_key_reg(&prop.key)?;
                            let Expression::FunctionExpression(f) = &prop.value else {
                                return self.unsupported(prop.span, "this property");
                            };
                            let code = self.compile_method(
                                f,
                                static_name.as_deref().unwrap_or(""),
                                false,
                            )?;
                            let c = self.constant(Constant::Function(code));
                            self.emit(Op::CreateClosure, &[c]);
                            let kind_code = match kind {
                                PropertyKind::Get => 1,
                                PropertyKind::Set => 2,
                                PropertyKind::Init => 3,
                            };
                            self.emit(Op::DefineMethod, &[obj as i64, k as i64, kind_code]);
                            self.free_to(k);
                        }
                    }
                }
            }
        }
        self.emit(Op::Ldar, &[obj as i64]);
        self.free_to(mark);
        Ok(())
    }

    /// `import(specifier, options)`: the referrer is this file (a module's key or a script's
    /// name).
    fn import_call(&mut self, i: &ImportExpression<'a>) -> CResult<()> {
        let spec = self.alloc_regs(2);
        self.expression(&i.source)?;
        self.emit(Op::Star, &[spec as i64]);
        match &i.options {
            Some(o) => self.expression(o)?,
            None => self.emit(Op::LdaUndefined, &[]),
        }
        self.emit(Op::Star, &[spec as i64 + 1]);
        let name = self.file.name.clone();
        let k = self.string_const(&name);
        self.mark(i.span);
        let phase = match i.phase {
            None => 0,
            Some(ImportPhase::Source) => 1,
            Some(ImportPhase::Defer) => 2,
        };
        self.emit(Op::ImportCall, &[spec as i64, k, phase]);
        self.free_to(spec);
        Ok(())
    }

    /// Compiles a value that takes `name` if it is an anonymous function/class.
    pub(super) fn named_value(&mut self, e: &Expression<'a>, name: &str) -> CResult<()> {
        match e {
            Expression::FunctionExpression(f) if f.id.is_none() => {
                let code = self.compile_function(f, Some(name))?;
                let k = self.constant(Constant::Function(code));
                self.emit(Op::CreateClosure, &[k]);
                Ok(())
            }
            Expression::ArrowFunctionExpression(a) => self.arrow(a, name),
            Expression::ClassExpression(c) if c.id.is_none() => self.class(c, Some(name)),
            Expression::ParenthesizedExpression(p) => self.named_value(&p.expression, name),
            _ => self.expression(e),
        }
    }

    /// Like `named_value` but the name is a runtime key (computed keys): names via SetFunctionName.
    fn expression_named_by_reg(&mut self, e: &Expression<'a>, _key: u16) -> CResult<()> {
        self.expression(e)
    }

    /// Compiles an object-literal or class method.
    pub(super) fn compile_method(
        &mut self,
        f: &Function<'a>,
        name: &str,
        class_ctor: bool,
    ) -> CResult<Rc<crate::bytecode::CodeBlock>> {
        let strict =
            self.fns.last().unwrap().flags.strict || class_ctor || f.has_use_strict_directive();
        let flags = CodeFlags {
            strict,
            generator: f.generator,
            is_async: f.r#async,
            method: true,
            no_construct: true,
            ..Default::default()
        };
        let Some(body) = &f.body else {
            return self.unsupported(f.span, "a method without a body");
        };
        self.compile_function_body(
            flags,
            name,
            f.scope_id(),
            &f.params,
            &body.statements,
            None,
            f.span,
        )
    }

    fn arrow(&mut self, a: &ArrowFunctionExpression<'a>, name: &str) -> CResult<()> {
        let strict = self.fns.last().unwrap().flags.strict || a.has_use_strict_directive();
        let flags = CodeFlags {
            strict,
            arrow: true,
            is_async: a.r#async,
            ..Default::default()
        };
        let code = match &a.body {
            ArrowFunctionBody::FunctionBody(b) => self.compile_function_body(
                flags,
                name,
                a.scope_id(),
                &a.params,
                &b.statements,
                None,
                a.span,
            )?,
            body => {
                let e = body.as_expression().unwrap();
                self.compile_function_body(
                    flags,
                    name,
                    a.scope_id(),
                    &a.params,
                    &[],
                    Some(e),
                    a.span,
                )?
            }
        };
        let k = self.constant(Constant::Function(code));
        self.emit(Op::CreateClosure, &[k]);
        Ok(())
    }

    fn unary(&mut self, u: &UnaryExpression<'a>) -> CResult<()> {
        match u.operator {
            UnaryOperator::Typeof => {
                if let Expression::Identifier(id) = &u.argument {
                    self.load_identifier(id, true)?;
                } else {
                    self.expression(&u.argument)?;
                }
                self.emit(Op::TypeOf, &[]);
            }
            UnaryOperator::Delete => self.delete(&u.argument)?,
            UnaryOperator::Void => {
                self.expression(&u.argument)?;
                self.emit(Op::LdaUndefined, &[]);
            }
            UnaryOperator::LogicalNot => {
                self.expression(&u.argument)?;
                self.emit(Op::Not, &[]);
            }
            UnaryOperator::UnaryNegation => {
                if let Expression::NumericLiteral(n) = &u.argument {
                    self.load_number(-n.value);
                } else {
                    self.expression(&u.argument)?;
                    self.mark(u.span);
                    self.emit(Op::Negate, &[]);
                }
            }
            UnaryOperator::UnaryPlus => {
                self.expression(&u.argument)?;
                self.mark(u.span);
                // Unary plus is ToNumber: BigInts throw.
                self.emit(Op::ToNumeric, &[]);
            }
            UnaryOperator::BitwiseNot => {
                self.expression(&u.argument)?;
                self.mark(u.span);
                self.emit(Op::BitNot, &[]);
            }
        }
        Ok(())
    }

    fn delete(&mut self, arg: &Expression<'a>) -> CResult<()> {
        match arg {
            Expression::Identifier(id) => {
                let scoping = self.sem.scoping();
                let r = scoping.get_reference(id.reference_id());
                let binding = self.implicit_arguments(id).is_some()
                    || r.symbol_id()
                        .is_some_and(|sym| self.storage.contains_key(&sym));
                if binding {
                    // Declarative bindings cannot be deleted.
                    self.emit(Op::LdaFalse, &[]);
                } else {
                    let a = self.atom(id.name.as_str());
                    self.emit(Op::DeleteLookup, &[a]);
                }
            }
            Expression::StaticMemberExpression(m) => {
                let o = self.expression_to_reg(&m.object)?;
                self.load_string(m.property.name.as_str());
                self.mark(m.span);
                self.emit(Op::DeleteKeyed, &[o as i64]);
                self.free_to(o);
            }
            Expression::ComputedMemberExpression(m) => {
                let o = self.expression_to_reg(&m.object)?;
                self.expression(&m.expression)?;
                self.mark(m.span);
                self.emit(Op::DeleteKeyed, &[o as i64]);
                self.free_to(o);
            }
            Expression::ParenthesizedExpression(p) => self.delete(&p.expression)?,
            Expression::ChainExpression(c) => {
                let nullish = self.label();
                let end = self.label();
                let m = c.expression.as_member_expression();
                let Some(m) = m else {
                    self.expression(arg)?;
                    self.emit(Op::LdaTrue, &[]);
                    return Ok(());
                };
                let o = self.alloc_reg();
                self.expression(m.object())?;
                if m.optional() {
                    self.jump(Op::JumpIfNullish, nullish);
                }
                self.emit(Op::Star, &[o as i64]);
                match m {
                    MemberExpression::StaticMemberExpression(s) => {
                        self.load_string(s.property.name.as_str())
                    }
                    MemberExpression::ComputedMemberExpression(c) => {
                        self.expression(&c.expression)?
                    }
                    MemberExpression::PrivateFieldExpression(p) => {
                        return self.unsupported(p.span, "delete of a private field")
                    }
                }
                self.emit(Op::DeleteKeyed, &[o as i64]);
                self.jump(Op::Jump, end);
                self.bind(nullish);
                self.emit(Op::LdaTrue, &[]);
                self.bind(end);
                self.free_to(o);
            }
            e => {
                self.expression(e)?;
                self.emit(Op::LdaTrue, &[]);
            }
        }
        Ok(())
    }

    fn binary(&mut self, b: &BinaryExpression<'a>) -> CResult<()> {
        let mark = self.reg_mark();
        let l = match self.local_register(&b.left) {
            Some(r) if is_pure(&b.right) => r,
            _ => self.expression_to_reg(&b.left)?,
        };
        self.expression(&b.right)?;
        self.mark(b.span);
        use BinaryOperator as B;
        let r = l as i64;
        if let Some(op) = binary_op(b.operator) {
            let fb = self.feedback();
            self.emit(op, &[r, fb]);
        } else {
            match b.operator {
                B::Equality => self.emit(Op::TestEqual, &[r]),
                B::Inequality => self.emit(Op::TestNotEqual, &[r]),
                B::StrictEquality => self.emit(Op::TestStrictEqual, &[r]),
                B::StrictInequality => self.emit(Op::TestStrictNotEqual, &[r]),
                B::LessThan => self.emit(Op::TestLess, &[r]),
                B::LessEqualThan => self.emit(Op::TestLessEqual, &[r]),
                B::GreaterThan => self.emit(Op::TestGreater, &[r]),
                B::GreaterEqualThan => self.emit(Op::TestGreaterEqual, &[r]),
                B::In => self.emit(Op::In, &[r]),
                B::Instanceof => self.emit(Op::InstanceOf, &[r]),
                _ => unreachable!(),
            }
        }
        self.free_to(mark);
        Ok(())
    }

    /// Resolves a simple assignment target into a place (evaluating its object/key once).
    pub(super) fn place<'x>(
        &mut self,
        t: &'x SimpleAssignmentTarget<'a>,
    ) -> CResult<Place<'x, 'a>> {
        Ok(match t {
            SimpleAssignmentTarget::AssignmentTargetIdentifier(id) => Place::Ident(id),
            SimpleAssignmentTarget::StaticMemberExpression(m) => {
                if let Expression::Super(_) = m.object {
                    let k = self.alloc_reg();
                    self.load_string(m.property.name.as_str());
                    self.emit(Op::Star, &[k as i64]);
                    return Ok(Place::SuperKeyed { key: k });
                }
                let obj = self.expression_to_reg(&m.object)?;
                let key = self.atom(m.property.name.as_str());
                Place::Named { obj, key }
            }
            SimpleAssignmentTarget::ComputedMemberExpression(m) => {
                if let Expression::Super(_) = m.object {
                    let k = self.alloc_reg();
                    self.expression(&m.expression)?;
                    self.emit(Op::ToPropertyKey, &[]);
                    self.emit(Op::Star, &[k as i64]);
                    return Ok(Place::SuperKeyed { key: k });
                }
                let obj = self.expression_to_reg(&m.object)?;
                let key = self.alloc_reg();
                self.expression(&m.expression)?;
                self.emit(Op::ToPropertyKey, &[]);
                self.emit(Op::Star, &[key as i64]);
                Place::Keyed { obj, key }
            }
            SimpleAssignmentTarget::PrivateFieldExpression(p) => {
                let obj = self.expression_to_reg(&p.object)?;
                let name = self.private_name_reg(&p.field.name)?;
                Place::Private { obj, name }
            }
            other => return self.unsupported(other.span(), "this assignment target"),
        })
    }

    pub(super) fn load_place(&mut self, p: &Place<'_, 'a>) -> CResult<()> {
        match p {
            Place::Ident(id) => self.load_identifier(id, false)?,
            Place::Named { obj, key } => {
                let fb = self.feedback();
                self.emit(Op::GetNamed, &[*obj as i64, *key, fb]);
            }
            Place::Keyed { obj, key } => {
                self.emit(Op::Ldar, &[*key as i64]);
                let fb = self.feedback();
                self.emit(Op::GetKeyed, &[*obj as i64, fb]);
            }
            Place::Private { obj, name } => self.emit(Op::GetPrivate, &[*obj as i64, *name as i64]),
            Place::SuperKeyed { key } => {
                self.emit(Op::LdaThis, &[]);
                let t = self.alloc_reg();
                self.emit(Op::Star, &[t as i64]);
                self.emit(Op::Ldar, &[*key as i64]);
                self.emit(Op::GetSuper, &[t as i64]);
                self.free_to(t);
            }
        }
        Ok(())
    }

    pub(super) fn store_place(&mut self, p: &Place<'_, 'a>) -> CResult<()> {
        match p {
            Place::Ident(id) => self.store_identifier(id)?,
            Place::Named { obj, key } => {
                let fb = self.feedback();
                self.emit(Op::SetNamed, &[*obj as i64, *key, fb]);
            }
            Place::Keyed { obj, key } => {
                let fb = self.feedback();
                self.emit(Op::SetKeyed, &[*obj as i64, *key as i64, fb]);
            }
            Place::Private { obj, name } => self.emit(Op::SetPrivate, &[*obj as i64, *name as i64]),
            Place::SuperKeyed { key } => {
                let v = self.alloc_reg();
                self.emit(Op::Star, &[v as i64]);
                let t = self.alloc_reg();
                self.emit(Op::LdaThis, &[]);
                self.emit(Op::Star, &[t as i64]);
                self.emit(Op::Ldar, &[v as i64]);
                self.emit(Op::SetSuper, &[t as i64, *key as i64]);
                self.free_to(v);
            }
        }
        Ok(())
    }

    fn assignment(&mut self, a: &AssignmentExpression<'a>) -> CResult<()> {
        let mark = self.reg_mark();
        match &a.left {
            AssignmentTarget::ArrayAssignmentTarget(_)
            | AssignmentTarget::ObjectAssignmentTarget(_) => {
                self.expression(&a.right)?;
                let v = self.alloc_reg();
                self.emit(Op::Star, &[v as i64]);
                self.assign_pattern(a.left.as_assignment_target_pattern().unwrap())?;
                self.emit(Op::Ldar, &[v as i64]);
                self.free_to(mark);
                return Ok(());
            }
            _ => {}
        }
        let target = a.left.as_simple_assignment_target().unwrap();
        let place = self.place(target)?;
        let name = match &place {
            Place::Ident(id) => Some(id.name.to_string()),
            _ => None,
        };
        match a.operator {
            AssignmentOperator::Assign => {
                match &name {
                    Some(n) => self.named_value(&a.right, n)?,
                    None => self.expression(&a.right)?,
                }
                self.mark(a.span);
                self.store_place(&place)?;
            }
            op if op.is_logical() => {
                let end = self.label();
                self.load_place(&place)?;
                match op {
                    AssignmentOperator::LogicalAnd => self.jump(Op::JumpIfFalse, end),
                    AssignmentOperator::LogicalOr => self.jump(Op::JumpIfTrue, end),
                    _ => self.jump(Op::JumpIfNotNullish, end),
                }
                match &name {
                    Some(n) => self.named_value(&a.right, n)?,
                    None => self.expression(&a.right)?,
                }
                self.store_place(&place)?;
                self.bind(end);
            }
            op => {
                self.load_place(&place)?;
                let l = self.alloc_reg();
                self.emit(Op::Star, &[l as i64]);
                self.expression(&a.right)?;
                self.mark(a.span);
                let bop = binary_op(op.to_binary_operator().unwrap()).unwrap();
                let fb = self.feedback();
                self.emit(bop, &[l as i64, fb]);
                self.store_place(&place)?;
            }
        }
        self.free_to(mark);
        Ok(())
    }

    fn update(&mut self, u: &UpdateExpression<'a>) -> CResult<()> {
        let mark = self.reg_mark();
        let place = self.place(&u.argument)?;
        self.load_place(&place)?;
        self.emit(Op::ToNumeric, &[]);
        let old = self.alloc_reg();
        if !u.prefix {
            self.emit(Op::Star, &[old as i64]);
        }
        self.mark(u.span);
        self.emit(
            if u.operator == UpdateOperator::Increment {
                Op::Inc
            } else {
                Op::Dec
            },
            &[],
        );
        self.store_place(&place)?;
        if !u.prefix {
            self.emit(Op::Ldar, &[old as i64]);
        }
        self.free_to(mark);
        Ok(())
    }

    /// Member load. `nullish` is the optional-chain exit; `this_out` receives the object register.
    pub(super) fn member(
        &mut self,
        m: &MemberExpression<'a>,
        nullish: Option<crate::bytecode::Label>,
        this_out: Option<&mut u16>,
    ) -> CResult<()> {
        self.member_impl(m, nullish, this_out)
    }

    fn member_impl(
        &mut self,
        m: &MemberExpression<'a>,
        nullish: Option<crate::bytecode::Label>,
        this_out: Option<&mut u16>,
    ) -> CResult<()> {
        if let Expression::Super(_) = m.object() {
            let t = self.alloc_reg();
            self.emit(Op::LdaThis, &[]);
            self.emit(Op::Star, &[t as i64]);
            match m {
                MemberExpression::StaticMemberExpression(s) => {
                    self.load_string(s.property.name.as_str())
                }
                MemberExpression::ComputedMemberExpression(c) => self.expression(&c.expression)?,
                MemberExpression::PrivateFieldExpression(p) => {
                    return self.unsupported(p.span, "super private access")
                }
            }
            self.mark(m.span());
            self.emit(Op::GetSuper, &[t as i64]);
            match this_out {
                Some(out) => *out = t,
                None => self.free_to(t),
            }
            return Ok(());
        }
        let mark = self.reg_mark();
        let keep = this_out.is_some();
        let obj = match (keep, self.local_register(m.object())) {
            (false, Some(r)) => r,
            _ => {
                let r = self.alloc_reg();
                self.object_in_chain(m.object(), nullish)?;
                self.emit(Op::Star, &[r as i64]);
                r
            }
        };
        if m.optional() {
            if let Some(n) = nullish {
                self.emit(Op::Ldar, &[obj as i64]);
                self.jump(Op::JumpIfNullish, n);
            }
        }
        match m {
            MemberExpression::StaticMemberExpression(s) => {
                let a = self.atom(s.property.name.as_str());
                self.mark(s.span);
                let fb = self.feedback();
                self.emit(Op::GetNamed, &[obj as i64, a, fb]);
            }
            MemberExpression::ComputedMemberExpression(c) => {
                self.expression(&c.expression)?;
                self.mark(c.span);
                let fb = self.feedback();
                self.emit(Op::GetKeyed, &[obj as i64, fb]);
            }
            MemberExpression::PrivateFieldExpression(p) => {
                let name = self.private_name_reg(&p.field.name)?;
                self.mark(p.span);
                self.emit(Op::GetPrivate, &[obj as i64, name as i64]);
            }
        }
        match this_out {
            Some(out) => *out = obj,
            None => self.free_to(mark),
        }
        Ok(())
    }

    /// The object part of a member/call inside an optional chain keeps the chain's exit label.
    fn object_in_chain(
        &mut self,
        e: &Expression<'a>,
        nullish: Option<crate::bytecode::Label>,
    ) -> CResult<()> {
        match (e, nullish) {
            (Expression::CallExpression(c), Some(_)) => self.call(c, nullish),
            (
                Expression::StaticMemberExpression(_)
                | Expression::ComputedMemberExpression(_)
                | Expression::PrivateFieldExpression(_),
                Some(_),
            ) => self.member(e.as_member_expression().unwrap(), nullish, None),
            _ => self.expression(e),
        }
    }

    /// Evaluates a callee and its `this` into two consecutive registers; returns (callee, this).
    pub(super) fn callee_and_this(&mut self, callee: &Expression<'a>) -> CResult<(u16, u16)> {
        self.callee_and_this_chain(callee, None, false)
            .map(|(f, this, _)| (f, this))
    }

    /// Evaluates a callee into a fresh register and its receiver into the next one. With
    /// `defer_undefined`, an `undefined` receiver is not stored; the third result says so, and
    /// the caller emits `CallUndefined`, which stores it (two fewer dispatches per call).
    fn callee_and_this_chain(
        &mut self,
        callee: &Expression<'a>,
        nullish: Option<crate::bytecode::Label>,
        defer_undefined: bool,
    ) -> CResult<(u16, u16, bool)> {
        let f = self.alloc_reg();
        let this = self.alloc_reg();
        match callee {
            Expression::StaticMemberExpression(_)
            | Expression::ComputedMemberExpression(_)
            | Expression::PrivateFieldExpression(_) => {
                let m = callee.as_member_expression().unwrap();
                let mut obj = 0;
                self.member_impl(m, nullish, Some(&mut obj))?;
                self.emit(Op::Star, &[f as i64]);
                self.emit(Op::Mov, &[obj as i64, this as i64]);
                self.free_to(this + 1);
            }
            Expression::ParenthesizedExpression(p)
                if p.expression.as_member_expression().is_some() =>
            {
                let (f, this) = self.callee_and_this_chain_reuse(&p.expression, f, this)?;
                return Ok((f, this, false));
            }
            _ => {
                self.object_in_chain(callee, nullish)?;
                self.emit(Op::Star, &[f as i64]);
                if defer_undefined {
                    return Ok((f, this, true));
                }
                self.emit(Op::LdaUndefined, &[]);
                self.emit(Op::Star, &[this as i64]);
            }
        }
        Ok((f, this, false))
    }

    fn callee_and_this_chain_reuse(
        &mut self,
        callee: &Expression<'a>,
        f: u16,
        this: u16,
    ) -> CResult<(u16, u16)> {
        let m = callee.as_member_expression().unwrap();
        let mut obj = 0;
        self.member_impl(m, None, Some(&mut obj))?;
        self.emit(Op::Star, &[f as i64]);
        self.emit(Op::Mov, &[obj as i64, this as i64]);
        self.free_to(this + 1);
        Ok((f, this))
    }

    /// Evaluates arguments into consecutive registers after `first`; returns (argc, spread?).
    fn arguments(&mut self, args: &[Argument<'a>]) -> CResult<(usize, bool)> {
        if args.iter().any(|a| matches!(a, Argument::SpreadElement(_))) {
            let arr = self.alloc_reg();
            self.emit(Op::CreateArray, &[args.len() as i64]);
            self.emit(Op::Star, &[arr as i64]);
            for a in args {
                match a {
                    Argument::SpreadElement(s) => {
                        self.expression(&s.argument)?;
                        self.emit(Op::ArraySpread, &[arr as i64]);
                    }
                    e => {
                        self.expression(e.as_expression().unwrap())?;
                        self.emit(Op::ArrayPush, &[arr as i64]);
                    }
                }
            }
            return Ok((1, true));
        }
        for a in args {
            let r = self.alloc_reg();
            self.expression(a.as_expression().unwrap())?;
            self.emit(Op::Star, &[r as i64]);
        }
        Ok((args.len(), false))
    }

    /// A call. `nullish` is the enclosing optional chain's exit.
    pub(super) fn call(
        &mut self,
        c: &CallExpression<'a>,
        nullish: Option<crate::bytecode::Label>,
    ) -> CResult<()> {
        let mark = self.reg_mark();
        if let Expression::Super(_) = &c.callee {
            let first = self.alloc_reg();
            let (argc, spread) = self.arguments(&c.arguments)?;
            self.mark(c.span);
            if spread {
                self.emit(Op::SuperCallSpread, &[first as i64]);
            } else {
                self.emit(Op::SuperCall, &[first as i64, argc as i64]);
            }
            self.free_to(mark);
            return Ok(());
        }
        let is_eval = matches!(&c.callee, Expression::Identifier(id) if id.name == "eval");
        let plain = !is_eval
            && !c
                .arguments
                .iter()
                .any(|a| matches!(a, Argument::SpreadElement(_)));
        let (f, this, undefined_this) = self.callee_and_this_chain(&c.callee, nullish, plain)?;
        if c.optional {
            if let Some(n) = nullish {
                self.emit(Op::Ldar, &[f as i64]);
                self.jump(Op::JumpIfNullish, n);
            }
        }
        let (argc, spread) = self.arguments(&c.arguments)?;
        self.mark(c.span);
        if spread {
            self.emit(Op::CallSpread, &[f as i64, this as i64]);
        } else if is_eval {
            self.emit(Op::CallEval, &[f as i64, this as i64, argc as i64]);
        } else {
            let fb = self.feedback();
            let op = if undefined_this {
                Op::CallUndefined
            } else {
                Op::Call
            };
            self.emit(op, &[f as i64, this as i64, argc as i64, fb]);
        }
        self.free_to(mark);
        Ok(())
    }

    fn new_expression(&mut self, n: &NewExpression<'a>) -> CResult<()> {
        let mark = self.reg_mark();
        let f = self.expression_to_reg(&n.callee)?;
        let first = self.alloc_reg();
        let (argc, spread) = self.arguments(&n.arguments)?;
        self.mark(n.span);
        if spread {
            self.emit(Op::NewSpread, &[f as i64, first as i64]);
        } else {
            self.emit(Op::New, &[f as i64, first as i64, argc as i64]);
        }
        self.free_to(mark);
        Ok(())
    }

    /// `yield` / `yield*` (15.5.5). A resumption by `return(v)` continues at the compiled return
    /// path after the `Yield`/`YieldStar`, so `finally` blocks run and loops close their
    /// iterators exactly as for a `return` statement.
    fn yield_expression(&mut self, y: &YieldExpression<'a>) -> CResult<()> {
        let is_async = self.f().flags.is_async;
        let (ret, done) = (self.label(), self.label());
        if y.delegate {
            let Some(arg) = &y.argument else {
                return self.unsupported(y.span, "yield*");
            };
            let mark = self.reg_mark();
            self.expression(arg)?;
            // it, its next method, the received mode (ResumeMode::Next = 0 first).
            let it = self.alloc_regs(3);
            self.mark(y.span);
            let get = if is_async {
                Op::GetAsyncIterator
            } else {
                Op::GetIterator
            };
            self.emit(get, &[it as i64]);
            self.emit(Op::LdaSmi, &[0]);
            self.emit(Op::Star, &[it as i64 + 2]);
            self.emit(Op::LdaUndefined, &[]);
            let top = self.label();
            self.bind(top);
            self.mark(y.span);
            self.f()
                .e
                .emit_jumps(Op::YieldStar, &[it as i64], &[done, ret]);
            if is_async {
                self.emit(Op::Await, &[]);
                self.jump(Op::Loop, top);
            }
            self.bind(ret);
            self.emit_return();
            self.bind(done);
            self.free_to(mark);
            return Ok(());
        }
        match &y.argument {
            Some(a) => self.expression(a)?,
            None => self.emit(Op::LdaUndefined, &[]),
        }
        self.mark(y.span);
        if is_async {
            // 27.6.3.8: an async generator awaits the operand before yielding it.
            self.emit(Op::Await, &[]);
        }
        self.jump(Op::Yield, ret);
        self.jump(Op::Jump, done);
        self.bind(ret);
        self.emit_return();
        self.bind(done);
        Ok(())
    }
}

/// oxc encodes lone surrogates as U+FFFD followed by four hex digits.
fn decode_lone_surrogates(s: &str) -> Vec<u16> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{FFFD}' {
            let hex: String = chars.clone().take(4).collect();
            if hex.len() == 4 {
                if let Ok(u) = u16::from_str_radix(&hex, 16) {
                    for _ in 0..4 {
                        chars.next();
                    }
                    out.push(u);
                    continue;
                }
            }
        }
        let mut buf = [0u16; 2];
        out.extend_from_slice(c.encode_utf16(&mut buf));
    }
    out
}
