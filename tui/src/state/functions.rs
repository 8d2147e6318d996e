//! Function ids → names: the `function` records, plus the engine's four pseudo-frames.

use jetcrab_engine::profiler::cpuprofile::{frame_label, CallFrame};
use jetcrab_engine::profiler::pseudo_frames;
use jetcrab_engine::telemetry::{FrameKind, FunctionInfo};

/// Every function id seen so far, indexed by id (the layout `Tally::summary` reads).
#[derive(Clone, Debug)]
pub struct Functions {
    infos: Vec<FunctionInfo>,
}

/// A name for an id that was used before it was announced.
fn placeholder(id: u32) -> FunctionInfo {
    FunctionInfo {
        id,
        name: format!("#{id}"),
        url: String::new(),
        script_id: 0,
        line: -1,
        column: -1,
        kind: FrameKind::Js,
    }
}

impl Default for Functions {
    fn default() -> Self {
        // Ids 0–3 are never announced on the stream (docs/telemetry.md).
        Functions {
            infos: pseudo_frames(),
        }
    }
}

impl Functions {
    /// Records a `function` announcement. Ids above the largest seen get placeholders until
    /// announced; absurd ids (a corrupt stream) are ignored rather than allocated.
    pub fn insert(&mut self, info: FunctionInfo) {
        let id = info.id as usize;
        if id > 1 << 20 {
            return;
        }
        while self.infos.len() <= id {
            self.infos.push(placeholder(self.infos.len() as u32));
        }
        self.infos[id] = info;
    }

    /// All known functions, indexed by id.
    pub fn as_slice(&self) -> &[FunctionInfo] {
        &self.infos
    }

    /// The function `id`, if announced (or a pseudo-frame).
    pub fn get(&self, id: u32) -> Option<&FunctionInfo> {
        self.infos.get(id as usize)
    }

    /// Display name of `id` (`#id` when unknown).
    pub fn name(&self, id: u32) -> String {
        self.get(id)
            .map_or_else(|| format!("#{id}"), |f| f.name.clone())
    }

    /// `file:line` (1-based) of a JS function, empty for natives and pseudo-frames.
    pub fn location(&self, id: u32) -> String {
        match self.get(id) {
            Some(f) if !f.url.is_empty() && f.line >= 0 => {
                format!("{}:{}", short_file(&f.url), f.line + 1)
            }
            Some(f) if f.kind == FrameKind::Native => "[native]".into(),
            _ => String::new(),
        }
    }

    /// The flamegraph frame label, the same as `jetcrab run --flamegraph` draws:
    /// `name (file:line)`.
    pub fn label(&self, id: u32) -> String {
        match self.get(id) {
            Some(f) => frame_label(&CallFrame {
                function_name: f.name.clone(),
                script_id: f.script_id.to_string(),
                url: f.url.clone(),
                line_number: f.line,
                column_number: f.column,
            }),
            None => format!("#{id}"),
        }
    }
}

/// The last path component of a URL or file name.
pub fn short_file(url: &str) -> &str {
    url.rsplit(['/', '\\']).next().unwrap_or(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_until_announced() {
        let mut f = Functions::default();
        assert_eq!(f.name(jetcrab_engine::profiler::IDLE), "(idle)");
        f.insert(FunctionInfo {
            id: 6,
            name: "hot".into(),
            url: "file:///tmp/a/b.js".into(),
            script_id: 1,
            line: 9,
            column: 0,
            kind: FrameKind::Js,
        });
        assert_eq!(f.name(5), "#5");
        assert_eq!(f.location(6), "b.js:10");
        assert_eq!(f.label(6), "hot (b.js:10)");
        assert_eq!(f.as_slice().len(), 7);
        assert_eq!(f.name(99), "#99");
        f.insert(placeholder(u32::MAX));
        assert_eq!(f.as_slice().len(), 7);
    }
}
