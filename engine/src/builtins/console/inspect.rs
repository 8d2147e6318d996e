//! A Node-compatible `util.inspect` (default options: depth 2, breakLength 80, compact 3).
//!
//! Never runs user code: properties are read as raw own slots (accessors show as `[Getter]`),
//! proxies are shown through their target, and prototype walks skip exotic hooks.

use crate::atoms::names;
use crate::builtins::collections::{CollectionIterator, IterKind, MapData, SetData};
use crate::builtins::promise::{promise_info, PromiseState};
use crate::builtins::proxy::proxy_parts;
use crate::builtins::regexp::RegExpData;
use crate::builtins::typed_array;
use crate::heap::Gc;
use crate::object::{attrs, flags, JsObject, ObjectKind, PropSlot};
use crate::string::JsString;
use crate::value::Value;
use crate::vm::{Intrinsic, Key, Vm, WellKnown};

/// Inspection options.
#[derive(Clone, Copy)]
pub(crate) struct Options {
    /// Nesting shown before `[Object]` (None: unlimited).
    pub(crate) depth: Option<usize>,
    pub(crate) break_length: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            depth: Some(2),
            break_length: 80,
        }
    }
}

const COMPACT: usize = 3;
const MAX_ARRAY_LENGTH: usize = 100;
const MAX_STRING_LENGTH: usize = 10000;

/// `util.inspect(v)` with the default options.
pub fn inspect(vm: &mut Vm, v: Value) -> String {
    inspect_with(vm, v, Options::default())
}

