/**
 * MCP what-if honesty (issue 9): simulate_pool warns when a what-if exceeds the downstream limit or the instance's
 * CPU/memory, and each propose_* tool's status agrees with its figures (no `no-change` beside a cost delta), on
 * every example pool with the example snapshot.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { snapshotViewFromText } from '../../shared/index.ts';
import type { MetricsAccess } from '../../mcp-server/metrics.ts';
import { connect, copyExamples, validatorFor, type Connected } from './harness.ts';

describe('MCP what-if honesty (examples, snapshot.json)', () => {
  let c: Connected;
  let ex: ReturnType<typeof copyExamples>;
  let validate: (name: string, value: unknown) => string | undefined;
  before(async () => {
    ex = copyExamples();
    const snapshot = readFileSync(path.join(ex.dir, 'metrics', 'snapshot.json'), 'utf8');
    const access: MetricsAccess = { source: 'snapshot.json', live: false, view: async (loaded) => snapshotViewFromText(snapshot, 'snapshot.json', loaded.ws) };
    c = await connect({ roots: [ex.dir], metrics: access });
    validate = await validatorFor(c.client);
  });
  after(async () => {
    await c.close();
    ex.dispose();
  });

  it('simulate_pool: concurrency 197 on notify-worker warns that it exceeds the 100 msg/s downstream limit; 600 also the CPU and memory', async () => {
    const r = await c.call('simulate_pool', { pool: 'notify-worker', overrides: [{ setting: 'concurrency', value: 197 }] });
    const sc = r.structuredContent as { warnings: string[] };
    assert.equal(validate('simulate_pool', sc), undefined);
    assert.equal(sc.warnings.length, 1, sc.warnings.join('\n'));
    assert.match(sc.warnings[0]!, /^Exceeds the downstream limit: 100 instances × concurrency 197 can send about \d+ msg\/s .* against the 100 msg\/s limit/);
    const big = (await c.call('simulate_pool', { pool: 'notify-worker', overrides: [{ setting: 'concurrency', value: 600 }] })).structuredContent as { warnings: string[] };
    assert.deepEqual(big.warnings.map((w) => w.split(':')[0]), ['Exceeds the downstream limit', 'Exceeds the CPU ceiling', 'Exceeds the memory limit']);
  });

  it('simulate_pool: a what-if within every limit carries no warning (orders-worker, maxReplicas 30 at concurrency 14)', async () => {
    const r = await c.call('simulate_pool', { pool: 'orders-worker', overrides: [{ setting: 'concurrency', value: 14 }, { setting: 'maxReplicas', value: 30 }] });
    assert.deepEqual((r.structuredContent as { warnings: string[] }).warnings, []);
  });

  it('propose_*: status agrees with the figures on every example pool', async () => {
    for (const pool of ['notify-worker', 'orders-worker', 'transcode-worker']) {
      for (const tool of ['propose_concurrency', 'propose_scaling', 'propose_dlq']) {
        const v = (await c.call(tool, { pool })).structuredContent as { status: string; diff: string; costDeltaUsdPerMonth?: number; currentFigures?: unknown; predictedFigures?: unknown };
        const label = `${tool} ${pool}: ${v.status}, Δ ${v.costDeltaUsdPerMonth}`;
        if (v.status === 'no-change') {
          assert.equal(v.diff, '', label);
          assert.ok(v.costDeltaUsdPerMonth === undefined || v.costDeltaUsdPerMonth === 0, label);
          assert.deepEqual(v.predictedFigures, v.currentFigures, label);
        }
        if (v.diff !== '') assert.notEqual(v.status, 'no-change', label);
        if (v.costDeltaUsdPerMonth !== undefined && v.costDeltaUsdPerMonth !== 0) assert.notEqual(v.status, 'no-change', label);
      }
    }
  });
});
