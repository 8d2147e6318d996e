//! The runtime: event loop exits, uncaught errors, `process.exit`, async files, host functions,
//! workers, the isolate pool and termination.

mod common;

use jetcrab_engine::runtime::{fs, Exit, HostError, HostValue, IsolatePool, Runtime};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// A runtime whose console output is collected, with the fs namespace on the global `fs`.
fn runtime() -> (Runtime, Arc<Mutex<String>>) {
    let (mut rt, out) = common::collecting_runtime(false);
    rt.set_global_namespace("fs", fs::namespace);
    (rt, out)
}

fn run(source: &str) -> (Result<Exit, jetcrab_engine::JsError>, String) {
    let (mut rt, out) = runtime();
    let r = rt.run_main(source, "test.js");
    let s = out.lock().unwrap().clone();
    (r, s)
}

/// A fresh directory under the system temp dir.
fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("jetcrab-rt-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn error_in_timer_is_uncaught_and_stops_the_loop() {
    let (r, out) = run("setTimeout(() => { throw new TypeError('boom'); }, 1);\n\
         setTimeout(() => console.log('later'), 50);");
    let e = r.unwrap_err();
    assert_eq!(e.name, "TypeError");
    assert!(
        e.report.starts_with("Uncaught TypeError: boom"),
        "{}",
        e.report
    );
    assert_eq!(out, "");
}

#[test]
fn unhandled_rejection_is_fatal() {
    let (r, out) = run("Promise.reject(new Error('nope')); setTimeout(() => console.log('x'), 5);");
    let e = r.unwrap_err();
    assert!(e.report.contains("Error: nope"), "{}", e.report);
    assert_eq!(out, "");
    // Handled later in the same turn is fine.
    let (r, out) = run("const p = Promise.reject(1); p.catch(v => console.log('caught', v));");
    assert_eq!(r.unwrap().code(), 0);
    assert_eq!(out, "caught 1\n");
    // A reason that is not an Error is reported as Node's UnhandledPromiseRejection.
    for (reason, shown) in [("1", "1"), ("{}", "#<Object>"), ("[1]", "[object Array]")] {
        let e = run(&format!("Promise.reject({reason});")).0.unwrap_err();
        assert_eq!(e.name, "UnhandledPromiseRejection");
        let expected = format!("The promise rejected with the reason \"{shown}\".");
        assert!(e.report.contains(&expected), "{}", e.report);
        assert!(e.report.contains("ERR_UNHANDLED_REJECTION"), "{}", e.report);
    }
}

#[test]
fn process_exit_and_exit_code() {
    let (r, out) = run(
        "setTimeout(() => { console.log('a'); process.exit(3); console.log('b'); }, 1);\n\
         setTimeout(() => console.log('c'), 30);",
    );
    assert_eq!(r.unwrap().code(), 3);
    assert_eq!(out, "a\n");
    let (r, _) = run("process.exitCode = 7;");
    assert_eq!(r.unwrap().code(), 7);
    let (r, _) = run("try { process.exit(4); } finally { console.log('not run'); }");
    assert_eq!(r.unwrap().code(), 4);
}

