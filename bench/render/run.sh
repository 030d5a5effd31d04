#!/usr/bin/env bash
# bench/render: `reelcut render` on a 10-second 1080p30 composition with text and
# CSS/GSAP motion (300 frames). Prints frames per second at draft and standard (2
# browser processes, the default) and draft with 1, peak RSS, and the ratio to a floor
# measured in the same run: ffmpeg alone encoding 300 generated 1080p frames with the
# same x264 preset. Target: ≥ 15 fps at draft 1080p.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
WORK="${BENCH_WORK:-$HOME/.cache/reelcut-bench}/render"
mkdir -p "$WORK/project"
command -v /usr/bin/time >/dev/null || { echo "installing GNU time"; apt-get install -y -qq time >/dev/null; }
cargo build --release --locked -q -p reelcut-cli
BIN="$CARGO_TARGET_DIR/release/reelcut"
scripts/vendor.sh

cat > "$WORK/project/index.html" <<'HTML'
<!doctype html><html><head><meta charset="utf-8">
<script src="https://cdn.jsdelivr.net/npm/gsap@3/dist/gsap.min.js"></script>
<style>
html, body { margin: 0; width: 1920px; height: 1080px; overflow: hidden; font-family: "DejaVu Sans", sans-serif; }
#bg { position: absolute; inset: 0; background: linear-gradient(120deg, #1e3c72, #2a5298, #6a11cb, #2575fc);
      background-size: 400% 400%; animation: drift 10s linear infinite; }
@keyframes drift { 0% { background-position: 0% 50% } 100% { background-position: 100% 50% } }
.orb { position: absolute; width: 160px; height: 160px; border-radius: 50%; background: rgba(255,255,255,.25);
       animation: spin 3s ease-in-out infinite alternate; }
@keyframes spin { from { transform: translateY(0) rotate(0) scale(1) } to { transform: translateY(300px) rotate(180deg) scale(1.4) } }
h1 { position: absolute; left: 160px; top: 300px; margin: 0; color: #fff; font-size: 120px; }
p  { position: absolute; left: 160px; top: 480px; margin: 0; color: #ffe; font-size: 56px; }
</style></head><body>
<div id="root" data-composition-id="bench" data-start="0" data-width="1920" data-height="1080" data-duration="10">
  <div id="bg"></div>
  <div class="orb" style="left:1300px;top:100px"></div>
  <div class="orb" style="left:1550px;top:250px;animation-delay:-1s"></div>
  <div class="orb" style="left:1100px;top:500px;animation-delay:-2s"></div>
  <h1 id="title" class="clip" data-start="0" data-duration="10">Render benchmark</h1>
  <p id="sub" class="clip" data-start="1" data-duration="9">HTML in, deterministic video out</p>
  <script>
    const tl = gsap.timeline({ paused: true });
    tl.from("#title", { x: -800, opacity: 0, duration: 1.2, ease: "power3.out" })
      .from("#sub", { y: 80, opacity: 0, duration: 0.8, ease: "back.out(1.7)" }, 1)
      .to("#title", { scale: 1.1, yoyo: true, repeat: 5, duration: 1, ease: "sine.inOut" }, 2);
    window.__timelines["bench"] = tl;
  </script>
</div></body></html>
HTML

FRAMES=300
run() { # label, extra args…
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$BIN" render "$WORK/project" -o "$WORK/$label.mp4" -q "$@"
  read -r wall rss < "$WORK/time.txt"
  printf '%-22s %6.2f s  %6.1f fps  peak RSS %5d MB (reelcut process)\n' "$label" "$wall" "$(echo "$FRAMES / $wall" | bc -l)" $((rss / 1024))
  echo "$wall"  > "$WORK/$label.wall"
}

echo "composition: 10 s, 1920×1080, 30 fps ($FRAMES frames); $(nproc) cores"
/usr/bin/time -f "%e" -o "$WORK/floor.txt" ffmpeg -v error -y -f lavfi -i "testsrc2=s=1920x1080:r=30:d=10" \
  -c:v libx264 -preset ultrafast -crf 28 -pix_fmt yuv420p "$WORK/floor.mp4"
FLOOR=$(cat "$WORK/floor.txt")
printf '%-22s %6.2f s  %6.1f fps\n' "floor (ffmpeg only)" "$FLOOR" "$(echo "$FRAMES / $FLOOR" | bc -l)"
run draft --quality draft
run standard --quality standard
run draft-1-process --quality draft --workers 1
run draft-again --quality draft
echo
printf 'draft: %.2f× the encode-only floor; standard: %.2f×; 2 processes vs 1: %.2f× faster\n' \
  "$(echo "$(cat "$WORK/draft.wall") / $FLOOR" | bc -l)" \
  "$(echo "$(cat "$WORK/standard.wall") / $FLOOR" | bc -l)" \
  "$(echo "$(cat "$WORK/draft-1-process.wall") / $(cat "$WORK/draft.wall")" | bc -l)"
# Determinism across runs, decoded: the same frames twice.
a=$(ffmpeg -v error -i "$WORK/draft.mp4" -f framemd5 - | grep -v '^#' | md5sum)
b=$(ffmpeg -v error -i "$WORK/draft-again.mp4" -f framemd5 - | grep -v '^#' | md5sum)
[ "$a" = "$b" ] && echo "draft twice: identical decoded frames" || echo "draft twice: FRAMES DIFFER"
