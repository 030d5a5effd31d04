#!/usr/bin/env bash
# bench/look: the look stage's frame decode (the ffmpeg command crates/look/src/frames.rs
# runs: seek, 5 fps, 640-px area downscale, RGB out) on a 60-second 1080p30 H.264 input
# with B-frames, as cameras and downloads have them, decoding every frame vs skipping
# the frames nothing refers to (`-skip_frame noref`, what the look stage does). Prints
# wall and CPU seconds of each and the ratio, best of 3, plus the frames delivered (the
# same count both ways). Then the face-search cadence bench (crates/look/benches).
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK="${BENCH_WORK:-$HOME/.cache/reelcut-bench}/look"
mkdir -p "$WORK"
command -v /usr/bin/time >/dev/null || { echo "installing GNU time"; apt-get install -y -qq time >/dev/null; }
INPUT="$WORK/bframes-1080p30.mp4"
[ -f "$INPUT" ] || ffmpeg -nostdin -v error -y -f lavfi -i "testsrc2=s=1920x1080:r=30:d=60" \
  -c:v libx264 -preset veryfast -bf 3 -pix_fmt yuv420p "$INPUT"

run() {  # skip_frame value → "wall cpu frames", best wall of 3
  local best=""
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %U %S" -o "$WORK/time.txt" ffmpeg -nostdin -v error -ss 5 -t 50 -skip_frame "$1" -i "$INPUT" \
      -map 0:v:0 -an -vf "fps=5,scale=640:360:flags=area" -pix_fmt rgb24 -f rawvideo pipe:1 | wc -c > "$WORK/bytes.txt"
    read -r wall user sys < "$WORK/time.txt"
    local cpu; cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < ${best%% *})}"; then best="$wall $cpu $(( $(cat "$WORK/bytes.txt") / (640*360*3) ))"; fi
  done
  echo "$best"
}
read -r all_wall all_cpu all_frames < <(run default)
read -r skip_wall skip_cpu skip_frames < <(run noref)
printf '%-22s %7s %7s %7s\n' decode wall_s cpu_s frames
printf '%-22s %7.2f %7.2f %7d\n' "every frame" "$all_wall" "$all_cpu" "$all_frames"
printf '%-22s %7.2f %7.2f %7d\n' "skip_frame noref" "$skip_wall" "$skip_cpu" "$skip_frames"
awk -v a="$skip_wall" -v b="$all_wall" -v c="$skip_cpu" -v d="$all_cpu" \
  'BEGIN{printf "ratio noref/every: wall %.2fx  cpu %.2fx\n", a/b, c/d}'

# The face search: every frame at full analysis size vs the adaptive cadence (scene
# analysis end to end: decode, search, tracks).
echo
source scripts/env.sh
cargo bench -q --locked -p reelcut-look --bench cadence
