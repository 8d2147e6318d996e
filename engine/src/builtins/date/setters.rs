//! The field setters of `Date.prototype` (§21.4.4.20–31, Annex B setYear).
//!
//! They share one algorithm: read `[[DateValue]]` first, convert the present arguments with
//! ToNumber in order, then (except for the full-year setters, which start from +0) return NaN
//! for an invalid date; fill the absent fields from the current (local or UTC) time, rebuild
//! the time value with MakeDay/MakeTime/MakeDate and store its TimeClip.

use super::time::{
    date_from_time, day, hour_from_time, make_date, make_day, make_full_year, make_time,
    min_from_time, month_from_time, ms_from_time, sec_from_time, time_clip, time_within_day,
    year_from_time,
};
use super::zone::{local_time, utc};
use super::{arg, number_args, set_this_time_value, this_time_value};
use crate::heap::Gc;
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{JsResult, NativeCtx, Vm};

/// The fields in MakeDay/MakeTime order; a setter sets `n` of them from its first one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Year = 0,
    Month = 1,
    Date = 2,
    Hour = 3,
    Minute = 4,
    Second = 5,
    Millisecond = 6,
}

/// The shared setter: sets up to `n` fields starting at `first` from `args`.
fn set(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    name: &str,
    local: bool,
    first: Field,
    n: usize,
) -> JsResult<Value> {
    // 1–3. RequireInternalSlot(dateObject, [[DateValue]]); let t be dateObject.[[DateValue]].
    let t = this_time_value(vm, this, name)?;
    // The first argument is always converted (undefined → NaN); the others only when present.
    let first_value = vm.to_number(arg(args, 0))?;
    let rest = number_args(vm, args.get(1..).unwrap_or(&[]), n - 1)?;
    let t = if t.is_nan() {
        // setFullYear / setUTCFullYear: "If t is NaN, set t to +0"; the others return NaN.
        if first != Field::Year {
            return Ok(Value::number(f64::NAN));
        }
        0.0
    } else if local {
        local_time(t)
    } else {
        t
    };
    // The current fields, overwritten by the given ones.
    let mut f = [
        year_from_time(t),
        month_from_time(t),
        date_from_time(t),
        hour_from_time(t),
        min_from_time(t),
        sec_from_time(t),
        ms_from_time(t),
    ];
    let start = first as usize;
    f[start] = first_value;
    for (i, v) in rest.into_iter().enumerate() {
        if let Some(v) = v {
            f[start + 1 + i] = v;
        }
    }
    let new_date = if start <= Field::Date as usize {
        make_date(make_day(f[0], f[1], f[2]), time_within_day(t))
    } else {
        make_date(day(t), make_time(f[3], f[4], f[5], f[6]))
    };
    let u = time_clip(if local { utc(new_date) } else { new_date });
    Ok(set_this_time_value(this, u))
}

macro_rules! setters {
    ($($f:ident: $name:literal, $local:expr, $first:ident, $n:literal;)*) => {
        $(
            #[doc = concat!("`Date.prototype.", $name, "`.")]
            fn $f(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
                set(vm, this, args, $name, $local, Field::$first, $n)
            }
        )*
        /// Installs the setters on `Date.prototype`.
        pub(super) fn init(vm: &mut Vm, proto: Gc<JsObject>) {
            $(vm.define_method(proto, $name, $n, $f);)*
            vm.define_method(proto, "setYear", 1, set_year);
        }
    };
}

setters! {
    set_date: "setDate", true, Date, 1;
    set_full_year: "setFullYear", true, Year, 3;
    set_hours: "setHours", true, Hour, 4;
    set_milliseconds: "setMilliseconds", true, Millisecond, 1;
    set_minutes: "setMinutes", true, Minute, 3;
    set_month: "setMonth", true, Month, 2;
    set_seconds: "setSeconds", true, Second, 2;
    set_utc_date: "setUTCDate", false, Date, 1;
    set_utc_full_year: "setUTCFullYear", false, Year, 3;
    set_utc_hours: "setUTCHours", false, Hour, 4;
    set_utc_milliseconds: "setUTCMilliseconds", false, Millisecond, 1;
    set_utc_minutes: "setUTCMinutes", false, Minute, 3;
    set_utc_month: "setUTCMonth", false, Month, 2;
    set_utc_seconds: "setUTCSeconds", false, Second, 2;
}

/// B.2.3.2 Date.prototype.setYear ( year )
fn set_year(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    // 1–3. RequireInternalSlot(dateObject, [[DateValue]]); let t be dateObject.[[DateValue]].
    let t = this_time_value(vm, this, "setYear")?;
    // 4. Let y be ? ToNumber(year).
    let y = vm.to_number(arg(args, 0))?;
    // 5. If t is NaN, set t to +0; otherwise, set t to LocalTime(t).
    let t = if t.is_nan() { 0.0 } else { local_time(t) };
    // 6. Let yyyy be MakeFullYear(y).
    let yyyy = make_full_year(y);
    // 7–8. d = MakeDay(yyyy, MonthFromTime(t), DateFromTime(t)); date = MakeDate(d, TimeWithinDay(t)).
    let d = make_day(yyyy, month_from_time(t), date_from_time(t));
    let date = make_date(d, time_within_day(t));
    // 9–11. Store and return TimeClip(UTC(date)).
    Ok(set_this_time_value(this, time_clip(utc(date))))
}
