/**
 * Long calls on the built server (`node dist/mcp-server.js`, as clients launch it) with the real SDK client over
 * stdio: tuner searches run on worker threads (dist/worker.js), report progress when the client sends a
 * progressToken, stop when the client cancels, and are cached per input (a repeat answers fast and identically).
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CallToolResultSchema, type CallToolResult, type Progress } from '@modelcontextprotocol/sdk/types.js';

before(() => {
  if (!existsSync('dist/mcp-server.js') || !existsSync('dist/worker.js')) {
    const r = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
    assert.equal(r.status, 0);
  }
});

interface Session {
  client: Client;
  pid: number;
  stderr(): string;
  close(): Promise<void>;
}

async function start(): Promise<Session> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['dist/mcp-server.js', '--root', 'examples', '--metrics', 'examples/metrics/snapshot.json'],
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const client = new Client({ name: 'jobs-test', version: '0' });
  await client.connect(transport);
  return { client, pid: transport.pid!, stderr: () => stderr, close: () => client.close() };
}

/** CPU seconds (user + system, all threads) the process has used: /proc/<pid>/stat fields 14 and 15, in ticks. */
function cpuSec(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const call = (s: Session, name: string, args: Record<string, unknown>, opts: { onprogress?: (p: Progress) => void; signal?: AbortSignal } = {}) =>
  s.client.callTool({ name, arguments: args }, CallToolResultSchema, { ...opts, timeout: 600_000 }) as Promise<CallToolResult>;

it('a tuner search reports progress, leaves list_pools answering, and a repeat is a fast identical cache hit', async () => {
  const s = await start();
  try {
    const progress: Progress[] = [];
    const t0 = performance.now();
    let tuneDone = false;
    const tune = call(s, 'propose_scaling', { pool: 'orders-worker' }, { onprogress: (p) => progress.push(p) }).then((r) => {
      tuneDone = true;
      return r;
    });
    // list_pools is answered while the search runs (on a worker thread), not after it.
    const pools = await call(s, 'list_pools', {});
    assert.ok(!pools.isError);
    assert.equal(tuneDone, false, 'list_pools answered only after the search finished');
    const first = await tune;
    const firstMs = performance.now() - t0;
    assert.ok(!first.isError, JSON.stringify(first.content));
    assert.equal(first.structuredContent!['status'], 'proposed');
    assert.ok(progress.length >= 2, `progress notifications: ${progress.length}`);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i]!.progress > progress[i - 1]!.progress, 'progress only grows');
    assert.match(progress.at(-1)!.message ?? '', /simulations run/);

    const t1 = performance.now();
    const again = await call(s, 'propose_scaling', { pool: 'orders-worker' });
    const againMs = performance.now() - t1;
    assert.deepEqual(again.structuredContent, first.structuredContent);
    assert.ok(againMs * 5 < firstMs, `cache hit ${againMs.toFixed(0)} ms vs first ${firstMs.toFixed(0)} ms`);
    // The three propose_* tools share the search: propose_concurrency needs no new one.
    const t2 = performance.now();
    const conc = await call(s, 'propose_concurrency', { pool: 'orders-worker' });
    assert.ok(!conc.isError);
    assert.ok((performance.now() - t2) * 5 < firstMs);
  } finally {
    await s.close();
  }
});

it('cancelling a call (notifications/cancelled) stops its worker job', async () => {
  const s = await start();
  try {
    const ac = new AbortController();
    let notified!: () => void;
    const running = new Promise<void>((resolve) => {
      notified = resolve;
    });
    const pending = call(s, 'propose_scaling', { pool: 'orders-worker' }, { signal: ac.signal, onprogress: () => notified() });
    await running; // the search is under way on a worker
    ac.abort();
    await assert.rejects(pending);
    // The server logs the stop; give the notification a moment to arrive.
    for (let i = 0; i < 50 && !/cancelled by the client/.test(s.stderr()); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(s.stderr(), /propose_scaling: cancelled by the client; its worker job was stopped/);
    // A search still running would burn about a core for the next second; a stopped one burns nothing.
    const c0 = cpuSec(s.pid);
    await new Promise((r) => setTimeout(r, 1500));
    const used = cpuSec(s.pid) - c0;
    assert.ok(used < 0.5, `server used ${used.toFixed(2)} CPU s in 1.5 s after the cancellation`);
    // The cancelled search was not cached as a failure: the same call now runs to the end.
    const r = await call(s, 'propose_scaling', { pool: 'orders-worker' });
    assert.equal(r.structuredContent!['status'], 'proposed');
  } finally {
    await s.close();
  }
});
