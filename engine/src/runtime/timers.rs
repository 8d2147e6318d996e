//! `setTimeout`, `setInterval`, `setImmediate` and their `clear*` functions.
//!
//! Timers sit in a queue ordered by (deadline, scheduling sequence), so timers due at the same
//! instant run in the order they were scheduled, as in Node. The event loop sleeps on
//! `tokio::time::sleep_until` the earliest deadline. `setTimeout`/`setInterval` return
//! `Timeout` objects as Node does: `ref()`, `unref()` (an unreferenced timer does not keep the
//! loop alive), `hasRef()`, `refresh()`, `close()`, and `[Symbol.toPrimitive]()` giving the
//! numeric id, which every `clear*` function also accepts. `setImmediate` returns a numeric id.

use super::state::{state_or_throw, Callback};
use crate::builtins::{arg, define_functions};
use crate::heap::{Gc, Trace, Tracer};
use crate::object::{attrs, JsObject};
use crate::value::Value;
use crate::vm::{JsResult, NativeCtx, Vm};
use std::collections::BTreeMap;
use std::time::Duration;
use tokio::time::Instant;

/// Node's `TIMEOUT_MAX` (2³¹ − 1 ms): longer delays (and non-numbers, NaN, ≤ 0) become 1 ms.
const TIMEOUT_MAX: f64 = 2_147_483_647.0;

/// A scheduled timeout or interval.
struct Timer {
    /// Its `Timeout` object, whose slots hold the callback and the rest.
    timeout: Gc<JsObject>,
    /// Its key in the queue.
    key: (Instant, u64),
}

impl Timer {
    fn slots(&self) -> &mut TimeoutData {
        self.timeout
            .data::<TimeoutData>()
            .expect("a timer's object is a Timeout")
    }
}

/// The internal slots of a `Timeout` object: everything about the timer, kept after it fired
/// so that `refresh()` can re-arm it (Node reactivates it) and `hasRef()` still answers.
struct TimeoutData {
    id: u32,
    callback: Value,
    args: Vec<Value>,
    /// The delay (`setInterval`'s period, `refresh()`'s delay).
    delay: Duration,
    /// An interval?
    repeat: bool,
    /// Does it keep the loop alive (`unref()` clears it)?
    refed: bool,
}

impl Trace for TimeoutData {
    fn trace(&self, t: &mut Tracer) {
        t.value(self.callback);
        t.values(&self.args);
    }
}

impl crate::object::ObjectData for TimeoutData {
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

/// The timer table and its deadline queue.
#[derive(Default)]
pub(crate) struct Timers {
    entries: rustc_hash::FxHashMap<u32, Timer>,
    queue: BTreeMap<(Instant, u64), u32>,
    seq: u64,
    /// Timers that keep the loop alive (not `unref()`ed).
    refed: usize,
    /// `Timeout.prototype` (made on first use).
    proto: Option<Gc<JsObject>>,
    /// The loop's cached clock (libuv's `uv_now`): updated when a loop iteration starts and
    /// after the loop wakes. New timers count from it, as in Node, so a `setTimeout(f, 0)`
    /// scheduled by a long-running script is already due when the loop starts.
    now: Option<Instant>,
}

/// A timer that is due: what the loop calls.
pub(crate) struct Due {
    /// The timer's id.
    pub(crate) id: u32,
    /// The callback.
    pub(crate) callback: Value,
    /// Its arguments.
    pub(crate) args: Vec<Value>,
}

impl Timers {
    /// No timer that keeps the loop alive is pending? (Unreferenced ones still fire while
    /// something else keeps it alive.)
    pub(crate) fn is_empty(&self) -> bool {
        self.refed == 0
    }

    /// Timers armed.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Updates the cached loop clock and returns it.
    pub(crate) fn update_now(&mut self) -> Instant {
        let now = Instant::now();
        self.now = Some(now);
        now
    }

    /// The earliest deadline.
    pub(crate) fn next_deadline(&self) -> Option<Instant> {
        self.queue.keys().next().map(|k| k.0)
    }

    /// Arms the timer of a `Timeout` object, `delay` from the loop's clock.
    fn schedule(&mut self, timeout: Gc<JsObject>, delay: Duration) {
        let timer = Timer {
            timeout,
            key: self.key_after(delay),
        };
        let (id, refed) = (timer.slots().id, timer.slots().refed);
        self.queue.insert(timer.key, id);
        self.refed += usize::from(refed);
        self.entries.insert(id, timer);
    }

