//! Prints the isolate pool's speed-up: N CPU-bound scripts one after another on this thread,
//! then on pools of 1 and 2 threads. `cargo run --release -p jetcrab-engine --example pool_speedup`

use jetcrab_engine::runtime::{IsolatePool, Runtime, RuntimeOptions};
use std::time::Instant;

const WORK: &str = "let s = 0; for (let i = 0; i < 3000000; i++) s = (s + i * i) % 1000003; s";
const JOBS: usize = 8;

fn main() {
    let t = Instant::now();
    for _ in 0..JOBS {
        Runtime::new(RuntimeOptions::default())
            .execute(WORK)
            .unwrap();
    }
    let serial = t.elapsed().as_secs_f64();
    println!("serial, this thread: {serial:.3} s");
    for threads in [1, 2] {
        let pool = IsolatePool::new(threads);
        let t = Instant::now();
        let tasks: Vec<_> = (0..JOBS).map(|_| pool.execute(WORK)).collect();
        for task in tasks {
            task.join().unwrap();
        }
        let s = t.elapsed().as_secs_f64();
        println!("pool of {threads}: {s:.3} s (speed-up {:.2}x)", serial / s);
    }
}
