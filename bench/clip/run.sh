#!/usr/bin/env bash
# bench/clip: `reelcut clip` on a generated 1080p30 talk (a real face photo moving over
# a background, espeak-ng speech from the moments dev set), 10 clips of ~60 s, portrait
# 1080p. Prints total wall time, time per stage, peak RSS, and the ratio to a floor
# measured in the same run: faster-whisper's transcription of the same audio plus a
# plain ffmpeg centre-crop + encode of the same total clip seconds with the same x264
# preset. Targets: ≤ 1.3× the floor, peak RSS ≤ 2 GB.
#   bench/clip/run.sh               # 60-minute talk (generating it takes a while, once)
#   MINUTES=10 bench/clip/run.sh    # shorter
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
MINUTES="${MINUTES:-60}"
source bench/common.sh

source bench/talk.sh
TALK=$(devset_talk "$MINUTES")
DURATION=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$TALK")
echo "input: $TALK (${DURATION}s)"

# reelcut, cold cache.
OUT="$WORK/clips"
rm -rf "$OUT" "$WORK/stage-cache"
/usr/bin/time -f "%e %M" -o "$WORK/time.txt" env REELCUT_CACHE_DIR="$WORK/stage-cache" \
  "$BIN" clip "$TALK" --out "$OUT" --durations 60 --max-clips 10 --aspect portrait --resolution 1080p -q >/dev/null
read -r rc_s rc_kb < "$WORK/time.txt"

# The floor: faster-whisper on the same audio (same model dir, int8, 2 threads, beam 5,
# VAD) + ffmpeg encoding the same clip seconds with a fixed centre crop.
/usr/bin/time -f "%e" -o "$WORK/fw.txt" "$VENV/bin/python" bench/asr/faster_whisper_bench.py "$REELCUT_MODELS/whisper-base" "$TALK" 5 2>/dev/null
fw_s=$(cat "$WORK/fw.txt")
enc_start=$(date +%s.%N)
python3 -c "import json,sys; [print(c['start'], c['duration_seconds']) for c in json.load(open(sys.argv[1]))['clips']]" "$OUT/clips.json" |
while read -r start dur; do
  ffmpeg -nostdin -hide_banner -loglevel error -y -ss "$start" -t "$dur" -i "$TALK" \
    -vf "crop=606:1080:(iw-606)/2:0,scale=1080:1920" -c:v libx264 -preset veryfast -crf 21 -c:a aac "$WORK/floor.mp4"
done
enc_s=$(python3 -c "import sys; print(float(sys.argv[1]) - float(sys.argv[2]))" "$(date +%s.%N)" "$enc_start")

python3 - "$OUT/clips.json" "$rc_s" "$rc_kb" "$fw_s" "$enc_s" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
rc, kb, fw, enc = float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
clip_s = sum(c["duration_seconds"] for c in m["clips"])
print(f"clips: {len(m['clips'])}, {clip_s:.0f} s in all")
print("stages: " + ", ".join(f"{s['stage']} {s['seconds']:.1f}s" for s in m["stages"]))
print(f"reelcut clip: {rc:.1f} s wall, peak RSS {kb/1024:.0f} MB (target <= 2048 MB)")
print(f"floor: faster-whisper {fw:.1f} s + plain crop/encode {enc:.1f} s = {fw+enc:.1f} s")
print(f"ratio to floor: {rc/(fw+enc):.2f}x (target <= 1.30x)")
PY
