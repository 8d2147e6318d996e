//! Turning oxc diagnostics into SyntaxErrors with `file:line:column` and a code frame.

use super::CompileError;
use crate::bytecode::SourceFile;
use oxc_diagnostics::OxcDiagnostic;

pub(super) fn to_compile_error(d: &OxcDiagnostic, file: &SourceFile) -> CompileError {
    let message = d.message.to_string();
    let offset = d.labels.first().map(|l| l.offset()).unwrap_or(0);
    CompileError {
        report: syntax_error_report(file, offset, &message),
        message,
    }
}

/// `file:line:col`, the offending line with a caret, then `SyntaxError: message` (Node's layout).
pub(crate) fn syntax_error_report(file: &SourceFile, offset: u32, message: &str) -> String {
    let (line, col) = file.line_col(offset);
    let start = file.line_starts[(line - 1) as usize] as usize;
    let text = &file.text[start..];
    let line_text: String = text
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(200)
        .collect();
    let caret = " ".repeat((col as usize).saturating_sub(1).min(200));
    format!(
        "{}:{line}:{col}\n{line_text}\n{caret}^\n\nSyntaxError: {message}",
        file.name
    )
}
