#!/usr/bin/env bash
# Moments quality and speed on the evaluation set (tune + held-out) and the old dev set:
# recall@K, precision, boundary error, edges, words cut; then an hour scored against a
# 10-minute baseline in the same process. Pass --asr to transcribe with real Whisper.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
cargo run --release --locked -q -p reelcut-moments --example talksets -- "$@"
