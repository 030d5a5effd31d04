#!/usr/bin/env bash
# README command (b): everything the suite needs (system packages, models, fixture
# media, a PostgreSQL server for the store suite, llama-cpp-python's server for the
# text room's remote backend), then the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh --no-sample
scripts/postgres.sh
scripts/llama-server.sh
scripts/garage.sh >/dev/null
# --release shares one build with the binary (a debug build would compile every
# dependency a second time), and the mel, VAD and look code need optimised code anyway.
cargo test --release --workspace --locked --no-fail-fast
scripts/schemathesis.sh
scripts/studio-test.sh
