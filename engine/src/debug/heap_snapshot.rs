//! Heap snapshots in V8's `.heapsnapshot` format, the one Chrome DevTools' Memory panel loads.
//!
//! ```text
//! { "snapshot": { "meta": { node_fields, node_types, edge_fields, edge_types, … },
//!                 "node_count": N, "edge_count": E, "trace_function_count": 0 },
//!   "nodes": [type, name, id, self_size, edge_count, trace_node_id, detachedness, …],
//!   "edges": [type, name_or_index, to_node, …],   // grouped by source node, in node order
//!   "strings": [...], "trace_function_infos": [], "trace_tree": [], "samples": [], "locations": [] }
//! ```
//!
//! The graph: a synthetic root with an element edge to `(GC roots)` (every value the collector
//! treats as a root) and shortcut edges to the global object and to the scripts' top-level
//! `let`/`const`/`class` bindings (the user roots DevTools measures distances from); then
//! every live cell. Objects
//! are named by their constructor (closures by their function name, strings by their text) and
//! have property edges named by key, element edges by index, and internal edges (`__proto__`,
//! `context`, …); environments are `system / Context` nodes with context edges named by
//! variable. Internal data of other kinds (Map entries, promise reactions) becomes hidden
//! edges. `to_node` is the target's offset in `nodes` (index × 7).
//!
//! A full collection runs first, so every cell the walk visits is reachable. Node ids are odd
//! and kept per cell address across snapshots ([`HeapIds`]): cells never move, so an object
//! keeps its id while it lives (a later object at a freed address inherits it).

use super::remote::class_name;
use super::DebugVm;
use crate::atoms::PropKey;
use crate::heap::{HeapCell, Tracer};
use crate::object::{attrs, JsObject, ObjectKind, ShapeId};
use crate::value::Value;
use crate::vm::{Key, Vm};
use rustc_hash::{FxHashMap, FxHashSet};
use std::fmt::Write;

/// Values per node in `nodes`.
const NODE_FIELDS: u32 = 7;

// Node types (indexes into `meta.node_types[0]`).
const NODE_OBJECT: u32 = 3;
const NODE_STRING: u32 = 2;
const NODE_CLOSURE: u32 = 5;
const NODE_REGEXP: u32 = 6;
const NODE_SYNTHETIC: u32 = 9;
const NODE_SYMBOL: u32 = 12;

// Edge types (indexes into `meta.edge_types[0]`).
const EDGE_CONTEXT: u32 = 0;
const EDGE_ELEMENT: u32 = 1;
const EDGE_PROPERTY: u32 = 2;
const EDGE_INTERNAL: u32 = 3;
const EDGE_HIDDEN: u32 = 4;
const EDGE_SHORTCUT: u32 = 5;

/// Longest string node name, in characters (V8 also shortens long strings).
const MAX_NAME: usize = 1024;

const META: &str = r#"{"node_fields":["type","name","id","self_size","edge_count","trace_node_id","detachedness"],"node_types":[["hidden","array","string","object","code","closure","regexp","number","native","synthetic","concatenated string","sliced string","symbol","bigint","object shape"],"string","number","number","number","number","number"],"edge_fields":["type","name_or_index","to_node"],"edge_types":[["context","element","property","internal","hidden","shortcut","weak"],"string_or_number","node"],"trace_function_info_fields":["function_id","name","script_name","script_id","line","column"],"trace_node_fields":["id","function_info_index","count","size","children"],"sample_fields":["timestamp_us","last_assigned_id"],"location_fields":["object_index","script_id","line","column"]}"#;

/// Snapshot node ids by cell address, kept between snapshots.
#[derive(Default)]
pub(crate) struct HeapIds {
    by_addr: FxHashMap<usize, u32>,
    /// Next id to hand out (odd; 1 and 3 are the synthetic roots).
    next: u32,
}

impl HeapIds {
    /// The id of the cell at `addr`, assigned on first sight.
    fn id(&mut self, addr: usize) -> u32 {
        if self.next == 0 {
            self.next = 5;
        }
        let next = &mut self.next;
        *self.by_addr.entry(addr).or_insert_with(|| {
            let id = *next;
            *next += 2;
            id
        })
    }
}

