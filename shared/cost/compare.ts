/**
 * Pull-based worker pool vs request-based push service for the same traffic.
 *
 * The seed article's claim that pull pools are cheaper than push for steady queues is a PRODUCT GOAL this
 * comparison lets users check on their own numbers; it is not a fact this code assumes. Model:
 * - Pool (instance-based): averageInstances × instance rate × seconds in the month.
 * - Push (request-based): each message is one request; billable instance time ≈ messages × mean processing
 *   time, each request rounded up to 100 ms (docs/sources.md#pricing), divided by the requests one instance serves at once
 *   (`pushConcurrency`; perfect packing is a lower bound on real billed time), × request-based rates,
 *   plus $0.40 per million requests. Cold starts, idle min-instances and retries are not counted.
 */
import { z } from 'zod';
import { PRICES, SECONDS_PER_MONTH } from './prices.ts';
import { InstanceShapeSchema, costRatePerInstanceSecond, monthlyCostUsd, type InstanceShapeInput } from './model.ts';

export const PullVsPushInputSchema = z.object({
  messagesPerMonth: z.number().nonnegative(),
  meanProcessingSec: z.number().nonnegative(),
  pool: z.object({ averageInstances: z.number().nonnegative(), shape: InstanceShapeSchema }),
  push: z.object({
    shape: InstanceShapeSchema.describe('billing is forced to request-based'),
    concurrency: z.number().int().positive().default(1).describe('Requests one push instance serves at once'),
  }),
  applyFreeTier: z.boolean().default(false),
});
export type PullVsPushInput = z.input<typeof PullVsPushInputSchema>;

export const PullVsPushResultSchema = z.object({
  pullUsdPerMonth: z.number(),
  pushUsdPerMonth: z.number(),
  pushComputeUsdPerMonth: z.number(),
  pushRequestUsdPerMonth: z.number(),
  pushBilledInstanceSec: z.number(),
  cheaper: z.enum(['pull', 'push', 'equal']),
  savingsUsdPerMonth: z.number().describe('|pull − push|'),
  assumptions: z.array(z.string()),
});
export type PullVsPushResult = z.infer<typeof PullVsPushResultSchema>;

/** Monthly cost of the same traffic on a pull worker pool and on a request-based push service. */
export function comparePullVsPush(input: PullVsPushInput): PullVsPushResult {
  const p = PullVsPushInputSchema.parse(input);
  const free = p.applyFreeTier;
  const pullUsdPerMonth = monthlyCostUsd(p.pool.averageInstances, p.pool.shape, { applyFreeTier: free });

  const pushShape: InstanceShapeInput = { ...p.push.shape, billing: 'request' };
  const rate = costRatePerInstanceSecond(pushShape);
  const g = PRICES.billingGranularitySec;
  const billedPerRequestSec = Math.ceil(p.meanProcessingSec / g - 1e-9) * g;
  const pushBilledInstanceSec = (p.messagesPerMonth * billedPerRequestSec) / p.push.concurrency;
  const vcpuSec = Math.max(0, pushBilledInstanceSec * p.push.shape.vcpu - (free ? PRICES.requestBased.freeVcpuSecPerMonth : 0));
  const gibSec = Math.max(0, pushBilledInstanceSec * p.push.shape.memoryGiB - (free ? PRICES.requestBased.freeGibSecPerMonth : 0));
  const pushComputeUsdPerMonth = vcpuSec * (rate.cpuUsdPerSec / p.push.shape.vcpu) + gibSec * (rate.memoryUsdPerSec / p.push.shape.memoryGiB)
    + pushBilledInstanceSec * rate.gpuUsdPerSec;
  const billableRequests = Math.max(0, p.messagesPerMonth - (free ? PRICES.requestBased.freeRequestsPerMonth : 0));
  const pushRequestUsdPerMonth = (billableRequests / 1e6) * PRICES.requestBased.usdPerMillionRequests;
  const pushUsdPerMonth = pushComputeUsdPerMonth + pushRequestUsdPerMonth;

  const assumptions = [
    ...new Set([...costRatePerInstanceSecond(p.pool.shape).assumptions, ...rate.assumptions]),
    `push billed time assumes perfect packing of ${p.push.concurrency} concurrent request(s) per instance (lower bound)`,
    `month = ${SECONDS_PER_MONTH / 3600} h`,
  ];
  const diff = pullUsdPerMonth - pushUsdPerMonth;
  const cheaper = Math.abs(diff) < 1e-9 ? 'equal' : diff < 0 ? 'pull' : 'push';
  return { pullUsdPerMonth, pushUsdPerMonth, pushComputeUsdPerMonth, pushRequestUsdPerMonth, pushBilledInstanceSec, cheaper, savingsUsdPerMonth: Math.abs(diff), assumptions };
}
