//! The `Math` object (ECMA-262 §21.3).

use super::{arg, define_global};
use crate::object::{attrs, NativeFn};
use crate::value::number::{to_int32, to_uint32};
use crate::value::Value;
use crate::vm::{JsResult, NativeCtx, Vm, WellKnown};
use std::cell::Cell;

pub(crate) fn init(vm: &mut Vm) {
    let math = vm.new_object();
    let consts: [(&str, f64); 8] = [
        ("E", std::f64::consts::E),
        ("LN10", std::f64::consts::LN_10),
        ("LN2", std::f64::consts::LN_2),
        ("LOG10E", std::f64::consts::LOG10_E),
        ("LOG2E", std::f64::consts::LOG2_E),
        ("PI", std::f64::consts::PI),
        ("SQRT1_2", std::f64::consts::FRAC_1_SQRT_2),
        ("SQRT2", std::f64::consts::SQRT_2),
    ];
    for (name, v) in consts {
        let k = vm.intern(name);
        vm.define_value_property(math, k, Value::number(v), 0);
    }
    let tag = vm.symbol_key(WellKnown::ToStringTag);
    let tv = vm.new_string("Math");
    vm.define_value_property(math, tag, tv, attrs::CONFIGURABLE);

    let fns: &[(&str, u32, NativeFn)] = &[
        ("abs", 1, math_abs),
        ("acos", 1, math_acos),
        ("acosh", 1, math_acosh),
        ("asin", 1, math_asin),
        ("asinh", 1, math_asinh),
        ("atan", 1, math_atan),
        ("atanh", 1, math_atanh),
        ("atan2", 2, math_atan2),
        ("cbrt", 1, math_cbrt),
        ("ceil", 1, math_ceil),
        ("clz32", 1, math_clz32),
        ("cos", 1, math_cos),
        ("cosh", 1, math_cosh),
        ("exp", 1, math_exp),
        ("expm1", 1, math_expm1),
        ("floor", 1, math_floor),
        ("fround", 1, math_fround),
        ("f16round", 1, math_f16round),
        ("hypot", 2, math_hypot),
        ("imul", 2, math_imul),
        ("log", 1, math_log),
        ("log1p", 1, math_log1p),
        ("log10", 1, math_log10),
        ("log2", 1, math_log2),
        ("max", 2, math_max),
        ("min", 2, math_min),
        ("pow", 2, math_pow),
        ("random", 0, math_random),
        ("round", 1, math_round),
        ("sign", 1, math_sign),
        ("sin", 1, math_sin),
        ("sinh", 1, math_sinh),
        ("sqrt", 1, math_sqrt),
        ("sumPrecise", 1, math_sum_precise),
        ("tan", 1, math_tan),
        ("tanh", 1, math_tanh),
        ("trunc", 1, math_trunc),
    ];
    for &(name, len, f) in fns {
        vm.define_method(math, name, len, f);
    }
    define_global(vm, "Math", Value::object(math));
}

macro_rules! unary {
    ($($name:ident => $f:expr;)*) => {
        $(
            fn $name(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
                let x = vm.to_number(arg(args, 0))?;
                let f: fn(f64) -> f64 = $f;
                Ok(Value::number(f(x)))
            }
        )*
    };
}

unary! {
    math_abs => f64::abs;
    math_acos => f64::acos;
    math_acosh => |x| if x < 1.0 { f64::NAN } else { x.acosh() };
    math_asin => f64::asin;
    math_asinh => |x| if x == 0.0 || !x.is_finite() { x } else { x.asinh() };
    math_atan => f64::atan;
    math_atanh => |x| if x == 0.0 { x } else { x.atanh() };
    math_cbrt => f64::cbrt;
    math_ceil => f64::ceil;
    math_cos => f64::cos;
    math_cosh => f64::cosh;
    math_exp => f64::exp;
    math_expm1 => |x| if x == 0.0 { x } else { x.exp_m1() };
    math_floor => f64::floor;
    math_fround => |x| x as f32 as f64;
    math_f16round => f16_round;
    math_log => |x| if x < 0.0 { f64::NAN } else { x.ln() };
    math_log1p => |x| if x == 0.0 { x } else if x < -1.0 { f64::NAN } else { x.ln_1p() };
    math_log10 => |x| if x < 0.0 { f64::NAN } else { x.log10() };
    math_log2 => |x| if x < 0.0 { f64::NAN } else { x.log2() };
    math_round => js_round;
    math_sign => |x| if x.is_nan() || x == 0.0 { x } else { x.signum() };
    math_sin => f64::sin;
    math_sinh => |x| if x == 0.0 { x } else { x.sinh() };
    math_sqrt => f64::sqrt;
    math_tan => f64::tan;
    math_tanh => |x| if x == 0.0 { x } else { x.tanh() };
    math_trunc => f64::trunc;
}