/// A finished snapshot.
pub struct HeapSnapshot {
    /// The `.heapsnapshot` JSON.
    pub json: String,
    /// Nodes in it.
    pub node_count: usize,
    /// Edges in it.
    pub edge_count: usize,
}

impl DebugVm<'_> {
    /// The snapshot id of the object behind a remote-object handle
    /// (`HeapProfiler.getHeapObjectId`); assigned now if no snapshot named it yet.
    pub fn heap_object_id(&mut self, handle: &str) -> Option<u32> {
        let addr = self.object(handle)?.heap_addr()?;
        Some(self.vm.debug.as_mut()?.heap_ids.id(addr))
    }

    /// The value a snapshot id names, if that object is still alive
    /// (`HeapProfiler.getObjectByHeapObjectId`). Walks the heap: for occasional requests.
    pub fn object_by_heap_id(&mut self, id: u32) -> Option<Value> {
        let ids = &self.vm.debug.as_ref()?.heap_ids;
        let addr = ids
            .by_addr
            .iter()
            .find(|&(_, &v)| v == id)
            .map(|(&a, _)| a)?;
        let mut found = None;
        // Only a cell that is allocated now may become a value: the id's object may be dead.
        self.vm.heap.for_each_cell(|c, _| {
            if c.addr() == addr {
                found = match c {
                    HeapCell::Object(o) => Some(Value::object(o)),
                    HeapCell::String(s) => Some(Value::string(s)),
                    HeapCell::Symbol(s) => Some(Value::symbol(s)),
                    HeapCell::Env(_) => None,
                };
            }
        });
        found
    }
}

/// Nodes, edges and strings as they are built.
#[derive(Default)]
struct Builder {
    nodes: Vec<u64>,
    edges: Vec<u32>,
    strings: Vec<String>,
    string_ids: FxHashMap<String, u32>,
    /// Node index of each cell address.
    index: FxHashMap<usize, u32>,
    /// Edges of the node being built.
    pending: u32,
}

impl Builder {
    fn string(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.string_ids.get(s) {
            return i;
        }
        let i = self.strings.len() as u32;
        self.strings.push(s.to_string());
        self.string_ids.insert(s.to_string(), i);
        i
    }

    /// Starts a node; its edges follow, then [`Builder::end_node`].
    fn node(&mut self, kind: u32, name: u32, id: u32, size: usize) {
        self.nodes
            .extend_from_slice(&[kind as u64, name as u64, id as u64, size as u64, 0, 0, 0]);
        self.pending = 0;
    }

    fn end_node(&mut self) {
        let n = self.nodes.len();
        self.nodes[n - 3] = self.pending as u64;
    }

    /// An edge to the node at `index`.
    fn edge_to(&mut self, kind: u32, name_or_index: u32, index: u32) {
        self.edges
            .extend_from_slice(&[kind, name_or_index, index * NODE_FIELDS]);
        self.pending += 1;
    }

    /// An edge to the cell at `addr` (skipped if it is not a node).
    fn edge_addr(&mut self, kind: u32, name_or_index: u32, addr: usize) {
        if let Some(&i) = self.index.get(&addr) {
            self.edge_to(kind, name_or_index, i);
        }
    }

    /// An edge to `v` if it is a heap value.
    fn edge(&mut self, kind: u32, name_or_index: u32, v: Value) {
        if let Some(addr) = v.heap_addr() {
            self.edge_addr(kind, name_or_index, addr);
        }
    }

    /// A named edge to the cell at `addr`.
    fn named_cell(&mut self, kind: u32, name: &str, addr: usize) {
        let n = self.string(name);
        self.edge_addr(kind, n, addr);
    }

    /// A named edge to `v` if it is a heap value.
    fn named(&mut self, kind: u32, name: &str, v: Value) {
        if v.heap_addr().is_some() {
            let n = self.string(name);
            self.edge(kind, n, v);
        }
    }

