//! Per-function code generation state, and compiling whole functions and programs.

use super::scope::{is_lexical, ScopeInfo, Storage};
use super::{CompileError, EvalSite, Mode};
use crate::bytecode::{CodeBlock, CodeFlags, Constant, Emitter, Handler, Label, Op, SourceFile};
use crate::object::env::EnvLayout;
use crate::value::Value;
use crate::vm::Vm;
use oxc_ast::ast::*;
use oxc_semantic::{Semantic, SymbolFlags};
use oxc_syntax::scope::{ScopeFlags, ScopeId};
use oxc_syntax::symbol::SymbolId;
use rustc_hash::FxHashMap;
use std::rc::Rc;

/// A jump target for `break`/`continue`.
pub(super) struct Control {
    /// Labels naming this statement.
    pub labels: Vec<String>,
    /// A loop or switch (target of an unlabeled `break`).
    pub breakable: bool,
    pub break_label: Label,
    pub continue_label: Option<Label>,
    /// Runtime env depth of the function at this construct (envs to pop when jumping out).
    pub env_depth: u32,
    /// Is this a `finally` region (jumps out of it must run the finally code)?
    pub finally: Option<FinallyInfo>,
    /// The iterator to close when jumping out (for-of, for-await).
    pub iterator: Option<LoopIterator>,
}

/// The iterator of a `for-of` / `for await` loop or of an array destructuring.
#[derive(Clone, Copy)]
pub(super) struct LoopIterator {
    /// Register holding the iterator (its `next` method is in the following one).
    pub reg: u16,
    /// `for await`: closing it awaits `return()`.
    pub is_async: bool,
    /// Array destructuring: the iterator is closed only while this register is false (it
    /// becomes true once the iterator is exhausted).
    pub done: Option<u16>,
}

/// A `try … finally` being compiled: jumps out route through the finally block.
#[derive(Clone)]
pub(super) struct FinallyInfo {
    pub kind_reg: u16,
    pub value_reg: u16,
    pub entry: Label,
    /// Jumps routed through this finally: (kind code, control index, is continue).
    pub routes: Rc<std::cell::RefCell<Vec<(i32, usize, bool)>>>,
}

/// One function being compiled.
pub(super) struct FnCtx {
    pub e: Emitter,
    pub consts: Vec<Constant>,
    pub handlers: Vec<Handler>,
    pub positions: Vec<(u32, u32)>,
    /// Statement starts (pc, source offset) for the debugger.
    pub breaks: Vec<(u32, u32)>,
    /// Register locals for the debugger.
    pub locals: Vec<crate::bytecode::Local>,
    pub next_reg: u16,
    pub max_reg: u16,
    /// More than [`MAX_REGISTERS`] were live at once (e.g. 100,000 nested array literals).
    pub too_many_registers: bool,
    pub feedback: u32,
    pub flags: CodeFlags,
    /// Index in `Compiler::envs` where this function's own environments start.
    pub env_base: usize,
    /// Runtime environments pushed so far inside this function.
    pub env_depth: u32,
    pub controls: Vec<Control>,
    pub atom_consts: FxHashMap<u32, u32>,
    /// Where the function's implicit `arguments` binding lives once the object is created: a
    /// register, or an environment slot named `arguments` when arrows or direct eval reach it.
    pub arguments: Option<Storage>,
    /// Pending label names for the next loop.
    pub pending_labels: Vec<String>,
    /// Bytecode offset where parameter initialisation ends (see `CodeBlock::body_start`).
    pub body_start: u32,
}

/// How a non-arrow function binds `arguments` (§10.2.11).
pub(super) enum ArgumentsBinding {
    /// No arguments object: never referenced, or replaced by a parameter, function or lexical
    /// declaration of that name.
    None,
    /// The implicit binding. `captured` when arrows or direct eval reach it: it then lives in an
    /// environment slot named `arguments`, else in a register.
    Implicit { captured: bool },
    /// A `var arguments` declaration: the arguments object initialises that binding.
    Var(SymbolId),
}

/// A compile-time environment (materialised at run time by `PushEnv` or a closure capture).
pub(super) struct CEnv {
    /// Slot names (the disassembler and the debugger read them through the constant pool).
    #[allow(dead_code)]
    pub layout: Rc<EnvLayout>,
}

