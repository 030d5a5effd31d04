#!/usr/bin/env bash
# README command (a): install what is missing on a fresh Debian machine, build reelcut,
# fetch the bundled models, make a sample talk video from real material (a face photo
# and synthesised speech), and run the main job, `reelcut clip`, on it.
# Idempotent: a second run only re-does what is missing.
#   --no-sample  stop after models and fixtures (the test script uses this)
set -euo pipefail
cd "$(dirname "$0")/.."
RUN_SAMPLE=1; [ "${1:-}" = "--no-sample" ] && RUN_SAMPLE=0
source scripts/env.sh

step() { printf '\n==> %s\n' "$*"; }

step "system packages"
need=()
# chromium-headless-shell renders HyperFrames compositions (begin-frame capture; the
# full chromium is there for the screenshot fallback's test); npm fetches the gsap
# package they load (any npm will do: Debian's only when none is there).
for pkg in ffmpeg cmake espeak-ng sox pkg-config g++ python3-pip python3-venv curl fonts-dejavu-core fonts-dejavu-extra fonts-lato fonts-open-sans fonts-liberation2 fonts-comic-neue chromium-headless-shell chromium; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
command -v npm >/dev/null 2>&1 || need+=(npm)
if ((${#need[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi

step "rust toolchain"
if ! command -v cargo >/dev/null 2>&1; then
  # Debian's packaged toolchain where rustup is not available.
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get install -y -qq cargo rustc
fi
cargo --version

step "CTranslate2 (the shared library in PyPI's wheel)"
scripts/ctranslate2.sh

step "studio page (npm, Vite) → studio/dist, embedded by the build"
scripts/studio.sh

step "build (release)"
cargo build --release --locked -p reelcut-cli
BIN="$CARGO_TARGET_DIR/release/reelcut"

step "models → $REELCUT_MODELS"
"$BIN" models fetch
"$BIN" models verify

step "vendored browser libraries → $REELCUT_VENDOR"
scripts/vendor.sh

step "Piper voice for the moments talk sets → $PIPER_VENV"
scripts/piper.sh

step "sample"
scripts/fixtures.sh jfk astronaut
[ "$RUN_SAMPLE" = 1 ] || exit 0
scripts/sample.sh
SAMPLE="$REELCUT_FIXTURES/sample-talk.mp4"

step "main job: reelcut clip $SAMPLE"
mkdir -p out
"$BIN" clip "$SAMPLE" --out out/clips --hook
echo
echo "clips: out/clips (open out/clips/index.html; clips.json has scores, reasons, hooks, crop tracks)"
