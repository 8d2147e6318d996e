//! Profiling through the debugger: the CPU profiler, telemetry-only sampling, heap numbers and
//! explicit collections, for the inspector's `Profiler`, `HeapProfiler` and `JetCrab` domains.

use super::DebugVm;
use crate::heap::HeapStats;
use crate::profiler::allocation::SamplingHeapProfile;
use crate::profiler::{Profile, ProfilerOptions};
use crate::telemetry::{FunctionInfo, Sink};
use std::time::Duration;

impl DebugVm<'_> {
    /// Starts (or restarts) a CPU profile recording (`Profiler.start`).
    pub fn start_profiler(&mut self, interval: Duration) {
        self.vm.start_profiler(&ProfilerOptions { interval });
    }

    /// Stops the recording (`Profiler.stop`); `None` when none was running.
    pub fn stop_profiler(&mut self) -> Option<Profile> {
        self.vm.stop_profiler()
    }

    /// Publishes the engine's telemetry to `sink` from now on (replacing any previous sink).
    pub fn set_telemetry(&mut self, sink: Sink) {
        self.vm.set_telemetry(sink);
    }

    /// Samples JS stacks for the telemetry stream only, never kept (`None` stops). Independent
    /// of a recording.
    pub fn set_stream_sampling(&mut self, interval: Option<Duration>) {
        self.vm.set_stream_sampling(interval);
    }

    /// Every function id named so far (indexed by id).
    pub fn functions(&self) -> Vec<FunctionInfo> {
        self.vm.function_infos()
    }

    /// Heap statistics.
    pub fn heap_stats(&self) -> HeapStats {
        self.vm.heap_stats()
    }

    /// The heap limit in bytes (a RangeError past it).
    pub fn heap_limit(&self) -> usize {
        self.vm.heap_limit
    }

    /// A full collection now (`HeapProfiler.collectGarbage`). The interrupted frame's
    /// accumulator is pinned by the caller of the handler.
    pub fn collect_garbage(&mut self) {
        self.vm
            .collect_garbage(crate::value::Value::UNDEFINED, "explicit");
    }

    /// Starts the sampling heap profiler (`HeapProfiler.startSampling`): one allocation every
    /// `interval` bytes on average is attributed to the JS stack.
    pub fn start_heap_sampling(&mut self, interval: u64) {
        self.vm.start_heap_sampling(interval);
    }

    /// Stops it and returns its profile (`None` when it was not running).
    pub fn stop_heap_sampling(&mut self) -> Option<SamplingHeapProfile> {
        self.vm.stop_heap_sampling()
    }

    /// The profile so far, without stopping (`HeapProfiler.getSamplingProfile`).
    pub fn heap_sampling_profile(&mut self) -> Option<SamplingHeapProfile> {
        self.vm.heap_sampling_profile()
    }
}
