/** Derived figures against hand-computed values (each expected number is worked out in the comment beside it). */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { combineSeries, percentile, seriesStat, sumOf } from '../../shared/metrics/stats.ts';
import { arrivalsPerStep, derivePoolFigures, fitLognormal, windowPercentiles } from '../../shared/metrics/derive.ts';

const close = (a: number | undefined, b: number, eps = 1e-9, what = '') => assert.ok(a !== undefined && Math.abs(a - b) <= eps * Math.max(1, Math.abs(b)), `${what} ${a} ≉ ${b}`);

it('percentile interpolates between closest ranks (Hyndman & Fan type 7)', () => {
  // sorted 1,2,3,4,5: h = 4·0.95 = 3.8 → 4 + 0.8·(5 − 4) = 4.8
  close(percentile([5, 1, 4, 2, 3], 0.95), 4.8);
  close(percentile([5, 1, 4, 2, 3], 0.5), 3);
  close(percentile([7], 0.95), 7);
  // agrees with sort-based type 7 on random data with ties
  let seed = 1;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let k = 0; k < 50; k++) {
    const xs = Array.from({ length: 1 + Math.floor(rnd() * 300) }, () => Math.floor(rnd() * 40));
    const s = [...xs].sort((a, b) => a - b);
    for (const p of [0, 0.5, 0.95, 1]) {
      const h = (s.length - 1) * p;
      const lo = Math.floor(h);
      const want = s[lo]! + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? 0) - s[lo]!);
      close(percentile(xs, p), want, 1e-12, `p${p} n${xs.length}`);
    }
  }
});

it('series stats skip gaps and fit the slope per hour by least squares', () => {
  // values 10, gap, 30, 40 at minutes 0, 2, 3 (hours 0, 1/30, 1/20): y = 10 + 600·t fits 10, 30, 40 exactly → 600/h
  const st = seriesStat([10, null, 30, 40], 60)!;
  close(st.mean, 80 / 3);
  close(st.slopePerHour, 600, 1e-9);
  assert.equal(st.min, 10);
  assert.equal(st.max, 40);
  assert.equal(st.last, 40);
  assert.equal(st.count, 3);
  // non-collinear: t = 0,1,2 h (step 3600), y = 1,3,2 → slope = Σ(t−1)(y−2)/Σ(t−1)² = (−1·−1 + 1·0)/2 = 0.5
  close(seriesStat([1, 3, 2], 3600)!.slopePerHour, 0.5);
  assert.equal(seriesStat([null, null], 60), undefined);
  assert.equal(seriesStat([5], 60)!.slopePerHour, undefined);
  assert.equal(sumOf([null, 2, 3]), 5);
  assert.equal(sumOf([null]), undefined);
});

it('combining series: a sum with a missing part is a gap, a max is not', () => {
  assert.deepEqual(combineSeries([[1, 2, null], [10, null, null]], 'sum'), [11, null, null]);
  assert.deepEqual(combineSeries([[1, 2, null], [10, null, null]], 'max'), [10, 2, null]);
});

it('lognormal fit by least squares on ln(quantile) vs z recovers an exact lognormal', () => {
  // μ = ln 100, σ = 0.5: p50 = 100, p95 = 100·e^{0.5·1.6448536} = 227.5..., p99 = 100·e^{0.5·2.3263479}
  const q = { p50: 100, p95: 100 * Math.exp(0.5 * 1.6448536), p99: 100 * Math.exp(0.5 * 2.3263479) };
  const fit = fitLognormal(q)!;
  close(fit.mu, Math.log(100), 1e-9);
  close(fit.sigma, 0.5, 1e-9);
  close(fit.meanMs, 100 * Math.exp(0.125), 1e-9); // e^{μ+σ²/2}
  close(fit.cv, Math.sqrt(Math.exp(0.25) - 1), 1e-9);
  assert.equal(fitLognormal({ p50: 0, p95: 1, p99: 2 }), undefined);
  assert.equal(fitLognormal({ p50: 5, p95: 5, p99: 5 })!.sigma, 0);
});

