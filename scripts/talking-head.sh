#!/usr/bin/env bash
# A talking-head video from real material: espeak-ng reads TEXT_FILE, and the
# astronaut photo (scripts/fixtures.sh) swings left and right over a dark background.
#   scripts/talking-head.sh TEXT_FILE OUT WIDTH HEIGHT FPS FACE_PX SWING_PX PERIOD_S TOP_PX PRESET CRF
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
text=$1 out=$2 w=$3 h=$4 fps=$5 face=$6 swing=$7 period=$8 top=$9 preset=${10} crf=${11}
scripts/fixtures.sh astronaut
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
espeak-ng -v en-us -s 160 -f "$text" -w "$tmp/talk.wav"
ffmpeg -nostdin -hide_banner -loglevel error -y -i "$REELCUT_FIXTURES/astronaut.png" -vf crop=300:300:60:0 "$tmp/face.png"
ffmpeg -nostdin -hide_banner -loglevel error -y -i "$tmp/talk.wav" -loop 1 -i "$tmp/face.png" \
  -filter_complex "color=c=0x1d2433:s=${w}x${h}:r=${fps}[bg];[1:v]scale=${face}:${face}[p];[bg][p]overlay=x='(${w}-${face})/2+${swing}*sin(2*PI*t/${period})':y=${top}:shortest=1,format=yuv420p[v]" \
  -map "[v]" -map 0:a -c:v libx264 -preset "$preset" -crf "$crf" -c:a aac -shortest "$tmp/video.mp4"
mv "$tmp/video.mp4" "$out"