/// The whole compilation unit.
pub(super) struct Compiler<'a, 'v> {
    pub vm: &'v mut Vm,
    pub sem: &'v Semantic<'a>,
    pub file: Rc<SourceFile>,
    pub info: ScopeInfo,
    pub storage: FxHashMap<SymbolId, Storage>,
    pub fns: Vec<FnCtx>,
    pub envs: Vec<CEnv>,
    pub mode: Mode,
    /// Byte offset to subtract from spans (strict eval prefix).
    pub span_shift: u32,
    /// Private names of the enclosing classes: name → (env index, slot).
    pub private_scopes: Vec<FxHashMap<String, (usize, u32)>>,
}

pub(super) type CResult<T> = Result<T, CompileError>;

/// Registers one function may use: register operands are 16 bits wide, and a few stay free
/// for the call sequences that extend a window.
const MAX_REGISTERS: u32 = u16::MAX as u32 - 64;

impl<'a, 'v> Compiler<'a, 'v> {
    pub(super) fn f(&mut self) -> &mut FnCtx {
        self.fns.last_mut().unwrap()
    }

    pub(super) fn error(&self, span: oxc_span::Span, msg: &str) -> CompileError {
        let report =
            super::syntax_error_report(&self.file, span.start.saturating_sub(self.span_shift), msg);
        CompileError {
            message: msg.to_string(),
            report,
        }
    }

    pub(super) fn unsupported<T>(&self, span: oxc_span::Span, what: &str) -> CResult<T> {
        Err(self.error(span, &format!("{what} is not supported yet")))
    }

    // ---- emission helpers ----

    pub(super) fn emit(&mut self, op: Op, operands: &[i64]) {
        self.f().e.emit(op, operands);
    }

    pub(super) fn mark(&mut self, span: oxc_span::Span) {
        let off = span.start.saturating_sub(self.span_shift);
        let f = self.f();
        let pc = f.e.pc();
        if f.positions.last().is_none_or(|p| p.0 != pc) {
            f.positions.push((pc, off));
        }
    }

    /// Records a statement start (a breakpoint location). A statement that emits no code shares
    /// its pc with the next one, which then owns the location. Only while a debugger is
    /// attached: other compilations pay nothing.
    pub(super) fn mark_statement(&mut self, span: oxc_span::Span) {
        if self.vm.debug.is_none() {
            return;
        }
        let off = span.start.saturating_sub(self.span_shift);
        let f = self.f();
        let pc = f.e.pc();
        match f.breaks.last_mut() {
            Some(last) if last.0 == pc => last.1 = off,
            _ => f.breaks.push((pc, off)),
        }
    }

    /// Records that register `r` holds the variable `sym` from here on (only while a debugger
    /// is attached).
    pub(super) fn note_local(&mut self, sym: SymbolId, r: u16) {
        if self.vm.debug.is_none() {
            return;
        }
        let name: Rc<str> = self.sem.scoping().symbol_name(sym).into();
        let f = self.f();
        let start = f.e.pc();
        f.locals.push(crate::bytecode::Local {
            name,
            register: r,
            start,
        });
    }

    pub(super) fn label(&mut self) -> Label {
        self.f().e.label()
    }

    pub(super) fn bind(&mut self, l: Label) {
        self.f().e.bind(l);
    }

    pub(super) fn jump(&mut self, op: Op, l: Label) {
        self.f().e.emit_jump(op, &[], l);
    }

    pub(super) fn feedback(&mut self) -> i64 {
        let f = self.f();
        f.feedback += 1;
        (f.feedback - 1) as i64
    }

    pub(super) fn alloc_reg(&mut self) -> u16 {
        self.alloc_regs(1)
    }

    /// Allocates `n` consecutive registers. Past [`MAX_REGISTERS`] the function is marked as
    /// too large (`end_function` fails) and the numbering restarts, so the register operands
    /// stay in range until then.
    pub(super) fn alloc_regs(&mut self, n: u16) -> u16 {
        let f = self.f();
        if u32::from(f.next_reg) + u32::from(n) > MAX_REGISTERS {
            f.too_many_registers = true;
            f.next_reg = 1;
        }
        let r = f.next_reg;
        f.next_reg += n;
        f.max_reg = f.max_reg.max(f.next_reg);
        r
    }

