/**
 * `tune()`: for each pool, the cheapest configuration that meets its SLO, as a `Proposal`. A pipeline of small
 * stages over the pool model (docs/tuner.md):
 *   identify (model/identify.ts, in buildPoolModel) → policies (stages/policies.ts) → bounds (stages/bounds.ts)
 *   → screen on one replay (stages/screen.ts) → confirm on replays (stages/confirm.ts) → modes / best under the
 *   limits (stages/size.ts, stages/infeasible-stage.ts) → checks (stages/checks.ts) → edits (edits.ts).
 * Every sentence is rendered from the chosen data in those stages. Pure: metrics come in as a `MetricsView` and
 * optional per-minute series; nothing is read or written here.
 */
import type { Pool } from '../config/model.ts';
import type { Workspace } from '../config/workspace.ts';
import type { MetricsView } from '../metrics/figures.ts';
import type { SimConfigInput, SimResult } from '../simulate/types.ts';
import { buildEdits, proposalId, renderEdits } from './edits.ts';
import { DEFAULT_WAIT_TARGET_SEC } from './search.ts';
import type { PoolSettingsValues, Proposal, TuneOutput } from './schema.ts';
import { arrivalStats } from './workload.ts';
import { buildPoolModel, contextFor, type PoolModel } from '../model/pool-model.ts';
import { calibrate } from '../model/calibration.ts';
import type { ReplaySettings } from '../model/bands-schema.ts';
import { proposePolicies } from './stages/policies.ts';
import { sizePool, type SizeStage } from './stages/size.ts';
import { calibrationChecks, downstreamWarning } from './stages/checks.ts';
import { holdSizing } from './stages/low-confidence.ts';
import { Evaluator } from './evaluate.ts';

export { replaySettingsOf } from './replay-settings.ts';
export { confirmOnReplays, MAX_FINALISTS, SLO_TIGHTEN, MAX_TIGHTEN_ROUNDS } from './stages/confirm.ts';
export { NEAR_TIE } from './stages/screen.ts';

export interface TuneOptions {
  metrics?: MetricsView;
  /** Per-minute published counts for a pool over the metrics window, when the source has the series. */
  arrivalSeries?: (pool: string) => readonly number[] | undefined;
  /** Only this pool (exact name). */
  pool?: string;
  seed?: number;
  /**
   * false: model clients that do not extend leases (non-streaming pull): expiries then follow the ack deadline.
   * true or unset: extension on, unless the pool's metrics show it off (`calibratedLeaseExtension`; the CLI passes
   * true when --no-lease-extension is absent, so true cannot mean "force on").
   */
  leaseExtension?: boolean;
  /** Messages per simulation before the window is sampled (default DEFAULT_SIM_BUDGET_MESSAGES; 0 = no limit). */
  simBudgetMessages?: number;
  simulateFn?: (config: SimConfigInput) => SimResult;
  /** Replays that confirm finalists (overrides pool-tuner.yaml `tuner`); `seeds: 1, resamples: 0, growthReplays: 0` = one replay. */
  replays?: Partial<ReplaySettings>;
  /** false: skip the comparison of scaling modes (manual, CREMA, CPU autoscaling; modes.ts). Default true. */
  compareModes?: boolean;
}

export function tune(ws: Workspace, options: TuneOptions = {}): TuneOutput {
  return tuneOutput(tunablePools(ws, options.pool).map((p) => tunePool(ws, p, options)), options.metrics?.source);
}

/** The pools `tune` sizes: the one named, or every pool with a worker pool or a scaler. */
export function tunablePools(ws: Workspace, name?: string): Pool[] {
  return ws.pools.filter((p) => (name ? p.name === name : p.workerPool || p.scaler));
}

/** The versioned output around per-pool proposals (also assembled by the CLI from proposals tuned in parallel). */
export function tuneOutput(proposals: Proposal[], metricsSource: string | undefined): TuneOutput {
  // Pools without a known price (GKE without gkePricing) are left out of the dollar totals; the renderers name them.
  const both = proposals.filter((p) => p.currentFigures && p.predictedFigures && !p.unpriced);
  const notCounted = proposals.filter((p) => !both.includes(p)).map((p) => ({
    pool: p.pool,
    reason: p.unpriced ? 'price not known' : !p.currentFigures ? `no simulated figures (${p.status})` : 'no proposed figures',
  }));
  return {
    version: 1,
    tool: 'pool-tuner',
    metricsSource: metricsSource ?? 'declared',
    pools: proposals,
    totals: {
      ...(both.length ? {
        currentCostUsdPerMonth: both.reduce((a, p) => a + p.currentFigures!.costUsdPerMonth, 0),
        proposedCostUsdPerMonth: both.reduce((a, p) => a + p.predictedFigures!.costUsdPerMonth, 0),
      } : {}),
      pools: both.map((p) => p.pool),
      notCounted,
    },
  };
}

export function tunePool(ws: Workspace, pool: Pool, options: TuneOptions = {}): Proposal {
  return tunePoolModel(ws, buildPoolModel(ws, pool, options), options);
}

