//! Creating function objects from compiled code.

use crate::atoms::{names, PropKey};
use crate::bytecode::CodeBlock;
use crate::heap::{write_barrier, Gc};
use crate::object::{attrs, flags, Closure, Env, JsObject, ObjectKind};
use crate::value::Value;
use crate::vm::{Intrinsic, Vm};
use std::rc::Rc;

impl Vm {
    /// A closure of `code` over `env`, with `length`, `name` and (for constructors and
    /// generators) `prototype`.
    pub(crate) fn create_closure(
        &mut self,
        code: &Rc<CodeBlock>,
        env: Option<Gc<Env>>,
    ) -> Gc<JsObject> {
        let f = code.flags;
        let proto = self.intrinsic(match (f.generator, f.is_async) {
            (true, true) => Intrinsic::AsyncGeneratorFunctionPrototype,
            (true, false) => Intrinsic::GeneratorFunctionPrototype,
            (false, true) => Intrinsic::AsyncFunctionPrototype,
            (false, false) => Intrinsic::FunctionPrototype,
        });
        let is_ctor = !f.arrow && !f.method && !f.generator && !f.is_async && !f.no_construct;
        let mut fl = flags::EXTENSIBLE | flags::CALLABLE;
        if is_ctor || f.class_constructor {
            fl |= flags::CONSTRUCTOR;
        }
        if f.class_constructor {
            fl |= flags::CLASS_CONSTRUCTOR;
        }
        let lexical = if f.arrow {
            // Arrows see the `this`, `new.target` and home object of the frame that creates
            // them.
            match self.frames.last() {
                Some(fr) => Some(Box::new([self.stack[fr.base as usize], fr.new_target])),
                None => Some(Box::new([Value::UNDEFINED; 2])),
            }
        } else {
            None
        };
        let home = match (f.arrow, self.frames.last()) {
            (true, Some(fr)) => match fr.callee.as_object().map(|o| match o.kind() {
                ObjectKind::Function(c) => c.home,
                _ => Value::UNDEFINED,
            }) {
                Some(h) => h,
                None => Value::UNDEFINED,
            },
            _ => Value::UNDEFINED,
        };
        let closure = Closure {
            code: code.clone(),
            env,
            home,
            fields: Value::UNDEFINED,
            lexical,
        };
        let o = self.alloc_object(JsObject::new(
            Some(proto),
            ObjectKind::Function(Box::new(closure)),
            fl,
        ));
        let length = Value::int(code.length as i32);
        let name = self.function_name_atom(code);
        let name = self.key_to_value(name);
        if f.generator || (is_ctor && !f.class_constructor) {
            // The `prototype` object is made on first use (`lazy_prototype`): most functions
            // are never constructed, and a callback made per call should not cost two objects.
            let shape = self.fn_shapes.length_name_prototype;
            self.init_slots(o, shape, &[length, name, Value::LAZY_PROTOTYPE]);
        } else {
            let shape = self.fn_shapes.length_name;
            self.init_slots(o, shape, &[length, name]);
        }
        o
    }

    /// The value of slot `slot` of `o`, making a function's `prototype` object if the slot
    /// still holds the placeholder. Every read of an object's slot that can reach JS goes
    /// through here (or falls back to a path that does).
    #[inline(always)]
    pub(crate) fn slot_value(&mut self, o: Gc<JsObject>, slot: usize) -> Value {
        let v = o.inner().slots[slot];
        if v == Value::LAZY_PROTOTYPE {
            return self.lazy_prototype(o, slot);
        }
        v
    }

    /// Makes the `prototype` object of the function `f` that `create_closure` left as a
    /// placeholder in slot `slot`, exactly as it would have made it then (OrdinaryFunctionCreate
    /// step "MakeConstructor", or the generator's prototype), and stores it there. The object
    /// is new and nothing could have observed its absence, so the delay is invisible.
    #[cold]
    fn lazy_prototype(&mut self, f: Gc<JsObject>, slot: usize) -> Value {
        let generator = match f.kind() {
            ObjectKind::Function(c) => c.code.flags.generator.then_some(c.code.flags.is_async),
            _ => unreachable!("only bytecode functions have a lazy prototype"),
        };
        let p = match generator {
            Some(is_async) => {
                let pp = self.intrinsic(if is_async {
                    Intrinsic::AsyncGeneratorPrototype
                } else {
                    Intrinsic::GeneratorPrototype
                });
                self.new_object_with(Some(pp), ObjectKind::Ordinary)
            }
            None => {
                let p = self.new_object();
                let shape = self.fn_shapes.constructor;
                self.init_slots(p, shape, &[Value::object(f)]);
                p
            }
        };
        let v = Value::object(p);
        write_barrier(f, v);
        f.inner().slots[slot] = v;
        v
    }

    /// The atom of `code`'s name, interned once per code block.
    fn function_name_atom(&mut self, code: &CodeBlock) -> PropKey {
        if let Some(k) = code.name_atom.get() {
            return k;
        }
        let k = self.intern(&code.name);
        code.name_atom.set(Some(k));
        k
    }

    /// `SetFunctionName` for anonymous functions given a name by their context.
    pub(crate) fn set_function_name(&mut self, f: Gc<JsObject>, name: Value, prefix: Option<&str>) {
        let mut s = if let Some(sym) = name.as_symbol() {
            match sym.description.as_string() {
                Some(d) => format!("[{}]", d.to_rust_string()),
                None => String::new(),
            }
        } else {
            name.as_string()
                .map(|s| s.to_rust_string())
                .unwrap_or_default()
        };
        if let Some(p) = prefix {
            s = if s.is_empty() {
                p.to_string()
            } else {
                format!("{p} {s}")
            };
        }
        let v = self.new_string(&s);
        self.define_value_property(f, names::NAME, v, attrs::CONFIGURABLE);
    }
}
