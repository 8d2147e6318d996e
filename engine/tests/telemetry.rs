//! The telemetry stream and the sampling profiler, end to end: GC events agree with
//! `Heap::stats()`, a subscriber that never reads cannot slow the script down, and a hot
//! function dominates its profile.

mod common;

use jetcrab_engine::profiler::{Profile, ProfilerOptions};
use jetcrab_engine::telemetry::{
    Event, Record, RecvError, Subscription, Telemetry, TelemetryOptions,
};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Allocates about 100 MB in short-lived objects: a dozen collections or more.
const GC_HEAVY: &str = "
    let keep = [];
    for (let round = 0; round < 40; round++) {
        let list = null;
        for (let i = 0; i < 20000; i++) list = { i, next: list, s: 'item' + i };
        keep.push(list.i);
    }
    keep.length;
";

/// Calls `hot` 95 % and `cold` 5 % of the time for 400 ms.
const HOT_COLD: &str = include_str!("fixtures/hotcold.js");

/// Every record until the hub closes (lags are returned as such).
fn drain(sub: &mut Subscription) -> (Vec<Arc<Record>>, u64) {
    let mut records = Vec::new();
    let mut lagged = 0;
    loop {
        match sub.blocking_recv() {
            Ok(r) => records.push(r),
            Err(RecvError::Lagged(n)) => lagged += n,
            Err(RecvError::Closed) => return (records, lagged),
        }
    }
}

/// How many `sample` records.
fn count_samples(records: &[Arc<Record>]) -> usize {
    records
        .iter()
        .filter(|r| matches!(r.event, Event::Sample(_)))
        .count()
}

#[test]
fn gc_events_match_heap_stats() {
    let hub = Telemetry::new(TelemetryOptions::default());
    let mut sub = hub.subscribe();
    let (mut rt, _) = common::collecting_runtime(false);
    rt.engine().set_telemetry(hub.sink());
    rt.run_main(GC_HEAVY, "gc.js").unwrap();
    rt.engine().collect_garbage();
    let stats = rt.engine().heap_stats();
    drop(rt);
    hub.shutdown();
    let (records, lagged) = drain(&mut sub);
    assert_eq!(lagged, 0);
    let ends: Vec<_> = records
        .iter()
        .filter_map(|r| match &r.event {
            Event::GcEnd(e) => Some(e.clone()),
            _ => None,
        })
        .collect();
    let starts = records
        .iter()
        .filter(|r| matches!(r.event, Event::GcStart(_)))
        .count();
    assert!(stats.collections >= 5, "{} collections", stats.collections);
    assert_eq!(ends.len() as u64, stats.collections);
    assert_eq!(starts as u64, stats.collections);
    let total: u64 = ends.iter().map(|e| e.pause_ns).sum();
    assert_eq!(total, stats.total_pause.as_nanos() as u64);
    let max = ends.iter().map(|e| e.pause_ns).max().unwrap();
    assert_eq!(max, stats.max_pause.as_nanos() as u64);
    let last = stats.last.unwrap();
    let end = ends.last().unwrap();
    assert_eq!(end.pause_ns, last.pause.as_nanos() as u64);
    assert_eq!((end.cycle, end.reason.as_str()), (last.id, "explicit"));
    assert_eq!(end.bytes_after, last.bytes_after as u64);
    assert!(ends.iter().all(|e| e.mark_ns + e.sweep_ns <= e.pause_ns));
    // Records are numbered without gaps.
    for (i, r) in records.iter().enumerate() {
        assert_eq!(r.seq, i as u64);
    }
}

