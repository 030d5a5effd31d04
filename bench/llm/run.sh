#!/usr/bin/env bash
# bench/llm: the embedded text model (SmolLM2-135M-Instruct Q4_1 via candle) on this
# machine — load time, tokens/s, and the share of its hook lines (13 tones × 20 clips of
# the moments dev set) that pass the on-screen checks (about the clip, no invented
# numbers, 3–16 words, no talk about the task). Failed ones fall back to the extractive
# line, which the same run shows beside them.
#   bench/llm/run.sh          # 20 clips
#   CLIPS=5 bench/llm/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
cargo run --release --locked -q -p reelcut-llm --example hook_acceptance -- "$REELCUT_MODELS" "${CLIPS:-20}"
