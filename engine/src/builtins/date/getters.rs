//! The field getters of `Date.prototype` (§21.4.4.2–21, Annex B getYear): each reads
//! `[[DateValue]]`, answers NaN for an invalid date, and otherwise applies one §21.4.1
//! function to the local or UTC time.

use super::this_time_value;
use super::time::{
    date_from_time, hour_from_time, min_from_time, month_from_time, ms_from_time, sec_from_time,
    week_day, year_from_time, MS_PER_MINUTE,
};
use super::zone::local_time;
use crate::heap::Gc;
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{JsResult, NativeCtx, Vm};

/// One §21.4.1 field function (YearFromTime, DateFromTime, …).
type Field = fn(f64) -> f64;

/// A getter: `thisTimeValue`, NaN passes through, else `field(LocalTime(t))` or `field(t)`.
fn get(vm: &mut Vm, this: Value, name: &str, local: bool, field: Field) -> JsResult<Value> {
    // 1–2. Let t be ? thisTimeValue(this value).
    let t = this_time_value(vm, this, name)?;
    // 3. If t is NaN, return NaN.
    if t.is_nan() {
        return Ok(Value::number(f64::NAN));
    }
    // 4. Return field(LocalTime(t)) (or field(t) for the UTC getters).
    let t = if local { local_time(t) } else { t };
    Ok(Value::number(field(t)))
}

macro_rules! getters {
    ($($f:ident: $name:literal, $local:expr, $field:expr;)*) => {
        $(
            #[doc = concat!("`Date.prototype.", $name, "`.")]
            fn $f(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
                get(vm, this, $name, $local, $field)
            }
        )*
        /// Installs the getters on `Date.prototype`.
        pub(super) fn init(vm: &mut Vm, proto: Gc<JsObject>) {
            $(vm.define_method(proto, $name, 0, $f);)*
        }
    };
}

/// 21.4.4.11 getTimezoneOffset: (t − LocalTime(t)) / msPerMinute.
fn timezone_offset(t: f64) -> f64 {
    (t - local_time(t)) / MS_PER_MINUTE
}

/// B.2.3.1 getYear: YearFromTime(LocalTime(t)) − 1900.
fn short_year(t: f64) -> f64 {
    year_from_time(t) - 1900.0
}

getters! {
    get_date: "getDate", true, date_from_time;
    get_day: "getDay", true, week_day;
    get_full_year: "getFullYear", true, year_from_time;
    get_hours: "getHours", true, hour_from_time;
    get_milliseconds: "getMilliseconds", true, ms_from_time;
    get_minutes: "getMinutes", true, min_from_time;
    get_month: "getMonth", true, month_from_time;
    get_seconds: "getSeconds", true, sec_from_time;
    get_timezone_offset: "getTimezoneOffset", false, timezone_offset;
    get_utc_date: "getUTCDate", false, date_from_time;
    get_utc_day: "getUTCDay", false, week_day;
    get_utc_full_year: "getUTCFullYear", false, year_from_time;
    get_utc_hours: "getUTCHours", false, hour_from_time;
    get_utc_milliseconds: "getUTCMilliseconds", false, ms_from_time;
    get_utc_minutes: "getUTCMinutes", false, min_from_time;
    get_utc_month: "getUTCMonth", false, month_from_time;
    get_utc_seconds: "getUTCSeconds", false, sec_from_time;
    get_year: "getYear", true, short_year;
}
