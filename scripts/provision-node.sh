#!/usr/bin/env bash
# Installs Node.js 24 LTS from the npm registry's `node@24` package into a cache folder outside the
# repository (once) and prints the folder holding its `node` binary, for the front of PATH:
#
#   export PATH="$(bash scripts/provision-node.sh):$PATH"
#
# DRIFTWATCH_CACHE sets the cache folder (default ~/.cache/driftwatch).
set -euo pipefail

cache=${DRIFTWATCH_CACHE:-$HOME/.cache/driftwatch}
prefix="$cache/node24"
bin="$prefix/node_modules/node/bin"

if ! "$bin/node" --version 2>/dev/null | grep -q '^v24\.'; then
  echo "provision-node: installing node@24 from the npm registry into $prefix" >&2
  rm -rf "$prefix"
  mkdir -p "$prefix"
  npm install --no-save --no-audit --no-fund --prefix "$prefix" node@24 >&2
fi

"$bin/node" --version >/dev/null
echo "$bin"
