//! The debugging API behind the inspector: scripts, breakpoints, pausing and stepping, call
//! frames with their scopes, evaluation, remote object handles and console events.
//!
//! An embedder installs a [`DebugHandler`] with [`Engine::set_debug_handler`]. The engine calls
//! it on the JS thread, always with a [`DebugVm`] (the borrowed engine) to answer requests:
//!
//! - [`DebugHandler::service`] when the interrupt flag's debug bit is set (checked at the
//!   interpreter's existing safepoints: loop back-edges and calls) or when the host asks
//!   ([`Engine::debug_service`], the runtime's event loop);
//! - [`DebugHandler::paused`] at a breakpoint, a step, a requested pause or `debugger;`: it
//!   runs its own nested message loop and returns how to continue;
//! - [`DebugHandler::console`] and [`DebugHandler::script_parsed`] as events.
//!
//! **Breakpoints cost nothing until set.** The compiler records every statement start
//! (`CodeBlock::breaks`). A breakpoint overwrites the opcode byte at its location with
//! `Debugger` (the opcode of the `debugger;` statement) and keeps the original byte here. When
//! the interpreter reaches it, [`Vm::debug_break`] restores the byte, maybe pauses, and the loop
//! dispatches the original instruction. The location is re-armed at the next safepoint (the
//! debug bit stays set until then). Stepping arms every statement start of every script and
//! decides at each hit whether the step is done. An instruction that is executing (any frame's
//! current pc, e.g. a call in progress) is never patched, and neither are the suspension points
//! of generators (`GeneratorStart`, `Yield`, `YieldStar`, `Await`), whose bytes are decoded
//! again on resumption. Code without breakpoints runs exactly the same bytecode as without a
//! debugger, and scripts are only recorded while a handler is installed.

mod heap_snapshot;
mod profiling;
mod remote;

pub use heap_snapshot::HeapSnapshot;
pub use remote::{
    CallArgument, EvalOptions, Evaluated, ExceptionInfo, ObjectPreview, PropertyInfo,
    PropertyPreview, RemoteObject,
};

use crate::api::Engine;
use crate::bytecode::{CodeBlock, Constant, Op, SourceFile};
use crate::heap::{Trace, Tracer};
use crate::value::Value;
use crate::vm::{Vm, INTERRUPT_DEBUG};
use rustc_hash::{FxHashMap, FxHashSet};
use std::rc::Rc;
use std::sync::atomic::Ordering;

/// How long [`DebugHandler::service`] may block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Block {
    /// Handle what is queued and return.
    No,
    /// Wait until a client asks the script to run (`Runtime.runIfWaitingForDebugger`).
    UntilRun,
    /// Wait until every client has disconnected (the script has finished).
    UntilDetached,
}

/// How to continue after a pause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resume {
    /// Run until the next breakpoint.
    Continue,
    /// Stop at the next statement of this frame or a caller.
    StepOver,
    /// Stop at the next statement anywhere.
    StepInto,
    /// Stop at the next statement of a caller.
    StepOut,
}

/// Why the script paused.
#[derive(Clone, Debug)]
pub struct Pause {
    /// CDP reason: `other` (breakpoints, steps, `debugger;`), `Break on start`, …
    pub reason: &'static str,
    /// Ids of the breakpoints at this location.
    pub hit_breakpoints: Vec<String>,
    /// The exception being thrown (reason `exception`).
    pub exception: Option<Value>,
}

/// When to pause on a throw (`Debugger.setPauseOnExceptions`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PauseOnExceptions {
    /// Never.
    #[default]
    None,
    /// When no `catch`/`finally` of a JS frame on the stack will see it (approximate: a throw
    /// inside an async function or generator counts as caught, it becomes a rejection).
    Uncaught,
    /// Always.
    All,
}

/// A script known to the debugger.
#[derive(Clone, Debug)]
pub struct ScriptInfo {
    /// Script id (decimal in CDP).
    pub id: u32,
    /// URL: `file:///abs/path` for files, else the name as given.
    pub url: String,
    /// Last line (0-based).
    pub end_line: u32,
    /// Length of the last line (UTF-16 units).
    pub end_column: u32,
    /// A content hash (hex).
    pub hash: String,
    /// An ES module.
    pub is_module: bool,
}

