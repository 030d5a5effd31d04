#!/usr/bin/env bash
# bench/asr: reelcut vs faster-whisper on the same ≥5-minute speech, same CTranslate2
# model directory, int8, 2 threads, same beam size, VAD on both. Prints wall time and
# peak RSS for each and the ratios (target: reelcut ≤ 1.0× on both).
#   bench/asr/run.sh            # 5.5-minute input, whisper-base, beam 5
#   bench/asr/run.sh --long     # also a 2-hour input (reelcut only): peak RSS must stay < 1.5 GB
#   MODEL=tiny.en BEAM=1 bench/asr/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
MODEL="${MODEL:-base}"
BEAM="${BEAM:-5}"
RUNS="${RUNS:-2}"
source bench/common.sh
scripts/fixtures.sh jfk

case "$MODEL" in base) MODEL_DIR="$REELCUT_MODELS/whisper-base" ;; tiny.en) MODEL_DIR="$REELCUT_MODELS/whisper-tiny.en" ;; *) MODEL_DIR="$MODEL" ;; esac

# ~5.5 minutes of speech: espeak-ng paragraphs in several voices, the real JFK
# recording, and pauses of varied length between them.
AUDIO="$WORK/speech-5min.wav"
if [ ! -f "$AUDIO.txt" ]; then  # the spoken text came later: remake inputs made before it
  python3 bench/asr/make_speech.py "$WORK/pieces" "$REELCUT_FIXTURES/jfk.wav" 330 "$AUDIO"
fi

measure() {  # label, command… → prints "seconds peak_kb"
  local label=$1; shift
  local best_s="" best_kb=""
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/$label.err" || { cat "$WORK/$label.err"; exit 1; }
    read -r s kb < "$WORK/time.txt"
    if [ -z "$best_s" ] || awk "BEGIN{exit !($s < $best_s)}"; then best_s=$s; fi
    if [ -z "$best_kb" ] || [ "$kb" -gt "$best_kb" ]; then best_kb=$kb; fi
  done
  echo "$best_s $best_kb"
}

DURATION=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$AUDIO")
echo "input: $AUDIO (${DURATION}s), model $MODEL_DIR, int8, 2 threads, beam $BEAM, VAD on both, best of $RUNS"
read -r fw_s fw_kb < <(measure faster-whisper "$VENV/bin/python" bench/asr/faster_whisper_bench.py "$MODEL_DIR" "$AUDIO" "$BEAM")
read -r rc_s rc_kb < <(measure reelcut "$BIN" transcribe "$AUDIO" --model "$MODEL_DIR" --beam-size "$BEAM" --quiet -o "$WORK/reelcut.json")
printf '%-16s %8s %10s\n' tool wall_s peak_MB
printf '%-16s %8.1f %10.0f\n' faster-whisper "$fw_s" "$((fw_kb / 1024))"
printf '%-16s %8.1f %10.0f\n' reelcut "$rc_s" "$((rc_kb / 1024))"
awk -v a="$rc_s" -v b="$fw_s" -v c="$rc_kb" -v d="$fw_kb" 'BEGIN{printf "ratio reelcut/faster-whisper: wall %.2fx  peak RSS %.2fx  (target <= 1.00x)\n", a/b, c/d}'
"$VENV/bin/python" bench/asr/compare_words.py "$WORK/faster-whisper.err" "$WORK/reelcut.json" "$AUDIO.txt" || true

if [ "${1:-}" = "--long" ]; then
  LONG="$WORK/speech-2h.wav"
  [ -f "$LONG" ] || ffmpeg -nostdin -loglevel error -y -stream_loop 21 -i "$AUDIO" -t 7200 -c:a pcm_s16le "$LONG"
  echo "2-hour input: $LONG"
  read -r l_s l_kb < <(RUNS=1 measure reelcut-2h "$BIN" transcribe "$LONG" --model "$MODEL_DIR" --beam-size "$BEAM" --quiet -o "$WORK/reelcut-2h.json")
  awk -v s="$l_s" -v kb="$l_kb" 'BEGIN{printf "2 h: wall %.0fs (%.3f x real time), peak RSS %.0f MB (target < 1536 MB)\n", s, s/7200, kb/1024}'
fi
