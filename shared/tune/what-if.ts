/**
 * What-if: simulate a pool as configured and with some settings changed (`concurrency=32`, `target=20`, …),
 * same seed and trace for both, and return the figures side by side. Backs `pool-tuner simulate`.
 */
import type { Pool } from '../config/model.ts';
import type { Workspace } from '../config/workspace.ts';
import { CREMA_UNSET_POLLING_SEC, METRIC_INGESTION_DELAY_SEC } from '../rules/lib/limits.ts';
import { buildPoolModel, candidateOf, subscriptionOf, todayFigures } from '../model/pool-model.ts';
import { Evaluator, type SimContext } from './evaluate.ts';
import type { Figures, PoolSettingsValues } from './schema.ts';
import type { TuneOptions } from './tune.ts';
import { whatIfWarnings } from './what-if-warnings.ts';
import { buildWorkload, DECLARED_PROCESSING_CV, lognormalFromMean, type Workload } from './workload.ts';

/** Keys accepted by `--set key=value`, with what they change. */
export const WHAT_IF_KEYS = {
  concurrency: 'per-instance concurrency',
  instances: 'manual instance count (switches to manual scaling)',
  target: 'CREMA/KEDA target backlog per instance (value)',
  minReplicas: 'CREMA minReplicaCount',
  maxReplicas: 'CREMA maxReplicaCount',
  scaleDownWindow: 'scale-down stabilization window, seconds',
  ackDeadline: 'ackDeadlineSeconds',
  minBackoff: 'retryPolicy.minimumBackoff, seconds',
  maxBackoff: 'retryPolicy.maximumBackoff, seconds',
  attempts: 'deadLetterPolicy.maxDeliveryAttempts',
  rate: 'constant arrival rate, messages per second (replaces the metrics arrivals)',
  processing: 'mean processing time, seconds (lognormal, CV 1; replaces the metrics)',
  failure: 'share of deliveries that fail, 0-1',
} as const;
export type WhatIfKey = keyof typeof WHAT_IF_KEYS;

export class WhatIfError extends Error {
  constructor(readonly code: 'BAD_SETTING' | 'NO_WORKLOAD' | 'NOT_SIMULATABLE', message: string) {
    super(message);
    this.name = 'WhatIfError';
  }
}

/** Parses `key=value` pairs; throws WhatIfError naming the known keys on a bad one. */
export function parseWhatIf(pairs: readonly string[]): Partial<Record<WhatIfKey, number>> {
  const out: Partial<Record<WhatIfKey, number>> = {};
  for (const pair of pairs) {
    const m = /^([A-Za-z]+)=(.+)$/.exec(pair.trim());
    const key = m?.[1] as WhatIfKey | undefined;
    if (!m || !key || !(key in WHAT_IF_KEYS)) {
      throw new WhatIfError('BAD_SETTING', `'${pair}' is not key=value with a known key (${Object.keys(WHAT_IF_KEYS).join(', ')})`);
    }
    const v = Number(m[2]!.replace(/s$/, ''));
    if (!Number.isFinite(v) || v < 0) throw new WhatIfError('BAD_SETTING', `${key}=${m[2]}: a non-negative number is needed`);
    out[key] = v;
  }
  return out;
}

export interface WhatIfResult {
  pool: string;
  workload: { source: string; minutes: number; processingMeanSec: number };
  current: PoolSettingsValues;
  changed: PoolSettingsValues;
  currentFigures: Figures;
  predictedFigures: Figures;
  /** Where the what-if exceeds the downstream limits or the instance's CPU/memory (what-if-warnings.ts). */
  warnings: string[];
  /** Set when the pool's price is not known from the files (a GKE Pod): the cost figures compare settings only. */
  priceNote?: string;
}

function applySets(v: PoolSettingsValues, s: Partial<Record<WhatIfKey, number>>): PoolSettingsValues {
  const out: PoolSettingsValues = { ...v };
  if (s.concurrency !== undefined) out.concurrency = Math.max(1, Math.round(s.concurrency));
  if (s.instances !== undefined) out.scaling = { mode: 'manual', instances: Math.round(s.instances) };
  const crema = out.scaling?.mode === 'crema' ? { ...out.scaling } : undefined;
  if (crema) {
    if (s.target !== undefined) crema.targetValue = Math.max(1e-9, s.target);
    if (s.minReplicas !== undefined) crema.minReplicas = Math.round(s.minReplicas);
    if (s.maxReplicas !== undefined) crema.maxReplicas = Math.max(1, Math.round(s.maxReplicas));
    if (s.scaleDownWindow !== undefined) crema.scaleDownStabilizationSec = Math.round(s.scaleDownWindow);
    out.scaling = crema;
  } else if (s.target !== undefined || s.minReplicas !== undefined || s.maxReplicas !== undefined) {
    throw new WhatIfError('BAD_SETTING', 'target/minReplicas/maxReplicas need a pool scaled by CREMA/KEDA');
  }
  if (s.ackDeadline !== undefined) out.ackDeadlineSec = Math.round(s.ackDeadline);
  if (s.minBackoff !== undefined) out.minimumBackoffSec = s.minBackoff;
  if (s.maxBackoff !== undefined) out.maximumBackoffSec = s.maxBackoff;
  if (out.minimumBackoffSec !== undefined && out.maximumBackoffSec === undefined) out.maximumBackoffSec = 600;
  if (out.maximumBackoffSec !== undefined && out.minimumBackoffSec === undefined) out.minimumBackoffSec = 10;
  if (s.attempts !== undefined) out.maxDeliveryAttempts = Math.round(s.attempts);
  return out;
}

