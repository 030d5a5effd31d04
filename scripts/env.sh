# Shared locations for the scripts (sourced, not run).
# The Cargo target dir lives outside the clone so CI and fresh clones reuse the
# CTranslate2 build (~10 min cold on 2 cores).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/reelcut-target}"
export CMAKE_PARALLEL="${CMAKE_PARALLEL:-2}"
export REELCUT_MODELS="${REELCUT_MODELS:-$HOME/.local/share/reelcut/models}"
# Test media that packages ship (downloaded once, reused).
export REELCUT_FIXTURES="${REELCUT_FIXTURES:-$HOME/.cache/reelcut-fixtures}"
# Browser libraries the HyperFrames renderer serves for CDN URLs (scripts/vendor.sh).
export REELCUT_VENDOR="${REELCUT_VENDOR:-$HOME/.local/share/reelcut/vendor}"
