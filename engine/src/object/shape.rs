//! Shapes (hidden classes): the layout of an object's named properties, shared between objects
//! built the same way. Adding a property follows (or creates) a transition, so objects created by
//! the same code share shape ids and inline caches can key on the id.
//!
//! Shapes live in a table owned by the VM and are never freed: ids stay valid in inline caches.
//! Objects that would create unbounded shapes (many properties, deletes, attribute changes) switch
//! to dictionary mode instead.

use crate::atoms::PropKey;
use rustc_hash::FxHashMap;
use std::cell::OnceCell;

/// A shape id. [`ShapeId::ROOT`] is the empty shape; [`ShapeId::DICT`] marks dictionary-mode objects.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct ShapeId(pub u32);

impl ShapeId {
    /// No properties.
    pub const ROOT: ShapeId = ShapeId(0);
    /// The object keeps its properties in a dictionary; never cached.
    pub const DICT: ShapeId = ShapeId(u32::MAX);
}

/// Property attribute bits.
pub mod attrs {
    /// `[[Writable]]`.
    pub const WRITABLE: u8 = 1;
    /// `[[Enumerable]]`.
    pub const ENUMERABLE: u8 = 2;
    /// `[[Configurable]]`.
    pub const CONFIGURABLE: u8 = 4;
    /// Accessor property: the slot holds the getter and the next slot the setter.
    pub const ACCESSOR: u8 = 8;
    /// writable | enumerable | configurable: what assignment creates.
    pub const DEFAULT: u8 = WRITABLE | ENUMERABLE | CONFIGURABLE;
    /// writable | configurable: builtin methods.
    pub const HIDDEN: u8 = WRITABLE | CONFIGURABLE;
}

/// Objects with more named properties than this go to dictionary mode.
pub const MAX_SHAPE_PROPERTIES: u32 = 128;
const LINEAR_LOOKUP_MAX: u32 = 8;

struct Node {
    parent: u32,
    key: PropKey,
    attrs: u8,
    slot: u32,
    /// Number of properties in this shape.
    count: u32,
    /// Slots used (accessors take two).
    slots: u32,
    transitions: Vec<(PropKey, u8, u32)>,
    table: OnceCell<Box<FxHashMap<PropKey, (u32, u8)>>>,
}

/// All shapes of one VM.
pub struct ShapeTable {
    nodes: Vec<Node>,
}

impl Default for ShapeTable {
    fn default() -> Self {
        Self::new()
    }
}

impl ShapeTable {
    /// A table holding only the root shape.
    pub fn new() -> ShapeTable {
        ShapeTable {
            nodes: vec![Node {
                parent: u32::MAX,
                key: PropKey(u32::MAX),
                attrs: 0,
                slot: 0,
                count: 0,
                slots: 0,
                transitions: Vec::new(),
                table: OnceCell::new(),
            }],
        }
    }

    /// Number of shapes created.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Is the table only the root?
    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 1
    }

    /// Number of properties in `shape`.
    #[inline]
    pub fn count(&self, shape: ShapeId) -> u32 {
        self.nodes[shape.0 as usize].count
    }

    /// Number of slots `shape` needs.
    #[inline]
    pub fn slot_count(&self, shape: ShapeId) -> u32 {
        self.nodes[shape.0 as usize].slots
    }

    /// Finds `key`: its slot and attributes.
    pub fn lookup(&self, shape: ShapeId, key: PropKey) -> Option<(u32, u8)> {
        let node = &self.nodes[shape.0 as usize];
        if node.count <= LINEAR_LOOKUP_MAX {
            let mut id = shape.0;
            while id != 0 {
                let n = &self.nodes[id as usize];
                if n.key == key {
                    return Some((n.slot, n.attrs));
                }
                id = n.parent;
            }
            return None;
        }
        let table = node.table.get_or_init(|| {
            let mut m = FxHashMap::default();
            m.reserve(node.count as usize);
            let mut id = shape.0;
            while id != 0 {
                let n = &self.nodes[id as usize];
                m.entry(n.key).or_insert((n.slot, n.attrs));
                id = n.parent;
            }
            Box::new(m)
        });
        table.get(&key).copied()
    }

    /// The shape after adding `key` with `attrs`, and the slot it occupies.
    pub fn add(&mut self, shape: ShapeId, key: PropKey, attrs: u8) -> (ShapeId, u32) {
        let parent = &self.nodes[shape.0 as usize];
        for &(k, a, to) in &parent.transitions {
            if k == key && a == attrs {
                return (ShapeId(to), self.nodes[to as usize].slot);
            }
        }
        let slot = parent.slots;
        let width = if attrs & attrs::ACCESSOR != 0 { 2 } else { 1 };
        let id = self.nodes.len() as u32;
        let node = Node {
            parent: shape.0,
            key,
            attrs,
            slot,
            count: parent.count + 1,
            slots: slot + width,
            transitions: Vec::new(),
            table: OnceCell::new(),
        };
        self.nodes.push(node);
        self.nodes[shape.0 as usize]
            .transitions
            .push((key, attrs, id));
        (ShapeId(id), slot)
    }

    /// The properties of `shape` in insertion order: (key, slot, attrs).
    pub fn properties(&self, shape: ShapeId) -> Vec<(PropKey, u32, u8)> {
        let mut out = Vec::with_capacity(self.nodes[shape.0 as usize].count as usize);
        let mut id = shape.0;
        while id != 0 {
            let n = &self.nodes[id as usize];
            out.push((n.key, n.slot, n.attrs));
            id = n.parent;
        }
        out.reverse();
        out
    }

    /// The most recently added property of `shape` (deleting it can go back to the parent).
    pub fn last(&self, shape: ShapeId) -> Option<(PropKey, ShapeId)> {
        if shape.0 == 0 {
            return None;
        }
        let n = &self.nodes[shape.0 as usize];
        Some((n.key, ShapeId(n.parent)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_are_shared() {
        let mut t = ShapeTable::new();
        let (a1, s1) = t.add(ShapeId::ROOT, PropKey(5), attrs::DEFAULT);
        let (b1, s2) = t.add(a1, PropKey(6), attrs::DEFAULT);
        let (a2, _) = t.add(ShapeId::ROOT, PropKey(5), attrs::DEFAULT);
        let (b2, _) = t.add(a2, PropKey(6), attrs::DEFAULT);
        assert_eq!((a1, b1), (a2, b2));
        assert_eq!((s1, s2), (0, 1));
        assert_eq!(t.lookup(b1, PropKey(5)), Some((0, attrs::DEFAULT)));
        assert_eq!(t.lookup(b1, PropKey(7)), None);
        let keys: Vec<_> = t.properties(b1).into_iter().map(|p| p.0).collect();
        assert_eq!(keys, vec![PropKey(5), PropKey(6)]);
    }

    #[test]
    fn accessors_take_two_slots_and_big_shapes_hash() {
        let mut t = ShapeTable::new();
        let (s, _) = t.add(
            ShapeId::ROOT,
            PropKey(1),
            attrs::ACCESSOR | attrs::CONFIGURABLE,
        );
        let (mut s, slot) = t.add(s, PropKey(2), attrs::DEFAULT);
        assert_eq!(slot, 2);
        for k in 3..40 {
            s = t.add(s, PropKey(k), attrs::DEFAULT).0;
        }
        assert_eq!(t.lookup(s, PropKey(20)).map(|x| x.0), Some(20));
        assert_eq!(t.count(s), 39);
    }
}
