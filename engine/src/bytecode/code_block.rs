//! A compiled function: bytecode, constants, handler table, positions, feedback and counters.
//! Compiled once and shared (through `Rc`) by every closure of the function.

use super::feedback::Feedback;
use crate::atoms::PropKey;
use crate::object::env::EnvLayout;
use crate::value::Value;
use std::cell::{Cell, UnsafeCell};
use std::rc::Rc;

/// A source file, shared by all functions compiled from it.
#[derive(Debug)]
pub struct SourceFile {
    /// Script id (stable per engine; the inspector and profiler name scripts by it).
    pub id: u32,
    /// File name or URL.
    pub name: String,
    /// The full source text.
    pub text: String,
    /// Byte offsets of line starts.
    pub line_starts: Vec<u32>,
}

impl SourceFile {
    /// Builds the line table.
    pub fn new(id: u32, name: String, text: String) -> SourceFile {
        let mut line_starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
            }
        }
        SourceFile {
            id,
            name,
            text,
            line_starts,
        }
    }

    /// 1-based (line, column) of a byte offset; the column counts UTF-16 units like V8.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line] as usize;
        let end = (offset as usize).min(self.text.len());
        let col = self
            .text
            .get(start..end)
            .map(|s| s.encode_utf16().count())
            .unwrap_or(end - start);
        (line as u32 + 1, col as u32 + 1)
    }
}

/// A tagged-template call site: cooked strings (None = invalid escape → undefined) and raw strings.
#[derive(Debug)]
pub struct TemplateSite {
    /// Cooked strings.
    pub cooked: Vec<Option<Value>>,
    /// Raw strings.
    pub raw: Vec<Value>,
    /// The frozen template object once created (one per site, per realm).
    pub cache: Cell<Value>,
}

/// A constant-pool entry.
#[derive(Debug)]
pub enum Constant {
    /// A number or an atom string (atoms are never collected, so the value stays valid).
    Value(Value),
    /// A nested function.
    Function(Rc<CodeBlock>),
    /// An environment layout for `PushEnv`.
    Layout(Rc<EnvLayout>),
    /// A tagged template site.
    Template(Rc<TemplateSite>),
    /// A BigInt literal's decimal digits.
    BigInt(Rc<str>),
    /// For `CreateMappedArguments`: the environment slot of each formal parameter
    /// (`ParameterMap::UNMAPPED` where a later parameter has the same name).
    ParameterMap(Rc<[u32]>),
}

/// Function flags.
#[derive(Clone, Copy, Debug, Default)]
pub struct CodeFlags {
    /// Strict mode code.
    pub strict: bool,
    /// Arrow function (lexical this/arguments/new.target).
    pub arrow: bool,
    /// Generator function.
    pub generator: bool,
    /// Async function.
    pub is_async: bool,
    /// Class constructor.
    pub class_constructor: bool,
    /// Derived class constructor (`this` starts in TDZ).
    pub derived: bool,
    /// A method (has a home object; not a constructor).
    pub method: bool,
    /// Getter/setter/method shorthand or class element: never a constructor.
    pub no_construct: bool,
    /// The top-level script or eval code.
    pub is_script: bool,
    /// Needs the extra arguments kept (uses `arguments` or a rest parameter).
    pub keeps_arguments: bool,
}

/// A try region: while `start <= pc < end`, a throw jumps to `target` with the exception in acc.
#[derive(Clone, Copy, Debug)]
pub struct Handler {
    /// First covered pc.
    pub start: u32,
    /// One past the last covered pc.
    pub end: u32,
    /// Handler pc.
    pub target: u32,
    /// Environment depth (number of `PushEnv`s active) to restore at the handler.
    pub env_depth: u32,
    /// A `finally` (or iterator-closing) handler rather than a `catch` (informative: both
    /// catch every exception but termination).
    pub is_finally: bool,
}

/// The bytecode of a function. The debugger may swap an instruction's opcode byte for
/// `Debugger` (a breakpoint) and back with [`Bytecode::patch`] while the interpreter runs the
/// code, so the bytes are `Cell`s: the dispatch loop reads them through [`Bytecode::as_ptr`]
/// (a raw pointer, never a `&[u8]` held across a call that could patch).
pub struct Bytecode(Box<[Cell<u8>]>);

impl Bytecode {
    /// Wraps emitted bytecode.
    pub fn new(code: Vec<u8>) -> Bytecode {
        Bytecode(code.into_iter().map(Cell::new).collect())
    }

    /// Replaces the opcode byte at `pc` and returns the previous one (`None` when `pc` is out of
    /// range). Only the debugger calls this, on the JS thread, at instruction starts whose
    /// instruction is not executing (see `debug::breakpoints`).
    pub(crate) fn patch(&self, pc: u32, byte: u8) -> Option<u8> {
        Some(self.0.get(pc as usize)?.replace(byte))
    }

    /// The first byte, for the dispatch loop's reads.
    pub(crate) fn as_ptr(&self) -> *const u8 {
        // `Cell<u8>` has the layout of `u8`.
        self.0.as_ptr().cast()
    }
}

