//! `console` (Node-style output through `vm.write_output`) and the host `print` function.

mod inspect;

pub use inspect::inspect;
pub(crate) use inspect::{inspect_with, Options};

use super::{arg, define_global};
use crate::api::Stream;
use crate::atoms::names;
use crate::heap::{Gc, Trace, Tracer};
use crate::object::{attrs, JsObject, ObjectKind};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, Key, NativeCtx, Vm, WellKnown};
use std::collections::HashMap;
use std::time::Instant;

/// Per-console state: counters, timers and the group indentation.
#[derive(Default)]
struct ConsoleState {
    counts: HashMap<String, u64>,
    timers: HashMap<String, Instant>,
    group_indent: usize,
}

impl Trace for ConsoleState {
    fn trace(&self, _t: &mut Tracer) {}
}
crate::object_data!(ConsoleState);

/// The console object captured by each method.
fn console_of(ctx: &NativeCtx) -> Option<Gc<JsObject>> {
    match ctx.callee.kind() {
        ObjectKind::Native(n) => n.captures.first().and_then(|v| v.as_object()),
        _ => None,
    }
}

/// Runs `f` on the console's state (a short borrow: never across calls into JS).
fn with_state<R>(ctx: &NativeCtx, f: impl FnOnce(&mut ConsoleState) -> R) -> Option<R> {
    let c = console_of(ctx)?;
    let d = c.data::<ConsoleState>()?;
    Some(f(d))
}

/// Writes `text` (possibly multi-line) with the current group indentation.
fn emit(vm: &mut Vm, ctx: &NativeCtx, stream: Stream, text: &str) {
    let indent = with_state(ctx, |s| s.group_indent).unwrap_or(0);
    if indent == 0 {
        vm.write_output(stream, text);
        return;
    }
    let pad = " ".repeat(indent);
    let mut out = String::with_capacity(text.len() + pad.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&pad);
        out.push_str(line);
    }
    vm.write_output(stream, &out);
}

/// Does `o` use a builtin `toString` (so `%s` inspects it instead of calling it)?
fn has_builtin_to_string(vm: &mut Vm, o: Gc<JsObject>) -> bool {
    let mut cur = Some(o);
    let mut steps = 0;
    while let Some(c) = cur {
        if vm.is_proxy(c) || steps > 1000 {
            return true;
        }
        if let Some(p) = vm.get_own_property(c, Key::Named(names::TO_STRING)) {
            if p.attrs & attrs::ACCESSOR != 0 {
                return true;
            }
            return !p
                .value
                .as_object()
                .is_some_and(|f| matches!(f.kind(), ObjectKind::Function(_)));
        }
        cur = c.inner().proto;
        steps += 1;
    }
    true
}

/// `parseInt(ToString(v))` for `%i`.
fn parse_int_prefix(s: &str) -> f64 {
    let t = crate::value::number::trim_js(s);
    let (neg, rest) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let (radix, digits) = if rest.len() >= 2 && (rest.starts_with("0x") || rest.starts_with("0X")) {
        (16, &rest[2..])
    } else {
        (10, rest)
    };
    let mut v = 0f64;
    let mut any = false;
    for c in digits.chars() {
        match c.to_digit(radix) {
            Some(d) => {
                v = v * radix as f64 + d as f64;
                any = true;
            }
            None => break,
        }
    }
    if !any {
        return f64::NAN;
    }
    if neg {
        -v
    } else {
        v
    }
}

/// `JSON.stringify(v)` through the global `JSON` object (for `%j`).
fn json_stringify(vm: &mut Vm, v: Value) -> JsResult<String> {
    let g = vm.realm.global;
    let jk = vm.intern("JSON");
    let json = vm.get(g, Key::Named(jk), Value::object(g))?;
    let Some(jo) = json.as_object() else {
        return Ok("undefined".into());
    };
    let sk = vm.intern("stringify");
    let f = vm.get(jo, Key::Named(sk), json)?;
    match vm.call(f, json, &[v]) {
        Ok(r) if r.is_undefined() => Ok("undefined".into()),
        Ok(r) => vm.to_rust_string(r),
        Err(e) if e == crate::vm::TERMINATED => Err(e),
        Err(e) => {
            let msg = e
                .as_object()
                .and_then(|o| vm.get_own_property(o, Key::Named(names::MESSAGE)))
                .map(|p| p.value);
            let circular = msg
                .and_then(|m| m.as_string())
                .is_some_and(|m| m.to_rust_string().contains("ircular"));
            if circular {
                Ok("[Circular]".into())
            } else {
                Err(e)
            }
        }
    }
}

