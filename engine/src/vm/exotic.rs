//! Dispatch of the internal methods to exotic objects whose behaviour lives in their
//! `ObjectData` (Proxy, typed arrays, module namespaces). Each hook returns `None` when the
//! object uses the ordinary algorithm.

use super::{JsResult, Key, PropertyDescriptor, Vm};
use crate::heap::Gc;
use crate::object::JsObject;
use crate::value::Value;

/// The internal methods an exotic object can override. Implemented by `ObjectData` types that
/// register themselves through [`crate::object::ObjectData`]'s `exotic` hook.
pub trait Exotic {
    /// `[[Get]]`.
    fn get(
        &self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        key: Key,
        receiver: Value,
    ) -> Option<JsResult<Value>>;
    /// `[[Set]]`.
    fn set(
        &self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        key: Key,
        v: Value,
        receiver: Value,
    ) -> Option<JsResult<bool>>;
    /// `[[DefineOwnProperty]]`.
    fn define(
        &self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        key: Key,
        d: PropertyDescriptor,
    ) -> Option<JsResult<bool>>;
    /// `[[Delete]]`.
    fn delete(&self, vm: &mut Vm, o: Gc<JsObject>, key: Key) -> Option<JsResult<bool>>;
    /// `[[HasProperty]]`.
    fn has(&self, vm: &mut Vm, o: Gc<JsObject>, key: Key) -> Option<JsResult<bool>>;
    /// `[[OwnPropertyKeys]]`.
    fn own_keys(&self, vm: &mut Vm, o: Gc<JsObject>) -> Option<JsResult<Vec<Key>>>;
    /// `[[GetOwnProperty]]`.
    fn get_own_property(
        &self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        key: Key,
    ) -> Option<JsResult<Option<PropertyDescriptor>>>;
    /// `[[GetPrototypeOf]]`.
    fn get_prototype_of(
        &self,
        vm: &mut Vm,
        o: Gc<JsObject>,
    ) -> Option<JsResult<Option<Gc<JsObject>>>>;
    /// `[[SetPrototypeOf]]`.
    fn set_prototype_of(
        &self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        p: Option<Gc<JsObject>>,
    ) -> Option<JsResult<bool>>;
    /// `[[PreventExtensions]]`.
    fn prevent_extensions(&self, vm: &mut Vm, o: Gc<JsObject>) -> Option<JsResult<bool>>;
    /// `[[IsExtensible]]`.
    fn is_extensible(&self, vm: &mut Vm, o: Gc<JsObject>) -> Option<JsResult<bool>>;
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
    fn exotic_of(&self, o: Gc<JsObject>) -> Option<&'static dyn Exotic> {
        match o.kind() {
            crate::object::ObjectKind::Data(d) => d.exotic(),
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
