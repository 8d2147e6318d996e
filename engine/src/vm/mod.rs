//! The virtual machine: heap, atoms, shapes, realm, register file and frames.
//!
//! `Vm` is the context every builtin receives. JS-to-JS calls do not recurse on the Rust stack:
//! frames are explicit ([`Frame`]) and the interpreter loop (`interpreter::dispatch`) switches
//! between them. Native code that calls back into JS re-enters the loop, bounded by
//! [`MAX_NATIVE_DEPTH`].

mod alloc;
pub(crate) mod arguments;
mod call;
mod convert;
mod error;
pub mod exotic;
pub mod operators;
mod property;
pub mod realm;

pub use call::CallOutcome;
pub use convert::Hint;
pub use property::{Key, PropertyDescriptor};
pub use realm::{Intrinsic, Realm, WellKnown};

use crate::api::PrintSink;
use crate::atoms::{Atoms, PropKey};
use crate::bytecode::{CodeBlock, SourceFile};
use crate::heap::{Gc, Heap, Tracer};
use crate::object::{Env, JsObject, ShapeId, ShapeTable};
use crate::value::Value;
use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

/// The result of anything that can throw: `Err` holds the thrown value.
pub type JsResult<T> = Result<T, Value>;

/// No interrupt pending.
pub const INTERRUPT_NONE: u8 = 0;
/// Stop the script (uncatchable). The flag is a bit set: requests combine.
pub const INTERRUPT_TERMINATE: u8 = 1;
/// The profiler asks for a sample of the JS stack (see `profiler::sampler`).
pub const INTERRUPT_SAMPLE: u8 = 2;
/// Telemetry asks for a tier-up scan.
pub const INTERRUPT_TICK: u8 = 4;
/// The debugger wants the JS thread: inspector messages are pending, a pause was requested, or
/// breakpoints must be re-armed (see `debug`). Never set unless a debugger is attached.
pub const INTERRUPT_DEBUG: u8 = 8;

/// The sampling heap profiler has allocations to attribute to the JS stack (see
/// `profiler::allocation`).
pub const INTERRUPT_ALLOC: u8 = 16;

/// The uncatchable "terminated" completion (interrupts, `$262.agent` aborts). `catch` and
/// `finally` never see it.
pub const TERMINATED: Value = Value::EMPTY;

/// Native re-entry limit: builtins that call back into JS (getters, callbacks, generators)
/// nest the interpreter on the Rust stack; past this depth they throw a RangeError.
pub const MAX_NATIVE_DEPTH: usize = 400;

/// Call context handed to builtins.
#[derive(Clone, Copy)]
pub struct NativeCtx {
    /// The function object being called.
    pub callee: Gc<JsObject>,
    /// `new.target` (undefined for a plain call).
    pub new_target: Value,
}

/// An activation record of a bytecode function.
pub struct Frame {
    /// The code. Kept alive by `callee`, which holds the `Rc`.
    pub(crate) code: *const CodeBlock,
    /// Next instruction.
    pub(crate) pc: u32,
    /// Register window start in `Vm::stack`: r0 (`this`) is `stack[base]`.
    pub(crate) base: u32,
    /// Number of arguments passed.
    pub(crate) argc: u32,
    /// Current environment.
    pub(crate) env: Option<Gc<Env>>,
    /// The function object.
    pub(crate) callee: Value,
    /// `new.target`.
    pub(crate) new_target: Value,
    /// All arguments, kept for `arguments` / rest parameters.
    pub(crate) arguments: Value,
    /// The generator/async object running in this frame, or undefined.
    pub(crate) generator: Value,
    /// Return to native code when this frame returns (re-entry boundary).
    pub(crate) is_entry: bool,
    /// A `new` call of a base constructor: return `this` unless an object is returned.
    pub(crate) construct: bool,
    /// Stack depth to restore when this frame finishes.
    pub(crate) saved_sp: u32,
    /// Environments pushed by this frame beyond its entry environment.
    pub(crate) env_depth: u32,
}

