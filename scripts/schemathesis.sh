#!/usr/bin/env bash
# Property-based API tests: schemathesis (PyPI, in its own venv, built once) generates
# requests from each dialect's OpenAPI document — v3, WayinVideo v2, ScaleReach — and
# sends them to a real `reelcut serve` (API only, a fresh data dir). The check is that
# nothing answers with a server error. The test script runs this after the suite.
#   scripts/schemathesis.sh [EXAMPLES]   # examples per operation (default 25)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
VENV="${SCHEMATHESIS_VENV:-$HOME/.cache/reelcut-schemathesis}"
if [ ! -x "$VENV/bin/st" ]; then
  python3 -m venv "$VENV"
  # schemathesis 3.x calls a Hypothesis internal that 6.131 removed.
  "$VENV/bin/pip" install -q "schemathesis>=3.39,<4" "hypothesis<6.131"
fi
BIN="$CARGO_TARGET_DIR/release/reelcut"
[ -x "$BIN" ] || cargo build --release --locked -p reelcut-cli
DATA="$(mktemp -d)"
PORT=$((20000 + RANDOM % 20000))
trap 'kill "${SERVER:-0}" 2>/dev/null || true; rm -rf "$DATA"' EXIT
KEY=$("$BIN" keys create --workspace schemathesis --dialect scalereach --data-dir "$DATA" 2>/dev/null)
# A generous rate limit: the run sends thousands of requests on one key.
REELCUT_SERVICE__RATE_LIMIT_PER_MINUTE=100000 "$BIN" serve --listen "127.0.0.1:$PORT" --workers 0 --data-dir "$DATA" >"$DATA/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
status=0
for doc in /v3/openapi.json /api/v2/openapi.json /api/openapi.json; do
  echo "==> schemathesis $doc"
  "$VENV/bin/st" run "http://127.0.0.1:$PORT$doc" --base-url "http://127.0.0.1:$PORT" \
    -H "Authorization: Bearer $KEY" --checks not_a_server_error --experimental=openapi-3.1 \
    --hypothesis-max-examples "${1:-25}" --hypothesis-seed 1 --no-color || status=1
done
if [ "$status" != 0 ]; then
  echo "server log:"; tail -50 "$DATA/serve.log"
fi
exit "$status"
