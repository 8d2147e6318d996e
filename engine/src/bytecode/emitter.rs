//! Encodes instructions: one opcode byte, then operands at the widths the opcode table gives.
//! Forward jumps are emitted with a placeholder and patched when their label is bound.

use super::opcodes::{Op, OperandKind};

/// A jump target, bound once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label(pub(crate) u32);

/// Builds a bytecode stream.
#[derive(Default)]
pub struct Emitter {
    /// The encoded bytes.
    pub code: Vec<u8>,
    labels: Vec<Option<u32>>,
    /// (operand position, instruction start, label) waiting for their label.
    fixups: Vec<(u32, u32, Label)>,
}

impl Emitter {
    /// Current pc.
    #[inline]
    pub fn pc(&self) -> u32 {
        self.code.len() as u32
    }

    /// Emits an instruction. `operands` are given as `i64` and narrowed to each operand's width.
    pub fn emit(&mut self, op: Op, operands: &[i64]) {
        let kinds = op.operands();
        // Checked in release builds too: a missing operand makes the interpreter decode the next
        // instruction's bytes as one (a register index out of the frame). It costs nothing
        // next to parsing.
        assert_eq!(
            kinds.len(),
            operands.len(),
            "operand count for {}",
            op.name()
        );
        self.code.push(op as u8);
        for (k, &v) in kinds.iter().zip(operands) {
            match k {
                OperandKind::R => self.code.extend_from_slice(&(v as u16).to_le_bytes()),
                _ => self.code.extend_from_slice(&(v as u32).to_le_bytes()),
            }
        }
    }

    /// A fresh unbound label.
    pub fn label(&mut self) -> Label {
        self.labels.push(None);
        Label(self.labels.len() as u32 - 1)
    }

    /// Binds `l` to the current pc.
    pub fn bind(&mut self, l: Label) {
        debug_assert!(self.labels[l.0 as usize].is_none(), "label bound twice");
        self.labels[l.0 as usize] = Some(self.pc());
    }

    /// Is `l` bound yet?
    pub fn is_bound(&self, l: Label) -> bool {
        self.labels[l.0 as usize].is_some()
    }

    /// Emits a jump-style instruction whose last `J` operand targets `l`; other operands first.
    pub fn emit_jump(&mut self, op: Op, operands: &[i64], l: Label) {
        self.emit_jumps(op, operands, &[l]);
    }

    /// Emits an instruction whose trailing `J` operands target `targets` (in order); the other
    /// operands come first.
    pub fn emit_jumps(&mut self, op: Op, operands: &[i64], targets: &[Label]) {
        let start = self.pc();
        let mut all: Vec<i64> = operands.to_vec();
        all.extend(targets.iter().map(|_| 0));
        self.emit(op, &all);
        let first = self.pc() - 4 * targets.len() as u32;
        for (i, &l) in targets.iter().enumerate() {
            let pos = first + 4 * i as u32;
            match self.labels[l.0 as usize] {
                Some(target) => self.patch(pos, target as i64 - start as i64),
                None => self.fixups.push((pos, start, l)),
            }
        }
    }

    fn patch(&mut self, pos: u32, rel: i64) {
        self.code[pos as usize..pos as usize + 4].copy_from_slice(&(rel as i32).to_le_bytes());
    }

    /// Resolves forward jumps; every used label must be bound.
    pub fn finish(&mut self) -> Vec<u8> {
        for (pos, start, l) in std::mem::take(&mut self.fixups) {
            let target = self.labels[l.0 as usize].expect("jump to an unbound label");
            self.patch(pos, target as i64 - start as i64);
        }
        std::mem::take(&mut self.code)
    }
}

/// Decodes the operands of the instruction at `pc` (used by the disassembler and tests).
pub fn decode(code: &[u8], pc: usize) -> (Op, Vec<i64>, usize) {
    let op = Op::ALL[code[pc] as usize];
    let mut at = pc + 1;
    let mut out = Vec::new();
    for k in op.operands() {
        let v = match k {
            OperandKind::R => u16::from_le_bytes([code[at], code[at + 1]]) as i64,
            OperandKind::I | OperandKind::J => {
                i32::from_le_bytes(code[at..at + 4].try_into().unwrap()) as i64
            }
            _ => u32::from_le_bytes(code[at..at + 4].try_into().unwrap()) as i64,
        };
        at += k.width();
        out.push(v);
    }
    (op, out, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forward_and_backward_jumps_patch() {
        let mut e = Emitter::default();
        let top = e.label();
        e.bind(top);
        let end = e.label();
        e.emit_jump(Op::JumpIfFalse, &[], end);
        e.emit(Op::Star, &[3]);
        e.emit_jump(Op::Loop, &[], top);
        e.bind(end);
        e.emit(Op::Return, &[]);
        let code = e.finish();
        let (op, ops, next) = decode(&code, 0);
        assert_eq!(op, Op::JumpIfFalse);
        assert_eq!(ops[0], 5 + 3 + 5);
        let (op, ops, _) = decode(&code, next);
        assert_eq!((op, ops[0]), (Op::Star, 3));
        let (op, ops, _) = decode(&code, 8);
        assert_eq!((op, ops[0]), (Op::Loop, -8));
    }
}
