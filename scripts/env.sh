# Shared locations for the scripts (sourced, not run).
# The Cargo target dir lives outside the clone so CI and fresh clones reuse the
# dependency builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/reelcut-target}"
export CMAKE_PARALLEL="${CMAKE_PARALLEL:-2}"
export REELCUT_MODELS="${REELCUT_MODELS:-$HOME/.local/share/reelcut/models}"
# Test media that packages ship (downloaded once, reused).
export REELCUT_FIXTURES="${REELCUT_FIXTURES:-$HOME/.cache/reelcut-fixtures}"
# Browser libraries the HyperFrames renderer serves for CDN URLs (scripts/vendor.sh).
export REELCUT_VENDOR="${REELCUT_VENDOR:-$HOME/.local/share/reelcut/vendor}"
# CTranslate2's shared library from PyPI's wheel (scripts/ctranslate2.sh), on the link
# path with the empty archives ct2rs's link list names; the loader finds it through
# /etc/ld.so.conf.d. Not a REELCUT_ name: those are settings.
export CTRANSLATE2_LIB="${CTRANSLATE2_LIB:-/usr/local/lib/reelcut-ctranslate2}"
# Only once, however often this is sourced: ct2rs rebuilds when LIBRARY_PATH changes.
case ":${LIBRARY_PATH:-}:" in
  *":$CTRANSLATE2_LIB:"*) ;;
  *) export LIBRARY_PATH="$CTRANSLATE2_LIB:$CTRANSLATE2_LIB/link-stubs${LIBRARY_PATH:+:$LIBRARY_PATH}" ;;
esac
# Piper text to speech for the moments talk sets (scripts/piper.sh); a test-only
# location, so not a REELCUT_ name.
export PIPER_VENV="${PIPER_VENV:-$HOME/.cache/reelcut-piper}"
# llama-cpp-python's OpenAI-compatible server (scripts/llama-server.sh), which the text
# room's remote-backend test starts; test-only, so not a REELCUT_ name.
export LLAMA_SERVER_VENV="${LLAMA_SERVER_VENV:-$HOME/.cache/reelcut-llama-server}"
