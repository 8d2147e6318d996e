//! Source → bytecode. oxc parses and checks early errors; scope analysis (on oxc's semantic
//! model) decides where each binding lives: a register, an environment slot (captured by an
//! inner function, or visible to `eval`/`with`), or the global object.

mod class;
mod diagnostics;
mod expression;
mod function;
mod module;
mod pattern;
mod scope;
mod statement;

pub(crate) use diagnostics::syntax_error_report;

use crate::bytecode::{CodeBlock, SourceFile};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use oxc_allocator::Allocator;
use oxc_parser::Parser;
use oxc_semantic::SemanticBuilder;
use oxc_span::SourceType;
use std::rc::Rc;

/// What kind of top-level code is compiled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// A classic script.
    Script,
    /// Direct or indirect eval code.
    Eval {
        strict: bool,
        in_function: bool,
        site: EvalSite,
    },
    /// The body of the source text module whose record is `id`.
    Module { id: u32 },
}

/// Where in its function a direct eval runs (parameter expressions see a different scope).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EvalSite {
    /// The body, or not in a function.
    Body,
    /// The parameter expressions of an arrow function.
    ArrowParams,
    /// The parameter expressions of a non-arrow function (which bind `arguments`).
    FunctionParams,
}

/// A parse/early error, ready to throw as a SyntaxError.
pub(crate) struct CompileError {
    pub message: String,
    pub report: String,
}

/// Compiles a classic script.
pub(crate) fn compile(
    vm: &mut Vm,
    source: &str,
    filename: &str,
    mode: Mode,
) -> Result<Rc<CodeBlock>, CompileError> {
    let file = vm.add_script(filename.to_string(), source.to_string());
    let alloc = Allocator::default();
    let mut text = source.to_string();
    if let Mode::Eval { strict: true, .. } = mode {
        if !text.trim_start().starts_with("\"use strict\"")
            && !text.trim_start().starts_with("'use strict'")
        {
            // Strict eval code: compile as if it had the directive (offsets shift by the prefix).
            text = format!("\"use strict\";{text}");
        }
    }
    let text = alloc.alloc_str(&text);
    let r = checked_parse(
        &alloc,
        text,
        SourceType::script(),
        &file,
        |program, semantic| function::compile_program(vm, program, semantic, file.clone(), mode),
    );
    if let Ok(code) = &r {
        vm.debug_script_compiled(&[code], false);
    }
    r
}

/// Parses `text` and runs oxc's early-error checks; the first diagnostic becomes the error.
fn checked_parse<'a, T>(
    alloc: &'a Allocator,
    text: &'a str,
    source_type: SourceType,
    file: &SourceFile,
    then: impl FnOnce(
        &oxc_ast::ast::Program<'_>,
        &oxc_semantic::Semantic<'_>,
    ) -> Result<T, CompileError>,
) -> Result<T, CompileError> {
    let ret = Parser::new(alloc, text, source_type).parse();
    if let Some(d) = ret.diagnostics.first() {
        return Err(diagnostics::to_compile_error(d, file));
    }
    let sem = SemanticBuilder::new()
        .with_check_syntax_error(true)
        .with_build_nodes(true)
        .build(&ret.program);
    if let Some(d) = sem.diagnostics.first() {
        return Err(diagnostics::to_compile_error(d, file));
    }
    then(&ret.program, &sem.semantic)
}

/// Compiles the source text module `source` (named `filename`, its module map key) for the
/// module record `id`.
pub(crate) fn compile_module(
    vm: &mut Vm,
    source: &str,
    filename: &str,
    id: u32,
) -> Result<crate::module::record::CompiledModule, CompileError> {
    let file = vm.add_script(filename.to_string(), source.to_string());
    let alloc = Allocator::default();
    let text = alloc.alloc_str(source);
    let r = checked_parse(
        &alloc,
        text,
        SourceType::mjs(),
        &file,
        |program, semantic| module::compile_module_program(vm, program, semantic, file.clone(), id),
    );
    if let Ok(m) = &r {
        vm.debug_script_compiled(&[&m.init, &m.body], true);
    }
    r
}

/// Does `source` parse as a module containing `import`/`export` declarations? (The CLI runs
/// such files as modules.)
pub(crate) fn has_module_syntax(source: &str) -> bool {
    let alloc = Allocator::default();
    let ret = Parser::new(&alloc, source, SourceType::mjs()).parse();
    ret.diagnostics.is_empty() && ret.program.body.iter().any(|s| s.is_module_declaration())
}

/// Compiles and throws a SyntaxError value on failure.
pub(crate) fn compile_or_throw(
    vm: &mut Vm,
    source: &str,
    filename: &str,
    mode: Mode,
) -> JsResult<Rc<CodeBlock>> {
    compile(vm, source, filename, mode).map_err(|e| vm.syntax_error(&e.message))
}

/// Compiles eval code.
pub(crate) fn compile_eval(
    vm: &mut Vm,
    source: &str,
    strict: bool,
    in_function: bool,
    site: EvalSite,
) -> JsResult<Rc<CodeBlock>> {
    compile_or_throw(
        vm,
        source,
        "<eval>",
        Mode::Eval {
            strict,
            in_function,
            site,
        },
    )
}

/// Runs source as a new global script (`$262.evalScript`).
pub(crate) fn run_global_script(vm: &mut Vm, source: &str) -> JsResult<Value> {
    let code = compile_or_throw(vm, source, "<evalScript>", Mode::Script)?;
    let g = Value::object(vm.realm.global);
    vm.run_code_in(code, None, g, Value::UNDEFINED, Value::UNDEFINED)
}

/// Indirect eval: global scope, sloppy unless the code says otherwise.
pub(crate) fn run_global_eval(vm: &mut Vm, source: &str) -> JsResult<Value> {
    let code = compile_eval(vm, source, false, false, EvalSite::Body)?;
    let g = Value::object(vm.realm.global);
    vm.run_code_in(code, None, g, Value::UNDEFINED, Value::UNDEFINED)
}

/// `new Function(params, body)` and friends: `prefix` is `function`, `function*`, `async function`
/// or `async function*`.
pub(crate) fn compile_function_ctor(
    vm: &mut Vm,
    prefix: &str,
    params: &str,
    body: &str,
) -> JsResult<Value> {
    let src = format!("({prefix} anonymous({params}\n) {{\n{body}\n}})");
    let code = compile_or_throw(
        vm,
        &src,
        "<anonymous>",
        Mode::Eval {
            strict: false,
            in_function: false,
            site: EvalSite::Body,
        },
    )?;
    let g = Value::object(vm.realm.global);
    vm.run_code_in(code, None, g, Value::UNDEFINED, Value::UNDEFINED)
}
