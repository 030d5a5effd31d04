#!/usr/bin/env bash
# The sample talk for README command (a): real material, generated locally.
#   voice — espeak-ng reading a ~4-minute talk (bench/moments' "sleep" script: ordinary
#           talk with planted strong passages, so the clipper has something to find);
#   face  — the astronaut photo from scikit-image (scripts/fixtures.sh), moving slowly
#           left and right over a 1280×720 background so the camera has to follow.
# Output: $REELCUT_FIXTURES/sample-talk.mp4 (made once; delete it to remake).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
out="$REELCUT_FIXTURES/sample-talk.mp4"
[ -f "$out" ] && exit 0
scripts/fixtures.sh astronaut
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/talk.txt" <<'PY'
import json, sys
talk = json.load(open("crates/moments/tests/devset/talks/sleep.json"))
words, lines = 0, []
for p in talk["paragraphs"]:
    n = sum(len(s.split()) for s in p["sentences"])
    if words + n > 620 and p["kind"] != "planted":
        continue
    lines.append(" ".join(p["sentences"]))
    words += n
open(sys.argv[1], "w").write("\n\n".join(lines))
PY
espeak-ng -v en-us -s 160 -f "$tmp/talk.txt" -w "$tmp/talk.wav"
ffmpeg -nostdin -hide_banner -loglevel error -y -i "$REELCUT_FIXTURES/astronaut.png" -vf crop=300:300:60:0 "$tmp/face.png"
ffmpeg -nostdin -hide_banner -loglevel error -y -i "$tmp/talk.wav" -loop 1 -i "$tmp/face.png" \
  -filter_complex "color=c=0x1d2433:s=1280x720:r=25[bg];[1:v]scale=400:400[p];[bg][p]overlay=x='(1280-400)/2+260*sin(2*PI*t/24)':y=120:shortest=1,format=yuv420p[v]" \
  -map "[v]" -map 0:a -c:v libx264 -preset veryfast -crf 23 -c:a aac -shortest "$tmp/sample.mp4"
mv "$tmp/sample.mp4" "$out"
echo "sample talk: $out ($(ffprobe -v error -show_entries format=duration -of csv=p=0 "$out") s)"
