/**
 * The tuner's search against brute force: on workloads whose optimum is not obvious (bursts, diurnal swings, a
 * strict wait SLO), every candidate of the same grid is simulated with the same simulator and seed, and the
 * cheapest one meeting the SLO must cost exactly what the tuner's pick costs.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SimContext } from '../../shared/tune/evaluate.ts';
import { Evaluator } from '../../shared/tune/evaluate.ts';
import { exhaustiveCheapest, gridCandidates, searchCheapest, type SearchSpace } from '../../shared/tune/search.ts';
import { lognormalFromMean } from '../../shared/tune/workload.ts';
import type { PoolSlo } from '../../shared/config/settings-schema.ts';

function context(arrivalsPerMinute: number[], meanSec: number, slo: PoolSlo, seed = 11): SimContext {
  const ln = lognormalFromMean(meanSec, 1);
  return {
    workload: {
      source: 'test', arrivalsPerMinute, arrivalBasis: 'series', serviceTime: { kind: 'lognormal', ...ln },
      processingMeanSec: meanSec, processingP99Sec: ln.p99Sec, processingCv: 1, processingBasis: 'test', failureRatio: 0.02, startupSec: 5,
    },
    slo, shape: { vcpu: 1, memoryGiB: 0.5 }, subscription: { minimumBackoffSec: 10, maximumBackoffSec: 600, maxDeliveryAttempts: 10 }, seed,
    crema: { pollingIntervalSec: 30 },
  };
}

const workloads: { name: string; ctx: SimContext; space: SearchSpace }[] = [
  {
    name: 'diurnal swing, manual',
    ctx: context(Array.from({ length: 90 }, (_, i) => 300 + 250 * Math.sin(i / 12)), 2, { queueWaitP95Sec: 5, maxMessageAgeSec: 600 }),
    space: { mode: 'manual', concurrencyMax: 6, currentConcurrency: 4, maxInstancesFor: (c) => Math.floor(60 / c) },
  },
  {
    name: 'bursts, CREMA',
    ctx: context(Array.from({ length: 90 }, (_, i) => (i % 20 < 2 ? 900 : 40)), 1.5, { queueWaitP95Sec: 45, maxMessageAgeSec: 400 }),
    space: { mode: 'crema', concurrencyMax: 4, currentConcurrency: 2, maxInstancesFor: () => 30 },
  },
  {
    name: 'ramp with a tight SLO, CREMA',
    ctx: context(Array.from({ length: 90 }, (_, i) => 20 + 8 * i), 3, { queueWaitP95Sec: 20 }),
    space: { mode: 'crema', concurrencyMax: 8, maxInstancesFor: (c) => Math.floor(200 / c) },
  },
];

describe('searchCheapest vs exhaustive search over the same grid', () => {
  for (const w of workloads) {
    it(w.name, () => {
      const exhaustive = exhaustiveCheapest(w.ctx, w.space, new Evaluator(w.ctx));
      const searched = searchCheapest(w.ctx, w.space, new Evaluator(w.ctx));
      assert.ok(exhaustive.best, 'the grid has a feasible candidate');
      assert.ok(searched.best, 'the search finds one');
      assert.equal(searched.best.figures.costUsdPerMonth.toFixed(6), exhaustive.best.figures.costUsdPerMonth.toFixed(6),
        `search picked ${JSON.stringify(searched.best.candidate)}, exhaustive ${JSON.stringify(exhaustive.best.candidate)}`);
      assert.ok(searched.best.figures.sloMet);
      // The optimum is not trivial: cheaper grid points exist and miss the SLO.
      const cost = exhaustive.best.figures.costUsdPerMonth;
      assert.ok(exhaustive.evaluations.some((e) => e.figures.costUsdPerMonth < cost - 1e-6 && !e.figures.sloMet));
      assert.equal(exhaustive.evaluations.length, gridCandidates(w.ctx, w.space).length);
      assert.ok(searched.simulations < exhaustive.gridSize / 3, `search simulated ${searched.simulations} of ${exhaustive.gridSize}`);
    });
  }
});
