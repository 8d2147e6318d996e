//! The sampling heap profiler (`HeapProfiler.startSampling`/`stopSampling`): which JS stacks
//! allocate, estimated from one allocation every `interval` bytes on average.
//!
//! Cost when off: `Heap::alloc` compares the allocated-bytes counter with `Heap::sample_at`,
//! which is `u64::MAX` (one predictable branch). When on, the allocation that crosses the
//! sample point records its size and raises [`INTERRUPT_ALLOC`]; the heap cannot see the JS
//! stack, so the VM attributes the pending sizes to the stack at its next safepoint (a call or
//! loop back-edge, usually in the allocating function or its caller, the way CPU samples are
//! taken). Gaps between samples are exponentially distributed (a Poisson process over bytes,
//! as in V8), so periodic allocation patterns cannot stay in phase with the sampler.
//!
//! The profile counts every sampled allocation (V8's `includeObjectsCollectedByMajorGC`); each
//! sample's `size` is the sampled object's size.

use super::cpuprofile::{CallFrame, CpuProfile};
use super::{Profile, Sample};
use crate::telemetry::FunctionInfo;
use crate::vm::{Vm, INTERRUPT_ALLOC};
use serde::Serialize;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

/// V8's default mean sampling interval, bytes.
pub const DEFAULT_INTERVAL: u64 = 32 * 1024;

/// Longest mean interval accepted (1 TiB: effectively never).
const MAX_INTERVAL: u64 = 1 << 40;

/// The heap's half: draws sample points and keeps sampled sizes until a safepoint.
pub(crate) struct AllocationSampler {
    interval: u64,
    rng: u64,
    /// Sizes sampled since the VM last attributed them.
    pending: Vec<u64>,
    interrupt: Arc<AtomicU8>,
}

impl AllocationSampler {
    /// Bytes until the next sample: exponential with mean `interval`.
    fn gap(&mut self) -> u64 {
        let u = (super::sampler::next_random(&mut self.rng) >> 11) as f64 / (1u64 << 53) as f64;
        ((-(1.0 - u).ln()) * self.interval as f64).max(1.0) as u64
    }

    /// Records a sampled allocation; returns the bytes until the next one.
    pub(crate) fn record(&mut self, size: u64) -> u64 {
        self.pending.push(size);
        self.interrupt.fetch_or(INTERRUPT_ALLOC, Ordering::Release);
        self.gap()
    }
}

/// `HeapProfiler.SamplingHeapProfile`.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SamplingHeapProfile {
    /// The root of the allocation call tree (`(root)`).
    pub head: AllocationNode,
    /// Every sample, in allocation order.
    pub samples: Vec<AllocationSample>,
}

/// `HeapProfiler.SamplingHeapProfileNode`.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AllocationNode {
    /// The function.
    pub call_frame: CallFrame,
    /// Bytes of the samples taken with this node as the leaf.
    pub self_size: u64,
    /// Unique id (the samples' `nodeId`).
    pub id: u32,
    /// Callees.
    pub children: Vec<AllocationNode>,
}

/// `HeapProfiler.SamplingHeapProfileSample`.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AllocationSample {
    /// Bytes of the sampled allocation.
    pub size: u64,
    /// Its leaf node.
    pub node_id: u32,
    /// Allocation order.
    pub ordinal: u64,
}

impl SamplingHeapProfile {
    /// The call tree of samples (stack of function ids, size), with the same nodes a
    /// `.cpuprofile` of those stacks has.
    pub(crate) fn from_samples(functions: &[FunctionInfo], samples: &[(Vec<u32>, u64)]) -> Self {
        let flat = CpuProfile::from_profile(&Profile {
            functions: functions.to_vec(),
            samples: samples
                .iter()
                .map(|(stack, _)| Sample {
                    time_us: 0,
                    stack: stack.clone(),
                    line: 0,
                })
                .collect(),
            ..Profile::default()
        });
        // Node ids are 1-based positions in `flat.nodes`; parents precede children.
        let mut self_size = vec![0u64; flat.nodes.len()];
        for (&node, (_, size)) in flat.samples.iter().zip(samples) {
            self_size[node as usize - 1] += size;
        }
        fn build(flat: &CpuProfile, self_size: &[u64], id: u32) -> AllocationNode {
            let n = &flat.nodes[id as usize - 1];
            AllocationNode {
                call_frame: n.call_frame.clone(),
                self_size: self_size[id as usize - 1],
                id,
                children: n
                    .children
                    .iter()
                    .map(|&c| build(flat, self_size, c))
                    .collect(),
            }
        }
        SamplingHeapProfile {
            head: build(&flat, &self_size, 1),
            samples: flat
                .samples
                .iter()
                .zip(samples)
                .enumerate()
                .map(|(i, (&node_id, (_, size)))| AllocationSample {
                    size: *size,
                    node_id,
                    ordinal: i as u64 + 1,
                })
                .collect(),
        }
    }
}

