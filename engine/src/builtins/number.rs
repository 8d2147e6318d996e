//! `Number` (ECMA-262 §21.1) and `Boolean` (§20.3).

use super::{arg, define_global, make_constructor};
use crate::object::{attrs, ObjectKind};
use crate::value::number::{to_js_string, to_radix_string};
use crate::value::Value;
use crate::vm::{Intrinsic, JsResult, NativeCtx, Vm};

pub(crate) fn init(vm: &mut Vm) {
    // Number
    let proto = vm.intrinsic(Intrinsic::NumberPrototype);
    proto.inner().kind = ObjectKind::Number(0.0);
    let ctor = make_constructor(vm, "Number", 1, number_ctor, proto, Some(Intrinsic::Number));
    let consts: [(&str, f64); 8] = [
        ("EPSILON", f64::EPSILON),
        ("MAX_SAFE_INTEGER", 9007199254740991.0),
        ("MAX_VALUE", f64::MAX),
        ("MIN_SAFE_INTEGER", -9007199254740991.0),
        ("MIN_VALUE", 5e-324),
        ("NaN", f64::NAN),
        ("NEGATIVE_INFINITY", f64::NEG_INFINITY),
        ("POSITIVE_INFINITY", f64::INFINITY),
    ];
    for (name, v) in consts {
        let k = vm.intern(name);
        vm.define_value_property(ctor, k, Value::number(v), 0);
    }
    vm.define_method(ctor, "isFinite", 1, number_is_finite);
    vm.define_method(ctor, "isInteger", 1, number_is_integer);
    vm.define_method(ctor, "isNaN", 1, number_is_nan);
    vm.define_method(ctor, "isSafeInteger", 1, number_is_safe_integer);
    // parseFloat / parseInt: the same function objects as the globals.
    let pf = vm.define_method(ctor, "parseFloat", 1, super::global::parse_float);
    let pi = vm.define_method(ctor, "parseInt", 2, super::global::parse_int);
    define_global(vm, "parseFloat", Value::object(pf));
    define_global(vm, "parseInt", Value::object(pi));

    vm.define_method(proto, "toExponential", 1, number_to_exponential);
    vm.define_method(proto, "toFixed", 1, number_to_fixed);
    vm.define_method(proto, "toLocaleString", 0, number_to_locale_string);
    vm.define_method(proto, "toPrecision", 1, number_to_precision);
    vm.define_method(proto, "toString", 1, number_to_string);
    vm.define_method(proto, "valueOf", 0, number_value_of);

    // Boolean
    let bproto = vm.intrinsic(Intrinsic::BooleanPrototype);
    bproto.inner().kind = ObjectKind::Boolean(false);
    make_constructor(
        vm,
        "Boolean",
        1,
        boolean_ctor,
        bproto,
        Some(Intrinsic::Boolean),
    );
    vm.define_method(bproto, "toString", 0, boolean_to_string);
    vm.define_method(bproto, "valueOf", 0, boolean_value_of);
    let _ = attrs::DEFAULT;
}

// ---------------------------------------------------------------------------------------------
// Number
// ---------------------------------------------------------------------------------------------

/// 21.1.1.1 Number ( value )
fn number_ctor(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let n = if args.is_empty() {
        0.0
    } else {
        let prim = vm.to_numeric(args[0])?;
        match prim.as_number() {
            Some(n) => n,
            // BigInt: Number(bigint) converts its mathematical value.
            None => vm.to_number(prim).unwrap_or(f64::NAN),
        }
    };
    if ctx.new_target.is_undefined() {
        return Ok(Value::number(n));
    }
    let o = vm.ordinary_create_from_constructor(ctx.new_target, Intrinsic::NumberPrototype)?;
    o.inner().kind = ObjectKind::Number(n);
    Ok(Value::object(o))
}

/// `thisNumberValue(value)` (§21.1.3.7.1).
fn this_number_value(vm: &mut Vm, this: Value, method: &str) -> JsResult<f64> {
    if let Some(n) = this.as_number() {
        return Ok(n);
    }
    if let Some(o) = this.as_object() {
        if let ObjectKind::Number(n) = o.kind() {
            return Ok(*n);
        }
    }
    Err(vm.type_error(&format!(
        "Number.prototype.{method} requires that 'this' be a Number"
    )))
}

fn number_is_finite(
    _vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    Ok(Value::bool(
        arg(args, 0).as_number().is_some_and(f64::is_finite),
    ))
}

fn is_integral(v: Value) -> Option<f64> {
    v.as_number().filter(|n| n.is_finite() && n.trunc() == *n)
}

