//! Unit tests of the page allocator and the collector, driven directly (no VM).

use super::gc::{check_ref, GcBox, Heap, HeapKind, POISON};
use super::page::{Page, LIVE_PAGES, PAGE_SIZE};
use super::trace::Expect;
use super::{Gc, Trace, Tracer};
use crate::object::{JsObject, ObjectData, ObjectKind};
use crate::string::JsString;
use crate::symbol::JsSymbol;
use crate::value::Value;
use rustc_hash::FxHashSet;
use std::cell::Cell;
use std::mem::size_of;
use std::rc::Rc;

/// A full cycle with `roots` as the only roots.
fn collect(heap: &mut Heap, roots: &[Value]) {
    let mut t = heap.begin_mark("test");
    t.values(roots);
    heap.mark(&mut t);
    heap.sweep();
}

fn string(heap: &mut Heap, s: &str) -> Gc<JsString> {
    heap.alloc(JsString::from_str(s))
}

/// Cells of one kind per page.
fn per_page<T>() -> usize {
    (PAGE_SIZE - 64) / size_of::<GcBox<T>>()
}

#[test]
fn freed_cells_are_reused() {
    let mut heap = Heap::new(false, true);
    let first: FxHashSet<usize> = (0..100)
        .map(|i| string(&mut heap, &format!("a{i}")).addr())
        .collect();
    collect(&mut heap, &[]);
    let stats = heap.stats();
    let last = stats.last.unwrap();
    assert_eq!((last.objects_freed, last.objects_live), (100, 0));
    assert_eq!((stats.objects, stats.bytes_allocated), (0, 0));
    assert_eq!(stats.pages, 1, "the emptied page is kept as the spare");
    let second: FxHashSet<usize> = (0..100)
        .map(|i| string(&mut heap, &format!("b{i}")).addr())
        .collect();
    assert_eq!(first, second, "the allocator reuses the freed cells");
    assert_eq!(heap.stats().pages, 1);
}

#[test]
fn survivors_keep_their_values() {
    let mut heap = Heap::new(false, true);
    let all: Vec<Gc<JsString>> = (0..1000)
        .map(|i| string(&mut heap, &format!("s{i}")))
        .collect();
    let desc = string(&mut heap, "desc");
    let sym = heap.alloc(JsSymbol {
        description: Value::string(desc),
        key: Default::default(),
        registered: false,
        private: false,
    });
    let mut roots: Vec<Value> = all.iter().step_by(3).map(|&g| Value::string(g)).collect();
    roots.push(Value::symbol(sym));
    collect(&mut heap, &roots);
    let last = heap.stats().last.unwrap();
    assert_eq!(
        last.objects_live,
        334 + 2,
        "rooted strings, the symbol and its description"
    );
    assert_eq!(last.objects_freed, 666);
    for (i, g) in all.iter().enumerate().step_by(3) {
        assert!(g.eq_str(&format!("s{i}")));
    }
    assert!(desc.eq_str("desc"));
    // New strings fill the holes without disturbing the survivors.
    for i in 0..2000 {
        string(&mut heap, &format!("t{i}"));
    }
    for (i, g) in all.iter().enumerate().step_by(3) {
        assert!(g.eq_str(&format!("s{i}")));
    }
    heap.verify_heap("test");
}

#[test]
fn empty_pages_are_released() {
    let pages_before = LIVE_PAGES.with(Cell::get);
    let mut heap = Heap::new(false, true);
    let n = per_page::<JsString>() * 10;
    let strings: Vec<Gc<JsString>> = (0..n).map(|i| string(&mut heap, &i.to_string())).collect();
    let stats = heap.stats();
    let pages_mapped = stats.pages;
    assert!(pages_mapped >= 10, "{pages_mapped} pages");
    assert_eq!(stats.committed_bytes, stats.pages * PAGE_SIZE);
    // Keep one string alive. The cycle filled `pages_mapped` empty pages, so the emptied ones
    // stay as spares for the next cycle.
    let keep = *strings.last().unwrap();
    collect(&mut heap, &[Value::string(keep)]);
    assert_eq!(heap.stats().pages, pages_mapped);
    assert_eq!(heap.stats().last.unwrap().pages_released, 0);
    // A cycle that needed no fresh page keeps one spare: the keeper's page plus one remain.
    collect(&mut heap, &[Value::string(keep)]);
    let stats = heap.stats();
    assert_eq!(stats.pages, 2);
    assert_eq!(stats.committed_bytes, 2 * PAGE_SIZE);
    let last = stats.last.unwrap();
    assert_eq!(last.pages, 2);
    assert_eq!(last.pages_released, pages_mapped - 2);
    assert!(last.heap_size >= 2 * PAGE_SIZE);
    assert_eq!(LIVE_PAGES.with(Cell::get) - pages_before, 2);
    assert!(keep.eq_str(&(n - 1).to_string()));
    // Filling up again maps pages again.
    for i in 0..n {
        string(&mut heap, &i.to_string());
    }
    assert!(heap.stats().pages >= 10);
    heap.verify_heap("test");
    drop(heap);
    assert_eq!(LIVE_PAGES.with(Cell::get), pages_before);
}