#[test]
fn stalled_subscriber_never_blocks_the_script() {
    let hub = Telemetry::new(TelemetryOptions {
        capacity: 8,
        subscriber_capacity: 8,
        aggregate_interval: Duration::from_millis(10),
        ..TelemetryOptions::default()
    });
    // Subscribed, never read while the script runs.
    let mut stalled = hub.subscribe();
    let sink = hub.sink();
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let (mut rt, _) = common::collecting_runtime(false);
        rt.engine().set_telemetry(sink);
        // Samples every 100 µs on top of the GC events: far more than the stream holds.
        rt.engine().start_profiler(ProfilerOptions {
            interval: Duration::from_micros(100),
        });
        let started = Instant::now();
        rt.run_main(GC_HEAVY, "gc.js").unwrap();
        let profile = rt.engine().stop_profiler().unwrap();
        let collections = rt.engine().heap_stats().collections;
        done_tx
            .send((started.elapsed(), profile.samples.len(), collections))
            .unwrap();
    });
    let (elapsed, samples, collections) = done_rx
        .recv_timeout(Duration::from_secs(120))
        .expect("the script finishes while its subscriber is stalled");
    assert!(collections >= 5 && samples > 0);
    hub.shutdown();
    let (records, lagged) = drain(&mut stalled);
    // The subscriber was told what it missed; what it still holds is at most its capacity.
    assert!(lagged > 0, "no lag reported ({} records)", records.len());
    assert!(records.len() <= 8, "{} records", records.len());
    eprintln!("GC-heavy script with a stalled subscriber: {elapsed:?}, {lagged} records missed");
}

fn hot_share(p: &Profile) -> (usize, usize) {
    let self_of = |name| {
        p.functions_named(name)
            .map(|f| p.self_samples(f))
            .sum::<usize>()
    };
    let js: usize = p
        .samples
        .iter()
        .filter(|s| {
            let leaf = *s.stack.last().unwrap() as usize;
            p.functions[leaf].kind == jetcrab_engine::telemetry::FrameKind::Js
        })
        .count();
    (self_of("hot"), js)
}

#[test]
fn hot_function_gets_most_self_samples() {
    let (mut rt, _) = common::collecting_runtime(false);
    rt.engine().start_profiler(ProfilerOptions::default());
    rt.run_main(HOT_COLD, "hotcold.js").unwrap();
    let p = rt.engine().stop_profiler().unwrap();
    let (hot, js) = hot_share(&p);
    assert!(js >= 50, "only {js} JS samples in {} µs", p.duration_us);
    assert!(hot * 100 >= js * 80, "hot has {hot} of {js} self samples");
    // Times are ordered and within the recording; every id is known.
    assert!(p.samples.windows(2).all(|w| w[0].time_us <= w[1].time_us));
    assert!(p.samples.iter().all(|s| s.time_us <= p.duration_us));
    let hot_id = p.functions_named("hot").next().unwrap();
    let info = &p.functions[hot_id as usize];
    assert_eq!(
        (info.url.as_str(), info.line, info.column),
        ("hotcold.js", 0, 0)
    );
    // The leaf line of `hot` samples is inside `hot`.
    assert!(p
        .samples
        .iter()
        .filter(|s| s.stack.last() == Some(&hot_id))
        .all(|s| s.line == 1));
}

#[test]
fn builtins_idle_and_gc_appear_as_frames() {
    let (mut rt, _) = common::collecting_runtime(false);
    rt.engine().start_profiler(ProfilerOptions::default());
    let src = "
        function sorter() {
            const a = [];
            for (let i = 0; i < 50000; i++) a.push((i * 7919) % 10007);
            a.sort();
            return a.length;
        }
        const start = performance.now();
        while (performance.now() - start < 300) sorter();
        eval(GC_HEAVY);
        setTimeout(() => setTimeout(() => {}, 150), 0);
    "
    .replace("GC_HEAVY", &format!("{GC_HEAVY:?}"));
    rt.run_main(&src, "frames.js").unwrap();
    let p = rt.engine().stop_profiler().unwrap();
    let leaf = |name: &str| {
        p.functions_named(name)
            .map(|f| p.self_samples(f))
            .sum::<usize>()
    };
    assert!(leaf("sort") > 0, "no sample inside Array.prototype.sort");
    assert!(leaf("(idle)") > 20, "{} idle samples", leaf("(idle)"));
    assert!(leaf("(garbage collector)") > 0, "no GC samples");
    // A builtin sits between its caller and nothing: `sorter` → `sort`.
    let sort = p.functions_named("sort").next().unwrap();
    let sorter = p.functions_named("sorter").next().unwrap();
    assert!(p
        .samples
        .iter()
        .filter(|s| s.stack.last() == Some(&sort))
        .all(|s| s.stack.len() >= 2 && s.stack[s.stack.len() - 2] == sorter));
}

