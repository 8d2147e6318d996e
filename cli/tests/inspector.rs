//! The inspector end to end: `jetcrab --inspect*` with real clients on loopback.
//!
//! - the Host check and a flood of malformed or unknown messages (a hand-written WebSocket
//!   client: no Node needed);
//! - `chrome-remote-interface` (installed with npm into `target/inspector-clients` on first
//!   use) driving evaluation, console events, a breakpoint and `evaluateOnCallFrame`;
//! - `node inspect` stepping after `--inspect-brk` and printing a variable.
//!
//! Every child is killed after a deadline; tests that need `node`/`npm` say why and return
//! early when they are missing.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod common;

use common::scratch;

const DEADLINE: Duration = Duration::from_secs(60);

/// A `jetcrab` child with an inspector; killed on drop.
struct Target {
    child: Child,
    port: u16,
    uuid: String,
    stderr: Arc<Mutex<String>>,
}

impl Target {
    fn start(flag: &str, script: &Path) -> Target {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jetcrab"))
            .arg("run")
            .arg(format!("{flag}=127.0.0.1:0"))
            .arg(script)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let text = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let sink = text.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("Debugger listening on ws://127.0.0.1:") {
                    let _ = tx.send(url.to_string());
                }
                sink.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let url = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("jetcrab printed 'Debugger listening on ws://127.0.0.1:PORT/UUID'");
        let (port, uuid) = url.split_once('/').unwrap();
        Target {
            child,
            port: port.parse().unwrap(),
            uuid: uuid.to_string(),
            stderr: text,
        }
    }