impl Vm {
    /// Starts sampling allocations every `interval` bytes on average (restarts a running
    /// session, dropping its samples).
    pub(crate) fn start_heap_sampling(&mut self, interval: u64) {
        self.observer().allocations.clear();
        let mut s = AllocationSampler {
            interval: interval.clamp(1, MAX_INTERVAL),
            rng: 0x2545_F491_4F6C_DD1D ^ self.heap.stats.total_allocated,
            pending: Vec::new(),
            interrupt: self.interrupt.clone(),
        };
        self.heap.sample_at = self.heap.stats.total_allocated.saturating_add(s.gap());
        self.heap.sampling = Some(Box::new(s));
    }

    /// Stops sampling; the profile of what was sampled (None if not started).
    pub(crate) fn stop_heap_sampling(&mut self) -> Option<SamplingHeapProfile> {
        let profile = self.heap_sampling_profile();
        self.heap.sampling = None;
        self.heap.sample_at = u64::MAX;
        if let Some(o) = self.observer.as_deref_mut() {
            o.allocations = Vec::new();
        }
        profile
    }

    /// The profile so far, sampling on (None if not started).
    pub(crate) fn heap_sampling_profile(&mut self) -> Option<SamplingHeapProfile> {
        self.heap.sampling.as_ref()?;
        self.take_allocation_samples();
        let o = self.observer.as_deref()?;
        Some(SamplingHeapProfile::from_samples(
            &o.functions.infos,
            &o.allocations,
        ))
    }

    /// Attributes the pending sampled allocations to the current JS stack (at a safepoint).
    pub(crate) fn take_allocation_samples(&mut self) {
        let Some(s) = self.heap.sampling.as_deref_mut() else {
            return;
        };
        let pending = std::mem::take(&mut s.pending);
        if pending.is_empty() {
            return;
        }
        let Some(mut o) = self.observer.take() else {
            return;
        };
        // New function ids are announced on the stream as the CPU sampler announces them.
        let sink = o.live_sink().cloned();
        let (stack, _) = self.capture_stack(&mut o, sink.as_ref());
        for size in pending {
            o.allocations.push((stack.clone(), size));
        }
        self.observer = Some(o);
    }
}

#[cfg(test)]
mod tests {
    use crate::api::Engine;

    /// Allocations are attributed to the allocating function; the tree's self sizes add up to
    /// the samples; stopping turns the allocation-path check back off.
    #[test]
    fn samples_name_the_allocating_function() {
        let mut engine = Engine::new();
        engine.vm().start_heap_sampling(1024);
        engine
            .eval_script(
                "function allocHot() { const a = []; for (let i = 0; i < 20000; i++) a.push({ i }); return a; }
                 allocHot().length;",
                "alloc.js",
            )
            .unwrap();
        let p = engine.vm().stop_heap_sampling().unwrap();
        assert_eq!(engine.vm().heap.sample_at, u64::MAX);
        assert!(engine.vm().stop_heap_sampling().is_none());
        fn find<'a>(n: &'a super::AllocationNode, name: &str) -> Option<&'a super::AllocationNode> {
            if n.call_frame.function_name == name {
                return Some(n);
            }
            n.children.iter().find_map(|c| find(c, name))
        }
        fn total(n: &super::AllocationNode) -> u64 {
            n.self_size + n.children.iter().map(total).sum::<u64>()
        }
        let hot = find(&p.head, "allocHot").expect("allocHot in the tree");
        let all = total(&p.head);
        assert!(p.samples.len() > 100, "{} samples", p.samples.len());
        assert_eq!(all, p.samples.iter().map(|s| s.size).sum::<u64>());
        assert!(total(hot) * 10 >= all * 8, "{} of {all}", total(hot));
        assert!(p.samples.windows(2).all(|w| w[0].ordinal < w[1].ordinal));
    }
}