/** Tunes a pool from its model (shared/model/pool-model.ts): the same object every other figure comes from. */
/** Tunes a pool from its model (shared/model/pool-model.ts): the same object every other figure comes from. */
export function tunePoolModel(ws: Workspace, model: PoolModel, options: TuneOptions = {}): Proposal {
  const { pool, workload, current } = model;
  const warnings = modelWarnings(model);
  const policies = proposePolicies(model, model.slo);
  warnings.push(...policies.warnings);
  const withPolicies: PoolSettingsValues = { ...current, ...policies.values };
  const sizable = !!workload && workload.arrivalsPerMinute.length > 0 && !!pool.workerPool;
  const size: SizeStage | undefined = sizable ? sizePool(ws, model, withPolicies, options) : undefined;
  if (!size) warnings.push(needsMetricsWarning(model));
  else {
    warnings.push(...size.warnings);
    const dw = downstreamWarning(model);
    if (dw) warnings.push(dw);
  }
  const calibration = workload && pool.workerPool ? calibrate(model, options.metrics) : undefined;
  const checks = calibrationChecks(model, calibration, !!size);
  warnings.push(...checks.warnings);
  // Low confidence: only changes whose benefit does not rest on the misfit (the policies); sizing stays today's.
  const hold = checks.lowConfidence && size && model.currentCandidate ? holdSizing(model, calibration!, size.scaling) : undefined;
  const recommended: PoolSettingsValues = { ...withPolicies, ...(hold ? {} : size?.scaling) };
  const predictedFigures = hold ? new Evaluator(contextFor(model, withPolicies)!).evaluate(model.currentCandidate!).figures : size?.predictedFigures;
  let status: Proposal['status'] = !size ? 'needs-metrics' : checks.lowConfidence ? 'low-confidence' : size.status;
  const plan = buildEdits(ws, pool, current, recommended);
  warnings.push(...plan.warnings);
  const rendered = renderEdits(ws, plan.edits);
  if (status === 'proposed' && plan.edits.length === 0 && plan.warnings.length === 0) status = 'no-change';
  const fullStats = model.recorded ? arrivalStats(model.recorded.arrivalsPerMinute) : undefined;
  return {
    id: proposalId(pool.name, plan.edits, rendered.baseFileHashes),
    pool: pool.name,
    status,
    slo: pool.settings?.slo ?? {},
    workload: {
      source: workload?.source ?? 'declared',
      windowSec: (fullStats?.minutes ?? 0) * 60,
      meanArrivalPerSec: fullStats && fullStats.minutes ? fullStats.meanPerSec : undefined,
      peakArrivalPerSec: fullStats && fullStats.minutes ? fullStats.peakPerSec : undefined,
      processingMeanSec: workload?.processingMeanSec,
      processingP99Sec: workload?.processingP99Sec,
      failureRatio: workload?.failureRatio,
    },
    current,
    recommended,
    currentFigures: size?.currentFigures,
    predictedFigures,
    ...(model.unpriced ? { unpriced: model.unpriced } : {}),
    ...(model.identification ? { identification: model.identification } : {}),
    ...(calibration ? { calibration } : {}),
    ...(size?.feasibility ? { feasibility: size.feasibility } : {}),
    ...(size?.mixedWork && !hold ? { mixedWork: size.mixedWork } : {}),
    ...(size?.bands.current ? { currentBands: size.bands.current } : {}),
    ...(size?.bands.predicted && !hold ? { predictedBands: size.bands.predicted } : {}),
    ...(size?.scalingModes ? { scalingModes: size.scalingModes } : {}),
    ...(size?.schedule && !hold ? { schedule: size.schedule } : {}),
    rationale: [...(hold ? [hold] : size?.lead ?? []), ...policies.rationale, ...(hold ? [] : size?.tail ?? [])],
    warnings,
    edits: plan.edits,
    diff: rendered.diff,
    baseFileHashes: rendered.baseFileHashes,
    search: size?.search,
  };
}

/** What the model itself must say before any sizing: the sample, a defaulted SLO, a corrected or unpriced shape. */
function modelWarnings(model: PoolModel): string[] {
  const out: string[] = model.sampleNote ? [model.sampleNote] : [];
  if (model.sloDefaulted) out.push(`No SLO in pool-tuner.yaml: sized for a ${DEFAULT_WAIT_TARGET_SEC} s p95 queue wait (set pools.${model.pool.name}.slo).`);
  if (model.shapeCorrection) out.push(model.shapeCorrection);
  if (model.unpriced) out.push(`${model.unpriced} Its cost figures use GKE Autopilot general-purpose rates (UNCONFIRMED) only to compare settings of this pool, not as its price.`);
  return out;
}

function needsMetricsWarning(model: PoolModel): string {
  return !model.pool.workerPool
    ? 'No WorkerPool YAML for this pool in the inputs: concurrency and scaling need it (containers, resources); only subscription policies were tuned.'
    : !model.workload
      ? 'No processing time (metrics or pools.<name>.processingTimeSec): only the dead-letter and retry policies were tuned.'
      : 'No arrival rate: concurrency and scaling need metrics (--metrics FILE|live); only subscription policies were tuned.';
}

export { calibratedLeaseExtension, LEASE_CALIBRATION_REDELIVERY_RATIO, DEFAULT_SEED } from '../model/pool-model.ts';
