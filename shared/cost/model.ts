/**
 * Cloud Run cost model for worker pools (instance-based) and, for comparison, request-based push services.
 * All prices come from prices.ts (docs/sources.md#pricing). Assumptions:
 * - Instance-based: cost = instance-seconds × (vCPU × $/vCPU-s + GiB × $/GiB-s + GPU $/s). Worker pools bill
 *   every requested instance as active, idle or not (docs/sources.md#worker-pool-scaling-modes).
 * - Tier 2 (UNCONFIRMED ×1.4) scales vCPU and memory prices only; GPU prices are us-central1 quotes.
 * - Committed use discounts (SECONDARY, opt-in) reduce vCPU and memory, not GPU (coverage of GPUs unknown).
 * - The free tier is per billing account and shared by every workload in it, so it is off unless asked for.
 */
import { z } from 'zod';
import { PRICES, SECONDS_PER_MONTH } from './prices.ts';

export const InstanceShapeSchema = z.object({
  vcpu: z.number().positive().describe('vCPUs per instance'),
  memoryGiB: z.number().positive().describe('Memory per instance, GiB'),
  gpu: z.enum(['none', 'nvidia-l4']).default('none').describe('GPU per instance (one at most)'),
  gpuZonalRedundancy: z.boolean().default(true).describe('L4 with zonal redundancy (the pricier SKU) unless disabled'),
  tier: z.union([z.literal(1), z.literal(2)]).default(1).describe('Cloud Run pricing tier of the region; Tier 2 is UNCONFIRMED ×1.4'),
  billing: z.enum(['instance', 'request', 'gke-autopilot']).default('instance').describe('Worker pools are always instance-based; `gke-autopilot`: a GKE Autopilot Pod billed on its requests (UNCONFIRMED rates)'),
  committedUse: z.enum(['none', '1y', '3y']).default('none').describe('Compute flexible CUD (SECONDARY rates, opt-in)'),
});
export type InstanceShape = z.infer<typeof InstanceShapeSchema>;
export type InstanceShapeInput = z.input<typeof InstanceShapeSchema>;

export const CostRateSchema = z.object({
  cpuUsdPerSec: z.number(),
  memoryUsdPerSec: z.number(),
  gpuUsdPerSec: z.number(),
  totalUsdPerSec: z.number(),
  assumptions: z.array(z.string()).describe('UNCONFIRMED or SECONDARY inputs this rate relies on'),
});
export type CostRate = z.infer<typeof CostRateSchema>;

function cudFactor(shape: InstanceShape): number {
  if (shape.committedUse === 'none' || shape.billing === 'gke-autopilot') return 1;
  if (shape.billing === 'request') return 1 - PRICES.committedUseDiscount.requestBased;
  return 1 - (shape.committedUse === '1y' ? PRICES.committedUseDiscount.instanceBased1y : PRICES.committedUseDiscount.instanceBased3y);
}

/** Cost of one instance for one second (while billed), split into vCPU, memory and GPU. */
export function costRatePerInstanceSecond(input: InstanceShapeInput): CostRate {
  const shape = InstanceShapeSchema.parse(input);
  const table = shape.billing === 'gke-autopilot' ? PRICES.gkeAutopilot : shape.billing === 'instance' ? PRICES.instanceBased : PRICES.requestBased;
  const assumptions: string[] = [];
  let regional = 1;
  if (shape.billing === 'gke-autopilot') assumptions.push('GKE Autopilot general-purpose Pod rates, us-central1 (UNCONFIRMED)');
  if (shape.tier === 2 && shape.billing !== 'gke-autopilot') {
    regional = PRICES.tier2Multiplier;
    assumptions.push(`Tier 2 prices assumed ${PRICES.tier2Multiplier}× Tier 1 (UNCONFIRMED)`);
  }
  const cud = cudFactor(shape);
  if (cud !== 1) assumptions.push(`committed use discount ${Math.round((1 - cud) * 100)}% (SECONDARY, March 2026)`);
  let gpuUsdPerSec = 0;
  if (shape.gpu === 'nvidia-l4') {
    gpuUsdPerSec = shape.gpuZonalRedundancy ? PRICES.gpu.l4ZonalRedundancyUsdPerSec : PRICES.gpu.l4UsdPerSec;
    assumptions.push('L4 GPU price is a us-central1 Billing API quote, 2026-08 (SECONDARY)');
  }
  const cpuUsdPerSec = shape.vcpu * table.usdPerVcpuSec * regional * cud;
  const memoryUsdPerSec = shape.memoryGiB * table.usdPerGibSec * regional * cud;
  return { cpuUsdPerSec, memoryUsdPerSec, gpuUsdPerSec, totalUsdPerSec: cpuUsdPerSec + memoryUsdPerSec + gpuUsdPerSec, assumptions };
}

/** USD per instance-second for a shape (the total of `costRatePerInstanceSecond`). */
export function costPerInstanceSecondUsd(input: InstanceShapeInput): number {
  return costRatePerInstanceSecond(input).totalUsdPerSec;
}

/** USD for `instanceSeconds` of billed instance time (e.g. a simulation's instance-seconds). */
export function instanceSecondsCostUsd(instanceSeconds: number, input: InstanceShapeInput): number {
  return Math.max(0, instanceSeconds) * costPerInstanceSecondUsd(input);
}

export interface MonthlyOptions {
  /** Subtract the monthly free tier (vCPU-s and GiB-s at Tier 1 prices); default false (shared per account). */
  applyFreeTier?: boolean;
}

/**
 * Monthly cost of `instances` always-on instances of `shape`: instances × rate × 730 h × 3600 s
 * (HOURS_PER_MONTH in prices.ts). Manual scaling bills every requested instance as active (docs/sources.md#worker-pool-scaling-modes, #pricing).
 * `instances` may be fractional (an average instance count from a simulation or metrics).
 */
export function monthlyCostUsd(instances: number, input: InstanceShapeInput, options: MonthlyOptions = {}): number {
  const shape = InstanceShapeSchema.parse(input);
  const seconds = Math.max(0, instances) * SECONDS_PER_MONTH;
  // The GKE free tier is a cluster-fee credit, not Pod compute (cloud.google.com/kubernetes-engine/pricing): none here.
  if (!options.applyFreeTier || shape.billing === 'gke-autopilot') return seconds * costPerInstanceSecondUsd(shape);
  const rate = costRatePerInstanceSecond(shape);
  const table = shape.billing === 'instance' ? PRICES.instanceBased : PRICES.requestBased;
  const vcpuSec = Math.max(0, seconds * shape.vcpu - table.freeVcpuSecPerMonth);
  const gibSec = Math.max(0, seconds * shape.memoryGiB - table.freeGibSecPerMonth);
  return vcpuSec * (rate.cpuUsdPerSec / shape.vcpu) + gibSec * (rate.memoryUsdPerSec / shape.memoryGiB) + seconds * rate.gpuUsdPerSec;
}