export function whatIf(ws: Workspace, pool: Pool, sets: Partial<Record<WhatIfKey, number>>, options: TuneOptions = {}): WhatIfResult {
  // The pool model (shared/model/pool-model.ts): the same workload, sample, lease calibration and seed as `tune`,
  // so the "current" column is today's figures exactly as every other command shows them.
  const model = buildPoolModel(ws, pool, options);
  let workload: Workload | undefined = model.workload;
  if (!workload && sets.processing !== undefined) {
    workload = buildWorkload({ source: options.metrics?.source ?? 'declared', figures: model.figures, declaredProcessingSec: sets.processing, startupSec: pool.settings?.startupTimeSec, downstreamLimitPerSec: model.downstreamLimitPerSec });
  }
  const reshaped = sets.rate !== undefined || sets.processing !== undefined || sets.failure !== undefined;
  if (workload && sets.processing !== undefined && model.workload) {
    // A processing override replaces the measured distribution too: lognormal with this mean, CV 1.
    const ln = lognormalFromMean(sets.processing, DECLARED_PROCESSING_CV);
    workload = { ...workload, serviceTime: { kind: 'lognormal', ...ln }, processingMeanSec: sets.processing, processingP99Sec: ln.p99Sec, processingCv: DECLARED_PROCESSING_CV, source: `${workload.source} + processing=${sets.processing}s` };
  }
  if (workload && sets.rate !== undefined) {
    const minutes = Math.max(60, workload.arrivalsPerMinute.length);
    workload = { ...workload, arrivalsPerMinute: new Array<number>(minutes).fill(sets.rate * 60), arrivalBasis: 'series', source: `${workload.source} + rate=${sets.rate}/s` };
  }
  if (workload && sets.failure !== undefined) workload = { ...workload, failureRatio: Math.min(0.99, sets.failure) };
  if (!workload || workload.arrivalsPerMinute.length === 0) {
    throw new WhatIfError('NO_WORKLOAD', `pool '${pool.name}' has no ${workload ? 'arrival rate' : 'processing time'}: pass --metrics FILE|live, or --set rate=MSG_PER_SEC${workload ? '' : ' --set processing=SECONDS'}`);
  }
  const current = model.current;
  if (!current.scaling) throw new WhatIfError('NOT_SIMULATABLE', `pool '${pool.name}' uses CPU autoscaling (or has no worker pool), which the simulator does not model: --set instances=N simulates manual scaling`);
  const changed = applySets(current, sets);
  // Lease extension off when the snapshot's expiries say so (pool-model.ts calibratedLeaseExtension); said in the
  // workload source, which every adapter already shows.
  const source = model.lease.short ? `${workload.source}; ${model.lease.short}` : workload.source;
  const base = model.baseCtx ?? {
    workload, slo: model.slo, shape: model.shape, seed: model.seed, simulateFn: options.simulateFn,
    crema: { pollingIntervalSec: CREMA_UNSET_POLLING_SEC, metricIngestionDelaySec: METRIC_INGESTION_DELAY_SEC },
  };
  const ctx = (v: PoolSettingsValues): SimContext => ({ ...base, workload: workload!, subscription: subscriptionOf(model, v) });
  const run = (v: PoolSettingsValues) => new Evaluator(ctx(v)).evaluate(candidateOf(v)!).figures;
  const today = !reshaped && pool.workerPool ? todayFigures(model) : undefined;
  return {
    pool: pool.name,
    workload: { source, minutes: workload.arrivalsPerMinute.length, processingMeanSec: workload.processingMeanSec },
    current, changed, currentFigures: today ?? run(current), predictedFigures: run(changed),
    warnings: whatIfWarnings(model, changed, workload.processingMeanSec),
    ...(model.unpriced ? { priceNote: `${model.unpriced} The cost figures use GKE Autopilot general-purpose rates (UNCONFIRMED) only to compare these settings.` } : {}),
  };
}