    fn to_json(&self) -> String {
        let mut out = String::with_capacity(self.nodes.len() * 4 + self.edges.len() * 4 + 4096);
        let _ = write!(
            out,
            "{{\"snapshot\":{{\"meta\":{META},\"node_count\":{},\"edge_count\":{},\"trace_function_count\":0}},\n\"nodes\":[",
            self.nodes.len() / NODE_FIELDS as usize,
            self.edges.len() / 3
        );
        join(&mut out, &self.nodes, NODE_FIELDS as usize);
        out.push_str("],\n\"edges\":[");
        join(&mut out, &self.edges, 3);
        out.push_str(
            "],\n\"trace_function_infos\":[],\"trace_tree\":[],\"samples\":[],\"locations\":[],\n\"strings\":[",
        );
        for (i, s) in self.strings.iter().enumerate() {
            if i > 0 {
                out.push_str(",\n");
            }
            out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()));
        }
        out.push_str("]}\n");
        out
    }
}

/// Writes numbers comma-separated, a line per record of `per` numbers.
fn join<T: std::fmt::Display>(out: &mut String, xs: &[T], per: usize) {
    for (i, x) in xs.iter().enumerate() {
        if i > 0 {
            out.push_str(if i % per == 0 { ",\n" } else { "," });
        }
        let _ = write!(out, "{x}");
    }
}

/// The first `MAX_NAME` characters.
fn shorten(mut s: String) -> String {
    if let Some((i, _)) = s.char_indices().nth(MAX_NAME) {
        s.truncate(i);
        s.push('…');
    }
    s
}

/// A function object's `name` own property, if it is a string (no code runs).
fn function_name(vm: &mut Vm, o: crate::heap::Gc<JsObject>) -> Option<String> {
    let p = vm.get_own_property(o, Key::Named(crate::atoms::names::NAME))?;
    (p.attrs & attrs::ACCESSOR == 0)
        .then(|| p.value.as_string().map(|s| s.to_rust_string()))
        .flatten()
}

impl DebugVm<'_> {
    /// Collects garbage, then walks the heap into a `.heapsnapshot` (see the module docs).
    pub fn heap_snapshot(&mut self) -> HeapSnapshot {
        self.collect_garbage();
        let vm = &mut *self.vm;
        let mut cells = Vec::new();
        vm.heap.for_each_cell(|c, size| cells.push((c, size)));
        let mut b = Builder::default();
        for (i, (c, _)) in cells.iter().enumerate() {
            b.index.insert(c.addr(), i as u32 + 2);
        }
        let mut ids = vm
            .debug
            .as_mut()
            .map(|d| std::mem::take(&mut d.heap_ids))
            .unwrap_or_default();
        // Forget the ids of cells that died.
        ids.by_addr.retain(|a, _| b.index.contains_key(a));

        // The synthetic root, then (GC roots).
        let empty = b.string("");
        b.node(NODE_SYNTHETIC, empty, 1, 0);
        b.edge_to(EDGE_ELEMENT, 1, 1);
        // User roots (DevTools measures distances from these): the global object and the
        // top-level lexical bindings of scripts.
        b.named(EDGE_SHORTCUT, "global", Value::object(vm.realm.global));
        let lexical = Value::object(vm.realm.global_lex);
        b.named(EDGE_SHORTCUT, "(script variables)", lexical);
        b.end_node();
        let mut t = Tracer::collecting();
        vm.trace_roots(&mut t, Value::UNDEFINED);
        let mut seen = FxHashSet::default();
        let roots: Vec<usize> = t
            .take_collected()
            .into_iter()
            .filter(|a| seen.insert(*a))
            .collect();
        let name = b.string("(GC roots)");
        b.node(NODE_SYNTHETIC, name, 3, 0);
        for (i, a) in roots.into_iter().enumerate() {
            b.edge_addr(EDGE_ELEMENT, i as u32 + 1, a);
        }
        b.end_node();

        let mut classes: FxHashMap<usize, u32> = FxHashMap::default();
        for &(c, size) in &cells {
            let id = ids.id(c.addr());
            match c {
                HeapCell::String(s) => {
                    let name = b.string(&shorten(s.to_rust_string()));
                    b.node(NODE_STRING, name, id, size);
                }
                HeapCell::Symbol(s) => {
                    let desc = s.description.as_string().map(|d| d.to_rust_string());
                    let name = b.string(&format!("Symbol({})", desc.unwrap_or_default()));
                    b.node(NODE_SYMBOL, name, id, size);
                    b.named(EDGE_INTERNAL, "description", s.description);
                }
                HeapCell::Env(e) => {
                    let name = b.string("system / Context");
                    b.node(NODE_OBJECT, name, id, size);
                    for (i, &v) in e.slots().iter().enumerate() {
                        let var = match e.layout.names.get(i) {
                            Some(&raw) => vm.key_name_raw(raw),
                            None => format!("slot{i}"),
                        };
                        b.named(EDGE_CONTEXT, &var, v);
                    }
                    if let Some(p) = e.parent {
                        b.named_cell(EDGE_INTERNAL, "previous", p.addr());
                    }
                    b.named(EDGE_INTERNAL, "extension", e.object());
                }
                HeapCell::Object(o) => {
                    let (kind, name) = object_name(vm, o, &mut classes, &mut b);
                    b.node(kind, name, id, size);
                    object_edges(vm, o, &mut b);
                }
            }
            b.end_node();
        }
        if let Some(d) = vm.debug.as_mut() {
            d.heap_ids = ids;
        }
        HeapSnapshot {
            node_count: b.nodes.len() / NODE_FIELDS as usize,
            edge_count: b.edges.len() / 3,
            json: b.to_json(),
        }
    }
}

