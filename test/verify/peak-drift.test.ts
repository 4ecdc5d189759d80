/** Closing the loop on a schedule (issue 22): the applied cron window against the peak in a recent recording. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { peakDrift } from '../../shared/verify/peak-drift.ts';
import { assessDrift } from '../../shared/verify/drift.ts';
import type { PoolSettingsValues } from '../../shared/tune/schema.ts';
import { dailyRamps, hourlyBatch, randomSpikes } from '../model/periodic-series.ts';

const after: PoolSettingsValues = {
  concurrency: 4,
  scaling: { mode: 'crema', targetValue: 150, minReplicas: 1, maxReplicas: 10, scaleDownStabilizationSec: 120, schedules: [{ start: '57 * * * *', end: '8 * * * *', timezone: 'Etc/UTC', desiredReplicas: 7 }] },
};
const clock = Date.UTC(2026, 10, 2);

it('the peak still inside the window: no drift', () => {
  const d = peakDrift(after, hourlyBatch({ hours: 6, base: 60, ratio: 12, burstMin: 5, at: 0 }), clock, 1.1)!;
  assert.equal(d.moved, false, d.note);
  assert.match(d.note, /still covers the peak/);
});

it('the batch moved to minute 30: the schedule should move, and drift says so', () => {
  const d = peakDrift(after, hourlyBatch({ hours: 6, base: 60, ratio: 12, burstMin: 5, at: 30 }), clock, 1.1)!;
  assert.equal(d.moved, true);
  assert.match(d.note, /has moved: now a burst of ≈\d+× the base rate at minute 30–35 of every hour, 6 of 6 hours; the window misses it in 6 of 6 hours/);
  assert.match(d.note, /start "28 \* \* \* \*"/);
  const workload = { minutes: 360, meanArrivalPerSec: 1.9, peakArrivalPerSec: 12, burstiness: 1.5 };
  const record = { pool: 'batch', workload, predicted: undefined } as unknown as Parameters<typeof assessDrift>[0];
  const drift = assessDrift(record, workload, undefined, 'pool-tuner tune --pool batch', d);
  assert.equal(drift.detected, true);
  assert.equal(drift.notes[0], d.note);
});

it('the peak grew past what the window asks for', () => {
  const d = peakDrift(after, hourlyBatch({ hours: 6, base: 60, ratio: 30, burstMin: 5, at: 0 }), clock, 1.1)!;
  assert.equal(d.moved, true);
  assert.match(d.note, /has grown: .* needs ≈\d+ instances at concurrency 4, the window asks 7/);
});

it('no regular peak any more', () => {
  const d = peakDrift(after, randomSpikes({ hours: 6, base: 60, ratio: 12, spikes: 6, spikeMin: 5, seed: 2 }), clock, 1.1)!;
  assert.equal(d.moved, true);
  assert.match(d.note, /no longer shows/);
});

it('nothing to say without a schedule', () => {
  assert.equal(peakDrift({ concurrency: 4 }, [1, 2, 3], clock, 1), undefined);
});

it('two windows (morning, evening): each judged against its own peak; the evening peak gone moves only that window', () => {
  const two: PoolSettingsValues = {
    concurrency: 1,
    scaling: { mode: 'crema', targetValue: 6, minReplicas: 1, maxReplicas: 14, scaleDownStabilizationSec: 300, schedules: [
      { start: '55 7 * * *', end: '5 9 * * *', timezone: 'Etc/UTC', desiredReplicas: 6 },
      { start: '55 17 * * *', end: '50 18 * * *', timezone: 'Etc/UTC', desiredReplicas: 5 },
    ] },
  };
  const morning = { fromMin: 8 * 60, peak: 240, rampMin: 3, holdMin: 57 };
  const both = peakDrift(two, dailyRamps({ days: 3, base: 12, ramps: [morning, { fromMin: 18 * 60, peak: 180, rampMin: 3, holdMin: 42 }] }), clock, 1.1)!;
  assert.equal(both.moved, false, both.note);
  assert.match(both.note, /^The schedule \(cron 55 7 .*\) still covers the peak: .* at 08:0\d–09:0\d every day.*The schedule \(cron 55 17 .*\) still covers the peak: .* at 18:0\d–18:4\d every day/);
  const eveningGone = peakDrift(two, dailyRamps({ days: 3, base: 12, ramps: [morning] }), clock, 1.1)!;
  assert.equal(eveningGone.moved, true);
  assert.match(eveningGone.note, /^The schedule \(cron 55 7 .*\) still covers the peak.* The peak the schedule \(cron 55 17 .*\) was proposed for has moved/);
});
