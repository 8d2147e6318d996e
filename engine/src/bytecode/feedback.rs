//! Feedback slots: inline caches for property accesses, monomorphic then polymorphic (4 entries),
//! then megamorphic.

use crate::object::ShapeId;

/// One cached (shape → location) pair.
#[derive(Clone, Copy, Debug)]
pub struct IcEntry {
    /// Receiver shape.
    pub shape: ShapeId,
    /// For prototype hits: the receiver's prototype address; 0 for own properties.
    pub proto: usize,
    /// For prototype hits: the holder's address; 0 for own properties.
    pub holder: usize,
    /// Slot in the holder (own: the receiver).
    pub slot: u32,
    /// For stores that add a property: the shape after the transition (else `shape`).
    pub new_shape: ShapeId,
    /// Prototype epoch the entry was made in (prototype hits and transitions only).
    pub epoch: u32,
    /// The slot holds an accessor (getter at `slot`, setter at `slot + 1`).
    pub accessor: bool,
}

/// A polymorphic inline cache.
#[derive(Clone, Copy, Debug)]
pub struct PropertyIc {
    /// Entries in use: `entries[..len]`.
    pub entries: [IcEntry; 4],
    /// Number of valid entries.
    pub len: u8,
}

/// A feedback slot.
#[derive(Clone, Copy, Debug)]
pub enum Feedback {
    /// Not executed yet.
    None,
    /// Property access seen with up to 4 shapes.
    Property(PropertyIc),
    /// Too many shapes: no caching.
    Megamorphic,
    /// Binary operation type feedback: bit 0 int, bit 1 double, bit 2 string, bit 3 other.
    Binary(u8),
    /// Call site: the last callee's address (0 when polymorphic).
    Call(usize),
}

impl Feedback {
    /// Replaces the entry of a monomorphic site (global variable accesses, whose one
    /// receiver only changes shape).
    pub fn record_mono(&mut self, e: IcEntry) {
        *self = Feedback::Property(PropertyIc {
            entries: [e; 4],
            len: 1,
        });
    }

    /// Adds an entry, going polymorphic (up to four shapes) then megamorphic.
    pub fn record(&mut self, e: IcEntry) {
        match self {
            Feedback::Property(ic) => {
                // Replace a stale entry for the same shape (e.g. epoch changed) before growing.
                for i in 0..ic.len as usize {
                    if ic.entries[i].shape == e.shape && ic.entries[i].proto == e.proto {
                        ic.entries[i] = e;
                        return;
                    }
                }
                if (ic.len as usize) < ic.entries.len() {
                    ic.entries[ic.len as usize] = e;
                    ic.len += 1;
                } else {
                    *self = Feedback::Megamorphic;
                }
            }
            Feedback::Megamorphic => {}
            _ => {
                *self = Feedback::Property(PropertyIc {
                    entries: [e; 4],
                    len: 1,
                })
            }
        }
    }

    /// A short description for the disassembler and the JIT's tier-up heuristics.
    pub fn state(&self) -> &'static str {
        match self {
            Feedback::None => "uninitialized",
            Feedback::Property(ic) if ic.len == 1 => "monomorphic",
            Feedback::Property(_) => "polymorphic",
            Feedback::Megamorphic => "megamorphic",
            Feedback::Binary(_) => "binary",
            Feedback::Call(_) => "call",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(shape: u32) -> IcEntry {
        IcEntry {
            shape: ShapeId(shape),
            proto: 0,
            holder: 0,
            slot: 0,
            new_shape: ShapeId(shape),
            epoch: 0,
            accessor: false,
        }
    }

    #[test]
    fn goes_mono_poly_mega() {
        let mut f = Feedback::None;
        f.record(entry(1));
        assert_eq!(f.state(), "monomorphic");
        f.record(entry(1));
        assert_eq!(f.state(), "monomorphic");
        for s in 2..=4 {
            f.record(entry(s));
        }
        assert_eq!(f.state(), "polymorphic");
        f.record(entry(5));
        assert_eq!(f.state(), "megamorphic");
    }
}