fn number_is_integer(
    _vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    Ok(Value::bool(is_integral(arg(args, 0)).is_some()))
}

fn number_is_nan(_vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    Ok(Value::bool(
        arg(args, 0).as_number().is_some_and(f64::is_nan),
    ))
}

fn number_is_safe_integer(
    _vm: &mut Vm,
    _this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    Ok(Value::bool(
        is_integral(arg(args, 0)).is_some_and(|n| n.abs() <= 9007199254740991.0),
    ))
}

/// The exact decimal expansion of a finite positive double: digits `d` (no leading or trailing
/// zeros) and `k` such that `x = 0.d × 10^k`.
fn exact_digits(x: f64) -> (Vec<u8>, i32) {
    debug_assert!(x > 0.0 && x.is_finite());
    // x = m × 2^e with m odd: exactly max(0, -e) fractional decimal digits.
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let mut mant = bits & ((1u64 << 52) - 1);
    let mut e = if exp == 0 { -1074 } else { exp - 1075 };
    if exp != 0 {
        mant |= 1u64 << 52;
    }
    let tz = mant.trailing_zeros() as i32;
    e += tz;
    let prec = if e < 0 { (-e) as usize } else { 0 };
    let s = format!("{:.*}", prec, x);
    let (int_part, frac_part) = match s.find('.') {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (&s[..], ""),
    };
    let mut digits: Vec<u8> = int_part
        .bytes()
        .chain(frac_part.bytes())
        .map(|b| b - b'0')
        .collect();
    let mut k = int_part.len() as i32;
    let lead = digits.iter().take_while(|&&d| d == 0).count();
    digits.drain(..lead);
    k -= lead as i32;
    while digits.last() == Some(&0) {
        digits.pop();
    }
    (digits, k)
}

/// Rounds `0.d × 10^k` to `n` significant digits, ties away from zero (the spec's "pick the
/// larger n"). Returns exactly `n` digits (possibly all zero when `n` is 0 and it rounds down).
fn round_digits(d: &[u8], k: i32, n: usize) -> (Vec<u8>, i32) {
    if d.len() <= n {
        let mut out = d.to_vec();
        out.resize(n, 0);
        return (out, k);
    }
    let mut out = d[..n].to_vec();
    if d[n] >= 5 {
        let mut i = n;
        loop {
            if i == 0 {
                // Carried out of the top digit: 99.. -> 100..
                out.insert(0, 1);
                out.truncate(n.max(1));
                return (out, k + 1);
            }
            i -= 1;
            if out[i] == 9 {
                out[i] = 0;
            } else {
                out[i] += 1;
                break;
            }
        }
    }
    (out, k)
}

fn digits_to_string(d: &[u8]) -> String {
    d.iter().map(|&x| (b'0' + x) as char).collect()
}

/// 21.1.3.2 Number.prototype.toExponential ( fractionDigits )
fn number_to_exponential(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let x = this_number_value(vm, this, "toExponential")?;
    let fd = arg(args, 0);
    let f = vm.to_integer_or_infinity(fd)?;
    if !x.is_finite() {
        return Ok(vm.new_string(&to_js_string(x)));
    }
    if !(0.0..=100.0).contains(&f) {
        return Err(vm.range_error("toExponential() argument must be between 0 and 100"));
    }
    let digits = if fd.is_undefined() {
        None
    } else {
        Some(f as usize)
    };
    Ok(vm.new_string(&to_exponential(x, digits)))
}

/// `x.toExponential(f)` for a finite `x` (`None`: as many digits as needed).
pub(crate) fn to_exponential(x: f64, fd: Option<usize>) -> String {
    let mut s = String::new();
    let mut x = x;
    if x < 0.0 {
        s.push('-');
        x = -x;
    }
    let (digits, e) = if x == 0.0 {
        let n = fd.map_or(1, |f| f + 1);
        (vec![0u8; n], 0)
    } else if fd.is_none() {
        // As many digits as necessary to identify the number uniquely (shortest round-trip).
        let r = format!("{:e}", x);
        let (m, ex) = r.split_once('e').unwrap();
        let d: Vec<u8> = m
            .bytes()
            .filter(|b| b.is_ascii_digit())
            .map(|b| b - b'0')
            .collect();
        (d, ex.parse::<i32>().unwrap())
    } else {
        let (d, k) = exact_digits(x);
        let (r, k) = round_digits(&d, k, fd.map_or(1, |f| f + 1));
        (r, k - 1)
    };
    s.push((b'0' + digits[0]) as char);
    if digits.len() > 1 {
        s.push('.');
        s.push_str(&digits_to_string(&digits[1..]));
    }
    s.push('e');
    s.push(if e >= 0 { '+' } else { '-' });
    s.push_str(&e.abs().to_string());
    s
}

