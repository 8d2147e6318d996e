//! Function ids: small integers naming bytecode functions, builtins and pseudo-frames in
//! samples and telemetry, stable for one engine's lifetime.
//!
//! A bytecode function is keyed by its `CodeBlock`'s address, checked against its script id
//! and source span (a freed block's address can be reused by another function). A builtin is
//! keyed by its entry point. New ids are announced on the telemetry stream.

use crate::bytecode::CodeBlock;
use crate::telemetry::{Event, FrameKind, FunctionInfo, Sink};
use rustc_hash::FxHashMap;

/// `(root)`: the root of every stack in a `.cpuprofile`.
pub const ROOT: u32 = 0;
/// `(program)`: host work on the JS thread.
pub const PROGRAM: u32 = 1;
/// `(idle)`: waiting in the event loop.
pub const IDLE: u32 = 2;
/// `(garbage collector)`.
pub const GC: u32 = 3;

/// The registry.
pub(crate) struct Functions {
    pub(crate) infos: Vec<FunctionInfo>,
    /// Source span of each id's function (`(0, 0)` for the others).
    spans: Vec<(u32, u32)>,
    by_code: FxHashMap<usize, u32>,
    by_native: FxHashMap<usize, u32>,
}

fn pseudo(id: u32, name: &str, kind: FrameKind) -> FunctionInfo {
    FunctionInfo {
        id,
        name: name.into(),
        url: String::new(),
        script_id: 0,
        line: -1,
        column: -1,
        kind,
    }
}

/// The four pseudo-frames every engine starts with (ids [`ROOT`], [`PROGRAM`], [`IDLE`],
/// [`GC`]). They are never announced on the telemetry stream, so consumers that name ids
/// start from these.
pub fn pseudo_frames() -> Vec<FunctionInfo> {
    vec![
        pseudo(ROOT, "(root)", FrameKind::Root),
        pseudo(PROGRAM, "(program)", FrameKind::Program),
        pseudo(IDLE, "(idle)", FrameKind::Idle),
        pseudo(GC, "(garbage collector)", FrameKind::Gc),
    ]
}

impl Functions {
    pub(crate) fn new() -> Functions {
        let infos = pseudo_frames();
        Functions {
            spans: vec![(0, 0); infos.len()],
            infos,
            by_code: FxHashMap::default(),
            by_native: FxHashMap::default(),
        }
    }

    fn add(&mut self, info: FunctionInfo, span: (u32, u32), sink: Option<&Sink>) -> u32 {
        if let Some(sink) = sink {
            sink.emit_with(|| Event::Function(info.clone()));
        }
        self.infos.push(info);
        self.spans.push(span);
        self.infos.len() as u32 - 1
    }

    /// The id of a bytecode function.
    pub(crate) fn code(&mut self, code: &CodeBlock, sink: Option<&Sink>) -> u32 {
        let key = code as *const CodeBlock as usize;
        if let Some(&id) = self.by_code.get(&key) {
            if self.infos[id as usize].script_id == code.source.id
                && self.spans[id as usize] == code.span
            {
                return id;
            }
        }
        let (line, col) = code.source.line_col(code.span.0);
        let info = FunctionInfo {
            id: self.infos.len() as u32,
            name: if code.name.is_empty() {
                "(anonymous)".into()
            } else {
                code.name.clone()
            },
            url: code.source.name.clone(),
            script_id: code.source.id,
            line: line as i32 - 1,
            column: col as i32 - 1,
            kind: FrameKind::Js,
        };
        let id = self.add(info, code.span, sink);
        self.by_code.insert(key, id);
        id
    }

    /// The id of a builtin, by its entry point; `name` is asked for the first time only.
    pub(crate) fn native(
        &mut self,
        entry: usize,
        name: impl FnOnce() -> String,
        sink: Option<&Sink>,
    ) -> u32 {
        if let Some(&id) = self.by_native.get(&entry) {
            return id;
        }
        let mut info = pseudo(self.infos.len() as u32, &name(), FrameKind::Native);
        if info.name.is_empty() {
            info.name = "(native)".into();
        }
        let id = self.add(info, (0, 0), sink);
        self.by_native.insert(entry, id);
        id
    }
}
