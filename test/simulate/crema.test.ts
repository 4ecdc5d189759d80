/**
 * CREMA's decision against hand-worked traces of the algorithm (DOMAIN.md §2.1; ScalingStabilizer.java).
 * Each expected count below is worked out in the comment beside it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CremaAutoscaler, CREMA_DEFAULT_SCALE_DOWN, CREMA_DEFAULT_SCALE_UP, simRulesFromConfig, simulate, type SimScalingRules } from '../../shared/simulate/index.ts';

function scaler(over: Partial<{ min: number; max: number; up: SimScalingRules; down: SimScalingRules }> = {}) {
  return new CremaAutoscaler({
    targetBacklogPerInstance: 10, minInstances: over.min ?? 0, maxInstances: over.max ?? 100,
    scaleUp: over.up ?? CREMA_DEFAULT_SCALE_UP, scaleDown: over.down ?? CREMA_DEFAULT_SCALE_DOWN,
  });
}

/** Runs (t, metric) polls from `start` instances and returns the count after each. */
function trace(s: CremaAutoscaler, start: number, polls: Array<[number, number | undefined]>): number[] {
  let n = start;
  return polls.map(([t, m]) => (n = s.decide(t, n, m)));
}

describe('CREMA scale-up', () => {
  it('scales from zero to 1 first, then by the default policies (max of +100% and +4 per 15 s)', () => {
    // t=0: current 0, rec ceil(100/10)=10 → 1 (scale from zero).
    // t=30: current 1; no events in (15, 30] → period start 1; bounds 2 (Percent) and 5 (Pods); Max → 5.
    // t=60: start 5 → 10 and 9 → 10 = rec → 10.
    // t=90: rec 10 = current → 10.
    assert.deepEqual(trace(scaler(), 0, [[0, 100], [30, 100], [60, 100], [90, 100]]), [1, 5, 10, 10]);
  });

  it('measures rate policies against the count at the start of the period', () => {
    // Polls every 5 s, period 15 s. t=0: start 2 → bounds 4, 6 → 6.
    // t=5 and t=10: the +4 at t=0 is inside (t−15, t] → start 6−4 = 2 → bound 6 → stays 6.
    // t=15: cutoff 0, the event at 0 is not after it → start 6 → 12, 10 → 12.
    assert.deepEqual(trace(scaler(), 2, [[0, 1000], [5, 1000], [10, 1000], [15, 1000]]), [6, 6, 6, 12]);
  });

  it('selectPolicy Min takes the smaller bound; Disabled freezes scale-up', () => {
    const min = { ...CREMA_DEFAULT_SCALE_UP, selectPolicy: 'Min' as const };
    // start 10: Percent 20, Pods 14 → Min → 14.
    assert.deepEqual(trace(scaler({ up: min }), 10, [[0, 1000]]), [14]);
    const off = { ...CREMA_DEFAULT_SCALE_UP, selectPolicy: 'Disabled' as const };
    assert.deepEqual(trace(scaler({ up: off }), 3, [[0, 1000], [30, 1000]]), [3, 3]);
  });

  it('holds scale-up to the minimum recommendation inside a scale-up window', () => {
    const up: SimScalingRules = { stabilizationWindowSec: 60, selectPolicy: 'Max', policies: [] };
    // Start 2 (recorded at 0+ε by the first cycle). t=0: window holds only rec 5 → 5.
    // t=30: recs in (−30, 30]: 2 (initial, now visible), 5, 8 → min 2 → max(current 5, 2) = 5.
    // t=70: recs in (10, 70]: 8 (t=30), 8 → min 8 → 8.
    assert.deepEqual(trace(scaler({ up }), 2, [[0, 50], [30, 80], [70, 80]]), [5, 5, 8]);
  });
});

