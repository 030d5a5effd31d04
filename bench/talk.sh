# Sourced by bench scripts: `devset_talk MINUTES` prints the path of a 1080p30 talking-head
# talk of about that length (the moments dev set's paragraphs read by espeak-ng over the
# astronaut photo), made once under $WORK.
devset_talk() {
  local minutes=$1
  local talk="$WORK/talk-${minutes}min-1080p30.mp4"
  if [ ! -f "$talk" ]; then
    echo "generating $talk …" >&2
    python3 - "$WORK/talk-${minutes}.txt" "$minutes" <<'PY'
import json, pathlib, sys
talks = [json.load(open(p)) for p in sorted(pathlib.Path("crates/moments/tests/devset/talks").glob("*.json"))]
text = [" ".join(p["sentences"]) for t in talks for p in t["paragraphs"]]
words_needed = int(sys.argv[2]) * 60 * 2.6
out, n = [], 0
while n < words_needed:
    for para in text:
        out.append(para); n += len(para.split())
        if n >= words_needed: break
open(sys.argv[1], "w").write("\n\n".join(out))
PY
    scripts/talking-head.sh "$WORK/talk-${minutes}.txt" "$talk" 1920 1080 30 600 400 30 180 ultrafast 26 >&2
  fi
  echo "$talk"
}
