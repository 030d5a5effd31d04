#!/usr/bin/env bash
# Real media that registry packages ship, for the sample run and the tests.
#   jfk  — whisper.cpp/samples/jfk.wav from the pywhispercpp==1.5.1 sdist (11 s of real speech).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
mkdir -p "$REELCUT_FIXTURES"

jfk() {
  local out="$REELCUT_FIXTURES/jfk.wav"
  local sha=59dfb9a4acb36fe2a2affc14bacbee2920ff435cb13cc314a08c13f66ba7860e
  if [ -f "$out" ] && echo "$sha  $out" | sha256sum -c --quiet 2>/dev/null; then return; fi
  local tmp; tmp=$(mktemp -d)
  # --no-binary only for this package: its build requirements still come as wheels.
  python3 -m pip download -q --no-deps --no-binary=pywhispercpp -d "$tmp" pywhispercpp==1.5.1
  tar -xzf "$tmp"/pywhispercpp-1.5.1.tar.gz -C "$tmp" pywhispercpp-1.5.1/whisper.cpp/samples/jfk.wav
  mv "$tmp"/pywhispercpp-1.5.1/whisper.cpp/samples/jfk.wav "$out"
  rm -rf "$tmp"
  echo "$sha  $out" | sha256sum -c --quiet
}

for name in "${@:-jfk}"; do "$name"; done
