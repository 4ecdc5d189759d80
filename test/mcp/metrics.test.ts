/**
 * Metric-backed tools with a metrics source handed to createServer (as the launcher does for --metrics): figures
 * flow into get_pool_metrics, analyze_pool's metric rules and the tuner; live metrics make those tools open-world.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { MetricsView, PoolFigures } from '../../shared/index.ts';
import type { MetricsAccess } from '../../mcp-server/metrics.ts';
import { cachedMetrics } from '../../mcp-server/metrics-cache.ts';
import { loadMetricsForCli } from '../../cli/metrics-source.ts';
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
      assert.deepEqual(open, ['analyze_pool', 'estimate_cost', 'get_pool_metrics', 'propose_alerts', 'propose_concurrency', 'propose_dlq', 'propose_scaling', 'simulate_pool', 'verify_pool']);
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

describe('get_pool_metrics over a snapshot file (the --metrics FILE path)', () => {
  const STEPS = 180;
  let dir: string;
  let c: Connected;
  const at = (i: number) => new Date(Date.parse('2026-11-20T00:00:00Z') + i * 60_000).toISOString().replace('.000Z', 'Z');
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pool-tuner-snap-'));
    const published = Array.from({ length: STEPS }, (_, i) => (i < 120 ? 600 : 1200));
    // Minutes 30-59 have no backlog data: a gap, never zero.
    const backlog = Array.from({ length: STEPS }, (_, i) => (i >= 30 && i < 60 ? null : i < 120 ? 50 : 400));
    const snapshot = {
      schemaVersion: 1, source: 'test', project: 'acme-shop-prod',
      window: { start: at(0), end: at(STEPS), stepSec: 60 },
      pools: { 'orders-worker': { instanceCount: Array.from({ length: STEPS }, (_, i) => (i < 120 ? 2 : 5)) } },
      subscriptions: {
        'orders-sub': {
          publishedMessagesPerMin: published,
          ackedMessagesPerMin: published,
          backlogMessages: backlog,
          oldestUnackedAgeSec: Array.from({ length: STEPS }, () => 12),
          processingTimeMs: { p50: Array(STEPS).fill(3000), p95: Array(STEPS).fill(9000), p99: Array(STEPS).fill(12000) },
        },
      },
    };
    writeFileSync(path.join(dir, 'snapshot.json'), JSON.stringify(snapshot));
    c = await connect({ metrics: cachedMetrics(path.join(dir, 'snapshot.json'), loadMetricsForCli) });
  });
  after(async () => {
    await c.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('summarises the whole window with a few points per series, gaps as null', async () => {
    const r = await c.call('get_pool_metrics', { pool: 'orders-worker', series: ['published', 'backlog', 'instances'], resolutionSec: 1800 });
    assert.ok(!r.isError, textOf(r));
    const out = r.structuredContent as { window: { windowSec: number; start: string }; figures: PoolFigures; resolutionSec: number; series: { name: string; points: { t: string; mean: number | null; max: number | null }[] }[] };
    assert.equal(out.window.windowSec, STEPS * 60);
    assert.equal(out.resolutionSec, 1800);
    const published = out.series.find((s) => s.name === 'published')!;
    assert.deepEqual(published.points.map((p) => p.mean), [600, 600, 600, 600, 1200, 1200]);
    assert.equal(published.points[0]!.t, '2026-11-20T00:00:00.000Z');
    const backlog = out.series.find((s) => s.name === 'backlog')!;
    assert.deepEqual(backlog.points.map((p) => p.mean), [50, null, 50, 50, 400, 400]);
    // Figures are rounded to 4 significant digits for reading.
    assert.equal(out.figures.arrivalRatePerSec!.mean, 13.33, '(600 × 120 + 1200 × 60) / 180 min / 60 s');
  });

  it('serves a metrics summary resource per pool', async () => {
    const { resources } = await c.client.listResources();
    assert.ok(resources.some((r) => r.uri === 'pool-tuner://pools/orders-worker/metrics'));
    const r = await c.client.readResource({ uri: 'pool-tuner://pools/orders-worker/metrics' });
    const first = r.contents[0]!;
    const json = JSON.parse('text' in first ? first.text : '{}') as { pool: string; figures: PoolFigures };
    assert.equal(json.pool, 'orders-worker');
    assert.equal(json.figures.windowSec, STEPS * 60);
  });

  it('recomputes the figures for a shorter window and caps the number of points', async () => {
    const r = await c.call('get_pool_metrics', { pool: 'orders-worker', windowSec: 3600, resolutionSec: 60 });
    assert.ok(!r.isError, textOf(r));
    const out = r.structuredContent as { window: { windowSec: number; start: string }; figures: PoolFigures; resolutionSec: number; series: { points: unknown[] }[]; notes: string[] };
    assert.equal(out.window.windowSec, 3600);
    assert.equal(out.window.start, '2026-11-20T02:00:00.000Z');
    assert.equal(out.figures.arrivalRatePerSec!.mean, 20, 'the last hour runs at 1200/min');
    assert.ok(out.series.every((s) => s.points.length <= 48));
    assert.equal(out.resolutionSec, 120);
    assert.match(out.notes.join(' '), /Resolution raised to 120 s/);
    const clamped = await c.call('get_pool_metrics', { pool: 'orders-worker', windowSec: 86400, series: [] });
    assert.match((clamped.structuredContent as { notes: string[] }).notes.join(' '), /clamped/);
  });
});
