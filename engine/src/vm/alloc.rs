//! Allocation helpers. While a builtin is running (`native_depth > 0`) every allocation is also
//! pushed onto the handle stack, so builtins that call back into JS keep what they created alive
//! without explicit rooting; the handles are dropped when the builtin returns.

use super::{Intrinsic, Vm};
use crate::atoms::{names, PropKey};
use crate::heap::{write_barrier, Gc};
use crate::object::{
    attrs, flags, Env, JsObject, NativeFn, NativeFunction, ObjectData, ObjectKind, ShapeId,
};
use crate::string::JsString;
use crate::symbol::JsSymbol;
use crate::value::Value;
use std::rc::Rc;

impl Vm {
    #[inline]
    pub(crate) fn alloc_object(&mut self, obj: JsObject) -> Gc<JsObject> {
        if let Some(p) = obj.inner().proto {
            p.inner().flags |= flags::IS_PROTO;
        }
        let g = self.heap.alloc(obj);
        if self.native_depth > 0 {
            self.handles.push(Value::object(g));
        }
        g
    }

    /// A string value.
    #[inline]
    pub fn new_string(&mut self, s: &str) -> Value {
        self.alloc_js_string(JsString::from_str(s))
    }

    /// A string value from UTF-16 code units.
    #[inline]
    pub fn new_string_units(&mut self, u: &[u16]) -> Value {
        self.alloc_js_string(JsString::from_units(u))
    }

    /// Allocates a prepared string.
    pub fn alloc_js_string(&mut self, s: JsString) -> Value {
        if s.is_empty() {
            return Value::string(self.atoms.string(names::EMPTY));
        }
        let g = self.heap.alloc(s);
        let v = Value::string(g);
        if self.native_depth > 0 {
            self.handles.push(v);
        }
        v
    }

    /// A new symbol.
    pub fn new_symbol(&mut self, description: Value) -> Value {
        self.alloc_symbol(description, false)
    }

    /// A new private name (`#x`): a symbol whose keyed properties reflection never sees.
    pub(crate) fn new_private_symbol(&mut self, description: Value) -> Value {
        self.alloc_symbol(description, true)
    }

    fn alloc_symbol(&mut self, description: Value, private: bool) -> Value {
        let g = self.heap.alloc(JsSymbol {
            description,
            key: Default::default(),
            registered: false,
            private,
        });
        let v = Value::symbol(g);
        if self.native_depth > 0 {
            self.handles.push(v);
        }
        v
    }

    /// A plain object with `Object.prototype`.
    pub fn new_object(&mut self) -> Gc<JsObject> {
        let proto = self.intrinsic(Intrinsic::ObjectPrototype);
        self.alloc_object(JsObject::new(
            Some(proto),
            ObjectKind::Ordinary,
            flags::EXTENSIBLE,
        ))
    }

    /// An object with the given prototype and kind.
    pub fn new_object_with(
        &mut self,
        proto: Option<Gc<JsObject>>,
        kind: ObjectKind,
    ) -> Gc<JsObject> {
        self.alloc_object(JsObject::new(proto, kind, flags::EXTENSIBLE))
    }

    /// An object holding builtin data (Map, Promise, …).
    pub fn new_data_object(
        &mut self,
        proto: Gc<JsObject>,
        data: Box<dyn ObjectData>,
    ) -> Gc<JsObject> {
        let weak = data.is_weak();
        let o = self.new_object_with(Some(proto), ObjectKind::Data(data));
        if weak {
            self.weak_containers.push(o);
        }
        o
    }

    /// An array with the given elements.
    pub fn new_array(&mut self, elements: Vec<Value>) -> Gc<JsObject> {
        let proto = self.intrinsic(Intrinsic::ArrayPrototype);
        let o = JsObject::new(Some(proto), ObjectKind::Array, flags::EXTENSIBLE);
        o.inner().elements = elements;
        self.alloc_object(o)
    }

    /// A closure environment.
    pub(crate) fn new_env(&mut self, env: Env) -> Gc<Env> {
        self.heap.alloc(env)
    }

    /// A builtin function object.
    pub fn new_native_function(&mut self, name: &str, length: u32, f: NativeFn) -> Gc<JsObject> {
        self.new_native_closure(name, length, f, Vec::new(), false)
    }

