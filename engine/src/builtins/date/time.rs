//! Day and time arithmetic on time values (ECMA-262 §21.4.1): pure `f64` functions with the
//! spec's names, so the getters, setters, parser and formatter read like the spec.
//!
//! A time value is milliseconds since 1970-01-01T00:00:00Z. Every function here takes finite
//! inputs unless it says otherwise (callers check NaN first, as the spec's algorithms do); all
//! arithmetic is `f64`, which is exact on integers up to 2^53, far beyond ±8.64e15.

/// 21.4.1.3 msPerDay.
pub(crate) const MS_PER_DAY: f64 = 86_400_000.0;
/// 21.4.1.13 msPerHour.
pub(crate) const MS_PER_HOUR: f64 = 3_600_000.0;
/// 21.4.1.13 msPerMinute.
pub(crate) const MS_PER_MINUTE: f64 = 60_000.0;
/// 21.4.1.13 msPerSecond.
pub(crate) const MS_PER_SECOND: f64 = 1_000.0;
/// The largest magnitude of a time value (§21.4.1.1): 100,000,000 days.
pub(crate) const MAX_TIME: f64 = 8.64e15;

/// Days before the first of each month in a common year, and a 13th entry for the year's end.
const MONTH_START: [f64; 13] = [
    0.0, 31.0, 59.0, 90.0, 120.0, 151.0, 181.0, 212.0, 243.0, 273.0, 304.0, 334.0, 365.0,
];

/// The spec's `x modulo y` (the result has the sign of `y`).
fn modulo(x: f64, y: f64) -> f64 {
    let r = x % y;
    if r != 0.0 && (r < 0.0) != (y < 0.0) {
        r + y
    } else {
        r + 0.0
    }
}

/// 21.4.1.3 Day(t): the day number containing `t`.
pub(crate) fn day(t: f64) -> f64 {
    (t / MS_PER_DAY).floor()
}

/// 21.4.1.3 TimeWithinDay(t): milliseconds since the start of `t`'s day.
pub(crate) fn time_within_day(t: f64) -> f64 {
    modulo(t, MS_PER_DAY)
}

/// 21.4.1.3 DaysInYear(y).
pub(crate) fn days_in_year(y: f64) -> f64 {
    if modulo(y, 4.0) != 0.0 {
        365.0
    } else if modulo(y, 100.0) != 0.0 {
        366.0
    } else if modulo(y, 400.0) != 0.0 {
        365.0
    } else {
        366.0
    }
}

/// 21.4.1.3 DayFromYear(y): the day number of the first day of year `y`.
pub(crate) fn day_from_year(y: f64) -> f64 {
    365.0 * (y - 1970.0) + ((y - 1969.0) / 4.0).floor() - ((y - 1901.0) / 100.0).floor()
        + ((y - 1601.0) / 400.0).floor()
}

/// 21.4.1.3 TimeFromYear(y).
pub(crate) fn time_from_year(y: f64) -> f64 {
    MS_PER_DAY * day_from_year(y)
}

/// 21.4.1.3 YearFromTime(t): the largest integer `y` with `TimeFromYear(y) ≤ t`.
pub(crate) fn year_from_time(t: f64) -> f64 {
    // An estimate within one year of the answer, then corrected (at most a step or two).
    // The steps are bounded so that a huge `t` (where y ± 1 == y) cannot loop forever.
    let mut y = (day(t) / 365.2425).floor() + 1970.0;
    for _ in 0..4 {
        if time_from_year(y) > t {
            y -= 1.0;
        } else if time_from_year(y + 1.0) <= t {
            y += 1.0;
        } else {
            break;
        }
    }
    y
}

/// 21.4.1.3 InLeapYear(t): 1 in a leap year, else 0.
pub(crate) fn in_leap_year(t: f64) -> f64 {
    days_in_year(year_from_time(t)) - 365.0
}

/// 21.4.1.3 DayWithinYear(t): 0 for January 1st.
pub(crate) fn day_within_year(t: f64) -> f64 {
    day(t) - day_from_year(year_from_time(t))
}

/// The first day (within the year) of month `m` (0–12), in a leap year when `leap` is 1.
fn month_start(m: usize, leap: f64) -> f64 {
    MONTH_START[m] + if m >= 2 { leap } else { 0.0 }
}

/// 21.4.1.4 MonthFromTime(t): 0 (January) to 11.
pub(crate) fn month_from_time(t: f64) -> f64 {
    let d = day_within_year(t);
    let leap = in_leap_year(t);
    let mut m = 0;
    while m < 11 && d >= month_start(m + 1, leap) {
        m += 1;
    }
    m as f64
}

