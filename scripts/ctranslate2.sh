#!/usr/bin/env bash
# Installs the CTranslate2 shared library reelcut's Whisper links against: the one in
# PyPI's `ctranslate2` wheel, which is the build faster-whisper runs on (oneDNN GEMMs,
# OpenMP). Building CTranslate2 from source here gave ruy GEMMs and no OpenMP (1.5× slower
# transcription), and building oneDNN from source takes ~85 minutes on 2 cores.
#
# The version must be the CTranslate2 that ct2rs vendors (ct2rs 0.10.3: 4.8.4): ct2rs
# compiles its C++ bridge against those headers and links this library (feature `system`).
# Idempotent; run by scripts/setup.sh before the build. Needs root (or sudo) for
# /usr/local/lib and the loader's cache.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

VERSION=4.8.4
WHEEL=ctranslate2-$VERSION-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl
SHA256=1037b3f51d18f1546120686670d71fcdaf85a0500fffccc56d8439ded5d284e5
LIB="$CTRANSLATE2_LIB"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

if [ -e "$LIB/libctranslate2.so" ] && [ -e "$LIB/link-stubs/libcpu_features.a" ] && ldconfig -p | grep -c "libctranslate2-.*$VERSION" >/dev/null; then
  echo "CTranslate2 $VERSION: $LIB"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The wheel's shared library does not depend on the Python version; pin one wheel.
python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.11 \
  --platform manylinux_2_28_x86_64 "ctranslate2==$VERSION" -d "$work" \
  || { echo "error: cannot download ctranslate2==$VERSION from PyPI" >&2; exit 1; }
echo "$SHA256  $work/$WHEEL" | sha256sum -c --quiet - \
  || { echo "error: $WHEEL does not have the pinned sha256" >&2; exit 1; }
python3 -m zipfile -e "$work/$WHEEL" "$work/wheel"

$SUDO mkdir -p "$LIB/link-stubs"
$SUDO cp "$work"/wheel/ctranslate2.libs/*.so* "$LIB/"
# The wheel's library carries a hashed soname (auditwheel); the linker looks for -lctranslate2.
$SUDO ln -sf "$(basename "$(ls "$LIB"/libctranslate2-*.so."$VERSION")")" "$LIB/libctranslate2.so"
# ct2rs's `system` link list also names cpu_features and CUDA's static libraries. The
# wheel's library has cpu_features inside and loads CUDA only at run time, on a GPU, so
# empty archives answer those names. They live apart, on the link path only.
for name in cpu_features cublas_static cublasLt_static culibos; do
  [ -e "$LIB/link-stubs/lib$name.a" ] || $SUDO ar rcs "$LIB/link-stubs/lib$name.a"
done
echo "$LIB" | $SUDO tee /etc/ld.so.conf.d/reelcut-ctranslate2.conf >/dev/null
$SUDO ldconfig
echo "CTranslate2 $VERSION: $LIB"