    pub(super) fn reg_mark(&mut self) -> u16 {
        self.f().next_reg
    }

    pub(super) fn free_to(&mut self, mark: u16) {
        self.f().next_reg = mark;
    }

    pub(super) fn atom(&mut self, s: &str) -> i64 {
        self.vm.intern(s).raw() as i64
    }

    pub(super) fn constant(&mut self, c: Constant) -> i64 {
        let f = self.f();
        f.consts.push(c);
        (f.consts.len() - 1) as i64
    }

    /// A string constant (interned, so it is never collected).
    pub(super) fn string_const(&mut self, s: &str) -> i64 {
        let k = self.vm.intern(s);
        let f = self.fns.last().unwrap();
        if let Some(&i) = f.atom_consts.get(&k.raw()) {
            return i as i64;
        }
        let v = self.vm.key_to_value(k);
        let i = self.constant(Constant::Value(v));
        self.f().atom_consts.insert(k.raw(), i as u32);
        i
    }

    pub(super) fn load_number(&mut self, n: f64) {
        let v = Value::number(n);
        if let Some(i) = v.as_int() {
            self.emit(Op::LdaSmi, &[i as i64]);
        } else {
            let k = self.constant(Constant::Value(v));
            self.emit(Op::LdaConst, &[k]);
        }
    }

    pub(super) fn load_string(&mut self, s: &str) {
        let k = self.string_const(s);
        self.emit(Op::LdaConst, &[k]);
    }

    // ---- environments ----

    /// Declares the bindings of `scope`: captured ones get slots in a new environment (pushed
    /// at run time when `push` is true), others registers. Returns whether an env was pushed.
    pub(super) fn declare_scope(&mut self, scope: ScopeId, tdz: bool) -> bool {
        self.declare_scope_with(scope, tdz, None, false).0
    }

    /// [`Compiler::declare_scope`], plus an `implicit` binding without a symbol (a function's
    /// `arguments`) that gets an environment slot; returns that slot with the push flag.
    /// `var_scope` always pushes an environment, one that sloppy direct eval may extend.
    fn declare_scope_with(
        &mut self,
        scope: ScopeId,
        tdz: bool,
        implicit: Option<&str>,
        var_scope: bool,
    ) -> (bool, Option<u32>) {
        let scoping = self.sem.scoping();
        let mut names = Vec::new();
        let mut consts = Vec::new();
        let mut regs = Vec::new();
        let mut syms: Vec<SymbolId> = scoping.get_bindings(scope).values().copied().collect();
        syms.sort();
        for sym in syms {
            let flags = scoping.symbol_flags(sym);
            if !flags.intersects(SymbolFlags::Value) {
                continue;
            }
            if self.storage.contains_key(&sym) {
                continue;
            }
            if self.info.captured.contains(&sym) {
                names.push((sym, scoping.symbol_name(sym).to_string(), flags));
                consts.push(flags.contains(SymbolFlags::ConstVariable));
            } else {
                regs.push((sym, flags));
            }
        }
        for (sym, flags) in regs {
            let r = self.alloc_reg();
            self.storage.insert(sym, Storage::Register(r));
            self.note_local(sym, r);
            if tdz && is_lexical(flags) {
                self.emit(Op::LdaHole, &[]);
                self.emit(Op::Star, &[r as i64]);
            }
        }
        if names.is_empty() && implicit.is_none() && !var_scope {
            return (false, None);
        }
        let env = self.envs.len();
        let mut layout = EnvLayout {
            names: Vec::new(),
            consts,
            is_with: false,
            lexical: names.iter().map(|(_, _, f)| is_lexical(*f)).collect(),
            var_scope,
        };
        for (i, (sym, name, _)) in names.iter().enumerate() {
            layout.names.push(self.vm.intern(name).raw());
            self.storage.insert(
                *sym,
                Storage::Env {
                    env,
                    slot: i as u32,
                },
            );
        }
        let implicit_slot = implicit.map(|name| {
            layout.names.push(self.vm.intern(name).raw());
            layout.consts.push(false);
            layout.lexical.push(false);
            names.len() as u32
        });
        let n = layout.names.len() as u32;
        let layout = Rc::new(layout);
        self.envs.push(CEnv {
            layout: layout.clone(),
        });
        let k = self.constant(Constant::Layout(layout));
        self.emit(Op::PushEnv, &[k, n as i64]);
        self.f().env_depth += 1;
        if tdz {
            for (i, (_, _, flags)) in names.iter().enumerate() {
                if is_lexical(*flags) {
                    self.emit(Op::LdaHole, &[]);
                    self.emit(Op::StaEnv, &[0, i as i64]);
                }
            }
        }
        (true, implicit_slot)
    }

