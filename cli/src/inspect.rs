//! `--inspect`, `--inspect-brk` and `--inspect-wait`: start the inspector server like Node.

use clap::Args;
use jetcrab_engine::runtime::Runtime;
use jetcrab_engine::telemetry::Tap;
use jetcrab_engine::JsError;
use jetcrab_inspector::{Inspector, InspectorOptions};
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::Path;

/// Node's default inspector address.
const DEFAULT_ADDR: &str = "127.0.0.1:9229";

/// The inspector flags (each takes an optional `=[host:]port`).
#[derive(Args, Clone, Debug, Default)]
pub struct InspectArgs {
    /// Start the inspector (default 127.0.0.1:9229; port 0 picks a free port).
    #[arg(long, value_name = "[HOST:]PORT", num_args = 0..=1, require_equals = true,
          default_missing_value = DEFAULT_ADDR)]
    pub inspect: Option<String>,
    /// Like --inspect, then wait for a client and pause before the first statement.
    #[arg(long, value_name = "[HOST:]PORT", num_args = 0..=1, require_equals = true,
          default_missing_value = DEFAULT_ADDR)]
    pub inspect_brk: Option<String>,
    /// Like --inspect, then wait for a client to attach before running.
    #[arg(long, value_name = "[HOST:]PORT", num_args = 0..=1, require_equals = true,
          default_missing_value = DEFAULT_ADDR)]
    pub inspect_wait: Option<String>,
}

impl InspectArgs {
    /// Is an inspector asked for?
    pub fn any(&self) -> bool {
        self.inspect.is_some() || self.inspect_brk.is_some() || self.inspect_wait.is_some()
    }
}

/// `9229`, `host:9229`, `[::1]:9229` or `host` → a socket address (loopback by default).
fn parse_addr(s: &str) -> Option<SocketAddr> {
    if let Ok(port) = s.parse::<u16>() {
        return Some(SocketAddr::from(([127, 0, 0, 1], port)));
    }
    if let Ok(a) = s.parse::<SocketAddr>() {
        return Some(a);
    }
    let with_port = if s.contains(':') {
        s.to_string()
    } else {
        format!("{s}:9229")
    };
    with_port.to_socket_addrs().ok()?.next()
}

/// Starts the inspector if a flag asks for it, attaches it to `runtime`, and under
/// `--inspect-wait`/`--inspect-brk` waits for a client. A failure to bind is reported and the
/// script runs without it, as in Node.
pub fn start(
    args: &InspectArgs,
    file: &Path,
    telemetry: Option<Tap>,
    runtime: &mut Runtime,
) -> Option<Inspector> {
    let (spec, wait, brk) = match (&args.inspect_brk, &args.inspect_wait, &args.inspect) {
        (Some(a), _, _) => (a, true, true),
        (None, Some(a), _) => (a, true, false),
        (None, None, Some(a)) => (a, false, false),
        (None, None, None) => return None,
    };
    let Some(addr) = parse_addr(spec) else {
        eprintln!("jetcrab: invalid inspector address: {spec}");
        return None;
    };
    let path = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let opts = InspectorOptions {
        addr,
        title: path.display().to_string(),
        url: format!("file://{}", path.display()),
        telemetry,
    };
    let mut inspector = match Inspector::start(opts) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("Starting inspector on {addr} failed: {e}");
            return None;
        }
    };
    eprintln!("Debugger listening on {}", inspector.websocket_url());
    eprintln!("For help, see: https://nodejs.org/en/docs/inspector");
    inspector.attach(runtime);
    if wait {
        inspector.wait_for_debugger(runtime);
        eprintln!("Debugger attached.");
    }
    if brk {
        runtime.engine().debug_pause_on_start("Break on start");
    }
    Some(inspector)
}

/// The script and its event loop are done: reports an uncaught error and the outcome to the
/// clients (`JetCrab.finished` follows the last telemetry record, once the host shuts the
/// telemetry hub down).
pub fn script_done(inspector: &Inspector, exit_code: i32, error: Option<&JsError>) {
    if let Some(e) = error {
        inspector.report_exception(e);
    }
    inspector.script_finished(Some(exit_code), error.map(|e| e.report.as_str()));
}

/// After the script: while any client is connected, keeps serving them (Node: "Waiting for
/// the debugger to disconnect...").
pub fn finish(inspector: &Inspector, runtime: &mut Runtime) {
    if inspector.has_clients() {
        eprintln!("Waiting for the debugger to disconnect...");
        inspector.wait_for_disconnect(runtime);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert_eq!(parse_addr("9230"), "127.0.0.1:9230".parse().ok());
        assert_eq!(parse_addr("0.0.0.0:1"), "0.0.0.0:1".parse().ok());
        assert_eq!(parse_addr("[::1]:0"), "[::1]:0".parse().ok());
        assert!(parse_addr("localhost").is_some());
        assert!(parse_addr("not an address").is_none());
    }
}
