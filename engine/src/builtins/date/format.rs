//! The string forms of a date (§21.4.4.35–43, B.2.3.3): toString, toDateString,
//! toTimeString, toISOString, toUTCString (also `toGMTString`), toJSON, and the
//! toLocale*String methods, which format like their non-locale counterparts (there is no
//! Intl). The formats are the ones `Date.parse` reads back (see `parse.rs`).

use super::this_time_value;
use super::time::{
    date_from_time, hour_from_time, min_from_time, month_from_time, ms_from_time, sec_from_time,
    week_day, year_from_time, MS_PER_MINUTE,
};
use super::zone::{local_time, offset_at, zone_name};
use crate::atoms::PropKey;
use crate::heap::Gc;
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{Hint, JsResult, Key, NativeCtx, Vm};

/// Day names, Sunday first (Table 63).
pub(crate) const DAY_NAMES: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
/// Month names, January first (Table 64).
pub(crate) const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Installs the string methods on `Date.prototype`.
pub(super) fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    vm.define_method(proto, "toDateString", 0, date_to_date_string);
    vm.define_method(proto, "toISOString", 0, date_to_iso_string);
    vm.define_method(proto, "toJSON", 1, date_to_json);
    vm.define_method(proto, "toLocaleDateString", 0, date_to_date_string);
    vm.define_method(proto, "toLocaleString", 0, date_to_string);
    vm.define_method(proto, "toLocaleTimeString", 0, date_to_time_string);
    vm.define_method(proto, "toString", 0, date_to_string);
    vm.define_method(proto, "toTimeString", 0, date_to_time_string);
    let utc = vm.define_method(proto, "toUTCString", 0, date_to_utc_string);
    // B.2.3.3: toGMTString is the same function object as toUTCString.
    let key = vm.intern("toGMTString");
    vm.define_value_property(proto, key, Value::object(utc), crate::object::attrs::HIDDEN);
}

/// The year as toString prints it: at least four digits, "-" before negative years.
fn year_string(t: f64) -> String {
    let y = year_from_time(t);
    let sign = if y < 0.0 { "-" } else { "" };
    format!("{sign}{:04}", y.abs() as i64)
}

/// 21.4.4.41.2 DateString(tv): "Tue Jan 02 2024" (tv is a local time value).
fn date_part(tv: f64) -> String {
    format!(
        "{} {} {:02} {}",
        DAY_NAMES[week_day(tv) as usize % 7],
        MONTH_NAMES[month_from_time(tv) as usize % 12],
        date_from_time(tv) as i64,
        year_string(tv)
    )
}

/// 21.4.4.41.1 TimeString(tv): "03:04:05 GMT".
fn time_part(tv: f64) -> String {
    format!(
        "{:02}:{:02}:{:02} GMT",
        hour_from_time(tv) as i64,
        min_from_time(tv) as i64,
        sec_from_time(tv) as i64
    )
}

/// 21.4.4.41.3 TimeZoneString(tv): "+0100 (CET)" for the UTC time value tv.
fn zone_part(tv: f64) -> String {
    let offset = offset_at(tv);
    let sign = if offset >= 0.0 { '+' } else { '-' };
    let minutes = (offset.abs() / MS_PER_MINUTE).floor() as i64;
    format!(
        "{sign}{:02}{:02} ({})",
        minutes / 60,
        minutes % 60,
        zone_name(tv)
    )
}

/// 21.4.4.41.4 ToDateString(tv): toString's format, or "Invalid Date".
pub(crate) fn to_date_string(tv: f64) -> String {
    if tv.is_nan() {
        return "Invalid Date".into();
    }
    let t = local_time(tv);
    format!("{} {}{}", date_part(t), time_part(t), zone_part(tv))
}

