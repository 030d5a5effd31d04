#!/usr/bin/env bash
# The studio's browser test (studio/tests/studio.test.mjs): a real `reelcut serve` with a
# worker on a fresh SQLite data dir, the sample talk uploaded through the page in Debian's
# Chromium, and a second API-only server holding 100 jobs for the list's load time.
# Screenshots land in studio/test-results/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/studio.sh
scripts/fixtures.sh jfk astronaut >/dev/null
scripts/sample.sh >/dev/null
cargo build --release --locked -q -p reelcut-cli
BIN="$CARGO_TARGET_DIR/release/reelcut"

tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 100); do curl -fs "$1/healthz" >/dev/null && return 0; sleep 0.2; done; echo "server $1 did not start" >&2; return 1; }

# The working server: API + one worker.
port=$(free_port)
key=$("$BIN" keys create --workspace studio --data-dir "$tmp/work" 2>/dev/null)
"$BIN" serve --listen "127.0.0.1:$port" --workers 1 --data-dir "$tmp/work" >"$tmp/serve.log" 2>&1 &
pids+=($!)
# The busy one: API only, 100 jobs waiting.
busy_port=$(free_port)
busy_key=$("$BIN" keys create --workspace busy --data-dir "$tmp/busy" 2>/dev/null)
"$BIN" serve --listen "127.0.0.1:$busy_port" --workers 0 --data-dir "$tmp/busy" >"$tmp/busy.log" 2>&1 &
pids+=($!)
wait_up "http://127.0.0.1:$port"
wait_up "http://127.0.0.1:$busy_port"
for i in $(seq 100); do
  curl -fs -o /dev/null -X POST "http://127.0.0.1:$busy_port/v3/ai-clipping" \
    -H "Authorization: Bearer $busy_key" -H 'Content-Type: application/json' \
    -d "{\"video\":{\"type\":\"url\",\"url\":\"https://example.com/talk-$i.mp4\"},\"title\":\"Queued talk $i\"}"
done

login=$(grep -o "http://[^ ]*#login=[0-9a-f]*" "$tmp/serve.log")

rm -rf studio/test-results
STUDIO_LOGIN_URL="$login" STUDIO_URL="http://127.0.0.1:$port" STUDIO_KEY="$key" STUDIO_VIDEO="$REELCUT_FIXTURES/sample-talk.mp4" \
STUDIO_BUSY_URL="http://127.0.0.1:$busy_port" STUDIO_BUSY_KEY="$busy_key" STUDIO_SHOTS="$PWD/studio/test-results" \
  node studio/tests/studio.test.mjs || { echo "--- serve.log (tail)"; tail -40 "$tmp/serve.log"; exit 1; }
