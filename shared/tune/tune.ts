/**
 * `tune()`: for each pool, the cheapest configuration that meets its SLO, as a `Proposal` with recommended and
 * current values, simulated figures for both (same seed, same trace), one-sentence reasons with the numbers, and
 * the edits + unified diff that would apply it. Pure: metrics come in as a `MetricsView` and optional per-minute
 * series; nothing is read or written here.
 */
import type { Pool } from '../config/model.ts';
import type { PoolSlo } from '../config/settings-schema.ts';
import type { Workspace } from '../config/workspace.ts';
import type { MetricsView, PoolFigures } from '../metrics/figures.ts';
import type { SimConfigInput, SimResult } from '../simulate/types.ts';
import { simRulesFromConfig } from '../simulate/from-config.ts';
import { CLIENT_DEFAULT_MAX_MESSAGES, CREMA_UNSET_POLLING_SEC, METRIC_INGESTION_DELAY_SEC } from '../rules/lib/limits.ts';
import { concurrencyCeiling } from './concurrency.ts';
import { currentValues, instanceCeiling, instanceShape, primarySubscription } from './current.ts';
import { buildEdits, proposalId, renderEdits } from './edits.ts';
import { Evaluator, type Candidate, type SimContext } from './evaluate.ts';
import { proposeAckDeadline, proposeRetry } from './policy.ts';
import { resourceFits } from './resources.ts';
import { explainScaling } from './rationale.ts';
import { DEFAULT_WAIT_TARGET_SEC, searchCheapest, type SearchSpace } from './search.ts';
import type { PoolSettingsValues, Proposal, Rationale, TuneOutput } from './schema.ts';
import { arrivalStats, buildWorkload, DEFAULT_SIM_BUDGET_MESSAGES, sampleForBudget } from './workload.ts';
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

export const DEFAULT_SEED = 20260601;

export function tune(ws: Workspace, options: TuneOptions = {}): TuneOutput {
  const pools = ws.pools.filter((p) => (options.pool ? p.name === options.pool : p.workerPool || p.scaler));
  const proposals = pools.map((p) => tunePool(ws, p, options));
  const both = proposals.filter((p) => p.currentFigures && p.predictedFigures);
  return {
    version: 1,
    tool: 'pool-tuner',
    metricsSource: options.metrics?.source ?? 'declared',
    pools: proposals,
    totals: {
      currentCostUsdPerMonth: both.reduce((a, p) => a + p.currentFigures!.costUsdPerMonth, 0),
      proposedCostUsdPerMonth: both.reduce((a, p) => a + p.predictedFigures!.costUsdPerMonth, 0),
    },
  };
}

