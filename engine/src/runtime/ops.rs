//! Host operations: Rust futures whose results settle JS promises.
//!
//! A native starts an operation with [`start_op`]: it creates a pending promise, records it in
//! the traced [`HostState::ops`](super::state::HostState) table under a fresh id, and spawns the
//! future on the thread's `LocalSet`. The future produces plain Rust data and a converter
//! ([`OpOutput`]); when it finishes it sends [`Completion::Op`] down the loop's channel. The loop
//! drains every ready completion in one batch (Deno's op driver does the same), and for each one
//! runs the converter on the JS thread, settles the promise and drains microtasks.
//!
//! Embedders register functions with [`super::Runtime::register_fn`] (synchronous) and
//! [`super::Runtime::register_async_fn`] (returns a [`HostFuture`]); their arguments and
//! results travel as [`HostValue`]s.

use super::state::state_or_throw;
use super::value::{deserialize, serialize, HostValue};
use crate::atoms::names;
use crate::builtins::promise::{capture, new_promise};
use crate::object::attrs;
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, NativeCtx, Vm};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// Turns an operation's Rust result into a JS value, on the JS thread.
pub type OpOutput = Box<dyn FnOnce(&mut Vm) -> JsResult<Value> + Send>;

/// What an embedder's async host function returns.
pub type HostFuture = Pin<Box<dyn Future<Output = Result<HostValue, HostError>>>>;

/// A synchronous host function: arguments in, a value or an error out.
pub type SyncHostFn = dyn Fn(&[HostValue]) -> Result<HostValue, HostError>;

/// An asynchronous host function: starts a future from its arguments.
pub type AsyncHostFn = dyn Fn(Vec<HostValue>) -> HostFuture;

/// A registered host function.
#[derive(Clone)]
pub(crate) enum HostFn {
    Sync(Rc<SyncHostFn>),
    Async(Rc<AsyncHostFn>),
}

/// A failed system call, reported like Node: `ENOENT: no such file or directory, open '/path'`
/// with `code`, `errno`, `syscall` and `path` properties.
#[derive(Debug)]
pub struct IoFailure {
    /// The OS error.
    pub error: std::io::Error,
    /// The system call (`open`, `stat`, `mkdir`, …).
    pub syscall: &'static str,
    /// The path it acted on.
    pub path: Option<String>,
    /// The second path (`rename`).
    pub dest: Option<String>,
}

impl std::fmt::Display for IoFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (code, _, desc) = errno_info(&self.error);
        write!(f, "{code}: {desc}, {}", self.syscall)?;
        if let Some(p) = &self.path {
            write!(f, " '{p}'")?;
        }
        if let Some(d) = &self.dest {
            write!(f, " -> '{d}'")?;
        }
        Ok(())
    }
}

/// An error a host function reports; it becomes a JS exception or rejection.
#[derive(Debug)]
pub enum HostError {
    /// A failed system call.
    Io(IoFailure),
    /// A `TypeError` with this message.
    Type(String),
    /// An `Error` with this message.
    Message(String),
}

impl HostError {
    /// An I/O error of `syscall` on `path`.
    pub fn io(error: std::io::Error, syscall: &'static str, path: &str) -> HostError {
        HostError::Io(IoFailure {
            error,
            syscall,
            path: Some(path.to_owned()),
            dest: None,
        })
    }
}

