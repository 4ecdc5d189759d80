/**
 * How much backlog per instance a queue-wait objective allows: the one computation rule
 * autoscaler-target-exceeds-slo judges a trigger `value` with and the tuner's search bounds its targets by, so a
 * proposal never carries a target the review then flags (issue 22: a schedule's proposal had target 150 at 3.5 msg/s
 * per instance against a 10 s objective).
 *
 * docs/sources.md#heuristics: "Target backlog per instance (CREMA/KEDA `value`) ≈ per-instance throughput × acceptable
 * drain time"; with an `AverageValue` target (the default, docs/sources.md#keda-scaledobject-defaults) the scaler
 * settles at ceil(backlog ÷ value) instances (docs/sources.md#hpa-algorithm), so each instance is left with up to
 * `value` messages, which take value ÷ drain rate seconds to drain. A schedule or warm minReplicas does not change
 * that: outside the capacity they provide (traffic grown past the window's count, a peak that moved), the Pub/Sub
 * trigger is what scales, and it waits for `value` messages per instance.
 */
import { isBacklogTarget } from '../config/triggers.ts';
import { modelCapacity, type PoolModel } from './pool-model.ts';

export interface DrainRate {
  perSec: number;
  basis: 'capacity' | 'cpu' | 'observed';
  why: string;
  observed?: number;
  cpuSecPerMessage?: number;
}

/**
 * Messages per second one instance drains from a backlog at `concurrency` (default: the pool's own): the pool
 * model's capacity (model/cpu.ts `instanceCapacity`, the same CPU fit and processing time the tuner sizes
 * concurrency with): concurrency ÷ mean processing (the measured mean, else the declared `processingTimeSec`; an
 * unset concurrency is the client default of 1000, docs/sources.md#client-flow-control-and-leases), capped by the
 * CPU-bound rate (0.8 × vCPU − idle) ÷ CPU-seconds per message (docs/sources.md#concurrency-bounds). The observed
 * acked/s per instance is used when it is higher (the estimate is then wrong) or when no capacity can be computed.
 * Undefined without metrics figures (the rule needs metrics).
 */
export function drainRate(model: PoolModel, concurrency?: number): DrainRate | undefined {
  const f = model.figures;
  if (!f) return undefined;
  const observed = f.throughputPerInstancePerSec !== undefined && f.throughputPerInstancePerSec > 0 ? f.throughputPerInstancePerSec : undefined;
  const observedOnly = observed === undefined ? undefined : { perSec: observed, basis: 'observed' as const, why: 'observed acked/s per instance', observed };
  const cap = modelCapacity(model, concurrency);
  if (!cap) return observedOnly;
  const rate: DrainRate = { perSec: cap.perSec, basis: cap.basis, why: cap.why, observed, ...(cap.cpuSecPerMessage !== undefined ? { cpuSecPerMessage: cap.cpuSecPerMessage } : {}) };
  return observed !== undefined && observed > rate.perSec ? observedOnly : rate;
}

/** Seconds of work `value` messages are for one instance draining at `rate`. */
export function drainSec(value: number, rate: DrainRate): number {
  return value / rate.perSec;
}

/** True when a backlog of `value` per instance drains within `sloSec` (relative tolerance: equal up to float error is within). */
export function targetWithinSlo(value: number, rate: DrainRate, sloSec: number): boolean {
  return drainSec(value, rate) <= sloSec * (1 + 1e-9);
}

/** The largest whole target within the objective: floor(drain rate × sloSec); 0 when not even one message drains in time. */
export function largestTargetWithinSlo(rate: DrainRate, sloSec: number): number {
  let v = Math.floor(rate.perSec * sloSec + 1e-9); // epsilon absorbs float error just below a whole number
  while (v > 0 && !targetWithinSlo(v, rate, sloSec)) v--;
  return v;
}

/**
 * The tuner's bound on a trigger value at a concurrency, where the rule would judge it (metrics for the pool, a
 * `slo.queueWaitP95Sec` and a backlog-count trigger): the largest target within the objective, at least 1 (below
 * that no target passes, and the search keeps its smallest). Undefined where the rule does not judge.
 */
export function targetCeilingFor(model: PoolModel): ((concurrency: number) => number) | undefined {
  const sloSec = model.pool.settings?.slo?.queueWaitP95Sec;
  if (sloSec === undefined || !model.figures || !(model.pool.scaler?.triggers ?? []).some(isBacklogTarget)) return undefined;
  return (concurrency) => {
    const rate = drainRate(model, concurrency);
    return rate ? Math.max(1, largestTargetWithinSlo(rate, sloSec)) : Infinity;
  };
}
