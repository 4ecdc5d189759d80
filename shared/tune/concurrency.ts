/**
 * The ceiling on per-instance concurrency (docs/sources.md#concurrency-bounds). Time per message = a waiting part (I/O) + a computing
 * part (CPU). Concurrency overlaps the waiting part for free until the computing part saturates the vCPUs; beyond
 * that each message slows in proportion, so the tuner never goes past the saturation point and the simulator can
 * keep processing times independent of concurrency inside the range it searches.
 *
 * Model (stated assumptions):
 * - With per-minute series (resources.ts), a least-squares line of CPU used (vCPU) against acked msg/s per instance
 *   gives an idle baseline a and CPU-seconds per message s; ceiling: a + concurrency × s ÷ mean ≤ 0.8 × vCPU.
 *   Likewise memory used against messages in flight per instance gives baseline + MiB per message; ceiling:
 *   baseline + concurrency × m ≤ 0.8 × limit. The means below are the fallback.
 * - CPU-seconds per message s = CPU utilisation × vCPU × instances ÷ acked messages per second (docs/sources.md#concurrency-bounds), from the
 *   metrics' means. Ceiling: concurrency × s ÷ meanProcessingSec ≤ vCPU × 0.8 (80% target utilisation: headroom
 *   for GC, the client library's lease management, and bursts).
 * - Memory: all memory in use is charged to the messages in flight (baseline taken as 0, so the per-message figure
 *   is an over-estimate and the ceiling conservative): m = memory utilisation × limit ÷ mean in flight per instance;
 *   ceiling: concurrency × m ≤ 0.8 × limit (exceeding the limit terminates the instance, docs/sources.md#worker-pool-limits).
 * - Without CPU figures the work could be CPU-bound, so concurrency is not raised above the current setting (the
 *   declared value is the evidence); without any setting the ceiling is the vCPU count, CPU-heavy work's choice (docs/sources.md#concurrency-bounds).
 * - A GPU pool keeps its current concurrency: the GPU, not the vCPUs, is the shared resource (one GPU per instance).
 * - Downstream: concurrency ≤ downstreamMaxInFlight, and concurrency ÷ processing ≤ downstreamLimitPerSec (a single
 *   instance must not exceed either on its own).
 */
import type { PoolFigures } from '../metrics/figures.ts';
import type { ResourceFits } from './resources.ts';
import { cpuPerMessage, SATURATION_UTILIZATION } from '../model/cpu.ts';

/** Target CPU and memory utilisation at the ceiling (model/cpu.ts). */
export { SATURATION_UTILIZATION };
/** Highest concurrency the tuner considers at all (docs/sources.md#client-flow-control-and-leases: "aim for fewer than 1,000 outstanding messages"). */
export const MAX_CONCURRENCY = 1000;

export interface ConcurrencyInput {
  vcpu: number;
  memoryMiB: number;
  gpu: boolean;
  currentConcurrency?: number;
  meanProcessingSec: number;
  figures?: PoolFigures;
  /** Per-minute regressions (resources.ts), preferred over the means when present. */
  fits?: ResourceFits;
  downstreamMaxInFlight?: number;
  /** Downstream rate limit (msg/s) and the processing time the rate ceiling uses (current.ts `rateBasis`). */
  downstreamLimitPerSec?: number;
  downstreamRateSec?: number;
}

export interface ConcurrencyBound {
  max: number;
  /** CPU-seconds per message when measured. */
  cpuSecPerMessage?: number;
  memoryMiBPerMessage?: number;
  basis: 'cpu-metrics' | 'current-setting' | 'vcpu-count' | 'gpu';
  text: string;
}

