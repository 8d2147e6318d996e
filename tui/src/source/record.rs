//! `--record FILE`: writes the received stream in the NDJSON format of
//! `jetcrab run --telemetry`, so `--replay` and other readers take either.

use super::Line;
use jetcrab_engine::telemetry::{Event, VERSION};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// An NDJSON writer: one header line first, then records and `lagged` lines.
pub struct Recorder {
    out: BufWriter<File>,
    wrote_header: bool,
}

impl Recorder {
    /// Creates (truncates) `path`.
    pub fn create(path: &Path) -> std::io::Result<Recorder> {
        Ok(Recorder {
            out: BufWriter::new(File::create(path)?),
            wrote_header: false,
        })
    }

    /// Appends `line`. A reconnection's second header is dropped: a file has one header.
    pub fn write(&mut self, line: &Line) -> std::io::Result<()> {
        match line {
            Line::Record(r) => {
                if matches!(r.event, Event::Header(_)) {
                    if self.wrote_header {
                        return Ok(());
                    }
                    self.wrote_header = true;
                }
                serde_json::to_writer(&mut self.out, r)?;
            }
            Line::Lagged(n) => write!(
                self.out,
                "{{\"v\":{VERSION},\"type\":\"lagged\",\"missed\":{n}}}"
            )?,
        }
        self.out.write_all(b"\n")
    }

    /// Pushes buffered lines to the file.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
