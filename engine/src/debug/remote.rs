//! Values as the inspector sees them: remote object handles (an id → pinned value table with
//! groups), CDP-shaped descriptions and previews, property listings, evaluation in the global
//! scope or a paused frame, and call frames with their scope chains.

use super::{site_location, CallFrameInfo, DebugVm, ScopeInfo};
use crate::atoms::{names, PropKey};
use crate::heap::{Gc, Trace, Tracer};
use crate::object::{attrs, Env, JsObject, ObjectKind};
use crate::value::Value;
use crate::vm::{JsResult, Key, Vm, TERMINATED};
use rustc_hash::FxHashMap;

/// Pinned values the client holds by id (`objectId`), each in a group.
#[derive(Default)]
pub(crate) struct ObjectTable {
    values: FxHashMap<u32, (Value, String)>,
    next: u32,
}

impl ObjectTable {
    fn add(&mut self, v: Value, group: &str) -> String {
        self.next += 1;
        self.values.insert(self.next, (v, group.to_string()));
        format!("{{\"injectedScriptId\":1,\"id\":{}}}", self.next)
    }

    fn get(&self, id: &str) -> Option<Value> {
        self.values.get(&parse_id(id)?).map(|e| e.0)
    }

    /// Forgets every handle of `group`.
    pub(crate) fn release_group(&mut self, group: &str) {
        self.values.retain(|_, e| e.1 != group);
    }
}

impl Trace for ObjectTable {
    fn trace(&self, t: &mut Tracer) {
        for (v, _) in self.values.values() {
            t.value(*v);
        }
    }
}

/// The number in an object id (`{"injectedScriptId":1,"id":N}` or plain `N`).
fn parse_id(id: &str) -> Option<u32> {
    let tail = id.rsplit(':').next()?;
    tail.trim_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .ok()
}

/// A CDP `Runtime.RemoteObject`.
#[derive(Clone, Debug, Default)]
pub struct RemoteObject {
    /// `object`, `function`, `undefined`, `string`, `number`, `boolean`, `symbol`, `bigint`.
    pub kind: &'static str,
    /// `array`, `null`, `error`, `promise`, `map`, `set`, `regexp`, `proxy`.
    pub subtype: Option<&'static str>,
    /// Constructor name of objects.
    pub class_name: Option<String>,
    /// JSON text of the value (primitives, or anything with `returnByValue`).
    pub json_value: Option<String>,
    /// `NaN`, `Infinity`, `-Infinity`, `-0`.
    pub unserializable: Option<String>,
    /// Human-readable description.
    pub description: Option<String>,
    /// Handle for objects and symbols.
    pub object_id: Option<String>,
    /// A shallow preview (`generatePreview`).
    pub preview: Option<ObjectPreview>,
}

/// A CDP `Runtime.ObjectPreview`.
#[derive(Clone, Debug, Default)]
pub struct ObjectPreview {
    /// As in [`RemoteObject::kind`].
    pub kind: &'static str,
    /// As in [`RemoteObject::subtype`].
    pub subtype: Option<&'static str>,
    /// Description.
    pub description: String,
    /// More properties than shown.
    pub overflow: bool,
    /// The first few properties.
    pub properties: Vec<PropertyPreview>,
}

/// A CDP `Runtime.PropertyPreview`.
#[derive(Clone, Debug, Default)]
pub struct PropertyPreview {
    /// Property name.
    pub name: String,
    /// Type of the value.
    pub kind: &'static str,
    /// Subtype of the value.
    pub subtype: Option<&'static str>,
    /// Short rendering of the value.
    pub value: String,
}

/// A CDP `Runtime.PropertyDescriptor` (or an internal property when `internal`).
#[derive(Clone, Debug, Default)]
pub struct PropertyInfo {
    /// Name (symbols as `Symbol(desc)`).
    pub name: String,
    /// Data value.
    pub value: Option<RemoteObject>,
    /// Getter.
    pub get: Option<RemoteObject>,
    /// Setter.
    pub set: Option<RemoteObject>,
    /// `[[Writable]]` of data properties.
    pub writable: Option<bool>,
    /// `[[Configurable]]`.
    pub configurable: bool,
    /// `[[Enumerable]]`.
    pub enumerable: bool,
    /// An own property.
    pub is_own: bool,
    /// `[[Prototype]]` and similar: CDP's `internalProperties`.
    pub internal: bool,
}

