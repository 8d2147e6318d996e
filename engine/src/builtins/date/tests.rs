//! Table tests of the §21.4.1 arithmetic and of the ISO parser.

use super::parse::parse_date;
use super::time::*;

/// Asserts `f(input) == expected` for each row (NaN equals NaN), naming the failing row.
fn table<I: std::fmt::Debug + Copy>(name: &str, f: impl Fn(I) -> f64, rows: &[(I, f64)]) {
    for &(input, expected) in rows {
        let got = f(input);
        let same = got == expected || (got.is_nan() && expected.is_nan());
        assert!(same, "{name}({input:?}) = {got}, expected {expected}");
    }
}

#[test]
fn make_day_edge_cases() {
    table(
        "MakeDay",
        |(y, m, d)| make_day(y, m, d),
        &[
            ((1970.0, 0.0, 1.0), 0.0),
            ((1970.0, 0.0, 0.0), -1.0),
            ((1969.0, 11.0, 31.0), -1.0),
            // Months past 11 and below 0 roll the year.
            ((1970.0, 12.0, 1.0), 365.0),
            ((1971.0, -12.0, 1.0), 0.0),
            ((1970.0, -1.0, 1.0), -31.0),
            ((2000.0, 1.0, 29.0), 11_016.0),
            ((2000.0, 1.0, 30.0), 11_017.0),
            ((2000.0, 2.0, 1.0), 11_017.0),
            // Fractions are truncated.
            ((1970.5, 0.9, 1.9), 0.0),
            ((f64::NAN, 0.0, 1.0), f64::NAN),
            ((1970.0, f64::INFINITY, 1.0), f64::NAN),
            ((1970.0, 0.0, f64::NEG_INFINITY), f64::NAN),
            ((1e300, 0.0, 1.0), f64::NAN),
            ((275_760.0, 8.0, 13.0), 100_000_000.0),
            ((-271_821.0, 3.0, 20.0), -100_000_000.0),
        ],
    );
}

#[test]
fn year_from_time_around_edges() {
    let at = |y: f64| time_from_year(y);
    table(
        "YearFromTime",
        year_from_time,
        &[
            (0.0, 1970.0),
            (-1.0, 1969.0),
            (at(0.0), 0.0),
            (at(0.0) - 1.0, -1.0),
            (at(1.0) - 1.0, 0.0),
            (at(-1.0), -1.0),
            (at(-1.0) - 1.0, -2.0),
            (8.64e15, 275_760.0),
            (-8.64e15, -271_821.0),
            (at(275_760.0), 275_760.0),
            (at(275_760.0) - 1.0, 275_759.0),
        ],
    );
    // A huge input terminates (the correction steps are bounded).
    assert!(year_from_time(1e300) > 0.0);
    // Year 0 is a leap year (divisible by 400): 366 days.
    assert_eq!(at(1.0) - at(0.0), 366.0 * MS_PER_DAY);
    assert_eq!(at(0.0) - at(-1.0), 365.0 * MS_PER_DAY);
}

#[test]
fn leap_years() {
    table(
        "DaysInYear",
        days_in_year,
        &[
            (1970.0, 365.0),
            (1972.0, 366.0),
            (1900.0, 365.0),
            (2000.0, 366.0),
            (2100.0, 365.0),
            (2024.0, 366.0),
            (0.0, 366.0),
            (-1.0, 365.0),
            (-4.0, 366.0),
            (-100.0, 365.0),
            (-400.0, 366.0),
        ],
    );
    // 2000-02-29 and 2000-03-01.
    let feb29 = make_date(make_day(2000.0, 1.0, 29.0), 0.0);
    assert_eq!((month_from_time(feb29), date_from_time(feb29)), (1.0, 29.0));
    let mar1 = feb29 + MS_PER_DAY;
    assert_eq!((month_from_time(mar1), date_from_time(mar1)), (2.0, 1.0));
    // 1900-03-01 follows 1900-02-28.
    let feb28 = make_date(make_day(1900.0, 1.0, 28.0), 0.0);
    assert_eq!(month_from_time(feb28 + MS_PER_DAY), 2.0);
}

#[test]
fn time_clip_bounds() {
    table(
        "TimeClip",
        time_clip,
        &[
            (0.0, 0.0),
            (8.64e15, 8.64e15),
            (-8.64e15, -8.64e15),
            (8.64e15 + 1.0, f64::NAN),
            (-8.64e15 - 1.0, f64::NAN),
            (1.9, 1.0),
            (-1.9, -1.0),
            (f64::NAN, f64::NAN),
            (f64::INFINITY, f64::NAN),
        ],
    );
    // −0 becomes +0.
    assert!(time_clip(-0.0).is_sign_positive());
}

#[test]
fn fields_and_make_time() {
    // 1970-01-01T00:00:00.000Z was a Thursday; -1 ms is Wednesday 23:59:59.999.
    assert_eq!(week_day(0.0), 4.0);
    let t = -1.0;
    let fields = [
        week_day(t),
        hour_from_time(t),
        min_from_time(t),
        sec_from_time(t),
        ms_from_time(t),
    ];
    assert_eq!(fields, [3.0, 23.0, 59.0, 59.0, 999.0]);
    table(
        "MakeTime",
        |(h, m, s, ms)| make_time(h, m, s, ms),
        &[
            ((1.0, 2.0, 3.0, 4.0), 3_723_004.0),
            ((0.0, -1.0, 0.0, 0.0), -60_000.0),
            ((f64::NAN, 0.0, 0.0, 0.0), f64::NAN),
            ((0.0, 0.0, 0.0, f64::INFINITY), f64::NAN),
        ],
    );
    assert_eq!(make_full_year(99.0), 1999.0);
    assert_eq!(make_full_year(100.0), 100.0);
    assert_eq!(make_full_year(-1.0), -1.0);
}

#[test]
fn iso_parse() {
    table(
        "parse",
        parse_date,
        &[
            ("1970-01-01", 0.0),
            ("1970", 0.0),
            ("1970-02", 31.0 * MS_PER_DAY),
            ("1970-01-01T00:00:00.001Z", 1.0),
            ("1970-01-01T01:00+01:00", 0.0),
            ("1970-01-01T00:00:00.000-00:30", 1_800_000.0),
            ("+001970-01-01T00:00:00Z", 0.0),
            ("-000001-01-01T00:00:00Z", time_from_year(-1.0)),
            ("-000000-01-01T00:00:00Z", f64::NAN),
            ("1970-13-01", f64::NAN),
            ("1970-02-30", f64::NAN),
            ("1970-01-01T24:00:00Z", MS_PER_DAY),
            ("1970-01-01T24:00:01Z", f64::NAN),
            ("1970-01-01T00:60Z", f64::NAN),
            ("1970-01-01T", f64::NAN),
            ("Thu, 01 Jan 1970 00:00:01 GMT", 1000.0),
            ("Thu Jan 01 1970 00:00:00 GMT+0100 (CET)", -3_600_000.0),
            ("not a date", f64::NAN),
        ],
    );
}