/// `util.inspect(v, options)`.
pub(crate) fn inspect_with(vm: &mut Vm, v: Value, opts: Options) -> String {
    let mut i = Inspector {
        opts,
        seen: Vec::new(),
        circular: Vec::new(),
        indentation: 0,
        current_depth: 0,
    };
    i.format_value(vm, v, 0, false)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Extras {
    Object,
    Array,
}

struct Inspector {
    opts: Options,
    seen: Vec<Gc<JsObject>>,
    circular: Vec<Gc<JsObject>>,
    indentation: usize,
    current_depth: usize,
}

/// Quotes and escapes a string like Node's `strEscape`.
pub(crate) fn quote_js_string(s: &JsString) -> String {
    let units = s.to_units();
    let has = |c: u16| units.contains(&c);
    let mut quote = '\'';
    if has(b'\'' as u16) {
        if !has(b'"' as u16) {
            quote = '"';
        } else if !has(b'`' as u16) && !units.windows(2).any(|w| w == [b'$' as u16, b'{' as u16]) {
            quote = '`';
        }
    }
    let mut out = String::with_capacity(units.len() + 2);
    out.push(quote);
    let mut i = 0;
    while i < units.len() {
        let u = units[i];
        match u {
            0x08 => out.push_str("\\b"),
            0x09 => out.push_str("\\t"),
            0x0A => out.push_str("\\n"),
            0x0C => out.push_str("\\f"),
            0x0D => out.push_str("\\r"),
            0x27 if quote == '\'' => out.push_str("\\'"),
            0x5C => out.push_str("\\\\"),
            0x00..=0x1F | 0x7F..=0x9F => out.push_str(&format!("\\x{:02X}", u)),
            0xD800..=0xDBFF if i + 1 < units.len() && (0xDC00..=0xDFFF).contains(&units[i + 1]) => {
                let c = char::decode_utf16([u, units[i + 1]])
                    .next()
                    .and_then(|r| r.ok())
                    .unwrap_or('\u{FFFD}');
                out.push(c);
                i += 1;
            }
            0xD800..=0xDFFF => out.push_str(&format!("\\u{:04X}", u)),
            _ => out.push(char::from_u32(u as u32).unwrap_or('\u{FFFD}')),
        }
        i += 1;
    }
    out.push(quote);
    out
}

/// `Symbol(description)`.
pub(crate) fn symbol_to_string(v: Value) -> String {
    let Some(s) = v.as_symbol() else {
        return String::new();
    };
    match s.description.as_string() {
        Some(d) => format!("Symbol({})", d.to_rust_string()),
        None => "Symbol()".into(),
    }
}

/// A number as Node prints it (`-0` kept).
pub(crate) fn number_to_string(n: f64) -> String {
    if n == 0.0 && n.is_sign_negative() {
        return "-0".into();
    }
    crate::value::number::to_js_string(n)
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// An own property without running exotic hooks or getters (mapped arguments show their
/// parameters' values).
fn own_slot(vm: &mut Vm, o: Gc<JsObject>, key: Key) -> Option<PropSlot> {
    // Typed array elements are virtual: read them without the exotic method's conversions.
    if let (Key::Index(i), true) = (key, typed_array::is_typed_array(o)) {
        let v = typed_array::get_element(o, i as usize);
        return (!v.is_undefined()).then_some(PropSlot {
            value: v,
            setter: Value::UNDEFINED,
            attrs: attrs::DEFAULT,
        });
    }
    let mut p = vm.get_own_property(o, key)?;
    if let Some(v) = crate::vm::arguments::mapped_value(o, key) {
        p.value = v;
    }
    Some(p)
}

/// Reads a data property along the prototype chain (no getters, no proxies).
fn read_data(vm: &mut Vm, o: Gc<JsObject>, key: Key) -> Option<Value> {
    let mut cur = Some(o);
    let mut steps = 0;
    while let Some(c) = cur {
        if vm.is_proxy(c) || steps > 1000 {
            return None;
        }
        if let Some(p) = own_slot(vm, c, key) {
            if p.attrs & attrs::ACCESSOR != 0 {
                return None;
            }
            return Some(p.value);
        }
        cur = c.inner().proto;
        steps += 1;
    }
    None
}

/// A function's own `name` data property, if a string.
fn function_name(vm: &mut Vm, f: Gc<JsObject>) -> Option<String> {
    let p = own_slot(vm, f, Key::Named(names::NAME))?;
    if p.attrs & attrs::ACCESSOR != 0 {
        return None;
    }
    p.value.as_string().map(|s| s.to_rust_string())
}

/// Node's `getConstructorName`: the first `constructor` data property naming a function.
fn constructor_name(vm: &mut Vm, o: Gc<JsObject>) -> Option<String> {
    let mut cur = Some(o);
    let mut steps = 0;
    while let Some(c) = cur {
        if steps > 1000 {
            return None;
        }
        if vm.is_proxy(c) {
            return None;
        }
        if let Some(p) = own_slot(vm, c, Key::Named(names::CONSTRUCTOR)) {
            if p.attrs & attrs::ACCESSOR == 0 {
                if let Some(f) = p.value.as_object().filter(|f| f.is_callable()) {
                    if let Some(n) = function_name(vm, f) {
                        if !n.is_empty() {
                            return Some(n);
                        }
                    }
                }
            }
        }
        cur = c.inner().proto;
        steps += 1;
    }
    None
}

/// `Symbol.toStringTag` as a data property (string), if any.
fn to_string_tag(vm: &mut Vm, o: Gc<JsObject>) -> Option<String> {
    let k = vm.symbol_key(WellKnown::ToStringTag);
    read_data(vm, o, Key::Named(k))
        .and_then(|v| v.as_string())
        .map(|s| s.to_rust_string())
        .filter(|s| !s.is_empty())
}

/// Node's `getPrefix(constructor, tag, fallback, size)`.
fn prefix(
    constructor: &Option<String>,
    tag: &Option<String>,
    fallback: &str,
    size: &str,
) -> String {
    match constructor {
        None => match tag {
            Some(t) if t != fallback => format!("[{fallback}{size}: null prototype] [{t}] "),
            _ => format!("[{fallback}{size}: null prototype] "),
        },
        Some(c) => match tag {
            Some(t) if t != c => format!("{c}{size} [{t}] "),
            _ => format!("{c}{size} "),
        },
    }
}

/// Own enumerable keys (strings then symbols), without running user code.
fn enumerable_keys(vm: &mut Vm, o: Gc<JsObject>, skip_indices: bool) -> Vec<Key> {
    let keys = match vm.own_keys(o) {
        Ok(k) => k,
        Err(_) => return Vec::new(),
    };
    keys.into_iter()
        .filter(|k| !(skip_indices && matches!(k, Key::Index(_))))
        .filter(|k| own_slot(vm, o, *k).is_some_and(|p| p.attrs & attrs::ENUMERABLE != 0))
        .collect()
}

impl Inspector {
    fn format_value(
        &mut self,
        vm: &mut Vm,
        v: Value,
        recurse_times: usize,
        _typed: bool,
    ) -> String {
        if v.is_undefined() {
            return "undefined".into();
        }
        if v.is_null() {
            return "null".into();
        }
        if let Some(b) = v.as_bool() {
            return b.to_string();
        }
        if let Some(n) = v.as_number() {
            return number_to_string(n);
        }
        if let Some(s) = v.as_string() {
            if s.len() > MAX_STRING_LENGTH {
                let cut = JsString::from_units(&s.to_units()[..MAX_STRING_LENGTH]);
                let remaining = s.len() - MAX_STRING_LENGTH;
                return format!(
                    "{}... {} more character{}",
                    quote_js_string(&cut),
                    remaining,
                    if remaining > 1 { "s" } else { "" }
                );
            }
            return quote_js_string(&s);
        }
        if v.is_symbol() {
            return symbol_to_string(v);
        }
        if v.is_empty() {
            return "<empty>".into();
        }
        let Some(mut o) = v.as_object() else {
            return String::new();
        };
        // Proxies show their target (showProxy: false).
        let mut hops = 0;
        while let Some((t, _)) = proxy_parts(o) {
            match t.as_object() {
                Some(t) if hops < 1000 => o = t,
                _ => return "<Revoked Proxy>".into(),
            }
            hops += 1;
        }
        if self.seen.contains(&o) {
            let idx = match self.circular.iter().position(|&c| c == o) {
                Some(i) => i + 1,
                None => {
                    self.circular.push(o);
                    self.circular.len()
                }
            };
            return format!("[Circular *{idx}]");
        }
        self.format_raw(vm, o, recurse_times)
    }

    fn format_raw(&mut self, vm: &mut Vm, o: Gc<JsObject>, recurse_times: usize) -> String {
        let constructor = constructor_name(vm, o);
        let mut tag = to_string_tag(vm, o);
        if let (Some(c), Some(t)) = (&constructor, &tag) {
            if c == t {
                tag = None;
            }
        }
        let mut base = String::new();
        let mut braces = ["{".to_string(), "}".to_string()];
        let mut extras = Extras::Object;
        let keys: Vec<Key>;
        enum Kind {
            Plain,
            Array,
            Map,
            Set,
            Promise,
            MapIter,
            Weak,
        }
        let kind: Kind;
        let is_array = o.is_array();
        if is_array {
            keys = enumerable_keys(vm, o, true);
            let len = o.array_length();
            let p = if constructor.as_deref() == Some("Array") && tag.is_none() {
                String::new()
            } else {
                prefix(&constructor, &tag, "Array", &format!("({len})"))
            };
            braces = [format!("{p}["), "]".into()];
            if len == 0 && keys.is_empty() {
                return format!("{}]", braces[0]);
            }
            extras = Extras::Array;
            kind = Kind::Array;
        } else if let Some(elem) = o.data::<typed_array::TypedArray>().map(|t| t.kind) {
            keys = enumerable_keys(vm, o, true);
            let len = typed_array::length_of(o).unwrap_or(0);
            // Node shows the @@toStringTag getter's result (the type) when it differs.
            let tag = Some(elem.name().to_string());
            let p = prefix(&constructor, &tag, elem.name(), &format!("({len})"));
            braces = [format!("{p}["), "]".into()];
            if len == 0 && keys.is_empty() {
                return format!("{}]", braces[0]);
            }
            extras = Extras::Array;
            kind = Kind::Array;
        } else if matches!(o.kind(), ObjectKind::Arguments(_)) {
            keys = enumerable_keys(vm, o, true);
            braces = ["[Arguments] [".into(), "]".into()];
            let len = match read_data(vm, o, Key::Named(names::LENGTH)).and_then(|v| v.as_number())
            {
                Some(n) => n as usize,
                None => 0,
            };
            if len == 0 && keys.is_empty() {
                return "[Arguments] []".into();
            }
            extras = Extras::Array;
            kind = Kind::Array;
        } else if let Some(size) = o.data::<MapData>().map(|m| m.0.size) {
            keys = enumerable_keys(vm, o, false);
            let p = prefix(
                &constructor,
                &tag.clone().filter(|t| t != "Map"),
                "Map",
                &format!("({size})"),
            );
            if size == 0 && keys.is_empty() {
                return format!("{p}{{}}");
            }
            braces = [format!("{p}{{"), "}".into()];
            kind = Kind::Map;
        } else if let Some(size) = o.data::<SetData>().map(|m| m.0.size) {
            keys = enumerable_keys(vm, o, false);
            let p = prefix(
                &constructor,
                &tag.clone().filter(|t| t != "Set"),
                "Set",
                &format!("({size})"),
            );
            if size == 0 && keys.is_empty() {
                return format!("{p}{{}}");
            }
            braces = [format!("{p}{{"), "}".into()];
            kind = Kind::Set;
        } else if o.data::<CollectionIterator>().is_some() {
            keys = enumerable_keys(vm, o, false);
            let it = o.data::<CollectionIterator>().unwrap();
            let name = match (it.is_set, it.kind) {
                (false, IterKind::Entries) => "[Map Entries] {",
                (false, _) => "[Map Iterator] {",
                (true, IterKind::Entries) => "[Set Entries] {",
                (true, _) => "[Set Iterator] {",
            };
            braces = [name.into(), "}".into()];
            kind = Kind::MapIter;
        } else if promise_info(Value::object(o)).is_some() {
            keys = enumerable_keys(vm, o, false);
            braces = [
                format!(
                    "{}{{",
                    prefix(
                        &constructor,
                        &tag.clone().filter(|t| t != "Promise"),
                        "Promise",
                        ""
                    )
                ),
                "}".into(),
            ];
            kind = Kind::Promise;
        } else if o
            .data::<crate::builtins::collections::WeakMapData>()
            .is_some()
            || o.data::<crate::builtins::collections::WeakSetData>()
                .is_some()
        {
            keys = enumerable_keys(vm, o, false);
            let fallback = if o
                .data::<crate::builtins::collections::WeakMapData>()
                .is_some()
            {
                "WeakMap"
            } else {
                "WeakSet"
            };
            braces = [
                format!(
                    "{}{{",
                    prefix(
                        &constructor,
                        &tag.clone().filter(|t| t != fallback),
                        fallback,
                        ""
                    )
                ),
                "}".into(),
            ];
            kind = Kind::Weak;
        } else {
            kind = Kind::Plain;
            let string_box = matches!(o.kind(), ObjectKind::String(_));
            keys = enumerable_keys(vm, o, string_box);
            if o.is_callable() {
                base = self.function_base(vm, o, &constructor, &tag);
                if keys.is_empty() {
                    return base;
                }
            } else if let Some(d) = o.data::<RegExpData>() {
                let src = d
                    .source
                    .as_string()
                    .map(|s| s.to_rust_string())
                    .unwrap_or_default();
                let fl = d
                    .flags
                    .as_string()
                    .map(|s| s.to_rust_string())
                    .unwrap_or_default();
                base = format!(
                    "/{}/{}",
                    if src.is_empty() { "(?:)".into() } else { src },
                    fl
                );
                if constructor.as_deref() != Some("RegExp") {
                    base = format!("{}{}", prefix(&constructor, &tag, "RegExp", ""), base);
                }
                if keys.is_empty() {
                    return base;
                }
            } else if o.has_flag(flags::ERROR_DATA) {
                base = self.error_base(vm, o);
                let keys2: Vec<Key> = keys
                    .iter()
                    .copied()
                    .filter(|k| *k != Key::Named(names::STACK) && *k != Key::Named(names::MESSAGE))
                    .collect();
                if keys2.is_empty() {
                    return base;
                }
            } else if let Some(b) = self.boxed_base(vm, o) {
                base = b;
                if keys.is_empty() {
                    return base;
                }
            } else {
                let p = if constructor.as_deref() == Some("Object") && tag.is_none() {
                    String::new()
                } else {
                    prefix(&constructor, &tag, "Object", "")
                };
                braces[0] = format!("{p}{{");
                if keys.is_empty() {
                    return format!("{p}{{}}");
                }
            }
        }
        if let Some(d) = self.opts.depth {
            if recurse_times > d {
                let name = match &constructor {
                    Some(c) => format!(
                        "[{}]",
                        match &tag {
                            Some(t) => format!("{c} [{t}]"),
                            None => c.clone(),
                        }
                    ),
                    None => {
                        let fb = if is_array { "Array" } else { "Object" };
                        format!("[{fb}: null prototype]")
                    }
                };
                return name;
            }
        }
        let recurse_times = recurse_times + 1;
        self.seen.push(o);
        self.current_depth = recurse_times;
        let mut output: Vec<String> = Vec::new();
        match kind {
            Kind::Array => self.format_array(vm, o, recurse_times, &mut output),
            Kind::Map => {
                let entries: Vec<(Value, Value)> = o
                    .data::<MapData>()
                    .map(|m| m.0.live().collect())
                    .unwrap_or_default();
                self.indentation += 2;
                let total = entries.len();
                for (k, v) in entries.into_iter().take(MAX_ARRAY_LENGTH) {
                    let ks = self.format_value(vm, k, recurse_times, false);
                    let vs = self.format_value(vm, v, recurse_times, false);
                    output.push(format!("{ks} => {vs}"));
                }
                self.indentation -= 2;
                if total > MAX_ARRAY_LENGTH {
                    output.push(remaining_text(total - MAX_ARRAY_LENGTH));
                }
            }
            Kind::Set => {
                let entries: Vec<Value> =
                    o.data::<SetData>().map(|m| m.0.keys()).unwrap_or_default();
                self.indentation += 2;
                let total = entries.len();
                for k in entries.into_iter().take(MAX_ARRAY_LENGTH) {
                    output.push(self.format_value(vm, k, recurse_times, false));
                }
                self.indentation -= 2;
                if total > MAX_ARRAY_LENGTH {
                    output.push(remaining_text(total - MAX_ARRAY_LENGTH));
                }
            }
            Kind::MapIter => {
                let (target, pos, ikind, is_set) = {
                    let it = o.data::<CollectionIterator>().unwrap();
                    (it.target, it.pos, it.kind, it.is_set)
                };
                let entries: Vec<(Value, Value)> = match target.as_object() {
                    Some(t) => {
                        let table = if is_set {
                            t.data::<SetData>().map(|d| &d.0)
                        } else {
                            t.data::<MapData>().map(|d| &d.0)
                        };
                        let mut out = Vec::new();
                        if let Some(tb) = table {
                            let mut p = pos;
                            while let Some((np, k, v)) = tb.next_from(p) {
                                out.push((k, if is_set { k } else { v }));
                                p = np + 1;
                            }
                        }
                        out
                    }
                    None => Vec::new(),
                };
                self.indentation += 2;
                for (k, v) in entries {
                    let s = match ikind {
                        IterKind::Keys => self.format_value(vm, k, recurse_times, false),
                        IterKind::Values => self.format_value(vm, v, recurse_times, false),
                        IterKind::Entries => {
                            let ks = self.format_value(vm, k, recurse_times, false);
                            let vs = self.format_value(vm, v, recurse_times, false);
                            format!("[ {ks}, {vs} ]")
                        }
                    };
                    output.push(s);
                }
                self.indentation -= 2;
            }
            Kind::Promise => {
                let (state, result) = promise_info(Value::object(o)).unwrap();
                match state {
                    PromiseState::Pending => output.push("<pending>".into()),
                    PromiseState::Fulfilled => {
                        self.indentation += 2;
                        let s = self.format_value(vm, result, recurse_times, false);
                        self.indentation -= 2;
                        output.push(s);
                    }
                    PromiseState::Rejected => {
                        self.indentation += 2;
                        let s = self.format_value(vm, result, recurse_times, false);
                        self.indentation -= 2;
                        output.push(format!("<rejected> {s}"));
                    }
                }
            }
            Kind::Weak => output.push("<items unknown>".into()),
            Kind::Plain => {}
        }
        for k in &keys {
            if o.has_flag(flags::ERROR_DATA)
                && (*k == Key::Named(names::STACK) || *k == Key::Named(names::MESSAGE))
            {
                continue;
            }
            let s = self.format_property(vm, o, *k, recurse_times, Extras::Object);
            output.push(s);
        }
        self.seen.pop();
        if let Some(i) = self.circular.iter().position(|&c| c == o) {
            let reference = format!("<ref *{}>", i + 1);
            base = if base.is_empty() {
                reference
            } else {
                format!("{reference} {base}")
            };
        }
        self.reduce_to_single_string(output, &base, &braces, extras, recurse_times, Some(o))
    }

    fn function_base(
        &mut self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        constructor: &Option<String>,
        tag: &Option<String>,
    ) -> String {
        let name = function_name(vm, o).unwrap_or_default();
        if let ObjectKind::Function(c) = o.kind() {
            let fl = &c.code.flags;
            if fl.class_constructor {
                let mut s = if name.is_empty() {
                    "[class (anonymous)".to_string()
                } else {
                    format!("[class {name}")
                };
                let fp = vm.intrinsic(Intrinsic::FunctionPrototype);
                if let Some(p) = o.inner().proto.filter(|p| *p != fp) {
                    let pn = function_name(vm, p).unwrap_or_default();
                    if !pn.is_empty() {
                        s.push_str(&format!(" extends {pn}"));
                    }
                }
                s.push(']');
                return s;
            }
            let kind = match (fl.is_async, fl.generator) {
                (true, true) => "AsyncGeneratorFunction",
                (true, false) => "AsyncFunction",
                (false, true) => "GeneratorFunction",
                (false, false) => "Function",
            };
            let mut s = if name.is_empty() {
                format!("[{kind} (anonymous)]")
            } else {
                format!("[{kind}: {name}]")
            };
            if constructor.is_none() {
                s = format!("[{kind} (null prototype): {name}]");
            }
            if let Some(t) = tag {
                if t != kind && constructor.as_deref() != Some(t.as_str()) {
                    s.push_str(&format!(" [{t}]"));
                }
            }
            return s;
        }
        if name.is_empty() {
            "[Function (anonymous)]".into()
        } else {
            format!("[Function: {name}]")
        }
    }

    fn error_base(&mut self, vm: &mut Vm, o: Gc<JsObject>) -> String {
        let stack = vm
            .error_stack(o)
            .or_else(|| read_data(vm, o, Key::Named(names::STACK)))
            .and_then(|v| v.as_string())
            .map(|s| s.to_rust_string());
        let mut s = match stack {
            Some(s) if !s.is_empty() => s,
            _ => {
                let h = vm.error_header(Value::object(o));
                format!("[{}]", if h.is_empty() { "Error".into() } else { h })
            }
        };
        if self.indentation != 0 {
            let ind = " ".repeat(self.indentation);
            s = s.replace('\n', &format!("\n{ind}"));
        }
        s
    }

    fn boxed_base(&mut self, vm: &mut Vm, o: Gc<JsObject>) -> Option<String> {
        let _ = vm;
        Some(match o.kind() {
            ObjectKind::Number(n) => format!("[Number: {}]", number_to_string(*n)),
            ObjectKind::Boolean(b) => format!("[Boolean: {b}]"),
            ObjectKind::String(s) => format!("[String: {}]", quote_js_string(s)),
            ObjectKind::Symbol(s) => format!("[Symbol: {}]", symbol_to_string(Value::symbol(*s))),
            _ => return None,
        })
    }

    fn format_array(
        &mut self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        recurse_times: usize,
        output: &mut Vec<String>,
    ) {
        let len = if o.is_array() {
            o.array_length() as usize
        } else if typed_array::is_typed_array(o) {
            typed_array::length_of(o).unwrap_or(0)
        } else {
            read_data(vm, o, Key::Named(names::LENGTH))
                .and_then(|v| v.as_number())
                .unwrap_or(0.0) as usize
        };
        let shown = len.min(MAX_ARRAY_LENGTH);
        let mut i = 0usize;
        let mut holes = 0usize;
        while i < len && output.len() < shown {
            let slot = own_slot(vm, o, Key::Index(i as u32));
            match slot {
                None => {
                    holes += 1;
                    i += 1;
                    continue;
                }
                Some(_) => {
                    if holes > 0 {
                        output.push(format!(
                            "<{holes} empty item{}>",
                            if holes > 1 { "s" } else { "" }
                        ));
                        holes = 0;
                        if output.len() >= shown {
                            break;
                        }
                    }
                    let s = self.format_property(
                        vm,
                        o,
                        Key::Index(i as u32),
                        recurse_times,
                        Extras::Array,
                    );
                    output.push(s);
                }
            }
            i += 1;
        }
        if holes > 0 && output.len() < shown {
            output.push(format!(
                "<{holes} empty item{}>",
                if holes > 1 { "s" } else { "" }
            ));
        }
        if i < len {
            output.push(remaining_text(len - i));
        }
    }

    fn format_property(
        &mut self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        key: Key,
        recurse_times: usize,
        extras: Extras,
    ) -> String {
        let slot = own_slot(vm, o, key);
        let str_val = match slot {
            Some(p) if p.attrs & attrs::ACCESSOR != 0 => {
                let (g, s) = (!p.value.is_undefined(), !p.setter.is_undefined());
                match (g, s) {
                    (true, true) => "[Getter/Setter]".to_string(),
                    (true, false) => "[Getter]".to_string(),
                    (false, true) => "[Setter]".to_string(),
                    (false, false) => "undefined".to_string(),
                }
            }
            Some(p) => {
                self.indentation += 2;
                let s = self.format_value(vm, p.value, recurse_times, false);
                self.indentation -= 2;
                s
            }
            None => "undefined".to_string(),
        };
        if extras == Extras::Array {
            return str_val;
        }
        let name = match key {
            Key::Index(i) => format!("'{i}'"),
            Key::Named(k) if k.is_symbol() => {
                let sym = vm.key_to_value(k);
                format!("[{}]", symbol_to_string(sym))
            }
            Key::Named(k) => {
                let s = vm.key_to_value(k).as_string().unwrap();
                let rs = s.to_rust_string();
                if rs == "__proto__" {
                    "['__proto__']".to_string()
                } else if is_identifier(&rs) {
                    rs
                } else {
                    quote_js_string(&s)
                }
            }
        };
        format!("{name}: {str_val}")
    }

    fn reduce_to_single_string(
        &mut self,
        mut output: Vec<String>,
        base: &str,
        braces: &[String; 2],
        extras: Extras,
        recurse_times: usize,
        value: Option<Gc<JsObject>>,
    ) -> String {
        let entries = output.len();
        if extras == Extras::Array && entries > 6 {
            output = self.group_array_elements(output, value);
        }
        if self.current_depth.saturating_sub(recurse_times) < COMPACT && entries == output.len() {
            let start = output.len()
                + self.indentation
                + braces[0].chars().count()
                + base.chars().count()
                + 10;
            if self.is_below_break_length(&output, start, base) {
                let joined = output.join(", ");
                if !joined.contains('\n') {
                    let b = if base.is_empty() {
                        String::new()
                    } else {
                        format!("{base} ")
                    };
                    return format!("{b}{} {joined} {}", braces[0], braces[1]);
                }
            }
        }
        let indentation = format!("\n{}", " ".repeat(self.indentation));
        let b = if base.is_empty() {
            String::new()
        } else {
            format!("{base} ")
        };
        format!(
            "{b}{}{indentation}  {}{indentation}{}",
            braces[0],
            output.join(&format!(",{indentation}  ")),
            braces[1]
        )
    }

    fn is_below_break_length(&self, output: &[String], start: usize, base: &str) -> bool {
        let mut total = output.len() + start;
        if total + output.len() > self.opts.break_length {
            return false;
        }
        for s in output {
            total += s.chars().count();
            if total > self.opts.break_length {
                return false;
            }
        }
        base.is_empty() || !base.contains('\n')
    }

    fn group_array_elements(
        &self,
        output: Vec<String>,
        value: Option<Gc<JsObject>>,
    ) -> Vec<String> {
        let mut total_length = 0usize;
        let mut max_length = 0usize;
        let mut output_length = output.len();
        let has_more = MAX_ARRAY_LENGTH < output.len();
        if has_more {
            output_length -= 1;
        }
        let separator_space = 2;
        let data_len: Vec<usize> = output[..output_length]
            .iter()
            .map(|s| s.chars().count())
            .collect();
        for &len in &data_len {
            total_length += len + separator_space;
            if max_length < len {
                max_length = len;
            }
        }
        let actual_max = max_length + separator_space;
        if actual_max * 3 + self.indentation < self.opts.break_length
            && (total_length as f64 / actual_max as f64 > 5.0 || max_length <= 6)
        {
            let approx_char_heights = 2.5;
            let average_bias =
                (actual_max as f64 - total_length as f64 / output.len() as f64).sqrt();
            let biased_max = (actual_max as f64 - 3.0 - average_bias).max(1.0);
            let columns = [
                ((approx_char_heights * biased_max * output_length as f64).sqrt() / biased_max)
                    .round() as usize,
                (self.opts.break_length.saturating_sub(self.indentation)) / actual_max,
                COMPACT * 4,
                15,
            ]
            .into_iter()
            .min()
            .unwrap();
            if columns <= 1 {
                return output;
            }
            let mut max_line_length = Vec::with_capacity(columns);
            for i in 0..columns {
                let mut line_length = 0;
                let mut j = i;
                while j < output_length {
                    if data_len[j] > line_length {
                        line_length = data_len[j];
                    }
                    j += columns;
                }
                max_line_length.push(line_length + separator_space);
            }
            let mut pad_start = true;
            if let Some(a) = value {
                let elems = &a.inner().elements;
                for i in 0..output.len() {
                    let v = elems.get(i).copied().unwrap_or(Value::UNDEFINED);
                    if !v.is_number() {
                        pad_start = false;
                        break;
                    }
                }
            }
            let mut tmp = Vec::new();
            let mut i = 0;
            while i < output_length {
                let max = (i + columns).min(output_length);
                let mut s = String::new();
                let mut j = i;
                while j < max - 1 {
                    let cell = format!("{}, ", output[j]);
                    let width = max_line_length[j - i];
                    s.push_str(&pad(&cell, width, pad_start));
                    j += 1;
                }
                if pad_start {
                    let width = max_line_length[j - i] - separator_space;
                    s.push_str(&pad(&output[j], width, true));
                } else {
                    s.push_str(&output[j]);
                }
                tmp.push(s);
                i += columns;
            }
            if has_more {
                tmp.push(output[output_length].clone());
            }
            return tmp;
        }
        output
    }
}

fn pad(s: &str, width: usize, start: bool) -> String {
    let n = s.chars().count();
    if n >= width {
        return s.to_string();
    }
    let fill = " ".repeat(width - n);
    if start {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

fn remaining_text(n: usize) -> String {
    format!("... {n} more item{}", if n > 1 { "s" } else { "" })
}
