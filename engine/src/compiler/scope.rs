//! Where bindings live. Built on oxc's semantic model: a binding is captured when a reference
//! to it crosses a function (or class body) boundary, or when its function is reachable by
//! direct `eval`/`with`; captured bindings get environment slots, the rest registers.

use oxc_ast::AstKind;
use oxc_semantic::{Semantic, SymbolFlags};
use oxc_syntax::scope::{ScopeFlags, ScopeId};
use oxc_syntax::symbol::SymbolId;
use rustc_hash::{FxHashMap, FxHashSet};

/// Storage of one binding.
#[derive(Clone, Copy, Debug)]
pub(super) enum Storage {
    /// A register of the declaring function's frame.
    Register(u16),
    /// Slot of a compile-time environment (index into the compiler's env stack).
    Env { env: usize, slot: u32 },
    /// A property of the global object (top-level `var`/`function` of scripts).
    Global,
    /// A binding of the realm's global lexical record (top-level `let`/`const`/`class` of
    /// scripts), shared by all scripts.
    GlobalLex,
    /// A top-level `var`/function of sloppy direct eval code run inside a function: it lives in
    /// the caller's variable environment (declared there by `DeclareEvalVar`), reached by name.
    EvalVar,
    /// An imported binding of a module: entry `n` of its import table, resolved at link time
    /// to a slot of the exporting module's environment (read by `LdaImport`).
    Import(u32),
}

/// Per-program facts computed once before code generation.
pub(super) struct ScopeInfo {
    /// Bindings that must live in environments.
    pub captured: FxHashSet<SymbolId>,
    /// Scopes whose code may reach bindings by name (direct eval / with in them or below).
    pub dynamic: FxHashSet<ScopeId>,
    /// Non-arrow function scopes whose implicit `arguments` binding is referenced, mapped to
    /// whether an arrow function references it (it must then live in an environment slot).
    pub arguments: FxHashMap<ScopeId, bool>,
    /// Function-expression scopes mapped to the binding of the expression's own name (the
    /// immutable binding of its funcEnv, ECMA-262 §15.2.5), initialised with the callee.
    pub callee_names: FxHashMap<ScopeId, SymbolId>,
}

/// The non-arrow function whose implicit `arguments` binding a reference named `arguments`
/// denotes, with whether the reference sits in an arrow function inside it; `None` when a
/// declaration (`decl`, the declaring scope of the symbol oxc resolved it to) shadows it first.
/// oxc resolves such references to any outer binding named `arguments`, but every non-arrow
/// function has its own (ECMA-262 §10.2.11).
pub(super) fn arguments_owner(
    sem: &Semantic,
    from: ScopeId,
    decl: Option<ScopeId>,
) -> Option<(ScopeId, bool)> {
    let scoping = sem.scoping();
    let mut s = from;
    let mut in_arrow = false;
    loop {
        if Some(s) == decl {
            return None;
        }
        let flags = scoping.scope_flags(s);
        if flags.contains(ScopeFlags::Function) {
            if !flags.contains(ScopeFlags::Arrow) {
                return Some((s, in_arrow));
            }
            in_arrow = true;
        }
        s = scoping.scope_parent_id(s)?;
    }
}

fn is_boundary(sem: &Semantic, s: ScopeId) -> bool {
    let flags = sem.scoping().scope_flags(s);
    if flags.intersects(ScopeFlags::Function | ScopeFlags::ClassStaticBlock | ScopeFlags::Top) {
        return true;
    }
    let node = sem.scoping().get_node_id(s);
    matches!(sem.nodes().kind(node), AstKind::Class(_))
}

impl ScopeInfo {
    pub(super) fn analyze(sem: &Semantic) -> ScopeInfo {
        let scoping = sem.scoping();
        let mut info = ScopeInfo {
            captured: FxHashSet::default(),
            dynamic: FxHashSet::default(),
            arguments: FxHashMap::default(),
            callee_names: FxHashMap::default(),
        };
        // Direct eval or `with` anywhere: every enclosing scope becomes dynamic.
        for s in scoping.scope_descendants_from_root() {
            let f = scoping.scope_flags(s);
            if f.intersects(ScopeFlags::DirectEval | ScopeFlags::With) {
                for a in scoping.scope_ancestors(s) {
                    info.dynamic.insert(a);
                }
            }
        }
        // Eval/with code can see nested function scopes too (names are looked up dynamically).
        for s in scoping.scope_descendants_from_root() {
            if scoping.scope_ancestors(s).any(|a| {
                scoping
                    .scope_flags(a)
                    .intersects(ScopeFlags::DirectEval | ScopeFlags::With)
            }) {
                info.dynamic.insert(s);
            }
        }
        for sym in scoping.symbol_ids() {
            let decl_scope = scoping.symbol_scope_id(sym);
            if let AstKind::Function(f) = sem.nodes().kind(scoping.symbol_declaration(sym)) {
                if f.is_expression() && f.id.as_ref().is_some_and(|id| id.symbol_id() == sym) {
                    info.callee_names.insert(decl_scope, sym);
                }
            }
            if info.dynamic.contains(&decl_scope) {
                info.captured.insert(sym);
                continue;
            }
            for r in scoping.get_resolved_references(sym) {
                let mut s = r.scope_id();
                let mut crossed = false;
                while s != decl_scope {
                    if is_boundary(sem, s) {
                        crossed = true;
                        break;
                    }
                    match scoping.scope_parent_id(s) {
                        Some(p) => s = p,
                        None => break,
                    }
                }
                if crossed {
                    info.captured.insert(sym);
                    break;
                }
            }
        }
        // References to the functions' implicit `arguments`: unresolved, or resolved by oxc to an
        // outer binding of that name.
        let unresolved = scoping
            .root_unresolved_references()
            .get("arguments")
            .into_iter()
            .flatten()
            .map(|&r| (r, None));
        let resolved = scoping
            .symbol_ids()
            .filter(|&sym| scoping.symbol_name(sym) == "arguments")
            .flat_map(|sym| {
                let decl = scoping.symbol_scope_id(sym);
                scoping
                    .get_resolved_reference_ids(sym)
                    .iter()
                    .map(move |&r| (r, Some(decl)))
            });
        for (r, decl) in unresolved.chain(resolved) {
            let from = scoping.get_reference(r).scope_id();
            if let Some((f, in_arrow)) = arguments_owner(sem, from, decl) {
                *info.arguments.entry(f).or_default() |= in_arrow;
            }
        }
        info
    }
}

/// Is the symbol a lexical (TDZ) binding?
pub(super) fn is_lexical(flags: SymbolFlags) -> bool {
    flags.intersects(
        SymbolFlags::BlockScopedVariable | SymbolFlags::ConstVariable | SymbolFlags::Class,
    )
}