impl Frame {
    /// The code block.
    #[inline(always)]
    pub(crate) fn code(&self) -> &CodeBlock {
        // SAFETY: `code` points into the `Rc<CodeBlock>` owned by the closure in `callee`, which
        // the frame roots for as long as it exists.
        unsafe { &*self.code }
    }
}

/// The engine's state.
pub struct Vm {
    pub(crate) heap: Heap,
    pub(crate) atoms: Atoms,
    pub(crate) shapes: ShapeTable,
    /// The shapes function objects start with (see [`FunctionShapes`]).
    pub(crate) fn_shapes: FunctionShapes,
    /// Cached slots of the properties every `then`/`await` reads.
    pub(crate) promise_lookups: crate::builtins::promise::PromiseLookups,
    pub(crate) realm: Realm,
    /// The register file: every frame's window, contiguous.
    pub(crate) stack: Vec<Value>,
    /// One past the highest register in use.
    pub(crate) sp: usize,
    pub(crate) frames: Vec<Frame>,
    /// Roots held by native code (see `vm::alloc`); truncated when a builtin returns.
    pub(crate) handles: Vec<Value>,
    /// Builtins active in the current interpreter activation (allocations made while > 0 are
    /// rooted in `handles`).
    pub(crate) native_depth: u32,
    /// Interpreter activations nested on the Rust stack.
    pub(crate) reentry: usize,
    /// The job queue (promise jobs, `queueMicrotask`).
    pub(crate) jobs: VecDeque<crate::builtins::promise::Job>,
    pub(crate) interrupt: Arc<AtomicU8>,
    /// Bumped whenever a prototype changes shape (and at every GC): validates prototype ICs.
    pub(crate) proto_epoch: u32,
    pub(crate) max_call_depth: usize,
    pub(crate) print: Option<PrintSink>,
    pub(crate) scripts: Vec<Rc<SourceFile>>,
    pub(crate) symbol_registry: rustc_hash::FxHashMap<String, Value>,
    /// Values kept alive for the engine's lifetime (e.g. `$262` helpers).
    pub(crate) pinned: Vec<Value>,
    /// Weak containers alive in the heap (for ephemeron processing).
    pub(crate) weak_containers: Vec<Gc<JsObject>>,
    /// Rejected promises without a handler, reported after the job queue drains.
    pub(crate) unhandled_rejections: Vec<Value>,
    pub(crate) test262_host: bool,
    /// Live bytes past which allocation-triggered collections throw a RangeError.
    pub(crate) heap_limit: usize,
    /// Set by `Yield`/`YieldStar`/`Await`/`GeneratorStart`: the entry frame suspended instead of
    /// returning.
    pub(crate) suspended: bool,
    /// The private key under which an Error's captured stack string lives (its
    /// `[[ErrorData]]`); `Error.prototype.stack` reads it.
    pub(crate) error_stack_key: PropKey,
    /// State of the embedding layer (the runtime's timers, pending host operations, workers):
    /// traced with the roots, so the values it holds stay alive between macrotasks.
    pub(crate) host: Option<Box<dyn HostData>>,
    /// The realm's module records, module map and loads in progress.
    pub(crate) modules: crate::module::ModuleMap,
    /// The host's module loader.
    pub(crate) loader: Box<dyn crate::module::ModuleLoader>,
    /// The profiler and telemetry probes, while attached.
    pub(crate) observer: Option<Box<crate::profiler::Observer>>,
    /// The attached debugger (inspector), if any: breakpoints, remote objects, its handler.
    pub(crate) debug: Option<Box<crate::debug::DebugState>>,
}

/// The shapes of the properties every function object starts with. Creating a function writes
/// its slots under one of these directly instead of adding the properties one by one (each
/// `add` from the root shape scans the root's long transition list). `ShapeTable::add` follows
/// existing transitions, so these are the very shapes the one-by-one definitions produce.
#[derive(Clone, Copy)]
pub(crate) struct FunctionShapes {
    /// `length`, then `name` (both only configurable).
    pub(crate) length_name: ShapeId,
    /// `length`, `name`, then `prototype` (only writable).
    pub(crate) length_name_prototype: ShapeId,
    /// A function's fresh `prototype` object: `constructor` (writable, configurable).
    pub(crate) constructor: ShapeId,
}