/// 21.1.3.3 Number.prototype.toFixed ( fractionDigits )
fn number_to_fixed(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let x = this_number_value(vm, this, "toFixed")?;
    let f = vm.to_integer_or_infinity(arg(args, 0))?;
    if !f.is_finite() || !(0.0..=100.0).contains(&f) {
        return Err(vm.range_error("toFixed() digits argument must be between 0 and 100"));
    }
    if !x.is_finite() {
        return Ok(vm.new_string(&to_js_string(x)));
    }
    Ok(vm.new_string(&to_fixed(x, f as usize)))
}

/// `x.toFixed(f)` for a finite `x`.
pub(crate) fn to_fixed(x: f64, f: usize) -> String {
    let mut s = String::new();
    let mut x = x;
    if x < 0.0 {
        s.push('-');
        x = -x;
    }
    if x >= 1e21 {
        s.push_str(&to_js_string(x));
        return s;
    }
    let (digits, k) = if x == 0.0 {
        (Vec::new(), 0)
    } else {
        let (d, k) = exact_digits(x);
        let keep = k + f as i32;
        if keep < 0 {
            (Vec::new(), 0)
        } else {
            round_digits(&d, k, keep as usize)
        }
    };
    let digit_at = |i: i32| -> char {
        if i >= 0 && (i as usize) < digits.len() {
            (b'0' + digits[i as usize]) as char
        } else {
            '0'
        }
    };
    if k <= 0 {
        s.push('0');
    } else {
        for i in 0..k {
            s.push(digit_at(i));
        }
    }
    if f > 0 {
        s.push('.');
        for j in 0..f as i32 {
            s.push(digit_at(k + j));
        }
    }
    s
}

/// 21.1.3.4 Number.prototype.toLocaleString ( [ reserved1 [ , reserved2 ] ] )
fn number_to_locale_string(
    vm: &mut Vm,
    this: Value,
    _args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let x = this_number_value(vm, this, "toLocaleString")?;
    Ok(vm.new_string(&to_js_string(x)))
}

/// 21.1.3.5 Number.prototype.toPrecision ( precision )
fn number_to_precision(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let x = this_number_value(vm, this, "toPrecision")?;
    let pv = arg(args, 0);
    if pv.is_undefined() {
        return Ok(vm.new_string(&to_js_string(x)));
    }
    let p = vm.to_integer_or_infinity(pv)?;
    if !x.is_finite() {
        return Ok(vm.new_string(&to_js_string(x)));
    }
    if !(1.0..=100.0).contains(&p) {
        return Err(vm.range_error("toPrecision() argument must be between 1 and 100"));
    }
    Ok(vm.new_string(&to_precision(x, p as usize)))
}

/// `x.toPrecision(p)` for a finite `x` and 1 ≤ p ≤ 100.
pub(crate) fn to_precision(x: f64, p: usize) -> String {
    let mut s = String::new();
    let mut x = x;
    if x < 0.0 {
        s.push('-');
        x = -x;
    }
    let (m, e) = if x == 0.0 {
        (vec![0u8; p], 0i32)
    } else {
        let (d, k) = exact_digits(x);
        let (r, k) = round_digits(&d, k, p);
        (r, k - 1)
    };
    let ms = digits_to_string(&m);
    if x != 0.0 && (e < -6 || e >= p as i32) {
        s.push_str(&ms[..1]);
        if p > 1 {
            s.push('.');
            s.push_str(&ms[1..]);
        }
        s.push('e');
        s.push(if e >= 0 { '+' } else { '-' });
        s.push_str(&e.abs().to_string());
        return s;
    }
    if e == p as i32 - 1 {
        s.push_str(&ms);
    } else if e >= 0 {
        let cut = e as usize + 1;
        s.push_str(&ms[..cut]);
        s.push('.');
        s.push_str(&ms[cut..]);
    } else {
        s.push_str("0.");
        for _ in 0..(-(e + 1)) {
            s.push('0');
        }
        s.push_str(&ms);
    }
    s
}

/// 21.1.3.6 Number.prototype.toString ( [ radix ] )
fn number_to_string(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let x = this_number_value(vm, this, "toString")?;
    let rv = arg(args, 0);
    let radix = if rv.is_undefined() {
        10.0
    } else {
        vm.to_integer_or_infinity(rv)?
    };
    if !(2.0..=36.0).contains(&radix) {
        return Err(vm.range_error("toString() radix must be between 2 and 36"));
    }
    let radix = radix as u32;
    if radix == 10 {
        return vm.to_string_value(Value::number(x));
    }
    Ok(vm.new_string(&to_radix_string(x, radix)))
}

