//! Web-style workers: `new Worker(path)` runs a script on its own OS thread, with its own
//! [`Runtime`](super::Runtime) (heap, realm, event loop). Messages cross as [`HostValue`]s
//! (structured clone, serialized to owned Rust data), through the receiving thread's completion
//! channel, so they arrive in its poll phase.
//!
//! Parent side: `postMessage`, `terminate`, `onmessage` / `onerror` and
//! `addEventListener('message' | 'error', fn)`. Worker side: the global `postMessage`, `close`,
//! `onmessage` and `addEventListener('message', fn)`. A worker stays alive while it has a
//! message handler (or pending work); its parent's loop stays alive while the worker lives. An
//! error that escapes in the worker ends it and reaches the parent as an `error` event; without
//! an `onerror` handler it is uncaught in the parent too.

use super::ops::Completion;
use super::state::{state, state_or_throw};
use super::value::{deserialize, serialize, HostValue};
use super::{Runtime, RuntimeOptions};
use crate::builtins::{arg, define_functions, define_global, make_constructor};
use crate::heap::{Trace, Tracer};
use crate::object::attrs;
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, NativeCtx, Vm};
use std::sync::atomic::AtomicU8;
use std::sync::Arc;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

/// Stack size of a worker thread (the engine re-enters the Rust stack for callbacks).
const WORKER_STACK: usize = 256 << 20;

/// What a worker reports to its parent.
pub(crate) enum Event {
    /// `postMessage(data)` in the worker.
    Message(HostValue),
    /// An error escaped in the worker: the error (serialized) and its report.
    Error(HostValue, String),
    /// The worker's thread finished.
    Exit,
}

/// A message between a worker and its parent.
pub(crate) enum Envelope {
    /// From worker `id` to its parent.
    FromWorker(u32, Event),
    /// From the parent to the worker.
    ToWorker(HostValue),
}

/// The parent's end of one worker.
struct Entry {
    /// The JS `Worker` object.
    object: Value,
    /// The worker's completion channel.
    port: UnboundedSender<Completion>,
    /// The worker engine's interrupt flag.
    interrupt: Arc<AtomicU8>,
}

/// The worker's end of its link to the parent.
struct ParentPort {
    tx: UnboundedSender<Completion>,
    id: u32,
}

/// Workers owned by this thread, and (in a worker) the link to its parent.
pub(crate) struct Workers {
    entries: rustc_hash::FxHashMap<u32, Entry>,
    parent: Option<ParentPort>,
    /// Worker side: `onmessage` and the `message` listeners of the global scope.
    onmessage: Value,
    listeners: Vec<Value>,
    /// Worker side: `close()` was called.
    closed: bool,
}

impl Default for Workers {
    fn default() -> Self {
        Workers {
            entries: Default::default(),
            parent: None,
            onmessage: Value::NULL,
            listeners: Vec::new(),
            closed: false,
        }
    }
}

impl Drop for Workers {
    /// A runtime going away takes its workers with it.
    fn drop(&mut self) {
        for e in self.entries.values() {
            e.interrupt.store(
                crate::vm::INTERRUPT_TERMINATE,
                std::sync::atomic::Ordering::Release,
            );
            let _ = e.port.send(Completion::Wake);
        }
    }
}

impl Workers {
    /// Is a worker of this thread alive, or (in a worker) is it listening to its parent?
    pub(crate) fn alive(&self) -> bool {
        let listening = self.parent.is_some()
            && !self.closed
            && (self.onmessage.is_object() || !self.listeners.is_empty());
        listening || !self.entries.is_empty()
    }

    /// Workers started by this thread and not yet ended.
    pub(crate) fn count(&self) -> usize {
        self.entries.len()
    }
}

impl Trace for Workers {
    fn trace(&self, t: &mut Tracer) {
        for e in self.entries.values() {
            t.value(e.object);
        }
        t.value(self.onmessage);
        t.values(&self.listeners);
    }
}

/// The internal slots of a `Worker` object.
struct WorkerData {
    id: u32,
    /// `addEventListener` registrations: (is an `error` listener, function).
    listeners: Vec<(bool, Value)>,
}

