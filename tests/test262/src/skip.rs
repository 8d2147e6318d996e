//! The skip list: the only tests not counted as pass or fail. Keep it in sync with
//! `docs/test262.md`.
//!
//! A test is skipped only when it needs something this host will never provide. Features the
//! engine has not implemented *yet* are failures, so progress on them shows up in the numbers.

use crate::metadata::{Flag, Metadata};

/// `features:` entries whose tests are skipped, with the reason shown in reports.
const SKIPPED_FEATURES: &[(&str, &str)] = &[
    (
        "IsHTMLDDA",
        "feature IsHTMLDDA: $262.IsHTMLDDA (document.all) is a browser-only host hook",
    ),
    (
        "tail-call-optimization",
        "feature tail-call-optimization: proper tail calls are not planned",
    ),
];

/// Features starting with this need ECMA-402 (`intl402/` is already left out of the suite).
const INTL_FEATURE_PREFIX: &str = "Intl";
const INTL_REASON: &str = "feature Intl.*: ECMA-402 is not provided";

const CAN_BLOCK_REASON: &str =
    "flag CanBlockIsTrue: the main agent cannot block ([[CanBlock]] is false)";

/// Multi-agent tests (`Atomics.wait`/`notify`/`waitAsync` with workers) drive other agents
/// through `$262.agent`, which this host does not implement.
const AGENT_API: &str = "$262.agent";
const AGENT_REASON: &str = "uses $262.agent: multi-agent (worker) tests are not supported";

/// Why the test should be skipped, or `None` if it should run.
pub fn skip_reason(meta: &Metadata, source: &str) -> Option<&'static str> {
    for feature in &meta.features {
        if let Some((_, reason)) = SKIPPED_FEATURES.iter().find(|(name, _)| name == feature) {
            return Some(reason);
        }
        if feature.starts_with(INTL_FEATURE_PREFIX) {
            return Some(INTL_REASON);
        }
    }
    if meta.has(Flag::CanBlockIsTrue) {
        return Some(CAN_BLOCK_REASON);
    }
    source.contains(AGENT_API).then_some(AGENT_REASON)
}
