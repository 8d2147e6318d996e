//! Number ⇄ string conversions with exact JS semantics (`Number::toString`, `StringToNumber`).

/// `Number::toString(x)` for radix 10: shortest round-trip digits in JS's format.
pub fn to_js_string(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x == 0.0 {
        return "0".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if x.fract() == 0.0 && x.abs() < 1e15 {
        return format!("{}", x as i64);
    }
    let mut buf = ryu_js::Buffer::new();
    buf.format_finite(x).to_string()
}

/// `Number.prototype.toString(radix)` for radix 2..=36 (radix 10 goes to [`to_js_string`]).
pub fn to_radix_string(x: f64, radix: u32) -> String {
    if radix == 10 || !x.is_finite() {
        return to_js_string(x);
    }
    if x == 0.0 {
        return "0".into();
    }
    let neg = x < 0.0;
    let x = x.abs();
    let mut int_part = x.trunc();
    let mut frac = x - int_part;
    let digit = |d: u32| std::char::from_digit(d, radix).unwrap();
    let mut int_digits = Vec::new();
    if int_part == 0.0 {
        int_digits.push('0');
    }
    while int_part >= 1.0 {
        let d = (int_part % radix as f64) as u32;
        int_digits.push(digit(d));
        int_part = ((int_part - d as f64) / radix as f64).trunc();
    }
    int_digits.reverse();
    let mut s: String = int_digits.into_iter().collect();
    if frac > 0.0 {
        s.push('.');
        // Emit digits until the fraction is exhausted or precision (~52 bits) is used up.
        let mut delta = 0.5 * (f64::EPSILON * x).max(f64::MIN_POSITIVE);
        let mut n = 0;
        loop {
            frac *= radix as f64;
            delta *= radix as f64;
            let d = frac.trunc() as u32;
            frac -= d as f64;
            s.push(digit(d));
            n += 1;
            if frac < delta || n > 1100 {
                break;
            }
        }
    }
    if neg {
        s.insert(0, '-');
    }
    s
}

fn is_js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\u{9}' | '\u{A}' | '\u{B}' | '\u{C}' | '\u{D}' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}

/// Trims JS whitespace and line terminators from both ends.
pub fn trim_js(s: &str) -> &str {
    s.trim_matches(is_js_whitespace)
}

/// Trims JS whitespace from the start only.
pub fn trim_js_start(s: &str) -> &str {
    s.trim_start_matches(is_js_whitespace)
}

/// `StringToNumber`: the numeric value of a string, NaN when it is not a StringNumericLiteral.
pub fn string_to_number(s: &str) -> f64 {
    let s = trim_js(s);
    if s.is_empty() {
        return 0.0;
    }
    let radix_int = |digits: &str, radix: u32| -> f64 {
        if digits.is_empty() {
            return f64::NAN;
        }
        let mut v = 0.0f64;
        for c in digits.chars() {
            match c.to_digit(radix) {
                Some(d) => v = v * radix as f64 + d as f64,
                None => return f64::NAN,
            }
        }
        v
    };
    let bytes = s.as_bytes();
    if bytes.len() > 2 && bytes[0] == b'0' {
        match bytes[1] {
            b'x' | b'X' => return radix_int(&s[2..], 16),
            b'o' | b'O' => return radix_int(&s[2..], 8),
            b'b' | b'B' => return radix_int(&s[2..], 2),
            _ => {}
        }
    }
    let (sign, rest) = match bytes[0] {
        b'+' => (1.0, &s[1..]),
        b'-' => (-1.0, &s[1..]),
        _ => (1.0, s),
    };
    if rest == "Infinity" {
        return sign * f64::INFINITY;
    }
    if !is_decimal_literal(rest) {
        return f64::NAN;
    }
    rest.parse::<f64>().map(|v| sign * v).unwrap_or(f64::NAN)
}

/// Is `s` a StrUnsignedDecimalLiteral (digits, optional fraction, optional exponent)?
fn is_decimal_literal(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let int_digits = digits(&mut i);
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        frac_digits = digits(&mut i);
    }
    if int_digits + frac_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// The longest prefix of `s` that parses as a decimal literal, for `parseFloat`.
pub fn parse_float_prefix(s: &str) -> f64 {
    let s = trim_js_start(s);
    let (sign, rest) = match s.as_bytes().first() {
        Some(b'+') => (1.0, &s[1..]),
        Some(b'-') => (-1.0, &s[1..]),
        _ => (1.0, s),
    };
    if rest.starts_with("Infinity") {
        return sign * f64::INFINITY;
    }
    let b = rest.as_bytes();
    let mut best = None;
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i > 0 {
        best = Some(i);
    }
    if i < b.len() && b[i] == b'.' {
        let mut j = i + 1;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j > i + 1 || i > 0 {
            best = Some(j);
            i = j;
        }
    }
    if let Some(end) = best {
        if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
            let mut j = i + 1;
            if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
                j += 1;
            }
            let ds = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            if j > ds {
                return sign * rest[..j].parse::<f64>().unwrap_or(f64::NAN);
            }
        }
        let text = &rest[..end];
        let text = if text == "." { "" } else { text };
        return sign * text.parse::<f64>().unwrap_or(f64::NAN);
    }
    f64::NAN
}

/// `ToInt32`.
#[inline]
pub fn to_int32(f: f64) -> i32 {
    if f.is_finite() && f.abs() < 2147483648.0 {
        return f as i32;
    }
    to_uint32(f) as i32
}

/// `ToUint32`.
#[inline]
pub fn to_uint32(f: f64) -> u32 {
    if !f.is_finite() {
        return 0;
    }
    let t = f.trunc();
    let m = t.rem_euclid(4294967296.0);
    m as u32
}

/// `ToIntegerOrInfinity` on an already-converted number.
#[inline]
pub fn to_integer_or_infinity(f: f64) -> f64 {
    if f.is_nan() {
        0.0
    } else {
        let t = f.trunc();
        if t == 0.0 {
            0.0
        } else {
            t
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_js() {
        let cases = [
            (0.1, "0.1"),
            (1e21, "1e+21"),
            (123456789012345680000.0, "123456789012345680000"),
            (1.5e-7, "1.5e-7"),
            (-0.0, "0"),
            (0.000001, "0.000001"),
            (100.0, "100"),
            (f64::NAN, "NaN"),
        ];
        for (x, s) in cases {
            assert_eq!(to_js_string(x), s, "{x}");
        }
        assert_eq!(to_radix_string(255.0, 16), "ff");
        assert_eq!(to_radix_string(-10.5, 2), "-1010.1");
    }

    #[test]
    fn parses_like_js() {
        assert_eq!(string_to_number("  12.5  "), 12.5);
        assert_eq!(string_to_number(""), 0.0);
        assert_eq!(string_to_number("0x1F"), 31.0);
        assert!(string_to_number("12px").is_nan());
        assert!(string_to_number("infinity").is_nan());
        assert_eq!(string_to_number("-Infinity"), f64::NEG_INFINITY);
        assert_eq!(parse_float_prefix("2.5abc"), 2.5);
        assert_eq!(parse_float_prefix(".5e1x"), 5.0);
        assert!(parse_float_prefix("abc").is_nan());
        assert_eq!(to_int32(4294967297.0), 1);
        assert_eq!(to_uint32(-1.0), 4294967295);
    }
}
