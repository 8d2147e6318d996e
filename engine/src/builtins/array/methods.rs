//! Array.prototype methods without callbacks: element access, mutators, copies, join.

use super::{
    array_create, array_species_create, clamp_relative, create_index, delete_index, get_if_present,
    get_index, has_index, is_concat_spreadable, is_packed_array, is_plain_dense_writable,
    relative_index, set_dense_elements, set_index, set_length, Holder, MAX_SAFE_LENGTH,
};
use crate::atoms::names;
use crate::builtins::arg;
use crate::heap::Gc;
use crate::object::{flags, JsObject, ObjectKind};
use crate::string::JsString;
use crate::value::Value;
use crate::vm::{JsResult, Key, NativeCtx, Vm};
use std::cell::RefCell;

// ---------------------------------------------------------------------------------------------
// Element access and search.

/// 23.1.3.1 Array.prototype.at(index).
fn array_at(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let rel = vm.to_integer_or_infinity(arg(args, 0))?;
    let k = if rel >= 0.0 { rel } else { len as f64 + rel };
    if k < 0.0 || k >= len as f64 {
        return Ok(Value::UNDEFINED);
    }
    get_index(vm, o, k as u64)
}

/// The start index of includes/indexOf: None when the search is empty.
fn search_start(vm: &mut Vm, from: Value, len: u64) -> JsResult<Option<u64>> {
    let n = vm.to_integer_or_infinity(from)?;
    if n == f64::INFINITY {
        return Ok(None);
    }
    Ok(Some(clamp_relative(n, len)))
}

/// Scans own dense elements of a plain array from `k` while they are present, returning the
/// first index matching `pred`, or where the scan stopped (a hole or the end of the elements).
fn scan_dense(o: Gc<JsObject>, mut k: u64, len: u64, pred: impl Fn(Value) -> bool) -> (u64, bool) {
    let inner = o.inner();
    if !matches!(inner.kind, ObjectKind::Array) || inner.sparse.is_some() {
        return (k, false);
    }
    let end = len.min(inner.elements.len() as u64);
    while k < end {
        let v = inner.elements[k as usize];
        if v.is_empty() {
            break;
        }
        if pred(v) {
            return (k, true);
        }
        k += 1;
    }
    (k, false)
}

/// 23.1.3.16 Array.prototype.includes(searchElement, fromIndex).
fn array_includes(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    if len == 0 {
        return Ok(Value::FALSE);
    }
    let Some(mut k) = search_start(vm, arg(args, 1), len)? else {
        return Ok(Value::FALSE);
    };
    let target = arg(args, 0);
    while k < len {
        let (stop, found) = scan_dense(o, k, len, |v| vm.same_value_zero(v, target));
        if found {
            return Ok(Value::TRUE);
        }
        k = stop;
        if k >= len {
            break;
        }
        let v = get_index(vm, o, k)?;
        if vm.same_value_zero(v, target) {
            return Ok(Value::TRUE);
        }
        k += 1;
    }
    Ok(Value::FALSE)
}

/// 23.1.3.17 Array.prototype.indexOf(searchElement, fromIndex).
fn array_index_of(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    let Some(mut k) = search_start(vm, arg(args, 1), len)? else {
        return Ok(Value::int(-1));
    };
    let target = arg(args, 0);
    while k < len {
        let (stop, found) = scan_dense(o, k, len, |v| vm.strict_equals(v, target));
        if found {
            return Ok(Value::number(stop as f64));
        }
        k = stop;
        if k >= len {
            break;
        }
        if let Some(v) = get_if_present(vm, o, k)? {
            if vm.strict_equals(v, target) {
                return Ok(Value::number(k as f64));
            }
        }
        k += 1;
    }
    Ok(Value::int(-1))
}

/// 23.1.3.20 Array.prototype.lastIndexOf(searchElement, fromIndex).
fn array_last_index_of(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    let Some(mut k) = super::last_index_start(vm, args, len)? else {
        return Ok(Value::int(-1));
    };
    let target = arg(args, 0);
    loop {
        if let Some(v) = get_if_present(vm, o, k)? {
            if vm.strict_equals(v, target) {
                return Ok(Value::number(k as f64));
            }
        }
        if k == 0 {
            break;
        }
        k -= 1;
    }
    Ok(Value::int(-1))
}