/// Options of an evaluation.
#[derive(Clone, Debug, Default)]
pub struct EvalOptions {
    /// Object group of the handles created.
    pub group: String,
    /// Return JSON instead of a handle.
    pub return_by_value: bool,
    /// Attach previews to objects.
    pub generate_preview: bool,
    /// Wait for a promise result (after the microtask checkpoint; a promise still pending
    /// then is returned as is).
    pub await_promise: bool,
}

/// The outcome of an evaluation: a result, or the exception it threw.
#[derive(Clone, Debug)]
pub struct Evaluated {
    /// The completion value (or the exception value).
    pub result: RemoteObject,
    /// Set when it threw.
    pub exception: Option<ExceptionInfo>,
}

/// A CDP `Runtime.ExceptionDetails`.
#[derive(Clone, Debug)]
pub struct ExceptionInfo {
    /// `Uncaught` (plus the message for non-objects).
    pub text: String,
    /// 0-based line of the throw.
    pub line: u32,
    /// 0-based column.
    pub column: u32,
    /// The thrown value.
    pub exception: RemoteObject,
}

/// An argument of `Runtime.callFunctionOn`.
#[derive(Clone, Debug)]
pub enum CallArgument {
    /// A value given as JSON text.
    Json(String),
    /// `NaN`, `Infinity`, `-Infinity`, `-0`.
    Unserializable(String),
    /// A handle.
    Object(String),
    /// Absent value: `undefined`.
    Undefined,
}

/// The constructor name of `o`, read without running user code.
pub(crate) fn class_name(vm: &mut Vm, o: Gc<JsObject>) -> String {
    let mut cur = Some(o);
    let mut steps = 0;
    while let Some(c) = cur {
        if vm.is_proxy(c) || steps > 100 {
            break;
        }
        if let Some(p) = vm.get_own_property(c, Key::Named(names::CONSTRUCTOR)) {
            if p.attrs & attrs::ACCESSOR == 0 {
                if let Some(ctor) = p.value.as_object() {
                    let n = vm.get_own_property(ctor, Key::Named(names::NAME));
                    if let Some(s) = n.and_then(|p| p.value.as_string()) {
                        return s.to_rust_string();
                    }
                }
            }
            break;
        }
        cur = c.inner().proto;
        steps += 1;
    }
    "Object".into()
}

fn subtype_of(vm: &mut Vm, o: Gc<JsObject>, class: &str) -> Option<&'static str> {
    if vm.is_proxy(o) {
        return Some("proxy");
    }
    if o.is_array() {
        return Some("array");
    }
    if o.inner().flags & crate::object::flags::ERROR_DATA != 0 {
        return Some("error");
    }
    if crate::builtins::promise::promise_info(Value::object(o)).is_some() {
        return Some("promise");
    }
    match class {
        "Map" => Some("map"),
        "Set" => Some("set"),
        "WeakMap" => Some("weakmap"),
        "WeakSet" => Some("weakset"),
        "RegExp" => Some("regexp"),
        _ => None,
    }
}

/// A JSON string literal.
pub(crate) fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `JSON.stringify(v)` through the realm's `JSON` (None when it yields undefined or throws).
fn stringify(vm: &mut Vm, v: Value) -> Option<String> {
    let g = vm.realm.global;
    let jk = vm.intern("JSON");
    let json = vm.get(g, Key::Named(jk), Value::object(g)).ok()?;
    let jo = json.as_object()?;
    let sk = vm.intern("stringify");
    let f = vm.get(jo, Key::Named(sk), json).ok()?;
    let r = vm.call(f, json, &[v]).ok()?;
    r.as_string().map(|s| s.to_rust_string())
}

/// Property names of `k` as the client sees them.
fn key_name(vm: &Vm, k: Key) -> String {
    match k {
        Key::Index(i) => i.to_string(),
        Key::Named(p) if p.is_symbol() => {
            let n = vm.key_name(p);
            format!(
                "Symbol({})",
                n.trim_start_matches('[').trim_end_matches(']')
            )
        }
        Key::Named(p) => vm.key_name(p),
    }
}

