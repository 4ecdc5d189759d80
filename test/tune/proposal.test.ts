/**
 * Proposals on the example project: the JSON validates against its schema, the edits apply cleanly and keep
 * every comment, the edited files read back as the recommended values, and tuning the result again proposes
 * nothing (the proposal is a fixed point). Ids are stable and change with the base files.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseWorkspace, type SourceFile } from '../../shared/config/workspace.ts';
import { applyEdits, editsByFile } from '../../shared/config/edits.ts';
import type { MetricsView, PoolFigures } from '../../shared/metrics/figures.ts';
import { tune } from '../../shared/tune/tune.ts';
import { TuneOutputSchema } from '../../shared/tune/schema.ts';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : /\.ya?ml$/.test(n) ? [p] : [];
  });
}
const sources: SourceFile[] = walk('examples').map((p) => ({ path: p.split(path.sep).join('/'), text: readFileSync(p, 'utf8') }));

/** Two hours of traffic per pool (made up for the test, shaped like the pools' stories). */
const series: Record<string, number[]> = {
  'orders-worker': Array.from({ length: 120 }, (_, i) => 600 + 400 * Math.sin(i / 20)),
  'transcode-worker': Array.from({ length: 120 }, (_, i) => 3 + 2 * Math.sin(i / 30)),
  'notify-worker': Array.from({ length: 120 }, (_, i) => (i % 30 < 3 ? 2400 : 150)),
};
const processingMs: Record<string, [number, number]> = { 'orders-worker': [2500, 14000], 'transcode-worker': [80000, 200000], 'notify-worker': [150, 900] };

function view(): MetricsView & { arrivalsPerMinute(pool: string): number[] | undefined } {
  return {
    source: 'test-metrics',
    forPool(pool): PoolFigures | undefined {
      const pm = processingMs[pool];
      if (!pm) return undefined;
      const sigma = Math.log(pm[1] / pm[0]) / 2.3263;
      const mean = pm[0] * Math.exp((sigma * sigma) / 2);
      return {
        pool, windowSec: 7200, stepSec: 60, missing: [],
        processingTimeMs: { p50: pm[0], p95: pm[0] * Math.exp(1.645 * sigma), p99: pm[1], mean, cv: Math.sqrt(Math.exp(sigma * sigma) - 1) },
        // orders: 1 vCPU at 45% over 6 instances acking 12/s → 0.225 CPU-s per message: CPU bounds concurrency.
        ...(pool === 'orders-worker' ? { cpuUtilization: { mean: 0.45 }, instanceCount: { mean: 6 }, throughputPerSec: { mean: 12 } } : {}),
        failureRatio: pool === 'notify-worker' ? 0.08 : 0.001,
      };
    },
    arrivalsPerMinute: (pool) => series[pool],
  };
}

function applyAll(srcs: SourceFile[], out: ReturnType<typeof tune>): SourceFile[] {
  const byFile = editsByFile(out.pools.flatMap((p) => p.edits));
  return srcs.map((s) => ({ path: s.path, text: byFile.has(s.path) ? applyEdits(s.text, byFile.get(s.path)!) : s.text }));
}