impl std::ops::Deref for Bytecode {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        // SAFETY: `Cell<u8>` has the layout of `u8`. The only writes are `patch`es of single
        // opcode bytes by the debugger; no caller of `deref` (compiler, disassembler, debugger,
        // generator bookkeeping) holds the slice across one.
        unsafe { &*(&*self.0 as *const [Cell<u8>] as *const [u8]) }
    }
}

impl std::fmt::Debug for Bytecode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bytecode({} bytes)", self.len())
    }
}

/// A register-allocated local variable, for the debugger's scope view.
#[derive(Clone, Debug)]
pub struct Local {
    /// The variable's name.
    pub name: Rc<str>,
    /// Its register.
    pub register: u16,
    /// The pc from which the register holds it.
    pub start: u32,
}

/// A compiled function.
#[derive(Debug)]
pub struct CodeBlock {
    /// Function name (for stacks and profiles).
    pub name: String,
    /// `name` as an atom of the VM that compiled the code, once a closure of it was created
    /// (code blocks never leave their VM).
    pub name_atom: Cell<Option<PropKey>>,
    /// The bytecode.
    pub code: Bytecode,
    /// Constant pool.
    pub constants: Box<[Constant]>,
    /// Exception handlers, innermost first.
    pub handlers: Box<[Handler]>,
    /// (pc, source offset) pairs, sorted by pc.
    pub positions: Box<[(u32, u32)]>,
    /// Number of formal parameters before the first default/rest (the function's `length`).
    pub length: u32,
    /// Number of parameter registers (r1..=params).
    pub params: u32,
    /// Registers the frame needs (including `this` in r0 and the parameters).
    pub registers: u32,
    /// Flags.
    pub flags: CodeFlags,
    /// The source file.
    pub source: Rc<SourceFile>,
    /// Byte span of the function in the source (for `toString`).
    pub span: (u32, u32),
    /// Feedback slots (inline caches), one per property access / call site.
    feedback: UnsafeCell<Box<[Feedback]>>,
    /// Offset of the first instruction after parameter initialisation: direct eval before it
    /// runs in the parameter scope (the body's lexical bindings do not exist yet).
    pub body_start: u32,
    /// Times this function was called (the JIT reads it).
    pub invocations: Cell<u32>,
    /// Loop back-edges taken in this function (the JIT reads it).
    pub backedges: Cell<u32>,
    /// Statement starts (pc, source offset), sorted by pc: where breakpoints and steps stop.
    pub breaks: Box<[(u32, u32)]>,
    /// Register-allocated locals (parameters, `let`/`const`/`var` not captured by closures).
    pub locals: Box<[Local]>,
}

impl CodeBlock {
    /// Assembles a code block.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        name: String,
        code: Vec<u8>,
        constants: Vec<Constant>,
        handlers: Vec<Handler>,
        positions: Vec<(u32, u32)>,
        length: u32,
        params: u32,
        registers: u32,
        flags: CodeFlags,
        source: Rc<SourceFile>,
        span: (u32, u32),
        feedback_slots: u32,
    ) -> CodeBlock {
        CodeBlock {
            name,
            name_atom: Cell::new(None),
            code: Bytecode::new(code),
            constants: constants.into_boxed_slice(),
            handlers: handlers.into_boxed_slice(),
            positions: positions.into_boxed_slice(),
            length,
            params,
            registers,
            flags,
            source,
            span,
            feedback: UnsafeCell::new(
                vec![Feedback::None; feedback_slots as usize].into_boxed_slice(),
            ),
            body_start: 0,
            invocations: Cell::new(0),
            backedges: Cell::new(0),
            breaks: Box::default(),
            locals: Box::default(),
        }
    }

    /// A feedback slot.
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    pub fn feedback(&self, slot: u32) -> &mut Feedback {
        // SAFETY: feedback is only touched by the single interpreter thread, one slot at a time,
        // and the borrow never outlives the instruction that reads or updates the slot.
        unsafe { &mut (*self.feedback.get())[slot as usize] }
    }

    /// Number of feedback slots.
    pub fn feedback_len(&self) -> usize {
        // SAFETY: read-only length query on the interpreter thread.
        unsafe { (&*self.feedback.get()).len() }
    }

    /// Source offset of the instruction at `pc`.
    pub fn offset_at(&self, pc: u32) -> u32 {
        match self.positions.binary_search_by_key(&pc, |p| p.0) {
            Ok(i) => self.positions[i].1,
            Err(0) => self.span.0,
            Err(i) => self.positions[i - 1].1,
        }
    }

    /// 1-based (line, column) of the instruction at `pc`.
    pub fn line_col(&self, pc: u32) -> (u32, u32) {
        self.source.line_col(self.offset_at(pc))
    }

    /// The function's source text (for `Function.prototype.toString`).
    pub fn source_text(&self) -> &str {
        self.source
            .text
            .get(self.span.0 as usize..self.span.1 as usize)
            .unwrap_or("")
    }
}
