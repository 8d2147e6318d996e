//! Internal slots of function objects, and the trait for every other kind's data.

use crate::bytecode::CodeBlock;
use crate::heap::{Gc, Trace, Tracer};
use crate::object::Env;
use crate::value::Value;
use crate::vm::{JsResult, NativeCtx, Vm};
use std::any::Any;
use std::rc::Rc;

/// A bytecode function: shared code plus the captured environment.
pub struct Closure {
    /// The compiled function, shared by all its closures.
    pub code: Rc<CodeBlock>,
    /// The environment the function closed over.
    pub env: Option<Gc<Env>>,
    /// `[[HomeObject]]` for methods (`super` lookups), else undefined.
    pub home: Value,
    /// For class constructors: the field initializer function, else undefined.
    pub fields: Value,
    /// Arrow functions: `this` and `new.target` captured at creation (their `arguments` is the
    /// enclosing function's binding, reached through the environment).
    pub lexical: Option<Box<[Value; 2]>>,
}

impl Trace for Closure {
    fn trace(&self, t: &mut Tracer) {
        t.opt(self.env);
        t.value(self.home);
        t.value(self.fields);
        if let Some(l) = &self.lexical {
            t.values(&l[..]);
        }
    }
}

/// A builtin's Rust entry point.
pub type NativeFn = fn(&mut Vm, Value, &[Value], NativeCtx) -> JsResult<Value>;

/// A builtin function.
pub struct NativeFunction {
    /// The entry point.
    pub f: NativeFn,
    /// Values the builtin closes over (promise resolving functions, bound state).
    pub captures: Vec<Value>,
}

/// `Function.prototype.bind` state.
pub struct BoundFunction {
    /// `[[BoundTargetFunction]]`.
    pub target: Value,
    /// `[[BoundThis]]`.
    pub this: Value,
    /// `[[BoundArguments]]`.
    pub args: Vec<Value>,
}

/// `[[ParameterMap]]` of a mapped arguments object (ECMA-262 §10.4.4.7). Instead of the spec's
/// accessor functions, a mapped index names the environment slot of its parameter: the
/// compiler keeps the parameters of such functions in their function environment, so the
/// binding and `arguments[i]` are one storage location until the mapping is removed.
pub struct ParameterMap {
    /// The function environment holding the parameters.
    pub env: Gc<Env>,
    /// Environment slot per argument index, [`ParameterMap::UNMAPPED`] once unmapped (or for
    /// a parameter whose name a later parameter rebinds).
    pub slots: Box<[u32]>,
}

impl ParameterMap {
    /// The marker of an index that is not (or no longer) mapped.
    pub const UNMAPPED: u32 = u32::MAX;

    /// The environment slot that index `i` maps to, if it is mapped.
    #[inline]
    pub fn slot(&self, i: u32) -> Option<usize> {
        self.slots
            .get(i as usize)
            .filter(|&&s| s != Self::UNMAPPED)
            .map(|&s| s as usize)
    }
}

/// Internal data of other object kinds (Map, Promise, Date, iterators, …).
pub trait ObjectData: Trace + Any {
    /// Downcasting.
    fn as_any_mut(&mut self) -> &mut dyn Any;
    /// Bytes owned outside the object (for heap accounting).
    fn extra_bytes(&self) -> usize {
        0
    }
    /// A weak container (WeakMap/WeakSet): after marking, the collector calls
    /// [`ObjectData::sweep_weak`] instead of treating its keys as strong.
    fn is_weak(&self) -> bool {
        false
    }
    /// Ephemeron step: mark the values whose keys are marked; return whether anything new was marked.
    fn trace_ephemerons(&self, _t: &mut Tracer) -> bool {
        false
    }
    /// Drops entries whose keys died.
    fn sweep_weak(&mut self) {}
    /// Exotic internal methods (Proxy, typed arrays, module namespaces), if this kind has them.
    fn exotic(&self) -> Option<&'static dyn crate::vm::exotic::Exotic> {
        None
    }
    /// Is this a Proxy?
    fn is_proxy(&self) -> bool {
        false
    }
}

/// Implements the boilerplate of [`ObjectData`] for a type that also implements [`Trace`].
#[macro_export]
macro_rules! object_data {
    ($t:ty) => {
        impl $crate::object::ObjectData for $t {
            fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
                self
            }
        }
    };
}