export function tunePool(ws: Workspace, pool: Pool, options: TuneOptions = {}): Proposal {
  const seed = options.seed ?? DEFAULT_SEED;
  const figures = options.metrics?.forPool(pool.name);
  const built = buildWorkload({
    source: options.metrics?.source ?? 'declared',
    figures,
    arrivalsPerMinute: options.arrivalSeries?.(pool.name),
    declaredProcessingSec: pool.settings?.processingTimeSec,
    startupSec: pool.settings?.startupTimeSec,
  });
  const sampled = built ? sampleForBudget(built.arrivalsPerMinute, options.simBudgetMessages ?? DEFAULT_SIM_BUDGET_MESSAGES) : undefined;
  const workload = built && sampled ? { ...built, arrivalsPerMinute: sampled.arrivalsPerMinute } : built;
  const declaredSlo = pool.settings?.slo ?? {};
  const warnings: string[] = sampled?.note ? [sampled.note] : [];
  const slo: PoolSlo = { ...declaredSlo };
  if (slo.queueWaitP95Sec === undefined && slo.maxMessageAgeSec === undefined) {
    slo.queueWaitP95Sec = DEFAULT_WAIT_TARGET_SEC;
    warnings.push(`No SLO in pool-tuner.yaml: sized for a ${DEFAULT_WAIT_TARGET_SEC} s p95 queue wait (set pools.${pool.name}.slo).`);
  }
  const current = currentValues(pool);
  const sub = primarySubscription(pool);
  const rationale: Rationale[] = [];
  const recommended: PoolSettingsValues = { ...current };
  const { correction, ...shape } = instanceShape(pool, ws.settings?.settings);
  if (correction && pool.workerPool) warnings.push(correction);

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
    if (!sub.hasDeadLetterPolicy) {
      recommended.deadLetterTopic = `${sub.topic ?? sub.name}-dlq`;
      rationale.push({ setting: 'deadLetterTopic', text: `Add dead-letter topic ${recommended.deadLetterTopic}: a poison message is parked there after ${retry.maxDeliveryAttempts} attempts; without one it is redelivered until it ages out of retention. Create the topic, a subscription on it (messages to a topic without one are lost), and grant the Pub/Sub service agent publish on it and subscribe on ${sub.name} (docs/sources.md#dead-letter-topics).` });
    }
  }

  let status: Proposal['status'] = 'proposed';
  let currentFigures: Proposal['currentFigures'];
  let predictedFigures: Proposal['predictedFigures'];
  let search: Proposal['search'];
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
    const conc = concurrencyCeiling({
      vcpu: shape.vcpu, memoryMiB: shape.memoryGiB * 1024, gpu: shape.gpuCount > 0, currentConcurrency: current.concurrency,
      meanProcessingSec: workload.processingMeanSec, figures, downstreamMaxInFlight: pool.settings?.downstreamMaxInFlight,
      fits: resourceFits(options.metrics, pool.name, shape.vcpu, shape.memoryGiB * 1024, workload.processingMeanSec),
    });
    const ceiling = instanceCeiling(pool, workload.processingMeanSec);
    const mode: SearchSpace['mode'] = pool.scaler ? 'crema' : 'manual';
    const sc = pool.scaler;
    const baseCtx: Omit<SimContext, 'subscription'> = {
      workload, slo, shape, seed, simulateFn: options.simulateFn,
      crema: {
        pollingIntervalSec: sc?.pollingIntervalSec ?? CREMA_UNSET_POLLING_SEC,
        metricIngestionDelaySec: METRIC_INGESTION_DELAY_SEC,
        scaleUp: simRulesFromConfig(sc?.scaleUp, 'up'),
        scaleDown: simRulesFromConfig(sc?.scaleDown, 'down'),
      },
    };
    const calibrated = calibratedLeaseExtension(figures, current.ackDeadlineSec ?? 10);
    const lease = options.leaseExtension === false ? false : calibrated.leaseExtension;
    if (options.leaseExtension !== false && calibrated.warning) warnings.push(calibrated.warning);
    const subOf = (v: PoolSettingsValues) => ({
      ackDeadlineSec: v.ackDeadlineSec ?? 10, leaseExtension: lease,
      minimumBackoffSec: v.minimumBackoffSec, maximumBackoffSec: v.maximumBackoffSec, maxDeliveryAttempts: v.maxDeliveryAttempts,
    });
    const proposedEval = new Evaluator({ ...baseCtx, subscription: subOf(recommended) });
    const space: SearchSpace = { mode, concurrencyMax: conc.max, currentConcurrency: current.concurrency, maxInstancesFor: ceiling.maxInstancesFor };
    const result = searchCheapest(proposedEval.ctx, space, proposedEval);
    search = { simulations: result.simulations, pruned: result.gridSize - result.simulations, seed };
    const currentCand = candidateOf(current);
    if (currentCand) currentFigures = new Evaluator({ ...baseCtx, subscription: subOf(current) }).evaluate(currentCand).figures;
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
      const robust = confirmOnReplays(proposedEval, space, result.evaluations, chosen, replays, replaySettings.sloMetShareMin);
      if (robust.chosen !== chosen) kept = undefined;
      chosen = robust.chosen;
      predictedBands = robust.bands;
      if (robust.warning) warnings.push(robust.warning);
    }
    if (currentCand) bands.current = replayBands(new Evaluator({ ...baseCtx, subscription: subOf(current) }).ctx, currentCand, replays);
    if (chosen) {
      bands.predicted = predictedBands;
      recommended.concurrency = chosen.candidate.concurrency;
      recommended.scaling = chosen.candidate.scaling;
      predictedFigures = chosen.figures;
      rationale.unshift(...explainScaling({ workload, stats, slo, conc, ceiling: ceiling.text, ceilingNote: ceiling.note, chosen, current, currentFigures, search: result, shape, sampled: sampled?.note !== undefined, kept }));
    } else {
      // Infeasible: sizing is left as is (only the policies change); say what the most capacity allowed achieves.
      status = 'infeasible';
      const be = result.bestEffort;
      if (currentCand) {
        predictedFigures = proposedEval.evaluate(currentCand).figures;
        bands.predicted = replayBands(proposedEval.ctx, currentCand, replays);
      }
      rationale.unshift({ setting: 'concurrency', text: `Left at ${current.concurrency ?? 'unset'}. ${conc.text}` });
      warnings.push(`No configuration in the search space meets the SLO: even the most capacity allowed (${ceiling.text}${be ? `; ${describeCandidate(be.candidate)}` : ''}) gives${be ? ` p95 wait ${be.figures.queueWaitP95Sec.toFixed(0)} s and max age ${be.figures.maxMessageAgeSec.toFixed(0)} s` : ' no result'}. Relax the SLO or the limits; concurrency and scaling are left as they are.`);
    }
    const allowedPerSec = downstreamRate(current, currentCand, workload.processingMeanSec);
    const limit = pool.settings?.downstreamLimitPerSec;
    if (limit !== undefined && allowedPerSec !== undefined && allowedPerSec > limit) {
      warnings.push(`Today's config can process ${Math.round(allowedPerSec)} msg/s, above the downstream limit of ${limit} msg/s: its simulated figures ignore the throttling it would meet.`);
    }
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
    ...(bands.current ? { currentBands: bands.current } : {}),
    ...(bands.predicted ? { predictedBands: bands.predicted } : {}),
    rationale,
    warnings,
    edits: plan.edits,
    diff: rendered.diff,
    baseFileHashes: rendered.baseFileHashes,
    search,
  };
}

