//! Compiling a source text module (§16.2.1.7): its import/export entries, the module
//! environment layout, the function instantiation (`init`) and the body.
//!
//! Every top-level binding of a module lives in the module environment (created by the host
//! before linking, so that cyclic importers can bind to it), except imported bindings: those
//! compile to `LdaImport(module, index, name)`, a read of the `(env, slot)` the linker resolved.
//! An anonymous `export default` value gets a slot named `*default*`.

use super::function::{CEnv, Compiler};
use super::scope::{is_lexical, ScopeInfo, Storage};
use super::{CompileError, Mode};
use crate::atoms::PropKey;
use crate::bytecode::{CodeFlags, Op, SourceFile};
use crate::module::record::{CompiledModule, ImportEntry, ImportName, IndirectExport, LocalExport};
use crate::object::env::EnvLayout;
use crate::vm::Vm;
use oxc_ast::ast::*;
use oxc_ast::AstKind;
use oxc_semantic::{Semantic, SymbolFlags};
use oxc_span::GetSpan;
use oxc_syntax::scope::ScopeFlags;
use oxc_syntax::symbol::SymbolId;
use rustc_hash::FxHashMap;
use std::rc::Rc;

/// The name of the binding that holds an anonymous default export.
pub(crate) const DEFAULT_BINDING: &str = "*default*";

/// Import and export entries gathered from the module's declarations.
#[derive(Default)]
struct Entries {
    /// (specifier, `import defer`, JSON module).
    requests: Vec<(String, bool, bool)>,
    imports: Vec<(SymbolId, ImportEntry)>,
    /// `export { local as name }` and exported declarations: (name, local symbol).
    locals: Vec<(PropKey, SymbolId)>,
    /// Exported through the `*default*` binding.
    default_binding: bool,
    indirect: Vec<IndirectExport>,
    stars: Vec<u32>,
}

impl Entries {
    /// The index of the request for `specifier` (`defer`: an `import defer` request).
    fn request(
        &mut self,
        specifier: &str,
        defer: bool,
        with: &Option<oxc_allocator::Box<WithClause>>,
    ) -> u32 {
        let json = with.as_ref().is_some_and(|w| {
            w.with_entries.iter().any(|a| {
                let key = match &a.key {
                    ImportAttributeKey::Identifier(i) => i.name.as_str(),
                    ImportAttributeKey::StringLiteral(s) => s.value.as_str(),
                };
                key == "type" && a.value.value == "json"
            })
        });
        let entry = (specifier.to_string(), defer, json);
        match self.requests.iter().position(|r| *r == entry) {
            Some(i) => i as u32,
            None => {
                self.requests.push(entry);
                self.requests.len() as u32 - 1
            }
        }
    }
}

/// Does the module body contain `await` (or `for await`) outside any function?
fn has_top_level_await(sem: &Semantic) -> bool {
    let scoping = sem.scoping();
    sem.nodes().iter().any(|n| {
        let is_await = match n.kind() {
            AstKind::AwaitExpression(_) => true,
            AstKind::ForOfStatement(f) => f.r#await,
            _ => false,
        };
        is_await
            && !scoping
                .scope_ancestors(n.scope_id())
                .any(|s| scoping.scope_flags(s).contains(ScopeFlags::Function))
    })
}

