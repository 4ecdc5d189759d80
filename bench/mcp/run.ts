/**
 * MCP server latency on the examples, each against a baseline measured in the same run:
 * - tool calls (analyze_pool, propose_scaling when present) over the SDK's in-memory transport, p50/p99 vs a no-op
 *   tool registered only here (through createServer's extraTools), so the ratio is the tool's own cost on top of
 *   the protocol round trip;
 * - cold start: spawn `node dist/mcp-server.js --root examples` → initialize response, vs spawning a bare Node
 *   process that answers the same initialize line (process start + stdio, no server code).
 * - first call after a cold start: spawn → analyze_pool answer vs spawn → no-op answer (a bench-only bundle of the
 *   same server plus the no-op tool, bench/mcp/noop-server.ts);
 * - propose_scaling with the examples' metrics snapshot (the tuner's real search), a fresh server per sample;
 * - responsiveness: `list_pools` latency over stdio on the built server (dist/mcp-server.js, searches on worker
 *   threads) while 8 tuner searches (propose_scaling on 8 copies of the examples, so none is a cache hit) run on
 *   the same session, against list_pools alone on that session measured first (target p99 < 100 ms).
 * Usage: npm run bench:mcp [-- --calls 300 --starts 10 --searches 5 --tunes 8]   (builds dist/ first if missing)
 *        npm run bench:mcp -- --only-load     (just the responsiveness part)
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { createServer } from '../../mcp-server/server.ts';
import { silentLogger } from '../../mcp-server/logger.ts';
import { noopTool } from './noop-tool.ts';
import { cachedMetrics } from '../../mcp-server/metrics-cache.ts';
import { loadMetricsForCli } from '../../cli/metrics-source.ts';
import { MONITORING_EXTERNAL } from '../../test/cli/harness.ts';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '300' }, starts: { type: 'string', default: '10' }, searches: { type: 'string', default: '5' }, tunes: { type: 'string', default: '8' }, 'only-load': { type: 'boolean' } } });
const searches = Number(values.searches);
const calls = Number(values.calls);
const starts = Number(values.starts);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

async function timeCalls(client: Client, name: string, args: Record<string, unknown>, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < 20; i++) await client.callTool({ name, arguments: args }); // warm-up (JIT, caches)
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await client.callTool({ name, arguments: args });
    out.push(performance.now() - t0);
    if (r.isError) throw new Error(`${name} failed: ${JSON.stringify(r.content)}`);
  }
  return out;
}

/** The examples' own metrics snapshot, through the launcher's loader; a fresh server per sample defeats the memo. */
const SNAPSHOT = 'examples/metrics/snapshot.json';

async function searchSamples(n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n + 1; i++) {
    const { server, cleanup } = createServer({ roots: ['examples'], logger: silentLogger, metrics: cachedMetrics(SNAPSHOT, loadMetricsForCli) });
    const [a, b] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'bench', version: '0' });
    await Promise.all([server.connect(b), client.connect(a)]);
    const t0 = performance.now();
    const r = await client.callTool({ name: 'propose_scaling', arguments: { pool: 'orders-worker' } });
    if (i > 0) out.push(performance.now() - t0); // the first run warms the JIT
    if (r.isError) throw new Error(`propose_scaling failed: ${JSON.stringify(r.content)}`);
    await client.close();
    await cleanup();
  }
  return out;
}

const INIT = `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '0' } } })}\n`;

/** ms from spawn until the first stdout line (the initialize response). */
function startOnce(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'ignore'] });
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      if (buf.includes('\n')) {
        const ms = performance.now() - t0;
        if (!buf.includes('"result"')) reject(new Error(`unexpected answer: ${buf.slice(0, 200)}`));
        child.kill();
        resolve(ms);
      }
    });
    child.once('error', reject);
    child.stdin.write(INIT);
  });
}

