#!/usr/bin/env bash
# Browser libraries that compositions load from CDNs the renderer cannot reach, taken
# from the npm registry instead and served by the renderer for the CDN URLs.
#   gsap — the npm `gsap` package (its dist/ files), pinned by version and tarball sha256.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

gsap() {
  local version=3.15.0
  local sha=d2e33ad202d4811e9084883f7ff9a27967ac4095caef51ca4c9d20697a253b1c
  local out="$REELCUT_VENDOR/gsap"
  if [ -f "$out/VERSION" ] && [ "$(cat "$out/VERSION")" = "$version" ]; then return; fi
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "gsap@$version" >/dev/null)
  echo "$sha  $tmp/gsap-$version.tgz" | sha256sum -c --quiet
  tar -xzf "$tmp/gsap-$version.tgz" -C "$tmp"
  rm -rf "$out" && mkdir -p "$out"
  cp "$tmp"/package/dist/*.js "$out"/
  cp "$tmp"/package/LICENSE* "$tmp"/package/README* "$out"/ 2>/dev/null || true
  echo "$version" > "$out/VERSION"
  rm -rf "$tmp"
}

[ $# -gt 0 ] || set -- gsap
for name in "$@"; do "$name"; done