    /// A builtin function object with captured values; `ctor` makes it a constructor.
    pub fn new_native_closure(
        &mut self,
        name: &str,
        length: u32,
        f: NativeFn,
        captures: Vec<Value>,
        ctor: bool,
    ) -> Gc<JsObject> {
        let proto = self.intrinsic(Intrinsic::FunctionPrototype);
        let fl = flags::EXTENSIBLE | flags::CALLABLE | if ctor { flags::CONSTRUCTOR } else { 0 };
        let o = self.alloc_object(JsObject::new(
            Some(proto),
            ObjectKind::Native(Box::new(NativeFunction { f, captures })),
            fl,
        ));
        let name = self.new_string(name);
        let shape = self.fn_shapes.length_name;
        self.init_slots(o, shape, &[Value::int(length as i32), name]);
        o
    }

    /// Gives a fresh object (no own properties yet) the data properties of `shape` at once:
    /// `values` are its slots in order. `shape` must be one of [`super::FunctionShapes`] (or
    /// otherwise what defining the properties one by one would produce).
    pub(crate) fn init_slots(&mut self, o: Gc<JsObject>, shape: ShapeId, values: &[Value]) {
        debug_assert_eq!(self.shapes.slot_count(shape) as usize, values.len());
        for &v in values {
            write_barrier(o, v);
        }
        let inner = o.inner();
        debug_assert!(inner.shape == ShapeId::ROOT && inner.slots.is_empty());
        inner.shape = shape;
        inner.slots = values.to_vec();
    }

    /// Defines `length` then `name` (non-writable, non-enumerable, configurable), in spec order.
    pub(crate) fn define_function_name_length(&mut self, o: Gc<JsObject>, name: &str, length: u32) {
        let name = self.new_string(name);
        self.define_value_property(
            o,
            names::LENGTH,
            Value::int(length as i32),
            attrs::CONFIGURABLE,
        );
        self.define_value_property(o, names::NAME, name, attrs::CONFIGURABLE);
    }

    /// Adds (or overwrites) an own data property without any checks: for building objects the
    /// VM owns (builtins, literals, fresh results).
    pub fn define_value_property(&mut self, o: Gc<JsObject>, key: PropKey, v: Value, a: u8) {
        self.put_own(o, super::Key::Named(key), v, Value::UNDEFINED, a);
    }

    /// A builtin method on `o` (writable, configurable, not enumerable).
    pub fn define_method(
        &mut self,
        o: Gc<JsObject>,
        name: &str,
        length: u32,
        f: NativeFn,
    ) -> Gc<JsObject> {
        let key = self.intern(name);
        let func = self.new_native_function(name, length, f);
        self.define_value_property(o, key, Value::object(func), attrs::HIDDEN);
        func
    }

    /// A builtin method keyed by a well-known symbol (its name is `[Symbol.x]`).
    pub fn define_symbol_method(
        &mut self,
        o: Gc<JsObject>,
        sym: super::WellKnown,
        length: u32,
        f: NativeFn,
    ) -> Gc<JsObject> {
        let key = self.symbol_key(sym);
        let name = self.key_name(key);
        let func = self.new_native_function(&name, length, f);
        self.define_value_property(o, key, Value::object(func), attrs::HIDDEN);
        func
    }

    /// A builtin accessor (getter and optional setter), configurable, not enumerable.
    pub fn define_accessor(
        &mut self,
        o: Gc<JsObject>,
        key: PropKey,
        get: Option<NativeFn>,
        set: Option<NativeFn>,
    ) {
        let name = self.key_name(key);
        let getter = match get {
            Some(f) => Value::object(self.new_native_function(&format!("get {name}"), 0, f)),
            None => Value::UNDEFINED,
        };
        let setter = match set {
            Some(f) => Value::object(self.new_native_function(&format!("set {name}"), 1, f)),
            None => Value::UNDEFINED,
        };
        self.put_own(
            o,
            super::Key::Named(key),
            getter,
            setter,
            attrs::ACCESSOR | attrs::CONFIGURABLE,
        );
    }

    /// Registers a parsed source file and returns it.
    pub(crate) fn add_script(
        &mut self,
        name: String,
        text: String,
    ) -> Rc<crate::bytecode::SourceFile> {
        let id = self.scripts.len() as u32 + 1;
        let s = Rc::new(crate::bytecode::SourceFile::new(id, name, text));
        self.scripts.push(s.clone());
        s
    }
}