    /// Pops an environment pushed by `declare_scope`.
    pub(super) fn pop_scope(&mut self) {
        self.envs.pop();
        self.emit(Op::PopEnv, &[]);
        self.f().env_depth -= 1;
    }

    /// Depth of compile-time env `env` from the innermost one.
    pub(super) fn env_depth_of(&self, env: usize) -> i64 {
        (self.envs.len() - 1 - env) as i64
    }

    // ---- functions ----

    pub(super) fn begin_function(&mut self, flags: CodeFlags) {
        let env_base = self.envs.len();
        self.fns.push(FnCtx {
            e: Emitter::default(),
            consts: Vec::new(),
            handlers: Vec::new(),
            positions: Vec::new(),
            breaks: Vec::new(),
            locals: Vec::new(),
            next_reg: 1,
            max_reg: 1,
            too_many_registers: false,
            feedback: 0,
            flags,
            env_base,
            env_depth: 0,
            controls: Vec::new(),
            atom_consts: FxHashMap::default(),
            arguments: None,
            pending_labels: Vec::new(),
            body_start: 0,
        });
    }

    pub(super) fn end_function(
        &mut self,
        name: String,
        length: u32,
        params: u32,
        span: oxc_span::Span,
    ) -> CResult<Rc<CodeBlock>> {
        let mut f = self.fns.pop().unwrap();
        if f.too_many_registers {
            let msg = format!(
                "expressions are nested too deeply (a function may use at most {MAX_REGISTERS} registers)"
            );
            return Err(self.error(span, &msg));
        }
        let code = f.e.finish();
        self.envs.truncate(f.env_base);
        let s = (
            span.start.saturating_sub(self.span_shift),
            span.end.saturating_sub(self.span_shift),
        );
        let mut block = CodeBlock::new(
            name,
            code,
            f.consts,
            f.handlers,
            f.positions,
            length,
            params,
            f.max_reg.max(params as u16 + 1) as u32,
            f.flags,
            self.file.clone(),
            s,
            f.feedback,
        );
        block.body_start = f.body_start;
        block.breaks = f.breaks.into_boxed_slice();
        block.locals = f.locals.into_boxed_slice();
        Ok(Rc::new(block))
    }
}

