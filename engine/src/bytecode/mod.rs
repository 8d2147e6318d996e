//! Register bytecode with an accumulator: the opcode table, code blocks, the emitter and the
//! disassembler.

mod code_block;
mod disasm;
mod emitter;
mod feedback;
pub mod opcodes;

pub use code_block::{
    Bytecode, CodeBlock, CodeFlags, Constant, Handler, Local, SourceFile, TemplateSite,
};
pub use disasm::disassemble;
pub use emitter::{Emitter, Label};
pub use feedback::{Feedback, IcEntry, PropertyIc};
pub use opcodes::{Op, OperandKind};
