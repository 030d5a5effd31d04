#!/usr/bin/env bash
# llama-cpp-python's OpenAI-compatible server (PyPI `llama-cpp-python[server]`, built
# from source: PyPI has no Linux wheel) in a virtual environment outside the clone, so
# the text room's remote backend is tested against a real server serving the same GGUF
# as the embedded model. The build (~10 min on 2 cores) happens once. Idempotent.
set -euo pipefail
source "$(dirname "$0")/env.sh"
PY="$LLAMA_SERVER_VENV/bin/python"
if [ -x "$PY" ] && "$PY" -c "import llama_cpp.server" 2>/dev/null; then
  echo "llama server: installed in $LLAMA_SERVER_VENV"
  exit 0
fi
python3 -m venv "$LLAMA_SERVER_VENV"
CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_PARALLEL:-2}" CMAKE_ARGS="-DGGML_NATIVE=OFF -DLLAMA_CURL=OFF" \
  "$PY" -m pip install -q --disable-pip-version-check "llama-cpp-python[server]==0.3.36"
"$PY" -c "import llama_cpp.server" && echo "llama server: installed in $LLAMA_SERVER_VENV"
