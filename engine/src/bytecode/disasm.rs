//! The disassembler behind `jetcrab run --print-bytecode`.

use super::code_block::{CodeBlock, Constant};
use super::emitter::decode;
use super::opcodes::OperandKind;
use std::fmt::Write;

/// Renders a function and, recursively, the functions it contains.
pub fn disassemble(code: &CodeBlock, key_name: &dyn Fn(u32) -> String) -> String {
    let mut out = String::new();
    disassemble_into(code, key_name, &mut out);
    out
}

fn disassemble_into(code: &CodeBlock, key_name: &dyn Fn(u32) -> String, out: &mut String) {
    let name = if code.name.is_empty() {
        "<anonymous>"
    } else {
        &code.name
    };
    let (line, col) = code.line_col(0);
    let _ = writeln!(
        out,
        "== {name} ({}:{line}:{col}) params={} registers={} feedback={} bytes={}",
        code.source.name,
        code.params,
        code.registers,
        code.feedback_len(),
        code.code.len()
    );
    let mut pc = 0;
    while pc < code.code.len() {
        let (op, operands, next) = decode(&code.code, pc);
        let mut text = format!("{pc:5}  {:<22}", op.name());
        for (k, v) in op.operands().iter().zip(&operands) {
            let part = match k {
                OperandKind::R if *v == 0 => "this".to_string(),
                OperandKind::R => format!("r{v}"),
                OperandKind::K => format!("[{v}]"),
                OperandKind::A => format!("'{}'", key_name(*v as u32)),
                OperandKind::I | OperandKind::U => format!("{v}"),
                OperandKind::J => format!("-> {}", pc as i64 + v),
                OperandKind::F => format!("#{v}"),
            };
            text.push(' ');
            text.push_str(&part);
        }
        let _ = writeln!(out, "{}", text.trim_end());
        pc = next;
    }
    if !code.constants.is_empty() {
        let _ = writeln!(out, "  constants:");
        for (i, c) in code.constants.iter().enumerate() {
            let desc = match c {
                Constant::Value(v) => format!("{v:?}"),
                Constant::Function(f) => format!("function {}", f.name),
                Constant::Layout(l) => format!("env layout ({} slots)", l.names.len()),
                Constant::Template(t) => format!("template ({} parts)", t.raw.len()),
                Constant::BigInt(b) => format!("{b}n"),
                Constant::ParameterMap(p) => format!("parameter map {p:?}"),
            };
            let _ = writeln!(out, "  [{i}] {desc}");
        }
    }
    for h in code.handlers.iter() {
        let _ = writeln!(
            out,
            "  handler [{}, {}) -> {}{}",
            h.start,
            h.end,
            h.target,
            if h.is_finally { " (finally)" } else { "" }
        );
    }
    for c in code.constants.iter() {
        if let Constant::Function(f) = c {
            out.push('\n');
            disassemble_into(f, key_name, out);
        }
    }
}
