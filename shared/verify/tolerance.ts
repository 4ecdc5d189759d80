/**
 * When an observation counts as inside a predicted band (`verdictOf`), and when a configuration re-simulated on new
 * traffic still holds (`HOLDS_SLO_SHARE`, `costCeiling`): the thresholds `pool-tuner verify` and the
 * `traffic-drift` rule share, so the two never disagree.
 */
import type { Band, Bands, ObservableFigure, Verdict } from './schema.ts';

/**
 * Tolerance around a band: seed-to-seed spread over a handful of replays understates the spread of a real day,
 * so a figure counts as inside when within `relative` of the band's ends, or `absolute` (its unit).
 */
export const TOLERANCE: Record<ObservableFigure, { relative: number; absolute: number }> = {
  queueWaitP95Sec: { relative: 0.15, absolute: 1 },
  // A day's largest age is an extreme value (one message): its spread between days exceeds what a few replays show.
  maxMessageAgeSec: { relative: 0.4, absolute: 10 },
  duplicateRatio: { relative: 0.15, absolute: 0.002 },
  deadLetterRatio: { relative: 0.15, absolute: 0.0005 },
  meanInstances: { relative: 0.1, absolute: 0.25 },
  costUsdPerMonth: { relative: 0.1, absolute: 0 },
};

/** Share of replays on the new traffic that must meet the SLO for the proposal to still hold. */
export const HOLDS_SLO_SHARE = 0.8;

/** Monthly cost of one instance in a set of bands (median cost ÷ median instances); 0 without instances. */
export function costPerInstance(b: Pick<Bands['figures'], 'costUsdPerMonth' | 'meanInstances'>): number {
  return b.meanInstances.median > 0 ? b.costUsdPerMonth.median / b.meanInstances.median : 0;
}

export function verdictOf(figure: ObservableFigure, observed: number, band: Band, costPerInstanceUsd = 0): Verdict {
  const t = TOLERANCE[figure];
  const abs = figure === 'costUsdPerMonth' ? costPerInstanceUsd * TOLERANCE.meanInstances.absolute : t.absolute;
  if (observed > band.high * (1 + t.relative) + abs) return 'worse';
  if (observed < band.low * (1 - t.relative) - abs) return 'better';
  return 'inside';
}

/** The highest monthly cost still inside the predicted cost band (its tolerance included). */
export function costCeiling(predicted: Bands['figures']): number {
  return predicted.costUsdPerMonth.high * (1 + TOLERANCE.costUsdPerMonth.relative) + costPerInstance(predicted) * TOLERANCE.meanInstances.absolute;
}
