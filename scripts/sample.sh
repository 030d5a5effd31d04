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
scripts/talking-head.sh "$tmp/talk.txt" "$out" 1280 720 25 400 260 24 120 veryfast 23
echo "sample talk: $out ($(ffprobe -v error -show_entries format=duration -of csv=p=0 "$out") s)"
