#!/usr/bin/env bash
# bench/export: what an export costs next to what it saves. On a generated 1080p30 talk
# (bench/talk.sh), `reelcut clip` makes up to 10 clips of ~60 s (portrait 1080p, bold
# captions, cold stage cache); then `reelcut export` draws 3 of them again. Baselines,
# in the same run: a plain ffmpeg render of the same 3 windows (centre crop, scale, the
# same x264 preset and CRF, AAC; two at a time, as reelcut draws them), and the clip
# job's own render stage, pro-rated to those clips' seconds. Prints:
#   export without captions / plain ffmpeg render of the same windows   target ≤ 1.1
#   export with the job's captions / the job's render of those clips    target ≤ 1.1
#   export / the whole clipping job                                      target ≤ 0.2
# A third export in another look (4:5, karaoke, a hook at the end) is timed as well.
#   bench/export/run.sh               # 10-minute talk
#   MINUTES=20 bench/export/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
MINUTES="${MINUTES:-10}"
WORK="${BENCH_WORK:-$HOME/.cache/reelcut-bench}"
mkdir -p "$WORK"
command -v /usr/bin/time >/dev/null || { echo "installing GNU time"; apt-get install -y -qq time >/dev/null; }
source bench/talk.sh
TALK=$(devset_talk "$MINUTES")
# BENCH_BIN: an already built binary (no build then).
[ -n "${BENCH_BIN:-}" ] || cargo build --release --locked -q -p reelcut-cli
BIN="${BENCH_BIN:-$CARGO_TARGET_DIR/release/reelcut}"
RUN="$WORK/export"
rm -rf "$RUN" && mkdir -p "$RUN"
export REELCUT_CACHE_DIR="$RUN/stage-cache"
seconds() { /usr/bin/time -f "%e" -o "$RUN/$1.time" "${@:2}" >/dev/null 2>"$RUN/$1.log"; cat "$RUN/$1.time"; }

clip_s=$(seconds clip "$BIN" clip "$TALK" --out "$RUN/clips" --durations 60 --max-clips 10 \
  --aspect portrait --resolution 1080p --caption-style bold -q)
bare_s=$(seconds bare "$BIN" export "$RUN/clips" --out "$RUN/bare" --clips 0,1,2 \
  --aspect portrait --resolution 1080p --no-captions -q)
export_s=$(seconds same "$BIN" export "$RUN/clips" --out "$RUN/same" --clips 0,1,2 \
  --aspect portrait --resolution 1080p --caption-style bold -q)
other_s=$(seconds other "$BIN" export "$RUN/clips" --out "$RUN/other" --clips 0,1,2 \
  --aspect 4:5 --resolution 1080p --caption-style karaoke --hook --hook-style dramatic --hook-position end -q)

# The plain render of the same three windows.
python3 -c "import json,sys; [print(c['start'], c['duration_seconds'], i) for i, c in enumerate(json.load(open(sys.argv[1]))['clips'][:3])]" \
  "$RUN/clips/clips.json" > "$RUN/windows.txt"
plain() {
  ffmpeg -nostdin -hide_banner -loglevel error -y -ss "$1" -t "$2" -i "$TALK" \
    -vf "crop=606:1080:(iw-606)/2:0,scale=1080:1920" -c:v libx264 -preset veryfast -crf 21 -c:a aac "$RUN/plain-$3.mp4"
}
export -f plain
export TALK RUN
plain_s=$(seconds plain xargs -P 2 -L 1 bash -c 'plain "$@"' _ < "$RUN/windows.txt")

python3 - "$clip_s" "$export_s" "$other_s" "$plain_s" "$bare_s" "$RUN/clips/clips.json" <<'PY'
import json, sys
clip, same, other, plain, bare = map(float, sys.argv[1:6])
m = json.load(open(sys.argv[6]))
seconds = sum(c["duration_seconds"] for c in m["clips"])
chosen = sum(c["duration_seconds"] for c in m["clips"][:3])
render = next(s["seconds"] for s in m["stages"] if s["stage"] == "render") * chosen / seconds
print(f"talk: {m['source']['duration_seconds']:.0f} s; clip job made {len(m['clips'])} clips ({seconds:.0f} s); exported 3 ({chosen:.0f} s)")
print("clip job stages: " + ", ".join(f"{s['stage']} {s['seconds']:.1f}s" for s in m["stages"]))
print(f"clip job (cold cache)                 {clip:7.2f} s")
print(f"plain ffmpeg render of the 3 windows  {plain:7.2f} s")
print(f"the job's render of those 3 clips     {render:7.2f} s  (its render stage × {chosen:.0f}/{seconds:.0f} s)")
print(f"export, no captions                   {bare:7.2f} s  ×{bare / plain:.2f} of the plain render (target ≤ 1.1), ×{bare / clip:.3f} of the clip job")
print(f"export, the job's look (bold)         {same:7.2f} s  ×{same / render:.2f} of the job's render (target ≤ 1.1), ×{same / clip:.3f} of the clip job (target ≤ 0.2)")
print(f"export, 4:5 karaoke + end hook        {other:7.2f} s  ×{other / render:.2f} of the job's render, ×{other / clip:.3f} of the clip job")
PY
grep -h '^stages' "$RUN/same.log" | sed 's/^/export /'
