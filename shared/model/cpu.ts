/**
 * The one CPU model of a pool: vCPU-seconds per message and the idle baseline, and from them what one instance can
 * process per second. The tuner's concurrency ceiling (tune/concurrency.ts), the simulator's processor sharing
 * (workload.cpuSecondsPerMessage) and the review rules (autoscaler-target-exceeds-slo) all read it, so review and
 * tune never size a pool with two different CPU figures.
 *
 * docs/sources.md#concurrency-bounds: "vCPU × target utilisation ÷ CPU-seconds per message", estimated "from
 * container/memory/utilizations against the number of messages in flight". Two estimates, best first:
 * - fit: the per-minute least-squares line of CPU used (utilisation × vCPU) against acked msg/s per instance
 *   (tune/resources.ts) gives an idle baseline a (vCPU) and a slope s (vCPU-s per message);
 * - means: the window's mean utilisation × vCPU ÷ mean acked msg/s per instance (the idle baseline is then counted
 *   as work, which makes s too high and the capacity low: conservative).
 * An instance is CPU-saturated at `SATURATION_UTILIZATION` (80%: headroom for GC, lease management and bursts), so
 * it sustains (0.8 × vCPU − a) ÷ s messages per second.
 */
import type { PoolFigures } from '../metrics/figures.ts';
import type { LinearFit, ResourceFits } from '../tune/resources.ts';

/** Target CPU utilisation at the saturation point (the tuner's concurrency ceiling uses the same). */
export const SATURATION_UTILIZATION = 0.8;

export interface CpuPerMessage {
  /** vCPU-seconds per message. */
  secPerMessage: number;
  /** vCPU an idle instance uses (0 with the means estimate). */
  idleVcpu: number;
  basis: 'fit' | 'means';
  fit?: LinearFit;
  /** The figures behind the estimate, for messages. */
  why: string;
}

const sig = (x: number) => String(Number(x.toPrecision(2)));

/** CPU per message from the per-minute fit when there is one, else from the window's means; undefined when neither. */
export function cpuPerMessage(input: { fits?: ResourceFits; figures?: PoolFigures; vcpu: number }): CpuPerMessage | undefined {
  const { fits, figures: f, vcpu } = input;
  if (fits?.cpu && fits.cpu.slope > 0) {
    const fit = fits.cpu;
    const idle = Math.max(0, fit.intercept);
    return { secPerMessage: fit.slope, idleVcpu: idle, basis: 'fit', fit, why: `a fit over ${fit.n} min (R² ${fit.r2.toFixed(2)}) of CPU used against messages acked per instance gives ${fit.slope.toPrecision(2)} CPU-s per message on an idle ${idle.toPrecision(2)} vCPU` };
  }
  const util = f?.cpuUtilization?.mean;
  if (util === undefined || !(util > 0)) return undefined;
  const inst = f?.instanceCount?.mean;
  const thr = f?.throughputPerSec?.mean;
  if (inst !== undefined && thr !== undefined && inst > 0 && thr > 0) {
    const s = (util * vcpu * inst) / thr;
    return { secPerMessage: s, idleVcpu: 0, basis: 'means', why: `${(util * 100).toFixed(0)}% of ${vcpu} vCPU × ${inst.toFixed(1)} instances ÷ ${thr.toPrecision(3)} msg/s = ${s.toPrecision(2)} CPU-s per message` };
  }
  const perInstance = f?.throughputPerInstancePerSec;
  if (perInstance !== undefined && perInstance > 0) {
    const s = (util * vcpu) / perInstance;
    return { secPerMessage: s, idleVcpu: 0, basis: 'means', why: `${(util * 100).toFixed(0)}% of ${vcpu} vCPU at ${sig(perInstance)} msg/s per instance = ${s.toPrecision(2)} CPU-s per message` };
  }
  return undefined;
}

/** Messages per second one instance sustains before its CPU saturates: (0.8 × vCPU − idle) ÷ CPU-s per message. */
export function cpuBoundRatePerSec(cpu: CpuPerMessage, vcpu: number): number {
  return Math.max(0, SATURATION_UTILIZATION * vcpu - cpu.idleVcpu) / cpu.secPerMessage;
}

export interface InstanceCapacity {
  /** Messages per second one instance can drain from a backlog. */
  perSec: number;
  /** `capacity`: concurrency ÷ mean processing binds; `cpu`: the CPU saturates first. */
  basis: 'capacity' | 'cpu';
  /** vCPU-s per message, when known. */
  cpuSecPerMessage?: number;
  why: string;
}

/**
 * What one instance can drain: concurrency ÷ mean processing (Little's law with every slot busy,
 * docs/sources.md#heuristics), capped by the CPU-bound rate above. A GPU pool is not capped by vCPU (the GPU is the
 * shared resource; the tuner keeps its concurrency).
 */
export function instanceCapacity(input: { concurrency: number; concurrencyText: string; meanProcessingSec: number; processingText: string; cpu?: CpuPerMessage; vcpu: number; gpu: boolean }): InstanceCapacity {
  const slots = input.concurrency / input.meanProcessingSec;
  const slotsWhy = `${input.concurrencyText} ÷ ${input.processingText}`;
  const cpu = input.gpu ? undefined : input.cpu;
  if (cpu) {
    const cpuRate = cpuBoundRatePerSec(cpu, input.vcpu);
    if (cpuRate < slots) {
      return { perSec: cpuRate, basis: 'cpu', cpuSecPerMessage: cpu.secPerMessage, why: `CPU-bound: ${cpu.why}, so ${input.vcpu} vCPU at ${SATURATION_UTILIZATION * 100}% drain ${sig(cpuRate)} msg/s; ${slotsWhy} would allow ${sig(slots)}` };
    }
    return { perSec: slots, basis: 'capacity', cpuSecPerMessage: cpu.secPerMessage, why: `${slotsWhy}; the CPU would allow ${sig(cpuRate)} (${cpu.why})` };
  }
  return { perSec: slots, basis: 'capacity', why: slotsWhy };
}

/**
 * Messages per second one instance sends downstream at a concurrency, for the downstream-limit ceiling: every slot
 * busy (concurrency ÷ processing, Little's law), or the CPU-bound rate when the CPU saturates first. The tuner's
 * instance ceiling (tune/current.ts) and rule max-replicas-exceed-downstream-limit both divide the limit by it.
 */
export function ratePerInstancePerSec(concurrency: number, processingSec: number, cpu: { cpu?: CpuPerMessage; vcpu: number } | undefined): number {
  const slots = concurrency / processingSec;
  if (!cpu?.cpu) return slots;
  return Math.min(slots, cpuBoundRatePerSec(cpu.cpu, cpu.vcpu));
}
