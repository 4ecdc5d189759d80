/** The cost model against hand-computed figures from the DOMAIN.md §5 price table. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  PRICES, HOURS_PER_MONTH, costPerInstanceSecondUsd, costRatePerInstanceSecond, instanceSecondsCostUsd, monthlyCostUsd, comparePullVsPush,
} from '../../shared/cost/index.ts';

const near = (a: number, b: number, what = '') => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
const MONTH_SEC = 730 * 3600;

describe('per instance-second', () => {
  it('instance-based Tier 1: vCPU × $0.000018 + GiB × $0.000002', () => {
    near(costPerInstanceSecondUsd({ vcpu: 1, memoryGiB: 0.5 }), 0.000019);
    near(costPerInstanceSecondUsd({ vcpu: 4, memoryGiB: 16 }), 4 * 0.000018 + 16 * 0.000002);
    near(instanceSecondsCostUsd(3600, { vcpu: 2, memoryGiB: 4 }), 3600 * (0.000036 + 0.000008));
  });

  it('Tier 2 is 1.4× on vCPU and memory and says it is UNCONFIRMED', () => {
    const r = costRatePerInstanceSecond({ vcpu: 1, memoryGiB: 1, tier: 2 });
    near(r.cpuUsdPerSec, 0.0000252);
    near(r.memoryUsdPerSec, 0.0000028);
    assert.ok(r.assumptions.some((a) => a.includes('UNCONFIRMED')));
  });

  it('request-based rates for push services', () => {
    near(costPerInstanceSecondUsd({ vcpu: 1, memoryGiB: 1, billing: 'request' }), 0.000024 + 0.0000025);
  });

  it('L4 GPU with and without zonal redundancy (4 vCPU / 16 GiB minimum shape)', () => {
    const shape = { vcpu: 4, memoryGiB: 16, gpu: 'nvidia-l4' as const };
    near(costPerInstanceSecondUsd(shape), 0.000104 + 0.0002909, 'zonal redundancy (default)');
    near(costPerInstanceSecondUsd({ ...shape, gpuZonalRedundancy: false }), 0.000104 + 0.0001867, 'no redundancy');
  });

  it('committed use discounts are opt-in, SECONDARY, and leave the GPU price alone', () => {
    const shape = { vcpu: 4, memoryGiB: 16, gpu: 'nvidia-l4' as const, gpuZonalRedundancy: false };
    const r1 = costRatePerInstanceSecond({ ...shape, committedUse: '1y' });
    near(r1.cpuUsdPerSec + r1.memoryUsdPerSec, 0.000104 * 0.72);
    near(r1.gpuUsdPerSec, 0.0001867);
    near(costRatePerInstanceSecond({ vcpu: 1, memoryGiB: 1, committedUse: '3y' }).totalUsdPerSec, 0.00002 * 0.54);
    assert.ok(r1.assumptions.some((a) => a.includes('SECONDARY')));
    near(costPerInstanceSecondUsd({ vcpu: 1, memoryGiB: 1, billing: 'request', committedUse: '1y' }), 0.0000265 * 0.83);
  });
});

describe('monthly', () => {
  it('uses a 730-hour month', () => {
    assert.equal(HOURS_PER_MONTH, 730);
    near(monthlyCostUsd(1, { vcpu: 1, memoryGiB: 0.5 }), 0.000019 * MONTH_SEC); // $49.932
    near(monthlyCostUsd(2.5, { vcpu: 1, memoryGiB: 0.5 }), 2.5 * 0.000019 * MONTH_SEC);
  });

  it('can subtract the monthly free tier', () => {
    const expected = (MONTH_SEC - 240_000) * 0.000018 + (MONTH_SEC * 0.5 - 450_000) * 0.000002;
    near(monthlyCostUsd(1, { vcpu: 1, memoryGiB: 0.5 }, { applyFreeTier: true }), expected);
    assert.equal(monthlyCostUsd(0.01, { vcpu: 1, memoryGiB: 0.5 }, { applyFreeTier: true }), 0);
  });
});

describe('pull pool vs request-based push', () => {
  it('prices push as requests × billed duration × rates + $0.40 per million requests', () => {
    // 10 M messages × 0.25 s → billed 0.3 s each (100 ms rounding) = 3 M instance-seconds at 1 vCPU / 0.5 GiB.
    const r = comparePullVsPush({
      messagesPerMonth: 10_000_000, meanProcessingSec: 0.25,
      pool: { averageInstances: 1, shape: { vcpu: 1, memoryGiB: 0.5 } },
      push: { shape: { vcpu: 1, memoryGiB: 0.5 } },
    });
    near(r.pushBilledInstanceSec, 3_000_000);
    near(r.pushComputeUsdPerMonth, 3_000_000 * (0.000024 + 0.5 * 0.0000025));
    near(r.pushRequestUsdPerMonth, 4);
    near(r.pullUsdPerMonth, 0.000019 * MONTH_SEC);
    assert.equal(r.cheaper, 'pull');
    near(r.savingsUsdPerMonth, r.pushUsdPerMonth - r.pullUsdPerMonth);
  });

  it('push wins for sparse traffic, and push concurrency divides billed time', () => {
    const sparse = comparePullVsPush({
      messagesPerMonth: 100_000, meanProcessingSec: 1,
      pool: { averageInstances: 1, shape: { vcpu: 1, memoryGiB: 0.5 } }, push: { shape: { vcpu: 1, memoryGiB: 0.5 } },
    });
    assert.equal(sparse.cheaper, 'push');
    const packed = comparePullVsPush({
      messagesPerMonth: 1_000_000, meanProcessingSec: 1,
      pool: { averageInstances: 1, shape: { vcpu: 1, memoryGiB: 0.5 } }, push: { shape: { vcpu: 1, memoryGiB: 0.5 }, concurrency: 10 },
    });
    near(packed.pushBilledInstanceSec, 100_000);
  });

  it('every price in the table is positive and the tier-2 multiplier is marked in the source', () => {
    for (const v of [PRICES.instanceBased.usdPerVcpuSec, PRICES.requestBased.usdPerMillionRequests, PRICES.gpu.l4UsdPerSec]) assert.ok(v > 0);
    assert.equal(PRICES.tier2Multiplier, 1.4);
  });
});
