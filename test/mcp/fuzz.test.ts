/**
 * Protocol fuzz (#12 item 9): 10,000 tool calls with arguments generated from each tool's own input schema (as
 * `tools/list` publishes it), mostly near-valid and some hostile, against the built server over stdio. No crash,
 * no hang (every call answers: a result or a JSON-RPC error), stdout carries only protocol messages, and the
 * server still answers normally afterwards. Seeded: a failure reproduces with the same seed.
 */
import { Rng } from '../../shared/simulate/prng.ts';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { copyExamples } from './harness.ts';

const CALLS = Number(process.env['POOL_TUNER_FUZZ_CALLS'] ?? 10_000);
const SEED = Number(process.env['POOL_TUNER_FUZZ_SEED'] ?? 20261129);
const IN_FLIGHT = 8;
const CALL_TIMEOUT_MS = 60_000;

/** The simulator's seeded generator (shared/simulate/prng.ts): a failure reproduces with the same seed. */
function prng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

type Schema = { type?: string | string[]; enum?: unknown[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; minimum?: number; maximum?: number; anyOf?: Schema[]; oneOf?: Schema[] };

const STRINGS = ['orders-worker', 'notify-worker', 'transcode-worker', 'no-such-pool', '', ' ', '../../etc/passwd', '/etc/shadow', 'C:\\Windows',
  '%00', '\u0000', '{{ .Values.x }}', '${HOME}', 'ÿ\u202e', '😀'.repeat(50), 'a'.repeat(5000), 'concurrency', 'rate', 'instances', 'ackDeadline',
  'orders-worker.yaml', 'pool-tuner.yaml', 'nonexistent/dir', 'x'.repeat(300), 'NaN', '-1', 'true', 'null', 'pool-tuner://pools/orders-worker'];
const JUNK: unknown[] = [null, {}, [], -1, 0, 1e308, -1e308, 0.5, 2 ** 53 + 2, 'x', true, [[[]]], { a: { b: { c: 1 } } }];

function generate(schema: Schema | undefined, rnd: () => number, depth = 0): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  if (!schema || depth > 4 || rnd() < 0.08) return pick(JUNK);
  if (schema.enum) return rnd() < 0.9 ? pick(schema.enum) : pick(STRINGS);
  const alts = schema.anyOf ?? schema.oneOf;
  if (alts) return generate(pick(alts), rnd, depth + 1);
  const type = Array.isArray(schema.type) ? pick(schema.type) : schema.type;
  switch (type) {
    case 'string': return pick(STRINGS);
    case 'integer':
    case 'number': {
      const lo = schema.minimum ?? -10;
      const hi = schema.maximum ?? 1000;
      const r = rnd();
      const v = r < 0.6 ? lo + rnd() * (Math.min(hi, lo + 1000) - lo) : r < 0.8 ? pick([lo - 1, hi + 1, lo, hi]) : pick([-1e9, 1e9, 0, -0.5, 1.5]);
      return type === 'integer' && rnd() < 0.85 ? Math.round(v) : v;
    }
    case 'boolean': return rnd() < 0.5;
    case 'array': return Array.from({ length: Math.floor(rnd() * 4) }, () => generate(schema.items, rnd, depth + 1));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(k) ? rnd() < 0.95 : rnd() < 0.4) out[k] = generate(s, rnd, depth + 1);
      }
      if (rnd() < 0.05) out[pick(STRINGS).slice(0, 20) || 'extra'] = pick(JUNK);
      return out;
    }
    default: return pick(JUNK);
  }
}

describe(`MCP fuzz: ${CALLS} generated tool calls over stdio (seed ${SEED})`, () => {
  let client: Client;
  let transport: StdioClientTransport;
  let examples: ReturnType<typeof copyExamples>;
  const transportErrors: string[] = [];
  let stderr = '';
  before(async () => {
    if (!existsSync('dist/cli.js')) assert.equal(spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' }).status, 0);
    examples = copyExamples();
    transport = new StdioClientTransport({ command: process.execPath, args: ['dist/cli.js', 'mcp', '--root', examples.dir], stderr: 'pipe' });
    transport.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-20_000);
    });
    client = new Client({ name: 'fuzz', version: '0' });
    await client.connect(transport);
    // Anything on stdout that is not a JSON-RPC message surfaces here (the SDK's parse error).
    const prev = transport.onerror;
    transport.onerror = (e) => {
      transportErrors.push(e.message);
      prev?.(e);
    };
  });
  after(async () => {
    await client.close();
    examples.dispose();
  });

  it('answers every call, stays up, and keeps stdout to the protocol', async () => {
    const { tools } = await client.listTools();
    const rnd = prng(SEED);
    const tally = { result: 0, toolError: 0, rpcError: 0 };
    const codes = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < CALLS) {
        const i = next++;
        const tool: Tool = tools[Math.floor(rnd() * tools.length)]!;
        const args = rnd() < 0.97 ? generate(tool.inputSchema as Schema, rnd) : generate(undefined, rnd);
        try {
          const r = (await client.callTool({ name: tool.name, arguments: args as Record<string, unknown> }, undefined, { timeout: CALL_TIMEOUT_MS })) as CallToolResult;
          if (r.isError) tally.toolError++;
          else tally.result++;
          assert.ok(Array.isArray(r.content), `call ${i} (${tool.name}) returned content`);
        } catch (err) {
          assert.ok(err instanceof McpError, `call ${i} ${tool.name}(${JSON.stringify(args).slice(0, 300)}) failed outside the protocol: ${String(err)}`);
          assert.notEqual(err.code, -32001, `call ${i} ${tool.name}(${JSON.stringify(args).slice(0, 300)}) timed out`);
          assert.notEqual(err.code, -32603, `call ${i} ${tool.name}(${JSON.stringify(args).slice(0, 300)}) hit an internal error: ${err.message}`);
          tally.rpcError++;
          codes.set(err.code, (codes.get(err.code) ?? 0) + 1);
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    assert.equal(tally.result + tally.toolError + tally.rpcError, CALLS);
    assert.deepEqual(transportErrors, [], 'stdout carried something that is not a protocol message');
    assert.doesNotMatch(stderr, /Uncaught|FATAL|heap out of memory/);
    // Both kinds of answer occurred: the generator reaches real work, not only argument errors.
    assert.ok(tally.result > CALLS * 0.05, `too few successful calls: ${JSON.stringify(tally)}`);
    assert.ok(tally.rpcError + tally.toolError > CALLS * 0.05, `too few rejected calls: ${JSON.stringify(tally)}`);
    // Still serving normally.
    const r = (await client.callTool({ name: 'list_pools', arguments: {} })) as CallToolResult;
    assert.notEqual(r.isError, true);
    assert.match(JSON.stringify(r.structuredContent), /orders-worker/);
    console.log(`fuzz: ${CALLS} calls, ${JSON.stringify(tally)}, JSON-RPC codes ${JSON.stringify([...codes])}`);
  });
});