impl FunctionShapes {
    fn new(shapes: &mut ShapeTable) -> FunctionShapes {
        use crate::atoms::names;
        use crate::object::attrs;
        let (length, _) = shapes.add(ShapeId::ROOT, names::LENGTH, attrs::CONFIGURABLE);
        let (length_name, _) = shapes.add(length, names::NAME, attrs::CONFIGURABLE);
        let (length_name_prototype, _) = shapes.add(length_name, names::PROTOTYPE, attrs::WRITABLE);
        let (constructor, _) = shapes.add(ShapeId::ROOT, names::CONSTRUCTOR, attrs::HIDDEN);
        FunctionShapes {
            length_name,
            length_name_prototype,
            constructor,
        }
    }
}

/// State an embedding layer keeps inside the VM: traced as a root at every collection.
pub(crate) trait HostData: crate::heap::Trace + std::any::Any {
    /// Downcasting.
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any;
}

impl Vm {
    /// Atom for a Rust string.
    #[inline]
    pub fn intern(&mut self, s: &str) -> PropKey {
        self.atoms.intern_str(&mut self.heap, s)
    }

    /// The string value of an atom key (symbols yield their description).
    pub fn key_to_value(&self, k: PropKey) -> Value {
        if k.is_symbol() {
            Value::symbol(self.atoms.symbol(k))
        } else {
            Value::string(self.atoms.string(k))
        }
    }

    /// A Rust string for a key (for messages).
    pub fn key_name(&self, k: PropKey) -> String {
        if k.is_symbol() {
            let s = self.atoms.symbol(k);
            match s.description.as_string() {
                Some(d) => format!("[{}]", d.to_rust_string()),
                None => "[Symbol()]".into(),
            }
        } else {
            self.atoms.string(k).to_rust_string()
        }
    }

    /// The realm.
    pub fn realm(&self) -> &Realm {
        &self.realm
    }

    /// An intrinsic object.
    #[inline]
    pub fn intrinsic(&self, i: Intrinsic) -> Gc<JsObject> {
        self.realm.get(i)
    }

    /// A well-known symbol as a key.
    pub fn symbol_key(&mut self, s: WellKnown) -> PropKey {
        let sym = self.realm.symbol(s);
        self.atoms.symbol_key(sym)
    }

    /// Has termination been requested?
    #[inline(always)]
    pub(crate) fn terminate_pending(&self) -> bool {
        self.interrupt.load(Ordering::Relaxed) & INTERRUPT_TERMINATE != 0
    }

    /// Is the debugger asking for the JS thread?
    #[inline(always)]
    pub(crate) fn debug_pending(&self) -> bool {
        self.interrupt.load(Ordering::Relaxed) & INTERRUPT_DEBUG != 0
    }

    /// Is any interrupt (termination, profiler, debugger) pending? Loop back-edges check this.
    #[inline(always)]
    pub(crate) fn any_interrupt(&self) -> bool {
        self.interrupt.load(Ordering::Relaxed) != INTERRUPT_NONE
    }

    /// For long-running builtin loops: `Err(TERMINATED)` once termination is requested (other
    /// interrupts, such as profiler samples, are answered here), and a RangeError when the
    /// heap limit is exceeded.
    #[inline]
    pub fn check_interrupt(&mut self) -> JsResult<()> {
        if self.any_interrupt() {
            self.service_interrupt()?;
        }
        if self.heap.bytes_allocated > self.heap_limit.saturating_mul(2) {
            self.heap_limit = self.heap.bytes_allocated;
            return Err(self.range_error("JavaScript heap out of memory"));
        }
        Ok(())
    }

