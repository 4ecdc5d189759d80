/**
 * Stage "hold": when the model does not reproduce the recording (calibration off by more than
 * CALIBRATION_TOLERANCE), a sizing change's benefit rests on the misfit, so concurrency and scaling stay as today
 * and only the subscription policies (whose benefit does not depend on the fit) are proposed. The sentence names the
 * sizing the model alone would have chosen and the one measurement that would settle the misfit (from the
 * calibration row that is furthest off, or what identification could not tell).
 */
import type { PoolModel } from '../../model/pool-model.ts';
import type { Calibration, PoolSettingsValues, Rationale } from '../schema.ts';
import { describeCandidate } from './describe.ts';

const MEASUREMENT: Record<Calibration['rows'][number]['figure'], string> = {
  meanInstances: 'the instance count at 1-minute resolution with the scaler settings that were in force during the recording (polling interval, target, behavior: the files may not be what ran)',
  p95Instances: 'the instance count at 1-minute resolution with the scaler settings that were in force during the recording (the files may not be what ran)',
  backlogP95: 'per-minute ack latencies (subscription/ack_latencies p50/p95/p99) for the busiest hour, to separate processing from waiting',
  oldestAgeP95Sec: 'per-minute ack latencies (subscription/ack_latencies) beside the oldest unacked age for the busiest hour, to separate processing from waiting',
  throughputPerSec: 'the downstream dependency\'s own rate limit (set downstreamLimitPerSec in pool-tuner.yaml)',
  expiredRatio: 'expired_ack_deadlines_count beside the clients\' lease settings (maxExtensionTime, streaming or unary pull)',
};

function settlingMeasurement(model: PoolModel, c: Calibration): string {
  const note = model.identification?.notes[0];
  if (note) return note;
  const worst = [...c.rows].filter((r) => r.error !== undefined).sort((a, b) => Math.abs(b.error!) - Math.abs(a.error!))[0];
  return worst ? `${MEASUREMENT[worst.figure]} would settle it` : 'a recording with per-minute instance counts would settle it';
}

const sizing = (v: Pick<PoolSettingsValues, 'concurrency' | 'scaling'>) =>
  v.scaling && v.concurrency !== undefined ? describeCandidate({ concurrency: v.concurrency, scaling: v.scaling }) : 'no sizing';

export function holdSizing(model: PoolModel, calibration: Calibration, wouldPropose: Pick<PoolSettingsValues, 'concurrency' | 'scaling'> | undefined): Rationale {
  return {
    setting: 'scaling',
    text: `Concurrency and scaling kept as today's (${sizing(model.current)}): the model does not reproduce this pool's recording (${calibration.summary}), so a sizing change's benefit would rest on the misfit${wouldPropose ? ` (the model alone would propose ${sizing(wouldPropose)})` : ''}; only the subscription policies, whose benefit does not depend on it, are proposed. ${settlingMeasurement(model, calibration)}.`,
  };
}