// ---------------------------------------------------------------------------------------------
// Stack and queue mutators.

/// 23.1.3.23 Array.prototype.push(...items).
fn array_push(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    if let Some(o) = this.as_object() {
        if is_plain_dense_writable(o) {
            let inner = o.inner();
            let new_len = inner.elements.len() as u64 + args.len() as u64;
            if new_len < u32::MAX as u64 {
                for v in args {
                    crate::heap::write_barrier(o, *v);
                }
                inner.elements.extend_from_slice(args);
                vm.heap.note_growth(args.len() * 8);
                return Ok(Value::number(new_len as f64));
            }
        }
    }
    let o = vm.to_object(this)?;
    let mut len = vm.length_of_array_like(o)?;
    if len + args.len() as u64 > MAX_SAFE_LENGTH {
        return Err(vm.type_error("Pushing elements past 2^53-1 length"));
    }
    for v in args {
        set_index(vm, o, len, *v)?;
        len += 1;
    }
    set_length(vm, o, len)?;
    Ok(Value::number(len as f64))
}

/// 23.1.3.22 Array.prototype.pop().
fn array_pop(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    if let Some(o) = this.as_object() {
        let inner = o.inner();
        if matches!(inner.kind, ObjectKind::Array)
            && inner.sparse.is_none()
            && inner.flags & flags::LENGTH_READONLY == 0
            && inner.elements.last().is_some_and(|v| !v.is_empty())
        {
            return Ok(inner.elements.pop().unwrap());
        }
    }
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    if len == 0 {
        set_length(vm, o, 0)?;
        return Ok(Value::UNDEFINED);
    }
    let new_len = len - 1;
    let element = get_index(vm, o, new_len)?;
    vm.root(element);
    delete_index(vm, o, new_len)?;
    set_length(vm, o, new_len)?;
    Ok(element)
}

/// 23.1.3.27 Array.prototype.shift().
fn array_shift(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    if let Some(o) = this.as_object() {
        if is_packed_array(o)
            && !o.has_flag(flags::LENGTH_READONLY)
            && !o.inner().elements.is_empty()
        {
            return Ok(o.inner().elements.remove(0));
        }
    }
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    if len == 0 {
        set_length(vm, o, 0)?;
        return Ok(Value::UNDEFINED);
    }
    let first = get_index(vm, o, 0)?;
    vm.root(first);
    for k in 1..len {
        match get_if_present(vm, o, k)? {
            Some(v) => set_index(vm, o, k - 1, v)?,
            None => delete_index(vm, o, k - 1)?,
        }
    }
    delete_index(vm, o, len - 1)?;
    set_length(vm, o, len - 1)?;
    Ok(first)
}

/// 23.1.3.37 Array.prototype.unshift(...items).
fn array_unshift(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    if let Some(o) = this.as_object() {
        if is_plain_dense_writable(o) && is_packed_array(o) {
            let inner = o.inner();
            let new_len = inner.elements.len() as u64 + args.len() as u64;
            if new_len < u32::MAX as u64 {
                for v in args {
                    crate::heap::write_barrier(o, *v);
                }
                inner.elements.splice(0..0, args.iter().copied());
                vm.heap.note_growth(args.len() * 8);
                return Ok(Value::number(new_len as f64));
            }
        }
    }
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let n = args.len() as u64;
    if n > 0 {
        if len + n > MAX_SAFE_LENGTH {
            return Err(vm.type_error("Unshifting elements past 2^53-1 length"));
        }
        let mut k = len;
        while k > 0 {
            let from = k - 1;
            let to = k + n - 1;
            match get_if_present(vm, o, from)? {
                Some(v) => set_index(vm, o, to, v)?,
                None => delete_index(vm, o, to)?,
            }
            k -= 1;
        }
        for (j, v) in args.iter().enumerate() {
            set_index(vm, o, j as u64, *v)?;
        }
    }
    set_length(vm, o, len + n)?;
    Ok(Value::number((len + n) as f64))
}

// ---------------------------------------------------------------------------------------------
// Copies and in-place rearrangements.