/// "YYYY-MM-DDTHH:mm:ss.sssZ" (±YYYYYY outside years 0–9999) for a finite UTC time value.
pub(crate) fn iso_string(tv: f64) -> String {
    let y = year_from_time(tv);
    let year = if (0.0..=9999.0).contains(&y) {
        format!("{:04}", y as i64)
    } else {
        let sign = if y < 0.0 { '-' } else { '+' };
        format!("{sign}{:06}", y.abs() as i64)
    };
    format!(
        "{year}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        month_from_time(tv) as i64 + 1,
        date_from_time(tv) as i64,
        hour_from_time(tv) as i64,
        min_from_time(tv) as i64,
        sec_from_time(tv) as i64,
        ms_from_time(tv) as i64
    )
}

/// 21.4.4.43 toUTCString's format: "Tue, 02 Jan 2024 03:04:05 GMT".
fn utc_string(tv: f64) -> String {
    format!(
        "{}, {:02} {} {} {}",
        DAY_NAMES[week_day(tv) as usize % 7],
        date_from_time(tv) as i64,
        MONTH_NAMES[month_from_time(tv) as usize % 12],
        year_string(tv),
        time_part(tv)
    )
}

/// 21.4.4.41 Date.prototype.toString ( )
fn date_to_string(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let tv = this_time_value(vm, this, "toString")?;
    let s = to_date_string(tv);
    Ok(vm.new_string(&s))
}

/// 21.4.4.35 Date.prototype.toDateString ( )
fn date_to_date_string(
    vm: &mut Vm,
    this: Value,
    _args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let tv = this_time_value(vm, this, "toDateString")?;
    if tv.is_nan() {
        return Ok(vm.new_string("Invalid Date"));
    }
    let s = date_part(local_time(tv));
    Ok(vm.new_string(&s))
}

/// 21.4.4.42 Date.prototype.toTimeString ( )
fn date_to_time_string(
    vm: &mut Vm,
    this: Value,
    _args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let tv = this_time_value(vm, this, "toTimeString")?;
    if tv.is_nan() {
        return Ok(vm.new_string("Invalid Date"));
    }
    let s = format!("{}{}", time_part(local_time(tv)), zone_part(tv));
    Ok(vm.new_string(&s))
}

/// 21.4.4.36 Date.prototype.toISOString ( )
fn date_to_iso_string(
    vm: &mut Vm,
    this: Value,
    _args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let tv = this_time_value(vm, this, "toISOString")?;
    // 4. If tv is not finite, throw a RangeError exception.
    if !tv.is_finite() {
        return Err(vm.range_error("Invalid time value"));
    }
    let s = iso_string(tv);
    Ok(vm.new_string(&s))
}

/// 21.4.4.43 Date.prototype.toUTCString ( )
fn date_to_utc_string(
    vm: &mut Vm,
    this: Value,
    _args: &[Value],
    _ctx: NativeCtx,
) -> JsResult<Value> {
    let tv = this_time_value(vm, this, "toUTCString")?;
    if tv.is_nan() {
        return Ok(vm.new_string("Invalid Date"));
    }
    let s = utc_string(tv);
    Ok(vm.new_string(&s))
}

/// 21.4.4.37 Date.prototype.toJSON ( key )
fn date_to_json(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    // 1. Let O be ? ToObject(this value).
    let o = vm.to_object(this)?;
    let ov = Value::object(o);
    // 2. Let tv be ? ToPrimitive(O, number).
    let tv = vm.to_primitive(ov, Hint::Number)?;
    // 3. If tv is a Number and tv is not finite, return null.
    if tv.as_number().is_some_and(|n| !n.is_finite()) {
        return Ok(Value::NULL);
    }
    // 4. Return ? Invoke(O, "toISOString").
    let key: PropKey = vm.intern("toISOString");
    let f = vm.get(o, Key::Named(key), ov)?;
    if !vm.is_callable(f) {
        return Err(vm.type_error("toISOString is not a function"));
    }
    vm.call(f, ov, &[])
}