/// Node type and name (string id) of an object.
fn object_name(
    vm: &mut Vm,
    o: crate::heap::Gc<JsObject>,
    classes: &mut FxHashMap<usize, u32>,
    b: &mut Builder,
) -> (u32, u32) {
    match o.kind() {
        ObjectKind::Function(c) => {
            let name = function_name(vm, o).unwrap_or_else(|| c.code.name.clone());
            (NODE_CLOSURE, b.string(&name))
        }
        ObjectKind::Native(_) | ObjectKind::Bound(_) => {
            let name = function_name(vm, o).unwrap_or_default();
            (NODE_CLOSURE, b.string(&name))
        }
        _ => {
            // Named by the constructor its prototype chain names (like V8, a prototype object
            // is named by its own prototype's constructor: `Widget.prototype` is an Object).
            let proto = o.inner().proto;
            let key = proto.map_or(0, |p| p.addr());
            let name = match classes.get(&key) {
                Some(&n) => n,
                None => {
                    let class = proto.map_or_else(|| "Object".into(), |p| class_name(vm, p));
                    let n = b.string(&class);
                    classes.insert(key, n);
                    n
                }
            };
            let kind = if b.strings[name as usize] == "RegExp" {
                NODE_REGEXP
            } else {
                NODE_OBJECT
            };
            (kind, name)
        }
    }
}

/// The edge(s) of one named property: by key, or `get key`/`set key` for an accessor.
fn prop(vm: &Vm, b: &mut Builder, k: PropKey, value: Value, setter: Value, a: u8) {
    let kind = if k.is_private() {
        EDGE_INTERNAL
    } else {
        EDGE_PROPERTY
    };
    let name = vm.key_name(k);
    if a & attrs::ACCESSOR != 0 {
        b.named(kind, &format!("get {name}"), value);
        b.named(kind, &format!("set {name}"), setter);
    } else {
        b.named(kind, &name, value);
    }
}

