//! The local time zone (§21.4.1.20–25): LocalTime, UTC, and the offset and name that
//! `toString` prints.
//!
//! The zone is the process's, resolved once per thread by `jiff` (`TZ`, else
//! `/etc/localtime`, through the system tzdb); when it cannot be resolved the zone is UTC.
//! Offsets come from the tzdb's rules for the instant, so they follow DST and historical
//! changes. `jiff` covers years −9999 to 9999; beyond that a time value is moved by whole
//! 400-year Gregorian cycles (which keep the calendar and weekdays) into the range before the
//! look-up, so far years get the offsets of the zone's current rules.
//!
//! Local → UTC (`utc`) resolves skipped and repeated local times with the offset before the
//! transition, as §21.4.1.26 requires (Temporal's "compatible" disambiguation).

use super::time::{
    date_from_time, hour_from_time, min_from_time, month_from_time, ms_from_time, sec_from_time,
    year_from_time, MS_PER_DAY,
};
use jiff::civil::DateTime;
use jiff::tz::{AmbiguousOffset, Offset, TimeZone};
use jiff::Timestamp;

thread_local! {
    static ZONE: TimeZone = TimeZone::try_system().unwrap_or(TimeZone::UTC);
}

/// 400 Gregorian years in milliseconds: moving by this keeps month days and weekdays.
const CYCLE_MS: f64 = 146_097.0 * MS_PER_DAY;
/// Time values within this magnitude (about ±7000 years) are inside `jiff`'s range.
const JIFF_SAFE_MS: f64 = 7000.0 * 365.0 * MS_PER_DAY;

/// `t` moved by whole 400-year cycles into `jiff`'s range (unchanged when already inside).
fn in_range(t: f64) -> f64 {
    if t.abs() <= JIFF_SAFE_MS {
        t
    } else {
        t - (t / CYCLE_MS).trunc() * CYCLE_MS
    }
}

fn offset_ms(o: Offset) -> f64 {
    f64::from(o.seconds()) * 1000.0
}

/// The zone's offset from UTC, in milliseconds, at the UTC time value `t` (finite).
pub(crate) fn offset_at(t: f64) -> f64 {
    let Ok(ts) = Timestamp::from_millisecond(in_range(t).floor() as i64) else {
        return 0.0;
    };
    ZONE.with(|z| offset_ms(z.to_offset(ts)))
}

/// 21.4.1.25 LocalTime(t), for a finite `t`.
pub(crate) fn local_time(t: f64) -> f64 {
    t + offset_at(t)
}

/// 21.4.1.26 UTC(t): the UTC time value of the local time value `t`; NaN stays NaN.
pub(crate) fn utc(t: f64) -> f64 {
    if !t.is_finite() {
        return f64::NAN;
    }
    let l = in_range(t);
    let civil = DateTime::new(
        year_from_time(l) as i16,
        month_from_time(l) as i8 + 1,
        date_from_time(l) as i8,
        hour_from_time(l) as i8,
        min_from_time(l) as i8,
        sec_from_time(l) as i8,
        ms_from_time(l) as i32 * 1_000_000,
    );
    let Ok(civil) = civil else {
        return t;
    };
    let offset = ZONE.with(|z| match z.to_ambiguous_timestamp(civil).offset() {
        AmbiguousOffset::Unambiguous { offset } => offset,
        // Skipped or repeated local times: the offset before the transition.
        AmbiguousOffset::Gap { before, .. } | AmbiguousOffset::Fold { before, .. } => before,
    });
    t - offset_ms(offset)
}

/// The zone's name at the UTC time value `t` (finite) for `toString`: its abbreviation
/// ("UTC", "CET", "PDT").
pub(crate) fn zone_name(t: f64) -> String {
    let Ok(ts) = Timestamp::from_millisecond(in_range(t).floor() as i64) else {
        return "UTC".into();
    };
    ZONE.with(|z| z.to_offset_info(ts).abbreviation().to_string())
}
