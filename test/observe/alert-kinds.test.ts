/**
 * One test per alert kind: a recording where its condition must fire and one where it must not, evaluated as
 * `observe` evaluates it (signals.ts + fires.ts through testAlert), with timestamps from the window start.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deriveThresholds, type Derived, type ThresholdInputs } from '../../shared/observe/thresholds.ts';
import { testAlert, type RecordedRun } from '../../shared/observe/verdict.ts';
import type { ObserveSeries } from '../../shared/observe/signals.ts';
import type { AlertKind } from '../../shared/observe/schema.ts';
import type { PredictedBands } from '../../shared/model/bands-schema.ts';

const N = 120;
const START = '2026-11-20T14:00:00Z';
const band = (median: number, p95: number) => ({ median, p95 });
const BANDS: PredictedBands = {
  p95WaitSec: band(5, 8), p99WaitSec: band(6, 9), maxAgeSec: band(40, 60), duplicateRatio: band(0.001, 0.002),
  deadLetteredPerDay: band(0, 0), meanInstances: band(3, 4), costUsdPerMonth: band(100, 120), sloMetShare: 1, replays: 10, byKind: {},
};
const INPUTS: ThresholdInputs = {
  slo: { queueWaitP95Sec: 30, maxMessageAgeSec: 600, duplicateRatioMax: 0.05 }, sloDefaulted: false, fitted: true, bands: BANDS,
  recommended: { concurrency: 10, scaling: { mode: 'crema', targetValue: 50, minReplicas: 1, maxReplicas: 10, scaleDownStabilizationSec: 300 }, maxDeliveryAttempts: 10 },
  processingP99Sec: 3, downstreamLimitPerSec: 100,
};
const { derived } = deriveThresholds(INPUTS);
const of = (kind: AlertKind): Derived => {
  const d = derived.find((x) => x.kind === kind);
  assert.ok(d, `no ${kind} derived`);
  return d;
};

/** A steady healthy minute: 600 published/acked per minute (10 msg/s), backlog 20, age 5 s, 3 instances. */
function healthy(): ObserveSeries {
  const c = (v: number) => new Array<number | null>(N).fill(v);
  return { published: c(600), acked: c(600), delivered: c(600), backlog: c(20), oldestAgeSec: c(5), expired: c(0), deadLettered: c(0), instances: c(3) };
}
function withSpan(s: ObserveSeries, key: keyof ObserveSeries, from: number, to: number, value: (i: number) => number): ObserveSeries {
  const copy = { ...s, [key]: [...s[key]] } as ObserveSeries;
  for (let i = from; i < to; i++) copy[key][i] = value(i);
  return copy;
}
const rec = (series: ObserveSeries): RecordedRun => ({ series, start: START, breached: [] });
const fires = (kind: AlertKind, series: ObserveSeries) => testAlert(of(kind), rec(series), []).recorded!;

const CASES: Record<AlertKind, () => ObserveSeries> = {
  'oldest-age': () => withSpan(healthy(), 'oldestAgeSec', 62, 70, () => 550),
  'backlog-growth': () => withSpan(withSpan(healthy(), 'backlog', 50, 70, (i) => 20 + (i - 49) * 500), 'acked', 50, 70, () => 300),
  'dead-letters': () => withSpan(healthy(), 'deadLettered', 31, 32, () => 2),
  'expired-ack-deadlines': () => withSpan(healthy(), 'expired', 40, 60, () => 60),
  'pinned-at-max': () => withSpan(healthy(), 'instances', 30, 60, () => 10),
  'downstream-ceiling': () => withSpan(healthy(), 'acked', 20, 50, () => 5880),
  'stalled': () => withSpan(withSpan(healthy(), 'acked', 60, 90, () => 0), 'backlog', 60, 90, () => 900),
};

describe('each alert kind fires on its incident and stays quiet on a healthy recording', () => {
  for (const [kind, incident] of Object.entries(CASES) as [AlertKind, () => ObserveSeries][]) {
    it(kind, () => {
      const quiet = fires(kind, healthy());
      assert.equal(quiet.fires, 0, `${kind} fired on a healthy recording at ${quiet.at.join(', ')}`);
      const loud = fires(kind, incident());
      assert.equal(loud.fires, 1, `${kind} should fire once on its incident`);
      assert.match(loud.at[0]!, /^2026-11-20T1[45]:\d\d:00Z$/);
    });
  }
});

it('a gap is no data, not zero: the stalled alert does not fire on missing backlog', () => {
  const s = withSpan(healthy(), 'acked', 60, 90, () => 0);
  const gaps = { ...s, backlog: s.backlog.map((v, i) => (i >= 60 && i < 90 ? null : v)) };
  assert.equal(fires('stalled', gaps).fires, 0);
});

it('the oldest-age alert opens at the minute the condition has held for its duration, stamped from the window', () => {
  const r = fires('oldest-age', CASES['oldest-age']());
  // Over 480 s from minute 62; duration 2 min: the condition holds at minute 63 (14:63 = 15:03).
  assert.deepEqual(r.at, ['2026-11-20T15:03:00Z']);
});

it('thresholds say how they were derived', () => {
  assert.equal(of('oldest-age').threshold, 480);
  assert.match(of('oldest-age').derivation, /80% of the SLO max message age 600 s/);
  assert.equal(of('expired-ack-deadlines').threshold, 0.003);
  assert.match(of('expired-ack-deadlines').derivation, /predicted band's p95 of 0\.002 over 10 replays/);
  assert.equal(of('pinned-at-max').threshold, 9.5);
  assert.equal(of('downstream-ceiling').threshold, 95);
});

it('without metrics the thresholds come from the SLO and say they were not fitted', () => {
  const r = deriveThresholds({ ...INPUTS, fitted: false, bands: undefined });
  for (const d of r.derived) assert.equal(d.fitted, false, d.kind);
  assert.match(r.derived.find((d) => d.kind === 'oldest-age')!.derivation, /Not fitted/);
  assert.equal(r.derived.find((d) => d.kind === 'expired-ack-deadlines')!.threshold, 0.05);
});

it('kinds a pool cannot have are skipped with the reason', () => {
  const r = deriveThresholds({ ...INPUTS, recommended: { scaling: { mode: 'manual', instances: 3 } }, downstreamLimitPerSec: undefined });
  assert.deepEqual(r.skipped.map((s) => s.kind).sort(), ['dead-letters', 'downstream-ceiling', 'pinned-at-max']);
});
