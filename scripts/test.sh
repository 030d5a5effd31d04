#!/usr/bin/env bash
# README command (b): everything the suite needs (system packages, models, fixture
# media, a PostgreSQL server for the store suite), then the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh --no-sample
scripts/postgres.sh
# --release shares the one CTranslate2 build with the binary (a debug build would
# compile it a second time), and real Whisper inference needs optimised code anyway.
cargo test --release --workspace --locked --no-fail-fast
