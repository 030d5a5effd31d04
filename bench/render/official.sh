#!/usr/bin/env bash
# bench/render, ours vs the official HyperFrames CLI (npm `hyperframes` 0.8.170, run by
# Node 22 from npm with Debian's Chromium; scripts/hyperframes-cli.sh), in the same run
# on the same projects: the 10 s motion composition of bench/render/run.sh and three
# compositions the video agent writes (landscape outline, portrait brief, a third style),
# each with its narration track. GSAP is copied into every project and loaded by a
# relative path, so neither renderer needs a CDN. Each renderer runs at its default
# quality with 2 browser processes. Prints wall time and peak RSS per composition, the
# speed-up per composition and the median (target: ours ≥ 2× faster at the median).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
command -v /usr/bin/time >/dev/null || { echo "installing GNU time"; apt-get install -y -qq time >/dev/null; }
cargo build --release --locked -q -p reelcut-cli
BIN="$CARGO_TARGET_DIR/release/reelcut"
scripts/vendor.sh >/dev/null
read -r NODE CLI < <(scripts/hyperframes-cli.sh)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
GSAP="$REELCUT_VENDOR/gsap/gsap.min.js"

local_gsap() { # project dir: GSAP from the project itself, for both renderers
  cp "$GSAP" "$1/gsap.min.js"
  sed -i -E 's#https://cdn\.jsdelivr\.net/npm/gsap@[0-9.]+/dist/gsap\.min\.js#gsap.min.js#' "$1/index.html"
}

# 1. The motion composition of bench/render/run.sh.
mkdir -p "$WORK/motion"
sed -n '/^cat > "\$WORK\/project\/index.html" <</,/^HTML$/p' bench/render/run.sh | sed '1d;$d' > "$WORK/motion/index.html"
local_gsap "$WORK/motion"

# 2–4. What the video agent writes (its narration included).
agent_project() { # name, prompt, extra args…
  local name=$1 prompt=$2; shift 2
  "$BIN" -q agent "$prompt" --keep-project "$WORK/$name" -o "$WORK/$name-agent.mp4" "$@" >/dev/null
  rm -f "$WORK/$name-agent"*
  local_gsap "$WORK/$name"
}
agent_project outline 'Why offline-first apps feel fast
- Your notes save on the phone first
- Sync happens in the background
- Conflicts merge by field, not by file
- 40% fewer support tickets after the switch
- It works on a plane' --duration 30 --style clean-minimal
agent_project portrait 'A 20-second portrait video: three habits of calm teams
- Write decisions down
- Keep meetings short
- Share work early' --orientation portrait --style bold-pop
agent_project retro 'Three reasons to back up your photos
- Phones get lost
- Clouds keep copies
- Restores take minutes' --duration 20 --style retro-tech

measure() { # label, command… → "wall_s peak_kib"
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/$label.time" "$@" >"$WORK/$label.log" 2>&1 || { tail -20 "$WORK/$label.log"; exit 1; }
  cat "$WORK/$label.time"
}

echo "$(nproc) cores; ours: reelcut render (default quality, 2 processes); official: hyperframes 0.8.170 render (default quality, 2 workers), Chromium $(chromium --version 2>/dev/null | awk '{print $2}')"
printf '%-10s %7s %9s %11s %13s %9s\n' composition video_s "ours s" "official s" "ours/official" speed-up
ratios=()
for name in motion outline portrait retro; do
  read -r ours_s ours_kib < <(measure "$name-ours" "$BIN" -q render "$WORK/$name" -o "$WORK/$name-ours.mp4" --workers 2)
  read -r theirs_s theirs_kib < <(measure "$name-official" env PRODUCER_HEADLESS_SHELL_PATH=/usr/bin/chromium HYPERFRAMES_NO_TELEMETRY=1 \
    "$NODE" "$CLI" render "$WORK/$name" -o "$WORK/$name-official.mp4" --workers 2 --quiet)
  length=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$WORK/$name-ours.mp4")
  theirs_length=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$WORK/$name-official.mp4")
  speedup=$(awk -v a="$ours_s" -v b="$theirs_s" 'BEGIN { printf "%.2f", b / a }')
  ratios+=("$speedup")
  printf '%-10s %7.1f %9.1f %11.1f %13s %8s×   (official video %.1f s; peak RSS ours %d MiB, official %d MiB, largest process each)\n' \
    "$name" "$length" "$ours_s" "$theirs_s" "$(awk -v a="$ours_s" -v b="$theirs_s" 'BEGIN { printf "%.2f", a / b }')" "$speedup" \
    "$theirs_length" $((ours_kib / 1024)) $((theirs_kib / 1024))
done
median=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
printf 'median speed-up: %.2f× (target ≥ 2.00×)\n' "$median"