/** ms from spawn until the answer to a first tools/call (initialize, initialized, call written at once). */
function firstCallOnce(bundle: string, tool: string, args: Record<string, unknown>): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [bundle, 'examples'], { stdio: ['pipe', 'pipe', 'ignore'] });
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n').find((l) => l.includes('"id":2'));
      if (line) {
        const ms = performance.now() - t0;
        child.kill();
        if (line.includes('"isError":true') || !line.includes('structuredContent')) reject(new Error(`${tool} failed: ${line.slice(0, 300)}`));
        else resolve(ms);
      }
    });
    child.once('error', reject);
    child.stdin.write(INIT + `${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`
      + `${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: tool, arguments: args } })}\n`);
  });
}

/** A bare Node process that answers one initialize line: process start + stdio, no MCP code. */
const BARE = ['-e', `process.stdin.once('data', () => { process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: 1, result: {} }) + '\\n'); });`];

/**
 * list_pools latency on one stdio session of the built server: alone (baseline), then while `tunes` uncached
 * tuner searches run on the same session. Copies of the examples in v1…vN make each search a different input.
 */
async function listPoolsUnderLoad(tunes: number): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pool-tuner-bench-load-'));
  try {
    for (let i = 1; i <= tunes; i++) cpSync('examples', path.join(dir, `v${i}`), { recursive: true, filter: (src) => !src.includes('.pool-tuner') });
    const transport = new StdioClientTransport({ command: process.execPath, args: ['dist/mcp-server.js', '--root', dir, '--metrics', SNAPSHOT], stderr: 'ignore' });
    const client = new Client({ name: 'bench-load', version: '0' });
    await client.connect(transport);
    const list = async (): Promise<number> => {
      const t0 = performance.now();
      const r = await client.callTool({ name: 'list_pools', arguments: { path: 'v1' } });
      if (r.isError) throw new Error(`list_pools failed: ${JSON.stringify(r.content)}`);
      return performance.now() - t0;
    };
    for (let i = 0; i < 20; i++) await list(); // warm-up
    const alone: number[] = [];
    for (let i = 0; i < 200; i++) alone.push(await list());
    let running = tunes;
    const t0 = performance.now();
    const searches = Array.from({ length: tunes }, (_, i) => client.callTool({ name: 'propose_scaling', arguments: { pool: 'orders-worker', path: `v${i + 1}` } }, CallToolResultSchema, { timeout: 3_600_000 })
      .then((r) => {
        if (r.isError) throw new Error(`propose_scaling failed: ${JSON.stringify(r.content)}`);
        running--;
      }));
    const loaded: number[] = [];
    while (running > 0) {
      loaded.push(await list());
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.all(searches);
    const searchSec = (performance.now() - t0) / 1000;
    await client.close();
    console.log(`list_pools alone (baseline, stdio, same session)  p50 ${pct(alone, 50).toFixed(1)} ms  p99 ${pct(alone, 99).toFixed(1)} ms  (${alone.length} calls)`);
    console.log(`list_pools while ${tunes} tunes run (${searchSec.toFixed(0)} s)  p50 ${pct(loaded, 50).toFixed(1)} ms  p99 ${pct(loaded, 99).toFixed(1)} ms  max ${Math.max(...loaded).toFixed(1)} ms  (${loaded.length} calls)  ratio to alone: p50 ×${(pct(loaded, 50) / pct(alone, 50)).toFixed(2)}, p99 ×${(pct(loaded, 99) / pct(alone, 99)).toFixed(2)}  target p99 < 100 ms: ${pct(loaded, 99) < 100 ? 'met' : 'NOT met'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!existsSync('dist/mcp-server.js') || !existsSync('dist/worker.js')) spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
  if (values['only-load']) {
    await listPoolsUnderLoad(Number(values.tunes));
    return;
  }
  const { server, cleanup } = createServer({ roots: ['examples'], logger: silentLogger, extraTools: [noopTool] });
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'bench', version: '0' });
  await Promise.all([server.connect(b), client.connect(a)]);
  const { tools } = await client.listTools();
  console.log(`node ${process.version}, examples (3 pools, 7 files), ${calls} calls per tool after 20 warm-up calls`);

  const noop = await timeCalls(client, 'bench_noop', {}, calls);
  console.log(`bench_noop (baseline)   p50 ${pct(noop, 50).toFixed(3)} ms  p99 ${pct(noop, 99).toFixed(3)} ms`);
  const cases: [string, Record<string, unknown>][] = [
    ['analyze_pool', { pool: 'orders-worker', limit: 50 }],
      ['propose_scaling', { pool: 'orders-worker' }], // no metrics in the examples: policy only (and memoised)
  ];
  for (const [name, args] of cases) {
    if (!tools.some((t) => t.name === name)) {
      console.log(`${name.padEnd(23)} not registered in this build; skipped`);
      continue;
    }
    const xs = await timeCalls(client, name, args, calls);
    console.log(`${name.padEnd(23)} p50 ${pct(xs, 50).toFixed(2)} ms  p99 ${pct(xs, 99).toFixed(2)} ms  ratio to no-op: p50 ×${(pct(xs, 50) / pct(noop, 50)).toFixed(1)}, p99 ×${(pct(xs, 99) / pct(noop, 99)).toFixed(1)}`);
  }
  await client.close();
  await cleanup();

  const search = await searchSamples(searches);
  console.log(`propose_scaling with ${SNAPSHOT} (tuner search; fresh server each, ${searches} samples)  p50 ${pct(search, 50).toFixed(0)} ms  p99 ${pct(search, 99).toFixed(0)} ms  ratio to no-op p50 ×${(pct(search, 50) / pct(noop, 50)).toFixed(0)}`);

  const bare: number[] = [];
  const cold: number[] = [];
  await startOnce(BARE); // warm the file cache
  await startOnce(['dist/mcp-server.js', '--root', 'examples']);
  for (let i = 0; i < starts; i++) {
    bare.push(await startOnce(BARE));
    cold.push(await startOnce(['dist/mcp-server.js', '--root', 'examples']));
  }
  console.log(`cold start, bare node   p50 ${pct(bare, 50).toFixed(0)} ms  p99 ${pct(bare, 99).toFixed(0)} ms (${starts} spawns)`);
  const dir = mkdtempSync(path.join(tmpdir(), 'pool-tuner-bench-mcp-'));
  try {
    const bundle = path.join(dir, 'noop-server.js');
    buildSync({ entryPoints: ['bench/mcp/noop-server.ts'], outfile: bundle, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error', external: MONITORING_EXTERNAL });
    buildSync({ entryPoints: ['shared/node/jobs/worker.ts'], outfile: path.join(dir, 'worker.js'), bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error', external: MONITORING_EXTERNAL });
    const firstNoop: number[] = [];
    const firstAnalyze: number[] = [];
    await firstCallOnce(bundle, 'bench_noop', {});
    for (let i = 0; i < starts; i++) {
      firstNoop.push(await firstCallOnce(bundle, 'bench_noop', {}));
      firstAnalyze.push(await firstCallOnce(bundle, 'analyze_pool', { pool: 'orders-worker', limit: 50 }));
    }
    console.log(`spawn → first bench_noop answer     p50 ${pct(firstNoop, 50).toFixed(0)} ms  p99 ${pct(firstNoop, 99).toFixed(0)} ms`);
    console.log(`spawn → first analyze_pool answer   p50 ${pct(firstAnalyze, 50).toFixed(0)} ms  p99 ${pct(firstAnalyze, 99).toFixed(0)} ms  ratio to no-op: p50 ×${(pct(firstAnalyze, 50) / pct(firstNoop, 50)).toFixed(2)}, p99 ×${(pct(firstAnalyze, 99) / pct(firstNoop, 99)).toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await listPoolsUnderLoad(Number(values.tunes));
  console.log(`cold start, mcp server  p50 ${pct(cold, 50).toFixed(0)} ms  p99 ${pct(cold, 99).toFixed(0)} ms  ratio to bare node: p50 ×${(pct(cold, 50) / pct(bare, 50)).toFixed(2)}, p99 ×${(pct(cold, 99) / pct(bare, 99)).toFixed(2)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
