//! The Chrome DevTools `.cpuprofile` format (what `node --cpu-prof` writes), both ways, and
//! folded stacks (`a;b;c 42`, the input of flamegraph tools).
//!
//! ```text
//! { "nodes": [ { "id": 1, "callFrame": { "functionName": "(root)", "scriptId": "0",
//!                 "url": "", "lineNumber": -1, "columnNumber": -1 },
//!                "hitCount": 0, "children": [2, 3] }, … ],
//!   "startTime": µs, "endTime": µs, "samples": [node id, …], "timeDeltas": [µs, …] }
//! ```
//!
//! Lines and columns in call frames are 0-based; `positionTicks` lines are 1-based, as V8 writes
//! them. Nodes form a tree keyed by call frame: one node per distinct call path.

use super::{Profile, ROOT};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::HashMap;

/// A whole profile.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CpuProfile {
    /// The call tree; the first node is the root.
    pub nodes: Vec<Node>,
    /// Start, microseconds.
    pub start_time: i64,
    /// End, microseconds.
    pub end_time: i64,
    /// The leaf node of each sample.
    #[serde(default)]
    pub samples: Vec<u32>,
    /// Microseconds since the previous sample (the first: since `startTime`).
    #[serde(default)]
    pub time_deltas: Vec<i64>,
}

/// A call-tree node.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Node {
    /// Unique, positive.
    pub id: u32,
    /// The function.
    pub call_frame: CallFrame,
    /// Samples whose leaf is this node.
    #[serde(default)]
    pub hit_count: u64,
    /// Child node ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<u32>,
    /// Samples per source line of this node's function.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub position_ticks: Vec<PositionTick>,
}

/// A function's identity in a profile.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "camelCase")]
pub struct CallFrame {
    /// Name (`""` for anonymous functions in V8's profiles).
    pub function_name: String,
    /// Script id, a decimal string.
    #[serde(deserialize_with = "string_or_number")]
    pub script_id: String,
    /// Script URL.
    pub url: String,
    /// 0-based line, -1 when unknown.
    pub line_number: i32,
    /// 0-based column, -1 when unknown.
    pub column_number: i32,
}

/// Samples at one line.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct PositionTick {
    /// 1-based line.
    pub line: u32,
    /// Samples.
    pub ticks: u64,
}

fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        S(String),
        N(i64),
    }
    Ok(match Id::deserialize(d)? {
        Id::S(s) => s,
        Id::N(n) => n.to_string(),
    })
}

impl CpuProfile {
    /// Builds the call tree of a recorded profile.
    pub fn from_profile(p: &Profile) -> CpuProfile {
        let frame = |f: u32| {
            let info = &p.functions[f as usize];
            CallFrame {
                function_name: info.name.clone(),
                script_id: info.script_id.to_string(),
                url: info.url.clone(),
                line_number: info.line,
                column_number: info.column,
            }
        };
        let mut nodes = vec![Node {
            id: 1,
            call_frame: frame(ROOT),
            hit_count: 0,
            children: Vec::new(),
            position_ticks: Vec::new(),
        }];
        // (parent node index, function id) -> node index
        let mut edges: HashMap<(usize, u32), usize> = HashMap::new();
        let mut ticks: HashMap<(usize, u32), u64> = HashMap::new();
        let mut samples = Vec::with_capacity(p.samples.len());
        let mut time_deltas = Vec::with_capacity(p.samples.len());
        let mut last = 0i64;
        for s in &p.samples {
            let mut at = 0usize;
            for &f in &s.stack {
                at = *edges.entry((at, f)).or_insert_with(|| {
                    let id = nodes.len() as u32 + 1;
                    nodes.push(Node {
                        id,
                        call_frame: frame(f),
                        hit_count: 0,
                        children: Vec::new(),
                        position_ticks: Vec::new(),
                    });
                    nodes[at].children.push(id);
                    nodes.len() - 1
                });
            }
            nodes[at].hit_count += 1;
            if s.line > 0 {
                *ticks.entry((at, s.line)).or_insert(0) += 1;
            }
            samples.push(nodes[at].id);
            time_deltas.push(s.time_us as i64 - last);
            last = s.time_us as i64;
        }
        let mut ticks: Vec<_> = ticks.into_iter().collect();
        ticks.sort_unstable();
        for ((node, line), n) in ticks {
            nodes[node]
                .position_ticks
                .push(PositionTick { line, ticks: n });
        }
        let start = p.start_unix_us as i64;
        CpuProfile {
            nodes,
            start_time: start,
            end_time: start + p.duration_us as i64,
            samples,
            time_deltas,
        }
    }

