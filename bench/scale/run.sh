#!/usr/bin/env bash
# Scale-out, 1 → 2 workers: the same 30-minute talk (SCALE_MINUTES of text) clipped
# on Postgres + a single-node Garage by one worker host pinned to core 0, then by two
# worker hosts pinned to cores 0 and 1, each with one inference thread. The machine has
# 2 cores, so this is the honest 1 → 2 step. Prints both wall times, the ratio (target
# ≤ 0.6), the critical path and a model of 4, 8 and 16 workers from the measured task
# durations (crates/cli/examples/scale_bench.rs).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
WORK="${BENCH_WORK:-$HOME/.cache/reelcut-bench}"
mkdir -p "$WORK"
source bench/talk.sh
cargo build --release --locked -q -p reelcut-cli --example scale_bench
export GARAGE_BIN="$(scripts/garage.sh)"
# espeak-ng reads the dev set faster than the 2.6 words/s bench/talk.sh plans for: 34
# minutes of text make a 30-minute talk (30 minutes of text made 26.4).
TALK="$(devset_talk "${SCALE_MINUTES:-34}")"
"$CARGO_TARGET_DIR/release/examples/scale_bench" "$TALK" "$CARGO_TARGET_DIR/release/reelcut"