#[test]
fn fs_round_trip() {
    let dir = temp_dir("fs");
    let d = dir.display().to_string();
    let src = format!(
        r#"
        const dir = {d:?};
        (async () => {{
          await fs.mkdir(dir + '/a/b', {{ recursive: true }});
          await fs.writeFile(dir + '/a/b/f.txt', 'héllo');
          await fs.appendFile(dir + '/a/b/f.txt', ' world');
          console.log(await fs.readFile(dir + '/a/b/f.txt', 'utf8'));
          console.log((await fs.readFile(dir + '/a/b/f.txt', {{ encoding: 'utf-8' }})).length);
          console.log((await fs.readFile(dir + '/a/b/f.txt')).slice(0, 3).join(','));
          const st = await fs.stat(dir + '/a/b/f.txt');
          console.log(st.isFile(), st.isDirectory(), st.size, st.mtimeMs > 0);
          console.log((await fs.stat(dir + '/a')).isDirectory());
          await fs.writeFile(dir + '/a/z.txt', 'z');
          console.log((await fs.readdir(dir + '/a')).join(','));
          await fs.rename(dir + '/a/z.txt', dir + '/a/y.txt');
          console.log((await fs.readdir(dir + '/a')).join(','));
          await Promise.all([1, 2, 3].map(i => fs.writeFile(dir + '/p' + i, String(i))));
          const all = await Promise.all([1, 2, 3].map(i => fs.readFile(dir + '/p' + i, 'utf8')));
          console.log(all.join(''));
          try {{ await fs.rm(dir + '/a'); }} catch (e) {{ console.log(e.code); }}
          await fs.rm(dir + '/a', {{ recursive: true }});
          await fs.rm(dir + '/a', {{ force: true }});
          console.log((await fs.readdir(dir)).join(','));
        }})();
        "#
    );
    let (r, out) = run(&src);
    r.unwrap();
    assert_eq!(
        out,
        "héllo world\n11\n104,195,169\ntrue false 12 true\ntrue\nb,z.txt\nb,y.txt\n123\nEISDIR\np1,p2,p3\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn fs_missing_file_is_enoent_like_node() {
    let dir = temp_dir("enoent");
    let missing = dir.join("missing.txt").display().to_string();
    let src = format!(
        r#"
        fs.readFile({missing:?}, 'utf8').catch(e => {{
          console.log(e instanceof Error, e.message);
          console.log(e.code, e.errno, e.syscall, e.path === {missing:?});
        }});
        fs.stat({missing:?}).catch(e => console.log(e.message));
        fs.rename({missing:?}, 'x').catch(e => console.log(e.message));
        "#
    );
    let (r, out) = run(&src);
    r.unwrap();
    let mut lines: Vec<&str> = out.lines().collect();
    lines.sort();
    let mut expected = vec![
        "true ENOENT: no such file or directory, open '".to_string() + &missing + "'",
        "ENOENT -2 open true".to_string(),
        "ENOENT: no such file or directory, stat '".to_string() + &missing + "'",
        "ENOENT: no such file or directory, rename '".to_string() + &missing + "' -> 'x'",
    ];
    expected.sort();
    assert_eq!(lines, expected);
    // A rejection nobody handles is fatal, with the Node-style message.
    let (r, _) = run(&format!("fs.readFile({missing:?});"));
    let e = r.unwrap_err();
    assert!(
        e.report.contains("ENOENT: no such file or directory, open"),
        "{}",
        e.report
    );
    // Bad arguments throw synchronously instead of panicking.
    let (r, _) = run("fs.readFile(42);");
    assert!(r.unwrap_err().report.contains("must be of type string"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn host_functions_sync_and_async() {
    let (mut rt, _) = runtime();
    rt.register_fn("add", |args| {
        Ok(HostValue::Number(
            args.iter().filter_map(HostValue::as_number).sum(),
        ))
    });
    rt.register_fn("fail", |_| Err(HostError::Type("bad input".into())));
    rt.register_async_fn("delayed", |args| {
        Box::pin(async move {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            match args.first() {
                Some(HostValue::String(s)) => Ok(HostValue::String(s.to_uppercase())),
                _ => Err(HostError::Message("expected a string".into())),
            }
        })
    });
    assert_eq!(
        rt.execute("add(1, 2, 3.5)").unwrap(),
        HostValue::Number(6.5)
    );
    let e = rt.execute("fail()").unwrap_err();
    assert_eq!(e.name, "TypeError");
    assert_eq!(
        rt.execute("delayed('abc').then(s => s + '!')").unwrap(),
        HostValue::from("ABC!")
    );
    let e = rt.execute("delayed(1)").unwrap_err();
    assert_eq!(e.message, "expected a string");
    assert_eq!(
        rt.execute("(async () => { const r = await Promise.all([delayed('a'), delayed('b')]); return r; })()")
            .unwrap(),
        HostValue::Array(vec!["A".into(), "B".into()])
    );
}

#[test]
fn execute_async_and_call_function_async() {
    let (mut rt, _) = runtime();
    let tokio = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    tokio.block_on(async {
        rt.execute_async(
            "function twice(x) { return new Promise(r => setTimeout(() => r(x * 2), 1)); }",
        )
        .await
        .unwrap();
        let v = rt
            .call_function_async("twice", &[HostValue::Number(21.0)])
            .await
            .unwrap();
        assert_eq!(v, HostValue::Number(42.0));
        let v = rt
            .execute_async("({ a: [1, 'x'], b: null })")
            .await
            .unwrap();
        assert_eq!(
            v,
            HostValue::Object(vec![
                ("a".into(), HostValue::Array(vec![1.0.into(), "x".into()])),
                ("b".into(), HostValue::Null),
            ])
        );
    });
}

#[test]
fn terminate_stops_a_waiting_loop_and_a_busy_script() {
    let (mut rt, _) = runtime();
    let h = rt.handle();
    let t = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(50));
        h.terminate();
    });
    let e = rt
        .run_main(
            "setInterval(() => {}, 1000); setTimeout(() => { for (;;) {} }, 1);",
            "t.js",
        )
        .unwrap_err();
    assert!(e.interrupted);
    t.join().unwrap();
}

fn write_script(dir: &std::path::Path, name: &str, src: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, src).unwrap();
    p.display().to_string()
}