/// Compiles a program into its top-level code block.
pub(super) fn compile_program(
    vm: &mut Vm,
    program: &Program,
    sem: &Semantic,
    file: Rc<SourceFile>,
    mode: Mode,
) -> Result<Rc<CodeBlock>, CompileError> {
    let info = ScopeInfo::analyze(sem);
    let strict =
        program.has_use_strict_directive() || matches!(mode, Mode::Eval { strict: true, .. });
    let span_shift = match mode {
        Mode::Eval { strict: true, .. }
            if !file.text.trim_start().starts_with("\"use strict\"")
                && !file.text.trim_start().starts_with("'use strict'") =>
        {
            "\"use strict\";".len() as u32
        }
        _ => 0,
    };
    let mut c = Compiler {
        vm,
        sem,
        file,
        info,
        storage: FxHashMap::default(),
        fns: Vec::new(),
        envs: Vec::new(),
        mode,
        span_shift,
        private_scopes: Vec::new(),
    };
    let flags = CodeFlags {
        strict,
        is_script: true,
        ..Default::default()
    };
    c.begin_function(flags);
    let root = sem.scoping().root_scope_id();
    // Top-level var/function declarations of sloppy scripts and sloppy eval become global
    // properties; lexical ones live in registers/envs of the script.
    let global_vars = !strict || matches!(mode, Mode::Script);
    // Eval code strict by its own directive keeps its vars (§19.2.1.3 step 5's strict case).
    let eval_vars_to_caller = !strict
        && matches!(
            mode,
            Mode::Eval {
                in_function: true,
                ..
            }
        );
    let site = match mode {
        Mode::Eval { site, .. } => site,
        Mode::Script | Mode::Module { .. } => EvalSite::Body,
    };
    let scoping = sem.scoping();
    let mut syms: Vec<SymbolId> = scoping.get_bindings(root).values().copied().collect();
    syms.sort();
    let mut global_names = Vec::new();
    let mut global_lexicals = Vec::new();
    let mut eval_vars = Vec::new();
    for sym in syms {
        let flags = scoping.symbol_flags(sym);
        if matches!(mode, Mode::Script) && is_lexical(flags) && flags.intersects(SymbolFlags::Value)
        {
            c.storage.insert(sym, Storage::GlobalLex);
            let k = c.vm.intern(scoping.symbol_name(sym));
            global_lexicals.push((k, flags.contains(SymbolFlags::ConstVariable)));
            continue;
        }
        let is_var = flags.intersects(SymbolFlags::FunctionScopedVariable | SymbolFlags::Function);
        if is_var && eval_vars_to_caller {
            // §19.2.1.3 step 1: a function's parameter scope already binds `arguments`.
            if site == EvalSite::FunctionParams && scoping.symbol_name(sym) == "arguments" {
                let span = scoping.symbol_span(sym);
                return Err(c.error(span, "Identifier 'arguments' has already been declared"));
            }
            c.storage.insert(sym, Storage::EvalVar);
            eval_vars.push(c.vm.intern(scoping.symbol_name(sym)));
            continue;
        }
        if is_var
            && global_vars
            && !matches!(
                mode,
                Mode::Eval {
                    in_function: true,
                    ..
                }
            )
        {
            c.storage.insert(sym, Storage::Global);
            global_names.push((
                scoping.symbol_name(sym).to_string(),
                flags.contains(SymbolFlags::Function),
            ));
        }
    }
    // GlobalDeclarationInstantiation: refuse redeclarations across scripts, create the
    // lexical bindings (in their TDZ).
    if matches!(mode, Mode::Script) {
        let vars: Vec<_> = global_names.iter().map(|(n, _)| c.vm.intern(n)).collect();
        if let Err(e) = c.vm.declare_script_globals(&global_lexicals, &vars) {
            return Err(CompileError {
                report: format!("SyntaxError: {}", e.0),
                message: e.0,
            });
        }
    }
    // `var x;` and `function f(){}` create the global property (undefined until assigned)
    // before any code runs, so strict-mode stores to them succeed.
    for (name, _) in &global_names {
        c.declare_global_var(name);
    }
    // EvalDeclarationInstantiation: sloppy eval code's vars go to the caller's var environment.
    for k in eval_vars {
        let in_params = site != EvalSite::Body;
        c.emit(Op::DeclareEvalVar, &[k.raw() as i64, in_params as i64]);
    }
    c.declare_scope(root, true);
    let result = c.alloc_reg();
    c.emit(Op::LdaUndefined, &[]);
    c.emit(Op::Star, &[result as i64]);
    c.hoist_functions(&program.body)?;
    for stmt in &program.body {
        c.statement_with_completion(stmt, Some(result))?;
    }
    c.emit(Op::Ldar, &[result as i64]);
    c.emit(Op::Return, &[]);
    let name = String::new();
    c.end_function(name, 0, 0, program.span)
}

impl<'a, 'v> Compiler<'a, 'v> {
    /// `var name` at global level: define as undefined unless it exists.
    fn declare_global_var(&mut self, name: &str) {
        let g = self.vm.realm.global;
        let k = self.vm.intern(name);
        if self
            .vm
            .get_own_property(g, crate::vm::Key::Named(k))
            .is_none()
        {
            let _ = self.vm.define_own_property(
                g,
                crate::vm::Key::Named(k),
                crate::vm::PropertyDescriptor {
                    value: Some(Value::UNDEFINED),
                    writable: Some(true),
                    enumerable: Some(true),
                    configurable: Some(matches!(self.mode, Mode::Eval { .. })),
                    ..Default::default()
                },
            );
        }
    }