describe('CREMA scale-down', () => {
  it('holds the maximum recommendation over the 300 s window (default), then drops', () => {
    // Start 10. t=0: rec 10 → 10 (initial 10 recorded at 0+ε).
    // t=30..300: recs 2, except 8 at t=120; window max ≥ 10 while the t=0 / 0+ε points are inside → 10.
    // t=330: window (30, 330] holds 8 (t=120) → 8. t=420: window (120, 420] → 2; rate 100%/15 s allows 0 → 2.
    const polls: Array<[number, number]> = [[0, 100], [30, 20], [120, 80], [300, 20], [330, 20], [420, 20]];
    assert.deepEqual(trace(scaler(), 10, polls), [10, 10, 10, 10, 8, 2]);
  });

  it('limits the rate by Pods per period from the count at the period start (selectPolicy Min)', () => {
    const down: SimScalingRules = { stabilizationWindowSec: 0, selectPolicy: 'Min', policies: [{ type: 'Pods', value: 1, periodSec: 60 }] };
    // t=0: start 10 → bound 9 → 9. t=30: the −1 at 0 is in (−30, 30] → start 10 → 9 → 9.
    // t=60: cutoff 0 → start 9 → 8. t=90: −1 at 60 in window → start 9 → 8.
    assert.deepEqual(trace(scaler({ down }), 10, [[0, 10], [30, 10], [60, 10], [90, 10]]), [9, 9, 8, 8]);
  });

  it('Percent down truncates; Min picks the least change, Max the most', () => {
    const policies = [{ type: 'Percent' as const, value: 50, periodSec: 15 }, { type: 'Pods' as const, value: 1, periodSec: 15 }];
    // start 9: Percent trunc(4.5) = 4, Pods 8. Min (least change) → 8; Max → 4.
    assert.deepEqual(trace(scaler({ down: { stabilizationWindowSec: 0, selectPolicy: 'Min', policies } }), 9, [[0, 0]]), [8]);
    assert.deepEqual(trace(scaler({ down: { stabilizationWindowSec: 0, selectPolicy: 'Max', policies } }), 9, [[0, 0]]), [4]);
    assert.deepEqual(trace(scaler({ down: { stabilizationWindowSec: 0, selectPolicy: 'Disabled', policies } }), 9, [[0, 0]]), [9]);
  });
});

describe('CREMA clamp and missing data', () => {
  it('clamps to [min, max] after stabilizing', () => {
    // rec 50 → up policies allow 10 from 5 → clamp to max 7.
    assert.deepEqual(trace(scaler({ max: 7 }), 5, [[0, 500]]), [7]);
    // rec 0 with no window → would go to 0 → clamp to min 2.
    const down = { ...CREMA_DEFAULT_SCALE_DOWN, stabilizationWindowSec: 0 };
    assert.deepEqual(trace(scaler({ min: 2, down }), 6, [[0, 0]]), [2]);
  });

  it('leaves the count alone when the metric is missing (cycle fails)', () => {
    assert.deepEqual(trace(scaler(), 4, [[0, undefined], [30, undefined]]), [4, 4]);
  });
});

describe('simRulesFromConfig', () => {
  it('applies CREMA defaults for missing blocks and for unset fields inside a block', () => {
    assert.deepEqual(simRulesFromConfig(undefined, 'down'), CREMA_DEFAULT_SCALE_DOWN);
    assert.deepEqual(simRulesFromConfig({ policies: [{ type: 'Pods', value: 4, periodSec: 30 }] }, 'up'),
      { stabilizationWindowSec: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSec: 30 }] });
    assert.deepEqual(simRulesFromConfig({ stabilizationWindowSec: 60 }, 'down'), { stabilizationWindowSec: 60, selectPolicy: 'Min', policies: [] });
  });
});

describe('CREMA inside the simulator', () => {
  it('sees the backlog through the 60 s sampling and 120 s ingestion delay, then ramps by the policies', () => {
    // 600 messages in minute 0, nothing after; target 10 → rec 60 once the t=60 sample (backlog 600) is visible.
    // Polls every 25 s: t=175 sees the t=0 sample (0) → 0. t=200 sees t=60 → 600 → scale from zero → 1.
    // t=225: the +1 at t=200 is before the period (210, 225] → start 1 → bounds 2 and 5 → 5.
    const r = simulate({
      seed: 3, arrivalsPerMinute: [600, 0, 0, 0, 0, 0, 0, 0], arrivalMode: 'uniform-count',
      serviceTime: { kind: 'deterministic', sec: 1 },
      scaling: { kind: 'crema', targetBacklogPerInstance: 10, pollingIntervalSec: 25 },
    });
    const at = (minute: number) => r.timeline[minute - 1]!.instances;
    assert.equal(at(3), 0, 'nothing before t=180 (metric still shows the empty t=0 sample)');
    assert.equal(at(4), 5, 't=240: 1 at 200, 5 at 225');
    assert.ok(r.waitSec.p50 > 140, 'every message waited for the delayed scale-up');
    assert.equal(r.acked, 600);
  });
});