    /// The queue key of a deadline `delay` after the loop's clock, after every key so far.
    fn key_after(&mut self, delay: Duration) -> (Instant, u64) {
        self.seq += 1;
        (self.now.unwrap_or_else(Instant::now) + delay, self.seq)
    }

    /// Removes a timer (`clearTimeout`, `clearInterval`).
    pub(crate) fn clear(&mut self, id: u32) {
        if let Some(t) = self.entries.remove(&id) {
            self.queue.remove(&t.key);
            self.refed -= usize::from(t.slots().refed);
        }
    }

    /// `ref()` / `unref()` of a `Timeout` object, armed or not.
    fn set_refed(&mut self, timeout: Gc<JsObject>, refed: bool) {
        let changed = with_slots(timeout, |d| {
            let changed = d.refed != refed;
            d.refed = refed;
            (d.id, changed)
        });
        if let Some((id, true)) = changed {
            if self.entries.contains_key(&id) {
                match refed {
                    true => self.refed += 1,
                    false => self.refed -= 1,
                }
            }
        }
    }

    /// `refresh()`: the timer starts over from now, with its delay.
    fn refresh(&mut self, id: u32) {
        let Some(delay) = self.entries.get(&id).map(|t| t.slots().delay) else {
            return;
        };
        let key = self.key_after(delay);
        if let Some(t) = self.entries.get_mut(&id) {
            self.queue.remove(&t.key);
            t.key = key;
            self.queue.insert(key, id);
        }
    }

    /// The first timer due at `now`, if any. Its entry stays in the table (so its callback stays
    /// traced) until [`Timers::finish`]; an interval is re-armed then.
    pub(crate) fn pop_due(&mut self, now: Instant) -> Option<Due> {
        let (&key, &id) = self.queue.iter().next()?;
        if key.0 > now {
            return None;
        }
        self.queue.remove(&key);
        let t = self.entries.get(&id)?.slots();
        Some(Due {
            id,
            callback: t.callback,
            args: t.args.clone(),
        })
    }

