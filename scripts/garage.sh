#!/usr/bin/env bash
# Garage, the self-hosted S3-compatible store written in Rust, from crates.io: the S3
# server the blob suite and the scale-out tests start (one node per test, on loopback)
# and the documented production choice beside AWS S3 and MinIO. Built once (~15 min on
# 2 cores) into ~/.cache/reelcut-garage, outside the clone, with its own target dir.
# Idempotent; prints the binary's path.
set -euo pipefail
source "$(dirname "$0")/env.sh"
VERSION=2.5.0
ROOT="${GARAGE_ROOT:-$HOME/.cache/reelcut-garage}"
BIN="$ROOT/bin/garage"
if ! { [ -x "$BIN" ] && "$BIN" --version 2>/dev/null | grep -q "cargo:$VERSION"; }; then
  echo "garage: building $VERSION from crates.io (once)" >&2
  cargo install -q garage --version "$VERSION" --locked --root "$ROOT" --target-dir "$ROOT/target" >&2
  rm -rf "$ROOT/target"
fi
echo "$BIN"
