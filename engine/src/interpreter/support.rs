//! Slower instructions kept out of the dispatch loop: dynamic scope lookups (`with`, direct
//! `eval`), classes and `super`, private names, template objects.

use crate::atoms::{names, PropKey};
use crate::bytecode::TemplateSite;
use crate::compiler::EvalSite;
use crate::heap::Gc;
use crate::object::{attrs, flags, Env, JsObject, ObjectKind};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, Key, PropertyDescriptor, Vm, WellKnown};

enum Found {
    Slot(Gc<Env>, usize),
    Object(Gc<JsObject>),
    Global,
}

impl Vm {
    fn resolve_dynamic(&mut self, key: PropKey) -> JsResult<Found> {
        let mut env = self.frames.last().unwrap().env;
        while let Some(e) = env {
            if e.layout.is_with {
                if let Some(o) = e.object().as_object() {
                    if self.has_property(o, Key::Named(key))? {
                        let uk = self.symbol_key(WellKnown::Unscopables);
                        let unscopables = self.get(o, Key::Named(uk), e.object())?;
                        let blocked = match unscopables.as_object() {
                            Some(u) => {
                                let b = self.get(u, Key::Named(key), unscopables)?;
                                self.to_boolean(b)
                            }
                            None => false,
                        };
                        if !blocked {
                            return Ok(Found::Object(o));
                        }
                    }
                }
            } else {
                let slot = e.layout.names.iter().position(|&n| n == key.raw());
                // A var that eval in the parameter expressions declared shadows a body-level
                // lexical binding of the same name until that one is initialised (in the spec
                // they live in different environments).
                if let Some(i) = slot.filter(|&i| !e.get(i).is_empty() || !e.layout.var_scope) {
                    return Ok(Found::Slot(e, i));
                }
                if let Some(o) = e.object().as_object() {
                    if self.get_own_property(o, Key::Named(key)).is_some() {
                        return Ok(Found::Object(o));
                    }
                }
                if let Some(i) = slot {
                    return Ok(Found::Slot(e, i));
                }
            }
            env = e.parent;
        }
        Ok(Found::Global)
    }

    /// Load of a name that static analysis could not resolve.
    pub(crate) fn lookup_dynamic(&mut self, key: PropKey, or_undefined: bool) -> JsResult<Value> {
        match self.resolve_dynamic(key)? {
            Found::Slot(e, i) => {
                let v = e.get(i);
                if v.is_empty() {
                    return Err(self.tdz_error(key));
                }
                Ok(v)
            }
            Found::Object(o) => self.get(o, Key::Named(key), Value::object(o)),
            Found::Global => {
                if let Some(r) = self.global_lex_get(key) {
                    return r;
                }
                let g = self.realm.global;
                if self.has_property(g, Key::Named(key))? {
                    self.get(g, Key::Named(key), Value::object(g))
                } else if or_undefined {
                    Ok(Value::UNDEFINED)
                } else {
                    let name = self.key_name(key);
                    Err(self.reference_error(&format!("{name} is not defined")))
                }
            }
        }
    }

    /// Store to a name that static analysis could not resolve.
    pub(crate) fn store_dynamic(&mut self, key: PropKey, v: Value, strict: bool) -> JsResult<()> {
        match self.resolve_dynamic(key)? {
            Found::Slot(e, i) => {
                if e.get(i).is_empty() {
                    return Err(self.tdz_error(key));
                }
                if e.layout.consts.get(i).copied().unwrap_or(false) {
                    return Err(self.const_assign_error(key));
                }
                Env::set(e, i, v);
                Ok(())
            }
            Found::Object(o) => self.set_or_throw(o, Key::Named(key), v, Value::object(o), strict),
            Found::Global => {
                if let Some(r) = self.global_lex_set(key, v) {
                    return r;
                }
                let g = self.realm.global;
                if strict && !self.has_property(g, Key::Named(key))? {
                    let name = self.key_name(key);
                    return Err(self.reference_error(&format!("{name} is not defined")));
                }
                self.set_or_throw(g, Key::Named(key), v, Value::object(g), strict)
            }
        }
    }

