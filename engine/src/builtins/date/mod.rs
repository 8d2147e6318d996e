//! `Date` (ECMA-262 §21.4) and its Annex B extras (`getYear`, `setYear`, `toGMTString`).
//!
//! - `mod.rs`: the `[[DateValue]]` slot, the constructor, `Date.now`/`parse`/`UTC`,
//!   `Symbol.toPrimitive`, `valueOf`/`getTime`/`setTime` and registration.
//! - `time.rs`: the §21.4.1 day/time arithmetic (Day, YearFromTime, MakeDay, TimeClip, …).
//! - `zone.rs`: the local time zone (LocalTime, UTC, offsets), from the process's `TZ`
//!   through `jiff`; UTC when the zone cannot be resolved.
//! - `getters.rs`, `setters.rs`: the field getters and setters, local and UTC.
//! - `parse.rs`: `Date.parse` (the ISO format and the toString/toUTCString formats).
//! - `format.rs`: toString, toISOString, toUTCString, toJSON and the other string forms.
//!
//! Time values are `f64` milliseconds (NaN for an invalid date), as in the spec.

mod format;
mod getters;
mod parse;
mod setters;
mod time;
mod zone;

#[cfg(test)]
mod tests;

use super::{arg, make_constructor};
use crate::heap::{Trace, Tracer};
use crate::object::attrs;
use crate::value::Value;
use crate::vm::{Hint, Intrinsic, JsResult, NativeCtx, Vm, WellKnown};
use time::{make_date, make_day, make_full_year, make_time, time_clip};

/// The `[[DateValue]]` internal slot: a time value, NaN when the date is invalid.
pub(crate) struct DateData {
    pub(crate) tv: f64,
}

impl Trace for DateData {
    fn trace(&self, _t: &mut Tracer) {}
}
crate::object_data!(DateData);

pub(crate) fn init(vm: &mut Vm) {
    let proto = vm.intrinsic(Intrinsic::DatePrototype);
    let ctor = make_constructor(vm, "Date", 7, date_ctor, proto, None);
    vm.define_method(ctor, "now", 0, date_now);
    vm.define_method(ctor, "parse", 1, date_parse);
    vm.define_method(ctor, "UTC", 7, date_utc);

    vm.define_method(proto, "getTime", 0, date_get_time);
    vm.define_method(proto, "valueOf", 0, date_get_time);
    vm.define_method(proto, "setTime", 1, date_set_time);
    getters::init(vm, proto);
    setters::init(vm, proto);
    format::init(vm, proto);

    // 21.4.4.45 Date.prototype [ @@toPrimitive ]: { [[Writable]]: false, [[Configurable]]: true }.
    let tp = vm.symbol_key(WellKnown::ToPrimitive);
    let f = vm.new_native_function("[Symbol.toPrimitive]", 1, date_to_primitive);
    vm.define_value_property(proto, tp, Value::object(f), attrs::CONFIGURABLE);
}

/// The current time value (`Date.now()`), in whole milliseconds.
fn now() -> f64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_millis() as f64,
        // A clock before 1970.
        Err(e) => -(e.duration().as_millis() as f64),
    }
}

/// `thisTimeValue(value)`: the `[[DateValue]]` of `this`, or a TypeError.
pub(crate) fn this_time_value(vm: &mut Vm, this: Value, method: &str) -> JsResult<f64> {
    if let Some(d) = this
        .as_object()
        .and_then(|o| o.data::<DateData>().map(|d| d.tv))
    {
        return Ok(d);
    }
    Err(vm.type_error(&format!(
        "Date.prototype.{method} requires that 'this' be a Date"
    )))
}

/// Stores `tv` in `this`'s `[[DateValue]]` (the caller has checked that `this` is a Date).
pub(crate) fn set_this_time_value(this: Value, tv: f64) -> Value {
    if let Some(o) = this.as_object() {
        if let Some(d) = o.data::<DateData>() {
            d.tv = tv;
        }
    }
    Value::number(tv)
}

/// The number arguments `args[i]` for the present ones, through ToNumber in order.
pub(crate) fn number_args(vm: &mut Vm, args: &[Value], n: usize) -> JsResult<Vec<Option<f64>>> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        out.push(match args.get(i) {
            Some(&v) => Some(vm.to_number(v)?),
            None => None,
        });
    }
    Ok(out)
}

