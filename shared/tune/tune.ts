/**
 * `tune()`: for each pool, the cheapest configuration that meets its SLO, as a `Proposal` with recommended and
 * current values, simulated figures for both (same seed, same trace), one-sentence reasons with the numbers, and
 * the edits + unified diff that would apply it. Pure: metrics come in as a `MetricsView` and optional per-minute
 * series; nothing is read or written here.
 */
import type { Pool } from '../config/model.ts';
import type { PoolSlo } from '../config/settings-schema.ts';
import type { Workspace } from '../config/workspace.ts';
import type { MetricsView } from '../metrics/figures.ts';
import type { SimConfigInput, SimResult } from '../simulate/types.ts';
import { concurrencyCeiling } from './concurrency.ts';
import { instanceCeiling, primarySubscription, rateBasis } from './current.ts';
import { BEST_EFFORT_SLACK, bestUnderLimits, feasibilityOf, feasibleDownstreamLimit } from './infeasible.ts';
import { ratePerInstancePerSec } from '../model/cpu.ts';
import { buildEdits, proposalId, renderEdits } from './edits.ts';
import { Evaluator, type Candidate } from './evaluate.ts';
import { proposeAckDeadline, proposeRetry } from './policy.ts';
import { explainScaling } from './rationale.ts';
import { DEFAULT_WAIT_TARGET_SEC, searchCheapest, type SearchSpace } from './search.ts';
import type { PoolSettingsValues, Proposal, Rationale, TuneOutput } from './schema.ts';
import { arrivalStats } from './workload.ts';
import { RobustEvaluator, robustGridContext } from './robust.ts';
import { compareModes, CPU_DEFAULTS } from './modes.ts';
import type { ModeComparison } from './modes-schema.ts';
import { CREMA_UNSET_POLLING_SEC, METRIC_INGESTION_DELAY_SEC } from '../rules/lib/limits.ts';
import { buildPoolModel, contextFor, todayFigures, type PoolModel } from '../model/pool-model.ts';
import { calibrate, CALIBRATION_TOLERANCE } from '../model/calibration.ts';
import { buildReplays, replayBands, type Replay } from '../model/replays.ts';
import { DEFAULT_REPLAY_SETTINGS, type PredictedBands, type ReplaySettings } from '../model/bands-schema.ts';
import type { TunerSettings } from '../config/settings-schema.ts';

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

