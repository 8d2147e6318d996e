//! Promise-based file functions on `tokio::fs`, shaped like Node's `fs/promises`: `readFile`,
//! `writeFile`, `appendFile`, `readdir`, `stat`, `mkdir`, `rm`, `rename`.
//!
//! [`namespace`] builds the namespace object (the module loader exposes it as
//! `node:fs/promises` and `jetcrab:fs`). Each function reads its arguments into owned Rust
//! data on the JS thread, starts a host operation and returns its promise; failures reject with
//! Node-style errors (`ENOENT: no such file or directory, open '/x'`, with `code`, `errno`,
//! `syscall` and `path`).
//!
//! Without an encoding, `readFile` resolves to an array of byte numbers (the engine has no
//! `Uint8Array`/`Buffer` yet); with `'utf8'`/`'utf-8'` or `'latin1'` it resolves to a string.

use super::ops::{start_op, HostError, IoFailure, OpOutput};
use super::text::{bytes_of, bytes_to_array};
use crate::builtins::{arg, define_functions};
use crate::object::attrs;
use crate::value::Value;
use crate::vm::{JsResult, NativeCtx, Vm};
use std::path::Path;

/// How file contents become a JS value.
#[derive(Clone, Copy)]
enum Encoding {
    /// An array of byte numbers.
    Bytes,
    Utf8,
    Latin1,
}

/// The `encoding` of an options argument (a string, or an object with `encoding`).
fn encoding_arg(vm: &mut Vm, options: Value) -> JsResult<Encoding> {
    let enc = match options.as_object() {
        Some(o) if !options.is_string() => {
            let key = vm.intern("encoding");
            vm.get_named(o, key)?
        }
        _ => options,
    };
    if enc.is_nullish() {
        return Ok(Encoding::Bytes);
    }
    let name = vm.to_rust_string(enc)?.to_ascii_lowercase();
    match name.as_str() {
        "utf8" | "utf-8" => Ok(Encoding::Utf8),
        "latin1" | "binary" => Ok(Encoding::Latin1),
        _ => Err(vm.type_error(&format!(
            "The argument 'encoding' is invalid encoding. Received '{name}'"
        ))),
    }
}

/// A boolean option of an options object (`recursive`, `force`).
fn flag_arg(vm: &mut Vm, options: Value, name: &str) -> JsResult<bool> {
    match options.as_object() {
        Some(o) => {
            let key = vm.intern(name);
            let v = vm.get_named(o, key)?;
            Ok(vm.to_boolean(v))
        }
        None => Ok(false),
    }
}

/// A path argument as a Rust string.
fn path_arg(vm: &mut Vm, v: Value) -> JsResult<String> {
    if !v.is_string() {
        let shown = crate::builtins::console::inspect(vm, v);
        return Err(vm.type_error(&format!(
            "The \"path\" argument must be of type string. Received {shown}"
        )));
    }
    vm.to_rust_string(v)
}

/// The bytes of a data argument (string: UTF-8; array-like: bytes).
fn data_arg(vm: &mut Vm, v: Value) -> JsResult<Vec<u8>> {
    match v.as_string() {
        Some(s) => Ok(s.to_rust_string().into_bytes()),
        None => bytes_of(vm, v),
    }
}

fn done(
    v: impl FnOnce(&mut Vm) -> JsResult<Value> + Send + 'static,
) -> Result<OpOutput, HostError> {
    Ok(Box::new(v))
}

fn undefined() -> Result<OpOutput, HostError> {
    done(|_| Ok(Value::UNDEFINED))
}

fn read_file(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let path = path_arg(vm, arg(args, 0))?;
    let enc = encoding_arg(vm, arg(args, 1))?;
    start_op(vm, async move {
        let bytes = tokio::fs::read(&path)
            .await
            .map_err(|e| HostError::io(e, "open", &path))?;
        done(move |vm| {
            Ok(match enc {
                Encoding::Bytes => bytes_to_array(vm, &bytes),
                Encoding::Utf8 => vm.new_string(&String::from_utf8_lossy(&bytes)),
                Encoding::Latin1 => {
                    let units: Vec<u16> = bytes.iter().map(|&b| b as u16).collect();
                    vm.new_string_units(&units)
                }
            })
        })
    })
}