    /// Creates the closures of function declarations at the top of their scope.
    pub(super) fn hoist_functions(&mut self, body: &[Statement<'a>]) -> CResult<()> {
        for stmt in body {
            let f = match stmt {
                Statement::FunctionDeclaration(f) => f,
                Statement::ExportNamedDeclaration(_) | Statement::ExportDefaultDeclaration(_) => {
                    continue
                }
                _ => continue,
            };
            let Some(id) = &f.id else { continue };
            let code = self.compile_function(f, None)?;
            let k = self.constant(Constant::Function(code));
            self.emit(Op::CreateClosure, &[k]);
            let sym = id.symbol_id();
            self.store_symbol(sym, id.name.as_str(), true);
        }
        Ok(())
    }

    /// Compiles a function (declaration, expression or method) into a code block.
    pub(super) fn compile_function(
        &mut self,
        func: &Function<'a>,
        name_override: Option<&str>,
    ) -> CResult<Rc<CodeBlock>> {
        let strict = self.fns.last().unwrap().flags.strict || func.has_use_strict_directive();
        let flags = CodeFlags {
            strict,
            generator: func.generator,
            is_async: func.r#async,
            ..Default::default()
        };
        let name = name_override
            .map(|s| s.to_string())
            .or_else(|| func.id.as_ref().map(|i| i.name.to_string()))
            .unwrap_or_default();
        let Some(body) = &func.body else {
            return self.unsupported(func.span, "a function without a body");
        };
        self.compile_function_body(
            flags,
            &name,
            func.scope_id(),
            &func.params,
            &body.statements,
            None,
            func.span,
        )
    }

    /// Compiles parameters and a body. `expr_body` is an arrow's expression body.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn compile_function_body(
        &mut self,
        flags: CodeFlags,
        name: &str,
        scope: ScopeId,
        params: &FormalParameters<'a>,
        body: &[Statement<'a>],
        expr_body: Option<&Expression<'a>>,
        span: oxc_span::Span,
    ) -> CResult<Rc<CodeBlock>> {
        let mut flags = flags;
        let simple = params.items.iter().all(|p| {
            matches!(p.pattern, BindingPattern::BindingIdentifier(_)) && p.initializer.is_none()
        }) && params.rest.is_none();
        let binding = if flags.arrow {
            ArgumentsBinding::None
        } else {
            self.arguments_binding(scope, params)
        };
        let uses_arguments = !matches!(binding, ArgumentsBinding::None);
        flags.keeps_arguments = uses_arguments || params.rest.is_some();
        // §10.2.11 step 22: sloppy functions with simple parameter lists get a mapped object.
        let mapped = uses_arguments && simple && !flags.strict;
        self.begin_function(flags);
        if params.items.len() as u32 >= MAX_REGISTERS {
            return Err(self.error(params.span, "too many parameters"));
        }
        let nparams = params.items.len() as u16;
        // Parameters arrive in r1..=n.
        self.f().next_reg = 1 + nparams;
        self.f().max_reg = self.f().max_reg.max(1 + nparams);
        let length = params
            .items
            .iter()
            .take_while(|p| {
                p.initializer.is_none()
                    && !matches!(p.pattern, BindingPattern::AssignmentPattern(_))
            })
            .count() as u32;
        // Simple parameters stay in their registers unless captured (then copied to the env).
        let mut param_syms = Vec::new();
        for (i, p) in params.items.iter().enumerate() {
            if let BindingPattern::BindingIdentifier(id) = &p.pattern {
                param_syms.push((id.symbol_id(), i as u16 + 1));
            }
        }
        if mapped {
            // `arguments[i]` and the parameters are one variable: the parameters live in the
            // function environment, whose slots the arguments object maps (see `vm::arguments`).
            for (sym, _) in &param_syms {
                self.info.captured.insert(*sym);
            }
        }
        for (sym, r) in &param_syms {
            if !self.info.captured.contains(sym) {
                self.storage.insert(*sym, Storage::Register(*r));
                self.note_local(*sym, *r);
            }
        }
        // Decide storage of everything declared in the function scope.
        let implicit = matches!(binding, ArgumentsBinding::Implicit { captured: true });
        // Sloppy direct eval in this function may declare new vars here (over-approximated:
        // `with` or eval anywhere inside also makes the scope dynamic).
        let var_scope = !flags.strict && self.info.dynamic.contains(&scope);
        let (_, arguments_slot) =
            self.declare_scope_with(scope, true, implicit.then_some("arguments"), var_scope);
        // A function expression sees its own name (unless a parameter or var of that name
        // shadows it, in which case oxc binds the name to that declaration).
        if let Some(&sym) = self.info.callee_names.get(&scope) {
            let name = self.sem.scoping().symbol_name(sym);
            if self.sem.scoping().get_binding(scope, name.into()) == Some(sym) {
                self.emit(Op::LdaCallee, &[]);
                self.store_symbol(sym, "", true);
            }
        }
        // Copy captured simple params into their env slots.
        for (sym, r) in &param_syms {
            if let Some(Storage::Env { .. }) = self.storage.get(sym) {
                self.emit(Op::Ldar, &[*r as i64]);
                self.store_symbol(*sym, "", true);
            }
        }
        if uses_arguments {
            if mapped {
                let map = self.parameter_map(&param_syms);
                let k = self.constant(Constant::ParameterMap(map));
                self.emit(Op::CreateMappedArguments, &[k]);
            } else {
                self.emit(Op::CreateArguments, &[]);
            }
            match binding {
                ArgumentsBinding::Var(sym) => self.store_symbol(sym, "", true),
                _ => {
                    let st = match arguments_slot {
                        Some(slot) => Storage::Env {
                            env: self.envs.len() - 1,
                            slot,
                        },
                        None => Storage::Register(self.alloc_reg()),
                    };
                    self.store_storage(st);
                    self.f().arguments = Some(st);
                }
            }
        }
        // An async function's parameter errors reject its promise (§15.8.4 step 3), so it starts
        // before they run; generators throw them from the call (§15.5.2 step 1).
        let start_early = flags.is_async && !flags.generator;
        if start_early {
            self.emit(Op::GeneratorStart, &[]);
        }
        if !simple {
            for (i, p) in params.items.iter().enumerate() {
                if matches!(p.pattern, BindingPattern::BindingIdentifier(_))
                    && p.initializer.is_none()
                {
                    continue;
                }
                self.emit(Op::Ldar, &[i as i64 + 1]);
                if let Some(init) = &p.initializer {
                    let skip = self.label();
                    self.jump(Op::JumpIfNotUndefined, skip);
                    self.expression(init)?;
                    self.bind(skip);
                }
                self.bind_pattern(&p.pattern, true)?;
            }
            if let Some(rest) = &params.rest {
                self.emit(Op::CreateRest, &[nparams as i64]);
                self.bind_pattern(&rest.rest.argument, true)?;
            }
        }
        let body_start = self.f().e.pc();
        self.f().body_start = body_start;
        if flags.class_constructor && !flags.derived {
            self.emit(Op::InitFields, &[]);
        }
        if flags.generator || (flags.is_async && !start_early) {
            self.emit(Op::GeneratorStart, &[]);
        }
        if let Some(e) = expr_body {
            self.expression(e)?;
            self.emit(Op::Return, &[]);
        } else {
            self.hoist_functions(body)?;
            for s in body {
                self.statement(s)?;
            }
            self.emit(Op::LdaUndefined, &[]);
            self.emit(Op::Return, &[]);
        }
        self.end_function(name.to_string(), length, nparams as u32, span)
    }

    /// How the non-arrow function of `scope` binds `arguments` (§10.2.11 steps 15-18, 22).
    fn arguments_binding(&self, scope: ScopeId, params: &FormalParameters<'a>) -> ArgumentsBinding {
        let scoping = self.sem.scoping();
        if let Some(sym) = scoping.get_binding(scope, "arguments".into()) {
            // A parameter, function or lexical declaration named `arguments` replaces the object;
            // a plain `var arguments` is the same binding, initialised with it.
            let span = scoping.symbol_span(sym);
            let is_param = params.span.start <= span.start && span.end <= params.span.end;
            let flags = scoping.symbol_flags(sym);
            return if !is_param && flags == SymbolFlags::FunctionScopedVariable {
                ArgumentsBinding::Var(sym)
            } else {
                ArgumentsBinding::None
            };
        }
        // Direct eval code may name it too, through an environment slot named `arguments`.
        let eval = scoping.scope_flags(scope).contains(ScopeFlags::DirectEval);
        match self.info.arguments.get(&scope) {
            Some(&in_arrow) => ArgumentsBinding::Implicit {
                captured: in_arrow || eval,
            },
            None if eval => ArgumentsBinding::Implicit { captured: true },
            None => ArgumentsBinding::None,
        }
    }

    /// The `CreateMappedArguments` table: each simple parameter's slot in the function
    /// environment (`UNMAPPED` when a later parameter has the same name, §10.4.4.7 step 17).
    fn parameter_map(&self, param_syms: &[(SymbolId, u16)]) -> Rc<[u32]> {
        param_syms
            .iter()
            .enumerate()
            .map(|(i, (sym, _))| {
                if param_syms[i + 1..].iter().any(|(s, _)| s == sym) {
                    return crate::object::ParameterMap::UNMAPPED;
                }
                match self.storage.get(sym) {
                    Some(Storage::Env { env, slot }) if *env == self.envs.len() - 1 => *slot,
                    _ => unreachable!("mapped parameters live in the function environment"),
                }
            })
            .collect()
    }

    /// The `arguments` binding that code of the innermost function sees: its own, or for
    /// arrows the enclosing function's (then always an environment slot).
    pub(super) fn arguments_storage(&self) -> Option<Storage> {
        self.fns.iter().rev().find(|f| !f.flags.arrow)?.arguments
    }

    /// Loads a register or environment binding into acc (no TDZ check).
    pub(super) fn load_storage(&mut self, st: Storage) {
        match st {
            Storage::Register(r) => self.emit(Op::Ldar, &[r as i64]),
            Storage::Env { env, slot } => {
                let d = self.env_depth_of(env);
                self.emit(Op::LdaEnv, &[d, slot as i64]);
            }
            Storage::Global | Storage::GlobalLex | Storage::EvalVar | Storage::Import(_) => {
                unreachable!("loaded by name")
            }
        }
    }

    /// Stores acc into a register or environment binding.
    pub(super) fn store_storage(&mut self, st: Storage) {
        match st {
            Storage::Register(r) => self.emit(Op::Star, &[r as i64]),
            Storage::Env { env, slot } => {
                let d = self.env_depth_of(env);
                self.emit(Op::StaEnv, &[d, slot as i64]);
            }
            Storage::Global | Storage::GlobalLex | Storage::EvalVar | Storage::Import(_) => {
                unreachable!("stored by name")
            }
        }
    }

    fn is_callee_name(&self, sym: SymbolId) -> bool {
        let scope = self.sem.scoping().symbol_scope_id(sym);
        self.info.callee_names.get(&scope) == Some(&sym)
    }

    /// Stores acc into a binding. `init` marks the initializing store (no TDZ/const check).
    pub(super) fn store_symbol(&mut self, sym: SymbolId, name: &str, init: bool) {
        let flags = self.sem.scoping().symbol_flags(sym);
        let name_str = if name.is_empty() {
            self.sem.scoping().symbol_name(sym).to_string()
        } else {
            name.to_string()
        };
        if !init && self.is_callee_name(sym) {
            // The immutable name binding of a function expression: assignments are ignored in
            // sloppy code and throw in strict code.
            if self.fns.last().unwrap().flags.strict {
                let a = self.atom(&name_str);
                self.emit(Op::ThrowConstAssign, &[a]);
            }
            return;
        }
        if !init && flags.contains(SymbolFlags::ConstVariable) {
            let a = self.atom(&name_str);
            self.emit(Op::ThrowConstAssign, &[a]);
            return;
        }
        match self.storage.get(&sym).copied() {
            Some(st @ (Storage::Register(_) | Storage::Env { .. })) => self.store_storage(st),
            Some(Storage::GlobalLex) => {
                let a = self.atom(&name_str);
                if init {
                    self.emit(Op::InitGlobalLex, &[a]);
                } else {
                    let fb = self.feedback();
                    self.emit(Op::StaGlobalLex, &[a, fb]);
                }
            }
            Some(Storage::Global) | None => self.store_by_name(&name_str, false),
            Some(Storage::EvalVar) => self.store_by_name(&name_str, true),
            // Imported bindings are immutable.
            Some(Storage::Import(_)) => {
                let a = self.atom(&name_str);
                self.emit(Op::ThrowConstAssign, &[a]);
            }
        }
    }
}