    /// `DeclareEvalVar`: a `var` (or function) of sloppy direct eval code joins the nearest
    /// variable environment (ECMA-262 §19.2.1.3): a slot already declared there, else a
    /// deletable binding in the environment's eval object, or a global property. A lexical
    /// binding of the same name on the way is a redeclaration.
    /// `in_params`: eval in parameter expressions, where the function body's lexical
    /// bindings (which share the function's environment here) do not exist yet.
    pub(crate) fn declare_eval_var(&mut self, key: PropKey, in_params: bool) -> JsResult<()> {
        let mut env = self.frames.last().unwrap().env;
        while let Some(e) = env {
            if !e.layout.is_with {
                if let Some(i) = e.layout.names.iter().position(|&n| n == key.raw()) {
                    let lexical = e.layout.lexical.get(i).copied().unwrap_or(false);
                    if lexical && !(in_params && e.layout.var_scope) {
                        let msg = self.redeclaration(key).0;
                        return Err(self.syntax_error(&msg));
                    }
                    if e.layout.var_scope && !lexical {
                        return Ok(());
                    }
                }
                if e.layout.var_scope {
                    let o = match e.object().as_object() {
                        Some(o) => o,
                        None => {
                            let o = self.new_object_with(None, ObjectKind::Ordinary);
                            Env::set_object(e, Value::object(o));
                            o
                        }
                    };
                    if self.get_own_property(o, Key::Named(key)).is_none() {
                        let a = attrs::WRITABLE | attrs::ENUMERABLE | attrs::CONFIGURABLE;
                        self.put_own(o, Key::Named(key), Value::UNDEFINED, Value::UNDEFINED, a);
                    }
                    return Ok(());
                }
            }
            env = e.parent;
        }
        if self.global_lex_slot(key).is_some() {
            let msg = self.redeclaration(key).0;
            return Err(self.syntax_error(&msg));
        }
        let g = self.realm.global;
        if self.get_own_property(g, Key::Named(key)).is_none() {
            let desc = PropertyDescriptor {
                value: Some(Value::UNDEFINED),
                writable: Some(true),
                enumerable: Some(true),
                configurable: Some(true),
                ..Default::default()
            };
            self.define_own_property(g, Key::Named(key), desc)?;
        }
        Ok(())
    }

    /// `delete name` in sloppy code.
    pub(crate) fn delete_dynamic(&mut self, key: PropKey) -> JsResult<bool> {
        match self.resolve_dynamic(key)? {
            Found::Slot(..) => Ok(false),
            Found::Object(o) => self.delete(o, Key::Named(key)),
            Found::Global => {
                if self.global_lex_slot(key).is_some() {
                    return Ok(false);
                }
                let g = self.realm.global;
                self.delete(g, Key::Named(key))
            }
        }
    }

    /// `DefineMethod`: kind 0 class method, 1 getter, 2 setter, 3 object-literal method,
    /// 4 class getter (non-enumerable), 5 class setter (non-enumerable).
    pub(crate) fn define_method_op(
        &mut self,
        target: Value,
        key: Value,
        func: Value,
        kind: u32,
    ) -> JsResult<()> {
        let o = target.as_object().unwrap();
        let f = func.as_object().unwrap();
        let k = self.to_property_key(key)?;
        if let ObjectKind::Function(c) = &mut f.inner().kind {
            c.home = target;
        }
        let name = self.key_value(k);
        let enumerable = matches!(kind, 1..=3);
        let desc = match kind {
            1 | 4 => {
                self.set_function_name(f, name, Some("get"));
                PropertyDescriptor {
                    get: Some(func),
                    enumerable: Some(enumerable),
                    configurable: Some(true),
                    ..Default::default()
                }
            }
            2 | 5 => {
                self.set_function_name(f, name, Some("set"));
                PropertyDescriptor {
                    set: Some(func),
                    enumerable: Some(enumerable),
                    configurable: Some(true),
                    ..Default::default()
                }
            }
            _ => {
                self.set_function_name(f, name, None);
                PropertyDescriptor {
                    value: Some(func),
                    writable: Some(true),
                    enumerable: Some(enumerable),
                    configurable: Some(true),
                    ..Default::default()
                }
            }
        };
        self.define_property_or_throw(o, k, desc)
    }

    pub(crate) fn home_object(&self) -> Value {
        let callee = self.frames.last().unwrap().callee;
        match callee.as_object() {
            Some(o) => match o.kind() {
                ObjectKind::Function(c) => c.home,
                _ => Value::UNDEFINED,
            },
            None => Value::UNDEFINED,
        }
    }

    /// `super[key]` with `this` as receiver (the compiler passes the home object in acc's
    /// place through `LdaHome` when inside arrows; here we read the active function's).
    pub(crate) fn get_super(&mut self, this: Value, key: Value) -> JsResult<Value> {
        let home = self.home_object();
        let k = self.to_property_key(key)?;
        let Some(h) = home.as_object() else {
            return Err(self.syntax_error("'super' keyword unexpected here"));
        };
        match self.get_prototype_of(h)? {
            Some(p) => self.get(p, k, this),
            None => Err(self.type_error("Cannot read properties of null (super)")),
        }
    }

