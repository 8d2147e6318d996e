#!/usr/bin/env bash
# The README's test command: every test suite, including the test262 ratchet.
#   bash tests/run.sh            # everything (about 15 minutes on 2 cores)
#   QUICK=1 bash tests/run.sh    # skip test262
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --release --workspace

if [ -z "${QUICK:-}" ]; then
  t262=(cargo run --release --quiet -p jetcrab-test262 --)
  echo "== test262 (full suite, fails on any regression against tests/test262/expectations.txt)"
  "${t262[@]}" --check --quiet
  echo "== test262 under GC stress + heap verify (deterministic 1-in-10 subset)"
  "${t262[@]}" --check --quiet --gc-stress --gc-verify --subset 10 --timeout 120
fi
