/**
 * Predicted bands: a pool's configuration replayed over a workload on several seeds, each replay's observable
 * figures (observe.ts), and their 5th percentile, median and 95th percentile. This is how verify gets its
 * predictions and its replays of a new recording, and it has no simulation loop of its own: the pool model
 * (shared/model `buildPoolModel`: the same workload, sample, warm start, lease calibration and instance shape as
 * `tune` and `simulate`), the tuner's replays (`buildReplays`) and the model's replay loop (`replayResults`, with
 * the per-minute timeline on). Only the band shape differs from the tuner's (median/p95 of per-message figures):
 * verify's bands are 5–95% of figures a recording can show, the shape its records have always stored.
 */
import type { Pool } from '../config/model.ts';
import type { Workspace } from '../config/workspace.ts';
import type { MetricsView } from '../metrics/figures.ts';
import type { SimConfigInput, SimResult } from '../simulate/types.ts';
import { CLIENT_DEFAULT_MAX_MESSAGES } from '../rules/lib/limits.ts';
import { buildPoolModel, contextFor, DEFAULT_SEED } from '../model/pool-model.ts';
import { buildReplays, replayResults } from '../model/replays.ts';
import { currentValues, instanceShape } from '../tune/current.ts';
import { WhatIfError } from '../tune/what-if.ts';
import { arrivalSeriesOf } from '../tune/workload.ts';
import { observedFigures, seriesOfSimulation } from './observe.ts';
import { OBSERVABLE_FIGURES, type Band, type Bands, type ObservedFigures } from './schema.ts';

/** Seeds per band by default: enough for a 5–95% spread of seed-to-seed noise at a few seconds per pool. */
export const DEFAULT_REPLAYS = 5;
/** Resampled days added to a prediction (not to a replay of a new recording, which is replayed as it is). */
export const DEFAULT_PREDICTION_RESAMPLES = 4;

export interface ReplayOptions {
  replays?: number;
  /** First seed; replays use firstSeed, firstSeed + 1, … */
  firstSeed?: number;
  leaseExtension?: boolean;
  /** Block-bootstrapped days of the recording on top of the seeds (predictions: another day's traffic). */
  resamples?: number;
  /** Messages per replay before a long window is sampled as the tuner samples it (default the tuner's budget; 0 = all). */
  simBudgetMessages?: number;
  /** Injected for tests; defaults to the shared simulator. */
  simulateFn?: (config: SimConfigInput) => SimResult;
}

export interface Replays {
  bands: Bands;
  runs: ObservedFigures[];
  processingMeanSec: number;
}

/** Linear-interpolated quantile of sorted values (Hyndman & Fan type 7, the spreadsheet default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function bandOf(values: readonly number[]): Band {
  const s = [...values].sort((a, b) => a - b);
  return { low: quantile(s, 0.05), median: quantile(s, 0.5), high: quantile(s, 0.95) };
}

/**
 * Replays `pool` as configured in `ws` over the workload of `metrics` (arrivals, processing time and failures of
 * that recording): the model's replays (the recording, or its sample for the simulation budget, with `replays`
 * seeds, plus `resamples` block-bootstrapped days; never the growth stress, which is a margin, not a prediction).
 * Throws `WhatIfError` when there is no workload to replay or the scaling is not simulated.
 */
export function replay(ws: Workspace, pool: Pool, metrics: MetricsView | undefined, options: ReplayOptions = {}): Replays {
  const n = Math.max(1, options.replays ?? DEFAULT_REPLAYS);
  const first = options.firstSeed ?? DEFAULT_SEED;
  const model = buildPoolModel(ws, pool, { metrics, arrivalSeries: arrivalSeriesOf(metrics), seed: first, leaseExtension: options.leaseExtension, simBudgetMessages: options.simBudgetMessages, simulateFn: options.simulateFn });
  const ctx = contextFor(model, model.current);
  if (!ctx || !model.recorded || !model.workload || model.workload.arrivalsPerMinute.length === 0) {
    throw new WhatIfError('NO_WORKLOAD', `pool '${pool.name}' has no ${model.workload ? 'arrival rate' : 'processing time'}: pass --metrics FILE|live, or --set rate=MSG_PER_SEC${model.workload ? '' : ' --set processing=SECONDS'}`);
  }
  if (!model.currentCandidate) throw new WhatIfError('NOT_SIMULATABLE', `pool '${pool.name}' uses CPU autoscaling (or has no worker pool), which the simulator does not model`);
  // The verify-facing SLO and shape: the declared SLO only (no default wait target) and the files' shape.
  const shape = instanceShape(pool, ws.settings?.settings);
  const slo = pool.settings?.slo ?? {};
  const concurrency = currentValues(pool).concurrency ?? CLIENT_DEFAULT_MAX_MESSAGES;
  const draws = buildReplays(model.recorded.arrivalsPerMinute, model.workload.arrivalsPerMinute, first, { seeds: n, resamples: options.resamples ?? 0, trafficGrowth: 0, growthReplays: 0, sloMetShareMin: 0.95 });
  const observed = replayResults(ctx, model.currentCandidate, draws, (r) => {
    // The recording covers the arrival window only: drop the drain the simulator adds after it.
    const minutes = Math.round(r.horizonSec / 60);
    return observedFigures(seriesOfSimulation({ ...r, timeline: r.timeline.slice(0, minutes) }), { concurrency, shape, slo });
  }, { timeline: true });
  const runs = observed.filter((f): f is ObservedFigures => f !== undefined);
  const figures = Object.fromEntries(OBSERVABLE_FIGURES.map((k) => [k, bandOf(runs.map((f) => f[k]))])) as Bands['figures'];
  const resampled = draws.length - n;
  return {
    runs,
    processingMeanSec: model.workload.processingMeanSec,
    bands: {
      basis: `${n} seed${n === 1 ? '' : 's'}${resampled ? ` + ${resampled} resampled day${resampled === 1 ? '' : 's'}` : ''} of ${model.sampleNote ? `a ${model.workload.arrivalsPerMinute.length}-minute systematic sample of ` : ''}${metrics?.source ?? 'the declared workload'}`,
      replays: runs.length,
      figures,
      sloMetShare: runs.length ? runs.filter((f) => f.sloMet).length / runs.length : 0,
    },
  };
}