    /// `super[key] = v`.
    pub(crate) fn set_super(
        &mut self,
        this: Value,
        key: Value,
        v: Value,
        strict: bool,
    ) -> JsResult<()> {
        let home = self.home_object();
        let k = self.to_property_key(key)?;
        let Some(h) = home.as_object() else {
            return Err(self.syntax_error("'super' keyword unexpected here"));
        };
        match self.get_prototype_of(h)? {
            Some(p) => {
                let ok = self.set(p, k, v, this)?;
                if !ok && strict {
                    return Err(self.type_error("Cannot assign to read only property of super"));
                }
                Ok(())
            }
            None => Err(self.type_error("Cannot set properties of null (super)")),
        }
    }

    /// The parent constructor for `super(...)` and the `new.target` to pass.
    pub(crate) fn super_constructor(&mut self) -> JsResult<(Gc<JsObject>, Value)> {
        let f = self.frames.last().unwrap();
        let (callee, nt) = (f.callee.as_object().unwrap(), f.new_target);
        let parent = self.get_prototype_of(callee)?;
        match parent {
            Some(p) if p.is_constructor() => Ok((p, nt)),
            _ => Err(self.type_error("Super constructor is not a constructor")),
        }
    }

    /// Binds `this` after `super()` returned and runs field initializers.
    pub(crate) fn bind_this_after_super(&mut self, this: Value) -> JsResult<()> {
        let f = self.frames.last().unwrap();
        let base = f.base as usize;
        if !self.stack[base].is_empty() {
            return Err(self.reference_error("Super constructor may only be called once"));
        }
        self.stack[base] = this;
        let callee = f.callee;
        self.run_field_initializer(callee, this)
    }

    /// Runs a class constructor's field initializer on `this`, if it has one.
    pub(crate) fn run_field_initializer(&mut self, callee: Value, this: Value) -> JsResult<()> {
        let fields = match callee.as_object() {
            Some(o) => match o.kind() {
                ObjectKind::Function(c) => c.fields,
                _ => Value::UNDEFINED,
            },
            None => Value::UNDEFINED,
        };
        if fields.is_object() {
            self.call(fields, this, &[])?;
        }
        Ok(())
    }

    /// `CreateClass`: links the constructor and a fresh prototype to the parent (acc).
    pub(crate) fn create_class(&mut self, ctor: Value, parent: Value) -> JsResult<Value> {
        let c = ctor.as_object().unwrap();
        let (proto_parent, ctor_parent) = if parent.is_empty() {
            (
                Some(self.intrinsic(Intrinsic::ObjectPrototype)),
                self.intrinsic(Intrinsic::FunctionPrototype),
            )
        } else if parent.is_null() {
            (None, self.intrinsic(Intrinsic::FunctionPrototype))
        } else {
            if !self.is_constructor(parent) {
                return Err(self.type_error("Class extends value is not a constructor or null"));
            }
            let po = parent.as_object().unwrap();
            let pp = self.get(po, Key::Named(names::PROTOTYPE), parent)?;
            let pp = if pp.is_null() {
                None
            } else if let Some(o) = pp.as_object() {
                Some(o)
            } else {
                return Err(
                    self.type_error("Class extends value does not have valid prototype property")
                );
            };
            (pp, po)
        };
        let proto = self.new_object_with(proto_parent, ObjectKind::Ordinary);
        c.inner().proto = Some(ctor_parent);
        ctor_parent.inner().flags |= flags::IS_PROTO;
        self.define_value_property(c, names::PROTOTYPE, Value::object(proto), 0);
        self.define_value_property(proto, names::CONSTRUCTOR, ctor, attrs::HIDDEN);
        if let ObjectKind::Function(cl) = &mut c.inner().kind {
            cl.home = Value::object(proto);
        }
        Ok(Value::object(proto))
    }

    /// `obj.#name`: private names are symbols stored as own, non-enumerable properties that
    /// are never visible to reflection (own_keys filters private symbols).
    pub(crate) fn private_get(&mut self, obj: Value, name: Value) -> JsResult<Value> {
        let key = self.private_key(name);
        let Some(o) = obj.as_object() else {
            return Err(self.type_error("Cannot read private member from a non-object"));
        };
        match self.get_own_property(o, Key::Named(key)) {
            Some(p) if p.attrs & attrs::ACCESSOR != 0 => {
                if p.value.is_undefined() {
                    return Err(self.type_error("'#x' was defined without a getter"));
                }
                self.call(p.value, obj, &[])
            }
            Some(p) => Ok(p.value),
            None => Err(self.type_error(
                "Cannot read private member from an object whose class did not declare it",
            )),
        }
    }

