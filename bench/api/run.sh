#!/usr/bin/env bash
# bench/api: the HTTP API under load on loopback with wrk (Debian's), the per-key rate
# limit raised out of the way: `GET /v3/ai-clipping/{id}` of a completed job with ten
# clips, and the list, on SQLite and on Postgres. Prints requests/s, p50 and p99 for
# each, and the ratio to `GET /healthz` (no auth, no store) measured in the same run.
# Target (issue 16): ≥ 15,000 req/s get-by-id with p99 < 10 ms on SQLite, 2 cores.
#   bench/api/run.sh                 # both backends, 10 s per endpoint
#   SECONDS_EACH=5 BACKENDS=sqlite bench/api/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
SECONDS_EACH="${SECONDS_EACH:-10}"
BACKENDS="${BACKENDS:-sqlite postgres}"
CONNECTIONS="${CONNECTIONS:-32}"
command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y -qq wrk >/dev/null; }
cargo build --release --locked -q -p reelcut-cli -p reelcut-api --example bench_fixture
# BENCH_BIN: another build of the server to measure (e.g. an earlier commit) with the same fixture.
BIN="${BENCH_BIN:-$CARGO_TARGET_DIR/release/reelcut}"
FIXTURE="$CARGO_TARGET_DIR/release/examples/bench_fixture"
WORK="$(mktemp -d)"
PORT=18731
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

# wrk --latency → "req/s p50_ms p99_ms"
measure() {
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency "$@" | python3 -c '
import re, sys
text = sys.stdin.read()
def ms(label):
    m = re.search(r"^\s*" + str(label) + r"%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
if errors: sys.exit("non-2xx responses: " + errors.group(1))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
print(f"{rps:.0f} {ms(50):.2f} {ms(99):.2f}")'
}

for backend in $BACKENDS; do
  dir="$WORK/$backend"
  mkdir -p "$dir"
  url=""
  if [ "$backend" = postgres ]; then
    db="reelcut_bench_$$"
    psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db" >/dev/null
    url="postgres://postgres@127.0.0.1:5432/$db"
  fi
  cat >"$dir/config.toml" <<TOML
[service]
data_dir = "$dir/data"
database_url = "$url"
listen = "127.0.0.1:$PORT"
public_url = "http://127.0.0.1:$PORT"
workers = 0
rate_limit_per_minute = 1000000000
TOML
  export REELCUT_CONFIG="$dir/config.toml"
  read -r KEY JOB < <("$FIXTURE")
  REELCUT_LOG=error "$BIN" serve >"$dir/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
  curl -fs -H "x-api-key: $KEY" "http://127.0.0.1:$PORT/v3/ai-clipping/$JOB" | python3 -c 'import json,sys; d=json.load(sys.stdin)["data"]; assert d["status"]=="completed" and len(d["clips"])==10, d'
  read -r h_rps h_p50 h_p99 < <(measure "http://127.0.0.1:$PORT/healthz")
  read -r g_rps g_p50 g_p99 < <(measure -H "x-api-key: $KEY" "http://127.0.0.1:$PORT/v3/ai-clipping/$JOB")
  read -r l_rps l_p50 l_p99 < <(measure -H "x-api-key: $KEY" "http://127.0.0.1:$PORT/v3/ai-clipping?limit=10")
  kill "$server"; wait "$server" 2>/dev/null || true
  unset REELCUT_CONFIG
  [ "$backend" = postgres ] && psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE $db" >/dev/null
  python3 - "$backend" "$h_rps" "$h_p50" "$h_p99" "$g_rps" "$g_p50" "$g_p99" "$l_rps" "$l_p50" "$l_p99" <<'PY'
import sys
backend, *v = sys.argv[1:]
v = list(map(float, v))
rows = [("healthz (baseline)", v[0:3]), ("get by id", v[3:6]), ("list (limit 10)", v[6:9])]
print(f"\n{backend}: {'endpoint':<20} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'vs healthz':>10}")
for name, (rps, p50, p99) in rows:
    print(f"{'':{len(backend)+2}}{name:<20} {rps:>8.0f} {p50:>7.2f} {p99:>7.2f} {rps / v[0]:>9.2f}x")
PY
  PORT=$((PORT + 1))
done
