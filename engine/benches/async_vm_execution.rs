//! The runtime's event loop: promise chains, timers and async host functions, each through
//! `Runtime::execute` on a fresh runtime per iteration batch.

use criterion::{criterion_group, criterion_main, Criterion};
use jetcrab_engine::runtime::{HostValue, Runtime, RuntimeOptions};

fn async_vm_execution(c: &mut Criterion) {
    let mut g = c.benchmark_group("async_vm_execution");
    g.bench_function("await_chain_1000", |b| {
        let mut rt = Runtime::new(RuntimeOptions::default());
        b.iter(|| {
            rt.execute(
                "(async () => { let s = 0; for (let i = 0; i < 1000; i++) s += await i; return s; })()",
            )
            .unwrap()
        })
    });
    g.bench_function("timers_100_zero_delay", |b| {
        let mut rt = Runtime::new(RuntimeOptions::default());
        b.iter(|| {
            rt.execute(
                "new Promise(r => { let n = 0; for (let i = 0; i < 100; i++) setTimeout(() => { if (++n === 100) r(n); }, 0); })",
            )
            .unwrap()
        })
    });
    g.bench_function("async_host_fn_1000", |b| {
        let mut rt = Runtime::new(RuntimeOptions::default());
        rt.register_async_fn("echo", |args| {
            Box::pin(async move { Ok(args.into_iter().next().unwrap_or(HostValue::Undefined)) })
        });
        b.iter(|| {
            rt.execute(
                "Promise.all(Array.from({ length: 1000 }, (_, i) => echo(i))).then(a => a.length)",
            )
            .unwrap()
        })
    });
    g.bench_function("runtime_new", |b| {
        b.iter(|| Runtime::new(RuntimeOptions::default()))
    });
    g.finish();
}

criterion_group!(benches, async_vm_execution);
criterion_main!(benches);
