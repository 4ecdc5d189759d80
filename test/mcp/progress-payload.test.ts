/**
 * MCP, issue 21: a call that asks for progress hears from the server at once and then at least every 2 s (a
 * heartbeat while one long simulation runs, values only growing), simulate_pool included; get_pool_metrics sends its
 * points once (structuredContent), not twice.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { CallToolResultSchema, type CallToolResult, type Progress } from '@modelcontextprotocol/sdk/types.js';
import { snapshotViewFromText } from '../../shared/index.ts';
import type { MetricsAccess } from '../../mcp-server/metrics.ts';
import { defineTool, type ToolDef } from '../../mcp-server/tool.ts';
import { connect, EXAMPLES, textOf } from './harness.ts';
import { POINT_SERIES } from '../../mcp-server/series.ts';

const snapshot: MetricsAccess = {
  source: 'metrics/snapshot.json',
  live: false,
  view: async (loaded) => snapshotViewFromText(readFileSync(path.join(EXAMPLES, 'metrics/snapshot.json'), 'utf8'), 'metrics/snapshot.json', loaded.ws),
};

/** A tool that works 3.5 s without reporting anything, as one long simulation does. */
const slowTool = defineTool({
  name: 'test_slow',
  title: 'Slow',
  description: 'Sleeps 3.5 s.',
  input: z.object({}),
  output: z.object({ ok: z.boolean() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  run: async () => {
    await new Promise((r) => setTimeout(r, 3500));
    return { ok: true };
  },
}) as unknown as ToolDef;

/** Calls `name` with a progress token; returns the result and when each notification arrived (ms after the call). */
async function timed(c: Awaited<ReturnType<typeof connect>>, name: string, args: Record<string, unknown>) {
  const t0 = Date.now();
  const seen: { at: number; p: Progress }[] = [];
  const r = (await c.client.callTool({ name, arguments: args }, CallToolResultSchema, { onprogress: (p) => seen.push({ at: Date.now() - t0, p }), timeout: 120_000 })) as CallToolResult;
  return { r, seen, total: Date.now() - t0 };
}

function assertCadence(seen: { at: number; p: Progress }[], total: number, where: string): void {
  assert.ok(seen.length >= 1, `${where}: no progress`);
  assert.ok(seen[0]!.at < 1000, `${where}: first progress after ${seen[0]!.at} ms`);
  const times = [...seen.map((s) => s.at), total];
  for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! <= 2000, `${where}: ${times[i]! - times[i - 1]!} ms without progress (at ${times[i - 1]} ms)`);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i]!.p.progress > seen[i - 1]!.p.progress, `${where}: progress only grows`);
}

describe('progress at least every 2 s', () => {
  it('a call that works 3.5 s silently still hears from the server at once and every ≤ 2 s', async () => {
    const c = await connect({ extraTools: [slowTool] });
    try {
      const { r, seen, total } = await timed(c, 'test_slow', {});
      assert.ok(!r.isError, textOf(r));
      assert.ok(total >= 3500);
      assertCadence(seen, total, 'test_slow');
      assert.ok(seen.length >= 3, `heartbeats: ${seen.length}`);
      assert.match(seen.at(-1)!.p.message ?? '', /still working, \d+ s/);
    } finally {
      await c.close();
    }
  });

  it('simulate_pool on the recorded traffic', async () => {
    const c = await connect({ metrics: snapshot });
    try {
      const { r, seen, total } = await timed(c, 'simulate_pool', { pool: 'orders-worker', overrides: [{ setting: 'concurrency', value: 4 }] });
      assert.ok(!r.isError, textOf(r));
      assertCadence(seen, total, 'simulate_pool');
    } finally {
      await c.close();
    }
  });

  it('no progress notification without a progress token', async () => {
    const c = await connect({ extraTools: [slowTool] });
    try {
      let n = 0;
      c.client.fallbackNotificationHandler = async () => {
        n++;
      };
      const r = await c.client.callTool({ name: 'list_pools', arguments: {} });
      assert.ok(!r.isError);
      assert.equal(n, 0);
    } finally {
      await c.close();
    }
  });
});

describe('get_pool_metrics sends its points once', () => {
  it('structuredContent holds every point; the text summarises the series instead of repeating them', async () => {
    const c = await connect({ metrics: snapshot });
    try {
      // Every series, at the most points: the 67 KB case of the issue.
      const r = await c.call('get_pool_metrics', { pool: 'orders-worker', series: Object.keys(POINT_SERIES), resolutionSec: 60 });
      assert.ok(!r.isError, textOf(r));
      const full = r.structuredContent as { series: { name: string; points: unknown[] }[]; figures: unknown };
      assert.ok(full.series.length >= 3 && full.series.every((s) => s.points.length > 0));
      const text = JSON.parse(textOf(r)) as { series: { name: string; points: number }[]; figures: unknown; notes: string[] };
      assert.deepEqual(text.series.map((s) => [s.name, s.points]), full.series.map((s) => [s.name, s.points.length]));
      assert.deepEqual(text.figures, full.figures);
      assert.match(text.notes.at(-1)!, /points of each series are in structuredContent/);
      const size = JSON.stringify(r).length;
      const once = JSON.stringify(full).length;
      assert.ok(size < once * 1.25, `response ${size} chars for ${once} of payload: carried twice`);
    } finally {
      await c.close();
    }
  });
});