const commentsOf = (text: string) => text.split('\n').map((l) => /(^|\s)#.*$/.exec(l)?.[0].trim()).filter((c): c is string => !!c);

/**
 * One replay confirms (the screening draw): what this file checks (schema, edits, fixed point, ids) does not depend
 * on how many draws confirm a choice, and the default ten cost 7× the time. The replays themselves are tested in
 * test/tune/robust.test.ts and test/model/replays.test.ts.
 */
const ONE_REPLAY = { seeds: 1, resamples: 0, growthReplays: 0 };

describe('tune on the examples', () => {
  const ws = parseWorkspace(sources);
  const metrics = view();
  const out = tune(ws, { metrics, arrivalSeries: (p) => metrics.arrivalsPerMinute(p), replays: ONE_REPLAY });

  it('emits JSON that validates against the versioned schema', () => {
    const parsed = TuneOutputSchema.safeParse(JSON.parse(JSON.stringify(out)));
    assert.ok(parsed.success, parsed.success ? '' : parsed.error.message);
    assert.equal(out.version, 1);
    assert.deepEqual(out.pools.map((p) => p.pool).sort(), ['notify-worker', 'orders-worker', 'transcode-worker']);
    for (const p of out.pools) {
      assert.ok(p.predictedFigures && p.currentFigures, `${p.pool} has figures`);
      assert.ok(p.rationale.length >= 3, `${p.pool} explains itself`);
      assert.ok(p.rationale.every((r) => /\d/.test(r.text)), 'every reason carries a number');
    }
  });

  it('sizes for the SLO and bounds concurrency by CPU', () => {
    const orders = out.pools.find((p) => p.pool === 'orders-worker')!;
    assert.equal(orders.status, 'proposed');
    assert.ok(orders.predictedFigures!.sloMet);
    assert.ok(orders.predictedFigures!.queueWaitP95Sec <= 30);
    // 0.45 × 1 vCPU × 6 instances ÷ 12 msg/s = 0.225 CPU-s per message; mean processing 3.29 s (lognormal p50 2.5 s,
    // p99 14 s); 1 vCPU at 80% saturates at floor(0.8 × 3.29 / 0.225) = 11 in flight, below the current 20.
    const meanSec = orders.workload.processingMeanSec!;
    assert.equal(orders.recommended.concurrency, Math.floor((0.8 * meanSec) / 0.225));
    assert.ok(orders.recommended.concurrency! < 20);
    assert.match(orders.rationale.find((r) => r.setting === 'concurrency')!.text, /CPU-s per message/);
    // ack deadline from p99 14 s × 1.3 → 20 s, raised to the 60 s exactly-once minimum.
    assert.equal(orders.recommended.ackDeadlineSec, 60);
    assert.equal(orders.recommended.deadLetterTopic, 'orders-dlq');
    const notify = out.pools.find((p) => p.pool === 'notify-worker')!;
    // 8% failures: 0.08^n ≤ 1e-4 needs n = 4, below the tuner's floor of 10 (twice the minimum, §6.2/§6.5).
    assert.equal(notify.recommended.maxDeliveryAttempts, 10);
  });

  it('applies cleanly, keeps every comment, reads back as recommended, and is a fixed point', () => {
    const after = applyAll(sources, out);
    for (const s of sources) {
      const next = after.find((a) => a.path === s.path)!.text;
      for (const c of commentsOf(s.text)) assert.ok(next.includes(c), `${s.path} keeps comment ${c}`);
    }
    const ws2 = parseWorkspace(after);
    assert.equal(ws2.problems.length, ws.problems.length, 'no new parse problems');
    for (const p of out.pools) {
      const pool = ws2.pools.find((x) => x.name === p.pool)!;
      if (p.recommended.concurrency !== undefined && pool.concurrency) assert.equal(pool.concurrency.value, p.recommended.concurrency);
      const s = p.recommended.scaling!;
      if (s.mode === 'crema') {
        assert.equal(pool.scaler!.triggers[0]!.targetValue, s.targetValue);
        assert.equal(pool.scaler!.minReplicas ?? 0, s.minReplicas);
        assert.equal(pool.scaler!.maxReplicas ?? 100, s.maxReplicas);
        assert.equal(pool.workerPool!.scalingMode, 'manual');
      } else {
        assert.equal(pool.workerPool!.manualInstanceCount ?? 1, s.instances);
      }
      const sub = pool.subscriptions[0]!;
      assert.equal(sub.ackDeadlineSec ?? 10, p.recommended.ackDeadlineSec);
      assert.ok(sub.hasDeadLetterPolicy);
    }
    const again = tune(ws2, { metrics, arrivalSeries: (p) => metrics.arrivalsPerMinute(p), replays: ONE_REPLAY });
    for (const p of again.pools) assert.deepEqual(p.edits, [], `${p.pool} proposes nothing the second time: ${p.diff}`);
  });

  it('has stable ids that change with the base files', () => {
    // One pool per tune (the id is per pool): orders-worker twice and after its subscription is touched, and
    // transcode-worker, whose files are not touched, after the same edit.
    const one = (files: SourceFile[], pool: string) => tune(parseWorkspace(files), { pool, metrics, arrivalSeries: (p) => metrics.arrivalsPerMinute(p), replays: ONE_REPLAY }).pools[0]!.id;
    const id = (pool: string) => out.pools.find((p) => p.pool === pool)!.id;
    assert.equal(one(sources, 'orders-worker'), id('orders-worker'));
    const touched = sources.map((s) => (s.path.endsWith('orders/subscription.yaml') ? { ...s, text: `${s.text}# touched\n` } : s));
    assert.notEqual(one(touched, 'orders-worker'), id('orders-worker'));
    assert.equal(one(touched, 'transcode-worker'), id('transcode-worker'));
  });
});