#[test]
fn profiler_and_telemetry_detach_cleanly() {
    let hub = Telemetry::new(TelemetryOptions::default());
    let mut sub = hub.subscribe();
    let (mut rt, _) = common::collecting_runtime(false);
    rt.engine().set_telemetry(hub.sink());
    rt.engine().start_profiler(ProfilerOptions::default());
    rt.run_main(HOT_COLD, "hotcold.js").unwrap();
    let p = rt.engine().stop_profiler().unwrap();
    assert!(rt.engine().stop_profiler().is_none());
    drop(rt);
    hub.shutdown();
    let (records, _) = drain(&mut sub);
    let samples = count_samples(&records);
    assert_eq!(samples, p.samples.len());
    let aggregate = records
        .iter()
        .rev()
        .find_map(|r| match &r.event {
            Event::ProfileAggregate(a) => Some(a.clone()),
            _ => None,
        })
        .expect("a profile aggregate");
    assert_eq!(aggregate.total.samples, samples as u64);
    assert_eq!(aggregate.total.top_self[0].name, "hot");
    // The scans accumulate the functions they found on the stack, so the last record is the
    // complete view (an early one may predate `hot`'s first appearance at a scan).
    let candidates = records.iter().rev().find_map(|r| match &r.event {
        Event::TierUpCandidates(c) => Some(c.clone()),
        _ => None,
    });
    let hot = p.functions_named("hot").next().unwrap();
    assert_eq!(
        candidates.expect("tier-up candidates").functions[0].function,
        hot
    );
    // Every record survives a JSON round trip.
    for r in &records {
        let json = serde_json::to_string(&**r).unwrap();
        assert_eq!(&serde_json::from_str::<Record>(&json).unwrap(), &**r);
    }
}

/// Stream sampling publishes without recording, and a recording made meanwhile holds only its
/// own span's samples.
#[test]
fn stream_sampling_publishes_without_recording() {
    let hub = Telemetry::new(TelemetryOptions::default());
    let mut sub = hub.subscribe();
    let (mut rt, _) = common::collecting_runtime(false);
    rt.engine().set_telemetry(hub.sink());
    rt.engine()
        .set_stream_sampling(Some(Duration::from_millis(1)));
    // In a block: the three runs share one global scope.
    let hot_cold = format!("{{\n{HOT_COLD}\n}}");
    rt.run_main(&hot_cold, "hotcold.js").unwrap();
    assert!(
        rt.engine().stop_profiler().is_none(),
        "nothing was recorded"
    );
    rt.engine().start_profiler(ProfilerOptions::default());
    rt.run_main(&hot_cold, "hotcold2.js").unwrap();
    let p = rt.engine().stop_profiler().unwrap();
    // Streaming goes on after the recording stops.
    rt.run_main(&hot_cold, "hotcold3.js").unwrap();
    rt.engine().set_stream_sampling(None);
    drop(rt);
    hub.shutdown();
    let (records, _) = drain(&mut sub);
    let samples = count_samples(&records);
    let (hot, js) = hot_share(&p);
    assert!(js >= 50 && hot * 100 >= js * 80, "{hot} of {js}");
    // Three runs of 400 ms were streamed, one recorded.
    assert!(
        samples >= p.samples.len() + 200,
        "{samples} streamed, {} recorded",
        p.samples.len()
    );
}

