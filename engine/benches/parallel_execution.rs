//! The isolate pool: N CPU-bound scripts on a 2-thread pool versus one after another on one
//! thread (the pool's speed-up is the ratio of the two).

use criterion::{criterion_group, criterion_main, Criterion};
use jetcrab_engine::runtime::{IsolatePool, Runtime, RuntimeOptions};

/// A CPU-bound script (about 100 ms in the interpreter), so runtime creation is noise.
const WORK: &str = "let s = 0; for (let i = 0; i < 3000000; i++) s = (s + i * i) % 1000003; s";
const JOBS: usize = 8;

fn parallel_execution(c: &mut Criterion) {
    let mut g = c.benchmark_group("parallel_execution");
    g.sample_size(10);
    g.bench_function("serial_8_scripts", |b| {
        b.iter(|| {
            for _ in 0..JOBS {
                Runtime::new(RuntimeOptions::default())
                    .execute(WORK)
                    .unwrap();
            }
        })
    });
    let pool = IsolatePool::new(2);
    g.bench_function("pool2_8_scripts", |b| {
        b.iter(|| {
            let tasks: Vec<_> = (0..JOBS).map(|_| pool.execute(WORK)).collect();
            for t in tasks {
                t.join().unwrap();
            }
        })
    });
    g.finish();
}

criterion_group!(benches, parallel_execution);
criterion_main!(benches);
