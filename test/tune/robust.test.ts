/**
 * The robust choice (shared/tune/robust.ts, `confirmOnReplays` in tune.ts): when the screening replay's cheapest
 * configuration does not hold on enough replays, the tuner searches the grid with the robust verdict and finds the
 * cheapest configuration that does — the same cost as the exhaustive optimum under that criterion (bench/tuner's
 * baseline), which is itself checked by brute force.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Evaluator, type SimContext } from '../../shared/tune/evaluate.ts';
import { lognormalFromMean } from '../../shared/tune/workload.ts';
import { buildReplays, replayBands } from '../../shared/model/replays.ts';
import { gridCandidates, searchCheapest, type SearchSpace } from '../../shared/tune/search.ts';
import { exhaustiveRobustCheapest, RobustEvaluator } from '../../shared/tune/robust.ts';
import { confirmOnReplays } from '../../shared/tune/tune.ts';

function context(arrivalsPerMinute: number[], meanSec: number, seed: number): SimContext {
  const ln = lognormalFromMean(meanSec, 1);
  return {
    workload: {
      source: 'test', arrivalsPerMinute, arrivalBasis: 'series', serviceTime: { kind: 'lognormal', ...ln },
      processingMeanSec: meanSec, processingP99Sec: ln.p99Sec, processingCv: 1, processingBasis: 'test', failureRatio: 0, startupSec: 0,
    },
    slo: { queueWaitP95Sec: 5 }, shape: { vcpu: 1, memoryGiB: 0.5 }, subscription: {}, seed, crema: { pollingIntervalSec: 30 },
  };
}

describe('robust choice over replays', () => {
  // Poisson bursts at the edge of capacity: the screening replay's cheapest manual pool is marginal.
  const ctx = context(Array.from({ length: 60 }, (_, i) => (i % 15 < 3 ? 420 : 150)), 1, 3);
  const space: SearchSpace = { mode: 'manual', concurrencyMax: 2, currentConcurrency: 2, maxInstancesFor: () => 30 };
  const replays = buildReplays(ctx.workload.arrivalsPerMinute, ctx.workload.arrivalsPerMinute, ctx.seed, { seeds: 6, resamples: 2, trafficGrowth: 0.2, growthReplays: 1, sloMetShareMin: 0.95 });

  it('the robust evaluator agrees with replaying every draw, and screens failures with one simulation', () => {
    const screen = new Evaluator(ctx);
    const rob = new RobustEvaluator(screen, replays, 0.95);
    for (const n of [10, 14, 30]) {
      const cand = { concurrency: 2, scaling: { mode: 'manual' as const, instances: n } };
      const full = replayBands(ctx, cand, replays);
      const before = rob.simulations;
      const ev = rob.evaluate(cand);
      assert.equal(ev.figures.sloMet, full.sloMetShare >= 0.95, `n=${n}`);
      assert.deepEqual(ev.figures.costUsdPerMonth, screen.evaluate(cand).figures.costUsdPerMonth);
      const used = rob.simulations - before;
      if (!screen.evaluate(cand).figures.sloMet) assert.equal(used, 1, 'a screening miss costs one simulation');
      else assert.equal(rob.bandsFor(cand)?.sloMetShare, full.sloMetShare);
    }
  });

  it('finds the cheapest configuration holding on every replay, where the screening pick does not', () => {
    const ev = new Evaluator(ctx);
    const screened = searchCheapest(ctx, space, ev);
    assert.ok(screened.best);
    const first = replayBands(ctx, screened.best.candidate, replays);
    assert.ok(first.sloMetShare < 0.95, `the screening pick holds on ${first.sloMetShare} of replays: the test needs a marginal one`);
    const robust = confirmOnReplays(ev, space, screened.evaluations, screened.best, replays, 0.95);
    assert.equal(robust.warning, undefined);
    assert.ok(robust.bands.sloMetShare >= 0.95);
    const exh = exhaustiveRobustCheapest(ctx, space, replays, 0.95);
    assert.ok(exh.best);
    assert.equal(robust.chosen.figures.costUsdPerMonth.toFixed(6), exh.best.figures.costUsdPerMonth.toFixed(6));
    // Brute force: no cheaper grid candidate holds on every replay.
    for (const cand of gridCandidates(ctx, space)) {
      const e = new Evaluator(ctx).evaluate(cand);
      if (e.figures.costUsdPerMonth < exh.best.figures.costUsdPerMonth - 1e-6) {
        assert.ok(replayBands(ctx, cand, replays).sloMetShare < 0.95, `${JSON.stringify(cand)} holds and is cheaper`);
      }
    }
  });
});
