#!/usr/bin/env bash
# The video agent's cost against its own render: a 60-second portrait video from a
# brief (an outline of points), offline, then the very composition it rendered
# rendered again on its own with `reelcut render`, in the same run. Prints wall time and
# peak RSS of both and their ratio (target: agent ≤ 2× render — planning, narration and
# the captioned variant cost less than the render itself).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
cargo build --release --locked -q -p reelcut-cli
BIN="$CARGO_TARGET_DIR/release/reelcut"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PROMPT='A 60-second portrait video: five habits that make remote teams faster
- Write decisions down where everyone can find them
- Keep meetings for discussion, not for status updates
- Answer messages in batches twice a day
- Share work early, while it is still rough
- Agree on one place for every kind of file'

measure() { # label, command… → "label wall_s peak_kib"
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/$label.time" "$@" >/dev/null 2>"$WORK/$label.err" || { cat "$WORK/$label.err"; exit 1; }
  echo "$label $(cat "$WORK/$label.time")"
}

agent=$(measure agent "$BIN" -q agent "$PROMPT" --duration 60 --orientation portrait --keep-project "$WORK/project" -o "$WORK/video.mp4")
render=$(measure render "$BIN" -q render "$WORK/project" --quality standard --fps 30 -o "$WORK/render.mp4")
length=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$WORK/video.mp4")
read -r _ agent_s agent_kib <<<"$agent"
read -r _ render_s render_kib <<<"$render"
printf 'video: %.1f s portrait (%s)\n' "$length" "$(ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0 "$WORK/video.mp4")"
printf '%-28s %8s %10s\n' "" "wall s" "peak MiB"
printf '%-28s %8.1f %10.0f\n' "agent (plan→voice→render→variants)" "$agent_s" "$((agent_kib / 1024))"
printf '%-28s %8.1f %10.0f\n' "render of the same project" "$render_s" "$((render_kib / 1024))"
awk -v a="$agent_s" -v r="$render_s" 'BEGIN { printf "ratio agent/render: %.2f (target <= 2.00)\n", a / r }'