/// 23.1.3.2 Array.prototype.concat(...items).
fn array_concat(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let (a, _) = array_species_create(vm, o, 0)?;
    let mut n: u64 = 0;
    let mut items = Vec::with_capacity(args.len() + 1);
    items.push(Value::object(o));
    items.extend_from_slice(args);
    for e in items {
        if is_concat_spreadable(vm, e)? {
            let eo = e.as_object().unwrap();
            let len = vm.length_of_array_like(eo)?;
            if n + len > MAX_SAFE_LENGTH {
                return Err(vm.type_error("Concatenated array length exceeds 2^53-1"));
            }
            // Fast path: packed source into a plain result that is still being appended to.
            if is_packed_array(eo)
                && eo.array_length() as u64 == len
                && is_plain_dense_writable(a)
                && a.array_length() as u64 == n
            {
                let src = eo.inner().elements.clone();
                vm.heap.note_growth(src.len() * 8);
                a.inner().elements.extend_from_slice(&src);
                n += len;
                continue;
            }
            for k in 0..len {
                if let Some(v) = get_if_present(vm, eo, k)? {
                    create_index(vm, a, n, v)?;
                }
                n += 1;
            }
        } else {
            if n >= MAX_SAFE_LENGTH {
                return Err(vm.type_error("Concatenated array length exceeds 2^53-1"));
            }
            create_index(vm, a, n, e)?;
            n += 1;
        }
    }
    set_length(vm, a, n)?;
    Ok(Value::object(a))
}

/// 23.1.3.4 Array.prototype.copyWithin(target, start, end).
fn array_copy_within(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let to = relative_index(vm, arg(args, 0), len)?;
    let from = relative_index(vm, arg(args, 1), len)?;
    let end = arg(args, 2);
    let fin = if end.is_undefined() {
        len
    } else {
        relative_index(vm, end, len)?
    };
    let count = fin.saturating_sub(from).min(len - to);
    if count == 0 {
        return Ok(Value::object(o));
    }
    let (mut from, mut to, dir): (i64, i64, i64) = if from < to && to < from + count {
        ((from + count - 1) as i64, (to + count - 1) as i64, -1)
    } else {
        (from as i64, to as i64, 1)
    };
    for _ in 0..count {
        match get_if_present(vm, o, from as u64)? {
            Some(v) => set_index(vm, o, to as u64, v)?,
            None => delete_index(vm, o, to as u64)?,
        }
        from += dir;
        to += dir;
    }
    Ok(Value::object(o))
}

/// 23.1.3.7 Array.prototype.fill(value, start, end).
fn array_fill(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let k = relative_index(vm, arg(args, 1), len)?;
    let end = arg(args, 2);
    let fin = if end.is_undefined() {
        len
    } else {
        relative_index(vm, end, len)?
    };
    let value = arg(args, 0);
    if is_plain_dense_writable(o) && fin as usize <= o.inner().elements.len() {
        crate::heap::write_barrier(o, value);
        for slot in &mut o.inner().elements[k as usize..fin.max(k) as usize] {
            *slot = value;
        }
        return Ok(Value::object(o));
    }
    for i in k..fin {
        set_index(vm, o, i, value)?;
    }
    Ok(Value::object(o))
}

/// 23.1.3.26 Array.prototype.reverse().
fn array_reverse(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    if let Some(o) = this.as_object() {
        if is_packed_array(o) {
            o.inner().elements.reverse();
            return Ok(this);
        }
    }
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let middle = len / 2;
    let holder = Holder::new(vm, 1);
    for lower in 0..middle {
        let upper = len - lower - 1;
        let lower_v = get_if_present(vm, o, lower)?;
        if let Some(v) = lower_v {
            holder.set(0, v);
        }
        let upper_v = get_if_present(vm, o, upper)?;
        match (lower_v.map(|_| holder.get(0)), upper_v) {
            (Some(l), Some(u)) => {
                set_index(vm, o, lower, u)?;
                set_index(vm, o, upper, l)?;
            }
            (None, Some(u)) => {
                set_index(vm, o, lower, u)?;
                delete_index(vm, o, upper)?;
            }
            (Some(l), None) => {
                delete_index(vm, o, lower)?;
                set_index(vm, o, upper, l)?;
            }
            (None, None) => {}
        }
    }
    Ok(Value::object(o))
}