/// Property, element and internal edges of an object.
fn object_edges(vm: &Vm, o: crate::heap::Gc<JsObject>, b: &mut Builder) {
    let i = o.inner();
    if i.shape == ShapeId::DICT {
        for (&k, p) in i.dict.iter().flat_map(|d| d.iter()) {
            prop(vm, b, k, p.value, p.setter, p.attrs);
        }
    } else {
        for (k, slot, a) in vm.shapes.properties(i.shape) {
            let s = slot as usize;
            let value = i.slots.get(s).copied().unwrap_or(Value::UNDEFINED);
            let setter = match a & attrs::ACCESSOR {
                0 => Value::UNDEFINED,
                _ => i.slots.get(s + 1).copied().unwrap_or(Value::UNDEFINED),
            };
            prop(vm, b, k, value, setter, a);
        }
    }
    for (n, &v) in i.elements.iter().enumerate() {
        b.edge(EDGE_ELEMENT, n as u32, v);
    }
    for (&n, p) in i.sparse.iter().flat_map(|s| s.iter()) {
        b.edge(EDGE_ELEMENT, n, p.value);
    }
    if let Some(p) = i.proto {
        b.named(EDGE_INTERNAL, "__proto__", Value::object(p));
    }
    match &i.kind {
        ObjectKind::Function(c) => {
            if let Some(e) = c.env {
                b.named_cell(EDGE_INTERNAL, "context", e.addr());
            }
            b.named(EDGE_INTERNAL, "home_object", c.home);
            b.named(EDGE_INTERNAL, "fields", c.fields);
            if let Some(l) = &c.lexical {
                b.named(EDGE_INTERNAL, "this", l[0]);
                b.named(EDGE_INTERNAL, "new_target", l[1]);
            }
        }
        ObjectKind::Native(n) => {
            for (k, &v) in n.captures.iter().enumerate() {
                b.edge(EDGE_HIDDEN, k as u32, v);
            }
        }
        ObjectKind::Bound(f) => {
            b.named(EDGE_INTERNAL, "bound_function", f.target);
            b.named(EDGE_INTERNAL, "bound_this", f.this);
            for (k, &v) in f.args.iter().enumerate() {
                b.named(EDGE_INTERNAL, &format!("bound_argument_{k}"), v);
            }
        }
        ObjectKind::String(s) => b.named(EDGE_INTERNAL, "value", Value::string(*s)),
        ObjectKind::Symbol(s) => b.named(EDGE_INTERNAL, "value", Value::symbol(*s)),
        ObjectKind::Arguments(Some(m)) => b.named_cell(EDGE_INTERNAL, "context", m.env.addr()),
        ObjectKind::Data(d) => {
            // Internal slots of other kinds (Map entries, promise reactions, …), unnamed.
            let mut t = Tracer::collecting();
            d.trace(&mut t);
            for (k, a) in t.take_collected().into_iter().enumerate() {
                b.edge_addr(EDGE_HIDDEN, k as u32, a);
            }
        }
        ObjectKind::Ordinary
        | ObjectKind::Array
        | ObjectKind::Boolean(_)
        | ObjectKind::Number(_)
        | ObjectKind::Arguments(None) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Engine;
    use serde_json::Value as Json;

    struct Quiet;

    impl crate::debug::DebugHandler for Quiet {
        fn service(&mut self, _: &mut DebugVm<'_>, _: crate::debug::Block) {}
        fn paused(&mut self, _: &mut DebugVm<'_>, _: &crate::debug::Pause) -> crate::debug::Resume {
            crate::debug::Resume::Continue
        }
        fn console(&mut self, _: &mut DebugVm<'_>, _: &'static str, _: &[Value]) {}
        fn script_parsed(&mut self, _: &crate::debug::ScriptInfo) {}
    }

    /// The graph is well formed (field counts, edge targets, edge counts), objects are named by
    /// their class with property edges by key, closures reach their context, and ids are odd,
    /// unique and kept by a second snapshot.
    #[test]
    fn snapshot_graph_is_well_formed_and_named() {
        let mut engine = Engine::new();
        // Ids persist in the debugger's state.
        engine.set_debug_handler(Box::new(Quiet));
        engine
            .eval_script(
                "class Widget { constructor(i) { this.label = 'w' + i; } }
                 globalThis.ws = [new Widget(1), new Widget(2)];
                 globalThis.f = (() => { const kept = new Widget(3); return () => kept; })();",
                "snap.js",
            )
            .unwrap();
        let first = DebugVm { vm: engine.vm() }.heap_snapshot();
        let s: Json = serde_json::from_str(&first.json).unwrap();
        let nodes: Vec<u64> = serde_json::from_value(s["nodes"].clone()).unwrap();
        let edges: Vec<u64> = serde_json::from_value(s["edges"].clone()).unwrap();
        let strings: Vec<String> = serde_json::from_value(s["strings"].clone()).unwrap();
        let nf = s["snapshot"]["meta"]["node_fields"]
            .as_array()
            .unwrap()
            .len();
        assert_eq!((nf, nodes.len() % nf, edges.len() % 3), (7, 0, 0));
        assert_eq!(s["snapshot"]["node_count"], nodes.len() / nf);
        let counts: u64 = nodes.chunks(nf).map(|n| n[4]).sum();
        assert_eq!(counts as usize, edges.len() / 3);
        assert!(edges
            .chunks(3)
            .all(|e| (e[2] as usize).is_multiple_of(nf) && (e[2] as usize) < nodes.len()));
        let ids: FxHashSet<u64> = nodes.chunks(nf).map(|n| n[2]).collect();
        assert_eq!(ids.len(), nodes.len() / nf);
        assert!(ids.iter().all(|id| id % 2 == 1));
        assert_eq!(strings[nodes[1] as usize], "");
        assert_eq!(strings[nodes[nf + 1] as usize], "(GC roots)");

        // Edges of node `n` (a node index), as (type, name, target node index).
        let mut first_edge = Vec::new();
        let mut at = 0;
        for n in nodes.chunks(nf) {
            first_edge.push(at);
            at += n[4] as usize;
        }
        let edges_of = |n: usize| {
            let from = first_edge[n];
            (from..from + nodes[n * nf + 4] as usize)
                .map(|e| {
                    (
                        edges[e * 3],
                        edges[e * 3 + 1],
                        edges[e * 3 + 2] as usize / nf,
                    )
                })
                .collect::<Vec<_>>()
        };
        let name = |n: usize| strings[nodes[n * nf + 1] as usize].as_str();
        let widgets: Vec<usize> = (0..nodes.len() / nf)
            .filter(|&n| nodes[n * nf] == NODE_OBJECT as u64 && name(n) == "Widget")
            .collect();
        assert_eq!(widgets.len(), 3);
        let labels: Vec<&str> = widgets
            .iter()
            .flat_map(|&w| edges_of(w))
            .filter(|e| e.0 == EDGE_PROPERTY as u64 && strings[e.1 as usize] == "label")
            .map(|e| name(e.2))
            .collect();
        assert_eq!(labels.len(), 3, "{labels:?}");
        assert!(labels.contains(&"w1") && labels.contains(&"w3"));
        // The closure reaches `kept` through its context.
        let closure = (0..nodes.len() / nf).find(|&n| {
            nodes[n * nf] == NODE_CLOSURE as u64
                && edges_of(n).iter().any(|e| {
                    e.0 == EDGE_INTERNAL as u64
                        && strings[e.1 as usize] == "context"
                        && edges_of(e.2).iter().any(|v| {
                            v.0 == EDGE_CONTEXT as u64
                                && strings[v.1 as usize] == "kept"
                                && name(v.2) == "Widget"
                        })
                })
        });
        assert!(closure.is_some(), "no closure whose context holds `kept`");

        // A second snapshot, after more allocation, gives the same objects the same ids.
        engine
            .eval_script("globalThis.more = [{}, {}, 'x' + ws.length];", "more.js")
            .unwrap();
        let second = DebugVm { vm: engine.vm() }.heap_snapshot();
        let s2: Json = serde_json::from_str(&second.json).unwrap();
        let nodes2: Vec<u64> = serde_json::from_value(s2["nodes"].clone()).unwrap();
        let ids2: FxHashSet<u64> = nodes2.chunks(nf).map(|n| n[2]).collect();
        let widget_ids: Vec<u64> = widgets.iter().map(|&w| nodes[w * nf + 2]).collect();
        assert!(widget_ids.iter().all(|id| ids2.contains(id)));

        // Handles and snapshot ids lead to each other.
        let mut d = DebugVm { vm: engine.vm() };
        let opts = crate::debug::EvalOptions::default();
        let handle = d.evaluate("ws[1]", None, &opts).result.object_id.unwrap();
        let id = d.heap_object_id(&handle).unwrap();
        assert!(widget_ids.contains(&(id as u64)));
        let back = d.object_by_heap_id(id).unwrap();
        assert_eq!(back, d.object(&handle).unwrap());
        assert!(d.object_by_heap_id(id + 1).is_none());
    }
}