/// Node's `formatWithOptions`: printf-style specifiers, then the remaining arguments.
pub(crate) fn format_args(vm: &mut Vm, args: &[Value]) -> JsResult<String> {
    let mut out = String::new();
    let mut a = 0usize;
    let mut join = "";
    if let Some(first) = args.first().and_then(|v| v.as_string()) {
        if args.len() == 1 {
            return Ok(first.to_rust_string());
        }
        let f: Vec<u16> = first.to_units();
        let slice = |from: usize, to: usize| String::from_utf16_lossy(&f[from..to]);
        let mut last_pos = 0usize;
        let mut i = 0usize;
        while i + 1 < f.len() {
            if f[i] == b'%' as u16 {
                i += 1;
                let next = f[i];
                if a + 1 != args.len() {
                    let temp: String = match next {
                        0x73 => {
                            // %s
                            a += 1;
                            let v = args[a];
                            if let Some(n) = v.as_number() {
                                inspect::number_to_string(n)
                            } else if v.is_symbol() {
                                inspect::symbol_to_string(v)
                            } else if let Some(o) = v.as_object() {
                                if has_builtin_to_string(vm, o) {
                                    inspect_with(
                                        vm,
                                        v,
                                        Options {
                                            depth: Some(0),
                                            ..Options::default()
                                        },
                                    )
                                } else {
                                    vm.to_rust_string(v)?
                                }
                            } else {
                                vm.to_rust_string(v)?
                            }
                        }
                        0x6A => {
                            // %j
                            a += 1;
                            json_stringify(vm, args[a])?
                        }
                        0x64 => {
                            // %d
                            a += 1;
                            let v = args[a];
                            if v.is_symbol() {
                                "NaN".into()
                            } else {
                                let n = vm.to_number(v)?;
                                inspect::number_to_string(n)
                            }
                        }
                        0x4F => {
                            // %O
                            a += 1;
                            inspect(vm, args[a])
                        }
                        0x6F => {
                            // %o
                            a += 1;
                            inspect_with(
                                vm,
                                args[a],
                                Options {
                                    depth: Some(4),
                                    ..Options::default()
                                },
                            )
                        }
                        0x69 => {
                            // %i
                            a += 1;
                            let v = args[a];
                            if v.is_symbol() {
                                "NaN".into()
                            } else {
                                let s = vm.to_rust_string(v)?;
                                inspect::number_to_string(parse_int_prefix(&s))
                            }
                        }
                        0x66 => {
                            // %f
                            a += 1;
                            let v = args[a];
                            if v.is_symbol() {
                                "NaN".into()
                            } else {
                                let s = vm.to_rust_string(v)?;
                                inspect::number_to_string(crate::value::number::parse_float_prefix(
                                    &s,
                                ))
                            }
                        }
                        0x63 => {
                            // %c
                            a += 1;
                            String::new()
                        }
                        0x25 => {
                            // %%
                            out.push_str(&slice(last_pos, i));
                            last_pos = i + 1;
                            i += 1;
                            continue;
                        }
                        _ => {
                            i += 1;
                            continue;
                        }
                    };
                    if last_pos != i - 1 {
                        out.push_str(&slice(last_pos, i - 1));
                    }
                    out.push_str(&temp);
                    last_pos = i + 1;
                } else if next == b'%' as u16 {
                    out.push_str(&slice(last_pos, i));
                    last_pos = i + 1;
                }
            }
            i += 1;
        }
        if last_pos != 0 {
            a += 1;
            join = " ";
            if last_pos < f.len() {
                out.push_str(&slice(last_pos, f.len()));
            }
        }
    }
    while a < args.len() {
        let v = args[a];
        out.push_str(join);
        match v.as_string() {
            Some(s) => out.push_str(&s.to_rust_string()),
            None => out.push_str(&inspect(vm, v)),
        }
        join = " ";
        a += 1;
    }
    Ok(out)
}

