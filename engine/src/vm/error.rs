//! Creating Error objects with a V8-style `stack`, and throwing the common error types.

use super::{Intrinsic, Vm};
use crate::atoms::names;
use crate::heap::Gc;
use crate::object::{attrs, flags, JsObject, ObjectKind};
use crate::value::Value;

/// How many frames a `stack` string shows (V8's default).
const STACK_TRACE_LIMIT: usize = 10;

impl Vm {
    /// A new error object of the given prototype with `message` and a captured `stack`.
    pub fn make_error(&mut self, proto: Intrinsic, message: &str) -> Value {
        let p = self.intrinsic(proto);
        let o = self.new_object_with(Some(p), ObjectKind::Ordinary);
        o.inner().flags |= flags::ERROR_DATA;
        let m = self.new_string(message);
        self.define_value_property(o, names::MESSAGE, m, attrs::HIDDEN);
        self.attach_stack(o);
        Value::object(o)
    }

    /// Records the current stack in `o`'s `[[ErrorData]]` (read by `Error.prototype.stack`).
    pub(crate) fn attach_stack(&mut self, o: Gc<JsObject>) {
        let v = self.capture_stack_string(Value::object(o));
        let key = self.error_stack_key;
        self.put_own(
            o,
            super::Key::Named(key),
            v,
            Value::UNDEFINED,
            attrs::WRITABLE,
        );
    }

    /// `Name: message` of `o` followed by `    at fn (file:line:col)` lines of the current stack.
    pub(crate) fn capture_stack_string(&mut self, o: Value) -> Value {
        let mut s = self.error_header(o);
        for line in self.stack_trace_lines() {
            s.push_str("\n    at ");
            s.push_str(&line);
        }
        self.new_string(&s)
    }

    /// The stack string an error shows: an own `stack` data property if one was set, else the
    /// one captured at construction. `None` for non-errors without an own `stack`.
    pub(crate) fn error_stack(&mut self, o: Gc<JsObject>) -> Option<Value> {
        let own = self
            .get_own_property(o, super::Key::Named(names::STACK))
            .filter(|p| p.attrs & attrs::ACCESSOR == 0)
            .map(|p| p.value);
        let key = self.error_stack_key;
        own.or_else(|| {
            self.get_own_property(o, super::Key::Named(key))
                .map(|p| p.value)
        })
    }

    /// `Name: message` without running user code (reads own/proto data properties only).
    pub(crate) fn error_header(&mut self, v: Value) -> String {
        let Some(o) = v.as_object() else {
            return String::new();
        };
        let read = |vm: &mut Vm, k| {
            let mut cur = Some(o);
            while let Some(c) = cur {
                if let Some(p) = vm.get_own_property(c, super::Key::Named(k)) {
                    if p.attrs & attrs::ACCESSOR == 0 {
                        return p.value.as_string().map(|s| s.to_rust_string());
                    }
                    return None;
                }
                cur = c.inner().proto;
            }
            None
        };
        let name = read(self, names::NAME).unwrap_or_else(|| "Error".into());
        let msg = read(self, names::MESSAGE).unwrap_or_default();
        match (name.is_empty(), msg.is_empty()) {
            (_, true) => name,
            (true, false) => msg,
            (false, false) => format!("{name}: {msg}"),
        }
    }

    /// The current JS stack as `fn (file:line:col)` strings, innermost first.
    pub fn stack_trace_lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for f in self.frames.iter().rev().take(STACK_TRACE_LIMIT) {
            let code = f.code();
            let (line, col) = code.line_col(f.pc);
            let file = &code.source.name;
            if code.flags.is_script || code.name.is_empty() {
                if code.flags.is_script {
                    out.push(format!("{file}:{line}:{col}"));
                } else {
                    out.push(format!("<anonymous> ({file}:{line}:{col})"));
                }
            } else {
                let prefix = if f.construct { "new " } else { "" };
                out.push(format!("{prefix}{} ({file}:{line}:{col})", code.name));
            }
        }
        out
    }

    /// A TypeError value.
    pub fn type_error(&mut self, msg: &str) -> Value {
        self.make_error(Intrinsic::TypeErrorPrototype, msg)
    }

    /// A RangeError value.
    pub fn range_error(&mut self, msg: &str) -> Value {
        self.make_error(Intrinsic::RangeErrorPrototype, msg)
    }

    /// A ReferenceError value.
    pub fn reference_error(&mut self, msg: &str) -> Value {
        self.make_error(Intrinsic::ReferenceErrorPrototype, msg)
    }

    /// A SyntaxError value.
    pub fn syntax_error(&mut self, msg: &str) -> Value {
        self.make_error(Intrinsic::SyntaxErrorPrototype, msg)
    }

    /// The error thrown when the call stack is exhausted.
    pub fn stack_overflow_error(&mut self) -> Value {
        self.range_error("Maximum call stack size exceeded")
    }
}