/// 21.4.1.5 DateFromTime(t): 1 to 31.
pub(crate) fn date_from_time(t: f64) -> f64 {
    let m = month_from_time(t) as usize;
    day_within_year(t) - month_start(m, in_leap_year(t)) + 1.0
}

/// 21.4.1.6 WeekDay(t): 0 (Sunday) to 6.
pub(crate) fn week_day(t: f64) -> f64 {
    modulo(day(t) + 4.0, 7.0)
}

/// 21.4.1.14 HourFromTime(t).
pub(crate) fn hour_from_time(t: f64) -> f64 {
    modulo((t / MS_PER_HOUR).floor(), 24.0)
}

/// 21.4.1.14 MinFromTime(t).
pub(crate) fn min_from_time(t: f64) -> f64 {
    modulo((t / MS_PER_MINUTE).floor(), 60.0)
}

/// 21.4.1.14 SecFromTime(t).
pub(crate) fn sec_from_time(t: f64) -> f64 {
    modulo((t / MS_PER_SECOND).floor(), 60.0)
}

/// 21.4.1.14 msFromTime(t).
pub(crate) fn ms_from_time(t: f64) -> f64 {
    modulo(t, MS_PER_SECOND)
}

/// ToIntegerOrInfinity on a number (NaN → 0, −0 → +0).
fn to_integer(x: f64) -> f64 {
    if x.is_nan() {
        0.0
    } else {
        x.trunc() + 0.0
    }
}

/// 21.4.1.27 MakeTime(hour, min, sec, ms).
pub(crate) fn make_time(hour: f64, min: f64, sec: f64, ms: f64) -> f64 {
    // 1. If hour, min, sec or ms is not finite, return NaN.
    if !(hour.is_finite() && min.is_finite() && sec.is_finite() && ms.is_finite()) {
        return f64::NAN;
    }
    // 2–5. Integer parts.
    let (h, m, s, milli) = (
        to_integer(hour),
        to_integer(min),
        to_integer(sec),
        to_integer(ms),
    );
    // 6. IEEE arithmetic, in the spec's order (it can round for huge inputs; so does the spec).
    ((h * MS_PER_HOUR + m * MS_PER_MINUTE) + s * MS_PER_SECOND) + milli
}

/// Years beyond this magnitude cannot give a time value within ±8.64e15 whatever the date
/// argument; MakeDay answers NaN for them ("not possible because out of range"). The bound
/// keeps DayFromYear exact.
const MAX_YEAR: f64 = 1e9;

/// 21.4.1.28 MakeDay(year, month, date): a day number.
pub(crate) fn make_day(year: f64, month: f64, date: f64) -> f64 {
    // 1. If year, month or date is not finite, return NaN.
    if !(year.is_finite() && month.is_finite() && date.is_finite()) {
        return f64::NAN;
    }
    // 2–4. Integer parts.
    let (y, m, dt) = (to_integer(year), to_integer(month), to_integer(date));
    // 5. Let ym be y + floor(m / 12).
    let ym = y + (m / 12.0).floor();
    // 6. If ym is not finite, return NaN.
    if !ym.is_finite() || ym.abs() > MAX_YEAR {
        return f64::NAN;
    }
    // 7. Let mn be m modulo 12.
    let mn = modulo(m, 12.0) as usize;
    // 8. The day of the first of month mn in year ym.
    let leap = days_in_year(ym) - 365.0;
    let first = day_from_year(ym) + month_start(mn, leap);
    // 9. Return Day(t) + dt − 1.
    first + dt - 1.0
}

/// 21.4.1.29 MakeDate(day, time).
pub(crate) fn make_date(day: f64, time: f64) -> f64 {
    // 1. If day or time is not finite, return NaN.
    if !(day.is_finite() && time.is_finite()) {
        return f64::NAN;
    }
    // 2. Let tv be day × msPerDay + time.
    let tv = day * MS_PER_DAY + time;
    // 3. If tv is not finite, return NaN.
    if !tv.is_finite() {
        return f64::NAN;
    }
    tv
}

/// 21.4.1.30 MakeFullYear(year): years 0–99 mean 1900–1999.
pub(crate) fn make_full_year(year: f64) -> f64 {
    if year.is_nan() {
        return f64::NAN;
    }
    let truncated = to_integer(year);
    if (0.0..=99.0).contains(&truncated) {
        1900.0 + truncated
    } else {
        truncated
    }
}

/// 21.4.1.31 TimeClip(time).
pub(crate) fn time_clip(time: f64) -> f64 {
    if !time.is_finite() || time.abs() > MAX_TIME {
        return f64::NAN;
    }
    to_integer(time)
}