/// 21.4.2.1 Date ( ...values )
fn date_ctor(vm: &mut Vm, _this: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    // 1. If NewTarget is undefined, return ToDateString(the current time value).
    if ctx.new_target.is_undefined() {
        let s = format::to_date_string(now());
        return Ok(vm.new_string(&s));
    }
    let dv = match args.len() {
        // 3. No arguments: the current time value.
        0 => now(),
        // 4. One argument.
        1 => {
            let value = args[0];
            let date = value
                .as_object()
                .and_then(|o| o.data::<DateData>().map(|d| d.tv));
            let tv = match date {
                // 4.b. A Date: its time value.
                Some(tv) => tv,
                None => {
                    // 4.c.i. Let v be ? ToPrimitive(value).
                    let v = vm.to_primitive(value, Hint::Default)?;
                    match v.as_string() {
                        // 4.c.ii. A string is parsed like Date.parse.
                        Some(s) => parse::parse_date(&s.to_rust_string()),
                        // 4.c.iii. Let tv be ? ToNumber(v).
                        None => vm.to_number(v)?,
                    }
                }
            };
            // 4.d. Let dv be TimeClip(tv).
            time_clip(tv)
        }
        // 5. Two or more: the fields in local time.
        _ => {
            let f = number_args(vm, args, 7)?;
            let y = f[0].unwrap_or(f64::NAN);
            let m = f[1].unwrap_or(f64::NAN);
            let dt = f[2].unwrap_or(1.0);
            let h = f[3].unwrap_or(0.0);
            let min = f[4].unwrap_or(0.0);
            let s = f[5].unwrap_or(0.0);
            let milli = f[6].unwrap_or(0.0);
            // 5.j. Let yr be MakeFullYear(y).
            let yr = make_full_year(y);
            // 5.k–l. finalDate, then TimeClip(UTC(finalDate)).
            let final_date = make_date(make_day(yr, m, dt), make_time(h, min, s, milli));
            time_clip(zone::utc(final_date))
        }
    };
    // 6. Let O be ? OrdinaryCreateFromConstructor(NewTarget, "%Date.prototype%", « [[DateValue]] »).
    let proto = vm.prototype_from_constructor(ctx.new_target, Intrinsic::DatePrototype)?;
    let o = vm.new_data_object(proto, Box::new(DateData { tv: dv }));
    Ok(Value::object(o))
}

/// 21.4.3.1 Date.now ( )
fn date_now(_vm: &mut Vm, _this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    Ok(Value::number(now()))
}

/// 21.4.3.2 Date.parse ( string )
fn date_parse(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    let s = vm.to_rust_string(arg(args, 0))?;
    Ok(Value::number(time_clip(parse::parse_date(&s))))
}

/// 21.4.3.4 Date.UTC ( year [ , month [ , date [ , hours [ , minutes [ , seconds [ , ms ] ] ] ] ] ] )
fn date_utc(vm: &mut Vm, _this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    // 1–7. ToNumber of each present argument, in order (year even when absent).
    let y = vm.to_number(arg(args, 0))?;
    let f = number_args(vm, args.get(1..).unwrap_or(&[]), 6)?;
    let m = f[0].unwrap_or(0.0);
    let dt = f[1].unwrap_or(1.0);
    let h = f[2].unwrap_or(0.0);
    let min = f[3].unwrap_or(0.0);
    let s = f[4].unwrap_or(0.0);
    let milli = f[5].unwrap_or(0.0);
    // 8. Let yr be MakeFullYear(y).
    let yr = make_full_year(y);
    // 9. Return TimeClip(MakeDate(MakeDay(yr, m, dt), MakeTime(h, min, s, milli))).
    Ok(Value::number(time_clip(make_date(
        make_day(yr, m, dt),
        make_time(h, min, s, milli),
    ))))
}

/// 21.4.4.10 Date.prototype.getTime ( ) and 21.4.4.44 Date.prototype.valueOf ( )
fn date_get_time(vm: &mut Vm, this: Value, _args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    Ok(Value::number(this_time_value(vm, this, "getTime")?))
}

/// 21.4.4.27 Date.prototype.setTime ( time )
fn date_set_time(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    // 1–2. RequireInternalSlot(dateObject, [[DateValue]]).
    this_time_value(vm, this, "setTime")?;
    // 3. Let t be ? ToNumber(time).
    let t = vm.to_number(arg(args, 0))?;
    // 4–6. Store and return TimeClip(t).
    Ok(set_this_time_value(this, time_clip(t)))
}

/// 21.4.4.45 Date.prototype [ @@toPrimitive ] ( hint )
fn date_to_primitive(vm: &mut Vm, this: Value, args: &[Value], _ctx: NativeCtx) -> JsResult<Value> {
    // 1–2. If O is not an Object, throw a TypeError exception.
    if !this.is_object() {
        return Err(vm.type_error("Date.prototype[Symbol.toPrimitive] called on non-object"));
    }
    // 3–5. "string" and "default" try toString first; "number" valueOf; anything else throws.
    let hint = arg(args, 0).as_string().map(|s| s.to_rust_string());
    let try_first = match hint.as_deref() {
        Some("string" | "default") => Hint::String,
        Some("number") => Hint::Number,
        _ => return Err(vm.type_error("Invalid hint")),
    };
    // 6. Return ? OrdinaryToPrimitive(O, tryFirst).
    vm.ordinary_to_primitive(this, try_first)
}
