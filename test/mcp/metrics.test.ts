/**
 * Metric-backed tools with a metrics source handed to createServer (as the launcher does for --metrics): figures
 * flow into get_pool_metrics, analyze_pool's metric rules and the tuner; live metrics make those tools open-world.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { MetricsView, PoolFigures } from '../../shared/index.ts';
import type { MetricsAccess } from '../../mcp-server/metrics.ts';
import { cachedMetrics } from '../../mcp-server/metrics-cache.ts';
import { connect, copyExamples, textOf, validatorFor, type Connected } from './harness.ts';

/** Orders at ~20 msg/s (p95 30), 4 s mean processing: the tuner can size it. */
const ORDERS: PoolFigures = {
  pool: 'orders-worker',
  windowSec: 3600,
  stepSec: 60,
  arrivalRatePerSec: { mean: 20, p95: 30, max: 34, last: 21 },
  throughputPerSec: { mean: 20, p95: 29, max: 33 },
  backlogMessages: { mean: 120, p95: 400, max: 900, last: 80, slopePerHour: 5 },
  oldestUnackedAgeSec: { mean: 20, p95: 60, max: 140 },
  processingTimeMs: { p50: 3000, p95: 9000, p99: 12000, mean: 4000, cv: 0.8 },
  cpuUtilization: { mean: 0.35, p95: 0.6 },
  instanceCount: { mean: 4, max: 9, min: 1 },
  failureRatio: 0.002,
  missing: [],
};

function view(source: string): MetricsView {
  return { source, forPool: (p) => (p === 'orders-worker' ? ORDERS : undefined) };
}

function access(live: boolean): MetricsAccess {
  return { source: live ? 'live' : 'snapshot.json', live, view: async () => view(live ? 'live' : 'snapshot.json') };
}

describe('with a metrics snapshot', () => {
  let c: Connected;
  let ex: ReturnType<typeof copyExamples>;
  let validate: (name: string, value: unknown) => string | undefined;
  before(async () => {
    ex = copyExamples();
    c = await connect({ roots: [ex.dir], metrics: access(false), allowWrite: true });
    validate = await validatorFor(c.client);
  });
  after(async () => {
    await c.close();
    ex.dispose();
  });

  it('keeps every tool closed-world for a snapshot file', async () => {
    const { tools } = await c.client.listTools();
    assert.ok(tools.every((t) => t.annotations?.openWorldHint === false));
  });

  it('get_pool_metrics returns the summary figures and says where they came from', async () => {
    const r = await c.call('get_pool_metrics', { pool: 'orders-worker' });
    assert.ok(!r.isError, textOf(r));
    assert.equal(validate('get_pool_metrics', r.structuredContent), undefined);
    assert.equal(r.structuredContent!['source'], 'snapshot.json');
    assert.deepEqual((r.structuredContent!['figures'] as PoolFigures).arrivalRatePerSec, ORDERS.arrivalRatePerSec);
    const none = await c.call('get_pool_metrics', { pool: 'transcode-worker' });
    assert.equal(none.isError, true);
    assert.match(textOf(none), /has no data for pool 'transcode-worker'/);
  });

  it('propose_scaling sizes the pool from the figures, with predicted vs current and an applicable diff', async () => {
    const r = await c.call('propose_scaling', { pool: 'orders-worker' });
    assert.ok(!r.isError, textOf(r));
    assert.equal(validate('propose_scaling', r.structuredContent), undefined);
    const out = r.structuredContent as { status: string; currentFigures?: { costUsdPerMonth: number }; predictedFigures?: { costUsdPerMonth: number; sloMet: boolean }; costDeltaUsdPerMonth?: number; diff: string; proposalId?: string; rationale: { setting: string }[]; recommended: { scaling?: { mode: string } } };
    assert.ok(['proposed', 'infeasible'].includes(out.status), out.status);
    assert.ok(out.currentFigures && out.predictedFigures);
    assert.ok(Math.abs(out.costDeltaUsdPerMonth! - (out.predictedFigures.costUsdPerMonth - out.currentFigures.costUsdPerMonth)) < 1e-6);
    assert.equal(out.recommended.scaling?.mode, 'crema');
    assert.ok(out.rationale.some((x) => x.setting === 'targetValue' || x.setting === 'concurrency'));
    assert.ok(out.diff.includes('orders/crema.yaml'), out.diff);
    assert.ok(!out.diff.includes('subscription.yaml'), 'the scaling proposal does not carry subscription edits');

    const crema = path.join(ex.dir, 'orders', 'crema.yaml');
    const before = readFileSync(crema, 'utf8');
    const applied = await c.call('apply_proposal', { proposalId: out.proposalId! });
    assert.ok(!applied.isError, textOf(applied));
    assert.equal(applied.structuredContent!['diff'], out.diff);
    const after = readFileSync(crema, 'utf8');
    assert.notEqual(after, before);
    assert.match(after, /# CREMA config for the orders pool/, 'comments survive');
  });

  it('analyze_pool runs the metric rules and names the source', async () => {
    const r = await c.call('analyze_pool', { pool: 'orders-worker', limit: 50 });
    assert.equal(r.structuredContent!['metricsSource'], 'snapshot.json');
    assert.deepEqual(r.structuredContent!['skippedForMetrics'], []);
  });
});

describe('with live metrics', () => {
  it('marks the metric-reading tools open-world and only those', async () => {
    const c = await connect({ metrics: access(true) });
    try {
      const { tools } = await c.client.listTools();
      const open = tools.filter((t) => t.annotations?.openWorldHint === true).map((t) => t.name).sort();
      assert.deepEqual(open, ['analyze_pool', 'estimate_cost', 'get_pool_metrics', 'propose_concurrency', 'propose_dlq', 'propose_scaling', 'simulate_pool']);
    } finally {
      await c.close();
    }
  });
});

describe('metrics loading', () => {
  it('shares one load between concurrent calls and turns a failing source into an actionable tool error', async () => {
    let loads = 0;
    const cached = cachedMetrics('snapshot.json', async () => {
      loads++;
      return view('snapshot.json');
    });
    const c = await connect({ metrics: cached });
    try {
      await Promise.all(Array.from({ length: 10 }, () => c.call('get_pool_metrics', { pool: 'orders-worker' })));
      assert.equal(loads, 1);
    } finally {
      await c.close();
    }
    const broken = await connect({ metrics: cachedMetrics('missing.json', async () => {
      throw new Error('missing.json: no such file');
    }) });
    try {
      const r = await broken.call('get_pool_metrics', { pool: 'orders-worker' });
      assert.equal(r.isError, true);
      assert.match(textOf(r), /Metrics from 'missing\.json' are unavailable: missing\.json: no such file\. Fix the source, or restart the server without --metrics/);
    } finally {
      await broken.close();
    }
  });
});