impl DebugVm<'_> {
    /// Describes `v`; objects and symbols get a handle in `group`.
    pub fn remote_object(&mut self, v: Value, group: &str, preview: bool) -> RemoteObject {
        let vm = &mut *self.vm;
        if v.is_undefined() || v == TERMINATED {
            return RemoteObject {
                kind: "undefined",
                ..Default::default()
            };
        }
        if v.is_null() {
            return RemoteObject {
                kind: "object",
                subtype: Some("null"),
                json_value: Some("null".into()),
                ..Default::default()
            };
        }
        if let Some(b) = v.as_bool() {
            return RemoteObject {
                kind: "boolean",
                json_value: Some(b.to_string()),
                ..Default::default()
            };
        }
        if v.is_number() {
            let n = v.as_number_unchecked();
            let desc = crate::builtins::console::inspect(vm, v);
            let special = n.is_nan() || n.is_infinite() || (n == 0.0 && n.is_sign_negative());
            return RemoteObject {
                kind: "number",
                json_value: (!special).then(|| desc.clone()),
                unserializable: special.then(|| desc.clone()),
                description: Some(desc),
                ..Default::default()
            };
        }
        if let Some(s) = v.as_string() {
            return RemoteObject {
                kind: "string",
                json_value: Some(json_string(&s.to_rust_string())),
                ..Default::default()
            };
        }
        let Some(o) = v.as_object() else {
            // A symbol.
            let desc = crate::builtins::console::inspect(vm, v);
            let id = self.state_mut().map(|d| d.objects.add(v, group));
            return RemoteObject {
                kind: "symbol",
                description: Some(desc),
                object_id: id,
                ..Default::default()
            };
        };
        let class = class_name(vm, o);
        let callable = o.is_callable();
        let subtype = if callable {
            None
        } else {
            subtype_of(vm, o, &class)
        };
        let description = if callable {
            match o.kind() {
                ObjectKind::Function(c) => c.code.source_text().to_string(),
                _ => crate::builtins::console::inspect(vm, v),
            }
        } else {
            match subtype {
                Some("array") => {
                    let n = vm.length_of_array_like(o).unwrap_or(0);
                    format!("{class}({n})")
                }
                Some("error") => vm
                    .error_stack(o)
                    .and_then(|s| s.as_string())
                    .map(|s| s.to_rust_string())
                    .unwrap_or_else(|| class.clone()),
                Some("regexp") => crate::builtins::console::inspect(vm, v),
                _ => class.clone(),
            }
        };
        let preview = preview.then(|| self.preview(o, callable, subtype, &description));
        let id = self.state_mut().map(|d| d.objects.add(v, group));
        RemoteObject {
            kind: if callable { "function" } else { "object" },
            subtype,
            class_name: Some(if callable { "Function".into() } else { class }),
            description: Some(description),
            object_id: id,
            preview,
            ..Default::default()
        }
    }

    /// The first five own enumerable properties of `o`, rendered shortly.
    fn preview(
        &mut self,
        o: Gc<JsObject>,
        callable: bool,
        subtype: Option<&'static str>,
        description: &str,
    ) -> ObjectPreview {
        const MAX: usize = 5;
        let vm = &mut *self.vm;
        let keys = if vm.is_proxy(o) {
            Vec::new()
        } else {
            vm.own_keys(o).unwrap_or_default()
        };
        let mut properties = Vec::new();
        let mut overflow = false;
        for k in keys {
            let Some(p) = vm.get_own_property(o, k) else {
                continue;
            };
            if p.attrs & attrs::ENUMERABLE == 0 {
                continue;
            }
            if properties.len() == MAX {
                overflow = true;
                break;
            }
            let name = key_name(vm, k);
            let (kind, subtype, value) = if p.attrs & attrs::ACCESSOR != 0 {
                ("accessor", None, String::new())
            } else {
                short(vm, p.value)
            };
            properties.push(PropertyPreview {
                name,
                kind,
                subtype,
                value,
            });
        }
        ObjectPreview {
            kind: if callable { "function" } else { "object" },
            subtype,
            description: description.to_string(),
            overflow,
            properties,
        }
    }

    /// The value of a handle.
    pub fn object(&self, id: &str) -> Option<Value> {
        self.state()?.objects.get(id)
    }

    /// Releases one handle.
    pub fn release_object(&mut self, id: &str) {
        if let (Some(d), Some(n)) = (self.state_mut(), parse_id(id)) {
            d.objects.values.remove(&n);
        }
    }

    /// Releases every handle of a group.
    pub fn release_group(&mut self, group: &str) {
        if let Some(d) = self.state_mut() {
            d.objects.release_group(group);
        }
    }

    /// The properties of the object behind a handle (own only, or with the prototype chain's
    /// accessors too when `own_only` is false). Unknown handles give `None`.
    pub fn properties(
        &mut self,
        id: &str,
        own_only: bool,
        preview: bool,
    ) -> Option<Vec<PropertyInfo>> {
        let o = self.object(id)?.as_object()?;
        let group = self.group_of(id);
        let mut out = Vec::new();
        if !self.vm.is_proxy(o) {
            let keys = self.vm.own_keys(o).unwrap_or_default();
            for k in keys {
                if let Some(p) = self.vm.get_own_property(o, k) {
                    out.push(self.property(key_name(self.vm, k), p, true, &group, preview));
                }
            }
            if !own_only {
                // Accessors on the prototype chain (DevTools shows them greyed out).
                let mut cur = o.inner().proto;
                while let Some(c) = cur {
                    if self.vm.is_proxy(c) {
                        break;
                    }
                    for k in self.vm.own_keys(c).unwrap_or_default() {
                        let Some(p) = self.vm.get_own_property(c, k) else {
                            continue;
                        };
                        let name = key_name(self.vm, k);
                        if p.attrs & attrs::ACCESSOR != 0 && !out.iter().any(|e| e.name == name) {
                            out.push(self.property(name, p, false, &group, preview));
                        }
                    }
                    cur = c.inner().proto;
                }
            }
        }
        if let Some(proto) = o.inner().proto {
            let value = self.remote_object(Value::object(proto), &group, false);
            out.push(PropertyInfo {
                name: "[[Prototype]]".into(),
                value: Some(value),
                internal: true,
                ..Default::default()
            });
        }
        Some(out)
    }

    fn property(
        &mut self,
        name: String,
        p: crate::object::PropSlot,
        is_own: bool,
        group: &str,
        preview: bool,
    ) -> PropertyInfo {
        let accessor = p.attrs & attrs::ACCESSOR != 0;
        let mut info = PropertyInfo {
            name,
            configurable: p.attrs & attrs::CONFIGURABLE != 0,
            enumerable: p.attrs & attrs::ENUMERABLE != 0,
            is_own,
            ..Default::default()
        };
        if accessor {
            info.get = Some(self.remote_object(p.value, group, false));
            info.set = Some(self.remote_object(p.setter, group, false));
        } else {
            info.value = Some(self.remote_object(p.value, group, preview));
            info.writable = Some(p.attrs & attrs::WRITABLE != 0);
        }
        info
    }

    fn group_of(&self, id: &str) -> String {
        parse_id(id)
            .and_then(|n| self.state()?.objects.values.get(&n).map(|e| e.1.clone()))
            .unwrap_or_default()
    }

    /// Evaluates `source` in the global scope, or in paused call frame `frame` (0 = top).
    pub fn evaluate(
        &mut self,
        source: &str,
        frame: Option<usize>,
        opts: &EvalOptions,
    ) -> Evaluated {
        let r = self.vm.native_scope(|vm| eval_in(vm, source, frame));
        self.finish(r, opts)
    }

    /// `Runtime.callFunctionOn`: calls the function `declaration` with `this` = the handle's
    /// value (undefined without one) and the given arguments.
    pub fn call_function_on(
        &mut self,
        declaration: &str,
        this: Option<&str>,
        args: &[CallArgument],
        opts: &EvalOptions,
    ) -> Evaluated {
        let this = this
            .and_then(|id| self.object(id))
            .unwrap_or(Value::UNDEFINED);
        let mut values = Vec::with_capacity(args.len());
        for a in args {
            let v = match a {
                CallArgument::Undefined => Value::UNDEFINED,
                CallArgument::Object(id) => self.object(id).unwrap_or(Value::UNDEFINED),
                CallArgument::Unserializable(s) => Value::number(match s.as_str() {
                    "NaN" => f64::NAN,
                    "Infinity" => f64::INFINITY,
                    "-Infinity" => f64::NEG_INFINITY,
                    _ => -0.0,
                }),
                CallArgument::Json(text) => {
                    let vm = &mut *self.vm;
                    let s = vm.new_string(text);
                    crate::builtins::json::json_parse_text(vm, s).unwrap_or(Value::UNDEFINED)
                }
            };
            self.vm.pinned.push(v);
            values.push(v);
        }
        let src = format!("({declaration})");
        let r = self.vm.native_scope(|vm| {
            let f = eval_in(vm, &src, None)?;
            vm.call(f, this, &values)
        });
        let n = self.vm.pinned.len() - values.len();
        self.vm.pinned.truncate(n);
        self.finish(r, opts)
    }

    /// Turns a completion into a CDP result (awaiting a promise after the microtask checkpoint
    /// when asked).
    fn finish(&mut self, r: JsResult<Value>, opts: &EvalOptions) -> Evaluated {
        let r = match r {
            Ok(v) if opts.await_promise => {
                self.vm.pinned.push(v);
                let jobs = crate::builtins::promise::run_jobs(self.vm);
                self.vm.pinned.pop();
                match (jobs, crate::builtins::promise::promise_info(v)) {
                    (Err(e), _) => Err(e),
                    (Ok(()), Some((crate::builtins::promise::PromiseState::Fulfilled, x))) => Ok(x),
                    (Ok(()), Some((crate::builtins::promise::PromiseState::Rejected, x))) => {
                        if let Some(o) = v.as_object() {
                            if let Some(p) = o.data::<crate::builtins::promise::PromiseData>() {
                                p.is_handled = true;
                            }
                        }
                        self.vm.unhandled_rejections.retain(|&u| u != v);
                        Err(x)
                    }
                    _ => Ok(v),
                }
            }
            r => r,
        };
        match r {
            Ok(v) => Evaluated {
                result: self.value_result(v, opts),
                exception: None,
            },
            Err(e) => {
                if e == TERMINATED {
                    self.vm.clear_interrupt();
                }
                let exception = self.remote_object(e, &opts.group, opts.generate_preview);
                let text = match &exception.subtype {
                    Some("error") => "Uncaught".to_string(),
                    _ => format!(
                        "Uncaught {}",
                        exception
                            .description
                            .clone()
                            .or_else(|| exception.json_value.clone())
                            .unwrap_or_default()
                    ),
                };
                Evaluated {
                    result: exception.clone(),
                    exception: Some(ExceptionInfo {
                        text,
                        line: 0,
                        column: 0,
                        exception,
                    }),
                }
            }
        }
    }

    fn value_result(&mut self, v: Value, opts: &EvalOptions) -> RemoteObject {
        let mut r = self.remote_object(
            v,
            &opts.group,
            opts.generate_preview && !opts.return_by_value,
        );
        if opts.return_by_value && v.is_object() {
            r.json_value = Some(stringify(self.vm, v).unwrap_or_else(|| "{}".into()));
            r.object_id = None;
        }
        r
    }

    /// The paused call frames, top first, with their scope chains (handles in group
    /// `backtrace`, released on resume).
    pub fn call_frames(&mut self) -> Vec<CallFrameInfo> {
        let n = self.vm.frames.len();
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let fi = n - 1 - i;
            let (code, pc, base, env, env_depth) = {
                let f = &self.vm.frames[fi];
                (f.code, f.pc, f.base as usize, f.env, f.env_depth)
            };
            // SAFETY: the frame is live and roots its callee, which owns the code block.
            let code = unsafe { &*code };
            let location = site_location(code, pc);
            let url = super::script_url(&code.source.name);
            let function_name = code.name.clone();
            let this = self.vm.stack.get(base).copied().unwrap_or(Value::UNDEFINED);
            let this = if this == TERMINATED {
                Value::UNDEFINED
            } else {
                this
            };
            let mut scopes = Vec::new();
            let locals = self.vm.native_scope(|vm| frame_locals(vm, fi));
            let mut cur = env;
            let mut depth = 0;
            // The frame's own environments join its locals; the rest are closures.
            while let Some(e) = cur {
                if depth >= env_depth {
                    break;
                }
                self.vm.native_scope(|vm| copy_env(vm, e, locals));
                cur = e.parent;
                depth += 1;
            }
            if !code.flags.is_script || !locals.inner().slots.is_empty() {
                let object = self.remote_object(Value::object(locals), "backtrace", false);
                scopes.push(ScopeInfo {
                    kind: "local",
                    object,
                });
            }
            while let Some(e) = cur {
                if e.layout.is_with {
                    let object = self.remote_object(e.object(), "backtrace", false);
                    scopes.push(ScopeInfo {
                        kind: "with",
                        object,
                    });
                } else if !e.layout.names.is_empty() {
                    let o = self.vm.native_scope(|vm| {
                        let o = vm.new_object_with(None, ObjectKind::Ordinary);
                        copy_env(vm, e, o);
                        o
                    });
                    let object = self.remote_object(Value::object(o), "backtrace", false);
                    scopes.push(ScopeInfo {
                        kind: "closure",
                        object,
                    });
                }
                cur = e.parent;
            }
            let global = Value::object(self.vm.realm.global);
            let object = self.remote_object(global, "backtrace", false);
            scopes.push(ScopeInfo {
                kind: "global",
                object,
            });
            let this = self.remote_object(this, "backtrace", false);
            out.push(CallFrameInfo {
                index: i,
                function_name,
                location,
                url,
                scopes,
                this,
            });
        }
        out
    }
}

