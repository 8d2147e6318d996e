//! `setTimeout`, `setInterval`, `setImmediate` and their `clear*` functions.
//!
//! Timers sit in a queue ordered by (deadline, scheduling sequence), so timers due at the same
//! instant run in the order they were scheduled, as in Node. The event loop sleeps on
//! `tokio::time::sleep_until` the earliest deadline. The functions return integer ids (Node
//! returns `Timeout` objects; an id works with every `clear*` function, and ids and objects
//! are interchangeable for code that only passes them back). There is no `unref()` yet.

use super::state::{state_or_throw, Callback};
use crate::builtins::{arg, define_functions};
use crate::heap::{Trace, Tracer};
use crate::object::attrs;
use crate::value::Value;
use crate::vm::{JsResult, NativeCtx, Vm};
use std::collections::BTreeMap;
use std::time::Duration;
use tokio::time::Instant;

/// Node's `TIMEOUT_MAX` (2³¹ − 1 ms): longer delays (and non-numbers, NaN, ≤ 0) become 1 ms.
const TIMEOUT_MAX: f64 = 2_147_483_647.0;

/// A scheduled timeout or interval.
struct Timer {
    callback: Value,
    args: Vec<Value>,
    /// `setInterval`'s period.
    repeat: Option<Duration>,
    /// Its key in the queue.
    key: (Instant, u64),
}

/// The timer table and its deadline queue.
#[derive(Default)]
pub(crate) struct Timers {
    entries: rustc_hash::FxHashMap<u32, Timer>,
    queue: BTreeMap<(Instant, u64), u32>,
    seq: u64,
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
    /// No timer pending?
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
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

    fn schedule(
        &mut self,
        id: u32,
        callback: Value,
        args: Vec<Value>,
        delay: Duration,
        repeat: bool,
    ) {
        self.seq += 1;
        let key = (self.now.unwrap_or_else(Instant::now) + delay, self.seq);
        self.queue.insert(key, id);
        self.entries.insert(
            id,
            Timer {
                callback,
                args,
                repeat: repeat.then_some(delay),
                key,
            },
        );
    }

    /// Removes a timer (`clearTimeout`, `clearInterval`).
    pub(crate) fn clear(&mut self, id: u32) {
        if let Some(t) = self.entries.remove(&id) {
            self.queue.remove(&t.key);
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
        let t = self.entries.get(&id)?;
        Some(Due {
            id,
            callback: t.callback,
            args: t.args.clone(),
        })
    }

    /// After a due timer's callback ran: drop a timeout, re-arm an interval. (A timer its
    /// callback cleared is gone from the table already.)
    pub(crate) fn finish(&mut self, id: u32) {
        let Some(t) = self.entries.get_mut(&id) else {
            return;
        };
        match t.repeat {
            Some(period) => {
                self.seq += 1;
                t.key = (self.now.unwrap_or_else(Instant::now) + period, self.seq);
                self.queue.insert(t.key, id);
            }
            None => {
                self.entries.remove(&id);
            }
        }
    }
}

impl Trace for Timers {
    fn trace(&self, t: &mut Tracer) {
        for timer in self.entries.values() {
            t.value(timer.callback);
            t.values(&timer.args);
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
    let st = state_or_throw(vm)?;
    let id = st.fresh_id();
    st.timers.schedule(id, f, extra, delay, repeat);
    Ok(Value::int(id as i32))
}

fn set_timeout(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    set_timer(vm, args, false)
}

fn set_interval(vm: &mut Vm, _: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    set_timer(vm, args, true)
}

/// The id passed to a `clear*` function (anything else clears nothing).
fn id_arg(args: &[Value]) -> Option<u32> {
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
