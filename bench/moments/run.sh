#!/usr/bin/env bash
# Moments quality and speed on every talk set — the evaluation set's tune, held-out and
# blind splits and the old development set: recall@K, precision@K, boundary error, words
# cut, worst edge, housekeeping in the top K and the 45 s-window baseline per talk, what
# the default budget offers, then an hour-plus talk scored against one talk in the same
# process. Pass --asr to transcribe with real Whisper, -v for every clip and a diagnosis
# of each planted passage, --only SPLIT for one split.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
scripts/piper.sh >/dev/null
# `asr` links Whisper (CTranslate2) into the example for --asr; the room itself does not.
cargo run --release --locked -q -p reelcut-moments --features asr --example talksets -- "$@"