    /// `obj.#name = v`.
    pub(crate) fn private_set(&mut self, obj: Value, name: Value, v: Value) -> JsResult<()> {
        let key = self.private_key(name);
        let Some(o) = obj.as_object() else {
            return Err(self.type_error("Cannot write private member to a non-object"));
        };
        match self.get_own_property(o, Key::Named(key)) {
            Some(p) if p.attrs & attrs::ACCESSOR != 0 => {
                if p.setter.is_undefined() {
                    return Err(self.type_error("'#x' was defined without a setter"));
                }
                self.call(p.setter, obj, &[v])?;
                Ok(())
            }
            Some(p) if p.attrs & attrs::WRITABLE == 0 => {
                Err(self.type_error("Private method is not writable"))
            }
            Some(p) => {
                self.put_own(o, Key::Named(key), v, Value::UNDEFINED, p.attrs);
                Ok(())
            }
            None => Err(self.type_error(
                "Cannot write private member to an object whose class did not declare it",
            )),
        }
    }

    /// Defines a private field (or method/accessor when `v` is an accessor pair marker).
    pub(crate) fn private_define(&mut self, obj: Value, name: Value, v: Value) -> JsResult<()> {
        let key = self.private_key(name);
        let o = obj.as_object().unwrap();
        if self.get_own_property(o, Key::Named(key)).is_some() {
            return Err(self.type_error("Cannot initialize private field twice on the same object"));
        }
        self.put_own(o, Key::Named(key), v, Value::UNDEFINED, attrs::WRITABLE);
        Ok(())
    }

    /// `#name in obj`.
    pub(crate) fn private_in(&mut self, obj: Value, name: Value) -> JsResult<Value> {
        let Some(o) = obj.as_object() else {
            return Err(self.type_error(
                "Cannot use 'in' operator to search for a private field in a non-object",
            ));
        };
        let key = self.private_key(name);
        Ok(Value::bool(
            self.get_own_property(o, Key::Named(key)).is_some(),
        ))
    }

    fn private_key(&mut self, name: Value) -> PropKey {
        self.atoms
            .symbol_key(name.as_symbol().expect("private name symbol"))
    }

    /// The frozen template object of a tagged template call site.
    pub(crate) fn template_object(&mut self, site: &TemplateSite) -> Value {
        let cached = site.cache.get();
        if cached.is_object() {
            return cached;
        }
        let cooked: Vec<Value> = site
            .cooked
            .iter()
            .map(|c| c.unwrap_or(Value::UNDEFINED))
            .collect();
        let raw = self.new_array(site.raw.clone());
        let arr = self.new_array(cooked);
        self.define_value_property(arr, names::RAW, Value::object(raw), 0);
        for o in [raw, arr] {
            let _ = crate::builtins::set_integrity_level(self, o, true);
        }
        let v = Value::object(arr);
        site.cache.set(v);
        self.pinned.push(v);
        v
    }

    /// Is `f` the realm's `%eval%` (so `eval(...)` is a direct eval)?
    pub(crate) fn is_intrinsic_eval(&self, f: Value) -> bool {
        f == Value::object(self.intrinsic(Intrinsic::Eval))
    }

    /// Direct `eval(src)`: runs in the caller's environment, `this` and strictness.
    /// `pc` is the call's offset in the caller (parameter expressions or body).
    pub(crate) fn direct_eval(&mut self, args: &[Value], pc: usize) -> JsResult<Value> {
        let src = args.first().copied().unwrap_or(Value::UNDEFINED);
        let Some(s) = src.as_string() else {
            return Ok(src);
        };
        let f = self.frames.last().unwrap();
        let (strict, env, this, nt, callee) = (
            f.code().flags.strict,
            f.env,
            self.stack[f.base as usize],
            f.new_target,
            f.callee,
        );
        let code_flags = f.code().flags;
        let in_function = !code_flags.is_script;
        let site = match (pc < f.code().body_start as usize, code_flags.arrow) {
            (false, _) => EvalSite::Body,
            (true, true) => EvalSite::ArrowParams,
            (true, false) => EvalSite::FunctionParams,
        };
        let src = s.to_rust_string();
        let code = crate::compiler::compile_eval(self, &src, strict, in_function, site)?;
        self.run_code_in(code, env, this, nt, callee)
    }
}