    /// After a due timer's callback ran: drop a timeout, re-arm an interval. (A timer its
    /// callback cleared is gone from the table already.)
    pub(crate) fn finish(&mut self, id: u32) {
        let Some(t) = self.entries.get(&id) else {
            return;
        };
        if t.slots().repeat {
            self.refresh(id);
        } else {
            self.clear(id);
        }
    }
}

impl Trace for Timers {
    fn trace(&self, t: &mut Tracer) {
        if let Some(p) = self.proto {
            t.value(Value::object(p));
        }
        for timer in self.entries.values() {
            t.value(Value::object(timer.timeout));
        }
    }
}

/// Node's delay rule: `after *= 1; if (!(after >= 1 && after <= TIMEOUT_MAX)) after = 1`,
/// truncated to whole milliseconds like libuv.
fn delay_of(vm: &mut Vm, v: Value) -> JsResult<Duration> {
    let ms = if v.is_undefined() {
        1.0
    } else {
        vm.to_number(v)?
    };
    let ms = if (1.0..=TIMEOUT_MAX).contains(&ms) {
        ms.trunc()
    } else {
        1.0
    };
    Ok(Duration::from_millis(ms as u64))
}

fn callback_arg(vm: &mut Vm, args: &[Value]) -> JsResult<Value> {
    let f = arg(args, 0);
    if !vm.is_callable(f) {
        let shown = crate::builtins::console::inspect(vm, f);
        return Err(vm.type_error(&format!(
            "The \"callback\" argument must be of type function. Received {shown}"
        )));
    }
    Ok(f)
}

fn set_timer(vm: &mut Vm, args: &[Value], repeat: bool) -> JsResult<Value> {
    let f = callback_arg(vm, args)?;
    let delay = delay_of(vm, arg(args, 1))?;
    let extra = args.get(2..).unwrap_or(&[]).to_vec();
    let id = state_or_throw(vm)?.fresh_id();
    let proto = timeout_prototype(vm)?;
    let data = TimeoutData {
        id,
        callback: f,
        args: extra,
        delay,
        repeat,
        refed: true,
    };
    let timeout = vm.new_data_object(proto, Box::new(data));
    state_or_throw(vm)?.timers.schedule(timeout, delay);
    Ok(Value::object(timeout))
}

/// `Timeout.prototype`, made on first use.
fn timeout_prototype(vm: &mut Vm) -> JsResult<Gc<JsObject>> {
    if let Some(p) = state_or_throw(vm)?.timers.proto {
        return Ok(p);
    }
    let proto = vm.new_object();
    define_functions(
        vm,
        proto,
        &[
            ("ref", 0, timeout_ref),
            ("unref", 0, timeout_unref),
            ("hasRef", 0, timeout_has_ref),
            ("refresh", 0, timeout_refresh),
            ("close", 0, timeout_close),
        ],
        attrs::HIDDEN,
    );
    let to_primitive = vm.new_native_function("[Symbol.toPrimitive]", 1, timeout_id);
    let key = vm.symbol_key(crate::vm::WellKnown::ToPrimitive);
    vm.define_value_property(proto, key, Value::object(to_primitive), attrs::HIDDEN);
    let ctor = vm.new_native_function("Timeout", 0, timeout_id);
    vm.define_value_property(
        proto,
        crate::atoms::names::CONSTRUCTOR,
        Value::object(ctor),
        attrs::HIDDEN,
    );
    state_or_throw(vm)?.timers.proto = Some(proto);
    Ok(proto)
}

/// Runs `f` on the internal slots of a `Timeout` object (`None` for any other object).
fn with_slots<R>(o: Gc<JsObject>, f: impl FnOnce(&mut TimeoutData) -> R) -> Option<R> {
    o.data::<TimeoutData>().map(f)
}

/// The timer id of a `Timeout` value.
fn timeout_of(v: Value) -> Option<u32> {
    with_slots(v.as_object()?, |d| d.id)
}

/// `ref()` / `unref()`.
fn set_ref(vm: &mut Vm, this: Value, refed: bool) -> JsResult<Value> {
    if let Some(o) = this.as_object() {
        state_or_throw(vm)?.timers.set_refed(o, refed);
    }
    Ok(this)
}

fn timeout_ref(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    set_ref(vm, this, true)
}

fn timeout_unref(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    set_ref(vm, this, false)
}

fn timeout_has_ref(_: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let refed = this.as_object().and_then(|o| with_slots(o, |d| d.refed));
    Ok(Value::bool(refed.unwrap_or(false)))
}

/// `refresh()`: restarts the countdown; a timeout that already fired (or was cleared) is
/// armed again, as in Node.
fn timeout_refresh(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let Some((o, id, delay)) = this
        .as_object()
        .and_then(|o| with_slots(o, |d| (o, d.id, d.delay)))
    else {
        return Ok(this);
    };
    let timers = &mut state_or_throw(vm)?.timers;
    if timers.entries.contains_key(&id) {
        timers.refresh(id);
    } else {
        timers.schedule(o, delay);
    }
    Ok(this)
}

fn timeout_close(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    if let Some(id) = timeout_of(this) {
        state_or_throw(vm)?.timers.clear(id);
    }
    Ok(this)
}

/// `[Symbol.toPrimitive]()`: the id, which `clearTimeout` accepts like the object.
fn timeout_id(_: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    Ok(timeout_of(this).map_or(Value::UNDEFINED, |id| Value::int(id as i32)))
}

fn set_timeout(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    set_timer(vm, args, false)
}

fn set_interval(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    set_timer(vm, args, true)
}

/// The id passed to a `clear*` function: a `Timeout`, or its numeric id (anything else clears
/// nothing).
fn id_arg(args: &[Value]) -> Option<u32> {
    if let Some(id) = timeout_of(arg(args, 0)) {
        return Some(id);
    }
    arg(args, 0)
        .as_number()
        .filter(|n| n.fract() == 0.0 && *n >= 1.0 && *n <= u32::MAX as f64)
        .map(|n| n as u32)
}

fn clear_timer(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    if let Some(id) = id_arg(args) {
        state_or_throw(vm)?.timers.clear(id);
    }
    Ok(Value::UNDEFINED)
}

fn set_immediate(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let func = callback_arg(vm, args)?;
    let extra = args.get(1..).unwrap_or(&[]).to_vec();
    let st = state_or_throw(vm)?;
    let id = st.fresh_id();
    st.immediates.push_back(Callback {
        id,
        func,
        args: extra,
    });
    Ok(Value::int(id as i32))
}

fn clear_immediate(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    if let Some(id) = id_arg(args) {
        state_or_throw(vm)?.immediates.retain(|c| c.id != id);
    }
    Ok(Value::UNDEFINED)
}

/// Installs the timer globals.
pub(crate) fn install(vm: &mut Vm) {
    let global = vm.realm.global;
    define_functions(
        vm,
        global,
        &[
            ("setTimeout", 2, set_timeout),
            ("setInterval", 2, set_interval),
            ("setImmediate", 1, set_immediate),
            ("clearTimeout", 1, clear_timer),
            ("clearInterval", 1, clear_timer),
            ("clearImmediate", 1, clear_immediate),
        ],
        attrs::HIDDEN,
    );
}
