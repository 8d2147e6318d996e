pub(crate) fn init(_vm: &mut crate::vm::Vm) {}
pub(crate) fn create_async_from_sync_iterator(_vm: &mut crate::vm::Vm, _i: crate::value::Value, _n: crate::value::Value) -> crate::vm::JsResult<(crate::value::Value, crate::value::Value)> { Ok((_i,_n)) }