fn log_to(vm: &mut Vm, ctx: &NativeCtx, stream: Stream, args: &[Value]) -> JsResult<Value> {
    if vm.debug.is_some() {
        let kind = match stream {
            Stream::Stdout => "log",
            Stream::Stderr => "error",
        };
        vm.debug_console(kind, args);
    }
    let s = format_args(vm, args)?;
    emit(vm, ctx, stream, &s);
    Ok(Value::UNDEFINED)
}

fn console_log(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    log_to(vm, &ctx, Stream::Stdout, args)
}

fn console_error(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    log_to(vm, &ctx, Stream::Stderr, args)
}

fn console_trace(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let msg = format_args(vm, args)?;
    let mut s = if msg.is_empty() {
        "Trace".to_string()
    } else {
        format!("Trace: {msg}")
    };
    for line in vm.stack_trace_lines() {
        s.push_str("\n    at ");
        s.push_str(&line);
    }
    emit(vm, &ctx, Stream::Stderr, &s);
    Ok(Value::UNDEFINED)
}

fn console_dir(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let mut opts = Options::default();
    if let Some(o) = arg(args, 1).as_object() {
        let dk = vm.intern("depth");
        if let Some(p) = vm.get_own_property(o, Key::Named(dk)) {
            if p.attrs & attrs::ACCESSOR == 0 {
                if p.value.is_null() {
                    opts.depth = None;
                } else if let Some(n) = p.value.as_number() {
                    opts.depth = if n.is_finite() {
                        Some(n.max(0.0) as usize)
                    } else {
                        None
                    };
                }
            }
        }
    }
    let s = inspect_with(vm, arg(args, 0), opts);
    emit(vm, &ctx, Stream::Stdout, &s);
    Ok(Value::UNDEFINED)
}

fn console_assert(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    if vm.to_boolean(arg(args, 0)) {
        return Ok(Value::UNDEFINED);
    }
    let rest = if args.len() > 1 { &args[1..] } else { &[] };
    if rest.is_empty() {
        emit(vm, &ctx, Stream::Stderr, "Assertion failed");
        return Ok(Value::UNDEFINED);
    }
    let first = vm.to_rust_string(rest[0])?;
    let head = vm.new_string(&format!("Assertion failed: {first}"));
    let mut all = vec![head];
    all.extend_from_slice(&rest[1..]);
    log_to(vm, &ctx, Stream::Stderr, &all)
}

fn label_of(vm: &mut Vm, args: &[Value]) -> JsResult<String> {
    let l = arg(args, 0);
    if l.is_undefined() {
        Ok("default".into())
    } else {
        vm.to_rust_string(l)
    }
}

fn console_count(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let label = label_of(vm, args)?;
    let n = with_state(&ctx, |s| {
        let c = s.counts.entry(label.clone()).or_insert(0);
        *c += 1;
        *c
    })
    .unwrap_or(1);
    emit(vm, &ctx, Stream::Stdout, &format!("{label}: {n}"));
    Ok(Value::UNDEFINED)
}

fn console_count_reset(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    ctx: NativeCtx,
) -> JsResult<Value> {
    let label = label_of(vm, args)?;
    let existed = with_state(&ctx, |s| s.counts.remove(&label).is_some()).unwrap_or(false);
    if !existed {
        emit(
            vm,
            &ctx,
            Stream::Stderr,
            &format!("Count for '{label}' does not exist"),
        );
    }
    Ok(Value::UNDEFINED)
}