#[test]
fn a_full_stream_drops_and_reports_instead_of_blocking() {
    let hub = Telemetry::new(TelemetryOptions {
        capacity: 1,
        ..TelemetryOptions::default()
    });
    let mut sub = hub.subscribe();
    let sink = hub.sink();
    let started = Instant::now();
    for i in 0..100_000u64 {
        sink.emit(Event::Sample(jetcrab_engine::telemetry::Sample {
            time_us: i,
            stack: Vec::new(),
            line: 0,
        }));
    }
    // 100,000 non-blocking sends into a one-slot channel.
    assert!(started.elapsed() < Duration::from_secs(10));
    let dropped = sink.dropped();
    assert!(dropped > 0);
    hub.shutdown();
    let mut last_report = None;
    let mut seq = 0;
    loop {
        match sub.blocking_recv() {
            Ok(r) => {
                assert!(r.seq >= seq);
                seq = r.seq + 1;
                if let Event::Dropped(d) = &r.event {
                    last_report = Some(d.total);
                }
            }
            Err(RecvError::Lagged(_)) => {}
            Err(RecvError::Closed) => break,
        }
    }
    // The aggregator's last word is the producer's count.
    assert_eq!(last_report, Some(dropped));
}

/// A worker's engine publishes into its parent's stream: its GC and event-loop records carry
/// its number (`worker`, and `thread: "worker-<n>"`), the main thread's carry none, and the
/// worker announces no function ids (they would collide with the main thread's).
#[test]
fn workers_publish_tagged_gc_and_loop_records() {
    let dir = std::env::temp_dir().join(format!("jetcrab-telemetry-worker-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let worker = dir.join("w.js");
    // Garbage in timer-separated chunks, so that the worker's loop also sleeps and wakes.
    std::fs::write(
        &worker,
        "let n = 0;
         const tick = () => {
           let list = null;
           for (let i = 0; i < 60000; i++) list = { i, next: list, s: 'item' + i };
           if (++n < 12) setTimeout(tick, 30); else postMessage('done');
         };
         setTimeout(tick, 30);",
    )
    .unwrap();
    let hub = Telemetry::new(TelemetryOptions::default());
    let mut sub = hub.subscribe();
    let (mut rt, out) = common::collecting_runtime(false);
    rt.engine().set_telemetry(hub.sink());
    let main = format!(
        "const w = new Worker({:?}); w.onmessage = (e) => {{ console.log(e.data); w.terminate(); }};",
        worker.display().to_string()
    );
    rt.run_main(&main, "main.js").unwrap();
    drop(rt);
    hub.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.lock().unwrap().trim(), "done");
    let (records, _) = drain(&mut sub);
    let worker_gc: Vec<_> = records
        .iter()
        .filter(|r| r.worker != 0 && matches!(r.event, Event::GcEnd(_)))
        .collect();
    assert!(
        worker_gc.len() >= 5,
        "{} worker collections",
        worker_gc.len()
    );
    let id = worker_gc[0].worker;
    assert!(worker_gc.iter().all(|r| r.worker == id));
    let loops: Vec<_> = records
        .iter()
        .filter_map(|r| match &r.event {
            Event::EventLoop(l) => Some((r.worker, l.thread.clone())),
            _ => None,
        })
        .collect();
    assert!(loops.contains(&(id, format!("worker-{id}"))), "{loops:?}");
    assert!(loops.contains(&(0, "main".to_string())), "{loops:?}");
    assert!(records
        .iter()
        .filter(|r| matches!(r.event, Event::Function(_) | Event::TierUpCandidates(_)))
        .all(|r| r.worker == 0));
    // The main thread's records serialize without the field, as before workers were tagged.
    let main_gc = records
        .iter()
        .find(|r| r.worker == 0 && matches!(r.event, Event::EventLoop(_)));
    let json = serde_json::to_string(main_gc.unwrap().as_ref()).unwrap();
    assert!(!json.contains("\"worker\""), "{json}");
    let json = serde_json::to_string(worker_gc[0].as_ref()).unwrap();
    assert!(json.contains(&format!("\"worker\":{id}")), "{json}");
}
