//! `--replay FILE`: plays a recording back at its own pace, with pause and seek.
//!
//! The whole file is parsed up front (recordings are small next to the state they build).
//! Playback is driven by the app's tick: [`Replay::advance`] moves a virtual clock by the real
//! time elapsed and returns the lines that fell due. Seeking back restarts from the first
//! line, because the state is a fold over the stream.

use super::Line;
use std::io::BufRead;
use std::ops::Range;
use std::path::Path;
use std::time::Duration;

/// A recording being played.
pub struct Replay {
    /// The file's name (for the status bar).
    pub name: String,
    /// Lines with their record time, µs (`lagged` lines take the previous record's).
    lines: Vec<(u64, Line)>,
    /// Lines already played.
    cursor: usize,
    /// Playback position, µs of record time.
    clock_us: u64,
    /// Playback is stopped (`space`).
    pub paused: bool,
    /// Record-time µs per real µs.
    pub speed: f64,
    /// Lines that were not telemetry.
    pub bad_lines: u64,
}

impl Replay {
    /// Reads a recording.
    pub fn load(path: &Path) -> std::io::Result<Replay> {
        let file = std::fs::File::open(path)?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into(),
        );
        Ok(Replay::from_reader(name, std::io::BufReader::new(file)))
    }

    /// Parses a recording from `reader`, skipping (and counting) bad lines; a read error ends
    /// the recording there.
    pub fn from_reader(name: String, reader: impl BufRead) -> Replay {
        let mut lines = Vec::new();
        let mut bad_lines = 0;
        let mut ts = 0;
        for text in reader.split(b'\n') {
            let Ok(text) = text else { break };
            match Line::parse(&String::from_utf8_lossy(&text)) {
                Some(line) => {
                    if let Line::Record(r) = &line {
                        ts = r.ts_us;
                    }
                    lines.push((ts, line));
                }
                None if text.iter().all(u8::is_ascii_whitespace) => {}
                None => bad_lines += 1,
            }
        }
        // Records are stamped by their producers and may interleave slightly out of order;
        // playback needs a monotonic clock.
        let mut high = 0;
        for (t, _) in &mut lines {
            high = high.max(*t);
            *t = high;
        }
        Replay {
            name,
            lines,
            cursor: 0,
            clock_us: 0,
            paused: false,
            speed: 1.0,
            bad_lines,
        }
    }

    /// Advances the clock by `elapsed` real time (unless paused) and returns the lines that
    /// fell due, in order.
    pub fn advance(&mut self, elapsed: Duration) -> &[(u64, Line)] {
        if !self.paused {
            let step = (elapsed.as_micros() as f64 * self.speed) as u64;
            // Clamped, so a seek back from the end starts from the last record.
            self.clock_us = self.clock_us.saturating_add(step).min(self.end_us());
        }
        let range = self.play_to(self.clock_us);
        &self.lines[range]
    }

    fn play_to(&mut self, clock_us: u64) -> Range<usize> {
        let start = self.cursor;
        let due = self.lines[start..].partition_point(|(t, _)| *t <= clock_us);
        self.cursor = start + due;
        start..self.cursor
    }

    /// Moves the position by `delta_us`. Returns whether the caller must restart its state
    /// (a seek back) and the lines to apply after that.
    pub fn seek(&mut self, delta_us: i64) -> (bool, &[(u64, Line)]) {
        let target = self
            .clock_us
            .saturating_add_signed(delta_us)
            .min(self.end_us());
        let restart = target < self.clock_us;
        if restart {
            self.cursor = 0;
        }
        self.clock_us = target;
        let range = self.play_to(target);
        (restart, &self.lines[range])
    }

    /// Plays everything at once (tests, and tools that only want the final state).
    pub fn play_all(&mut self) -> &[(u64, Line)] {
        self.clock_us = self.end_us();
        let range = self.play_to(u64::MAX);
        &self.lines[range]
    }

    /// Record time of the last line, µs.
    pub fn end_us(&self) -> u64 {
        self.lines.last().map_or(0, |(t, _)| *t)
    }

    /// Playback position, µs.
    pub fn position_us(&self) -> u64 {
        self.clock_us.min(self.end_us())
    }

    /// Every line was played.
    pub fn done(&self) -> bool {
        self.cursor == self.lines.len()
    }

    /// Number of telemetry lines in the recording.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// The recording has no telemetry at all.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recording() -> Replay {
        let mut text = String::from(
            r#"{"v":1,"seq":0,"ts_us":0,"type":"header","version":1,"engine":"jetcrab","engine_version":"0.1.0","start_unix_ms":1}"#,
        );
        text.push_str("\ngarbage\n\n");
        for i in 1..=10 {
            text.push_str(&format!(
                "{{\"v\":1,\"seq\":{i},\"ts_us\":{},\"type\":\"dropped\",\"total\":{i}}}\n",
                i * 100_000
            ));
        }
        text.push_str("{\"v\":1,\"type\":\"lagged\",\"missed\":2}\n\u{7f}\u{0}");
        Replay::from_reader("t.ndjson".into(), text.as_bytes())
    }

    #[test]
    fn plays_at_record_pace() {
        let mut r = recording();
        assert_eq!(r.bad_lines, 2);
        assert_eq!(r.len(), 12);
        assert_eq!(r.end_us(), 1_000_000);
        // The header (0 µs) is due at once; then one record per 100 ms.
        assert_eq!(r.advance(Duration::ZERO).len(), 1);
        assert_eq!(r.advance(Duration::from_millis(250)).len(), 2);
        r.paused = true;
        assert_eq!(r.advance(Duration::from_secs(5)).len(), 0);
        r.paused = false;
        r.speed = 2.0;
        assert_eq!(r.advance(Duration::from_millis(100)).len(), 2);
        assert_eq!(r.position_us(), 450_000);
        let (restart, lines) = r.seek(-300_000);
        assert!(restart);
        assert_eq!(lines.len(), 2);
        let (restart, lines) = r.seek(10_000_000);
        assert!(!restart);
        // Everything after 100 ms, the trailing `lagged` line included.
        assert_eq!(lines.len(), 10);
        assert!(matches!(lines.last(), Some((1_000_000, Line::Lagged(2)))));
        assert!(r.done());
    }
}
