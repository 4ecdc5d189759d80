/** Sizing (smallest c for a wait target), Little's law helpers and backlog drain. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  serversForWaitP95, serversForWaitPercentile, waitPercentileSec, littleL, littleW, littleLambda, backlogDrainSec, capacityPerSec,
  slotsOf, instancesForSlots,
} from '../../shared/queueing/index.ts';

describe('serversForWaitP95', () => {
  it('returns the smallest c meeting the target (checked against waitPercentileSec at c and c − 1)', () => {
    for (const [lambda, s, cv, target] of [[5, 1, 1, 0.5], [40, 0.25, 1, 0.05], [3, 2, 2, 10], [100, 0.8, 0.5, 0], [0.5, 95, 1, 600]] as const) {
      const c = serversForWaitP95(lambda, s, cv, target);
      assert.ok(c !== undefined && c >= 1, `λ=${lambda}`);
      const p95 = (n: number) => waitPercentileSec({ arrivalRatePerSec: lambda, meanServiceSec: s, servers: n, serviceCv: cv }, 0.95);
      assert.ok(p95(c) <= target + 1e-12, `c=${c} meets`);
      assert.ok(!(p95(c - 1) <= target), `c−1=${c - 1} must not meet`);
    }
  });

  it('needs more slots for tighter targets and more variable service', () => {
    const loose = serversForWaitP95(50, 1, 1, 5)!;
    const tight = serversForWaitP95(50, 1, 1, 0.01)!;
    const variable = serversForWaitP95(50, 1, 3, 0.5)!;
    assert.ok(tight > loose);
    assert.ok(variable > serversForWaitP95(50, 1, 1, 0.5)!);
    assert.ok(loose > 50, 'always above the offered load');
  });

  it('handles thousands of servers quickly and edge inputs', () => {
    const t0 = performance.now();
    const c = serversForWaitP95(2000, 2, 1, 0.1)!;
    assert.ok(c > 4000 && c < 4300, String(c));
    assert.ok(performance.now() - t0 < 500);
    assert.equal(serversForWaitP95(0, 1, 1, 1), 0);
    assert.equal(serversForWaitP95(1, 1, 1, -1), undefined);
    assert.equal(serversForWaitPercentile(1e9, 1, 1, 0, { maxServers: 10 }), undefined);
  });
});

describe("Little's law and drain", () => {
  it('L = λW and its inverses', () => {
    assert.equal(littleL(20, 3), 60);
    assert.equal(littleW(60, 20), 3);
    assert.equal(littleLambda(60, 3), 20);
    assert.equal(littleW(5, 0), Infinity);
    assert.equal(littleW(0, 0), 0);
  });

  it('drain time = backlog / (capacity − arrivals); never drains when capacity ≤ arrivals', () => {
    const cap = capacityPerSec(slotsOf(4, 5), 2); // 20 slots × 0.5/s = 10 msg/s
    assert.equal(cap, 10);
    assert.equal(backlogDrainSec(6000, cap, 4), 1000);
    assert.equal(backlogDrainSec(6000, cap, 10), Infinity);
    assert.equal(backlogDrainSec(0, cap, 12), 0);
    assert.equal(instancesForSlots(21, 5), 5);
  });
});