#[test]
fn worker_ping_pong() {
    let dir = temp_dir("worker");
    let w = write_script(
        &dir,
        "w.js",
        "onmessage = (e) => { const d = e.data; postMessage({ n: d.n + 1, seen: d.list.length, self: d.self === d }); if (d.n >= 4) close(); };",
    );
    let (r, out) = run(&format!(
        r#"
        const w = new Worker({w:?});
        let got = 0;
        w.onmessage = (e) => {{
          got++;
          console.log('parent got', e.data.n, e.data.seen, e.data.self);
          if (e.data.n < 5) {{ const m = {{ n: e.data.n + 1, list: [1, 2] }}; m.self = m; w.postMessage(m); }}
        }};
        w.addEventListener('message', () => {{ if (got === 3) console.log('listener saw 3'); }});
        const m = {{ n: 0, list: [] }}; m.self = m;
        w.postMessage(m);
        "#
    ));
    assert_eq!(r.unwrap().code(), 0);
    assert_eq!(
        out,
        "parent got 1 0 true\nparent got 3 2 true\nparent got 5 2 true\nlistener saw 3\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn worker_error_reaches_parent() {
    let dir = temp_dir("worker-error");
    let w = write_script(
        &dir,
        "bad.js",
        "setTimeout(() => { throw new RangeError('worker broke'); }, 1);",
    );
    let (r, out) = run(&format!(
        "const w = new Worker({w:?}); w.onerror = (e) => console.log('error event:', e.message, e.error instanceof RangeError);"
    ));
    assert_eq!(r.unwrap().code(), 0);
    assert_eq!(out, "error event: worker broke true\n");
    // Without a handler the error is uncaught in the parent.
    let (r, _) = run(&format!("new Worker({w:?});"));
    assert!(r.unwrap_err().report.contains("worker broke"));
    // A missing script is an error event too.
    let (r, out) = run("const w = new Worker('/nonexistent/x.js'); w.onerror = e => console.log('missing:', e.message.includes('Cannot find module'));");
    assert_eq!(r.unwrap().code(), 0);
    assert_eq!(out, "missing: true\n");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn worker_terminate_ends_a_busy_worker() {
    let dir = temp_dir("worker-term");
    let w = write_script(&dir, "spin.js", "postMessage('started'); for (;;) {}");
    let (r, out) = run(&format!(
        "const w = new Worker({w:?}); w.onmessage = (e) => {{ console.log(e.data); w.terminate(); }};"
    ));
    assert_eq!(r.unwrap().code(), 0);
    assert_eq!(out, "started\n");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn pool_runs_tasks_in_parallel_with_their_own_answers() {
    let pool = IsolatePool::new(2);
    let tasks: Vec<_> = (0..10).map(|i| pool.execute(format!("{i} * 2"))).collect();
    for (i, t) in tasks.into_iter().enumerate() {
        assert_eq!(t.join().unwrap(), HostValue::Number(i as f64 * 2.0));
    }
    // Async scripts, errors and isolation between jobs.
    let a = pool.execute("globalThis.leak = 1; new Promise(r => setTimeout(() => r('done'), 5))");
    let b = pool.execute("typeof leak");
    let c = pool.execute("throw new Error('in pool')");
    assert_eq!(a.join().unwrap(), HostValue::from("done"));
    assert_eq!(b.join().unwrap(), HostValue::from("undefined"));
    assert_eq!(c.join().unwrap_err().message, "in pool");
}

#[test]
fn pool_results_can_be_awaited() {
    let pool = IsolatePool::new(2);
    let tokio = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let v = tokio.block_on(async { pool.execute("'a' + 'b'").await });
    assert_eq!(v.unwrap(), HostValue::from("ab"));
}

#[test]
fn run_event_loop_after_eval_script() {
    let (mut rt, out) = runtime();
    rt.engine()
        .eval_script(
            "Promise.resolve().then(() => console.log('job'));\n\
             setTimeout(() => { console.log('timer'); process.exitCode = 2; }, 1);",
            "e.js",
        )
        .unwrap();
    assert_eq!(rt.run_event_loop().unwrap().code(), 2);
    assert_eq!(*out.lock().unwrap(), "job\ntimer\n");
}
