/**
 * Produces the session transcript in docs/mcp.md by running a real MCP client against the built server
 * (`node dist/cli.js mcp --root <copy of examples> --metrics <its metrics/snapshot.json> --allow-write`, over stdio) and printing each call and answer
 * as Markdown. It works on a temporary copy of examples/, so apply_proposal changes nothing in the repo.
 * Usage: node scripts/build.mjs && node --import tsx scripts/mcp-transcript.ts > /tmp/transcript.md
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

const MAX_LINES = 60;

/** JSON with small objects and arrays kept on one line (readable, and short enough to paste). */
function pretty(value: unknown, indent = ''): string {
  const flat = JSON.stringify(value);
  if (flat === undefined || flat.length + indent.length <= 110 || value === null || typeof value !== 'object') return flat ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + pretty(v, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pretty(v, inner)}`).join(',\n')}\n${indent}}`;
}

function show(value: unknown, maxLines = MAX_LINES): string {
  const lines = pretty(value).split('\n');
  const kept = lines.slice(0, maxLines);
  if (lines.length > maxLines) kept.push(`… (${lines.length - maxLines} more lines)`);
  return kept.join('\n');
}

/** Moves every non-empty `diff` string out of the JSON (shown after it as a diff block, which reads far better). */
function extractDiffs(value: unknown, diffs: string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => extractDiffs(v, diffs));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => {
      if (k === 'diff' && typeof v === 'string' && v !== '') {
        diffs.push(v);
        return [k, `(diff ${diffs.length} below)`];
      }
      return [k, extractDiffs(v, diffs)];
    }));
  }
  return value;
}

function out(s = ''): void {
  process.stdout.write(`${s}\n`);
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'pool-tuner-transcript-'));
  const root = path.join(tmp, 'examples');
  cpSync('examples', root, { recursive: true });
  // Run from the temp folder with relative paths, as a user would from their project.
  const args = [path.resolve('dist/cli.js'), 'mcp', '--root', 'examples', '--metrics', 'examples/metrics/snapshot.json', '--allow-write'];
  const transport = new StdioClientTransport({ command: process.execPath, args, cwd: tmp, stderr: 'ignore' });
  const client = new Client({ name: 'pool-tuner-transcript', version: '1.0.0' });
  try {
    await client.connect(transport);
    const info = client.getServerVersion();
    out(`Server: ${info?.name} ${info?.version} (\`pool-tuner mcp --root examples --metrics examples/metrics/snapshot.json --allow-write\`, stdio)`);
    out();
    const { tools } = await client.listTools();
    out(`**tools/list** → ${tools.map((t) => `\`${t.name}\``).join(', ')}`);
    out();
    const call = async (name: string, args: Record<string, unknown>, note?: string, maxLines?: number): Promise<CallToolResult> => {
      const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
      out(`**${name}** \`${JSON.stringify(args)}\`${note ? ` (${note})` : ''}`);
      out();
      const diffs: string[] = [];
      out(r.isError ? '```text' : '```json');
      out(r.isError ? `isError: ${r.content.map((c) => (c.type === 'text' ? c.text : '')).join('')}` : show(extractDiffs(r.structuredContent, diffs), maxLines));
      out('```');
      out();
      diffs.forEach((d, i) => {
        out(`diff ${i + 1}:`);
        out();
        out('```diff');
        out(d.trimEnd());
        out('```');
        out();
      });
      return r;
    };
    await call('list_pools', {});
    await call('get_pool_config', { pool: 'order' }, 'a typo');
    await call('get_pool_config', { pool: 'orders-worker' });
    await call('get_pool_metrics', { pool: 'orders-worker', windowSec: 10800, resolutionSec: 1800, series: ['published', 'backlog'] });
    const a = await call('analyze_pool', { pool: 'orders-worker', minSeverity: 'error', limit: 2 });
    for (const name of ['propose_concurrency', 'propose_scaling', 'propose_dlq']) {
      if (tools.some((t) => t.name === name)) await call(name, { pool: 'orders-worker' });
    }
    if (tools.some((t) => t.name === 'simulate_pool')) {
      await call('simulate_pool', { pool: 'transcode-worker', overrides: [{ setting: 'instances', value: 4 }] }, 'no metrics');
      await call('simulate_pool', { pool: 'transcode-worker', overrides: [{ setting: 'instances', value: 4 }, { setting: 'rate', value: 0.05 }] });
    }
    if (tools.some((t) => t.name === 'estimate_cost')) await call('estimate_cost', { pool: 'transcode-worker' });
    // Before apply_proposal below writes a newer record for orders-worker: the shipped record against after.json.
    if (tools.some((t) => t.name === 'verify_pool')) await call('verify_pool', { pool: 'orders-worker', metrics: 'metrics/after.json' }, 'the example record, a week of tripled orders later', 200);
    const findings = (a.structuredContent?.['findings'] ?? []) as { ruleId: string; suggestions?: { proposalId: string }[] }[];
    const mode = findings.find((f) => f.ruleId === 'crema-pool-not-manual')?.suggestions?.[0];
    if (mode) {
      await call('apply_proposal', { proposalId: mode.proposalId });
      await call('apply_proposal', { proposalId: mode.proposalId }, 'the same id again');
    }
    await call('list_pools', { path: '../' }, 'outside the root');
  } finally {
    await client.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
