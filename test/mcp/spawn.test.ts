/**
 * The built server as clients launch it: `node dist/cli.js mcp --root examples` over stdio (the package's bin),
 * `node dist/mcp-server.js` (the standalone bundle the extension launches), and Streamable HTTP on 127.0.0.1.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as http from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { EXAMPLE_SECRET } from './harness.ts';

before(() => {
  // `npm test` builds first; a bare `node scripts/run-tests.mjs mcp` builds here.
  if (!existsSync('dist/cli.js') || !existsSync('dist/mcp-server.js')) {
    const r = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
    assert.equal(r.status, 0);
  }
});

async function session(args: string[]): Promise<{ tools: string[]; analyze: CallToolResult; ruleDoc: string; stderr: string }> {
  const transport = new StdioClientTransport({ command: process.execPath, args, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const client = new Client({ name: 'spawn-test', version: '0' });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    const analyze = (await client.callTool({ name: 'analyze_pool', arguments: { pool: 'orders-worker', limit: 50 } })) as CallToolResult;
    const doc = await client.readResource({ uri: 'pool-tuner://rules/crema-pool-not-manual' });
    const first = doc.contents[0];
    const ruleDoc = first && 'text' in first ? first.text : '';
    return { tools: tools.map((t) => t.name), analyze, ruleDoc, stderr };
  } finally {
    await client.close();
  }
}

it('serves over stdio from the package bin (node dist/cli.js mcp --root examples)', async () => {
  const s = await session(['dist/cli.js', 'mcp', '--root', 'examples']);
  assert.ok(s.tools.includes('analyze_pool') && s.tools.includes('list_pools'));
  assert.ok(!s.tools.includes('apply_proposal'));
  assert.ok(!s.analyze.isError);
  const ids = (s.analyze.structuredContent!['findings'] as { ruleId: string }[]).map((f) => f.ruleId);
  assert.ok(ids.includes('crema-pool-not-manual'));
  assert.match(s.stderr, /ready on stdio/, 'logs go to stderr');
  // The rule docs are read from the package (docs/rules next to dist/), not the short fallback.
  assert.match(s.ruleDoc, /^# crema-pool-not-manual\n[\s\S]*## Why it matters[\s\S]*## Bad/);
  assert.ok(!JSON.stringify(s.analyze).includes(EXAMPLE_SECRET));
});

it('serves over stdio from the standalone bundle with --allow-write', async () => {
  const s = await session(['dist/mcp-server.js', '--root', 'examples', '--allow-write']);
  assert.ok(s.tools.includes('apply_proposal'));
  assert.ok(!s.analyze.isError);
});

it('ships the bin, the standalone bundle and the rule docs in the package', () => {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--offline', '--ignore-scripts'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  for (const f of ['dist/cli.js', 'dist/mcp-server.js', 'docs/rules/crema-pool-not-manual.md']) assert.ok(files.includes(f), f);
  assert.ok(!files.some((f) => f.startsWith('.tools/')), 'the Inspector tool folder stays out of the package');
});

it('reads the example metrics snapshot given with --metrics', async () => {
  const transport = new StdioClientTransport({ command: process.execPath, args: ['dist/cli.js', 'mcp', '--root', 'examples', '--metrics', 'examples/metrics/snapshot.json'], stderr: 'pipe' });
  const client = new Client({ name: 'spawn-test', version: '0' });
  await client.connect(transport);
  try {
    const r = (await client.callTool({ name: 'get_pool_metrics', arguments: { pool: 'orders-worker' } })) as CallToolResult;
    assert.ok(!r.isError, JSON.stringify(r.content));
    const out = r.structuredContent as { source: string; figures: { arrivalRatePerSec?: { mean?: number } }; series: { points: unknown[] }[] };
    assert.equal(out.source, 'examples/metrics/snapshot.json');
    assert.ok((out.figures.arrivalRatePerSec?.mean ?? 0) > 0);
    assert.ok(out.series.length > 0 && out.series.every((x) => x.points.length > 0 && x.points.length <= 48));
  } finally {
    await client.close();
  }
});

it('exits 2 with a clear message for a missing root, writing nothing to stdout', () => {
  const r = spawnSync(process.execPath, ['dist/cli.js', 'mcp', '--root', 'no-such-folder'], { encoding: 'utf8', input: '' });
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /--root no-such-folder: no such file or folder/);
});

it('serves Streamable HTTP on 127.0.0.1 only and refuses foreign Host headers', async () => {
  const child = spawn(process.execPath, ['dist/cli.js', 'mcp', '--root', 'examples', '--http', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let err = '';
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /ready on http:\/\/127\.0\.0\.1:(\d+)\/mcp/.exec(err);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
    });
    const client = new Client({ name: 'http-test', version: '0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
    const r = (await client.callTool({ name: 'list_pools', arguments: {} })) as CallToolResult;
    assert.equal((r.structuredContent!['pools'] as unknown[]).length, 3);
    await client.close();
    // fetch() will not send a foreign Host header, so use node:http as a DNS-rebinding page's browser would.
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/mcp', method: 'POST', headers: { host: `evil.example:${port}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.once('error', reject);
      req.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '0' } } }));
    });
    assert.equal(status, 403);
  } finally {
    child.kill('SIGTERM');
  }
});