/// 21.3.2.28 Math.round: rounds half toward +∞; keeps -0 for inputs in [-0.5, -0].
fn js_round(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    if x > 0.0 && x < 0.5 {
        return 0.0;
    }
    if (-0.5..0.0).contains(&x) {
        return -0.0;
    }
    if x.abs() >= 4503599627370496.0 {
        return x;
    }
    let f = x.floor();
    if x - f >= 0.5 {
        f + 1.0
    } else {
        f
    }
}

/// 21.3.2.17 Math.f16round: round to the nearest IEEE binary16 value (ties to even), directly
/// from the double (no double rounding through f32).
fn f16_round(x: f64) -> f64 {
    if x.is_nan() || x.is_infinite() || x == 0.0 {
        return x;
    }
    let sign = if x < 0.0 { -1.0 } else { 1.0 };
    let a = x.abs();
    // Largest finite half is 65504; values at or above 65520 round to infinity.
    if a >= 65520.0 {
        return sign * f64::INFINITY;
    }
    // Quantum: subnormal halves are multiples of 2^-24; normal ones have 11 significant bits.
    let biased = ((a.to_bits() >> 52) & 0x7ff) as i32;
    let e = (biased - 1023).max(-14);
    let quantum = 2f64.powi(e - 10);
    let scaled = a / quantum; // exact: dividing by a power of two
    let r = round_half_even(scaled);
    sign * r * quantum
}

fn round_half_even(x: f64) -> f64 {
    let f = x.floor();
    let diff = x - f;
    if diff > 0.5 || (diff == 0.5 && f % 2.0 != 0.0) {
        f + 1.0
    } else {
        f
    }
}

/// `Number::exponentiate` (§6.1.6.1.3).
fn js_pow(base: f64, exp: f64) -> f64 {
    if exp.is_nan() {
        return f64::NAN;
    }
    if exp == 0.0 {
        return 1.0;
    }
    if (base == 1.0 || base == -1.0) && exp.is_infinite() {
        return f64::NAN;
    }
    base.powf(exp)
}

fn math_atan2(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let y = vm.to_number(arg(args, 0))?;
    let x = vm.to_number(arg(args, 1))?;
    Ok(Value::number(y.atan2(x)))
}

fn math_pow(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let b = vm.to_number(arg(args, 0))?;
    let e = vm.to_number(arg(args, 1))?;
    Ok(Value::number(js_pow(b, e)))
}

fn math_clz32(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let n = vm.to_number(arg(args, 0))?;
    Ok(Value::int(to_uint32(n).leading_zeros() as i32))
}

fn math_imul(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let a = vm.to_number(arg(args, 0))?;
    let b = vm.to_number(arg(args, 1))?;
    Ok(Value::int(to_int32(a).wrapping_mul(to_int32(b))))
}

/// 21.3.2.18 Math.hypot ( ...args )
fn math_hypot(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let mut nums = Vec::with_capacity(args.len());
    for &a in args {
        nums.push(vm.to_number(a)?);
    }
    let mut nan = false;
    let mut max = 0.0f64;
    for &n in &nums {
        if n.is_infinite() {
            return Ok(Value::number(f64::INFINITY));
        }
        if n.is_nan() {
            nan = true;
        } else {
            max = max.max(n.abs());
        }
    }
    if nan {
        return Ok(Value::number(f64::NAN));
    }
    if max == 0.0 {
        return Ok(Value::number(0.0));
    }
    // Scale to avoid overflow/underflow; Kahan-compensated sum of squares.
    let mut sum = 0.0f64;
    let mut comp = 0.0f64;
    for &n in &nums {
        let r = n / max;
        let y = r * r - comp;
        let t = sum + y;
        comp = (t - sum) - y;
        sum = t;
    }
    Ok(Value::number(sum.sqrt() * max))
}