impl Trace for WorkerData {
    fn trace(&self, t: &mut Tracer) {
        for (_, f) in &self.listeners {
            t.value(*f);
        }
    }
}
crate::object_data!(WorkerData);

/// The loading step: the worker's main script (source, name) for `spec`. The modules work will
/// replace this with a module load.
fn load_worker_main(spec: &str) -> Result<(String, String), String> {
    let path = spec.strip_prefix("file://").unwrap_or(spec);
    let path =
        std::path::absolute(path).map_err(|e| format!("Cannot find module '{spec}': {e}"))?;
    let source = std::fs::read_to_string(&path)
        .map_err(|_| format!("Cannot find module '{}'", path.display()))?;
    Ok((source, path.display().to_string()))
}

/// The worker thread's body.
fn worker_main(
    spec: String,
    id: u32,
    parent: UnboundedSender<Completion>,
    channel: (UnboundedSender<Completion>, UnboundedReceiver<Completion>),
    interrupt: Arc<AtomicU8>,
    telemetry: Option<crate::telemetry::Sink>,
) {
    let report_error = |error: HostValue, report: String| {
        let _ = parent.send(Completion::Message(Envelope::FromWorker(
            id,
            Event::Error(error, report),
        )));
    };
    match load_worker_main(&spec) {
        Err(message) => report_error(
            HostValue::Error {
                name: "Error".into(),
                message: message.clone(),
                stack: None,
            },
            format!("Error: {message}"),
        ),
        Ok((source, name)) => {
            let mut rt = Runtime::with_channel(RuntimeOptions::default(), channel);
            let vm = rt.engine.vm();
            vm.interrupt = interrupt;
            if let Some(sink) = telemetry {
                vm.set_telemetry(sink);
            }
            if let Some(st) = state(vm) {
                st.workers.parent = Some(ParentPort {
                    tx: parent.clone(),
                    id,
                });
            }
            install_worker_scope(vm);
            match rt.run_main(&source, &name) {
                Err(e) if !e.interrupted => report_error(
                    HostValue::Error {
                        name: if e.name.is_empty() {
                            "Error".into()
                        } else {
                            e.name.clone()
                        },
                        message: e.message.clone(),
                        stack: Some(e.report.trim_start_matches("Uncaught ").to_owned()),
                    },
                    e.report,
                ),
                _ => {}
            }
        }
    }
    let _ = parent.send(Completion::Message(Envelope::FromWorker(id, Event::Exit)));
}

/// The number of the next worker thread (`worker-<n>`, telemetry `worker: n`).
static NEXT_WORKER_THREAD: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);

/// `new Worker(path)`.
fn worker_ctor(vm: &mut Vm, _: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    if ctx.new_target.is_undefined() {
        return Err(vm.type_error("Class constructor Worker cannot be invoked without 'new'"));
    }
    let spec = vm.to_rust_string(arg(args, 0))?;
    let proto = vm.prototype_from_constructor(ctx.new_target, Intrinsic::ObjectPrototype)?;
    let st = state_or_throw(vm)?;
    let id = st.fresh_id();
    let parent = st.tx.clone();
    let o = vm.new_data_object(
        proto,
        Box::new(WorkerData {
            id,
            listeners: Vec::new(),
        }),
    );
    let (tx, rx) = unbounded_channel();
    let interrupt = Arc::new(AtomicU8::new(crate::vm::INTERRUPT_NONE));
    let flag = interrupt.clone();
    let port = tx.clone();
    // Worker threads are numbered process-wide (nested workers too), so that the name and the
    // telemetry tag identify one thread. A worker publishes into its parent's telemetry stream.
    let thread_id = NEXT_WORKER_THREAD.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let telemetry = vm
        .observer
        .as_ref()
        .and_then(|o| o.sink())
        .map(|s| s.for_worker(thread_id));
    let spawned = std::thread::Builder::new()
        .name(crate::telemetry::thread_name(thread_id))
        .stack_size(WORKER_STACK)
        .spawn(move || worker_main(spec, id, parent, (tx, rx), flag, telemetry));
    if let Err(e) = spawned {
        return Err(vm.make_error(
            Intrinsic::ErrorPrototype,
            &format!("cannot start worker: {e}"),
        ));
    }
    state_or_throw(vm)?.workers.entries.insert(
        id,
        Entry {
            object: Value::object(o),
            port,
            interrupt,
        },
    );
    Ok(Value::object(o))
}