/// 23.1.3.28 Array.prototype.slice(start, end).
fn array_slice(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let k = relative_index(vm, arg(args, 0), len)?;
    let end = arg(args, 1);
    let fin = if end.is_undefined() {
        len
    } else {
        relative_index(vm, end, len)?
    };
    let count = fin.saturating_sub(k);
    let (a, plain) = array_species_create(vm, o, count)?;
    if plain
        && o.is_array()
        && o.inner().sparse.is_none()
        && fin as usize <= o.inner().elements.len()
    {
        let src = &o.inner().elements[k as usize..fin.max(k) as usize];
        if !src.iter().any(|v| v.is_empty()) {
            let copy = src.to_vec();
            set_dense_elements(vm, a, copy);
            return Ok(Value::object(a));
        }
    }
    let mut n = 0;
    for i in k..fin {
        if let Some(v) = get_if_present(vm, o, i)? {
            create_index(vm, a, n, v)?;
        }
        n += 1;
    }
    set_length(vm, a, n)?;
    Ok(Value::object(a))
}

/// The skip count of splice/toSpliced.
fn skip_count(vm: &mut Vm, args: &[Value], len: u64, start: u64) -> JsResult<u64> {
    Ok(match args.len() {
        0 => 0,
        1 => len - start,
        _ => {
            let dc = vm.to_integer_or_infinity(args[1])?;
            dc.clamp(0.0, (len - start) as f64) as u64
        }
    })
}

/// 23.1.3.31 Array.prototype.splice(start, deleteCount, ...items).
fn array_splice(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let start = relative_index(vm, arg(args, 0), len)?;
    let items: &[Value] = if args.len() > 2 { &args[2..] } else { &[] };
    let item_count = items.len() as u64;
    let skip = skip_count(vm, args, len, start)?;
    if len + item_count - skip > MAX_SAFE_LENGTH {
        return Err(vm.type_error("Splice result length exceeds 2^53-1"));
    }
    let (a, plain) = array_species_create(vm, o, skip)?;
    // Fast path: a packed plain array spliced into a plain result.
    if plain
        && is_plain_dense_writable(o)
        && is_packed_array(o)
        && (len + item_count - skip) < u32::MAX as u64
    {
        for v in items {
            crate::heap::write_barrier(o, *v);
        }
        let removed: Vec<Value> = o
            .inner()
            .elements
            .splice(
                start as usize..(start + skip) as usize,
                items.iter().copied(),
            )
            .collect();
        vm.heap.note_growth(items.len() * 8);
        set_dense_elements(vm, a, removed);
        return Ok(Value::object(a));
    }
    for k in 0..skip {
        if let Some(v) = get_if_present(vm, o, start + k)? {
            create_index(vm, a, k, v)?;
        }
    }
    set_length(vm, a, skip)?;
    if item_count < skip {
        for k in start..len - skip {
            let from = k + skip;
            let to = k + item_count;
            match get_if_present(vm, o, from)? {
                Some(v) => set_index(vm, o, to, v)?,
                None => delete_index(vm, o, to)?,
            }
        }
        let mut k = len;
        while k > len - skip + item_count {
            delete_index(vm, o, k - 1)?;
            k -= 1;
        }
    } else if item_count > skip {
        let mut k = len - skip;
        while k > start {
            let from = k + skip - 1;
            let to = k + item_count - 1;
            match get_if_present(vm, o, from)? {
                Some(v) => set_index(vm, o, to, v)?,
                None => delete_index(vm, o, to)?,
            }
            k -= 1;
        }
    }
    for (i, v) in items.iter().enumerate() {
        set_index(vm, o, start + i as u64, *v)?;
    }
    set_length(vm, o, len - skip + item_count)?;
    Ok(Value::object(a))
}

/// 23.1.3.33 Array.prototype.toReversed().
fn array_to_reversed(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let a = array_create(vm, len, None)?;
    if is_packed_array(o) && o.array_length() as u64 == len {
        let mut v = o.inner().elements.clone();
        v.reverse();
        set_dense_elements(vm, a, v);
        return Ok(Value::object(a));
    }
    for k in 0..len {
        let v = get_index(vm, o, len - k - 1)?;
        create_index(vm, a, k, v)?;
    }
    Ok(Value::object(a))
}