    /// Clears a pending termination (after the embedder has seen it).
    pub(crate) fn clear_interrupt(&self) {
        self.interrupt
            .fetch_and(!INTERRUPT_TERMINATE, Ordering::Relaxed);
    }

    /// Ensures the register file can hold `n` registers.
    #[inline]
    pub(crate) fn ensure_stack(&mut self, n: usize) {
        if n > self.stack.len() {
            let new_len = n.max(self.stack.len() * 2);
            self.stack.resize(new_len, Value::UNDEFINED);
        }
    }

    /// Roots a value held by native code until the current builtin returns.
    #[inline]
    pub fn root(&mut self, v: Value) {
        if v.is_heap() {
            self.handles.push(v);
        }
    }

    /// Runs `f` the way a builtin runs: everything it allocates, and every call result, is
    /// rooted until it returns. For interpreter operations that hold values across calls.
    pub(crate) fn native_scope<T>(&mut self, f: impl FnOnce(&mut Vm) -> T) -> T {
        let handles = self.handles.len();
        self.native_depth += 1;
        let r = f(self);
        self.native_depth -= 1;
        self.handles.truncate(handles);
        r
    }

    /// Runs a collection if one is due (a safepoint). `acc` is the interpreter's accumulator.
    #[inline]
    pub(crate) fn safepoint(&mut self, acc: Value) -> JsResult<()> {
        if self.heap.wants_collection {
            self.collect_garbage(
                acc,
                if self.heap.stress {
                    "stress"
                } else {
                    "allocation"
                },
            );
            if self.heap.bytes_allocated > self.heap_limit {
                // Like V8's fatal "heap out of memory", but recoverable: the script gets a
                // RangeError and the embedder keeps running.
                self.heap_limit = self.heap_limit.saturating_add(self.heap_limit / 8);
                return Err(self.range_error("JavaScript heap out of memory"));
            }
        }
        if self.any_interrupt() {
            // Samples and tier-up scans first; termination ends the script here.
            self.service_interrupt()?;
            if self.debug_pending() {
                self.debug_interrupt(acc);
            }
        }
        Ok(())
    }

    /// A full stop-the-world collection.
    pub(crate) fn collect_garbage(&mut self, acc: Value, reason: &'static str) {
        let observed = self.gc_started(reason);
        let mut t = self.heap.begin_mark(reason);
        self.trace_roots(&mut t, acc);
        self.heap.mark(&mut t);
        self.process_weak(&mut t);
        self.heap.sweep();
        // Freed prototypes may have their addresses reused: invalidate prototype ICs.
        self.proto_epoch = self.proto_epoch.wrapping_add(1);
        self.gc_ended(observed);
    }

    pub(crate) fn trace_roots(&self, t: &mut Tracer, acc: Value) {
        t.value(acc);
        t.values(&self.stack[..self.sp]);
        for f in &self.frames {
            t.opt(f.env);
            t.value(f.callee);
            t.value(f.new_target);
            t.value(f.arguments);
            t.value(f.generator);
        }
        t.values(&self.handles);
        t.values(&self.pinned);
        t.values(&self.unhandled_rejections);
        for j in &self.jobs {
            crate::heap::Trace::trace(j, t);
        }
        for v in self.symbol_registry.values() {
            t.value(*v);
        }
        if let Some(h) = &self.host {
            h.trace(t);
        }
        if let Some(d) = &self.debug {
            crate::heap::Trace::trace(&**d, t);
        }
        self.realm.trace(t);
        self.modules.trace(t);
        self.atoms.trace(t);
        for s in &self.scripts {
            let _ = s;
        }
    }

    /// Weak containers: iterate ephemerons to a fixpoint over the containers that are
    /// themselves marked (a container can become marked during the loop), then drop dead
    /// entries and forget dead containers.
    fn process_weak(&mut self, t: &mut Tracer) {
        loop {
            let mut progressed = false;
            for c in &self.weak_containers {
                if !Heap::is_marked_addr(c.addr()) {
                    continue;
                }
                if let crate::object::ObjectKind::Data(d) = c.kind() {
                    progressed |= d.trace_ephemerons(t);
                }
            }
            self.heap.mark(t);
            if !progressed {
                break;
            }
        }
        self.weak_containers
            .retain(|c| Heap::is_marked_addr(c.addr()));
        for c in &self.weak_containers {
            if let crate::object::ObjectKind::Data(d) = &mut c.inner().kind {
                d.sweep_weak();
            }
        }
    }