/// 21.1.3.7 Number.prototype.valueOf ( )
fn number_value_of(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let x = this_number_value(vm, this, "valueOf")?;
    Ok(Value::number(x))
}

// ---------------------------------------------------------------------------------------------
// Boolean
// ---------------------------------------------------------------------------------------------

/// 20.3.1.1 Boolean ( value )
fn boolean_ctor(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let b = vm.to_boolean(arg(args, 0));
    if ctx.new_target.is_undefined() {
        return Ok(Value::bool(b));
    }
    let o = vm.ordinary_create_from_constructor(ctx.new_target, Intrinsic::BooleanPrototype)?;
    o.inner().kind = ObjectKind::Boolean(b);
    Ok(Value::object(o))
}

/// `thisBooleanValue(value)` (§20.3.3.3.1).
fn this_boolean_value(vm: &mut Vm, this: Value, method: &str) -> JsResult<bool> {
    if let Some(b) = this.as_bool() {
        return Ok(b);
    }
    if let Some(o) = this.as_object() {
        if let ObjectKind::Boolean(b) = o.kind() {
            return Ok(*b);
        }
    }
    Err(vm.type_error(&format!(
        "Boolean.prototype.{method} requires that 'this' be a Boolean"
    )))
}

/// 20.3.3.2 Boolean.prototype.toString ( )
fn boolean_to_string(
    vm: &mut Vm,
    this: Value,
    _args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let b = this_boolean_value(vm, this, "toString")?;
    vm.to_string_value(Value::bool(b))
}

/// 20.3.3.3 Boolean.prototype.valueOf ( )
fn boolean_value_of(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    Ok(Value::bool(this_boolean_value(vm, this, "valueOf")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prec(x: f64, p: usize) -> String {
        let (d, k) = exact_digits(x);
        let (r, k) = round_digits(&d, k, p);
        format!("{}e{}", digits_to_string(&r), k)
    }

    #[test]
    fn fixed_and_precision_digits() {
        assert_eq!(to_fixed(1.255, 2), "1.25");
        assert_eq!(to_fixed(0.5, 0), "1");
        assert_eq!(to_fixed(2.5, 0), "3");
        assert_eq!(to_fixed(1.45, 1), "1.4");
        assert_eq!(to_fixed(0.000001, 2), "0.00");
        assert_eq!(to_fixed(1e21, 2), "1e+21");
        assert_eq!(to_fixed(-1.5, 0), "-2");
        assert_eq!(to_fixed(123.456, 0), "123");
        assert_eq!(to_fixed(0.0, 3), "0.000");
        assert_eq!(to_fixed(999.996, 2), "1000.00");
        assert_eq!(to_fixed(0.09, 1), "0.1");
        assert_eq!(to_fixed(0.04, 1), "0.0");
        assert_eq!(to_fixed(1000000000000000128.0, 0), "1000000000000000128");
        assert_eq!(to_precision(123.456, 4), "123.5");
        assert_eq!(to_precision(0.000001, 2), "0.0000010");
        assert_eq!(to_precision(0.0000001, 2), "1.0e-7");
        assert_eq!(to_precision(123456.0, 2), "1.2e+5");
        assert_eq!(to_precision(0.0, 3), "0.00");
        assert_eq!(to_precision(-1.5, 1), "-2");
        assert_eq!(to_precision(25.0, 1), "3e+1");
        assert_eq!(to_precision(99.99, 3), "100");
        assert_eq!(to_exponential(123456.0, Some(2)), "1.23e+5");
        assert_eq!(to_exponential(123456.0, None), "1.23456e+5");
        assert_eq!(to_exponential(0.0, None), "0e+0");
        assert_eq!(to_exponential(0.0, Some(2)), "0.00e+0");
        assert_eq!(to_exponential(1.25, Some(1)), "1.3e+0");
        assert_eq!(to_exponential(1.35, Some(1)), "1.4e+0");
        assert_eq!(to_exponential(-6.9e-11, Some(3)), "-6.900e-11");
        assert_eq!(to_exponential(5e-324, None), "5e-324");
        assert_eq!(prec(123.456, 4), "1235e3");
        assert_eq!(prec(0.000001, 2), "10e-5");
        assert_eq!(prec(5e-324, 1), "5e-323");
    }
}
