# Sourced by the bench scripts: the work dir, GNU time, the faster-whisper peer in its
# own venv, and a release build of reelcut ($BIN).
WORK="${BENCH_WORK:-$HOME/.cache/reelcut-bench}"
VENV="$WORK/venv"
mkdir -p "$WORK"
command -v /usr/bin/time >/dev/null || { echo "installing GNU time"; apt-get install -y -qq time >/dev/null; }
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q faster-whisper
fi
cargo build --release --locked -q -p reelcut-cli
BIN="$CARGO_TARGET_DIR/release/reelcut"
