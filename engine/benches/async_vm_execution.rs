//! The runtime's event loop: promise chains, timers and async host functions, each through
//! `Runtime::execute` on a fresh runtime per iteration batch.

use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion};
use jetcrab_engine::runtime::{HostValue, Runtime, RuntimeOptions};

/// Benchmarks `rt.execute(source)` under `name`.
fn bench_execute(g: &mut BenchmarkGroup<'_, WallTime>, name: &str, mut rt: Runtime, source: &str) {
    g.bench_function(name, |b| b.iter(|| rt.execute(source).unwrap()));
}

fn async_vm_execution(c: &mut Criterion) {
    let mut g = c.benchmark_group("async_vm_execution");
    let new = || Runtime::new(RuntimeOptions::default());
    bench_execute(
        &mut g,
        "await_chain_1000",
        new(),
        "(async () => { let s = 0; for (let i = 0; i < 1000; i++) s += await i; return s; })()",
    );
    bench_execute(
        &mut g,
        "timers_100_zero_delay",
        new(),
        "new Promise(r => { let n = 0; for (let i = 0; i < 100; i++) setTimeout(() => { if (++n === 100) r(n); }, 0); })",
    );
    let mut rt = new();
    rt.register_async_fn("echo", |args| {
        Box::pin(async move { Ok(args.into_iter().next().unwrap_or(HostValue::Undefined)) })
    });
    bench_execute(
        &mut g,
        "async_host_fn_1000",
        rt,
        "Promise.all(Array.from({ length: 1000 }, (_, i) => echo(i))).then(a => a.length)",
    );
    g.bench_function("runtime_new", |b| b.iter(new));
    g.finish();
}

criterion_group!(benches, async_vm_execution);
criterion_main!(benches);
