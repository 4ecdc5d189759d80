/** Simulator behaviour beyond queueing theory: determinism, failures and dead-letters, leases, start-up, cost. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { simulate, trySimulate, type SimConfigInput } from '../../shared/simulate/index.ts';
import { costPerInstanceSecondUsd } from '../../shared/cost/index.ts';

const base: SimConfigInput = {
  seed: 42,
  arrivalsPerMinute: [120, 300, 60, 0, 240, 180, 90, 30, 0, 0],
  serviceTime: { kind: 'lognormal', p50Sec: 2, p99Sec: 20 },
  concurrencyPerInstance: 4,
  scaling: { kind: 'crema', targetBacklogPerInstance: 20, minInstances: 1, pollingIntervalSec: 15 },
  startupSec: 10,
  failureProbability: 0.05,
  subscription: { ackDeadlineSec: 10, leaseExtension: false, minimumBackoffSec: 10, maximumBackoffSec: 600, maxDeliveryAttempts: 5 },
};

describe('determinism', () => {
  it('gives identical results for the same seed and different ones for another seed', () => {
    const a = simulate(base);
    const b = simulate(base);
    assert.deepEqual(a, b);
    const c = simulate({ ...base, seed: 43 });
    assert.notDeepEqual(a.waitSec, c.waitSec);
    assert.ok(a.events > 1000);
  });

  it('keeps its books: every published message is acked, dead-lettered or unfinished', () => {
    const r = simulate(base);
    assert.equal(r.acked + r.deadLettered + r.unfinished, r.published);
    assert.equal(r.timeline.reduce((s, p) => s + p.published, 0), r.published);
    assert.ok(r.deliveries >= r.published);
  });
});

describe('arrivals', () => {
  it('uniform-count replays the exact per-minute counts; poisson matches them on average', () => {
    const trace = [100, 0, 250, 37];
    const exact = simulate({ ...base, arrivalsPerMinute: trace, arrivalMode: 'uniform-count', failureProbability: 0, scaling: { kind: 'manual', instances: 50 } });
    assert.deepEqual(exact.timeline.slice(0, 4).map((p) => p.published), trace);
    const long = simulate({ ...base, arrivalsPerMinute: new Array<number>(600).fill(100), failureProbability: 0, scaling: { kind: 'manual', instances: 50 }, timeline: false });
    assert.ok(Math.abs(long.published / 60000 - 1) < 0.02, String(long.published));
  });
});

describe('failures, retries and dead-letters', () => {
  it('dead-letters a message that fails every attempt after maxDeliveryAttempts, after the backoff sum', () => {
    // Backoffs 10, 20, 40, 80 s (min·2^(n−1)) between 5 attempts of 1 s each: 150 + 5 = 155 s in the system.
    const r = simulate({
      seed: 1, arrivalsPerMinute: [10], arrivalMode: 'uniform-count', serviceTime: { kind: 'deterministic', sec: 1 },
      scaling: { kind: 'manual', instances: 20 }, failureProbability: 1,
      subscription: { minimumBackoffSec: 10, maximumBackoffSec: 600, maxDeliveryAttempts: 5 },
    });
    assert.equal(r.deadLettered, 10);
    assert.equal(r.acked, 0);
    assert.equal(r.deliveries, 50);
    assert.equal(r.nacks, 50);
    assert.ok(Math.abs(r.maxMessageAgeSec - 155) < 1e-6, String(r.maxMessageAgeSec));
  });

  it('caps the backoff at maximumBackoff and retries immediately without a retry policy', () => {
    const capped = simulate({
      seed: 1, arrivalsPerMinute: [1], arrivalMode: 'uniform-count', serviceTime: { kind: 'deterministic', sec: 1 },
      scaling: { kind: 'manual', instances: 1 }, failureProbability: 1,
      subscription: { minimumBackoffSec: 10, maximumBackoffSec: 30, maxDeliveryAttempts: 5 },
    });
    assert.ok(Math.abs(capped.maxMessageAgeSec - (10 + 20 + 30 + 30 + 5)) < 1e-6, String(capped.maxMessageAgeSec));
    const immediate = simulate({
      seed: 1, arrivalsPerMinute: [1], arrivalMode: 'uniform-count', serviceTime: { kind: 'deterministic', sec: 1 },
      scaling: { kind: 'manual', instances: 1 }, failureProbability: 1, subscription: { maxDeliveryAttempts: 5 },
    });
    assert.ok(Math.abs(immediate.maxMessageAgeSec - 5) < 1e-6);
  });

  it('without a DLQ a failing message stays unfinished (retried until the run stops)', () => {
    const r = simulate({
      seed: 1, arrivalsPerMinute: [5], arrivalMode: 'uniform-count', serviceTime: { kind: 'deterministic', sec: 1 },
      scaling: { kind: 'manual', instances: 5 }, failureProbability: 1, drainAfterSec: 600,
      subscription: { minimumBackoffSec: 10, maximumBackoffSec: 60 },
    });
    assert.equal(r.deadLettered, 0);
    assert.equal(r.unfinished, 5);
    assert.equal(r.simulatedSec, 660);
  });
});

describe('ack deadline and lease extension', () => {
  const slow: SimConfigInput = {
    seed: 1, arrivalsPerMinute: [30], arrivalMode: 'uniform-count', serviceTime: { kind: 'deterministic', sec: 15 },
    scaling: { kind: 'manual', instances: 100 },
  };

  it('without lease extension, processing longer than the ack deadline redelivers a duplicate', () => {
    const r = simulate({ ...slow, subscription: { ackDeadlineSec: 10, leaseExtension: false } });
    assert.equal(r.expiredLeases, 30);
    assert.equal(r.duplicates, 30);
    assert.equal(r.duplicateRatio, 1);
    assert.equal(r.acked, 30);
  });

  it('with lease extension (default) the deadline is extended up to maxExtensionSec', () => {
    assert.equal(simulate({ ...slow, subscription: { ackDeadlineSec: 10 } }).duplicates, 0);
    const short = simulate({ ...slow, subscription: { ackDeadlineSec: 10, leaseExtension: true, maxExtensionSec: 12 } });
    assert.equal(short.duplicates, 30);
  });

  it('counts expiries as delivery attempts towards the dead-letter limit', () => {
    // Every delivery takes 15 s and expires at 10 s; with maxDeliveryAttempts 1 the first expiry dead-letters.
    const r = simulate({ ...slow, subscription: { ackDeadlineSec: 10, leaseExtension: false, maxDeliveryAttempts: 1 } });
    assert.equal(r.deadLettered, 30);
    assert.equal(r.duplicates, 0);
  });
});

describe('instances, start-up and cost', () => {
  it('bills instances from the request while they only serve after startupSec', () => {
    const cfg: SimConfigInput = {
      seed: 2, arrivalsPerMinute: [600, 600, 600, 0, 0], serviceTime: { kind: 'exponential', meanSec: 1 },
      scaling: { kind: 'crema', targetBacklogPerInstance: 5, metricIngestionDelaySec: 0, pollingIntervalSec: 15 },
      resources: { vcpu: 1, memoryGiB: 0.5 },
    };
    const fast = simulate({ ...cfg, startupSec: 0 });
    const slowStart = simulate({ ...cfg, startupSec: 60 });
    assert.ok(slowStart.waitSec.mean > fast.waitSec.mean, 'slower start-up means longer waits');
    assert.ok(fast.instanceSeconds > 0);
    assert.ok(Math.abs(fast.costUsd - fast.instanceSeconds * costPerInstanceSecondUsd({ vcpu: 1, memoryGiB: 0.5 })) < 1e-12);
    assert.ok(Math.abs(fast.averageInstances - fast.instanceSeconds / fast.simulatedSec) < 1e-9);
  });

  it('manual scaling bills instances × time, whether busy or idle', () => {
    const r = simulate({
      seed: 1, arrivalsPerMinute: [0, 0, 0], serviceTime: { kind: 'exponential', meanSec: 1 },
      scaling: { kind: 'manual', instances: 3 }, resources: { vcpu: 2, memoryGiB: 1 },
    });
    assert.equal(r.instanceSeconds, 3 * 180);
    assert.ok(Math.abs(r.costUsd - 540 * (2 * 0.000018 + 1 * 0.000002)) < 1e-12);
  });

  it('with zero instances nothing is processed and the message age grows to the end of the run', () => {
    const r = simulate({
      seed: 1, arrivalsPerMinute: [10], arrivalMode: 'uniform-count', serviceTime: { kind: 'exponential', meanSec: 1 },
      scaling: { kind: 'manual', instances: 0 }, drainAfterSec: 240,
    });
    assert.equal(r.unfinished, 10);
    assert.equal(r.waitSec.samples, 0);
    assert.ok(r.maxMessageAgeSec > 240 && r.maxMessageAgeSec <= 300);
  });
});

describe('guards', () => {
  it('stops early once the backlog passes maxBacklogMessages, and says so', () => {
    const r = simulate({
      seed: 1, arrivalsPerMinute: new Array<number>(60).fill(6000), serviceTime: { kind: 'exponential', meanSec: 1 },
      scaling: { kind: 'manual', instances: 1 }, maxBacklogMessages: 10_000,
    });
    assert.equal(r.stoppedEarly, true);
    assert.equal(r.unfinished, 10_001);
    assert.ok(r.simulatedSec < 200, String(r.simulatedSec));
    assert.equal(simulate({ ...base }).stoppedEarly, false);
  });

  it('trySimulate reports an invalid config as issues instead of throwing', () => {
    const bad = trySimulate({ arrivalsPerMinute: [], serviceTime: { kind: 'exponential', meanSec: -1 }, scaling: { kind: 'manual', instances: 1 } });
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.ok(bad.issues.some((i) => i.startsWith('serviceTime.meanSec')) && bad.issues.some((i) => i.startsWith('arrivalsPerMinute')), bad.issues.join('; '));
    assert.throws(() => simulate({ arrivalsPerMinute: [], serviceTime: { kind: 'exponential', meanSec: 1 }, scaling: { kind: 'manual', instances: 1 } }));
    const good = trySimulate(base);
    assert.ok(good.ok && good.result.published > 0);
  });
});
