/**
 * Scaling modes compared (shared/tune/modes.ts): on a CPU-bound workload Cloud Run CPU autoscaling follows the load
 * and holds the SLO; on an I/O-bound one (same arrivals, same processing time, little CPU per message) the CPU
 * autoscaler cannot see the queue, so CPU autoscaling is not recommended and the reason says why. Plus reading the
 * CPU-autoscaling settings from a worker pool's YAML.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Evaluator, type SimContext } from '../../shared/tune/evaluate.ts';
import { lognormalFromMean } from '../../shared/tune/workload.ts';
import { buildReplays } from '../../shared/model/replays.ts';
import { searchCheapest, type SearchSpace } from '../../shared/tune/search.ts';
import { confirmOnReplays } from '../../shared/tune/tune.ts';
import { compareModes } from '../../shared/tune/modes.ts';
import { ModeComparisonSchema } from '../../shared/tune/modes-schema.ts';
import { parseWorkspace } from '../../shared/config/workspace.ts';

// Bursty traffic: 1 msg/s with 6-minute bursts at 5 msg/s, 1 s mean processing.
const arrivals = Array.from({ length: 90 }, (_, i) => (i % 30 < 6 ? 300 : 60));

function context(cpuSecondsPerMessage: number): SimContext {
  const ln = lognormalFromMean(1, 0.5);
  return {
    workload: {
      source: 'test', arrivalsPerMinute: arrivals, arrivalBasis: 'series', serviceTime: { kind: 'lognormal', ...ln },
      processingMeanSec: 1, processingP99Sec: ln.p99Sec, processingCv: 0.5, processingBasis: 'test', failureRatio: 0, startupSec: 10,
      cpuSecondsPerMessage,
    },
    slo: { queueWaitP95Sec: 60, maxMessageAgeSec: 600 }, shape: { vcpu: 1, memoryGiB: 0.5 }, subscription: { ackDeadlineSec: 60 }, seed: 9,
    crema: { pollingIntervalSec: 30, metricIngestionDelaySec: 120 },
  };
}

function compare(cpuSecondsPerMessage: number, concurrency: number) {
  const ctx = context(cpuSecondsPerMessage);
  const space: SearchSpace = { mode: 'crema', concurrencyMax: concurrency, currentConcurrency: concurrency, maxInstancesFor: () => 40 };
  const replays = buildReplays(arrivals, arrivals, ctx.seed, { seeds: 3, resamples: 1, trafficGrowth: 0.2, growthReplays: 1, sloMetShareMin: 0.95 });
  const ev = new Evaluator(ctx);
  const screened = searchCheapest(ctx, space, ev);
  const robust = confirmOnReplays(ev, space, screened.evaluations, screened.best!, replays, 0.95);
  return compareModes({ ev, space, chosen: { evaluation: robust.chosen, sloMetShare: robust.bands.sloMetShare }, replays, minShare: 0.95, currentMode: 'crema' });
}

describe('scaling modes compared', () => {
  it('CPU-bound: CPU autoscaling holds the SLO and is recommended; I/O-bound: it does not, and the reason is the CPU it cannot see', () => {
    // CPU-bound: 0.9 vCPU-s per 1 s message at concurrency 1 → a full instance at 90% CPU.
    const cpuBound = ModeComparisonSchema.parse(compare(0.9, 1));
    // I/O-bound: 0.05 vCPU-s per message at concurrency 1 → a full instance at 5% CPU.
    const ioBound = ModeComparisonSchema.parse(compare(0.05, 1));
    const cpuOpt = (m: typeof cpuBound) => m.options.find((o) => o.mode === 'cpu' && !o.settings.startsWith('today:'))!;
    assert.equal(cpuBound.fullInstanceCpu, 0.9);
    assert.ok(Math.abs(ioBound.fullInstanceCpu! - 0.05) < 1e-12);
    assert.ok(cpuOpt(cpuBound).meetsSlo, JSON.stringify(cpuBound.options));
    assert.equal(cpuBound.recommended, 'cpu', cpuBound.why);
    assert.match(cpuBound.why, /CPU-bound/);
    assert.notEqual(ioBound.recommended, 'cpu', ioBound.why);
    assert.match(ioBound.why, /I\/O-bound: an instance with every slot busy uses 5% CPU/);
    // Blind to the queue, CPU autoscaling only holds by keeping the busiest burst's instances warm: it costs at
    // least as much as the recommended mode, and more than on the CPU-bound workload.
    const rec = ioBound.options.find((o) => o.mode === ioBound.recommended)!;
    assert.ok(cpuOpt(ioBound).costUsdPerMonth! > rec.costUsdPerMonth! * 1.02, JSON.stringify(ioBound.options));
    assert.ok(cpuOpt(ioBound).cpu!.minInstances > cpuOpt(cpuBound).cpu!.minInstances);
  });

  it('reads CPU-autoscaling settings from a worker pool (target, min, max) and rejects a bad target by name', () => {
    const yaml = (target: string) => `apiVersion: run.googleapis.com/v1
kind: WorkerPool
metadata:
  name: w
  annotations:
    run.googleapis.com/scalingMode: automatic
    run.googleapis.com/minScale: '2'
    run.googleapis.com/maxScale: '30'
spec:
  template:
    metadata:
      annotations:
        run.googleapis.com/scaling-cpu-target: '${target}'
    spec:
      containers:
      - image: x
`;
    const ok = parseWorkspace([{ path: 'w.yaml', text: yaml('0.7') }]);
    const wp = ok.pools[0]!.workerPool!;
    assert.equal(wp.cpuTarget, 0.7);
    assert.equal(wp.minInstances, 2);
    assert.equal(wp.maxInstances, 30);
    const bad = parseWorkspace([{ path: 'w.yaml', text: yaml('70%') }]);
    assert.equal(bad.pools[0]!.workerPool!.cpuTarget, undefined);
    assert.ok(bad.problems.some((p) => /scaling-cpu-target/.test(p.message) && /"70%"/.test(p.message)), JSON.stringify(bad.problems));
  });
});