impl std::fmt::Display for HostError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HostError::Io(io) => io.fmt(f),
            HostError::Type(m) | HostError::Message(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for HostError {}

/// (code, libuv errno, libuv description) of an I/O error, as Node reports them.
fn errno_info(e: &std::io::Error) -> (&'static str, i32, String) {
    // libuv's errno values are the negated POSIX (Linux) numbers.
    const TABLE: &[(i32, &str, &str)] = &[
        (1, "EPERM", "operation not permitted"),
        (2, "ENOENT", "no such file or directory"),
        (5, "EIO", "i/o error"),
        (9, "EBADF", "bad file descriptor"),
        (13, "EACCES", "permission denied"),
        (16, "EBUSY", "resource busy or locked"),
        (17, "EEXIST", "file already exists"),
        (18, "EXDEV", "cross-device link not permitted"),
        (20, "ENOTDIR", "not a directory"),
        (21, "EISDIR", "illegal operation on a directory"),
        (22, "EINVAL", "invalid argument"),
        (24, "EMFILE", "too many open files"),
        (28, "ENOSPC", "no space left on device"),
        (30, "EROFS", "read-only file system"),
        (36, "ENAMETOOLONG", "name too long"),
        (39, "ENOTEMPTY", "directory not empty"),
        (40, "ELOOP", "too many symbolic links encountered"),
    ];
    match e.raw_os_error() {
        Some(n) => match TABLE.iter().find(|r| r.0 == n) {
            Some(&(n, code, desc)) => (code, -n, desc.to_owned()),
            None => ("EUNKNOWN", -n, e.to_string()),
        },
        None => match e.kind() {
            std::io::ErrorKind::NotFound => ("ENOENT", -2, "no such file or directory".into()),
            std::io::ErrorKind::AlreadyExists => ("EEXIST", -17, "file already exists".into()),
            std::io::ErrorKind::InvalidInput => ("EINVAL", -22, "invalid argument".into()),
            _ => ("EUNKNOWN", -1, e.to_string()),
        },
    }
}

/// The JS error for a host error.
pub(crate) fn host_error_to_js(vm: &mut Vm, e: &HostError) -> Value {
    match e {
        HostError::Type(m) => vm.type_error(m),
        HostError::Message(m) => vm.make_error(Intrinsic::ErrorPrototype, m),
        HostError::Io(io) => {
            let err = vm.make_error(Intrinsic::ErrorPrototype, &io.to_string());
            let Some(o) = err.as_object() else { return err };
            let (code, errno, _) = errno_info(&io.error);
            let mut props = vec![
                ("errno", Value::int(errno)),
                ("code", vm.new_string(code)),
                ("syscall", vm.new_string(io.syscall)),
            ];
            if let Some(p) = &io.path {
                props.push(("path", vm.new_string(p)));
            }
            if let Some(d) = &io.dest {
                props.push(("dest", vm.new_string(d)));
            }
            for (k, v) in props {
                let key = vm.intern(k);
                vm.define_value_property(o, key, v, attrs::DEFAULT);
            }
            // Node's stack for fs errors is just the header.
            let header = vm.new_string(&format!("Error: {io}"));
            vm.define_value_property(o, names::STACK, header, attrs::HIDDEN);
            err
        }
    }
}

/// A completion sent to a thread's event loop.
pub(crate) enum Completion {
    /// A host operation finished.
    Op(u32, Result<OpOutput, HostError>),
    /// A worker posted a message to its parent (here), or the parent to a worker.
    Message(super::worker::Envelope),
    /// A module file read by [`super::modules::TokioLoader`] finished: its key and outcome.
    Module(String, crate::module::LoadOutcome),
    /// Nothing but a wake-up (termination requests).
    Wake,
}

/// Starts a host operation: returns a pending promise that `fut`'s result settles later.
pub(crate) fn start_op<F>(vm: &mut Vm, fut: F) -> JsResult<Value>
where
    F: Future<Output = Result<OpOutput, HostError>> + 'static,
{
    let promise = new_promise(vm);
    let st = state_or_throw(vm)?;
    let id = st.fresh_id();
    st.ops.insert(id, promise);
    let tx = st.tx.clone();
    st.local.spawn_local(async move {
        let r = fut.await;
        // The receiver is gone only when the runtime is being dropped.
        let _ = tx.send(Completion::Op(id, r));
    });
    Ok(promise)
}

/// Settles the promise of operation `id` with its result (the loop's poll phase).
pub(crate) fn complete_op(vm: &mut Vm, id: u32, r: Result<OpOutput, HostError>) {
    let Some(promise) = super::state::state(vm).and_then(|s| s.ops.remove(&id)) else {
        return;
    };
    vm.native_scope(|vm| {
        vm.root(promise);
        let settled = match r {
            Ok(convert) => convert(vm),
            Err(e) => Err(host_error_to_js(vm, &e)),
        };
        match settled {
            Ok(v) => {
                if let Err(e) = crate::builtins::promise::resolve_promise(vm, promise, v) {
                    crate::builtins::promise::reject_promise(vm, promise, e);
                }
            }
            Err(e) => crate::builtins::promise::reject_promise(vm, promise, e),
        }
    });
}

/// The native behind every registered host function: its index is capture 0.
pub(crate) fn host_fn_trampoline(
    vm: &mut Vm,
    _: Value,
    args: &[Value],
    ctx: NativeCtx,
) -> JsResult<Value> {
    let index = capture(&ctx, 0).as_int().unwrap_or(-1);
    let f = state_or_throw(vm)?.fns.get(index as usize).cloned();
    let Some(f) = f else {
        return Err(vm.type_error("unknown host function"));
    };
    let mut host_args = Vec::with_capacity(args.len());
    for &a in args {
        host_args.push(serialize(vm, a)?);
    }
    match f {
        HostFn::Sync(f) => match f(&host_args) {
            Ok(v) => deserialize(vm, &v),
            Err(e) => Err(host_error_to_js(vm, &e)),
        },
        HostFn::Async(f) => {
            let fut = f(host_args);
            start_op(vm, async move {
                let v = fut.await?;
                let convert: OpOutput = Box::new(move |vm: &mut Vm| deserialize(vm, &v));
                Ok(convert)
            })
        }
    }
}