/// A source location (0-based line and column, as in CDP).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    /// Script id.
    pub script_id: u32,
    /// 0-based line.
    pub line: u32,
    /// 0-based column (UTF-16 units).
    pub column: u32,
}

/// What a breakpoint applies to.
#[derive(Clone, Debug)]
pub enum BreakTarget {
    /// Scripts whose URL equals this.
    Url(String),
    /// Scripts whose URL matches this regular expression.
    UrlRegex(String),
    /// One script.
    Script(u32),
}

/// One scope of a paused call frame.
#[derive(Clone, Debug)]
pub struct ScopeInfo {
    /// `local`, `closure`, `with` or `global`.
    pub kind: &'static str,
    /// An object holding the scope's variables.
    pub object: RemoteObject,
}

/// A paused call frame.
#[derive(Clone, Debug)]
pub struct CallFrameInfo {
    /// Index for [`DebugVm::evaluate`] (0 = top).
    pub index: usize,
    /// Function name ("" for the top level and anonymous functions).
    pub function_name: String,
    /// Where it is.
    pub location: Location,
    /// The script's URL.
    pub url: String,
    /// Scope chain, innermost first.
    pub scopes: Vec<ScopeInfo>,
    /// `this`.
    pub this: RemoteObject,
}

/// The embedder's side of debugging: implemented by the inspector.
pub trait DebugHandler {
    /// Handles queued requests; with a [`Block`] other than `No`, waits for more until it is
    /// satisfied.
    fn service(&mut self, vm: &mut DebugVm<'_>, block: Block);
    /// The script is paused: answer requests until the client resumes.
    fn paused(&mut self, vm: &mut DebugVm<'_>, pause: &Pause) -> Resume;
    /// `console.log` and friends were called (`kind` is CDP's `log`, `error`, …).
    fn console(&mut self, vm: &mut DebugVm<'_>, kind: &'static str, args: &[Value]);
    /// A script was compiled.
    fn script_parsed(&mut self, script: &ScriptInfo);
}

/// A compiled script and all its functions.
struct Script {
    file: Rc<SourceFile>,
    blocks: Vec<Rc<CodeBlock>>,
    is_module: bool,
}

/// A breakpoint: what it targets and where it resolved.
struct Breakpoint {
    id: String,
    target: BreakTarget,
    line: u32,
    column: Option<u32>,
    /// (code block, pc) of each resolved location.
    sites: Vec<(Rc<CodeBlock>, u32)>,
}

/// A pending step.
#[derive(Clone, Copy)]
enum Step {
    /// Pause at the next statement with this reason.
    Any(&'static str),
    /// Pause when the frame count is at most this.
    Over(usize),
    /// Pause when the frame count is below this.
    Out(usize),
}

/// A patched opcode byte.
struct Patch {
    code: Rc<CodeBlock>,
    original: u8,
}

/// The debugger's state inside the VM (`Vm::debug`).
pub(crate) struct DebugState {
    handler: Option<Box<dyn DebugHandler>>,
    scripts: Vec<Script>,
    breakpoints: Vec<Breakpoint>,
    next_breakpoint: u32,
    patches: FxHashMap<(usize, u32), Patch>,
    step: Option<Step>,
    active: bool,
    paused: bool,
    on_exceptions: PauseOnExceptions,
    /// The exception last paused on: the same value thrown on through entry frames and
    /// `finally` blocks pauses once.
    last_exception: Value,
    pub(crate) objects: remote::ObjectTable,
    /// Heap snapshot node ids by cell address.
    pub(crate) heap_ids: heap_snapshot::HeapIds,
}

impl Trace for DebugState {
    fn trace(&self, t: &mut Tracer) {
        self.objects.trace(t);
    }
}

impl Engine {
    /// Attaches a debugger: from now on scripts are recorded for it and it receives events.
    pub fn set_debug_handler(&mut self, handler: Box<dyn DebugHandler>) {
        self.vm().debug = Some(Box::new(DebugState {
            handler: Some(handler),
            scripts: Vec::new(),
            breakpoints: Vec::new(),
            next_breakpoint: 1,
            patches: FxHashMap::default(),
            step: None,
            active: true,
            paused: false,
            on_exceptions: PauseOnExceptions::None,
            last_exception: Value::UNDEFINED,
            objects: remote::ObjectTable::default(),
            heap_ids: Default::default(),
        }));
    }

    /// Lets the debug handler handle pending requests (e.g. while the host waits for a client
    /// before running the script, or after it finished).
    pub fn debug_service(&mut self, block: Block) {
        let vm = self.vm();
        vm.interrupt.fetch_and(!INTERRUPT_DEBUG, Ordering::AcqRel);
        vm.with_handler(|h, d| h.service(d, block));
    }

    /// Pauses at the next statement that runs, with this CDP reason (`--inspect-brk` uses
    /// `Break on start`).
    pub fn debug_pause_on_start(&mut self, reason: &'static str) {
        self.vm().debug_request_pause(reason);
    }
}

/// The engine as the debug handler sees it: every request the inspector makes goes through here.
pub struct DebugVm<'a> {
    pub(crate) vm: &'a mut Vm,
}

/// `file:///abs` for a path-like script name; other names (`[eval]`, URLs) as they are.
fn script_url(name: &str) -> String {
    if name.starts_with('[') || name.starts_with('<') || name.contains("://") {
        return name.to_string();
    }
    let p = crate::module::loader::absolute(std::path::Path::new(name));
    format!("file://{}", p.display())
}

fn script_info(s: &Script) -> ScriptInfo {
    let f = &s.file;
    let end_line = f.line_starts.len().saturating_sub(1) as u32;
    let last = f
        .text
        .get(*f.line_starts.last().unwrap_or(&0) as usize..)
        .unwrap_or("");
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in f.text.bytes() {
        hash = (hash ^ b as u64).wrapping_mul(0x100_0000_01b3);
    }
    ScriptInfo {
        id: f.id,
        url: script_url(&f.name),
        end_line,
        end_column: last.encode_utf16().count() as u32,
        hash: format!("{hash:016x}"),
        is_module: s.is_module,
    }
}

/// Every code block reachable from `root` (its nested functions).
fn all_blocks(root: &Rc<CodeBlock>) -> Vec<Rc<CodeBlock>> {
    let mut out = vec![root.clone()];
    let mut i = 0;
    while i < out.len() {
        let b = out[i].clone();
        for c in b.constants.iter() {
            if let Constant::Function(f) = c {
                out.push(f.clone());
            }
        }
        i += 1;
    }
    out
}

/// Opcodes that are decoded again when a generator resumes: never patched.
fn patchable(code: &CodeBlock, pc: u32) -> bool {
    let Some(&b) = code.code.get(pc as usize) else {
        return false;
    };
    let op = Op::ALL[b as usize];
    !matches!(
        op,
        Op::GeneratorStart | Op::Yield | Op::YieldStar | Op::Await | Op::Debugger
    )
}

fn key(code: &Rc<CodeBlock>, pc: u32) -> (usize, u32) {
    (Rc::as_ptr(code) as usize, pc)
}

impl Vm {
    /// Runs `f` with the handler taken out of the state (so it can borrow the VM).
    pub(crate) fn with_handler<R>(
        &mut self,
        f: impl FnOnce(&mut dyn DebugHandler, &mut DebugVm<'_>) -> R,
    ) -> Option<R> {
        let mut h = self.debug.as_mut()?.handler.take()?;
        let r = self.native_scope(|vm| f(&mut *h, &mut DebugVm { vm }));
        if let Some(d) = self.debug.as_mut() {
            d.handler = Some(h);
        }
        Some(r)
    }

    /// Records a compiled script (only while a debugger is attached) and tells the handler.
    pub(crate) fn debug_script_compiled(&mut self, roots: &[&Rc<CodeBlock>], is_module: bool) {
        let Some(d) = self.debug.as_mut() else {
            return;
        };
        let Some(first) = roots.first() else {
            return;
        };
        if first.source.name.starts_with('<') {
            return;
        }
        let mut blocks = Vec::new();
        for r in roots {
            blocks.extend(all_blocks(r));
        }
        let script = Script {
            file: first.source.clone(),
            blocks,
            is_module,
        };
        let info = script_info(&script);
        d.scripts.push(script);
        // Breakpoints set by URL before the script existed.
        let n = d.scripts.len() - 1;
        for i in 0..d.breakpoints.len() {
            let sites = resolve(&d.scripts[n..], &d.breakpoints[i]);
            d.breakpoints[i].sites.extend(sites);
        }
        self.arm();
        if let Some(h) = self.debug.as_mut().and_then(|d| d.handler.as_mut()) {
            h.script_parsed(&info);
        }
    }

    /// A console call, reported to the handler.
    pub(crate) fn debug_console(&mut self, kind: &'static str, args: &[Value]) {
        if self.debug.is_some() {
            self.with_handler(|h, d| h.console(d, kind, args));
        }
    }

    /// The debug bit was seen at a safepoint (or the event loop): re-arm breakpoints and let
    /// the handler read its messages. Cold: only reached with a debugger attached.
    #[cold]
    #[inline(never)]
    pub(crate) fn debug_interrupt(&mut self, acc: Value) {
        self.interrupt.fetch_and(!INTERRUPT_DEBUG, Ordering::AcqRel);
        if self.debug.is_none() {
            return;
        }
        self.pinned.push(acc);
        self.arm();
        self.with_handler(|h, d| h.service(d, Block::No));
        self.pinned.pop();
    }

    /// Asks for a pause at the next statement.
    pub(crate) fn debug_request_pause(&mut self, reason: &'static str) {
        if let Some(d) = self.debug.as_mut() {
            d.step = Some(Step::Any(reason));
        }
        self.arm();
    }

    /// The interpreter reached `Debugger` at `pc` of the top frame. Returns true when it was a
    /// patched breakpoint: the original byte is back and the loop must dispatch it again.
    #[cold]
    #[inline(never)]
    pub(crate) fn debug_break(&mut self, pc: u32, acc: Value) -> bool {
        let Some(f) = self.frames.last() else {
            return false;
        };
        let code_addr = f.code as usize;
        let depth = self.frames.len();
        let Some(d) = self.debug.as_mut() else {
            return false;
        };
        let patch = d.patches.remove(&(code_addr, pc));
        if let Some(p) = &patch {
            p.code.code.patch(pc, p.original);
            // Re-armed at the next safepoint.
            self.interrupt.fetch_or(INTERRUPT_DEBUG, Ordering::AcqRel);
        }
        let Some(d) = self.debug.as_mut() else {
            return patch.is_some();
        };
        if d.paused {
            return patch.is_some();
        }
        let hits: Vec<String> = if d.active {
            d.breakpoints
                .iter()
                .filter(|b| {
                    b.sites
                        .iter()
                        .any(|(c, p)| Rc::as_ptr(c) as usize == code_addr && *p == pc)
                })
                .map(|b| b.id.clone())
                .collect()
        } else {
            Vec::new()
        };
        let stepped = match d.step {
            Some(Step::Any(r)) => Some(r),
            Some(Step::Over(n)) if depth <= n => Some("other"),
            Some(Step::Out(n)) if depth < n => Some("other"),
            _ => None,
        };
        let reason = match (stepped, hits.is_empty(), patch.is_some()) {
            (Some(r), _, _) => Some(r),
            (None, false, _) => Some("other"),
            // A `debugger;` statement.
            (None, true, false) if d.active => Some("other"),
            _ => None,
        };
        if let Some(reason) = reason {
            d.step = None;
            let pause = Pause {
                reason,
                hit_breakpoints: hits,
                exception: None,
            };
            self.debug_pause(acc, &pause, depth);
        }
        patch.is_some()
    }

    /// A throw is about to unwind from the top frame: pause first if the client asked for it.
    #[cold]
    #[inline(never)]
    pub(crate) fn debug_exception(&mut self, exc: Value) {
        let Some(d) = self.debug.as_ref() else {
            return;
        };
        if d.paused || d.on_exceptions == PauseOnExceptions::None || d.last_exception == exc {
            return;
        }
        if d.on_exceptions == PauseOnExceptions::Uncaught {
            let caught = self.frames.iter().any(|f| {
                f.generator != Value::UNDEFINED
                    || f.code()
                        .handlers
                        .iter()
                        .any(|h| h.start <= f.pc && f.pc < h.end)
            });
            if caught {
                return;
            }
        }
        if let Some(d) = self.debug.as_mut() {
            d.last_exception = exc;
        }
        let pause = Pause {
            reason: "exception",
            hit_breakpoints: Vec::new(),
            exception: Some(exc),
        };
        self.pinned.push(exc);
        let depth = self.frames.len();
        self.debug_pause(Value::UNDEFINED, &pause, depth);
        self.pinned.pop();
    }

    /// Pauses: the handler runs its message loop until the client resumes.
    fn debug_pause(&mut self, acc: Value, pause: &Pause, depth: usize) {
        if let Some(d) = self.debug.as_mut() {
            d.paused = true;
        }
        self.pinned.push(acc);
        let resume = self
            .with_handler(|h, d| h.paused(d, pause))
            .unwrap_or(Resume::Continue);
        self.pinned.pop();
        if let Some(d) = self.debug.as_mut() {
            d.paused = false;
            d.objects.release_group("backtrace");
            d.step = match resume {
                Resume::Continue => None,
                Resume::StepInto => Some(Step::Any("other")),
                Resume::StepOver => Some(Step::Over(depth)),
                Resume::StepOut => Some(Step::Out(depth)),
            };
        }
        self.arm();
    }

    /// Makes the patched bytes match what is wanted: breakpoint sites (when active) and, while
    /// stepping, every statement start. Executing instructions are left for a later safepoint.
    pub(crate) fn arm(&mut self) {
        let in_flight: FxHashSet<(usize, u32)> = self
            .frames
            .iter()
            .map(|f| (f.code as usize, f.pc))
            .collect();
        let Some(d) = self.debug.as_mut() else {
            return;
        };
        let mut wanted: FxHashMap<(usize, u32), Rc<CodeBlock>> = FxHashMap::default();
        if d.active {
            for b in &d.breakpoints {
                for (c, pc) in &b.sites {
                    wanted.insert(key(c, *pc), c.clone());
                }
            }
        }
        if d.step.is_some() {
            for s in &d.scripts {
                for c in &s.blocks {
                    for &(pc, _) in c.breaks.iter() {
                        wanted.insert(key(c, pc), c.clone());
                    }
                }
            }
        }
        let mut deferred = false;
        let stale: Vec<(usize, u32)> = d
            .patches
            .keys()
            .filter(|k| !wanted.contains_key(k))
            .copied()
            .collect();
        for k in stale {
            if let Some(p) = d.patches.remove(&k) {
                p.code.code.patch(k.1, p.original);
            }
        }
        for (k, code) in wanted {
            if d.patches.contains_key(&k) || !patchable(&code, k.1) {
                continue;
            }
            if in_flight.contains(&k) {
                deferred = true;
                continue;
            }
            if let Some(original) = code.code.patch(k.1, Op::Debugger as u8) {
                d.patches.insert(k, Patch { code, original });
            }
        }
        if deferred {
            self.interrupt.fetch_or(INTERRUPT_DEBUG, Ordering::AcqRel);
        }
    }
}

/// The sites of breakpoint `b` in `scripts`: per matching script, the first statement start on
/// the first line at or after `b.line` that has one (at or after `b.column` on that line), in
/// each function with a statement there.
fn resolve(scripts: &[Script], b: &Breakpoint) -> Vec<(Rc<CodeBlock>, u32)> {
    let mut out = Vec::new();
    for s in scripts {
        let info_url = script_url(&s.file.name);
        let matches = match &b.target {
            BreakTarget::Url(u) => *u == info_url || *u == s.file.name,
            BreakTarget::UrlRegex(r) => regress::Regex::new(r)
                .map(|re| re.find(&info_url).is_some())
                .unwrap_or(false),
            BreakTarget::Script(id) => *id == s.file.id,
        };
        if !matches {
            continue;
        }
        // Statement starts as (line, column, block, pc), 0-based.
        let mut cands: Vec<(u32, u32, usize, u32)> = Vec::new();
        for (i, c) in s.blocks.iter().enumerate() {
            for &(pc, off) in c.breaks.iter() {
                let (l, col) = s.file.line_col(off);
                cands.push((l - 1, col - 1, i, pc));
            }
        }
        let col = b.column.unwrap_or(0);
        let best = cands
            .iter()
            .filter(|c| c.0 > b.line || (c.0 == b.line && c.1 >= col))
            .map(|c| c.0)
            .min();
        let Some(line) = best else {
            continue;
        };
        let mut seen = FxHashSet::default();
        cands.sort();
        for c in cands {
            if c.0 == line && (line > b.line || c.1 >= col) && seen.insert(c.2) {
                out.push((s.blocks[c.2].clone(), c.3));
            }
        }
    }
    out
}

impl DebugVm<'_> {
    /// Every recorded script.
    pub fn scripts(&self) -> Vec<ScriptInfo> {
        self.state()
            .map(|d| d.scripts.iter().map(script_info).collect())
            .unwrap_or_default()
    }

    /// A script's source text.
    pub fn script_source(&self, id: u32) -> Option<String> {
        self.vm
            .scripts
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.text.clone())
    }

    fn state(&self) -> Option<&DebugState> {
        self.vm.debug.as_deref()
    }

    fn state_mut(&mut self) -> Option<&mut DebugState> {
        self.vm.debug.as_deref_mut()
    }

    /// Sets a breakpoint; it also applies to matching scripts compiled later. Returns its id
    /// and the locations it resolved to.
    pub fn set_breakpoint(
        &mut self,
        target: BreakTarget,
        line: u32,
        column: Option<u32>,
    ) -> (String, Vec<Location>) {
        let Some(d) = self.state_mut() else {
            return (String::new(), Vec::new());
        };
        let id = format!("{}:{}", d.next_breakpoint, line);
        d.next_breakpoint += 1;
        let mut b = Breakpoint {
            id: id.clone(),
            target,
            line,
            column,
            sites: Vec::new(),
        };
        b.sites = resolve(&d.scripts, &b);
        let locations = b
            .sites
            .iter()
            .map(|(c, pc)| site_location(c, *pc))
            .collect();
        d.breakpoints.push(b);
        self.vm.arm();
        (id, locations)
    }

    /// Removes a breakpoint (unknown ids are ignored).
    pub fn remove_breakpoint(&mut self, id: &str) {
        if let Some(d) = self.state_mut() {
            d.breakpoints.retain(|b| b.id != id);
        }
        self.vm.arm();
    }

    /// Turns all breakpoints on or off.
    pub fn set_breakpoints_active(&mut self, active: bool) {
        if let Some(d) = self.state_mut() {
            d.active = active;
        }
        self.vm.arm();
    }

    /// Statement starts of `script` between `start` and `end` (exclusive; 0-based lines).
    pub fn possible_breakpoints(
        &self,
        script: u32,
        start: (u32, u32),
        end: Option<(u32, u32)>,
    ) -> Vec<Location> {
        let Some(d) = self.state() else {
            return Vec::new();
        };
        let mut out: Vec<Location> = d
            .scripts
            .iter()
            .filter(|s| s.file.id == script)
            .flat_map(|s| s.blocks.iter())
            .flat_map(|c| c.breaks.iter().map(|&(pc, _)| site_location(c, pc)))
            .filter(|l| (l.line, l.column) >= start && end.is_none_or(|e| (l.line, l.column) < e))
            .collect();
        out.sort_by_key(|l| (l.line, l.column));
        out.dedup();
        out
    }

    /// When to pause on exceptions.
    pub fn set_pause_on_exceptions(&mut self, mode: PauseOnExceptions) {
        if let Some(d) = self.state_mut() {
            d.on_exceptions = mode;
        }
    }

    /// Pauses at the next statement (`Debugger.pause`).
    pub fn request_pause(&mut self) {
        self.vm.debug_request_pause("other");
    }

    /// Stops the running script (`Runtime.terminateExecution`): it throws an uncatchable
    /// termination once the handler returns.
    pub fn terminate(&mut self) {
        self.vm
            .interrupt
            .fetch_or(crate::vm::INTERRUPT_TERMINATE, Ordering::AcqRel);
    }

    /// Heap bytes in use and committed (`Runtime.getHeapUsage`).
    pub fn heap_usage(&self) -> (usize, usize) {
        let s = self.vm.heap_stats();
        (s.bytes_allocated, s.committed_bytes.max(s.bytes_allocated))
    }

    /// Is the script paused?
    pub fn is_paused(&self) -> bool {
        self.state().is_some_and(|d| d.paused)
    }
}

/// The 0-based source location of `pc` in `code`.
fn site_location(code: &CodeBlock, pc: u32) -> Location {
    let off = code
        .breaks
        .iter()
        .find(|b| b.0 == pc)
        .map(|b| b.1)
        .unwrap_or_else(|| code.offset_at(pc));
    let (l, c) = code.source.line_col(off);
    Location {
        script_id: code.source.id,
        line: l - 1,
        column: c - 1,
    }
}

#[cfg(test)]
mod tests;
