#!/usr/bin/env bash
# Stand-in for a desktop `code` executable, given to @vscode/test-electron's runTests({ vscodeExecutablePath }).
# Accepts the desktop CLI (--extensionDevelopmentPath=, --extensionTestsPath=, a folder; other flags ignored)
# and runs the same tests in code-server's real VS Code extension host (code-server.sh).
HERE=$(cd "$(dirname "$0")" && pwd)
DEV=""; TESTS=""; WS=""
for a in "$@"; do
  case "$a" in
    --extensionDevelopmentPath=*) [ -z "$DEV" ] && DEV="${a#*=}" ;;
    --extensionTestsPath=*) TESTS="${a#*=}" ;;
    --*) ;;
    *) WS="$a" ;;
  esac
done
[ -n "$DEV" ] && [ -n "$TESTS" ] || { echo "[code-shim] needs --extensionDevelopmentPath= and --extensionTestsPath=" >&2; exit 2; }
[ -n "$WS" ] || WS=$(mktemp -d "${TMPDIR:-/tmp}/pool-tuner-empty-ws.XXXXXX")
echo "[code-shim] dev=$DEV tests=$TESTS workspace=$WS"
exec "$HERE/code-server.sh" "$DEV" "$TESTS" "$WS"