    /// Waits (bounded) for exit; returns the exit code and stdout.
    fn finish(mut self) -> (i32, String) {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let mut out = String::new();
                self.child
                    .stdout
                    .take()
                    .unwrap()
                    .read_to_string(&mut out)
                    .unwrap();
                return (status.code().unwrap_or(-1), out);
            }
            assert!(
                start.elapsed() < DEADLINE,
                "jetcrab did not exit; stderr:\n{}",
                self.stderr.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One raw HTTP exchange; returns the response text.
fn http(port: u16, request: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

/// A minimal WebSocket client (masked text frames out, unmasked frames in).
struct Ws(TcpStream);

impl Ws {
    fn connect(port: u16, uuid: &str) -> Ws {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let req = format!(
            "GET /{uuid} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n\
             Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
             Sec-WebSocket-Version: 13\r\n\r\n"
        );
        s.write_all(req.as_bytes()).unwrap();
        let mut head = Vec::new();
        let mut b = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            s.read_exact(&mut b).unwrap();
            head.push(b[0]);
        }
        assert!(String::from_utf8_lossy(&head).starts_with("HTTP/1.1 101"));
        Ws(s)
    }

    fn send_frame(&mut self, opcode: u8, payload: &[u8]) {
        let mut f = vec![0x80 | opcode];
        match payload.len() {
            n if n < 126 => f.push(0x80 | n as u8),
            n if n < 65536 => {
                f.push(0x80 | 126);
                f.extend_from_slice(&(n as u16).to_be_bytes());
            }
            n => {
                f.push(0x80 | 127);
                f.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
        let mask = [0x12, 0x34, 0x56, 0x78];
        f.extend_from_slice(&mask);
        f.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        self.0.write_all(&f).unwrap();
    }

    fn send(&mut self, text: &str) {
        self.send_frame(1, text.as_bytes());
    }

    /// The next text message.
    fn recv(&mut self) -> String {
        loop {
            let mut h = [0u8; 2];
            self.0.read_exact(&mut h).unwrap();
            let mut len = (h[1] & 0x7f) as u64;
            if len == 126 {
                let mut l = [0u8; 2];
                self.0.read_exact(&mut l).unwrap();
                len = u16::from_be_bytes(l) as u64;
            } else if len == 127 {
                let mut l = [0u8; 8];
                self.0.read_exact(&mut l).unwrap();
                len = u64::from_be_bytes(l);
            }
            let mut payload = vec![0u8; len as usize];
            self.0.read_exact(&mut payload).unwrap();
            if h[0] & 0x0f == 1 {
                return String::from_utf8(payload).unwrap();
            }
        }
    }

    /// The reply to request `id` (events and other replies are skipped).
    fn reply(&mut self, id: i64) -> String {
        loop {
            let m = self.recv();
            // serde_json sorts keys: `{"error":…,"id":N}` or `{"id":N,"result":…}`.
            if m.starts_with(&format!("{{\"id\":{id},")) || m.ends_with(&format!(",\"id\":{id}}}"))
            {
                return m;
            }
        }
    }
}

/// Runs until a client evaluates `stop = true`, ticking on a timer meanwhile.
const TICKER: &str = "globalThis.stop = false;\n\
    let ticks = 0;\n\
    const t = setInterval(() => {\n\
      for (let i = 0; i < 1000; i++) ticks++;\n\
      if (globalThis.stop) { clearInterval(t); console.log('finished', ticks > 0); }\n\
    }, 5);\n";

#[test]
fn host_check_and_malformed_messages_leave_script_and_server_running() {
    let dir = scratch("flood");
    let script = dir.join("ticker.js");
    std::fs::write(&script, TICKER).unwrap();
    let t = Target::start("--inspect", &script);
    let port = t.port;

    // DNS rebinding protection: a foreign Host is refused, for HTTP and WebSocket alike.
    let evil = http(
        port,
        "GET /json/list HTTP/1.1\r\nHost: evil.example\r\n\r\n",
    );
    assert!(evil.starts_with("HTTP/1.1 400"), "{evil}");
    let evil_ws = http(
        port,
        &format!(
            "GET /{} HTTP/1.1\r\nHost: evil.example:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
            t.uuid
        ),
    );
    assert!(evil_ws.starts_with("HTTP/1.1 400"), "{evil_ws}");
    let ok = http(
        port,
        &format!("GET /json/list HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"),
    );
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    assert!(ok.contains(&format!("ws://127.0.0.1:{port}/{}", t.uuid)));
    let version = http(
        port,
        &format!("GET /json/version HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n"),
    );
    assert!(version.contains("Protocol-Version"), "{version}");
    let protocol = http(port, "GET /json/protocol HTTP/1.1\r\nHost: [::1]\r\n\r\n");
    assert!(protocol.contains("\"evaluate\""), "{protocol}");
    let garbage = http(port, "\x16\x03\x01\x02\x00garbage\r\n\r\n");
    assert!(!garbage.contains("200 OK"));

    // Two clients at once; 1,000 malformed or unknown messages from the first.
    let mut a = Ws::connect(port, &t.uuid);
    let mut b = Ws::connect(port, &t.uuid);
    let kinds = [
        "{not json".to_string(),
        "[1,2,3]".to_string(),
        r#"{"method":"Runtime.evaluate"}"#.to_string(),
        r#"{"id":"x","method":"Runtime.evaluate"}"#.to_string(),
        r#"{"id":1,"params":{}}"#.to_string(),
        r#"{"id":1,"method":"Runtime.evaluate","params":7}"#.to_string(),
        r#"{"id":1,"method":"Runtime.evaluate","params":{"expression":42}}"#.to_string(),
        r#"{"id":1,"method":"Debugger.resume"}"#.to_string(),
        r#"{"id":1,"method":"Nope.nope"}"#.to_string(),
        r#"{"id":1,"method":"JetCrab.enable","params":{"samplingInterval":-1}}"#.to_string(),
        r#"{"id":1,"method":"HeapProfiler.startSampling","params":{"samplingInterval":"x"}}"#
            .to_string(),
        r#"{"id":1,"method":"HeapProfiler.stopSampling"}"#.to_string(),
        r#"{"id":1,"method":"Profiler.stop"}"#.to_string(),
        "\u{0}\u{1}\u{2}".to_string(),
    ];
    for i in 0..1000 {
        a.send(&kinds[i % kinds.len()]);
    }
    let mut errors = 0;
    while errors < 1000 {
        let m = a.recv();
        assert!(m.contains("\"error\""), "{m}");
        errors += 1;
    }
    let unknown = r#"{"id":5,"method":"Profiler.startTypeProfile"}"#;
    a.send(unknown);
    let r = a.reply(5);
    assert!(r.contains("-32601") && r.contains("wasn't found"), "{r}");

    // The second client still works and so does the script.
    b.send(r#"{"id":7,"method":"Runtime.evaluate","params":{"expression":"1+2"}}"#);
    assert!(b.reply(7).contains("\"value\":3"));
    // A broken frame (reserved bits set) ends only that connection.
    a.0.write_all(&[0xF1, 0x80, 0, 0, 0, 0]).unwrap();
    b.send(r#"{"id":8,"method":"Runtime.evaluate","params":{"expression":"ticks > 0"}}"#);
    assert!(b.reply(8).contains("\"value\":true"));
    b.send(r#"{"id":9,"method":"Runtime.evaluate","params":{"expression":"stop = true"}}"#);
    assert!(b.reply(9).contains("\"value\":true"));
    drop(b);
    drop(a);
    let (code, out) = t.finish();
    assert_eq!(code, 0);
    assert!(out.contains("finished true"), "{out}");
}

/// `node` and `npm` on PATH?
fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Installs chrome-remote-interface (once) into `target/inspector-clients`; returns its
/// `node_modules`.
fn cdp_client() -> Option<PathBuf> {
    static LOCK: Mutex<()> = Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/inspector-clients");
    let modules = dir.join("node_modules");
    if modules
        .join("chrome-remote-interface/package.json")
        .exists()
    {
        return Some(modules);
    }
    std::fs::create_dir_all(&dir).ok()?;
    std::fs::write(
        dir.join("package.json"),
        "{\"name\":\"inspector-clients\",\"private\":true}\n",
    )
    .ok()?;
    let status = Command::new("npm")
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--silent",
            "chrome-remote-interface@0.33",
        ])
        .current_dir(&dir)
        .status()
        .ok()?;
    status.success().then_some(modules)
}

const ADD_SCRIPT: &str = "let total = 0;\n\
    function add(a, b) {\n\
      const sum = a + b;\n\
      total += sum;\n\
      return sum;\n\
    }\n\
    console.log('hello', { a: 1 });\n\
    setTimeout(() => {\n\
      const r = add(2, 3);\n\
      console.log('done', r, total);\n\
      try { throw new Error('boom'); } catch (e) {}\n\
    }, 20);\n\
    class Widget { constructor(i) { this.id = i; this.tag = 'w' + i; } }\n\
    globalThis.widgets = [];\n\
    function burn(ms) {\n\
      const end = performance.now() + ms;\n\
      let x = 0;\n\
      while (performance.now() < end) x += Math.sqrt(x + 1);\n\
      return x;\n\
    }\n\
    burn(300);\n\
    for (let i = 0; i < 200000; i++) { const w = new Widget(i); if (i % 1000 === 0) widgets.push(w); }\n";

#[test]
fn chrome_remote_interface_evaluates_logs_and_breaks() {
    if !have("node") || !have("npm") {
        eprintln!("skipped: node and npm are needed for chrome-remote-interface");
        return;
    }
    let Some(modules) = cdp_client() else {
        panic!("npm install chrome-remote-interface failed (the npm registry must be reachable)");
    };
    let dir = scratch("cri");
    let script = dir.join("add.js");
    std::fs::write(&script, ADD_SCRIPT).unwrap();
    let t = Target::start("--inspect-wait", &script);
    let client = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/inspector/cdp_client.js");
    let url = format!("file://{}", script.display());
    let mut node = Command::new("node")
        .arg(&client)
        .arg(t.port.to_string())
        .arg(&url)
        .arg("3")
        .env("NODE_PATH", &modules)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(s) = node.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > DEADLINE {
            let _ = node.kill();
            panic!("the CDP client timed out");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut out = String::new();
    node.stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let mut err = String::new();
    node.stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(status.success() && out.contains("OK"), "client: {out}{err}");
    let (code, stdout) = t.finish();
    assert_eq!(code, 0);
    assert!(stdout.contains("done 5 5"), "{stdout}");
}

#[test]
fn node_inspect_steps_and_prints_a_variable() {
    if !have("node") {
        eprintln!("skipped: node is needed for `node inspect`");
        return;
    }
    let dir = scratch("node-inspect");
    let script = dir.join("steps.js");
    std::fs::write(
        &script,
        "let x = 1;\nx = x + 41;\nconst y = x * 2;\nconsole.log('y is', y);\n",
    )
    .unwrap();
    let t = Target::start("--inspect-brk", &script);
    let mut node = Command::new("node")
        .args(["inspect", &format!("127.0.0.1:{}", t.port)])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = node.stdin.take().unwrap();
    let seen = Arc::new(Mutex::new(String::new()));
    for pipe in [
        Box::new(node.stdout.take().unwrap()) as Box<dyn Read + Send>,
        Box::new(node.stderr.take().unwrap()),
    ] {
        let sink = seen.clone();
        std::thread::spawn(move || {
            let mut pipe = pipe;
            let mut buf = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
    }
    let wait_for = |what: &str, after: usize| -> usize {
        let start = Instant::now();
        loop {
            let text = seen.lock().unwrap().clone();
            if let Some(i) = text.get(after..).and_then(|t| t.find(what)) {
                return after + i + what.len();
            }
            assert!(
                start.elapsed() < DEADLINE,
                "no '{what}' from node inspect:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    let at = wait_for("Break on start in", 0);
    let at = wait_for("debug>", at);
    stdin.write_all(b"n\n").unwrap();
    let at = wait_for("break in", at);
    let at = wait_for("debug>", at);
    stdin.write_all(b"n\n").unwrap();
    let at = wait_for("break in", at);
    let at = wait_for("debug>", at);
    stdin.write_all(b"exec x\n").unwrap();
    let at = wait_for("42", at);
    stdin.write_all(b"c\n").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    stdin.write_all(b".exit\n").unwrap();
    let _ = at;
    let start = Instant::now();
    while node.try_wait().unwrap().is_none() {
        if start.elapsed() > DEADLINE {
            let _ = node.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let (code, stdout) = t.finish();
    assert_eq!(code, 0);
    assert!(stdout.contains("y is 84"), "{stdout}");
}