/// Object data that counts its drops.
struct Counted(Rc<Cell<usize>>);
impl Trace for Counted {
    fn trace(&self, _: &mut Tracer) {}
}
impl ObjectData for Counted {
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}
impl Drop for Counted {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

#[test]
fn sweep_and_heap_drop_run_destructors() {
    let pages_before = LIVE_PAGES.with(Cell::get);
    let drops = Rc::new(Cell::new(0));
    let mut heap = Heap::new(false, true);
    let n = per_page::<JsObject>() * 3;
    let objects: Vec<Gc<JsObject>> = (0..n)
        .map(|_| {
            let data = Box::new(Counted(drops.clone()));
            heap.alloc(JsObject::new(None, ObjectKind::Data(data), 0))
        })
        .collect();
    let roots: Vec<Value> = objects
        .iter()
        .step_by(2)
        .map(|&o| Value::object(o))
        .collect();
    collect(&mut heap, &roots);
    assert_eq!(
        drops.get(),
        n - roots.len(),
        "dead cells are dropped by the sweep"
    );
    drop(heap);
    assert_eq!(drops.get(), n, "live cells are dropped with the heap");
    assert_eq!(
        LIVE_PAGES.with(Cell::get),
        pages_before,
        "every page is unmapped"
    );
}

#[test]
fn check_ref_rejects_bogus_pointers() {
    let mut heap = Heap::new(false, false);
    let s = string(&mut heap, "live");
    let dead = string(&mut heap, "dead");
    let s2 = string(&mut heap, "live too");
    let dead_top = string(&mut heap, "dead, trimmed");
    let obj = heap.alloc(JsObject::new(None, ObjectKind::Ordinary, 0));
    let roots = [Value::string(s), Value::string(s2), Value::object(obj)];
    collect(&mut heap, &roots);
    let pages = heap.page_set();
    let string_kind = Expect::Kind(HeapKind::String);
    assert_eq!(check_ref(&pages, s.addr(), string_kind), Ok(()));
    assert_eq!(
        check_ref(
            &pages,
            s.addr(),
            Expect::CellSize(size_of::<GcBox<JsString>>())
        ),
        Ok(())
    );
    assert_eq!(
        check_ref(&pages, obj.addr(), Expect::Kind(HeapKind::Object)),
        Ok(())
    );
    let local = 0u64;
    assert_eq!(
        check_ref(&pages, &local as *const u64 as usize, string_kind),
        Err("memory outside the heap's pages")
    );
    assert_eq!(
        check_ref(&pages, s.addr() + 8, string_kind),
        Err("an address inside a page that is not the start of a cell")
    );
    assert_eq!(
        check_ref(&pages, Page::base_of(s.addr()), string_kind),
        Err("an address inside a page that is not the start of a cell")
    );
    assert_eq!(
        check_ref(&pages, dead.addr(), string_kind),
        Err("a free cell")
    );
    assert_eq!(
        check_ref(&pages, dead_top.addr(), string_kind),
        Err("a free cell")
    );
    assert_eq!(
        check_ref(&pages, s.addr(), Expect::Kind(HeapKind::Object)),
        Err("a cell of another kind")
    );
    assert_eq!(
        check_ref(
            &pages,
            s.addr(),
            Expect::CellSize(size_of::<GcBox<JsObject>>())
        ),
        Err("a cell of another type")
    );
}

#[test]
#[should_panic(expected = "a Symbol cell references a free cell")]
fn verify_catches_a_dangling_reference() {
    let mut heap = Heap::new(false, true);
    let s = string(&mut heap, "gone");
    collect(&mut heap, &[]);
    // A symbol (another space, so the string's cell stays free) pointing at the freed string.
    heap.alloc(JsSymbol {
        description: Value::string(s),
        key: Default::default(),
        registered: false,
        private: false,
    });
    heap.verify_heap("test");
}

#[test]
#[should_panic(expected = "a root references a cell of another kind")]
fn verify_checks_roots() {
    let mut heap = Heap::new(false, true);
    let s = string(&mut heap, "not an object");
    // SAFETY: deliberately wrong (a string cell typed as an object) to see verify catch it; the
    // collector never dereferences it as an object because the check panics first.
    let bogus: Gc<JsObject> = unsafe { Gc::from_addr(s.addr()) };
    collect(&mut heap, &[Value::object(bogus)]);
}

#[test]
fn verify_mode_poisons_dead_cells() {
    for verify in [false, true] {
        let mut heap = Heap::new(false, verify);
        let dead = string(&mut heap, "dead");
        let kept = string(&mut heap, "kept");
        collect(&mut heap, &[Value::string(kept)]);
        // The dead cell is on the free list: header and link first (16 bytes), then the rest.
        let size = size_of::<GcBox<JsString>>();
        assert!(size > 16);
        // SAFETY: the cell lies in a page the heap still owns; only its bytes are read.
        let rest =
            unsafe { std::slice::from_raw_parts((dead.addr() + 16) as *const u8, size - 16) };
        assert_eq!(rest.iter().all(|&b| b == POISON), verify);
        assert!(kept.eq_str("kept"));
    }
}
