//! `Date.parse` (§21.4.3.2): the Date Time String Format (§21.4.1.32) first, then the
//! formats `toString`, `toDateString` and `toUTCString` produce, so that those round-trip.
//!
//! ISO rules: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `±YYYYYY…` (−000000 is invalid), optionally
//! followed by `THH:mm`, `THH:mm:ss` or `THH:mm:ss.sss` and `Z` or `±HH:mm`. Date-only forms
//! are UTC; date-time forms without an offset are local time. Out-of-range fields make the
//! result NaN. The caller applies TimeClip.

use super::format::{DAY_NAMES, MONTH_NAMES};
use super::time::{days_in_year, make_date, make_day, make_time, MS_PER_MINUTE};
use super::zone::utc;

/// Parses a date string; NaN when it is not in a recognised format.
pub(crate) fn parse_date(s: &str) -> f64 {
    let s = s.trim_matches(|c: char| c.is_whitespace());
    parse_iso(s.as_bytes())
        .or_else(|| parse_legacy(s))
        .unwrap_or(f64::NAN)
}

/// A cursor over ASCII bytes.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// Exactly `n` decimal digits.
    fn digits(&mut self, n: usize) -> Option<f64> {
        let mut v = 0.0;
        for _ in 0..n {
            let c = self.peek().filter(u8::is_ascii_digit)?;
            v = v * 10.0 + f64::from(c - b'0');
            self.i += 1;
        }
        Some(v)
    }

    fn at_end(&self) -> bool {
        self.i >= self.b.len()
    }
}

fn days_in_month(year: f64, month: f64) -> f64 {
    const DAYS: [f64; 12] = [
        31.0, 28.0, 31.0, 30.0, 31.0, 30.0, 31.0, 31.0, 30.0, 31.0, 30.0, 31.0,
    ];
    let m = (month as usize).min(11);
    DAYS[m]
        + if m == 1 {
            days_in_year(year) - 365.0
        } else {
            0.0
        }
}

/// §21.4.1.32 Date Time String Format.
fn parse_iso(b: &[u8]) -> Option<f64> {
    let mut c = Cursor { b, i: 0 };
    // Year: four digits, or a sign and six digits (the expanded years).
    let year = match c.peek()? {
        s @ (b'+' | b'-') => {
            c.i += 1;
            let y = c.digits(6)?;
            if s == b'-' {
                // −000000 is not a valid year.
                if y == 0.0 {
                    return None;
                }
                -y
            } else {
                y
            }
        }
        _ => c.digits(4)?,
    };
    let (mut month, mut day) = (1.0, 1.0);
    if c.eat(b'-') {
        month = c.digits(2)?;
        if !(1.0..=12.0).contains(&month) {
            return None;
        }
        if c.eat(b'-') {
            day = c.digits(2)?;
            if day < 1.0 || day > days_in_month(year, month - 1.0) {
                return None;
            }
        }
    }
    let date = make_day(year, month - 1.0, day);
    // Date-only forms are UTC.
    if c.at_end() {
        return Some(make_date(date, 0.0));
    }
    if !c.eat(b'T') {
        return None;
    }
    let hour = c.digits(2)?;
    if !c.eat(b':') {
        return None;
    }
    let minute = c.digits(2)?;
    let (mut second, mut ms) = (0.0, 0.0);
    if c.eat(b':') {
        second = c.digits(2)?;
        if c.eat(b'.') {
            // At least one digit; milliseconds are the first three.
            let start = c.i;
            let mut scale = 100.0;
            while let Some(d) = c.peek().filter(u8::is_ascii_digit) {
                ms += f64::from(d - b'0') * scale;
                scale /= 10.0;
                c.i += 1;
            }
            if c.i == start {
                return None;
            }
            ms = ms.floor();
        }
    }
    // 24:00 is midnight at the end of the day; no other value past 23:59:59.999.
    let end_of_day = hour == 24.0 && minute == 0.0 && second == 0.0 && ms == 0.0;
    if (hour > 23.0 && !end_of_day) || minute > 59.0 || second > 59.0 {
        return None;
    }
    let t = make_date(date, make_time(hour, minute, second, ms));
    if c.at_end() {
        // Date-time forms without an offset are local time.
        return Some(utc(t));
    }
    let offset = match c.peek()? {
        b'Z' => {
            c.i += 1;
            0.0
        }
        s @ (b'+' | b'-') => {
            c.i += 1;
            let h = c.digits(2)?;
            if !c.eat(b':') {
                return None;
            }
            let m = c.digits(2)?;
            if h > 23.0 || m > 59.0 {
                return None;
            }
            let o = (h * 60.0 + m) * MS_PER_MINUTE;
            if s == b'-' {
                -o
            } else {
                o
            }
        }
        _ => return None,
    };
    if !c.at_end() {
        return None;
    }
    Some(t - offset)
}