it('arrivals fall back to acked + backlog growth when publish counts are absent', () => {
  // step 1: 100 acked + (150 − 120) = 130; step 2: 90 + (140 − 150) = 80; step 0 has no previous backlog → gap
  const a = arrivalsPerStep({ ackedMessagesPerMin: [100, 100, 90], backlogMessages: [120, 150, 140] })!;
  assert.equal(a.basis, 'acked+backlog');
  assert.deepEqual(a.series, [null, 130, 80]);
  assert.equal(arrivalsPerStep({ publishedMessagesPerMin: [1, 2], ackedMessagesPerMin: [0, 0], backlogMessages: [0, 0] })!.basis, 'published');
  assert.equal(arrivalsPerStep({ ackedMessagesPerMin: [1] }), undefined);
});

it('window percentiles are the ack-weighted mean of per-step percentiles', () => {
  // p50: (100·1 + 200·3)/4 = 175; the step with 0 acks does not count
  const q = windowPercentiles({ p50: [100, 200, 999], p95: [300, 400, 999], p99: [500, 600, 999] }, [1, 3, 0])!;
  assert.deepEqual(q, { p50: 175, p95: 375, p99: 575 });
});

it('pool figures: throughput, per-instance, ratios, Little, drain, utilisation', () => {
  const f = derivePoolFigures('p', { instanceCount: [2, 2, 4, null], cpuUtilization: [0.5, 0.5, 0.8, null] }, [{
    publishedMessagesPerMin: [120, 120, 240, 120],
    ackedMessagesPerMin: [120, 120, 180, 120],
    nackedMessagesPerMin: [6, 0, 0, 0],
    expiredAckDeadlinesPerMin: [0, 3, 3, 0],
    backlogMessages: [0, 0, 60, 30],
    processingTimeMs: { p50: [100, 100, 100, 100], p95: [200, 200, 200, 200], p99: [300, 300, 300, 300] },
  }], { stepSec: 60, lengthSteps: 4 });
  close(f.arrivalRatePerSec?.mean, 150 / 60); // (120+120+240+120)/4 = 150 per min
  close(f.throughputPerSec?.mean, 135 / 60); // (120+120+180+120)/4 = 135 per min
  // per instance: Σacked over steps with instances = 420; instance-seconds = (2+2+4)·60 = 480 → 0.875/s
  close(f.throughputPerInstancePerSec, 420 / 480);
  // deliveries = acked 540 + nacks 6 + expired 6 = 552
  close(f.failureRatio, 6 / 552);
  close(f.redeliveryRatio, 6 / 552);
  // Little: mean backlog 22.5 ÷ (135/60 per s) = 10 s
  close(f.queueWaitSecLittle, 10);
  // drain: throughput p95 per min = 180 − ... type 7 on 120,120,120,180: h = 2.85 → 120 + 0.85·60 = 171; net = (171 − 150)/60 per s
  close(f.backlogDrainSec, 30 / (21 / 60));
  close(f.cpuUtilization?.max, 0.8);
  close(f.instanceCount?.mean, 8 / 3);
  assert.ok(f.processingTimeMs && f.processingTimeMs.p99 === 300 && f.processingTimeMs.distribution?.kind === 'lognormal');
  assert.ok(f.missing.includes('memoryUtilization') && f.missing.includes('deadLetteredMessagesPerMin') && f.missing.includes('oldestUnackedAgeSec'));
  assert.equal(f.memoryUtilization, undefined);
  assert.equal(f.deadLetterPerSec, undefined);
});

it('no data is never zero: an all-gap series leaves the figure absent and names it missing', () => {
  const f = derivePoolFigures('p', { instanceCount: [null, null] }, [{ ackedMessagesPerMin: [null, null], backlogMessages: [null, null] }], { stepSec: 60, lengthSteps: 2 });
  assert.equal(f.instanceCount, undefined);
  assert.equal(f.throughputPerSec, undefined);
  assert.equal(f.backlogMessages, undefined);
  assert.equal(f.queueWaitSecLittle, undefined);
  assert.ok(['instanceCount', 'ackedMessagesPerMin', 'backlogMessages', 'publishedMessagesPerMin'].every((m) => f.missing.includes(m)));
});
