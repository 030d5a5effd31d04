#!/usr/bin/env bash
# Real media that registry packages ship, for the sample run and the tests.
#   jfk  — whisper.cpp/samples/jfk.wav from the pywhispercpp==1.5.1 sdist (11 s of real speech).
#   astronaut — a real face photo from the scikit-image wheel.
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

# astronaut — skimage/data/astronaut.png from the scikit-image==0.25.2 wheel (a real face
# photo, public domain: NASA), for the sample talk video and the reframing tests.
astronaut() {
  local out="$REELCUT_FIXTURES/astronaut.png"
  local sha=88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5
  if [ -f "$out" ] && echo "$sha  $out" | sha256sum -c --quiet 2>/dev/null; then return; fi
  local tmp; tmp=$(mktemp -d)
  python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.11 \
    --platform manylinux_2_17_x86_64 -d "$tmp" scikit-image==0.25.2
  python3 -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract('skimage/data/astronaut.png', sys.argv[2])" \
    "$tmp"/scikit_image-0.25.2-*.whl "$tmp"
  mv "$tmp"/skimage/data/astronaut.png "$out"
  rm -rf "$tmp"
  echo "$sha  $out" | sha256sum -c --quiet
}

[ $# -gt 0 ] || set -- jfk astronaut
for name in "$@"; do "$name"; done