fn write_common(vm: &mut Vm, args: &[Value], append: bool) -> JsResult<Value> {
    let path = path_arg(vm, arg(args, 0))?;
    let data = data_arg(vm, arg(args, 1))?;
    start_op(vm, async move {
        if !append {
            tokio::fs::write(&path, &data)
                .await
                .map_err(|e| HostError::io(e, "open", &path))?;
            return undefined();
        }
        let p = path.clone();
        let appended = tokio::task::spawn_blocking(move || {
            use std::io::Write;
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&p)?
                .write_all(&data)
        })
        .await
        .map_err(|e| HostError::Message(e.to_string()))?;
        appended.map_err(|e| HostError::io(e, "open", &path))?;
        undefined()
    })
}

fn write_file(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    write_common(vm, args, false)
}

fn append_file(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    write_common(vm, args, true)
}

fn readdir(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let path = path_arg(vm, arg(args, 0))?;
    start_op(vm, async move {
        let io = |e| HostError::io(e, "scandir", &path);
        let mut dir = tokio::fs::read_dir(&path).await.map_err(io)?;
        let mut names = Vec::new();
        while let Some(entry) = dir.next_entry().await.map_err(io)? {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
        // libuv's scandir sorts entries.
        names.sort();
        done(move |vm| {
            let items = names.iter().map(|n| vm.new_string(n)).collect();
            Ok(Value::object(vm.new_array(items)))
        })
    })
}

/// `Stats` fields as plain data.
struct Stats {
    is_file: bool,
    is_dir: bool,
    is_symlink: bool,
    size: f64,
    mode: f64,
    mtime_ms: f64,
    atime_ms: f64,
    birthtime_ms: f64,
}

fn millis(t: std::io::Result<std::time::SystemTime>) -> f64 {
    t.ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

fn stats_of(m: &std::fs::Metadata) -> Stats {
    #[cfg(unix)]
    let mode = std::os::unix::fs::PermissionsExt::mode(&m.permissions()) as f64;
    #[cfg(not(unix))]
    let mode = 0.0;
    Stats {
        is_file: m.is_file(),
        is_dir: m.is_dir(),
        is_symlink: m.file_type().is_symlink(),
        size: m.len() as f64,
        mode,
        mtime_ms: millis(m.modified()),
        atime_ms: millis(m.accessed()),
        birthtime_ms: millis(m.created()),
    }
}

fn stats_true(_: &mut Vm, _: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    Ok(Value::TRUE)
}

fn stats_false(_: &mut Vm, _: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    Ok(Value::FALSE)
}

fn stats_to_js(vm: &mut Vm, s: &Stats) -> Value {
    let o = vm.new_object();
    for (name, v) in [
        ("size", s.size),
        ("mode", s.mode),
        ("mtimeMs", s.mtime_ms),
        ("atimeMs", s.atime_ms),
        ("birthtimeMs", s.birthtime_ms),
    ] {
        let key = vm.intern(name);
        vm.define_value_property(o, key, Value::number(v), attrs::DEFAULT);
    }
    for (name, yes) in [
        ("isFile", s.is_file),
        ("isDirectory", s.is_dir),
        ("isSymbolicLink", s.is_symlink),
    ] {
        vm.define_method(o, name, 0, if yes { stats_true } else { stats_false });
    }
    Value::object(o)
}

fn stat(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let path = path_arg(vm, arg(args, 0))?;
    start_op(vm, async move {
        let m = tokio::fs::metadata(&path)
            .await
            .map_err(|e| HostError::io(e, "stat", &path))?;
        let s = stats_of(&m);
        done(move |vm| Ok(stats_to_js(vm, &s)))
    })
}

/// The first ancestor of `path` (itself included) that does not exist: what a recursive
/// `mkdir` creates first, and resolves to.
async fn first_missing(path: &Path) -> Option<String> {
    let mut first = None;
    for p in path.ancestors() {
        if p.as_os_str().is_empty() || tokio::fs::metadata(p).await.is_ok() {
            break;
        }
        first = Some(p.display().to_string());
    }
    first
}

fn mkdir(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let path = path_arg(vm, arg(args, 0))?;
    let recursive = flag_arg(vm, arg(args, 1), "recursive")?;
    start_op(vm, async move {
        let io = |e| HostError::io(e, "mkdir", &path);
        if recursive {
            let first = first_missing(Path::new(&path)).await;
            tokio::fs::create_dir_all(&path).await.map_err(io)?;
            return done(move |vm| Ok(first.map_or(Value::UNDEFINED, |f| vm.new_string(&f))));
        }
        tokio::fs::create_dir(&path).await.map_err(io)?;
        undefined()
    })
}

fn rm(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let path = path_arg(vm, arg(args, 0))?;
    let recursive = flag_arg(vm, arg(args, 1), "recursive")?;
    let force = flag_arg(vm, arg(args, 1), "force")?;
    start_op(vm, async move {
        let m = match tokio::fs::symlink_metadata(&path).await {
            Ok(m) => m,
            Err(e) if force && e.kind() == std::io::ErrorKind::NotFound => return undefined(),
            Err(e) => return Err(HostError::io(e, "lstat", &path)),
        };
        let r = if !m.is_dir() {
            tokio::fs::remove_file(&path).await
        } else if recursive {
            tokio::fs::remove_dir_all(&path).await
        } else {
            Err(std::io::Error::from_raw_os_error(21))
        };
        match r {
            Ok(()) => undefined(),
            Err(e) if force && e.kind() == std::io::ErrorKind::NotFound => undefined(),
            Err(e) => Err(HostError::io(e, "rm", &path)),
        }
    })
}

fn rename(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let from = path_arg(vm, arg(args, 0))?;
    let to = path_arg(vm, arg(args, 1))?;
    start_op(vm, async move {
        match tokio::fs::rename(&from, &to).await {
            Ok(()) => undefined(),
            Err(error) => Err(HostError::Io(IoFailure {
                error,
                syscall: "rename",
                path: Some(from),
                dest: Some(to),
            })),
        }
    })
}

/// The functions of `fs/promises`: (name, length, implementation).
const FUNCTIONS: &[crate::builtins::FnEntry] = &[
    ("readFile", 2, read_file),
    ("writeFile", 3, write_file),
    ("appendFile", 3, append_file),
    ("readdir", 2, readdir),
    ("stat", 2, stat),
    ("mkdir", 2, mkdir),
    ("rm", 2, rm),
    ("rename", 2, rename),
];

/// The `fs/promises` namespace object.
pub fn namespace(vm: &mut Vm) -> Value {
    let ns = vm.new_object();
    define_functions(vm, ns, FUNCTIONS, attrs::DEFAULT);
    Value::object(ns)
}

/// Registers `node:fs/promises` and `jetcrab:fs` as built-in modules: each function is a named
/// export and the namespace object is the default export, as in Node.
pub(crate) fn register_modules(vm: &mut Vm) {
    vm.native_scope(|vm| {
        let ns = namespace(vm);
        // Rooted: registering allocates the modules' environments.
        vm.root(ns);
        let mut exports = vec![("default", ns)];
        let o = ns.as_object().expect("a fresh object");
        for &(name, _, _) in FUNCTIONS {
            let key = vm.intern(name);
            let f = vm
                .get_own_property(o, crate::vm::Key::Named(key))
                .map_or(Value::UNDEFINED, |p| p.value);
            exports.push((name, f));
        }
        for specifier in ["node:fs/promises", "jetcrab:fs"] {
            vm.add_synthetic_module(specifier, &exports);
        }
    });
}
