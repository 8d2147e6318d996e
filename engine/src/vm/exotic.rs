//! Dispatch of the internal methods to exotic objects: those whose behaviour lives in their
//! `ObjectData` (Proxy, typed arrays, module namespaces) and mapped arguments objects
//! (`vm::arguments`). Each hook returns `None` when the object uses the ordinary algorithm.

use super::{JsResult, Key, PropertyDescriptor, Vm};
use crate::heap::Gc;
use crate::object::JsObject;
use crate::value::Value;

/// The internal methods an exotic object can override. Implemented by `ObjectData` types that
/// register themselves through [`crate::object::ObjectData`]'s `exotic` hook, and by mapped
/// arguments objects. Every method defaults to `None` (the ordinary algorithm).
pub trait Exotic {
    /// `[[Get]]`.
    fn get(
        &self,
        _vm: &mut Vm,
        _o: Gc<JsObject>,
        _key: Key,
        _receiver: Value,
    ) -> Option<JsResult<Value>> {
        None
    }
    /// `[[Set]]`.
    fn set(
        &self,
        _vm: &mut Vm,
        _o: Gc<JsObject>,
        _key: Key,
        _v: Value,
        _receiver: Value,
    ) -> Option<JsResult<bool>> {
        None
    }
    /// `[[DefineOwnProperty]]`.
    fn define(
        &self,
        _vm: &mut Vm,
        _o: Gc<JsObject>,
        _key: Key,
        _d: PropertyDescriptor,
    ) -> Option<JsResult<bool>> {
        None
    }
    /// `[[Delete]]`.
    fn delete(&self, _vm: &mut Vm, _o: Gc<JsObject>, _key: Key) -> Option<JsResult<bool>> {
        None
    }
    /// `[[HasProperty]]`.
    fn has(&self, _vm: &mut Vm, _o: Gc<JsObject>, _key: Key) -> Option<JsResult<bool>> {
        None
    }
    /// `[[OwnPropertyKeys]]`.
    fn own_keys(&self, _vm: &mut Vm, _o: Gc<JsObject>) -> Option<JsResult<Vec<Key>>> {
        None
    }
    /// `[[GetOwnProperty]]`.
    fn get_own_property(
        &self,
        _vm: &mut Vm,
        _o: Gc<JsObject>,
        _key: Key,
    ) -> Option<JsResult<Option<PropertyDescriptor>>> {
        None
    }
    /// `[[GetPrototypeOf]]`.
    fn get_prototype_of(
        &self,
        _vm: &mut Vm,
        _o: Gc<JsObject>,
    ) -> Option<JsResult<Option<Gc<JsObject>>>> {
        None
    }
    /// `[[SetPrototypeOf]]`.
    fn set_prototype_of(
        &self,
        _vm: &mut Vm,
        _o: Gc<JsObject>,
        _p: Option<Gc<JsObject>>,
    ) -> Option<JsResult<bool>> {
        None
    }
    /// `[[PreventExtensions]]`.
    fn prevent_extensions(&self, _vm: &mut Vm, _o: Gc<JsObject>) -> Option<JsResult<bool>> {
        None
    }
    /// `[[IsExtensible]]`.
    fn is_extensible(&self, _vm: &mut Vm, _o: Gc<JsObject>) -> Option<JsResult<bool>> {
        None
    }
}

macro_rules! hook {
    ($name:ident, $method:ident, ($($arg:ident : $ty:ty),*), $ret:ty) => {
        #[inline]
        pub(crate) fn $name(&mut self, o: Gc<JsObject>, $($arg: $ty),*) -> Option<$ret> {
            let ex = self.exotic_of(o)?;
            ex.$method(self, o, $($arg),*)
        }
    };
}

impl Vm {
    /// The exotic behaviour registered for `o`'s kind, if any.
    #[inline]
    fn exotic_of(&self, o: Gc<JsObject>) -> Option<&'static dyn Exotic> {
        match o.kind() {
            crate::object::ObjectKind::Data(d) => d.exotic(),
            crate::object::ObjectKind::Arguments(Some(_)) => {
                Some(&super::arguments::MAPPED_ARGUMENTS)
            }
            _ => None,
        }
    }

    /// Is `o` a Proxy?
    pub(crate) fn is_proxy(&self, o: Gc<JsObject>) -> bool {
        match o.kind() {
            crate::object::ObjectKind::Data(d) => d.is_proxy(),
            _ => false,
        }
    }

    hook!(exotic_get, get, (key: Key, receiver: Value), JsResult<Value>);
    hook!(exotic_set, set, (key: Key, v: Value, receiver: Value), JsResult<bool>);
    hook!(exotic_define, define, (key: Key, d: PropertyDescriptor), JsResult<bool>);
    hook!(exotic_delete, delete, (key: Key), JsResult<bool>);
    hook!(exotic_has, has, (key: Key), JsResult<bool>);
    hook!(exotic_own_keys, own_keys, (), JsResult<Vec<Key>>);
    hook!(exotic_get_own_property, get_own_property, (key: Key), JsResult<Option<PropertyDescriptor>>);
    hook!(
        exotic_get_prototype_of,
        get_prototype_of,
        (),
        JsResult<Option<Gc<JsObject>>>
    );
    hook!(exotic_set_prototype_of, set_prototype_of, (p: Option<Gc<JsObject>>), JsResult<bool>);
    hook!(
        exotic_prevent_extensions,
        prevent_extensions,
        (),
        JsResult<bool>
    );
    hook!(exotic_is_extensible, is_extensible, (), JsResult<bool>);
}