/// 23.1.3.35 Array.prototype.toSpliced(start, skipCount, ...items).
fn array_to_spliced(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let start = relative_index(vm, arg(args, 0), len)?;
    let items: &[Value] = if args.len() > 2 { &args[2..] } else { &[] };
    let skip = skip_count(vm, args, len, start)?;
    let new_len = len + items.len() as u64 - skip;
    if new_len > MAX_SAFE_LENGTH {
        return Err(vm.type_error("toSpliced result length exceeds 2^53-1"));
    }
    let a = array_create(vm, new_len, None)?;
    let mut i = 0;
    while i < start {
        let v = get_index(vm, o, i)?;
        create_index(vm, a, i, v)?;
        i += 1;
    }
    for v in items {
        create_index(vm, a, i, *v)?;
        i += 1;
    }
    let mut r = start + skip;
    while i < new_len {
        let v = get_index(vm, o, r)?;
        create_index(vm, a, i, v)?;
        i += 1;
        r += 1;
    }
    Ok(Value::object(a))
}

/// 23.1.3.39 Array.prototype.with(index, value).
fn array_with(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let rel = vm.to_integer_or_infinity(arg(args, 0))?;
    let actual = if rel >= 0.0 { rel } else { len as f64 + rel };
    if actual >= len as f64 || actual < 0.0 {
        return Err(vm.range_error("Invalid index"));
    }
    let actual = actual as u64;
    let a = array_create(vm, len, None)?;
    let value = arg(args, 1);
    for k in 0..len {
        let v = if k == actual {
            value
        } else {
            get_index(vm, o, k)?
        };
        create_index(vm, a, k, v)?;
    }
    Ok(Value::object(a))
}

// ---------------------------------------------------------------------------------------------
// Conversions to string.

thread_local! {
    /// Arrays being joined (cycle detection: a nested occurrence joins as the empty string).
    static JOIN_STACK: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// Pops the join stack on every exit path.
struct JoinGuard;

impl Drop for JoinGuard {
    fn drop(&mut self) {
        JOIN_STACK.with(|s| s.borrow_mut().pop());
    }
}

/// Enters `o` into the join stack; None if it is already being joined (a cycle).
fn enter_join(o: Gc<JsObject>) -> Option<JoinGuard> {
    let addr = o.addr();
    JOIN_STACK.with(|s| {
        let mut s = s.borrow_mut();
        if s.contains(&addr) {
            return None;
        }
        s.push(addr);
        Some(JoinGuard)
    })
}

fn string_too_long(vm: &mut Vm) -> Value {
    vm.range_error("Invalid string length")
}

/// Appends the string form of a number, string or other primitive without allocating.
fn push_primitive(out: &mut Vec<u16>, v: Value) -> bool {
    if let Some(i) = v.as_int() {
        out.extend(i.to_string().encode_utf16());
    } else if let Some(n) = v.as_number() {
        out.extend(crate::value::number::to_js_string(n).encode_utf16());
    } else if let Some(s) = v.as_string() {
        s.push_units(out);
    } else if let Some(b) = v.as_bool() {
        out.extend(if b { "true" } else { "false" }.encode_utf16());
    } else {
        return false;
    }
    true
}

/// 23.1.3.18 Array.prototype.join(separator).
fn array_join(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    join_elements(vm, o, len, arg(args, 0))
}

/// The steps of Array.prototype.join after the length (shared with %TypedArray%.prototype.join).
pub(crate) fn join_elements(
    vm: &mut Vm,
    o: Gc<JsObject>,
    len: u64,
    sep_arg: Value,
) -> JsResult<Value> {
    let sep: Vec<u16> = if sep_arg.is_undefined() {
        vec![b',' as u16]
    } else {
        vm.to_string(sep_arg)?.to_units()
    };
    let Some(_guard) = enter_join(o) else {
        return Ok(vm.new_string(""));
    };
    let mut out: Vec<u16> = Vec::new();
    for k in 0..len {
        if k > 0 {
            out.extend_from_slice(&sep);
        }
        let e = get_index(vm, o, k)?;
        if !e.is_nullish() && !push_primitive(&mut out, e) {
            let s = vm.to_string(e)?;
            s.push_units(&mut out);
        }
        if out.len() > crate::MAX_STRING_LENGTH {
            return Err(string_too_long(vm));
        }
    }
    Ok(vm.alloc_js_string(JsString::from_units(&out)))
}

/// 23.1.3.36 Array.prototype.toString().
fn array_to_string(vm: &mut Vm, this: Value, _: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let func = vm.get_named(o, names::JOIN)?;
    if vm.is_callable(func) {
        return vm.call(func, Value::object(o), &[]);
    }
    // %Object.prototype.toString%, captured at start-up.
    let fallback = match ctx.callee.kind() {
        ObjectKind::Native(n) => n.captures.first().copied(),
        _ => None,
    };
    match fallback {
        Some(f) if vm.is_callable(f) => vm.call(f, Value::object(o), &[]),
        _ => {
            let tag = if o.is_array() {
                "Array"
            } else if o.is_callable() {
                "Function"
            } else {
                "Object"
            };
            Ok(vm.new_string(&format!("[object {tag}]")))
        }
    }
}

/// 23.1.3.32 Array.prototype.toLocaleString().
fn array_to_locale_string(vm: &mut Vm, this: Value, _: &[Value], _: NativeCtx) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    to_locale_string_elements(vm, o, len)
}