/** Above this share of deliveries with an expired ack deadline, the observed behaviour is not a healthy pool's (docs/sources.md#ack-deadlines). */
export const LEASE_CALIBRATION_REDELIVERY_RATIO = 0.01;

/**
 * The simulator models client lease extension as on (the streaming-pull default, docs/sources.md#ack-deadlines), which predicts no expiries
 * for messages slower than the ack deadline. When the metrics say otherwise (more than 1% of deliveries expired and
 * the observed p99 processing time is over today's deadline), the pool's clients evidently do not extend leases
 * (non-streaming pull, or extension off), so the pool is simulated without it and a warning says so: the "current"
 * column then shows the duplicates the snapshot recorded, and the proposed ack deadline is judged against them.
 */
export function calibratedLeaseExtension(figures: PoolFigures | undefined, ackDeadlineSec: number): { leaseExtension: boolean; warning?: string; short?: string } {
  const ratio = figures?.redeliveryRatio;
  const p99Sec = figures?.processingTimeMs ? figures.processingTimeMs.p99 / 1000 : undefined;
  if (ratio === undefined || p99Sec === undefined || ratio <= LEASE_CALIBRATION_REDELIVERY_RATIO || p99Sec <= ackDeadlineSec) return { leaseExtension: true };
  const pctText = `${Number((ratio * 100).toPrecision(3))}%`;
  const p99Text = `${Number(p99Sec.toPrecision(3))} s`;
  return {
    leaseExtension: false,
    warning: `Simulated without client lease extension: ${pctText} of deliveries expired their ack deadline (over ${LEASE_CALIBRATION_REDELIVERY_RATIO * 100}%) with p99 processing ${p99Text} over today's ${ackDeadlineSec} s deadline, so these clients evidently do not extend leases (docs/sources.md#ack-deadlines), or not far enough.`,
    short: `simulated without lease extension: ${pctText} of deliveries expired, p99 ${p99Text} > ${ackDeadlineSec} s ack deadline`,
  };
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
 * Screen on one replay, confirm finalists on all: the candidates that met the SLO on the screening replay are
 * replayed, cheapest first (the tuner's first choice leads when it is the minimal change), and the first whose SLO
 * holds on at least `minShare` of the replays is chosen. When none does, the search is rerun with the SLO tightened
 * by SLO_TIGHTEN per round (up to MAX_TIGHTEN_ROUNDS) to find configurations with headroom, and their finalists are
 * confirmed against the real SLO. If still none holds, the one holding on the most replays is returned, with a warning.
 */
function confirmOnReplays(ev: Evaluator, space: SearchSpace, evaluations: readonly { candidate: Candidate; figures: { sloMet: boolean; costUsdPerMonth: number } }[], first: ReturnType<Evaluator['evaluate']>, replays: readonly Replay[], minShare: number): { chosen: ReturnType<Evaluator['evaluate']>; bands: PredictedBands; warning?: string } {
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

/** The current configuration as a candidate; an unset concurrency is the client default of 1000 (docs/sources.md#client-flow-control-and-leases). */
function candidateOf(v: PoolSettingsValues): Candidate | undefined {
  if (!v.scaling) return undefined;
  return { concurrency: v.concurrency ?? CLIENT_DEFAULT_MAX_MESSAGES, scaling: v.scaling };
}