    /// Heap statistics.
    pub fn heap_stats(&self) -> crate::heap::HeapStats {
        self.heap.stats()
    }

    /// Writes console output.
    pub(crate) fn write_output(&mut self, stream: crate::api::Stream, line: &str) {
        match &mut self.print {
            Some(sink) => sink(stream, line),
            None => {
                use std::io::Write;
                match stream {
                    crate::api::Stream::Stdout => {
                        let mut out = std::io::stdout().lock();
                        let _ = writeln!(out, "{line}");
                    }
                    crate::api::Stream::Stderr => {
                        let mut out = std::io::stderr().lock();
                        let _ = writeln!(out, "{line}");
                    }
                }
            }
        }
    }
}

impl Vm {
    /// A new VM with a fully initialised realm.
    pub(crate) fn new(opts: &crate::api::EngineOptions, print: Option<PrintSink>) -> Box<Vm> {
        let mut heap = Heap::new(opts.gc_stress, opts.gc_verify);
        let atoms = Atoms::new(&mut heap);
        let placeholder = heap.alloc(JsObject::new(None, crate::object::ObjectKind::Ordinary, 0));
        let global_lex = heap.alloc(JsObject::new(None, crate::object::ObjectKind::Ordinary, 0));
        let mut symbols = Vec::with_capacity(WellKnown::ALL.len());
        for (_, desc) in WellKnown::ALL {
            let d = heap.alloc(crate::string::JsString::from_str(desc));
            symbols.push(heap.alloc(crate::symbol::JsSymbol {
                description: Value::string(d),
                key: Default::default(),
                registered: false,
                private: false,
            }));
        }
        let mut shapes = ShapeTable::new();
        let fn_shapes = FunctionShapes::new(&mut shapes);
        let mut vm = Box::new(Vm {
            heap,
            atoms,
            shapes,
            fn_shapes,
            promise_lookups: Default::default(),
            realm: Realm {
                global: placeholder,
                intrinsics: Vec::new(),
                symbols,
                global_lex,
                var_names: Default::default(),
            },
            stack: vec![Value::UNDEFINED; 1024],
            sp: 0,
            // Never reallocated (see `push_checked_frame`); the slack holds generator resumptions.
            frames: Vec::with_capacity(opts.max_call_depth + 64),
            handles: Vec::new(),
            native_depth: 0,
            reentry: 0,
            jobs: VecDeque::new(),
            interrupt: Arc::new(AtomicU8::new(INTERRUPT_NONE)),
            proto_epoch: 0,
            max_call_depth: opts.max_call_depth,
            print,
            scripts: Vec::new(),
            symbol_registry: Default::default(),
            pinned: Vec::new(),
            weak_containers: Vec::new(),
            unhandled_rejections: Vec::new(),
            test262_host: opts.test262_host,
            heap_limit: opts.heap_limit,
            suspended: false,
            error_stack_key: crate::atoms::names::STACK,
            host: None,
            modules: Default::default(),
            loader: Box::new(crate::module::FsLoader),
            observer: None,
            debug: None,
        });
        // No collection can run during bootstrap: nothing is at a safepoint yet.
        crate::builtins::allocate_intrinsics(&mut vm);
        crate::builtins::init(&mut vm);
        vm.heap.wants_collection = false;
        vm
    }

    /// The code block of a compiled script, for `--print-bytecode`.
    pub(crate) fn key_name_raw(&self, raw: u32) -> String {
        self.key_name(PropKey::from_raw(raw))
    }
}

#[allow(dead_code)]
fn _assert_types(_: &CodeBlock) {}