/** The replay settings in force: defaults, then pool-tuner.yaml `tuner`, then the caller's options. */
export function replaySettingsOf(settings: TunerSettings | undefined, override?: Partial<ReplaySettings>): ReplaySettings {
  return {
    ...DEFAULT_REPLAY_SETTINGS,
    ...(settings?.trafficGrowth !== undefined ? { trafficGrowth: settings.trafficGrowth } : {}),
    ...(settings?.sloMetShareMin !== undefined ? { sloMetShareMin: settings.sloMetShareMin } : {}),
    ...(settings?.replaySeeds !== undefined ? { seeds: settings.replaySeeds } : {}),
    ...(settings?.replayResamples !== undefined ? { resamples: settings.replayResamples } : {}),
    ...override,
  };
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
export function tunePoolModel(ws: Workspace, model: PoolModel, options: TuneOptions = {}): Proposal {
  const pool = model.pool;
  const seed = model.seed;
  const figures = model.figures;
  const built = model.recorded;
  const workload = model.workload;
  const declaredSlo = pool.settings?.slo ?? {};
  const warnings: string[] = model.sampleNote ? [model.sampleNote] : [];
  const slo: PoolSlo = model.slo;
  if (model.sloDefaulted) {
    warnings.push(`No SLO in pool-tuner.yaml: sized for a ${DEFAULT_WAIT_TARGET_SEC} s p95 queue wait (set pools.${pool.name}.slo).`);
  }
  const current = model.current;
  const sub = primarySubscription(pool);
  const rationale: Rationale[] = [];
  const recommended: PoolSettingsValues = { ...current };
  const shape = model.shape;
  if (model.shapeCorrection) warnings.push(model.shapeCorrection);
  if (model.unpriced) warnings.push(`${model.unpriced} Its cost figures use GKE Autopilot general-purpose rates (UNCONFIRMED) only to compare settings of this pool, not as its price.`);

  // Subscription policy: ack deadline, retry, attempts, DLQ.
  if (sub && workload) {
    const ack = proposeAckDeadline(workload.processingP99Sec, workload.processingBasis, current.ackDeadlineSec ?? 10, sub.exactlyOnce);
    recommended.ackDeadlineSec = ack.ackDeadlineSec;
    rationale.push({ setting: 'ackDeadlineSec', text: ack.text });
  }
  if (sub) {
    const retry = proposeRetry(workload?.failureRatio ?? 0, workload?.processingP99Sec ?? 0, slo.maxMessageAgeSec, current);
    if (!sub.hasRetryPolicy) {
      recommended.minimumBackoffSec = retry.minimumBackoffSec;
      recommended.maximumBackoffSec = retry.maximumBackoffSec;
      rationale.push({ setting: 'retryPolicy', text: retry.text.retry });
    }
    if (current.maxDeliveryAttempts !== retry.maxDeliveryAttempts || !sub.hasDeadLetterPolicy) {
      recommended.maxDeliveryAttempts = retry.maxDeliveryAttempts;
      rationale.push({ setting: 'maxDeliveryAttempts', text: retry.text.attempts });
    }
    if (sub.hasDeadLetterPolicy && sub.deadLetterTopic && sub.deadLetterTopic === sub.topic) {
      // Never the source topic: Pub/Sub requires a different dead-letter topic (rule dlq-same-as-source-topic).
      recommended.deadLetterTopic = `${sub.topic}-dlq`;
      rationale.push({ setting: 'deadLetterTopic', text: `Dead-letter into ${recommended.deadLetterTopic}, not the source topic ${sub.topic}: Pub/Sub requires a different topic (https://cloud.google.com/pubsub/docs/handling-failures). A message is parked there after ${recommended.maxDeliveryAttempts ?? current.maxDeliveryAttempts ?? retry.maxDeliveryAttempts} attempts. Create the topic and a subscription on it (messages to a topic without one are lost; in a YAML subscription file the proposal adds that subscription), and grant the Pub/Sub service agent publish on it.` });
    }
    if (!sub.hasDeadLetterPolicy) {
      recommended.deadLetterTopic = `${sub.topic ?? sub.name}-dlq`;
      rationale.push({ setting: 'deadLetterTopic', text: `Add dead-letter topic ${recommended.deadLetterTopic}: a poison message is parked there after ${retry.maxDeliveryAttempts} attempts; without one it is redelivered until it ages out of retention. Create the topic, a subscription on it (messages to a topic without one are lost), and grant the Pub/Sub service agent publish on it and subscribe on ${sub.name} (docs/sources.md#dead-letter-topics).` });
    }
  }

  let status: Proposal['status'] = 'proposed';
  let currentFigures: Proposal['currentFigures'];
  let predictedFigures: Proposal['predictedFigures'];
  let search: Proposal['search'];
  let scalingModes: ModeComparison | undefined;
  let feasibility: Proposal['feasibility'];
  const bands: { current?: PredictedBands; predicted?: PredictedBands } = {};
  const stats = workload ? arrivalStats(workload.arrivalsPerMinute) : undefined;
  const fullStats = built ? arrivalStats(built.arrivalsPerMinute) : undefined;
  if (!workload || !stats || stats.minutes === 0 || !pool.workerPool) {
    status = 'needs-metrics';
    warnings.push(!pool.workerPool
      ? 'No WorkerPool YAML for this pool in the inputs: concurrency and scaling need it (containers, resources); only subscription policies were tuned.'
      : !workload
        ? 'No processing time (metrics or pools.<name>.processingTimeSec): only the dead-letter and retry policies were tuned.'
        : 'No arrival rate: concurrency and scaling need metrics (--metrics FILE|live); only subscription policies were tuned.');
  } else {
    const rateSec = rateBasis(pool.settings?.processingTimeSec, workload.processingMeanSec).sec;
    const concInput = {
      vcpu: shape.vcpu, memoryMiB: shape.memoryGiB * 1024, gpu: shape.gpuCount > 0, currentConcurrency: current.concurrency,
      meanProcessingSec: workload.processingMeanSec, figures, downstreamMaxInFlight: pool.settings?.downstreamMaxInFlight,
      fits: model.fits,
    };
    const conc = concurrencyCeiling({
      ...concInput,
      ...(pool.settings?.downstreamLimitPerSec !== undefined ? { downstreamLimitPerSec: pool.settings.downstreamLimitPerSec, downstreamRateSec: rateSec } : {}),
    });
    const ceiling = instanceCeiling(pool, workload.processingMeanSec, { cpu: model.cpu, vcpu: shape.vcpu });
    const mode: SearchSpace['mode'] = pool.scaler ? 'crema' : 'manual';
    if (model.lease.warning) warnings.push(model.lease.warning);
    const proposedEval = new Evaluator(contextFor(model, recommended)!);
    const space: SearchSpace = { mode, concurrencyMax: conc.max, currentConcurrency: current.concurrency, maxInstancesFor: ceiling.maxInstancesFor };
    const result = searchCheapest(proposedEval.ctx, space, proposedEval);
    search = { simulations: result.simulations, pruned: result.gridSize - result.simulations, seed };
    const currentCand = model.currentCandidate;
    // Today's figures: the one computation every command, tool and hover reads (pool-model.ts).
    if (currentCand) currentFigures = todayFigures(model);
    else warnings.push('The current scaling (CPU autoscaling, or no worker pool) is not simulated: no current figures.');
    let chosen = result.best;
    // Minimal change first: today's sizing clamped to the ceilings (concurrency; instances or maxReplicas by the
    // downstream limits), kept when it meets the SLO within NEAR_TIE of the optimum's cost (differences that
    // small are within the simulation's noise).
    const minimal = currentCand ? clampToCeilings(currentCand, conc.max, ceiling.maxInstancesFor) : undefined;
    let kept: { optimum: NonNullable<typeof chosen>; tolerance: number } | undefined;
    if (minimal && result.best) {
      const same = proposedEval.evaluate(minimal);
      if (same.figures.sloMet && same.figures.costUsdPerMonth <= result.best.figures.costUsdPerMonth * (1 + NEAR_TIE) + 1e-9) {
        if (same !== result.best) kept = { optimum: result.best, tolerance: NEAR_TIE };
        chosen = same;
      }
    }
    const replaySettings = replaySettingsOf(ws.settings?.settings.tuner, options.replays);
    const replays = buildReplays(built!.arrivalsPerMinute, workload.arrivalsPerMinute, seed, replaySettings);
    let predictedBands: PredictedBands | undefined;
    if (chosen) {
      // The rules' floors (one model with review): a scaler never waits out fewer than the metric delay before
      // scaling down (rule scale-down-stabilization-too-short), and a pool whose wait SLO is shorter than a cold
      // wake-up keeps one warm instance (rule min-instances-zero-with-latency-slo).
      const floored = ruleFloors(chosen.candidate, pool);
      if (floored !== chosen.candidate) {
        const ev = proposedEval.evaluate(floored);
        if (ev.figures.sloMet) {
          chosen = ev;
          kept = undefined;
        }
      }
    }
    if (chosen) {
      const robust = confirmOnReplays(proposedEval, space, result.evaluations, chosen, replays, replaySettings.sloMetShareMin);
      if (robust.chosen !== chosen) kept = undefined;
      chosen = robust.chosen;
      predictedBands = robust.bands;
      if (robust.warning) warnings.push(robust.warning);
    }
    if (chosen && predictedBands && options.compareModes !== false) {
      const wp = pool.workerPool;
      const cpuToday = !pool.scaler && wp.scalingMode === 'automatic' && wp.cpuTarget !== 'disabled';
      scalingModes = compareModes({
        ev: proposedEval, space, chosen: { evaluation: chosen, sloMetShare: predictedBands.sloMetShare }, replays, minShare: replaySettings.sloMetShareMin,
        currentMode: pool.scaler ? 'crema' : cpuToday ? 'cpu' : 'manual',
        ...(cpuToday ? { currentCpu: { targetUtilization: typeof wp.cpuTarget === 'number' ? wp.cpuTarget : CPU_DEFAULTS.targetUtilization, minInstances: wp.minInstances ?? CPU_DEFAULTS.minInstances, maxInstances: wp.maxInstances ?? CPU_DEFAULTS.maxInstances } } : {}),
      });
      if (scalingModes.recommended !== space.mode) rationale.push({ setting: 'scalingMode', text: scalingModes.why });
    }
    // Today's bands: the baseline a verification compares with, and the "current" column beside the proposal's.
    if (currentCand) bands.current = replayBands(contextFor(model, current)!, currentCand, replays);
    if (chosen) {
      bands.predicted = predictedBands;
      recommended.concurrency = chosen.candidate.concurrency;
      recommended.scaling = chosen.candidate.scaling;
      predictedFigures = chosen.figures;
      rationale.unshift(...explainScaling({ workload, stats, slo, conc, ceiling: ceiling.text, ceilingNote: ceiling.note, chosen, current, currentFigures, search: result, shape, sampled: model.sampleNote !== undefined, kept }));
    } else if (result.bestEffort) {
      // Infeasible: the best configuration under the hard limits (downstream caps first), with its figures, and
      // what would make the SLO feasible (infeasible.ts).
      status = 'infeasible';
      const strongest = result.bestEffort;
      let best = bestUnderLimits(proposedEval, space, strongest);
      const floored = ruleFloors(best.candidate, pool);
      if (floored !== best.candidate) best = proposedEval.evaluate(floored);
      recommended.concurrency = best.candidate.concurrency;
      recommended.scaling = best.candidate.scaling;
      predictedFigures = best.figures;
      bands.predicted = replayBands(proposedEval.ctx, best.candidate, replays);
      const limit = pool.settings?.downstreamLimitPerSec;
      const cpuOf = { cpu: model.cpu, vcpu: shape.vcpu };
      const feasibleLimit = limit === undefined ? undefined : feasibleDownstreamLimit(limit, (l) => {
        const atPool: Pool = { ...pool, settings: { ...pool.settings!, downstreamLimitPerSec: l } };
        // A counterfactual: the recorded backlog (warm start, segment joins) built up under today's limit, so the
        // replay at another limit starts from an empty queue and keeps its own backlog across joins.
        const { initialBacklog: _b, stateResets, ...w } = proposedEval.ctx.workload;
        const resets = stateResets?.map(({ backlog: _r, ...r }) => r);
        return {
          ctx: { ...proposedEval.ctx, workload: { ...w, downstreamLimitPerSec: l, ...(resets?.length ? { stateResets: resets } : {}) } },
          space: { ...space, concurrencyMax: concurrencyCeiling({ ...concInput, downstreamLimitPerSec: l, downstreamRateSec: rateSec }).max, maxInstancesFor: instanceCeiling(atPool, workload.processingMeanSec, cpuOf).maxInstancesFor },
        };
      });
      feasibility = feasibilityOf(slo, limit, feasibleLimit, best.figures, bands.predicted);
      const throughput = (c: Candidate) => {
        const n = c.scaling.mode === 'manual' ? c.scaling.instances : c.scaling.maxReplicas;
        return `${n} instance${n === 1 ? '' : 's'} × concurrency ${c.concurrency} ≈ ${Math.round(n * ratePerInstancePerSec(c.concurrency, rateSec, cpuOf))} msg/s`;
      };
      const f = best.figures;
      rationale.unshift(
        { setting: 'concurrency', text: `${best.candidate.concurrency}: the best under the hard limits. ${conc.text}` },
        { setting: 'scaling', text: `${describeCandidate(best.candidate)} (${throughput(best.candidate)}): the cheapest configuration within ${Math.round((BEST_EFFORT_SLACK - 1) * 100)}% of the best p95 wait and max age any configuration under the limits achieves. Predicted p95 wait ${f.queueWaitP95Sec.toFixed(0)} s, max age ${f.maxMessageAgeSec.toFixed(0)} s, ${f.meanInstances.toPrecision(2)} instances on average, $${f.costUsdPerMonth.toFixed(2)}/month${currentFigures ? ` (today: p95 wait ${currentFigures.queueWaitP95Sec.toFixed(0)} s, $${currentFigures.costUsdPerMonth.toFixed(2)}/month)` : ''}.` },
      );
      warnings.push(`No configuration meets the SLO under the hard limits (${ceiling.text}): the most capacity they allow (${throughput(strongest.candidate)}; ${describeCandidate(strongest.candidate)}) gives p95 wait ${strongest.figures.queueWaitP95Sec.toFixed(0)} s and max age ${strongest.figures.maxMessageAgeSec.toFixed(0)} s. Proposed instead: the best configuration under the limits, with its predicted figures; see feasibility.`);
    } else {
      status = 'infeasible';
      rationale.unshift({ setting: 'concurrency', text: `Left at ${current.concurrency ?? 'unset'}. ${conc.text}` });
      warnings.push(`No configuration in the search space meets the SLO (${ceiling.text}) and none could be simulated; concurrency and scaling are left as they are.`);
    }
    const allowedPerSec = downstreamRate(current, currentCand, workload.processingMeanSec);
    const limit = pool.settings?.downstreamLimitPerSec;
    if (limit !== undefined && allowedPerSec !== undefined && allowedPerSec > limit) {
      warnings.push(`Today's config can process ${Math.round(allowedPerSec)} msg/s, above the downstream limit of ${limit} msg/s: the simulation holds its calls to the limit (slowed calls: each waits for the limiter while keeping its slot and lease; docs/simulator.md).`);
    }
  }
  const calibration = workload && pool.workerPool ? calibrate(model, options.metrics) : undefined;
  if (calibration && !calibration.withinTolerance && status !== 'needs-metrics') {
    status = 'low-confidence';
    warnings.push(`Low confidence: the model does not reproduce this pool's recording (${calibration.summary}, more than ${CALIBRATION_TOLERANCE * 100}% off), so its predicted figures are not to be trusted. Check the declared limits, start-up time and processing time in pool-tuner.yaml.`);
  }
  const plan = buildEdits(ws, pool, current, recommended);
  warnings.push(...plan.warnings);
  const rendered = renderEdits(ws, plan.edits);
  if (status === 'proposed' && plan.edits.length === 0 && plan.warnings.length === 0) status = 'no-change';
  return {
    id: proposalId(pool.name, plan.edits, rendered.baseFileHashes),
    pool: pool.name,
    status,
    slo: declaredSlo,
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
    currentFigures,
    predictedFigures,
    ...(model.unpriced ? { unpriced: model.unpriced } : {}),
    ...(calibration ? { calibration } : {}),
    ...(feasibility ? { feasibility } : {}),
    ...(bands.current ? { currentBands: bands.current } : {}),
    ...(bands.predicted ? { predictedBands: bands.predicted } : {}),
    ...(scalingModes ? { scalingModes } : {}),
    rationale,
    warnings,
    edits: plan.edits,
    diff: rendered.diff,
    baseFileHashes: rendered.baseFileHashes,
    search,
  };
}

export { calibratedLeaseExtension, LEASE_CALIBRATION_REDELIVERY_RATIO, DEFAULT_SEED } from '../model/pool-model.ts';

/**
 * The floors two review rules put on a CREMA candidate: scale-down stabilization ≥ the metric ingestion delay
 * (120 s, https://cloud.google.com/monitoring/api/metrics_gcp#gcp-pubsub, rule scale-down-stabilization-too-short),
 * and minReplicas ≥ 1 when the wait SLO is shorter than a wake-up from zero (poll + metric delay + start-up, rule
 * min-instances-zero-with-latency-slo, same formula). Returns the same object when nothing changes.
 */
function ruleFloors(c: Candidate, pool: Pool): Candidate {
  const s = c.scaling;
  if (s.mode !== 'crema') return c;
  const wakeSec = (pool.scaler?.pollingIntervalSec ?? CREMA_UNSET_POLLING_SEC) + METRIC_INGESTION_DELAY_SEC + (pool.settings?.startupTimeSec ?? 0);
  const slo = pool.settings?.slo?.queueWaitP95Sec;
  const minReplicas = s.minReplicas === 0 && slo !== undefined && slo < wakeSec ? 1 : s.minReplicas;
  const window = Math.max(s.scaleDownStabilizationSec, METRIC_INGESTION_DELAY_SEC);
  if (minReplicas === s.minReplicas && window === s.scaleDownStabilizationSec) return c;
  return { ...c, scaling: { ...s, minReplicas: Math.min(minReplicas, s.maxReplicas), scaleDownStabilizationSec: window } };
}

/** Finalists confirmed on all replays, cheapest first, per round of the search. */
export const MAX_FINALISTS = 6;
/** Each further round searches with the SLO tightened by this factor (headroom for other draws of the traffic). */
export const SLO_TIGHTEN = 0.8;
export const MAX_TIGHTEN_ROUNDS = 3;

function tightened(slo: PoolSlo, f: number): PoolSlo {
  return {
    ...(slo.queueWaitP95Sec !== undefined ? { queueWaitP95Sec: slo.queueWaitP95Sec * f } : {}),
    ...(slo.maxMessageAgeSec !== undefined ? { maxMessageAgeSec: slo.maxMessageAgeSec * f } : {}),
    ...(slo.duplicateRatioMax !== undefined ? { duplicateRatioMax: slo.duplicateRatioMax * f } : {}),
  };
}

/**
 * Screen on one replay, confirm on all: the tuner's first choice (the minimal change, or the screening search's
 * cheapest) is replayed and kept when its SLO holds on at least `minShare` of the replays. When it does not, the
 * grid is searched with the robust verdict (`RobustEvaluator`: SLO on minShare of the replays) and its cheapest is
 * chosen; failing that, the screening search's cheapest finalists are replayed. When none holds, the search is rerun with the SLO tightened
 * by SLO_TIGHTEN per round (up to MAX_TIGHTEN_ROUNDS) to find configurations with headroom, and their finalists are
 * confirmed against the real SLO. If still none holds, the one holding on the most replays is returned, with a warning.
 */
export function confirmOnReplays(ev: Evaluator, space: SearchSpace, evaluations: readonly { candidate: Candidate; figures: { sloMet: boolean; costUsdPerMonth: number } }[], first: ReturnType<Evaluator['evaluate']>, replays: readonly Replay[], minShare: number): { chosen: ReturnType<Evaluator['evaluate']>; bands: PredictedBands; warning?: string } {
  const tried = new Map<string, { ev: ReturnType<Evaluator['evaluate']>; bands: PredictedBands }>();
  const tryOne = (e: ReturnType<Evaluator['evaluate']>) => {
    const key = JSON.stringify(e.candidate);
    let hit = tried.get(key);
    if (!hit) {
      hit = { ev: e, bands: replayBands(ev.ctx, e.candidate, replays) };
      tried.set(key, hit);
    }
    return hit.bands.sloMetShare + 1e-9 >= minShare ? hit : undefined;
  };
  const finalists = (list: readonly { candidate: Candidate; figures: { sloMet: boolean; costUsdPerMonth: number } }[]) =>
    [...list].filter((e) => e.figures.sloMet).sort((a, b) => a.figures.costUsdPerMonth - b.figures.costUsdPerMonth).slice(0, MAX_FINALISTS);
  const ok = tryOne(first);
  if (ok) return { chosen: ok.ev, bands: ok.bands };
  // The grid searched with the robust verdict itself (robust.ts): the cheapest candidate whose SLO holds on
  // minShare of the replays, found with the search's monotonicity (the screening search's cheapest candidates
  // need not hold; a robust choice may sit between grid points the screening search never visited).
  const rob = new RobustEvaluator(ev, replays, minShare);
  const rr = searchCheapest(robustGridContext(ev.ctx, replays), space, rob);
  if (rr.best) {
    const key = JSON.stringify(rr.best.candidate);
    const bands = rob.bandsFor(rr.best.candidate);
    if (bands && !tried.has(key)) tried.set(key, { ev: ev.evaluate(rr.best.candidate), bands });
    const hit = tryOne(ev.evaluate(rr.best.candidate));
    if (hit) return { chosen: hit.ev, bands: hit.bands };
  }
  // Fallback: the screening replay's cheapest finalists (a grid the robust search found nothing in).
  for (const e of finalists(evaluations)) {
    const hit = tryOne(ev.evaluate(e.candidate));
    if (hit) return { chosen: hit.ev, bands: hit.bands };
  }
  for (let round = 1; round <= MAX_TIGHTEN_ROUNDS; round++) {
    const strict = new Evaluator({ ...ev.ctx, slo: tightened(ev.ctx.slo, Math.pow(SLO_TIGHTEN, round)) });
    const r = searchCheapest(strict.ctx, space, strict);
    for (const e of finalists(r.evaluations)) {
      const hit = tryOne(ev.evaluate(e.candidate));
      if (hit) return { chosen: hit.ev, bands: hit.bands };
    }
  }
  const best = [...tried.values()].sort((a, b) => b.bands.sloMetShare - a.bands.sloMetShare || a.ev.figures.costUsdPerMonth - b.ev.figures.costUsdPerMonth)[0]!;
  return {
    chosen: best.ev, bands: best.bands,
    warning: `No configuration found holds the SLO on ${Math.round(minShare * 100)}% of ${replays.length} replays: the one proposed holds on ${Math.round(best.bands.sloMetShare * 100)}% (tuner.sloMetShareMin).`,
  };
}

/** Within this share of the optimum's cost, the minimal change (today's sizing) is kept. */
export const NEAR_TIE = 0.02;

function describeCandidate(c: Candidate): string {
  const s = c.scaling;
  return s.mode === 'manual' ? `${s.instances} instances × concurrency ${c.concurrency}` : `CREMA value ${s.targetValue}, min ${s.minReplicas}, max ${s.maxReplicas}, concurrency ${c.concurrency}`;
}

/** A candidate with concurrency, instance count and maxReplicas cut to the ceilings (minReplicas ≤ maxReplicas). */
function clampToCeilings(c: Candidate, concurrencyMax: number, maxInstancesFor: (c: number) => number): Candidate {
  const concurrency = Math.min(c.concurrency, concurrencyMax);
  const cap = maxInstancesFor(concurrency);
  const s = c.scaling;
  if (s.mode === 'manual') return { concurrency, scaling: { ...s, instances: Math.min(s.instances, cap) } };
  const maxReplicas = Math.min(s.maxReplicas, cap);
  return { concurrency, scaling: { ...s, maxReplicas, minReplicas: Math.min(s.minReplicas, maxReplicas) } };
}

/** The most messages per second a configuration can process: max instances × concurrency ÷ mean processing. */
function downstreamRate(v: PoolSettingsValues, cand: Candidate | undefined, meanSec: number): number | undefined {
  if (!cand || !v.scaling) return undefined;
  const maxInstances = v.scaling.mode === 'manual' ? v.scaling.instances : v.scaling.maxReplicas;
  return (maxInstances * cand.concurrency) / meanSec;
}