/// The steps of Array.prototype.toLocaleString after the length (shared with
/// %TypedArray%.prototype.toLocaleString).
pub(crate) fn to_locale_string_elements(vm: &mut Vm, o: Gc<JsObject>, len: u64) -> JsResult<Value> {
    let Some(_guard) = enter_join(o) else {
        return Ok(vm.new_string(""));
    };
    let key = vm.intern("toLocaleString");
    let mut out: Vec<u16> = Vec::new();
    for k in 0..len {
        if k > 0 {
            out.push(b',' as u16);
        }
        let e = get_index(vm, o, k)?;
        if !e.is_nullish() {
            let f = vm.get_v(e, Key::Named(key))?;
            let r = vm.call(f, e, &[])?;
            let s = vm.to_string(r)?;
            s.push_units(&mut out);
            if out.len() > crate::MAX_STRING_LENGTH {
                return Err(string_too_long(vm));
            }
        }
    }
    Ok(vm.alloc_js_string(JsString::from_units(&out)))
}

pub(super) fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    vm.define_method(proto, "at", 1, array_at);
    vm.define_method(proto, "concat", 1, array_concat);
    vm.define_method(proto, "copyWithin", 2, array_copy_within);
    vm.define_method(proto, "fill", 1, array_fill);
    vm.define_method(proto, "includes", 1, array_includes);
    vm.define_method(proto, "indexOf", 1, array_index_of);
    vm.define_method(proto, "join", 1, array_join);
    vm.define_method(proto, "lastIndexOf", 1, array_last_index_of);
    vm.define_method(proto, "pop", 0, array_pop);
    vm.define_method(proto, "push", 1, array_push);
    vm.define_method(proto, "reverse", 0, array_reverse);
    vm.define_method(proto, "shift", 0, array_shift);
    vm.define_method(proto, "slice", 2, array_slice);
    vm.define_method(proto, "splice", 2, array_splice);
    vm.define_method(proto, "toLocaleString", 0, array_to_locale_string);
    vm.define_method(proto, "toReversed", 0, array_to_reversed);
    vm.define_method(proto, "toSpliced", 2, array_to_spliced);
    vm.define_method(proto, "unshift", 1, array_unshift);
    vm.define_method(proto, "with", 2, array_with);
    // toString keeps %Object.prototype.toString% for arrays without a callable `join`.
    let op = vm.intrinsic(crate::vm::Intrinsic::ObjectPrototype);
    let obj_to_string = match vm.get_own_property(op, Key::Named(names::TO_STRING)) {
        Some(p) => p.value,
        None => Value::UNDEFINED,
    };
    let f = vm.new_native_closure("toString", 0, array_to_string, vec![obj_to_string], false);
    vm.define_value_property(
        proto,
        names::TO_STRING,
        Value::object(f),
        crate::object::attrs::HIDDEN,
    );
    let _ = has_index;
}
