/**
 * Inputs and protocol: the one what-if range table (CLI and MCP), argument errors as isError with one human line, -32700 for stdin that
 * is not JSON, batches refused per spec, the same answer for a missing path and one outside the roots, and HTTP
 * sessions that cannot lock clients out.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { WHAT_IF_KEYS, whatIfErrors, whatIfValueError } from '../../shared/index.ts';
import { createServer } from '../../mcp-server/server.ts';
import { silentLogger } from '../../mcp-server/logger.ts';
import { LineStdioTransport } from '../../mcp-server/stdio.ts';
import { startHttp } from '../../mcp-server/http.ts';
import { connect, EXAMPLES, textOf } from './harness.ts';
import { cleanup, runCli } from '../cli/harness.ts';

after(cleanup);

describe('what-if ranges (one table for CLI and MCP)', () => {
  const bad: [string, number, RegExp][] = [
    ['failure', 5, /failure must be a number from 0 to 1/],
    ['ackDeadline', 5, /ackDeadline must be a whole number from 10 to 600 \(seconds\); got 5/],
    ['ackDeadline', 601, /from 10 to 600/],
    ['attempts', 1, /attempts must be a whole number from 5 to 100/],
    ['concurrency', 0, /concurrency must be a whole number from 1/],
    ['instances', 2.5, /instances must be a whole number from 0/],
    ['minBackoff', 700, /from 0 to 600/],
    ['rate', 0, /rate must be a number above 0/],
  ];
  it('refuses values outside the real API ranges instead of rounding', () => {
    for (const [k, v, re] of bad) assert.match(whatIfValueError(k as keyof typeof WHAT_IF_KEYS, v) ?? '', re, `${k}=${v}`);
    for (const [k, v] of [['ackDeadline', 10], ['ackDeadline', 600], ['attempts', 5], ['failure', 0], ['failure', 1], ['instances', 0], ['concurrency', 1]] as const) {
      assert.equal(whatIfValueError(k, v), undefined, `${k}=${v}`);
    }
    assert.deepEqual(whatIfErrors({ minBackoff: 60, maxBackoff: 10 }), ['minBackoff (60) must not exceed maxBackoff (10)']);
    assert.ok(Object.keys(WHAT_IF_KEYS).every((k) => whatIfValueError(k as keyof typeof WHAT_IF_KEYS, Number.NaN)));
  });

  it('MCP simulate_pool: an isError tool result (not a protocol error) naming the field and the allowed range in one line', async () => {
    const c = await connect();
    try {
      for (const [k, v, re] of bad) {
        // callTool resolves: the model gets a result it can read and correct (MCP 2025-11-25 input validation).
        const r = await c.client.callTool({ name: 'simulate_pool', arguments: { pool: 'orders-worker', overrides: [{ setting: k, value: v }] } }) as CallToolResult;
        assert.equal(r.isError, true, `${k}=${v} accepted`);
        const text = textOf(r);
        assert.match(text, /^Invalid arguments for simulate_pool: overrides\[0\]\.value: /);
        assert.match(text, re);
        assert.doesNotMatch(text, /\n|"code":|"path":/, 'one human line, no zod dump');
      }
      const r = await c.client.callTool({ name: 'list_pools', arguments: { limit: 'ten' } }) as CallToolResult;
      assert.equal(r.isError, true);
      assert.equal(textOf(r), 'Invalid arguments for list_pools: limit: must be a number.');
      const missing = await c.client.callTool({ name: 'analyze_pool', arguments: { minSeverity: 'fatal' } }) as CallToolResult;
      assert.equal(missing.isError, true);
      assert.match(textOf(missing), /^Invalid arguments for analyze_pool: minSeverity: must be one of "error", "warning", "info"\.$/);
      // A malformed request stays a protocol error: an unknown tool, arguments that are not an object.
      await assert.rejects(c.client.callTool({ name: 'no_such_tool', arguments: {} }), (err: unknown) => err instanceof McpError && err.code === -32602);
    } finally {
      await c.close();
    }
  });

  it('CLI simulate --set: the same ranges, exit 2 with the allowed range', () => {
    const r = runCli(['simulate', 'examples', '--pool', 'orders-worker', '--set', 'ackDeadline=5'], process.cwd());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /ackDeadline must be a whole number from 10 to 600 \(seconds\); got 5/);
    const r2 = runCli(['simulate', 'examples', '--pool', 'orders-worker', '--set', 'instances=2.5'], process.cwd());
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /instances must be a whole number/);
  });
});

describe('stdio framing', () => {
  async function exchange(lines: string[]): Promise<unknown[]> {
    const input = new PassThrough();
    const output = new PassThrough();
    const { server, cleanup: done } = createServer({ roots: [EXAMPLES], logger: silentLogger });
    await server.connect(new LineStdioTransport(input, output));
    let text = '';
    output.on('data', (d: Buffer) => (text += d.toString()));
    for (const l of lines) input.write(`${l}\n`);
    const want = lines.length;
    for (let i = 0; i < 100 && text.split('\n').filter(Boolean).length < want; i++) await new Promise((r) => setTimeout(r, 20));
    await done();
    return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);
  }

  it('answers garbage with -32700, a batch and a non-JSON-RPC object with -32600, and still serves requests', async () => {
    const init = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } } });
    const out = await exchange(['this is not json {', JSON.stringify([{ jsonrpc: '2.0', id: 7, method: 'ping' }]), JSON.stringify({ id: 9, hello: 'world' }), init]) as { id: unknown; error?: { code: number; message: string }; result?: unknown }[];
    assert.deepEqual(out.map((m) => [m.id, m.error?.code]), [[null, -32700], [null, -32600], [9, -32600], [1, undefined]]);
    assert.match(out[1]!.error!.message, /batches are not supported/);
    assert.ok(out[3]!.result);
  });
});

describe('paths outside the roots', () => {
  it('a missing path and a forbidden one get the same message', async () => {
    const c = await connect();
    try {
      const missing = textOf(await c.call('list_pools', { path: 'no-such-folder' }));
      const outside = textOf(await c.call('list_pools', { path: '/etc' }));
      const outsideMissing = textOf(await c.call('list_pools', { path: '/no/such/place' }));
      const shape = (s: string) => s.replace(/'[^']*'/, "'X'");
      assert.equal(shape(outside), shape(missing));
      assert.equal(shape(outsideMissing), shape(missing));
    } finally {
      await c.close();
    }
  });
});

describe('HTTP sessions', () => {
  const connectTo = async (url: URL, name: string) => {
    const client = new Client({ name, version: '0' });
    const transport = new StreamableHTTPClientTransport(url);
    await client.connect(transport);
    return { client, transport };
  };

  it('100 runs of one client that never closes: capped per client, nobody else evicted; DELETE ends a session; idle sessions expire', async () => {
    const h = await startHttp({ roots: [EXAMPLES], logger: silentLogger }, { port: 0, idleMinutes: 2 / 60, maxSessions: 32, maxSessionsPerClient: 8 }, silentLogger);
    const url = new URL(`http://127.0.0.1:${h.port}/mcp`);
    try {
      const editor = await connectTo(url, 'editor');
      for (let i = 0; i < 100; i++) {
        const { client } = await connectTo(url, 'inspector-cli');
        const r = await client.callTool({ name: 'list_pools', arguments: {} });
        assert.ok(!r.isError, `run ${i} was refused: ${JSON.stringify(r.content)}`);
        assert.ok(h.sessionCount() <= 9, `${h.sessionCount()} sessions held`);
        // The editor keeps using its session meanwhile (idle expiry is 2 s here).
        if (i % 10 === 0) assert.ok(!(await editor.client.callTool({ name: 'list_pools', arguments: {} })).isError, `editor evicted at run ${i}`);
        // never client.close(): the session stays open until its own client's cap closes it
      }
      // The other client's session was never evicted.
      assert.ok(!(await editor.client.callTool({ name: 'list_pools', arguments: {} })).isError);
      // DELETE is honoured.
      const before = h.sessionCount();
      await editor.transport.terminateSession();
      assert.equal(h.sessionCount(), before - 1);
      // Idle sessions (2 s here) are swept.
      for (let i = 0; i < 60 && h.sessionCount() > 0; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(h.sessionCount(), 0);
    } finally {
      await h.close();
    }
  });

  it('a full table of sessions in use: a newcomer is refused (503, retry later), never given another client\'s session; an idle one makes room', async () => {
    const h = await startHttp({ roots: [EXAMPLES], logger: silentLogger }, { port: 0, idleMinutes: 10, maxSessions: 4, maxSessionsPerClient: 2, evictIdleMs: 1500 }, silentLogger);
    const url = new URL(`http://127.0.0.1:${h.port}/mcp`);
    try {
      const held = [];
      for (const name of ['editor', 'agent', 'cli', 'other']) held.push(await connectTo(url, name));
      await assert.rejects(connectTo(url, 'flood-0'), /503|Server busy/);
      assert.equal(h.sessionCount(), 4);
      for (const x of held) assert.ok(!(await x.client.callTool({ name: 'list_pools', arguments: {} })).isError);
      // Only a session left unused for evictIdleMs gives way: 'other' goes idle, the rest stay in use.
      await new Promise((r) => setTimeout(r, 1000));
      for (const x of held.slice(0, 3)) await x.client.callTool({ name: 'list_pools', arguments: {} });
      await new Promise((r) => setTimeout(r, 700));
      const late = await connectTo(url, 'late');
      assert.ok(!(await late.client.callTool({ name: 'list_pools', arguments: {} })).isError);
      for (const x of held.slice(0, 3)) assert.ok(!(await x.client.callTool({ name: 'list_pools', arguments: {} })).isError, 'an active session was evicted');
      await assert.rejects(held[3]!.client.callTool({ name: 'list_pools', arguments: {} }));
    } finally {
      await h.close();
    }
  });
});