/// A short rendering for previews.
fn short(vm: &mut Vm, v: Value) -> (&'static str, Option<&'static str>, String) {
    if let Some(o) = v.as_object() {
        let class = class_name(vm, o);
        if o.is_callable() {
            return ("function", None, String::new());
        }
        let sub = subtype_of(vm, o, &class);
        let text = match sub {
            Some("array") => format!("Array({})", vm.length_of_array_like(o).unwrap_or(0)),
            _ => class,
        };
        return ("object", sub, text);
    }
    let kind = if v.is_undefined() {
        "undefined"
    } else if v.is_null() {
        return ("object", Some("null"), "null".into());
    } else if v.as_bool().is_some() {
        "boolean"
    } else if v.is_number() {
        "number"
    } else if v.as_string().is_some() {
        "string"
    } else {
        "symbol"
    };
    let text = match v.as_string() {
        Some(s) => s.to_rust_string(),
        None => crate::builtins::console::inspect(vm, v),
    };
    (kind, None, text)
}

/// Defines `name = v` on a scope object (skipping TDZ holes and names already there).
fn put(vm: &mut Vm, o: Gc<JsObject>, name: PropKey, v: Value) {
    if v == Value::EMPTY || vm.get_own_property(o, Key::Named(name)).is_some() {
        return;
    }
    vm.define_value_property(o, name, v, attrs::DEFAULT);
}