    /// Parses a `.cpuprofile` (ours or V8's).
    pub fn parse(json: &str) -> Result<CpuProfile, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// The JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a profile always serializes")
    }

    /// Checks the tree: unique ids, every child exists and has exactly one parent, every
    /// non-root node is reachable, samples name nodes, one time delta per sample, and the
    /// hit counts add up to the samples. Returns the first inconsistency.
    pub fn validate(&self) -> Result<(), String> {
        let mut index = HashMap::new();
        for (i, n) in self.nodes.iter().enumerate() {
            if index.insert(n.id, i).is_some() {
                return Err(format!("duplicate node id {}", n.id));
            }
        }
        let mut parents: HashMap<u32, u32> = HashMap::new();
        for n in &self.nodes {
            for c in &n.children {
                if !index.contains_key(c) {
                    return Err(format!("node {} has a missing child {c}", n.id));
                }
                if let Some(p) = parents.insert(*c, n.id) {
                    return Err(format!("node {c} has two parents, {p} and {}", n.id));
                }
            }
        }
        let root = self.nodes.first().ok_or("no nodes")?.id;
        if parents.contains_key(&root) {
            return Err("the root has a parent".into());
        }
        if let Some(n) = self
            .nodes
            .iter()
            .find(|n| n.id != root && !parents.contains_key(&n.id))
        {
            return Err(format!("node {} has no parent", n.id));
        }
        if let Some(s) = self.samples.iter().find(|s| !index.contains_key(s)) {
            return Err(format!("a sample names a missing node {s}"));
        }
        if self.samples.len() != self.time_deltas.len() {
            return Err(format!(
                "{} samples but {} time deltas",
                self.samples.len(),
                self.time_deltas.len()
            ));
        }
        let hits: u64 = self.nodes.iter().map(|n| n.hit_count).sum();
        if hits != self.samples.len() as u64 {
            return Err(format!(
                "hit counts add up to {hits}, not {} samples",
                self.samples.len()
            ));
        }
        Ok(())
    }

    /// Folded stacks, one line per call path with samples: `root-most;…;leaf count`, frames
    /// written `name (file:line)` (`name` alone for builtins and pseudo-frames), the `(root)`
    /// node left out. Counts are the samples' leaf nodes (or the hit counts when a profile
    /// has no sample list).
    pub fn folded(&self) -> Vec<String> {
        let index: HashMap<u32, usize> = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id, i))
            .collect();
        let mut parent = vec![usize::MAX; self.nodes.len()];
        for (i, n) in self.nodes.iter().enumerate() {
            for c in &n.children {
                if let Some(&ci) = index.get(c) {
                    parent[ci] = i;
                }
            }
        }
        let mut counts = vec![0u64; self.nodes.len()];
        if self.samples.is_empty() {
            for (i, n) in self.nodes.iter().enumerate() {
                counts[i] = n.hit_count;
            }
        } else {
            for s in &self.samples {
                if let Some(&i) = index.get(s) {
                    counts[i] += 1;
                }
            }
        }
        let mut lines = Vec::new();
        for (i, &n) in counts.iter().enumerate() {
            if n == 0 {
                continue;
            }
            let mut path = Vec::new();
            let mut at = i;
            while at != usize::MAX {
                if parent[at] != usize::MAX || self.nodes[at].call_frame.function_name != "(root)" {
                    path.push(frame_label(&self.nodes[at].call_frame));
                }
                at = parent[at];
            }
            if path.is_empty() {
                continue;
            }
            path.reverse();
            lines.push(format!("{} {n}", path.join(";")));
        }
        lines.sort();
        lines
    }
}

/// `name (file:line)` for a frame with a script, else the name; `;` (the folded separator)
/// becomes `:`.
pub fn frame_label(f: &CallFrame) -> String {
    let name = if f.function_name.is_empty() {
        "(anonymous)"
    } else {
        &f.function_name
    };
    let label = if f.url.is_empty() || f.line_number < 0 {
        name.to_string()
    } else {
        let file = f.url.rsplit(['/', '\\']).next().unwrap_or(&f.url);
        format!("{name} ({file}:{})", f.line_number + 1)
    };
    label.replace(';', ":")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::{FrameKind, FunctionInfo, Sample};

    fn info(id: u32, name: &str) -> FunctionInfo {
        FunctionInfo {
            id,
            name: name.into(),
            url: "/tmp/a.js".into(),
            script_id: 1,
            line: id as i32,
            column: 0,
            kind: FrameKind::Js,
        }
    }

    #[test]
    fn tree_from_samples_is_consistent_and_folds() {
        let mut functions = super::super::functions::Functions::new().infos;
        functions.extend([info(4, "main"), info(5, "hot"), info(6, "cold")]);
        let sample = |t, stack: &[u32], line| Sample {
            time_us: t,
            stack: stack.to_vec(),
            line,
        };
        let p = Profile {
            functions,
            samples: vec![
                sample(10, &[4, 5], 6),
                sample(20, &[4, 5], 6),
                sample(30, &[4, 6], 7),
                sample(40, &[2], 0),
            ],
            start_unix_us: 1000,
            duration_us: 50,
            interval_us: 10,
        };
        let c = CpuProfile::from_profile(&p);
        c.validate().unwrap();
        assert_eq!(c.time_deltas, vec![10, 10, 10, 10]);
        let hot = c
            .nodes
            .iter()
            .find(|n| n.call_frame.function_name == "hot")
            .unwrap();
        assert_eq!(hot.hit_count, 2);
        assert_eq!(hot.position_ticks, vec![PositionTick { line: 6, ticks: 2 }]);
        let back = CpuProfile::parse(&c.to_json()).unwrap();
        assert_eq!(back, c);
        assert_eq!(
            c.folded(),
            vec![
                "(idle) 1",
                "main (a.js:5);cold (a.js:7) 1",
                "main (a.js:5);hot (a.js:6) 2",
            ]
        );
    }

    #[test]
    fn validate_reports_inconsistencies() {
        let mut c = CpuProfile::from_profile(&Profile {
            functions: super::super::functions::Functions::new().infos,
            ..Profile::default()
        });
        c.samples.push(9);
        assert!(c.validate().unwrap_err().contains("missing node 9"));
    }
}