fn format_time(ms: f64) -> String {
    if ms >= 1000.0 {
        let mut seconds = ms / 1000.0;
        if seconds >= 60.0 {
            let minutes = (seconds / 60.0).floor();
            seconds -= minutes * 60.0;
            return format!("{}:{:06.3} (m:ss.mmm)", minutes, seconds);
        }
        return format!("{seconds:.3}s");
    }
    let s = format!("{ms:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}ms")
}

fn console_time(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let label = label_of(vm, args)?;
    let exists = with_state(&ctx, |s| {
        if s.timers.contains_key(&label) {
            true
        } else {
            s.timers.insert(label.clone(), Instant::now());
            false
        }
    })
    .unwrap_or(false);
    if exists {
        emit(
            vm,
            &ctx,
            Stream::Stderr,
            &format!("Warning: Label '{label}' already exists for console.time()"),
        );
    }
    Ok(Value::UNDEFINED)
}

fn time_common(vm: &mut Vm, args: &[Value], ctx: &NativeCtx, end: bool) -> JsResult<Value> {
    let label = label_of(vm, args)?;
    let started = with_state(ctx, |s| {
        if end {
            s.timers.remove(&label)
        } else {
            s.timers.get(&label).copied()
        }
    })
    .flatten();
    let Some(t) = started else {
        let which = if end {
            "console.timeEnd()"
        } else {
            "console.timeLog()"
        };
        emit(
            vm,
            ctx,
            Stream::Stderr,
            &format!("Warning: No such label '{label}' for {which}"),
        );
        return Ok(Value::UNDEFINED);
    };
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    let mut s = format!("{label}: {}", format_time(ms));
    if !end && args.len() > 1 {
        let extra = format_args(vm, &args[1..])?;
        s.push(' ');
        s.push_str(&extra);
    }
    emit(vm, ctx, Stream::Stdout, &s);
    Ok(Value::UNDEFINED)
}

fn console_time_end(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    time_common(vm, args, &ctx, true)
}

fn console_time_log(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    time_common(vm, args, &ctx, false)
}

fn console_group(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    if !args.is_empty() {
        log_to(vm, &ctx, Stream::Stdout, args)?;
    }
    with_state(&ctx, |s| s.group_indent += 2);
    Ok(Value::UNDEFINED)
}

fn console_group_end(
    _vm: &mut Vm,
    _this: Value,
    _args: &[Value],
    ctx: NativeCtx,
) -> JsResult<Value> {
    with_state(&ctx, |s| s.group_indent = s.group_indent.saturating_sub(2));
    Ok(Value::UNDEFINED)
}

/// A cell of `console.table`.
fn table_cell(vm: &mut Vm, v: Value) -> String {
    inspect_with(
        vm,
        v,
        Options {
            depth: Some(1),
            break_length: usize::MAX,
        },
    )
}