export function concurrencyCeiling(input: ConcurrencyInput): ConcurrencyBound {
  const { vcpu, memoryMiB, meanProcessingSec: t, figures: f } = input;
  const limits: { max: number; why: string }[] = [];
  let basis: ConcurrencyBound['basis'];
  let cpuSecPerMessage: number | undefined;
  let memoryMiBPerMessage: number | undefined;
  const inst = f?.instanceCount?.mean;
  const thr = f?.throughputPerSec?.mean;
  // The pool's one CPU model (model/cpu.ts): the per-minute fit, else the window's means.
  const cpu = input.gpu ? undefined : cpuPerMessage({ fits: input.fits, figures: f, vcpu });
  if (input.gpu) {
    basis = 'gpu';
    limits.push({ max: input.currentConcurrency ?? 1, why: `a GPU pool keeps its current concurrency (${input.currentConcurrency ?? 1}): the single GPU per instance is the shared resource` });
  } else if (cpu) {
    basis = 'cpu-metrics';
    cpuSecPerMessage = cpu.secPerMessage;
    const max = Math.floor(((SATURATION_UTILIZATION * vcpu - cpu.idleVcpu) * t) / cpu.secPerMessage);
    const share = cpu.basis === 'means' ? ` (${(Math.min(1, cpu.secPerMessage / t) * 100).toFixed(0)}% of its ${t.toPrecision(2)} s)` : '';
    limits.push({ max, why: `CPU: ${cpu.why}${share}, so ${vcpu} vCPU at ${SATURATION_UTILIZATION * 100}% saturate at ${max} in flight${cpu.basis === 'fit' ? ` (${t.toPrecision(2)} s mean)` : ''}` });
  } else if (input.currentConcurrency !== undefined) {
    basis = 'current-setting';
    limits.push({ max: input.currentConcurrency, why: `no CPU figures, so the work may be CPU-bound: not raised above the current ${input.currentConcurrency}` });
  } else {
    basis = 'vcpu-count';
    limits.push({ max: Math.max(1, Math.floor(vcpu)), why: `no CPU figures and no current setting: ${Math.max(1, Math.floor(vcpu))}, the vCPU count, is safe even for CPU-bound work` });
  }
  const memUtil = f?.memoryUtilization?.mean;
  if (!input.gpu && input.fits?.memory) {
    const fit = input.fits.memory;
    memoryMiBPerMessage = fit.slope;
    const base = Math.max(0, fit.intercept);
    const max = Math.floor((SATURATION_UTILIZATION * memoryMiB - base) / fit.slope);
    limits.push({ max, why: `memory: a fit over ${fit.n} min (R² ${fit.r2.toFixed(2)}) gives ${Math.round(base)} MiB baseline + ${fit.slope.toPrecision(2)} MiB per message in flight, so ${max} fit in 80% of ${memoryMiB} MiB` });
  } else if (!input.gpu && memUtil !== undefined && inst !== undefined && thr !== undefined && inst > 0 && thr > 0) {
    const inFlightPerInstance = (thr * t) / inst; // Little's law: L = λW per instance
    if (inFlightPerInstance > 0) {
      memoryMiBPerMessage = (memUtil * memoryMiB) / inFlightPerInstance;
      const max = Math.floor((SATURATION_UTILIZATION * memoryMiB) / memoryMiBPerMessage);
      limits.push({ max, why: `memory: ${(memUtil * 100).toFixed(0)}% of ${memoryMiB} MiB with ${inFlightPerInstance.toPrecision(2)} in flight ≈ ${memoryMiBPerMessage.toPrecision(2)} MiB per message, so ${max} fit in 80%` });
    }
  }
  if (input.downstreamMaxInFlight !== undefined) limits.push({ max: input.downstreamMaxInFlight, why: `downstream accepts ${input.downstreamMaxInFlight} in flight` });
  // Downstream caps first: one instance alone must not send more than the rate limit (concurrency ÷ processing ≤
  // limit, Little's law with every slot busy), or no instance count is within the limit.
  if (input.downstreamLimitPerSec !== undefined && input.downstreamRateSec !== undefined && input.downstreamRateSec > 0) {
    const max = Math.max(1, Math.floor(input.downstreamLimitPerSec * input.downstreamRateSec + 1e-9));
    limits.push({ max, why: `downstream: one instance at concurrency ${max} sends ${max} ÷ ${input.downstreamRateSec.toPrecision(3)} s ≈ ${Math.round(max / input.downstreamRateSec)} msg/s, the ${input.downstreamLimitPerSec} msg/s limit` });
  }
  limits.push({ max: MAX_CONCURRENCY, why: `${MAX_CONCURRENCY} is the most the tuner considers` });
  const binding = limits.reduce((a, b) => (b.max < a.max ? b : a));
  const max = Math.max(1, Math.min(MAX_CONCURRENCY, binding.max));
  const others = limits.filter((l) => l !== binding && l.max !== MAX_CONCURRENCY).map((l) => l.why);
  return {
    max, basis, cpuSecPerMessage, memoryMiBPerMessage,
    text: `Ceiling ${max}: ${binding.why}.${others.length ? ` Also: ${others.join('; ')}.` : ''}`,
  };
}

/** Candidate concurrencies: powers of two up to the ceiling, plus the ceiling and the current value if allowed. */
export function concurrencyCandidates(max: number, current: number | undefined): number[] {
  const set = new Set<number>([max]);
  for (let c = 1; c < max; c *= 2) set.add(c);
  if (current !== undefined && current >= 1 && current <= max) set.add(current);
  return [...set].sort((a, b) => a - b);
}
