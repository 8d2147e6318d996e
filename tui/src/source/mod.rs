//! Where telemetry comes from: a live inspector connection ([`live`]) or a recording
//! ([`replay`]); [`record`] writes what a live session receives.
//!
//! Both speak the NDJSON schema of `jetcrab run --telemetry` (docs/telemetry.md): one
//! [`Record`] per line, plus `lagged` lines. Anything else is skipped and counted, never fatal.

pub mod live;
pub mod record;
pub mod replay;

use jetcrab_engine::telemetry::{Event, Header, Record};
use serde::Deserialize;

/// One line of a telemetry stream.
#[derive(Clone, Debug, PartialEq)]
pub enum Line {
    /// A record (the header too: it is a record with `seq` and `ts_us` 0).
    Record(Record),
    /// The writer or the connection fell behind and lost `missed` records.
    Lagged(u64),
}

#[derive(Deserialize)]
struct Lagged {
    #[serde(rename = "type")]
    kind: String,
    missed: u64,
}

impl Line {
    /// Parses one NDJSON line; `None` for anything that is not a record or a `lagged` line
    /// (blank lines, garbage, types newer than this build).
    pub fn parse(text: &str) -> Option<Line> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        match serde_json::from_str::<Record>(text) {
            Ok(r) => Some(Line::Record(r)),
            Err(_) => serde_json::from_str::<Lagged>(text)
                .ok()
                .filter(|l| l.kind == "lagged")
                .map(|l| Line::Lagged(l.missed)),
        }
    }

    /// Parses the params of a `JetCrab.telemetry` event (the same object as an NDJSON line).
    pub fn from_value(value: serde_json::Value) -> Option<Line> {
        if value.get("type").and_then(|t| t.as_str()) == Some("lagged") {
            return Lagged::deserialize(value)
                .ok()
                .map(|l| Line::Lagged(l.missed));
        }
        Record::deserialize(value).ok().map(Line::Record)
    }

    /// The header line of a stream.
    pub fn header(header: Header) -> Line {
        Line::Record(Record::unnumbered(0, Event::Header(header)))
    }
}

/// What a live source reports besides records.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// Starting the script.
    Starting,
    /// Connecting to the inspector at this URL.
    Connecting(String),
    /// Connected and streaming.
    Live(String),
    /// The connection dropped before the script finished; retrying.
    Lost {
        /// Reconnection attempts so far.
        attempt: u32,
        /// Why the last attempt failed.
        reason: String,
    },
    /// `JetCrab.finished`: the script and its event loop are done.
    Finished {
        /// The script's exit code, if it reported one.
        exit_code: Option<i32>,
        /// The uncaught error, if any.
        error: Option<String>,
    },
    /// The process we started exited (without a `JetCrab.finished` we saw).
    Exited(Option<i32>),
    /// The source gave up (a start-up failure).
    Failed(String),
}

/// Messages from a source task to the app.
#[derive(Clone, Debug, PartialEq)]
pub enum SourceEvent {
    /// A telemetry line.
    Line(Line),
    /// The connection's state changed.
    Status(Status),
    /// A line the observed program wrote to its stdout or stderr.
    Output(String),
    /// A note for the status bar (a command's reply, an error).
    Note(String),
    /// A telemetry event that did not parse (skipped).
    BadLine,
    /// A live heap reading from `JetCrab.getSnapshot` (telemetry only reports the heap at
    /// collections).
    Heap(HeapNow),
}

/// The heap at a moment, as `JetCrab.getSnapshot` reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub struct HeapNow {
    /// µs since the stream started (the records' clock).
    #[serde(default)]
    pub uptime_us: u64,
    /// Bytes allocated and not yet freed.
    pub used: u64,
    /// Heap size.
    pub size: u64,
    /// Heap limit.
    pub limit: u64,
    /// GC totals since the process started (a late attacher has not seen every cycle).
    #[serde(skip)]
    pub gc: Option<GcTotals>,
}

/// The snapshot's GC totals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct GcTotals {
    /// Cycles since the start.
    pub count: u64,
    /// Longest pause, ns.
    pub max_pause_ns: u64,
    /// Sum of pauses, ns.
    pub total_pause_ns: u64,
}

/// Requests from the app to a live source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    /// `HeapProfiler.collectGarbage`.
    CollectGarbage,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_records_and_skips_junk() {
        let gc = r#"{"v":1,"seq":33,"ts_us":62536,"type":"gc_end","cycle":1,"kind":"full","reason":"allocation","pause_ns":2513758,"mark_ns":73770,"sweep_ns":2439988,"bytes_before":8388666,"bytes_after":133369,"heap_size":8025609,"heap_limit":4294967296,"next_threshold":8388608,"objects_freed":123252,"objects_live":1526,"allocation_rate":0.0}"#;
        match Line::parse(gc) {
            Some(Line::Record(r)) => {
                assert_eq!(r.seq, 33);
                assert!(matches!(r.event, Event::GcEnd(ref e) if e.pause_ns == 2513758));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            Line::parse(r#"{"v":1,"type":"lagged","missed":12}"#),
            Some(Line::Lagged(12))
        );
        for junk in [
            "",
            "   ",
            "not json",
            "{",
            "[1,2]",
            r#"{"v":1,"seq":1,"ts_us":5,"type":"from_the_future","x":1}"#,
            r#"{"v":1,"seq":1,"ts_us":5,"type":"gc_end"}"#,
            r#"{"type":"lagged","missed":-1}"#,
            "\u{0}\u{1}\u{fffd}",
        ] {
            assert_eq!(Line::parse(junk), None, "{junk:?}");
        }
        let v = serde_json::json!({"v":1,"seq":2,"ts_us":9,"type":"dropped","total":4});
        assert!(matches!(Line::from_value(v), Some(Line::Record(_))));
        assert_eq!(
            Line::from_value(serde_json::json!({"type":"lagged","missed":3})),
            Some(Line::Lagged(3))
        );
        assert_eq!(Line::from_value(serde_json::json!(17)), None);
    }
}
