//! Classes: constructor, prototype methods and accessors, static members, instance fields
//! (compiled into an initializer function the constructor runs), private names (fresh
//! symbols kept in a class environment).

use super::function::{CEnv, CResult, Compiler};
use crate::bytecode::{CodeFlags, Constant, Op};
use crate::object::env::EnvLayout;
use oxc_ast::ast::*;
use rustc_hash::FxHashMap;
use std::rc::Rc;

/// Member kind codes for `DefineMethod`.
const METHOD: i64 = 0;
const GETTER: i64 = 4;
const SETTER: i64 = 5;

impl<'a, 'v> Compiler<'a, 'v> {
    /// Compiles a class definition; the constructor is left in acc.
    pub(super) fn class(&mut self, c: &Class<'a>, name_override: Option<&str>) -> CResult<()> {
        let mark = self.reg_mark();
        let name =
            c.id.as_ref()
                .map(|i| i.name.to_string())
                .or(name_override.map(str::to_string))
                .unwrap_or_default();
        let scope_pushed = self.declare_scope(c.scope_id(), true);
        let privates_pushed = self.declare_private_names(c);
        let parent = self.alloc_reg();
        match &c.heritage {
            Some(h) => self.expression(&h.expression)?,
            None => self.emit(Op::LdaHole, &[]),
        }
        self.emit(Op::Star, &[parent as i64]);
        let derived = c.heritage.is_some();
        let ctor_code = self.constructor(c, &name, derived)?;
        let k = self.constant(Constant::Function(ctor_code));
        let ctor = self.alloc_reg();
        self.emit(Op::CreateClosure, &[k]);
        self.emit(Op::Star, &[ctor as i64]);
        self.emit(Op::Ldar, &[parent as i64]);
        self.mark(c.span);
        self.emit(Op::CreateClass, &[ctor as i64]);
        let proto = self.alloc_reg();
        self.emit(Op::Star, &[proto as i64]);
        let mut has_instance_init = false;
        let mut has_static_init = false;
        for el in &c.body.body {
            match el {
                ClassElement::MethodDefinition(m)
                    if m.kind == MethodDefinitionKind::Constructor => {}
                ClassElement::MethodDefinition(m) => {
                    if let PropertyKey::PrivateIdentifier(_) = &m.key {
                        if m.r#static {
                            has_static_init = true;
                        } else {
                            has_instance_init = true;
                        }
                        continue;
                    }
                    let target = if m.r#static { ctor } else { proto };
                    let inner = self.reg_mark();
                    let key = self.property_key_reg(&m.key)?;
                    let mname = if m.computed {
                        String::new()
                    } else {
                        Self::static_key(&m.key).unwrap_or_default()
                    };
                    let code = self.compile_method(&m.value, &mname, true)?;
                    let kc = self.constant(Constant::Function(code));
                    self.emit(Op::CreateClosure, &[kc]);
                    let kind = match m.kind {
                        MethodDefinitionKind::Get => GETTER,
                        MethodDefinitionKind::Set => SETTER,
                        _ => METHOD,
                    };
                    self.emit(Op::DefineMethod, &[target as i64, key as i64, kind]);
                    self.free_to(inner);
                }
                ClassElement::PropertyDefinition(p) => {
                    if p.computed {
                        return self.unsupported(p.span, "computed class field names");
                    }
                    if p.r#static {
                        has_static_init = true;
                    } else {
                        has_instance_init = true;
                    }
                }
                ClassElement::StaticBlock(_) => has_static_init = true,
                ClassElement::AccessorProperty(a) => {
                    return self.unsupported(a.span, "auto-accessors")
                }
                ClassElement::TSIndexSignature(s) => {
                    return self.unsupported(s.span, "TypeScript syntax")
                }
            }
        }
        if has_instance_init {
            let code = self.member_initializer(c, false)?;
            let kc = self.constant(Constant::Function(code));
            self.emit(Op::CreateClosure, &[kc]);
            self.emit(Op::SetHome, &[proto as i64]);
            self.emit(Op::SetFields, &[ctor as i64]);
        }
        // The inner class binding is initialized before static initializers run.
        if let Some(id) = &c.id {
            self.emit(Op::Ldar, &[ctor as i64]);
            self.store_symbol(id.symbol_id(), id.name.as_str(), true);
        }
        if has_static_init {
            let code = self.member_initializer(c, true)?;
            let kc = self.constant(Constant::Function(code));
            let call = self.alloc_regs(2);
            self.emit(Op::CreateClosure, &[kc]);
            self.emit(Op::SetHome, &[ctor as i64]);
            self.emit(Op::Star, &[call as i64]);
            self.emit(Op::Mov, &[ctor as i64, (call + 1) as i64]);
            let fb = self.feedback();
            self.emit(Op::Call, &[call as i64, (call + 1) as i64, 0, fb]);
        }
        self.emit(Op::Ldar, &[ctor as i64]);
        if privates_pushed {
            self.private_scopes.pop();
            self.pop_scope();
        }
        if scope_pushed {
            self.pop_scope();
        }
        self.free_to(mark);
        Ok(())
    }

    /// Creates one private-name symbol per `#name` declared in the class body, in a new env.
    fn declare_private_names(&mut self, c: &Class<'a>) -> bool {
        let mut names: Vec<String> = Vec::new();
        for el in &c.body.body {
            let key = match el {
                ClassElement::MethodDefinition(m) => &m.key,
                ClassElement::PropertyDefinition(p) => &p.key,
                ClassElement::AccessorProperty(a) => &a.key,
                _ => continue,
            };
            if let PropertyKey::PrivateIdentifier(p) = key {
                if !names.iter().any(|n| n == p.name.as_str()) {
                    names.push(p.name.to_string());
                }
            }
        }
        if names.is_empty() {
            return false;
        }
        let env = self.envs.len();
        let layout = Rc::new(EnvLayout {
            names: names
                .iter()
                .map(|n| self.vm.intern(&format!("#{n}")).raw())
                .collect(),
            consts: vec![true; names.len()],
            ..Default::default()
        });
        let n = names.len() as u32;
        self.envs.push(CEnv {
            layout: layout.clone(),
        });
        let k = self.constant(Constant::Layout(layout));
        self.emit(Op::PushEnv, &[k, n as i64]);
        self.f().env_depth += 1;
        let mut map = FxHashMap::default();
        for (i, name) in names.iter().enumerate() {
            let desc = self.string_const(&format!("#{name}"));
            self.emit(Op::CreatePrivateName, &[desc]);
            self.emit(Op::StaEnv, &[0, i as i64]);
            map.insert(name.clone(), (env, i as u32));
        }
        self.private_scopes.push(map);
        true
    }

    /// Loads the private-name symbol for `#name` into a fresh register.
    pub(super) fn private_name_reg(&mut self, name: &str) -> CResult<u16> {
        let found = self
            .private_scopes
            .iter()
            .rev()
            .find_map(|m| m.get(name).copied());
        let Some((env, slot)) = found else {
            return Err(self.error(
                oxc_span::Span::default(),
                &format!("Private field '#{name}' must be declared in an enclosing class"),
            ));
        };
        let r = self.alloc_reg();
        let d = self.env_depth_of(env);
        self.emit(Op::LdaEnv, &[d, slot as i64]);
        self.emit(Op::Star, &[r as i64]);
        Ok(r)
    }

    fn constructor(
        &mut self,
        c: &Class<'a>,
        name: &str,
        derived: bool,
    ) -> CResult<Rc<crate::bytecode::CodeBlock>> {
        let flags = CodeFlags {
            strict: true,
            class_constructor: true,
            derived,
            ..Default::default()
        };
        let ctor = c.body.body.iter().find_map(|el| match el {
            ClassElement::MethodDefinition(m) if m.kind == MethodDefinitionKind::Constructor => {
                Some(m)
            }
            _ => None,
        });
        if let Some(m) = ctor {
            let Some(body) = &m.value.body else {
                return self.unsupported(m.span, "a constructor without a body");
            };
            return self.compile_function_body(
                flags,
                name,
                m.value.scope_id(),
                &m.value.params,
                &body.statements,
                None,
                c.span,
            );
        }
        // Default constructor: `constructor(...args) { super(...args); }` or empty.
        let flags = CodeFlags {
            keeps_arguments: derived,
            ..flags
        };
        self.begin_function(flags);
        if derived {
            let first = self.alloc_regs(2);
            self.emit(Op::CreateRest, &[0]);
            self.emit(Op::Star, &[(first + 1) as i64]);
            self.emit(Op::SuperCallSpread, &[first as i64]);
        } else {
            self.emit(Op::InitFields, &[]);
        }
        self.emit(Op::LdaUndefined, &[]);
        self.emit(Op::Return, &[]);
        self.end_function(name.to_string(), 0, 0, c.span)
    }

    /// The function that defines instance fields and private methods on `this` (or, for
    /// `statik`, runs static fields and static blocks with `this` = the constructor).
    fn member_initializer(
        &mut self,
        c: &Class<'a>,
        statik: bool,
    ) -> CResult<Rc<crate::bytecode::CodeBlock>> {
        let flags = CodeFlags {
            strict: true,
            method: true,
            no_construct: true,
            ..Default::default()
        };
        self.begin_function(flags);
        let this = 0u16;
        for el in &c.body.body {
            match el {
                ClassElement::MethodDefinition(m) if m.r#static == statik => {
                    let PropertyKey::PrivateIdentifier(p) = &m.key else {
                        continue;
                    };
                    let nm = self.private_name_reg(p.name.as_str())?;
                    let code = self.compile_method(&m.value, &format!("#{}", p.name), true)?;
                    let kc = self.constant(Constant::Function(code));
                    self.emit(Op::CreateClosure, &[kc]);
                    if m.kind != MethodDefinitionKind::Method {
                        return self.unsupported(m.span, "private accessors");
                    }
                    self.emit(Op::DefinePrivate, &[this as i64, nm as i64]);
                    self.free_to(nm);
                }
                ClassElement::PropertyDefinition(p) if p.r#static == statik => {
                    let mark = self.reg_mark();
                    match &p.key {
                        PropertyKey::PrivateIdentifier(id) => {
                            let nm = self.private_name_reg(id.name.as_str())?;
                            match &p.value {
                                Some(v) => self.named_value(v, &format!("#{}", id.name))?,
                                None => self.emit(Op::LdaUndefined, &[]),
                            }
                            self.emit(Op::DefinePrivate, &[this as i64, nm as i64]);
                        }
                        key => {
                            let name = Self::static_key(key).unwrap_or_default();
                            let k = self.property_key_reg(key)?;
                            match &p.value {
                                Some(v) => self.named_value(v, &name)?,
                                None => self.emit(Op::LdaUndefined, &[]),
                            }
                            self.emit(Op::DefineKeyed, &[this as i64, k as i64]);
                        }
                    }
                    self.free_to(mark);
                }
                ClassElement::StaticBlock(b) if statik => {
                    let mark = self.reg_mark();
                    let pushed = self.declare_scope(b.scope_id(), true);
                    self.hoist_functions(&b.body)?;
                    for s in &b.body {
                        self.statement(s)?;
                    }
                    if pushed {
                        self.pop_scope();
                    }
                    self.free_to(mark);
                }
                _ => {}
            }
        }
        self.emit(Op::LdaUndefined, &[]);
        self.emit(Op::Return, &[]);
        self.end_function(String::new(), 0, 0, c.span)
    }
}
