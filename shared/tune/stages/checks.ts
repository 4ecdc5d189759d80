/**
 * Stage "checks": what the proposal must say about the model's fit and today's limits: today's config above a
 * downstream limit, a calibration off by more than CALIBRATION_TOLERANCE (low-confidence), and recorded expiries
 * the lease model does not reproduce. Words from numbers; pure.
 */
import type { Calibration } from '../schema.ts';
import { CALIBRATION_TOLERANCE } from '../../model/calibration.ts';
import type { PoolModel } from '../../model/pool-model.ts';

/** The most messages per second today's configuration can process: max instances × concurrency ÷ mean processing. */
export function downstreamWarning(model: PoolModel): string | undefined {
  const v = model.current;
  const cand = model.currentCandidate;
  const limit = model.downstreamLimitPerSec;
  if (!cand || !v.scaling || !model.workload || limit === undefined) return undefined;
  const maxInstances = v.scaling.mode === 'manual' ? v.scaling.instances : v.scaling.maxReplicas;
  const allowedPerSec = (maxInstances * cand.concurrency) / model.workload.processingMeanSec;
  if (!(allowedPerSec > limit)) return undefined;
  return `Today's config can process ${Math.round(allowedPerSec)} msg/s, above the downstream limit of ${limit} msg/s: the simulation holds its calls to the limit (slowed calls: each waits for the limiter while keeping its slot and lease; docs/simulator.md).`;
}

/** `sized`: false for a needs-metrics proposal (its status stays needs-metrics, so no low-confidence warning). */
export function calibrationChecks(model: PoolModel, calibration: Calibration | undefined, sized: boolean): { lowConfidence: boolean; warnings: string[] } {
  const warnings: string[] = [];
  const lowConfidence = sized && !!calibration && !calibration.withinTolerance;
  if (lowConfidence) warnings.push(`Low confidence: the model does not reproduce this pool's recording (${calibration!.summary}, more than ${CALIBRATION_TOLERANCE * 100}% off), so its predicted figures are not to be trusted. Check the declared limits, start-up time and processing time in pool-tuner.yaml.`);
  const expired = calibration?.rows.find((r) => r.figure === 'expiredRatio');
  if (expired && Math.abs(expired.simulated - expired.recorded) > 0.01 && (expired.simulated > 2 * expired.recorded || expired.recorded > 2 * expired.simulated)) {
    const pct = (x: number) => `${Number((x * 100).toPrecision(3))}%`;
    warnings.push(`Today's replay expires ${pct(expired.simulated)} of ack deadlines where the recording shows ${pct(expired.recorded)}: the lease model (${model.lease.leaseExtension ? 'extension on' : 'extension off, a delivery expires at the deadline'}) does not reproduce this pool's expiries, so its duplicate figures are ${expired.simulated > expired.recorded ? 'pessimistic' : 'optimistic'}. The per-minute expired_ack_deadlines_count beside the ack latencies of the same minutes would settle it.`);
  }
  return { lowConfidence, warnings };
}
