/**
 * Predicted bands: a pool's configuration replayed over a workload on several seeds, each replay's observable
 * figures (observe.ts), and their 5th percentile, median and 95th percentile. This is the one adapter through
 * which verify gets its predictions and its replays of a new recording: the simulation goes through `whatIf`
 * (the same workload, lease calibration and instance shape as `pool-tuner simulate`), with the timeline on.
 */
import type { Pool } from '../config/model.ts';
import type { Workspace } from '../config/workspace.ts';
import type { MetricsView } from '../metrics/figures.ts';
import { simulate } from '../simulate/index.ts';
import type { SimConfigInput, SimResult } from '../simulate/types.ts';
import { CLIENT_DEFAULT_MAX_MESSAGES } from '../rules/lib/limits.ts';
import { currentValues, instanceShape } from '../tune/current.ts';
import { DEFAULT_SEED } from '../tune/tune.ts';
import { whatIf } from '../tune/what-if.ts';
import { arrivalSeriesOf, DEFAULT_SIM_BUDGET_MESSAGES, sampleForBudget } from '../tune/workload.ts';
import { buildReplays } from '../model/replays.ts';
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
 * that recording). The replays are the tuner's (shared/model `buildReplays`): the recording (or its sample for the
 * simulation budget) with `replays` seeds, plus `resamples` block-bootstrapped days; never the growth stress, which
 * is a margin, not a prediction. Throws `WhatIfError` when there is no workload to replay.
 */
export function replay(ws: Workspace, pool: Pool, metrics: MetricsView | undefined, options: ReplayOptions = {}): Replays {
  const n = Math.max(1, options.replays ?? DEFAULT_REPLAYS);
  const first = options.firstSeed ?? DEFAULT_SEED;
  const shape = instanceShape(pool, ws.settings?.settings);
  const slo = pool.settings?.slo ?? {};
  const concurrency = currentValues(pool).concurrency ?? CLIENT_DEFAULT_MAX_MESSAGES;
  const run = options.simulateFn ?? simulate;
  const full = arrivalSeriesOf(metrics)?.(pool.name) ?? [];
  // A long, busy window is replayed as the tuner replays it: a systematic sample of 10-minute segments.
  const sample = sampleForBudget(full, options.simBudgetMessages ?? DEFAULT_SIM_BUDGET_MESSAGES);
  const draws: { seed: number; arrivals?: number[] }[] = full.length
    ? buildReplays(full, sample.arrivalsPerMinute, first, { seeds: n, resamples: options.resamples ?? 0, trafficGrowth: 0, growthReplays: 0, sloMetShareMin: 0.95 }).map((r) => ({ seed: r.seed, arrivals: r.arrivalsPerMinute }))
    : Array.from({ length: n }, (_, i) => ({ seed: first + i }));
  const runs: ObservedFigures[] = [];
  let processingMeanSec = 0;
  for (const draw of draws) {
    // whatIf simulates "current" and "changed"; with no change both are this config: simulate it once.
    let captured: { key: string; result: SimResult } | undefined;
    const simulateFn = (config: SimConfigInput): SimResult => {
      const key = JSON.stringify(config);
      if (captured?.key !== key) captured = { key, result: run({ ...config, arrivalsPerMinute: draw.arrivals ?? config.arrivalsPerMinute, timeline: true }) };
      return captured.result;
    };
    const res = whatIf(ws, pool, {}, { metrics, arrivalSeries: arrivalSeriesOf(metrics), seed: draw.seed, leaseExtension: options.leaseExtension, simulateFn });
    processingMeanSec = res.workload.processingMeanSec;
    const r = captured!.result;
    // The recording covers the arrival window only: drop the drain the simulator adds after it.
    const minutes = Math.round(r.horizonSec / 60);
    const series = seriesOfSimulation({ ...r, timeline: r.timeline.slice(0, minutes) });
    const f = observedFigures(series, { concurrency, shape, slo });
    if (f) runs.push(f);
  }
  const figures = Object.fromEntries(OBSERVABLE_FIGURES.map((k) => [k, bandOf(runs.map((f) => f[k]))])) as Bands['figures'];
  const resampled = draws.length - n;
  return {
    runs,
    processingMeanSec,
    bands: {
      basis: `${n} seed${n === 1 ? '' : 's'}${resampled ? ` + ${resampled} resampled day${resampled === 1 ? '' : 's'}` : ''} of ${sample.note ? `a ${sample.arrivalsPerMinute.length}-minute systematic sample of ` : ''}${metrics?.source ?? 'the declared workload'}`,
      replays: runs.length,
      figures,
      sloMetShare: runs.length ? runs.filter((f) => f.sloMet).length / runs.length : 0,
    },
  };
}