fn this_worker(vm: &mut Vm, this: Value) -> JsResult<u32> {
    if let Some(o) = this.as_object() {
        if let Some(d) = o.data::<WorkerData>() {
            return Ok(d.id);
        }
    }
    Err(vm.type_error("Illegal invocation"))
}

/// `worker.postMessage(data)`.
fn worker_post(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let id = this_worker(vm, this)?;
    let data = serialize(vm, arg(args, 0))?;
    if let Some(e) = state_or_throw(vm)?.workers.entries.get(&id) {
        let _ = e.port.send(Completion::Message(Envelope::ToWorker(data)));
    }
    Ok(Value::UNDEFINED)
}

/// `worker.terminate()`: stops the worker's script and loop; no further events arrive.
fn worker_terminate(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let id = this_worker(vm, this)?;
    if let Some(e) = state_or_throw(vm)?.workers.entries.remove(&id) {
        e.interrupt.store(
            crate::vm::INTERRUPT_TERMINATE,
            std::sync::atomic::Ordering::Release,
        );
        let _ = e.port.send(Completion::Wake);
    }
    Ok(Value::UNDEFINED)
}

/// `worker.addEventListener(type, fn)` for `message` and `error`.
fn worker_add_listener(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    this_worker(vm, this)?;
    let kind = vm.to_rust_string(arg(args, 0))?;
    let f = arg(args, 1);
    if vm.is_callable(f) && (kind == "message" || kind == "error") {
        if let Some(o) = this.as_object() {
            if let Some(d) = o.data::<WorkerData>() {
                d.listeners.push((kind == "error", f));
            }
        }
    }
    Ok(Value::UNDEFINED)
}

/// Worker scope: `postMessage(data)` to the parent.
fn scope_post(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let data = serialize(vm, arg(args, 0))?;
    if let Some(p) = &state_or_throw(vm)?.workers.parent {
        let _ = p.tx.send(Completion::Message(Envelope::FromWorker(
            p.id,
            Event::Message(data),
        )));
    }
    Ok(Value::UNDEFINED)
}

/// Worker scope: `close()`: stop listening; the worker ends when its loop runs dry.
fn scope_close(vm: &mut Vm, _: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    state_or_throw(vm)?.workers.closed = true;
    Ok(Value::UNDEFINED)
}

fn scope_get_onmessage(vm: &mut Vm, _: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    Ok(state_or_throw(vm)?.workers.onmessage)
}

fn scope_set_onmessage(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let f = arg(args, 0);
    let f = if vm.is_callable(f) { f } else { Value::NULL };
    state_or_throw(vm)?.workers.onmessage = f;
    Ok(Value::UNDEFINED)
}

fn scope_add_listener(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let kind = vm.to_rust_string(arg(args, 0))?;
    let f = arg(args, 1);
    if kind == "message" && vm.is_callable(f) {
        state_or_throw(vm)?.workers.listeners.push(f);
    }
    Ok(Value::UNDEFINED)
}

/// The globals of a worker's scope: `self`, `postMessage`, `close`, `onmessage`,
/// `addEventListener`.
fn install_worker_scope(vm: &mut Vm) {
    let g = vm.realm.global;
    define_global(vm, "self", Value::object(g));
    define_functions(
        vm,
        g,
        &[
            ("postMessage", 1, scope_post),
            ("close", 0, scope_close),
            ("addEventListener", 2, scope_add_listener),
        ],
        attrs::HIDDEN,
    );
    let key = vm.intern("onmessage");
    vm.define_accessor(g, key, Some(scope_get_onmessage), Some(scope_set_onmessage));
}