/// The formats of toString ("Tue Jan 02 2024 03:04:05 GMT+0100 (CET)"), toDateString
/// ("Tue Jan 02 2024", local midnight) and toUTCString ("Tue, 02 Jan 2024 03:04:05 GMT"),
/// read as words, numbers and a time; the day comes before the year in all of them.
fn parse_legacy(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut c = Cursor { b, i: 0 };
    let mut month: Option<f64> = None;
    let mut numbers: Vec<f64> = Vec::new();
    let mut time: Option<(f64, f64, f64, f64)> = None;
    let mut offset: Option<f64> = None;
    let mut pm: Option<bool> = None;
    while let Some(ch) = c.peek() {
        match ch {
            b' ' | b',' | b'\t' => c.i += 1,
            b'(' => {
                // A comment, such as the zone name toString appends.
                let mut depth = 0;
                while let Some(ch) = c.peek() {
                    c.i += 1;
                    match ch {
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            b'a'..=b'z' | b'A'..=b'Z' => {
                let start = c.i;
                while c.peek().is_some_and(|x| x.is_ascii_alphabetic()) {
                    c.i += 1;
                }
                let word = s.get(start..c.i)?.to_ascii_lowercase();
                match word.as_str() {
                    "gmt" | "utc" | "ut" | "z" => offset = Some(0.0),
                    "am" => pm = Some(false),
                    "pm" => pm = Some(true),
                    w if w.len() >= 3 => {
                        let prefix = w.get(..3)?;
                        if let Some(m) = MONTH_NAMES
                            .iter()
                            .position(|n| n.eq_ignore_ascii_case(prefix))
                        {
                            if month.is_some() {
                                return None;
                            }
                            month = Some(m as f64);
                        } else if !DAY_NAMES.iter().any(|n| n.eq_ignore_ascii_case(prefix)) {
                            return None;
                        }
                    }
                    _ => return None,
                }
            }
            b'+' | b'-' if time.is_some() => {
                // A zone offset after the time: +hhmm, +hh:mm or +hh.
                c.i += 1;
                let h = c.digits(2)?;
                let m = if c.eat(b':') {
                    c.digits(2)?
                } else {
                    c.digits(2).unwrap_or(0.0)
                };
                if h > 23.0 || m > 59.0 {
                    return None;
                }
                let o = (h * 60.0 + m) * MS_PER_MINUTE;
                offset = Some(if ch == b'-' { -o } else { o });
            }
            b'+' | b'-' | b'0'..=b'9' => {
                let negative = ch == b'-';
                if ch == b'+' || ch == b'-' {
                    c.i += 1;
                }
                let n = number(&mut c)?;
                if c.eat(b':') {
                    if negative || time.is_some() {
                        return None;
                    }
                    let minute = c.digits(2)?;
                    let (mut second, mut ms) = (0.0, 0.0);
                    if c.eat(b':') {
                        second = c.digits(2)?;
                        if c.eat(b'.') {
                            ms = number(&mut c)?;
                        }
                    }
                    time = Some((n, minute, second, ms));
                } else {
                    numbers.push(if negative { -n } else { n });
                }
            }
            _ => return None,
        }
    }
    let month = month?;
    let [day, year] = numbers[..] else {
        return None;
    };
    let (mut h, mi, sec, ms) = time.unwrap_or((0.0, 0.0, 0.0, 0.0));
    match pm {
        Some(true) if h < 12.0 => h += 12.0,
        Some(false) if h == 12.0 => h = 0.0,
        _ => {}
    }
    if !(1.0..=31.0).contains(&day) || h > 24.0 || mi > 59.0 || sec > 59.0 {
        return None;
    }
    let t = make_date(make_day(year, month, day), make_time(h, mi, sec, ms));
    Some(match offset {
        Some(o) => t - o,
        None => utc(t),
    })
}

/// One or more decimal digits.
fn number(c: &mut Cursor) -> Option<f64> {
    let start = c.i;
    let mut v = 0.0;
    while let Some(d) = c.peek().filter(u8::is_ascii_digit) {
        v = v * 10.0 + f64::from(d - b'0');
        c.i += 1;
    }
    (c.i > start).then_some(v)
}