fn gather_entries(vm: &mut Vm, program: &Program, sem: &Semantic) -> Entries {
    let scoping = sem.scoping();
    let root = scoping.root_scope_id();
    let mut e = Entries::default();
    let default_key = vm.intern("default");
    for stmt in &program.body {
        match stmt {
            Statement::ImportDeclaration(d) => {
                let defer = d.phase == Some(ImportPhase::Defer);
                let r = e.request(&d.source.value, defer, &d.with_clause);
                for spec in d.specifiers.iter().flatten() {
                    let (sym, name) = match spec {
                        ImportDeclarationSpecifier::ImportSpecifier(s) => (
                            s.local.symbol_id(),
                            ImportName::Name(vm.intern(&s.imported.name())),
                        ),
                        ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                            (s.local.symbol_id(), ImportName::Name(default_key))
                        }
                        ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) if defer => {
                            (s.local.symbol_id(), ImportName::DeferredNamespace)
                        }
                        ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                            (s.local.symbol_id(), ImportName::Namespace)
                        }
                    };
                    e.imports.push((sym, ImportEntry { request: r, name }));
                }
            }
            Statement::ExportAllDeclaration(d) => {
                let r = e.request(&d.source.value, false, &d.with_clause);
                match &d.exported {
                    Some(n) => e.indirect.push(IndirectExport {
                        name: vm.intern(&n.name()),
                        request: r,
                        import: ImportName::Namespace,
                    }),
                    None => e.stars.push(r),
                }
            }
            Statement::ExportFromDeclaration(d) => {
                let r = e.request(&d.source.value, false, &d.with_clause);
                for s in &d.specifiers {
                    e.indirect.push(IndirectExport {
                        name: vm.intern(&s.exported.name()),
                        request: r,
                        import: ImportName::Name(vm.intern(&s.local.name())),
                    });
                }
            }
            Statement::ExportNamedDeclaration(d) => {
                for s in &d.specifiers {
                    let ModuleExportName::IdentifierReference(id) = &s.local else {
                        continue;
                    };
                    let Some(sym) = scoping.get_reference(id.reference_id()).symbol_id() else {
                        continue;
                    };
                    e.locals.push((vm.intern(&s.exported.name()), sym));
                }
            }
            Statement::ExportDeclaration(d) => {
                let span = d.span;
                let mut syms: Vec<SymbolId> =
                    scoping.get_bindings(root).values().copied().collect();
                syms.sort();
                for sym in syms {
                    let s = scoping.symbol_span(sym);
                    if span.start <= s.start && s.end <= span.end {
                        e.locals.push((vm.intern(scoping.symbol_name(sym)), sym));
                    }
                }
            }
            Statement::ExportDefaultDeclaration(d) => {
                let named = match &d.declaration {
                    ExportDefaultDeclarationKind::FunctionDeclaration(f) => f.id.as_ref(),
                    ExportDefaultDeclarationKind::ClassDeclaration(c) => c.id.as_ref(),
                    _ => None,
                };
                match named {
                    Some(id) => e.locals.push((default_key, id.symbol_id())),
                    None => e.default_binding = true,
                }
            }
            _ => {}
        }
    }
    e
}

/// Compiles a parsed module whose record will be `id`.
pub(super) fn compile_module_program(
    vm: &mut Vm,
    program: &Program,
    sem: &Semantic,
    file: Rc<SourceFile>,
    id: u32,
) -> Result<CompiledModule, CompileError> {
    let mut info = ScopeInfo::analyze(sem);
    let entries = gather_entries(vm, program, sem);
    let scoping = sem.scoping();
    let root = scoping.root_scope_id();
    let mut storage = FxHashMap::default();
    for (i, (sym, _)) in entries.imports.iter().enumerate() {
        storage.insert(*sym, Storage::Import(i as u32));
    }
    // The module environment: every other top-level binding, in symbol order.
    let mut syms: Vec<SymbolId> = scoping.get_bindings(root).values().copied().collect();
    syms.sort();
    let mut layout = EnvLayout::default();
    for sym in syms {
        let flags = scoping.symbol_flags(sym);
        if !flags.intersects(SymbolFlags::Value) || storage.contains_key(&sym) {
            continue;
        }
        info.captured.insert(sym);
        storage.insert(
            sym,
            Storage::Env {
                env: 0,
                slot: layout.names.len() as u32,
            },
        );
        layout.names.push(vm.intern(scoping.symbol_name(sym)).raw());
        layout
            .consts
            .push(flags.contains(SymbolFlags::ConstVariable));
        layout.lexical.push(is_lexical(flags));
    }
    let default_slot = entries.default_binding.then(|| {
        layout.names.push(vm.intern(DEFAULT_BINDING).raw());
        layout.consts.push(false);
        layout.lexical.push(true);
        layout.names.len() as u32 - 1
    });
    let layout = Rc::new(layout);
    let mut c = Compiler {
        vm,
        sem,
        file,
        info,
        storage,
        fns: Vec::new(),
        envs: vec![CEnv {
            layout: layout.clone(),
        }],
        mode: Mode::Module { id },
        span_shift: 0,
        private_scopes: Vec::new(),
    };
    // Exports: bindings of this module, or (for imported bindings) re-exports.
    let default_key = c.vm.intern("default");
    let mut local_exports = Vec::new();
    let mut indirect_exports = entries.indirect;
    for (name, sym) in &entries.locals {
        match c.storage.get(sym) {
            Some(Storage::Import(i)) => {
                let imp = entries.imports[*i as usize].1;
                indirect_exports.push(IndirectExport {
                    name: *name,
                    request: imp.request,
                    import: imp.name,
                });
            }
            Some(Storage::Env { slot, .. }) => local_exports.push(LocalExport {
                name: *name,
                slot: *slot,
            }),
            _ => {}
        }
    }
    if let Some(slot) = default_slot {
        local_exports.push(LocalExport {
            name: default_key,
            slot,
        });
    }
    let flags = CodeFlags {
        strict: true,
        ..Default::default()
    };
    // InitializeEnvironment: instantiate the hoisted function declarations.
    c.begin_function(flags);
    c.hoist_module_functions(&program.body, default_slot)?;
    c.emit(Op::LdaUndefined, &[]);
    c.emit(Op::Return, &[]);
    let init = c.end_function(String::new(), 0, 0, program.span)?;
    // The body.
    let has_tla = has_top_level_await(sem);
    c.begin_function(CodeFlags {
        is_async: has_tla,
        ..flags
    });
    if has_tla {
        c.emit(Op::GeneratorStart, &[]);
    }
    for stmt in &program.body {
        c.module_item(stmt, default_slot)?;
    }
    c.emit(Op::LdaUndefined, &[]);
    c.emit(Op::Return, &[]);
    let body = c.end_function(String::new(), 0, 0, program.span)?;
    Ok(CompiledModule {
        deferred: entries.requests.iter().map(|r| r.1).collect(),
        json: entries.requests.iter().map(|r| r.2).collect(),
        requests: entries.requests.into_iter().map(|r| r.0).collect(),
        imports: entries.imports.into_iter().map(|(_, e)| e).collect(),
        local_exports,
        indirect_exports,
        star_exports: entries.stars,
        init,
        body,
        layout,
        has_tla,
    })
}

