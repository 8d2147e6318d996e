//! The JIT compile queue (`jit_*` records) and the interpreter's tier-up candidates.
//!
//! The engine has no JIT yet, so normally only `tier_up_candidates` arrive; the queue is kept
//! anyway so the view works the day the JIT starts emitting.

use super::ring::Ring;
use jetcrab_engine::telemetry::{
    JitCompileStarted, JitEnqueued, JitFailed, JitInstalled, Tier, TierUpCandidates,
};

/// Jobs kept for the queue table.
const JOBS: usize = 256;

/// Where a compile job is.
#[derive(Clone, Debug, PartialEq)]
pub enum JobState {
    /// Waiting in the queue.
    Queued,
    /// Being compiled.
    Compiling,
    /// Its code is installed.
    Installed,
    /// The compile failed; the function stays interpreted.
    Failed(String),
}

impl JobState {
    /// Lowercase name for tables.
    pub fn label(&self) -> &str {
        match self {
            JobState::Queued => "queued",
            JobState::Compiling => "compiling",
            JobState::Installed => "installed",
            JobState::Failed(_) => "failed",
        }
    }
}

/// One compile job.
#[derive(Clone, Debug)]
pub struct Job {
    /// Function id.
    pub function: u32,
    /// Target tier.
    pub tier: Tier,
    /// Where it is.
    pub state: JobState,
    /// Record time it was queued, µs.
    pub enqueued_us: u64,
    /// Time it waited in the queue (known once compiling started), µs.
    pub queue_wait_us: Option<u64>,
    /// Compile time, µs (installed jobs).
    pub compile_us: Option<u64>,
    /// Machine code size, bytes (installed jobs).
    pub code_size: Option<u64>,
}

impl Job {
    /// Time in the queue: the reported wait, or for a job still queued the time since it was
    /// queued.
    pub fn time_in_queue_us(&self, now_us: u64) -> u64 {
        self.queue_wait_us
            .unwrap_or_else(|| now_us.saturating_sub(self.enqueued_us))
    }
}

/// Counts by state, since the start.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JitCounts {
    /// Jobs waiting.
    pub queued: u64,
    /// Jobs compiling.
    pub compiling: u64,
    /// Jobs installed.
    pub installed: u64,
    /// Jobs failed.
    pub failed: u64,
}

/// JIT records seen so far.
#[derive(Clone, Debug)]
pub struct JitState {
    /// The last jobs, oldest first.
    pub jobs: Ring<Job>,
    /// Counts by state.
    pub counts: JitCounts,
    /// Sum of compile times, µs.
    pub compile_us_total: u64,
    /// Sum of installed code sizes, bytes.
    pub code_bytes_total: u64,
    /// The last tier-up scan.
    pub candidates: Option<TierUpCandidates>,
}

impl Default for JitState {
    fn default() -> Self {
        JitState {
            jobs: Ring::new(JOBS),
            counts: JitCounts::default(),
            compile_us_total: 0,
            code_bytes_total: 0,
            candidates: None,
        }
    }
}

impl JitState {
    /// True once any `jit_*` record arrived: the engine has a JIT.
    pub fn active(&self) -> bool {
        !self.jobs.is_empty()
    }

    /// A `jit_enqueued` record.
    pub fn enqueued(&mut self, ts_us: u64, e: JitEnqueued) {
        self.counts.queued += 1;
        self.jobs.push(Job {
            function: e.function,
            tier: e.tier,
            state: JobState::Queued,
            enqueued_us: ts_us,
            queue_wait_us: None,
            compile_us: None,
            code_size: None,
        });
    }

    /// A `jit_compile_started` record.
    pub fn started(&mut self, e: JitCompileStarted) {
        let Some(job) = self
            .jobs
            .find_last_mut(|j| j.function == e.function && j.tier == e.tier)
        else {
            return;
        };
        if job.state == JobState::Queued {
            self.counts.queued = self.counts.queued.saturating_sub(1);
        }
        job.state = JobState::Compiling;
        job.queue_wait_us = Some(e.queue_wait_us);
        self.counts.compiling += 1;
    }

    /// A `jit_installed` record.
    pub fn installed(&mut self, e: JitInstalled) {
        self.compile_us_total += e.compile_us;
        self.code_bytes_total += e.code_size;
        self.counts.installed += 1;
        if let Some(job) = self.finish(e.function, e.tier, JobState::Installed) {
            job.compile_us = Some(e.compile_us);
            job.code_size = Some(e.code_size);
        }
    }

    /// A `jit_failed` record.
    pub fn failed(&mut self, e: JitFailed) {
        self.counts.failed += 1;
        self.finish(e.function, e.tier, JobState::Failed(e.reason));
    }

    /// Moves the newest job of `function` and `tier` to a final state.
    fn finish(&mut self, function: u32, tier: Tier, state: JobState) -> Option<&mut Job> {
        // The newest job of this function and tier: a finished one may be queued again later.
        let job = self
            .jobs
            .find_last_mut(|j| j.function == function && j.tier == tier)?;
        match job.state {
            JobState::Queued => self.counts.queued = self.counts.queued.saturating_sub(1),
            JobState::Compiling => self.counts.compiling = self.counts.compiling.saturating_sub(1),
            _ => {}
        }
        job.state = state;
        Some(job)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_moves_through_the_queue() {
        let mut jit = JitState::default();
        assert!(!jit.active());
        let tier = Tier::Baseline;
        jit.enqueued(
            1_000,
            JitEnqueued {
                function: 7,
                tier,
                queue_len: 1,
            },
        );
        jit.enqueued(
            1_500,
            JitEnqueued {
                function: 8,
                tier,
                queue_len: 2,
            },
        );
        assert_eq!(jit.counts.queued, 2);
        assert_eq!(
            jit.jobs.iter().next().unwrap().time_in_queue_us(4_000),
            3_000
        );
        jit.started(JitCompileStarted {
            function: 7,
            tier,
            queue_wait_us: 250,
            queue_len: 1,
        });
        jit.installed(JitInstalled {
            function: 7,
            tier,
            compile_us: 900,
            code_size: 4096,
        });
        jit.started(JitCompileStarted {
            function: 8,
            tier,
            queue_wait_us: 10,
            queue_len: 0,
        });
        jit.failed(JitFailed {
            function: 8,
            tier,
            reason: "unsupported opcode".into(),
        });
        let c = jit.counts;
        assert_eq!((c.queued, c.compiling, c.installed, c.failed), (0, 0, 1, 1));
        let first = jit.jobs.iter().next().unwrap();
        assert_eq!(first.state, JobState::Installed);
        assert_eq!((first.compile_us, first.code_size), (Some(900), Some(4096)));
        assert_eq!(first.time_in_queue_us(99_999), 250);
        assert_eq!(jit.code_bytes_total, 4096);
        // A record about a job never queued (joined late) changes no count below zero.
        jit.installed(JitInstalled {
            function: 99,
            tier,
            compile_us: 1,
            code_size: 1,
        });
        assert_eq!(jit.counts.installed, 2);
    }
}
