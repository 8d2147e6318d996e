//! Element types of typed arrays and DataViews (ECMA-262 Table 71): sizes, names, and the
//! conversions between Numbers and raw bytes (NumericToRawBytes / RawBytesToNumeric with
//! ToInt8…ToUint8Clamp). Bytes are little-endian; DataView reverses them for big-endian access.

use crate::value::number::{to_int32, to_uint32};
use crate::vm::Intrinsic;

/// A (non-BigInt) element type.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum ElemKind {
    Int8,
    Uint8,
    Uint8Clamped,
    Int16,
    Uint16,
    Int32,
    Uint32,
    Float32,
    Float64,
}

impl ElemKind {
    /// Every kind, in the order of the constructors' intrinsics.
    pub(crate) const ALL: [ElemKind; 9] = [
        ElemKind::Int8,
        ElemKind::Uint8,
        ElemKind::Uint8Clamped,
        ElemKind::Int16,
        ElemKind::Uint16,
        ElemKind::Int32,
        ElemKind::Uint32,
        ElemKind::Float32,
        ElemKind::Float64,
    ];

    /// The element size in bytes.
    #[inline]
    pub(crate) fn size(self) -> usize {
        match self {
            ElemKind::Int8 | ElemKind::Uint8 | ElemKind::Uint8Clamped => 1,
            ElemKind::Int16 | ElemKind::Uint16 => 2,
            ElemKind::Int32 | ElemKind::Uint32 | ElemKind::Float32 => 4,
            ElemKind::Float64 => 8,
        }
    }

    /// The constructor's name (`[[TypedArrayName]]`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            ElemKind::Int8 => "Int8Array",
            ElemKind::Uint8 => "Uint8Array",
            ElemKind::Uint8Clamped => "Uint8ClampedArray",
            ElemKind::Int16 => "Int16Array",
            ElemKind::Uint16 => "Uint16Array",
            ElemKind::Int32 => "Int32Array",
            ElemKind::Uint32 => "Uint32Array",
            ElemKind::Float32 => "Float32Array",
            ElemKind::Float64 => "Float64Array",
        }
    }

    /// The constructor intrinsic.
    pub(crate) fn constructor(self) -> Intrinsic {
        match self {
            ElemKind::Int8 => Intrinsic::Int8Array,
            ElemKind::Uint8 => Intrinsic::Uint8Array,
            ElemKind::Uint8Clamped => Intrinsic::Uint8ClampedArray,
            ElemKind::Int16 => Intrinsic::Int16Array,
            ElemKind::Uint16 => Intrinsic::Uint16Array,
            ElemKind::Int32 => Intrinsic::Int32Array,
            ElemKind::Uint32 => Intrinsic::Uint32Array,
            ElemKind::Float32 => Intrinsic::Float32Array,
            ElemKind::Float64 => Intrinsic::Float64Array,
        }
    }

    /// The prototype intrinsic.
    pub(crate) fn prototype(self) -> Intrinsic {
        match self {
            ElemKind::Int8 => Intrinsic::Int8ArrayPrototype,
            ElemKind::Uint8 => Intrinsic::Uint8ArrayPrototype,
            ElemKind::Uint8Clamped => Intrinsic::Uint8ClampedArrayPrototype,
            ElemKind::Int16 => Intrinsic::Int16ArrayPrototype,
            ElemKind::Uint16 => Intrinsic::Uint16ArrayPrototype,
            ElemKind::Int32 => Intrinsic::Int32ArrayPrototype,
            ElemKind::Uint32 => Intrinsic::Uint32ArrayPrototype,
            ElemKind::Float32 => Intrinsic::Float32ArrayPrototype,
            ElemKind::Float64 => Intrinsic::Float64ArrayPrototype,
        }
    }

    /// RawBytesToNumeric: `bytes` holds exactly one little-endian element.
    #[inline]
    pub(crate) fn decode(self, bytes: &[u8]) -> f64 {
        let mut b = [0u8; 8];
        b[..bytes.len()].copy_from_slice(bytes);
        match self {
            ElemKind::Int8 => b[0] as i8 as f64,
            ElemKind::Uint8 | ElemKind::Uint8Clamped => b[0] as f64,
            ElemKind::Int16 => i16::from_le_bytes([b[0], b[1]]) as f64,
            ElemKind::Uint16 => u16::from_le_bytes([b[0], b[1]]) as f64,
            ElemKind::Int32 => i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f64,
            ElemKind::Uint32 => u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f64,
            ElemKind::Float32 => f32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f64,
            ElemKind::Float64 => f64::from_le_bytes(b),
        }
    }

    /// NumericToRawBytes: writes `n` converted to this type into `out` (one element's bytes).
    #[inline]
    pub(crate) fn encode(self, n: f64, out: &mut [u8]) {
        match self {
            ElemKind::Int8 | ElemKind::Uint8 => out[0] = to_int32(n) as u8,
            ElemKind::Uint8Clamped => out[0] = to_uint8_clamp(n),
            ElemKind::Int16 | ElemKind::Uint16 => {
                out.copy_from_slice(&(to_int32(n) as u16).to_le_bytes())
            }
            ElemKind::Int32 | ElemKind::Uint32 => out.copy_from_slice(&to_uint32(n).to_le_bytes()),
            ElemKind::Float32 => out.copy_from_slice(&(n as f32).to_le_bytes()),
            ElemKind::Float64 => out.copy_from_slice(&n.to_le_bytes()),
        }
    }
}

/// 7.1.12 ToUint8Clamp: clamps to 0..=255, rounding halves to even.
pub(crate) fn to_uint8_clamp(n: f64) -> u8 {
    if n.is_nan() || n <= 0.0 {
        return 0;
    }
    if n >= 255.0 {
        return 255;
    }
    let f = n.floor();
    let half = f + 0.5;
    let r = if n < half {
        f
    } else if n > half || f % 2.0 != 0.0 {
        f + 1.0
    } else {
        f
    };
    r as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        let cases: &[(ElemKind, f64, f64)] = &[
            (ElemKind::Int8, 200.0, -56.0),
            (ElemKind::Uint8, -1.0, 255.0),
            (ElemKind::Uint8Clamped, 2.5, 2.0),
            (ElemKind::Uint8Clamped, 3.5, 4.0),
            (ElemKind::Uint8Clamped, 300.0, 255.0),
            (ElemKind::Int16, 40000.0, -25536.0),
            (ElemKind::Uint32, -1.0, 4294967295.0),
            (ElemKind::Int32, f64::NAN, 0.0),
            (ElemKind::Float32, 0.1, 0.1f32 as f64),
        ];
        for &(k, input, want) in cases {
            let mut b = vec![0u8; k.size()];
            k.encode(input, &mut b);
            assert_eq!(k.decode(&b), want, "{k:?} {input}");
        }
    }
}
