/**
 * Stage "bounds": what the search may try, from the fitted model: the concurrency ceiling (CPU, memory,
 * downstream; concurrency.ts) and the instance ceiling (downstream rate at the identified ceiling, in flight;
 * current.ts), the target ceiling review accepts (model/drain.ts, rule autoscaler-target-exceeds-slo), and the
 * search space. Pure.
 */
import { targetCeilingFor } from '../../model/drain.ts';
import type { PoolModel } from '../../model/pool-model.ts';
import { concurrencyCeiling, type ConcurrencyBound } from '../concurrency.ts';
import { instanceCeiling, rateBasis, type InstanceCeiling } from '../current.ts';
import type { SearchSpace } from '../search.ts';

export interface Bounds {
  conc: ConcurrencyBound;
  ceiling: InstanceCeiling;
  space: SearchSpace;
  /** Seconds per message the downstream ceiling is computed with (current.ts rateBasis). */
  rateSec: number;
  /** The concurrency ceiling's input without the downstream limit (infeasible.ts re-derives it at other limits). */
  concInput: Parameters<typeof concurrencyCeiling>[0];
}

export function searchBounds(model: PoolModel): Bounds | undefined {
  const { pool, workload, shape, current } = model;
  if (!workload) return undefined;
  const rateSec = rateBasis(pool.settings?.processingTimeSec, workload.processingMeanSec).sec;
  const concInput = {
    vcpu: shape.vcpu, memoryMiB: shape.memoryGiB * 1024, gpu: shape.gpuCount > 0, currentConcurrency: current.concurrency,
    meanProcessingSec: workload.processingMeanSec, figures: model.figures, downstreamMaxInFlight: pool.settings?.downstreamMaxInFlight,
    fits: model.fits,
  };
  const conc = concurrencyCeiling({
    ...concInput,
    ...(model.downstreamLimitPerSec !== undefined ? { downstreamLimitPerSec: model.downstreamLimitPerSec, downstreamRateSec: rateSec } : {}),
  });
  const ceiling = instanceCeiling(model.tuningPool, workload.processingMeanSec, { cpu: model.cpu, vcpu: shape.vcpu });
  const maxTargetValueFor = targetCeilingFor(model);
  const space: SearchSpace = { mode: pool.scaler ? 'crema' : 'manual', concurrencyMax: conc.max, currentConcurrency: current.concurrency, maxInstancesFor: ceiling.maxInstancesFor, ...(maxTargetValueFor ? { maxTargetValueFor } : {}) };
  return { conc, ceiling, space, rateSec, concInput };
}
