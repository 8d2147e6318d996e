pub(crate) fn init(_vm: &mut crate::vm::Vm) {}
