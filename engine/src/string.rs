//! JS strings: immutable sequences of UTF-16 code units, stored compactly as Latin-1 when every
//! unit fits in a byte (the canonical form: a string is Latin-1 iff it can be).

use crate::heap::{HeapAlloc, HeapKind, Trace, Tracer};
use std::cell::Cell;

/// Storage of a [`JsString`].
pub enum StrData {
    /// Every code unit ≤ 0xFF.
    Latin1(Box<[u8]>),
    /// At least one code unit > 0xFF.
    Utf16(Box<[u16]>),
}

/// A heap string.
pub struct JsString {
    data: StrData,
    /// Interned atom id + 1, or 0 when not (yet) known to be an atom.
    pub(crate) atom: Cell<u32>,
}

impl Trace for JsString {
    fn trace(&self, _: &mut Tracer) {}
}

impl HeapAlloc for JsString {
    const KIND: HeapKind = HeapKind::String;
    fn extra_bytes(&self) -> usize {
        match &self.data {
            StrData::Latin1(b) => b.len(),
            StrData::Utf16(u) => u.len() * 2,
        }
    }
}

impl JsString {
    /// Builds from a Rust string.
    #[allow(clippy::should_implement_trait)] // infallible, unlike `FromStr`
    pub fn from_str(s: &str) -> JsString {
        if s.is_ascii() {
            return JsString::latin1(s.as_bytes().into());
        }
        let units: Vec<u16> = s.encode_utf16().collect();
        JsString::from_units(&units)
    }

    /// Builds from UTF-16 code units, choosing the compact form when possible.
    pub fn from_units(units: &[u16]) -> JsString {
        if units.iter().all(|&u| u <= 0xFF) {
            JsString::latin1(units.iter().map(|&u| u as u8).collect())
        } else {
            JsString {
                data: StrData::Utf16(units.into()),
                atom: Cell::new(0),
            }
        }
    }

    /// Builds from Latin-1 bytes.
    pub fn latin1(bytes: Box<[u8]>) -> JsString {
        JsString {
            data: StrData::Latin1(bytes),
            atom: Cell::new(0),
        }
    }

    /// The storage.
    #[inline]
    pub fn data(&self) -> &StrData {
        &self.data
    }

    /// Length in code units.
    #[inline]
    pub fn len(&self) -> usize {
        match &self.data {
            StrData::Latin1(b) => b.len(),
            StrData::Utf16(u) => u.len(),
        }
    }

    /// Is it the empty string?
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The code unit at `i` (caller checks bounds).
    #[inline]
    pub fn at(&self, i: usize) -> u16 {
        match &self.data {
            StrData::Latin1(b) => b[i] as u16,
            StrData::Utf16(u) => u[i],
        }
    }

    /// Iterates the code units.
    pub fn units(&self) -> impl Iterator<Item = u16> + '_ {
        let (l, u) = match &self.data {
            StrData::Latin1(b) => (Some(b.iter().map(|&c| c as u16)), None),
            StrData::Utf16(u) => (None, Some(u.iter().copied())),
        };
        l.into_iter().flatten().chain(u.into_iter().flatten())
    }

    /// Copies the code units out.
    pub fn to_units(&self) -> Vec<u16> {
        match &self.data {
            StrData::Latin1(b) => b.iter().map(|&c| c as u16).collect(),
            StrData::Utf16(u) => u.to_vec(),
        }
    }

    /// Appends the code units to `out`.
    pub fn push_units(&self, out: &mut Vec<u16>) {
        match &self.data {
            StrData::Latin1(b) => out.extend(b.iter().map(|&c| c as u16)),
            StrData::Utf16(u) => out.extend_from_slice(u),
        }
    }

    /// A Rust string (lone surrogates become U+FFFD).
    pub fn to_rust_string(&self) -> String {
        match &self.data {
            StrData::Latin1(b) => b.iter().map(|&c| c as char).collect(),
            StrData::Utf16(u) => String::from_utf16_lossy(u),
        }
    }

    /// Content equality.
    pub fn eq_content(&self, other: &JsString) -> bool {
        match (&self.data, &other.data) {
            (StrData::Latin1(a), StrData::Latin1(b)) => a == b,
            (StrData::Utf16(a), StrData::Utf16(b)) => a == b,
            // Canonical form: a Latin-1 string never equals a UTF-16 one.
            _ => false,
        }
    }

    /// Content equality with a Rust string.
    pub fn eq_str(&self, s: &str) -> bool {
        match &self.data {
            StrData::Latin1(b) if s.is_ascii() => b.as_ref() == s.as_bytes(),
            _ => self.units().eq(s.encode_utf16()),
        }
    }

    /// Lexicographic comparison by code units (the spec's `<` on strings).
    pub fn cmp_units(&self, other: &JsString) -> std::cmp::Ordering {
        match (&self.data, &other.data) {
            (StrData::Latin1(a), StrData::Latin1(b)) => a.cmp(b),
            _ => self.units().cmp(other.units()),
        }
    }

    /// A content hash that is the same for both storage forms (used by the atom table).
    pub fn content_hash(&self) -> u64 {
        hash_units(self.units())
    }

    /// If the string is a canonical array index ("0", "17", not "017" or "4294967295"), its value.
    pub fn as_array_index(&self) -> Option<u32> {
        let n = self.len();
        if n == 0 || n > 10 {
            return None;
        }
        let first = self.at(0);
        if first == b'0' as u16 && n > 1 {
            return None;
        }
        let mut v: u64 = 0;
        for u in self.units() {
            if !(b'0' as u16..=b'9' as u16).contains(&u) {
                return None;
            }
            v = v * 10 + (u - b'0' as u16) as u64;
        }
        if v < u32::MAX as u64 {
            Some(v as u32)
        } else {
            None
        }
    }
}

/// FNV-1a over code units: stable across storage forms.
pub fn hash_units(units: impl Iterator<Item = u16>) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for u in units {
        h ^= u as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        let a = JsString::from_str("héllo");
        assert!(matches!(a.data(), StrData::Latin1(_)));
        let b = JsString::from_str("日本");
        assert!(matches!(b.data(), StrData::Utf16(_)));
        assert_eq!(b.len(), 2);
        assert!(JsString::from_units(&[104, 233, 108, 108, 111]).eq_content(&a));
        assert_eq!(
            a.content_hash(),
            JsString::from_units(&a.to_units()).content_hash()
        );
    }

    #[test]
    fn array_indices() {
        assert_eq!(JsString::from_str("0").as_array_index(), Some(0));
        assert_eq!(
            JsString::from_str("4294967294").as_array_index(),
            Some(4294967294)
        );
        assert_eq!(JsString::from_str("4294967295").as_array_index(), None);
        assert_eq!(JsString::from_str("01").as_array_index(), None);
        assert_eq!(JsString::from_str("-1").as_array_index(), None);
    }
}
