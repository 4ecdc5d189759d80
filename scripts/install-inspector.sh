#!/usr/bin/env bash
# Installs the official MCP Inspector (CLI mode) into .tools/inspector/ from its committed lockfile, apart from the
# main dependency tree. test/mcp/inspector.test.ts uses it and skips (with this command in the message) without it.
# 0.15.0 is pinned: the newest Inspector that runs on Node 20 (0.16.0+ declares engines.node >= 22.7.5).
set -euo pipefail
cd "$(dirname "$0")/../.tools/inspector"
npm ci --no-audit --no-fund --ignore-scripts
./node_modules/.bin/mcp-inspector --cli --help > /dev/null 2>&1 || true
echo "MCP Inspector $(node -p "require('./node_modules/@modelcontextprotocol/inspector/package.json').version") installed in .tools/inspector"