impl<'a> Compiler<'a, '_> {
    /// Function declarations of the module body, exported or not, created before any module of
    /// the graph runs (so that cycles can call them early).
    fn hoist_module_functions(
        &mut self,
        body: &[Statement<'a>],
        default_slot: Option<u32>,
    ) -> super::function::CResult<()> {
        self.hoist_functions(body)?;
        for stmt in body {
            let (f, default) = match stmt {
                Statement::ExportDeclaration(d) => match &d.declaration {
                    Declaration::FunctionDeclaration(f) => (f, false),
                    _ => continue,
                },
                Statement::ExportDefaultDeclaration(d) => match &d.declaration {
                    ExportDefaultDeclarationKind::FunctionDeclaration(f) => (f, true),
                    _ => continue,
                },
                _ => continue,
            };
            let name = if f.id.is_none() && default {
                Some("default")
            } else {
                None
            };
            let code = self.compile_function(f, name)?;
            let k = self.constant(crate::bytecode::Constant::Function(code));
            self.emit(Op::CreateClosure, &[k]);
            match (&f.id, default_slot) {
                (Some(id), _) => self.store_symbol(id.symbol_id(), id.name.as_str(), true),
                (None, Some(slot)) => self.store_storage(Storage::Env { env: 0, slot }),
                (None, None) => {}
            }
        }
        Ok(())
    }

    /// One statement of the module body.
    fn module_item(
        &mut self,
        stmt: &Statement<'a>,
        default_slot: Option<u32>,
    ) -> super::function::CResult<()> {
        match stmt {
            Statement::ImportDeclaration(_)
            | Statement::ExportAllDeclaration(_)
            | Statement::ExportFromDeclaration(_)
            | Statement::ExportNamedDeclaration(_) => Ok(()),
            Statement::ExportDeclaration(d) => self.declaration(&d.declaration),
            Statement::ExportDefaultDeclaration(d) => {
                let Some(slot) = default_slot else {
                    // A named function (hoisted) or class declaration.
                    if let ExportDefaultDeclarationKind::ClassDeclaration(c) = &d.declaration {
                        self.class_declaration(c)?;
                    }
                    return Ok(());
                };
                match &d.declaration {
                    ExportDefaultDeclarationKind::FunctionDeclaration(_) => return Ok(()),
                    ExportDefaultDeclarationKind::ClassDeclaration(c) => {
                        self.class(c, Some("default"))?
                    }
                    ExportDefaultDeclarationKind::TSInterfaceDeclaration(i) => {
                        return self.unsupported(i.span, "TypeScript")
                    }
                    other => {
                        // `export default (function () {})` is named "default" too.
                        let mut e = other.to_expression();
                        while let Expression::ParenthesizedExpression(p) = e {
                            e = &p.expression;
                        }
                        self.mark(e.span());
                        self.named_value(e, "default")?;
                    }
                }
                self.store_storage(Storage::Env { env: 0, slot });
                Ok(())
            }
            other => self.statement(other),
        }
    }
}
