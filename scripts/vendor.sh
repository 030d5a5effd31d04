#!/usr/bin/env bash
# Browser libraries that compositions load from CDNs the renderer cannot reach, taken
# from the npm registry instead and served by the renderer for the CDN URLs.
#   gsap — the npm `gsap` package (its dist/ files), pinned by version and tarball sha256.
#   fonts — the families HeyGen's HyperFrames compiler embeds, from npm's @fontsource/*
#     packages (pinned the same way): weights 400/700/900 where they exist, every
#     unicode subset, woff2 only; each weight's CSS rewritten to the renderer's font path.
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

FONTS=(
  "inter 5.3.0 02034af8d41dcc67ac8eab88f642e129bb8a2e8922abf30229c32725f54d8fd6"
  "montserrat 5.3.0 919dce59bbe45ace8a517c1e9de5076282bfeb97e8aa8f5f2dc989451c14c7cb"
  "roboto 5.3.0 77620f437249772e381698224ea1bddd01c985ecd60267a63ddc96b9eb9348f7"
  "poppins 5.3.0 f4779bb12acaaa07dc7dd8da82ab0f61515fea2f30664535f7a249eeb0dd5bcf"
  "open-sans 5.3.0 95e6dd90f5860d0de22f791b6d802598743762c62e4894bfa26f80b1ea0cf3f5"
  "lato 5.3.0 50db251f16e9a6c35fe0177b4692b7ec78478b9734c9272d980a75343638aa5c"
  "nunito 5.3.0 4d8e1fb4f4a40c125c7a302b21e5c6810b86569b60bac0fa0405c04380f4c77b"
  "oswald 5.3.0 27bf46420288bb65bd186638cde54686aa8f9d5dc975b1d597dfe81a7dd472cb"
  "outfit 5.3.0 1060497f324868b0a2173b6834248d48859faac5664184ec4c15aee0586fad8d"
  "playfair-display 5.3.0 564e61951ecc3e962793cd50395f718cda6350cb934f9000dbe0139c768dc023"
  "eb-garamond 5.3.0 2e61af0740104953d4fc5cb52a8c6de257ae6d83a4a89e0fd4be2f6132fd40d9"
  "archivo-black 5.3.0 f035e17cec2b7c7145faed8d002eb7800b8b5b407605a45ad56fe1ca09c25372"
  "league-gothic 5.3.0 40c34bf02e0c3f88cccdca1851b889fd3780653eb01066ddcdeb9474903e2aa6"
  "ibm-plex-mono 5.3.0 60d3c0cfa549cb06fcb8867ee83f994d78e212abfac3bef3275436acb5c4d029"
  "jetbrains-mono 5.3.0 1bbea47d1387406da5b6ccc4184cc61eae6851cc0db5c1d9bbd088ea9daa0b4a"
  "source-code-pro 5.3.1 52ff8925aa275d3d28b745760ab78e9ac11276a477c909f1a8e703e0902afcc4"
  "space-mono 5.3.0 e0cd78cb7aa93e772905297d8d5ad2a3d9eea7a6a12f281a3940a28ec01c19eb"
  "noto-sans-jp 5.3.0 e4fac0fb8e03e21d10e1bdfd6f09e04c12a0f3bd61463bfa41c53a5603c39524"
)

fonts() {
  local out="$REELCUT_VENDOR/fonts"
  local stamp; stamp=$( (printf '%s\n' "${FONTS[@]}"; echo woff-latin) | sha256sum | cut -c1-16)
  if [ -f "$out/VERSION" ] && [ "$(cat "$out/VERSION")" = "$stamp" ]; then return; fi
  rm -rf "$out" && mkdir -p "$out"
  local tmp; tmp=$(mktemp -d)
  for entry in "${FONTS[@]}"; do
    read -r slug version sha <<<"$entry"
    (cd "$tmp" && npm pack --silent "@fontsource/$slug@$version" >/dev/null)
    echo "$sha  $tmp/fontsource-$slug-$version.tgz" | sha256sum -c --quiet
    mkdir -p "$tmp/$slug" && tar -xzf "$tmp/fontsource-$slug-$version.tgz" -C "$tmp/$slug"
    python3 - "$tmp/$slug/package" "$out" "$slug" <<'PY'
import pathlib, re, shutil, sys
package, out, slug = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
for weight in ("400", "700", "900"):
    css = package / f"{weight}.css"
    if not css.exists():
        continue
    text = css.read_text()
    # woff2 only (every Chromium reads it), served from the renderer's font path.
    text = re.sub(r", url\(\./files/[^)]+\.woff\) format\('woff'\)", "", text)
    for name in re.findall(r"url\(\./files/([^)]+\.woff2)\)", text):
        shutil.copy(package / "files" / name, out / name)
    text = text.replace("url(./files/", "url(/__reelcut/fonts/").replace("font-display: swap", "font-display: block")
    (out / f"{slug}-{weight}.css").write_text(text)
    # The latin woff (zlib, not brotli) as well: tests read glyph widths from it.
    latin = package / "files" / f"{slug}-latin-{weight}-normal.woff"
    if latin.exists():
        shutil.copy(latin, out / latin.name)
shutil.copy(package / "LICENSE", out / f"{slug}.LICENSE")
PY
  done
  echo "$stamp" > "$out/VERSION"
  rm -rf "$tmp"
}

[ $# -gt 0 ] || set -- gsap fonts
for name in "$@"; do "$name"; done