/// A `{ type, data }` event object.
fn event(vm: &mut Vm, kind: &str, fields: &[(&str, Value)]) -> Value {
    let e = vm.new_object();
    let t = vm.new_string(kind);
    let key = vm.intern("type");
    vm.define_value_property(e, key, t, attrs::DEFAULT);
    for &(k, v) in fields {
        let key = vm.intern(k);
        vm.define_value_property(e, key, v, attrs::DEFAULT);
    }
    Value::object(e)
}

/// Calls `handlers` with `ev` as `this`-less listeners.
fn dispatch(vm: &mut Vm, target: Value, handlers: &[Value], ev: Value) -> JsResult<()> {
    for &h in handlers {
        if vm.is_callable(h) {
            super::event_loop::call_rooted(vm, h, target, &[ev])?;
        }
    }
    Ok(())
}

/// Delivers a message (poll phase).
pub(crate) fn deliver(vm: &mut Vm, m: Envelope) -> JsResult<Value> {
    vm.native_scope(|vm| match m {
        Envelope::ToWorker(data) => {
            let data = deserialize(vm, &data)?;
            let ev = event(vm, "message", &[("data", data)]);
            let Some(w) = state(vm).map(|s| &s.workers) else {
                return Ok(Value::UNDEFINED);
            };
            let mut handlers = vec![w.onmessage];
            handlers.extend_from_slice(&w.listeners);
            for &h in &handlers {
                vm.root(h);
            }
            let g = Value::object(vm.realm.global);
            dispatch(vm, g, &handlers, ev)?;
            Ok(Value::UNDEFINED)
        }
        Envelope::FromWorker(id, ev) => {
            let Some(object) = state(vm)
                .and_then(|s| s.workers.entries.get(&id))
                .map(|e| e.object)
            else {
                return Ok(Value::UNDEFINED);
            };
            let Some(o) = object.as_object() else {
                return Ok(Value::UNDEFINED);
            };
            match ev {
                Event::Exit => {
                    if let Some(st) = state(vm) {
                        st.workers.entries.remove(&id);
                    }
                    Ok(Value::UNDEFINED)
                }
                Event::Message(data) => {
                    let data = deserialize(vm, &data)?;
                    let ev = event(vm, "message", &[("data", data)]);
                    let handlers = handlers_of(vm, o, false)?;
                    dispatch(vm, object, &handlers, ev)?;
                    Ok(Value::UNDEFINED)
                }
                Event::Error(error, _report) => {
                    let error = deserialize(vm, &error)?;
                    let message = match error.as_object() {
                        Some(e) => vm.get_named(e, crate::atoms::names::MESSAGE)?,
                        None => Value::UNDEFINED,
                    };
                    let ev = event(vm, "error", &[("message", message), ("error", error)]);
                    let handlers = handlers_of(vm, o, true)?;
                    if handlers.iter().all(|&h| !vm.is_callable(h)) {
                        // Nobody handles it: uncaught in the parent as well.
                        return Err(error);
                    }
                    dispatch(vm, object, &handlers, ev)?;
                    Ok(Value::UNDEFINED)
                }
            }
        }
    })
}

/// `onmessage`/`onerror` of a `Worker` object plus its listeners of that kind.
fn handlers_of(
    vm: &mut Vm,
    o: crate::heap::Gc<crate::object::JsObject>,
    error: bool,
) -> JsResult<Vec<Value>> {
    let key = vm.intern(if error { "onerror" } else { "onmessage" });
    let mut handlers = vec![vm.get_named(o, key)?];
    if let Some(d) = o.data::<WorkerData>() {
        handlers.extend(d.listeners.iter().filter(|l| l.0 == error).map(|l| l.1));
    }
    for &h in &handlers {
        vm.root(h);
    }
    Ok(handlers)
}

/// Installs the `Worker` constructor.
pub(crate) fn install(vm: &mut Vm) {
    let proto = vm.new_object();
    define_functions(
        vm,
        proto,
        &[
            ("postMessage", 1, worker_post),
            ("terminate", 0, worker_terminate),
            ("addEventListener", 2, worker_add_listener),
        ],
        attrs::HIDDEN,
    );
    make_constructor(vm, "Worker", 1, worker_ctor, proto, None);
}
