//! The global lexical environment: the declarative part of the global Environment Record
//! (ES2025 §9.1.1.4), holding the top-level `let`/`const`/`class` bindings of every classic
//! script of the realm, so a later script (or the next REPL input) sees them.
//!
//! Bindings are own properties of `Realm::global_lex`, an ordinary object that never goes to
//! dictionary mode, so accesses use the same shape inline caches as properties. An uninitialized
//! binding (temporal dead zone) holds `Value::EMPTY`; `const` bindings are not writable. The
//! shape of `global_lex` changes exactly when a binding is added, which is what global-object
//! ICs check to notice a new lexical binding shadowing a global property.

use crate::atoms::PropKey;
use crate::bytecode::{CodeBlock, Feedback, IcEntry};
use crate::object::{attrs, ShapeId};
use crate::value::Value;
use crate::vm::{JsResult, Key, Vm};

/// Why a script's declarations cannot be instantiated (GlobalDeclarationInstantiation).
pub(crate) struct Redeclaration(pub String);

impl Vm {
    /// The current shape of the lexical record (global-object ICs are valid only while it
    /// is unchanged).
    #[inline(always)]
    pub(crate) fn global_lex_shape(&self) -> ShapeId {
        self.realm.global_lex.inner().shape
    }

    /// The slot and attributes of lexical binding `key`, if declared.
    pub(crate) fn global_lex_slot(&self, key: PropKey) -> Option<(u32, u8)> {
        self.shapes.lookup(self.realm.global_lex.inner().shape, key)
    }

    /// Reads a lexical binding by slot, throwing in its temporal dead zone.
    fn read_global_lex(&mut self, key: PropKey, slot: u32) -> JsResult<Value> {
        let v = self.realm.global_lex.inner().slots[slot as usize];
        if v.is_empty() {
            return Err(self.tdz_error(key));
        }
        Ok(v)
    }

    /// `LdaGlobalLex`: a binding the compiler resolved to the lexical record.
    pub(crate) fn load_global_lex(
        &mut self,
        key: PropKey,
        code: &CodeBlock,
        fb: u32,
    ) -> JsResult<Value> {
        let shape = self.global_lex_shape();
        let slot = match code.feedback(fb) {
            Feedback::Property(ic) if ic.entries[0].shape == shape => ic.entries[0].slot,
            _ => self.record_global_lex_ic(key, code, fb)?.0,
        };
        self.read_global_lex(key, slot)
    }

    /// `StaGlobalLex` (`init == false`: TDZ and `const` checked) and `InitGlobalLex`.
    pub(crate) fn store_global_lex(
        &mut self,
        key: PropKey,
        v: Value,
        code: &CodeBlock,
        fb: Option<u32>,
        init: bool,
    ) -> JsResult<()> {
        let shape = self.global_lex_shape();
        let (slot, read_only) = match fb.map(|fb| code.feedback(fb)) {
            Some(Feedback::Property(ic)) if ic.entries[0].shape == shape => {
                (ic.entries[0].slot, ic.entries[0].accessor)
            }
            Some(_) => self.record_global_lex_ic(key, code, fb.unwrap())?,
            None => {
                let (slot, a) = self.global_lex_slot(key).expect("declared lexical binding");
                (slot, a & attrs::WRITABLE == 0)
            }
        };
        self.write_global_lex(key, slot, read_only, v, init)
    }

    /// Writes a lexical binding by slot; unless `init`, refuses bindings in their TDZ and
    /// `const` ones.
    fn write_global_lex(
        &mut self,
        key: PropKey,
        slot: u32,
        read_only: bool,
        v: Value,
        init: bool,
    ) -> JsResult<()> {
        if !init {
            self.read_global_lex(key, slot)?;
            if read_only {
                return Err(self.const_assign_error(key));
            }
        }
        let lex = self.realm.global_lex;
        crate::heap::write_barrier(lex, v);
        lex.inner().slots[slot as usize] = v;
        Ok(())
    }

    /// Finds a binding on an IC miss and caches it; the entry's `accessor` flag marks a
    /// `const` binding. Returns `(slot, read_only)`.
    fn record_global_lex_ic(
        &mut self,
        key: PropKey,
        code: &CodeBlock,
        fb: u32,
    ) -> JsResult<(u32, bool)> {
        let Some((slot, a)) = self.global_lex_slot(key) else {
            // Compiled against a binding that always exists once its script is instantiated.
            let name = self.key_name(key);
            return Err(self.reference_error(&format!("{name} is not defined")));
        };
        let read_only = a & attrs::WRITABLE == 0;
        let shape = self.global_lex_shape();
        code.feedback(fb).record_mono(IcEntry {
            shape,
            proto: 0,
            holder: 0,
            slot,
            new_shape: shape,
            epoch: 0,
            accessor: read_only,
        });
        Ok((slot, read_only))
    }

    /// An unresolved name's lexical binding, checked before the global object (reads).
    pub(crate) fn global_lex_get(&mut self, key: PropKey) -> Option<JsResult<Value>> {
        let (slot, _) = self.global_lex_slot(key)?;
        Some(self.read_global_lex(key, slot))
    }

    /// An unresolved name's lexical binding, checked before the global object (writes).
    pub(crate) fn global_lex_set(&mut self, key: PropKey, v: Value) -> Option<JsResult<()>> {
        let (slot, a) = self.global_lex_slot(key)?;
        Some(self.write_global_lex(key, slot, a & attrs::WRITABLE == 0, v, false))
    }

    /// GlobalDeclarationInstantiation (§16.1.7) for a classic script: refuses redeclarations,
    /// then creates the lexical bindings (in their TDZ) and records the var names. `lexical` is
    /// `(name, is_const)`.
    pub(crate) fn declare_script_globals(
        &mut self,
        lexical: &[(PropKey, bool)],
        vars: &[PropKey],
    ) -> Result<(), Redeclaration> {
        let g = self.realm.global;
        for &(k, _) in lexical {
            let restricted = self
                .get_own_property(g, Key::Named(k))
                .is_some_and(|p| p.attrs & attrs::CONFIGURABLE == 0);
            if self.realm.var_names.contains(&k) || self.global_lex_slot(k).is_some() || restricted
            {
                return Err(self.redeclaration(k));
            }
        }
        if let Some(&k) = vars.iter().find(|&&k| self.global_lex_slot(k).is_some()) {
            return Err(self.redeclaration(k));
        }
        let lex = self.realm.global_lex;
        for &(k, is_const) in lexical {
            let a = if is_const { 0 } else { attrs::WRITABLE };
            self.put_own(lex, Key::Named(k), Value::EMPTY, Value::UNDEFINED, a);
        }
        self.realm.var_names.extend(vars.iter().copied());
        Ok(())
    }

    /// `Identifier 'x' has already been declared` (thrown as a SyntaxError).
    pub(crate) fn redeclaration(&self, k: PropKey) -> Redeclaration {
        Redeclaration(format!(
            "Identifier '{}' has already been declared",
            self.key_name(k)
        ))
    }

    /// `ReferenceError: Cannot access 'x' before initialization`.
    pub(crate) fn tdz_error(&mut self, key: PropKey) -> Value {
        let name = self.key_name(key);
        self.reference_error(&format!("Cannot access '{name}' before initialization"))
    }

    /// `TypeError: Assignment to constant variable.` (V8's wording, without the name).
    pub(crate) fn const_assign_error(&mut self, _key: PropKey) -> Value {
        self.type_error("Assignment to constant variable.")
    }
}
