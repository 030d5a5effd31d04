#!/usr/bin/env bash
# Builds the studio page (studio/ → studio/dist) that `reelcut serve` embeds: TypeScript
# checked by tsc, bundled by Vite. npm keeps its download cache outside the clone
# (~/.npm), so a rebuild from a fresh clone installs offline and takes seconds. The
# build is skipped when dist is newer than every source file.
set -euo pipefail
cd "$(dirname "$0")/../studio"
if [ -f dist/index.html ] && [ -d node_modules ] && \
   [ -z "$(find src index.html package.json package-lock.json vite.config.ts tsconfig.json -newer dist/index.html -print -quit)" ]; then
  exit 0
fi
npm ci --no-audit --no-fund --prefer-offline >/dev/null
npm run build --silent
