/**
 * Runs one candidate configuration through the simulator (H5's `shared/simulate`) and turns the result into the
 * figures the tuner compares: wait percentiles, max age, duplicates, dead-lettered, cost per month, SLO verdict.
 * This file is the tuner's only contact with the simulator's config shape (a thin adapter).
 */
import type { PoolSlo } from '../config/settings-schema.ts';
import { monthlyCostUsd, type InstanceShapeInput } from '../cost/index.ts';
import { simulate } from '../simulate/index.ts';
import type { SimConfigInput, SimResult, SimScalingRules, SimSubscription } from '../simulate/types.ts';
import type { Figures, ScalingChoice, Schedule } from './schema.ts';
import type { Workload } from './workload.ts';

export interface Candidate {
  concurrency: number;
  scaling: ScalingChoice;
}

/** Everything except the candidate: the same for every simulation of one search (same seed, same trace). */
export interface SimContext {
  workload: Workload;
  slo: PoolSlo;
  shape: InstanceShapeInput;
  subscription: Partial<SimSubscription>;
  seed: number;
  crema: {
    pollingIntervalSec: number;
    metricIngestionDelaySec?: number;
    scaleUp?: SimScalingRules;
    /** Scale-down policies; the tuner only changes the window. */
    scaleDown?: SimScalingRules;
    /** Wall clock (UTC ms) of simulated t = 0, where cron windows fall (the recording's window start). */
    clockStartUtcMs?: number;
    /** Today's cron triggers: run with every CREMA candidate that names none (the tuner never removes them). */
    schedules?: Schedule[];
  };
  /** Injected for tests and benchmarks; defaults to the shared simulator. */
  simulateFn?: (config: SimConfigInput) => SimResult;
}

export interface Evaluation {
  candidate: Candidate;
  figures: Figures;
  result: SimResult;
}

export function simConfigFor(ctx: SimContext, cand: Candidate): SimConfigInput {
  const s = cand.scaling;
  const scaling: SimConfigInput['scaling'] = s.mode === 'manual'
    ? { kind: 'manual', instances: s.instances }
    : {
      kind: 'crema',
      targetBacklogPerInstance: s.targetValue,
      minInstances: s.minReplicas,
      maxInstances: s.maxReplicas,
      pollingIntervalSec: ctx.crema.pollingIntervalSec,
      ...(ctx.workload.initialInstances !== undefined ? { initialInstances: ctx.workload.initialInstances } : {}),
      ...(ctx.crema.metricIngestionDelaySec !== undefined ? { metricIngestionDelaySec: ctx.crema.metricIngestionDelaySec } : {}),
      ...(ctx.crema.scaleUp ? { scaleUp: ctx.crema.scaleUp } : {}),
      scaleDown: { ...(ctx.crema.scaleDown ?? { selectPolicy: 'Min', policies: [{ type: 'Percent', value: 100, periodSec: 15 }] }), stabilizationWindowSec: s.scaleDownStabilizationSec },
      ...((s.schedules ?? ctx.crema.schedules)?.length ? { schedules: s.schedules ?? ctx.crema.schedules, clockStartUtcMs: ctx.crema.clockStartUtcMs ?? 0 } : {}),
    };
  return {
    seed: ctx.seed,
    arrivalsPerMinute: ctx.workload.arrivalsPerMinute,
    serviceTime: ctx.workload.serviceTime,
    concurrencyPerInstance: cand.concurrency,
    startupSec: ctx.workload.startupSec,
    scaling,
    subscription: { ackDeadlineSec: 10, leaseExtension: true, maxExtensionSec: 3600, ...ctx.subscription },
    failureProbability: ctx.workload.failureRatio,
    ...(ctx.workload.stateResets?.length ? { stateResets: ctx.workload.stateResets } : {}),
    ...(ctx.workload.initialBacklog ? { initialBacklog: Math.round(ctx.workload.initialBacklog), ...(ctx.workload.initialBacklogAgeSec ? { initialBacklogAgeSec: ctx.workload.initialBacklogAgeSec } : {}) } : {}),
    ...(ctx.workload.downstreamLimitPerSec !== undefined ? { downstreamLimitPerSec: ctx.workload.downstreamLimitPerSec } : {}),
    ...(ctx.workload.cpuSecondsPerMessage !== undefined ? { cpuSecondsPerMessage: ctx.workload.cpuSecondsPerMessage } : {}),
    resources: ctx.shape,
    timeline: false,
  };
}

/** Whether figures meet the SLO; a run that left messages unfinished never does. */
export function meetsSlo(slo: PoolSlo, r: SimResult): boolean {
  if (r.unfinished > 0) return false;
  if (slo.queueWaitP95Sec !== undefined && r.waitSec.p95 > slo.queueWaitP95Sec) return false;
  if (slo.maxMessageAgeSec !== undefined && r.maxMessageAgeSec > slo.maxMessageAgeSec) return false;
  if (slo.duplicateRatioMax !== undefined && r.duplicateRatio > slo.duplicateRatioMax) return false;
  if (slo.latencyP95Sec !== undefined && r.latencySec !== undefined && r.latencySec.p95 > slo.latencyP95Sec) return false;
  return true;
}

export function figuresOf(ctx: SimContext, r: SimResult): Figures {
  // Instance time over the trace only (the window the arrivals describe), as an average count: the drain after it
  // is the simulation finishing the window's work, not more time of the window (a backlog left at the end is
  // judged by the wait and age SLOs, which count it). Priced for a 730-hour month.
  const meanInstances = r.horizonSec > 0 && r.horizonInstanceSeconds !== undefined ? r.horizonInstanceSeconds / r.horizonSec
    : r.simulatedSec > 0 ? r.instanceSeconds / r.simulatedSec : r.averageInstances;
  return {
    queueWaitP95Sec: r.waitSec.p95,
    queueWaitP99Sec: r.waitSec.p99,
    maxMessageAgeSec: r.maxMessageAgeSec,
    ...(r.latencySec ? { latencyP95Sec: r.latencySec.p95 } : {}),
    duplicateRatio: r.duplicateRatio,
    duplicates: r.duplicates,
    deadLettered: r.deadLettered,
    meanInstances,
    costUsdPerMonth: monthlyCostUsd(meanInstances, ctx.shape),
    sloMet: meetsSlo(ctx.slo, r),
  };
}

export function candidateKey(c: Candidate): string {
  const s = c.scaling;
  return s.mode === 'manual'
    ? `c${c.concurrency}/n${s.instances}`
    : `c${c.concurrency}/v${s.targetValue}/m${s.minReplicas}/M${s.maxReplicas}/w${s.scaleDownStabilizationSec}${(s.schedules ?? []).map((x) => `/cron(${x.start}|${x.end}|${x.timezone}|${x.desiredReplicas})`).join('')}`;
}

/** A memoising evaluator: the search and the exhaustive check never simulate one candidate twice. */
export class Evaluator {
  private readonly cache = new Map<string, Evaluation>();
  constructor(readonly ctx: SimContext) {}

  get simulations(): number {
    return this.cache.size;
  }

  /** Every evaluation so far, in the order simulated. */
  all(): Evaluation[] {
    return [...this.cache.values()];
  }

  evaluate(cand: Candidate): Evaluation {
    const key = candidateKey(cand);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const run = this.ctx.simulateFn ?? simulate;
    const result = run(simConfigFor(this.ctx, cand));
    const ev = { candidate: cand, figures: figuresOf(this.ctx, result), result };
    this.cache.set(key, ev);
    return ev;
  }
}