fn console_table(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let data = arg(args, 0);
    let Some(o) = data.as_object() else {
        return log_to(vm, &ctx, Stream::Stdout, args);
    };
    let filter: Option<Vec<String>> = match arg(args, 1).as_object() {
        Some(f) => {
            let items = vm.iterate_to_vec(Value::object(f))?;
            let mut names_out = Vec::new();
            for it in items {
                names_out.push(vm.to_rust_string(it)?);
            }
            Some(names_out)
        }
        None => None,
    };
    let keys = vm.own_keys(o)?;
    let mut index_col: Vec<String> = Vec::new();
    let mut columns: Vec<String> = Vec::new();
    let mut rows: Vec<HashMap<String, String>> = Vec::new();
    let mut values_col: Vec<Option<String>> = Vec::new();
    let mut has_values = false;
    for k in keys {
        let Some(d) = vm.get_own_property_descriptor(o, k)? else {
            continue;
        };
        if d.enumerable != Some(true) {
            continue;
        }
        if let Key::Named(n) = k {
            if n.is_symbol() {
                continue;
            }
        }
        let v = vm.get(o, k, data)?;
        vm.root(v);
        index_col.push(vm.key_display(k));
        let mut row = HashMap::new();
        match v.as_object().filter(|r| !r.is_callable()) {
            Some(r) => {
                let rkeys = vm.own_keys(r)?;
                for rk in rkeys {
                    let Some(rd) = vm.get_own_property_descriptor(r, rk)? else {
                        continue;
                    };
                    if rd.enumerable != Some(true) {
                        continue;
                    }
                    if let Key::Named(n) = rk {
                        if n.is_symbol() {
                            continue;
                        }
                    }
                    let name = vm.key_display(rk);
                    if let Some(f) = &filter {
                        if !f.contains(&name) {
                            continue;
                        }
                    }
                    let cv = vm.get(r, rk, v)?;
                    let cell = table_cell(vm, cv);
                    if !columns.contains(&name) {
                        columns.push(name.clone());
                    }
                    row.insert(name, cell);
                }
                values_col.push(None);
            }
            None => {
                has_values = true;
                values_col.push(Some(table_cell(vm, v)));
            }
        }
        rows.push(row);
    }
    if let Some(f) = &filter {
        columns = f.clone();
    }
    let mut header = vec!["(index)".to_string()];
    header.extend(columns.iter().cloned());
    if has_values {
        header.push("Values".into());
    }
    let mut table: Vec<Vec<String>> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let mut line = vec![index_col[i].clone()];
        for c in &columns {
            line.push(row.get(c).cloned().unwrap_or_default());
        }
        if has_values {
            line.push(values_col[i].clone().unwrap_or_default());
        }
        table.push(line);
    }
    let width = |s: &str| s.chars().count();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for line in &table {
        for (i, c) in line.iter().enumerate() {
            widths[i] = widths[i].max(width(c));
        }
    }
    let divider = |l: &str, m: &str, r: &str| {
        let parts: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
        format!("{l}{}{r}", parts.join(m))
    };
    let render = |cells: &[String]| {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| format!(" {}{} ", c, " ".repeat(widths[i] - width(c))))
            .collect();
        format!("│{}│", parts.join("│"))
    };
    let mut out = vec![
        divider("┌", "┬", "┐"),
        render(&header),
        divider("├", "┼", "┤"),
    ];
    for line in &table {
        out.push(render(line));
    }
    out.push(divider("└", "┴", "┘"));
    emit(vm, &ctx, Stream::Stdout, &out.join("\n"));
    Ok(Value::UNDEFINED)
}

// print ( ...args ): the test262 / shell host print.
fn host_print(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let mut s = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&vm.to_rust_string(*a)?);
    }
    vm.write_output(Stream::Stdout, &s);
    Ok(Value::UNDEFINED)
}

pub(crate) fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let console = vm.new_data_object(op, Box::new(ConsoleState::default()));
    let cv = Value::object(console);
    let methods: [(&str, u32, crate::object::NativeFn); 19] = [
        ("log", 0, console_log),
        ("info", 0, console_log),
        ("debug", 0, console_log),
        ("warn", 0, console_error),
        ("error", 0, console_error),
        ("trace", 0, console_trace),
        ("dir", 0, console_dir),
        ("table", 0, console_table),
        ("assert", 0, console_assert),
        ("count", 0, console_count),
        ("countReset", 0, console_count_reset),
        ("time", 0, console_time),
        ("timeEnd", 0, console_time_end),
        ("timeLog", 0, console_time_log),
        ("group", 0, console_group),
        ("groupCollapsed", 0, console_group),
        ("groupEnd", 0, console_group_end),
        ("dirxml", 0, console_log),
        ("print", 0, console_log),
    ];
    for (name, len, f) in methods {
        if name == "print" {
            continue;
        }
        let func = vm.new_native_closure(name, len, f, vec![cv], false);
        let k = vm.intern(name);
        vm.define_value_property(console, k, Value::object(func), attrs::DEFAULT);
    }
    let tag = vm.symbol_key(WellKnown::ToStringTag);
    let tv = vm.new_string("console");
    vm.define_value_property(console, tag, tv, attrs::CONFIGURABLE);
    define_global(vm, "console", cv);
    let p = vm.new_native_function("print", 0, host_print);
    define_global(vm, "print", Value::object(p));
}