/// A scope object holding frame `fi`'s register locals (innermost declaration of each name
/// that is live at the frame's pc).
fn frame_locals(vm: &mut Vm, fi: usize) -> Gc<JsObject> {
    let o = vm.new_object_with(None, ObjectKind::Ordinary);
    let (code, pc, base) = {
        let f = &vm.frames[fi];
        (f.code, f.pc, f.base as usize)
    };
    // SAFETY: the frame is live and roots its callee, which owns the code block.
    let code = unsafe { &*code };
    for l in code.locals.iter().rev() {
        if l.start > pc {
            continue;
        }
        let v = vm.stack.get(base + l.register as usize).copied();
        let k = vm.intern(&l.name);
        if let Some(v) = v {
            put(vm, o, k, v);
        }
    }
    o
}

/// Copies an environment's slots onto `o`.
fn copy_env(vm: &mut Vm, e: Gc<Env>, o: Gc<JsObject>) {
    if e.layout.is_with {
        return;
    }
    let names: Vec<u32> = e.layout.names.clone();
    for (i, raw) in names.into_iter().enumerate() {
        let v = e.get(i);
        put(vm, o, PropKey::from_raw(raw), v);
    }
}

/// Compiles and runs `source` globally, or in frame `frame` (0 = top) of the paused stack with
/// that frame's locals visible (a `with`-like scope over a copy of its register variables;
/// assignments to those do not reach the frame).
fn eval_in(vm: &mut Vm, source: &str, frame: Option<usize>) -> JsResult<Value> {
    use crate::compiler::{compile, EvalSite, Mode};
    let Some(i) = frame.filter(|&i| i < vm.frames.len()) else {
        let code = compile(vm, source, "<inspector>", Mode::Script)
            .map_err(|e| vm.syntax_error(&e.message))?;
        let g = Value::object(vm.realm.global);
        return vm.run_code_in(code, None, g, Value::UNDEFINED, Value::UNDEFINED);
    };
    let fi = vm.frames.len() - 1 - i;
    let (env, base, nt, callee, strict) = {
        let f = &vm.frames[fi];
        (
            f.env,
            f.base as usize,
            f.new_target,
            f.callee,
            f.code().flags.strict,
        )
    };
    let this = vm.stack.get(base).copied().unwrap_or(Value::UNDEFINED);
    let locals = frame_locals(vm, fi);
    let scope = Env::with_object(env, Value::object(locals));
    let scope = vm.new_env(scope);
    let code = compile(
        vm,
        source,
        "<inspector>",
        Mode::Eval {
            strict,
            in_function: true,
            site: EvalSite::Body,
        },
    )
    .map_err(|e| vm.syntax_error(&e.message))?;
    let this = if this == Value::EMPTY {
        Value::UNDEFINED
    } else {
        this
    };
    vm.run_code_in(code, Some(scope), this, nt, callee)
}
