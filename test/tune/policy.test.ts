/** The policy and concurrency formulas, on numbers worked by hand. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { proposeAckDeadline, proposeRetry, timeToDeadLetterSec } from '../../shared/tune/policy.ts';
import { concurrencyCandidates, concurrencyCeiling } from '../../shared/tune/concurrency.ts';
import { lognormalFromMean, lognormalMoments, sampleForBudget } from '../../shared/tune/workload.ts';

describe('ack deadline', () => {
  it('is p99 × 1.3 rounded up to 10 s, clamped to 10–600 s, ≥ 60 s under exactly-once', () => {
    assert.equal(proposeAckDeadline(62, 'measured', 10, false).ackDeadlineSec, 90); // 80.6 → 90
    assert.equal(proposeAckDeadline(2, 'measured', 0, false).ackDeadlineSec, 10);
    assert.equal(proposeAckDeadline(14, 'measured', 10, true).ackDeadlineSec, 60);
    const long = proposeAckDeadline(500, 'measured', 60, false);
    assert.equal(long.ackDeadlineSec, 600);
    assert.ok(long.needsLeaseExtension);
    assert.match(long.text, /lease extension/);
  });
  it('keeps a current value that is enough and not excessive', () => {
    assert.equal(proposeAckDeadline(3.9, 'measured', 30, false).ackDeadlineSec, 30); // need 10, 30 ≤ 60
    assert.equal(proposeAckDeadline(3.9, 'measured', 300, false).ackDeadlineSec, 10); // 300 > max(60, 20)
  });
});

describe('retry and delivery attempts', () => {
  it('raises attempts until a transient failure is dead-lettered with probability ≤ 1e-4', () => {
    assert.equal(proposeRetry(0.5, 1, undefined, {}).maxDeliveryAttempts, 14); // 0.5^13 = 1.2e-4, 0.5^14 = 6.1e-5
    assert.equal(proposeRetry(0.45, 1, undefined, {}).maxDeliveryAttempts, 12); // 0.45^11 = 1.5e-4, 0.45^12 = 6.9e-5
    assert.equal(proposeRetry(0.2, 1, undefined, { maxDeliveryAttempts: 20 }).maxDeliveryAttempts, 20); // never lowered
  });
  it('never proposes fewer than 10 attempts: twice the minimum, what max-delivery-attempts-at-minimum suggests (§6.2, §6.5)', () => {
    for (const f of [0, 0.0054, 0.2]) {
      const r = proposeRetry(f, 1, undefined, {});
      assert.equal(r.maxDeliveryAttempts, 10, `failure ratio ${f}`); // 0.2^6 = 6.4e-5 would be enough, 10 is the floor
      assert.match(r.text.attempts, /^10: .*at least 10, twice Pub\/Sub's minimum of 5/);
    }
    assert.equal(proposeRetry(0.0054, 1, undefined, { maxDeliveryAttempts: 5 }).maxDeliveryAttempts, 10); // raised from 5
  });
  it('says the ack deadline is rounded up to a multiple of 10 s', () => {
    const t = proposeAckDeadline(25.1, 'measured', 10, false).text; // 32.6 → 40
    assert.match(t, /^40 s: .*= 33 s, rounded up to a multiple of 10 s\./);
  });
  it('picks the largest maximum backoff that dead-letters a poison message within the max-age SLO', () => {
    // 5 attempts, 10 s min: backoffs 10, 20, 40, 80 (all under any cap ≥ 80) + 5 × 20 s = 250 s.
    assert.equal(timeToDeadLetterSec(10, 600, 5, 20), 250);
    const r = proposeRetry(0.5, 20, 600, {}); // 14 attempts
    assert.ok(timeToDeadLetterSec(r.minimumBackoffSec, r.maximumBackoffSec, r.maxDeliveryAttempts, 20) <= 600);
    assert.ok(timeToDeadLetterSec(r.minimumBackoffSec, [600, 300, 120, 60, 30, 10].find((m) => m > r.maximumBackoffSec)!, r.maxDeliveryAttempts, 20) > 600);
  });
});

describe('concurrency ceiling (DOMAIN §6.6)', () => {
  const fig = (cpu: number, inst: number, thr: number, mem?: number) => ({
    pool: 'p', windowSec: 3600, stepSec: 60, missing: [],
    cpuUtilization: { mean: cpu }, instanceCount: { mean: inst }, throughputPerSec: { mean: thr },
    ...(mem !== undefined ? { memoryUtilization: { mean: mem } } : {}),
  });
  it('saturates the vCPUs at 80%', () => {
    // 0.5 × 2 vCPU × 4 instances ÷ 10 msg/s = 0.4 CPU-s per message; 0.8 × 2 × 2 s ÷ 0.4 = 8.
    const b = concurrencyCeiling({ vcpu: 2, memoryMiB: 4096, gpu: false, currentConcurrency: 50, meanProcessingSec: 2, figures: fig(0.5, 4, 10) });
    assert.equal(b.max, 8);
    assert.equal(b.basis, 'cpu-metrics');
    // CPU-bound work (all of the 2 s is CPU): near the vCPU count.
    assert.equal(concurrencyCeiling({ vcpu: 2, memoryMiB: 4096, gpu: false, meanProcessingSec: 2, figures: fig(1, 1, 1) }).max, 1);
  });
  it('is bounded by memory, the current setting without metrics, GPUs and the downstream', () => {
    // memory: 0.5 × 1024 MiB over 10 × 2 ÷ 4 = 5 in flight → 102 MiB each; 0.8 × 1024 ÷ 102.4 = 8.
    assert.equal(concurrencyCeiling({ vcpu: 8, memoryMiB: 1024, gpu: false, meanProcessingSec: 2, figures: fig(0.01, 4, 10, 0.5) }).max, 8);
    assert.equal(concurrencyCeiling({ vcpu: 1, memoryMiB: 512, gpu: false, currentConcurrency: 20, meanProcessingSec: 1 }).max, 20);
    assert.equal(concurrencyCeiling({ vcpu: 4, memoryMiB: 512, gpu: false, meanProcessingSec: 1 }).max, 4);
    assert.equal(concurrencyCeiling({ vcpu: 4, memoryMiB: 16384, gpu: true, currentConcurrency: 1, meanProcessingSec: 60, figures: fig(0.1, 1, 1) }).max, 1);
    assert.equal(concurrencyCeiling({ vcpu: 1, memoryMiB: 512, gpu: false, currentConcurrency: 50, meanProcessingSec: 1, downstreamMaxInFlight: 12 }).max, 12);
    assert.deepEqual(concurrencyCandidates(11, 20), [1, 2, 4, 8, 11]);
  });
});

describe('workload helpers', () => {
  it('fits lognormals both ways', () => {
    const ln = lognormalFromMean(4, 1);
    const m = lognormalMoments(ln.p50Sec, ln.p99Sec);
    assert.ok(Math.abs(m.meanSec - 4) < 1e-3 && Math.abs(m.cv - 1) < 1e-3);
    assert.ok(Math.abs(ln.p99Sec / 4 - 4.9) < 0.1); // the "p99 ≈ 4.9 × mean" of docs/tuner.md
  });
  it('samples a long window to the budget, keeping the busiest minute', () => {
    const day = Array.from({ length: 1440 }, (_, i) => (i === 1000 ? 9000 : 100));
    const s = sampleForBudget(day, 30_000);
    assert.ok(s.note);
    assert.equal(s.arrivalsPerMinute.length % 10, 0);
    assert.ok(s.arrivalsPerMinute.includes(9000));
    assert.ok(s.arrivalsPerMinute.reduce((a, b) => a + b, 0) <= 40_000);
    assert.equal(sampleForBudget(day, 0).arrivalsPerMinute.length, 1440);
  });
});