fn math_max(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let mut r = f64::NEG_INFINITY;
    let mut nan = false;
    for &a in args {
        let n = vm.to_number(a)?;
        if n.is_nan() {
            nan = true;
        } else if n > r || (n == 0.0 && r == 0.0 && r.is_sign_negative() && n.is_sign_positive()) {
            r = n;
        }
    }
    Ok(Value::number(if nan { f64::NAN } else { r }))
}

fn math_min(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let mut r = f64::INFINITY;
    let mut nan = false;
    for &a in args {
        let n = vm.to_number(a)?;
        if n.is_nan() {
            nan = true;
        } else if n < r || (n == 0.0 && r == 0.0 && n.is_sign_negative() && r.is_sign_positive()) {
            r = n;
        }
    }
    Ok(Value::number(if nan { f64::NAN } else { r }))
}

thread_local! {
    static RNG: Cell<(u64, u64)> = const { Cell::new((0, 0)) };
}

fn splitmix64(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// 21.3.2.27 Math.random: xorshift128+, seeded from the clock.
fn math_random(_vm: &mut Vm, _this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let r = RNG.with(|c| {
        let (mut s0, mut s1) = c.get();
        if s0 == 0 && s1 == 0 {
            let mut seed = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(0x1234_5678)
                ^ (c as *const _ as u64);
            s0 = splitmix64(&mut seed);
            s1 = splitmix64(&mut seed);
            if s0 == 0 && s1 == 0 {
                s1 = 1;
            }
        }
        let mut x = s0;
        let y = s1;
        s0 = y;
        x ^= x << 23;
        x ^= x >> 17;
        x ^= y ^ (y >> 26);
        s1 = x;
        c.set((s0, s1));
        s0.wrapping_add(s1)
    });
    // 53 random bits in [0, 1).
    Ok(Value::number((r >> 11) as f64 / (1u64 << 53) as f64))
}

/// Math.sumPrecise ( items ): exact sum of an iterable of numbers, rounded once.
fn math_sum_precise(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let items = arg(args, 0);
    if items.is_nullish() {
        return Err(vm.type_error(&format!("{} is not iterable", items.type_name())));
    }
    let (it, next) = vm.get_iterator(items)?;
    vm.root(it);
    vm.root(next);
    let mut nums = Vec::new();
    while let Some(v) = vm.iterator_step(it, next)? {
        let Some(n) = v.as_number() else {
            let err = vm.type_error("Math.sumPrecise: value is not a number");
            vm.root(err);
            if let Some(io) = it.as_object() {
                if let Ok(ret) = vm.get_named(io, crate::atoms::names::RETURN) {
                    if !ret.is_nullish() {
                        let _ = vm.call(ret, it, &[]);
                    }
                }
            }
            return Err(err);
        };
        nums.push(n);
    }
    Ok(Value::number(sum_precise(&nums)))
}

/// Exact summation: handles the special values, then sums exactly with a fixed-point big integer.
fn sum_precise(nums: &[f64]) -> f64 {
    let mut pos_inf = false;
    let mut neg_inf = false;
    let mut all_neg_zero = true;
    for &n in nums {
        if n.is_nan() {
            return f64::NAN;
        }
        if n == f64::INFINITY {
            pos_inf = true;
        } else if n == f64::NEG_INFINITY {
            neg_inf = true;
        }
        if !(n == 0.0 && n.is_sign_negative()) {
            all_neg_zero = false;
        }
    }
    if pos_inf && neg_inf {
        return f64::NAN;
    }
    if pos_inf {
        return f64::INFINITY;
    }
    if neg_inf {
        return f64::NEG_INFINITY;
    }
    if all_neg_zero {
        return -0.0;
    }
    // Every finite double is an integer multiple of 2^-1074; its magnitude is below 2^1024.
    // A fixed-point accumulator of 2^(1074+1024+64) bits in 32-bit limbs holds any sum exactly.
    const LIMBS: usize = (1074 + 1024 + 64) / 32 + 1;
    let mut acc = vec![0i64; LIMBS];
    for &n in nums {
        if n == 0.0 {
            continue;
        }
        let bits = n.to_bits();
        let exp = ((bits >> 52) & 0x7ff) as i64;
        let mut mant = bits & ((1u64 << 52) - 1);
        if exp != 0 {
            mant |= 1u64 << 52;
        }
        let shift = if exp == 0 { 0 } else { exp - 1 } as usize; // position of bit 0 in units of 2^-1074
        let neg = n < 0.0;
        let limb = shift / 32;
        let off = shift % 32;
        let wide = (mant as u128) << off;
        for i in 0..3 {
            let part = ((wide >> (32 * i)) & 0xFFFF_FFFF) as i64;
            if limb + i < LIMBS {
                if neg {
                    acc[limb + i] -= part;
                } else {
                    acc[limb + i] += part;
                }
            }
        }
    }
    // Normalise limbs to [0, 2^32) with a signed top carry.
    let mut carry: i64 = 0;
    for l in acc.iter_mut() {
        let v = *l + carry;
        carry = v.div_euclid(1 << 32);
        *l = v.rem_euclid(1 << 32);
    }
    let negative = carry < 0;
    if negative {
        // Two's complement negate: the value is acc - 2^(32·LIMBS).
        let mut borrow = 0i64;
        for l in acc.iter_mut() {
            let v = -*l - borrow;
            borrow = if v < 0 { 1 } else { 0 };
            *l = v.rem_euclid(1 << 32);
        }
    }
    // Find the top set bit.
    let Some(top_limb) = acc.iter().rposition(|&l| l != 0) else {
        return 0.0;
    };
    let top_bit = top_limb * 32 + (63 - (acc[top_limb] as u64).leading_zeros() as usize);
    let bit = |i: usize| -> u64 { ((acc[i / 32] as u64) >> (i % 32)) & 1 };
    // Take 53 bits from top_bit down (or fewer for subnormal results), round half to even.
    let lsb = top_bit.saturating_sub(52);
    let mut m: u64 = 0;
    for i in (lsb..=top_bit).rev() {
        m = (m << 1) | bit(i);
    }
    if lsb > 0 {
        let round = bit(lsb - 1);
        let sticky = (0..lsb - 1).any(|i| bit(i) == 1);
        if round == 1 && (sticky || m & 1 == 1) {
            m += 1;
        }
    }
    // m × 2^(lsb − 1074), scaled in two exact steps (2^-1074 itself is not reachable by powi).
    let value = if lsb < 1074 {
        (m as f64) * 2f64.powi(lsb as i32 - 537) * 2f64.powi(-537)
    } else {
        (m as f64) * 2f64.powi(lsb as i32 - 1074)
    };
    if negative {
        -value
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_rules() {
        assert_eq!(js_round(0.49999999999999994), 0.0);
        assert_eq!(js_round(2.5), 3.0);
        assert_eq!(js_round(-2.5), -2.0);
        assert!(js_round(-0.2).is_sign_negative());
        assert_eq!(f16_round(1.337), 1.3369140625);
        assert_eq!(f16_round(65519.0), 65504.0);
        assert_eq!(f16_round(65520.0), f64::INFINITY);
        assert_eq!(f16_round(5.960464477539063e-8), 5.960464477539063e-8);
        assert_eq!(sum_precise(&[1e308, 1e308, -1e308]), 1e308);
        assert_eq!(sum_precise(&[0.1, 0.2, 0.3]), 0.6);
        assert_eq!(sum_precise(&[1e20, 0.1, -1e20]), 0.1);
        assert_eq!(sum_precise(&[-0.0, -0.0]), -0.0);
        assert_eq!(sum_precise(&[5e-324, -5e-324, 5e-324]), 5e-324);
        assert_eq!(sum_precise(&[-5.0, 2.0]), -3.0);
    }
}
