/**
 * The pool model: for one pool, everything the simulator and the tuner need, built ONCE from the configs,
 * pool-tuner.yaml and the metrics — arrivals (per-minute series, and the sample the simulations run on),
 * processing time (distribution), failure ratio, lease behaviour (calibrated from the recorded expiries), the
 * CREMA scaler's behaviour, downstream limits, start-up time, the instance shape and so the prices, and today's
 * settings. `todayFigures(model)` is the one place "today" (cost per month, mean instances, p95 wait, …) is
 * computed: `tune`, `simulate`, `cost`, the MCP tools and the extension's CodeLens all read it.
 */
import type { Pool } from '../config/model.ts';
import type { PoolSlo } from '../config/settings-schema.ts';
import type { Workspace } from '../config/workspace.ts';
import type { MetricsView, PoolFigures } from '../metrics/figures.ts';
import type { SimConfigInput, SimResult, SimSubscription } from '../simulate/types.ts';
import { simRulesFromConfig } from '../simulate/from-config.ts';
import { CLIENT_DEFAULT_MAX_MESSAGES, CREMA_UNSET_POLLING_SEC, METRIC_INGESTION_DELAY_SEC } from '../rules/lib/limits.ts';
import { currentValues, instanceShape } from '../tune/current.ts';
import { figuresOf, simConfigFor, type Candidate, type Evaluation, type SimContext } from '../tune/evaluate.ts';
import { simulate } from '../simulate/index.ts';
import type { Figures, PoolSettingsValues, Schedule } from '../tune/schema.ts';
import { buildWorkload, DEFAULT_SIM_BUDGET_MESSAGES, sampleForBudget, type Workload } from '../tune/workload.ts';
import type { InstanceShapeInput } from '../cost/index.ts';
import { DEFAULT_WAIT_TARGET_SEC } from '../tune/search.ts';
import { resourceFits, type ResourceFits } from '../tune/resources.ts';
import { cpuPerMessage, instanceCapacity, type CpuPerMessage, type InstanceCapacity } from './cpu.ts';
import { identifyFromView } from './identify-input.ts';
import type { Identification } from './identify-schema.ts';

/** Seed of every simulation unless the caller gives one: the same seed everywhere makes "today" one number. */
export const DEFAULT_SEED = 20260601;

export interface PoolModelOptions {
  metrics?: MetricsView;
  /** Per-minute published counts for a pool over the metrics window, when the source has the series. */
  arrivalSeries?: (pool: string) => readonly number[] | undefined;
  seed?: number;
  /** false: model clients that do not extend leases; true or unset: on unless the metrics show it off. */
  leaseExtension?: boolean;
  /** Messages per simulation before the window is sampled (default DEFAULT_SIM_BUDGET_MESSAGES; 0 = no limit). */
  simBudgetMessages?: number;
  simulateFn?: (config: SimConfigInput) => SimResult;
  /** false: skip identification (the recorded processing time at face value; bench/tuner compares). Default true. */
  identify?: boolean;
}

export interface PoolModel {
  pool: Pool;
  seed: number;
  /** Metrics figures of the pool (rates, percentiles, ratios, fits inputs), when there are metrics. */
  figures?: PoolFigures;
  /** Today's settings as the files say (defaults applied). */
  current: PoolSettingsValues;
  /** Today's settings as a simulator candidate; undefined when the current scaling is not simulated. */
  currentCandidate?: Candidate;
  shape: InstanceShapeInput & { gpuCount: number };
  /** Set when the files' shape is invalid and priced as the smallest valid one. */
  shapeCorrection?: string;
  /** Why the pool's instances have no known price (a GKE Pod without `gkePricing`): cost figures compare only. */
  unpriced?: string;
  /** The SLO every simulation is judged against: the declared one, or a DEFAULT_WAIT_TARGET_SEC p95 wait when none is declared. */
  slo: PoolSlo;
  /** True when pool-tuner.yaml declares no wait or age SLO and the default wait target is used. */
  sloDefaulted: boolean;
  /** The whole workload (all recorded minutes), or undefined when processing time is unknown. */
  recorded?: Workload;
  /** The workload the simulations run on (the recording, or its sample for the simulation budget). */
  workload?: Workload;
  /** Set when the recording was sampled for the simulation budget: what was simulated. */
  sampleNote?: string;
  /** Index in the recording of each simulated minute. */
  sampleMinutes: number[];
  lease: { leaseExtension: boolean; warning?: string; short?: string };
  /** Per-minute CPU (vCPU-s per message) and memory (MiB per message in flight) fits, when the metrics carry series. */
  fits?: ResourceFits;
  /** The one CPU model (model/cpu.ts): the per-minute fit, else the window's means; undefined without CPU figures. */
  cpu?: CpuPerMessage;
  /** The simulator context without the subscription (same for every candidate of this pool). */
  baseCtx?: Omit<SimContext, 'subscription'>;
  /** The hidden parameters fitted to the recording before any search (model/identify.ts), with their evidence. */
  identification?: Identification;
  /**
   * The downstream rate ceiling every figure and the search use: declared in pool-tuner.yaml, or inferred from a
   * throughput plateau (identification.downstreamLimit says which).
   */
  downstreamLimitPerSec?: number;
  /** The pool with the identified ceiling in its settings: what ceilings and rules of the tuner read. */
  tuningPool: Pool;
}

/** Above this share of deliveries with an expired ack deadline, the observed behaviour is not a healthy pool's. */
export const LEASE_CALIBRATION_REDELIVERY_RATIO = 0.01;

/**
 * The simulator models client lease extension as on (the streaming-pull default of the client libraries:
 * https://cloud.google.com/pubsub/docs/lease-management), which predicts no expiries for messages slower than the
 * ack deadline. When the metrics say otherwise (more than 1% of deliveries expired and the observed p99 processing
 * time is over today's deadline), the pool's clients evidently do not extend leases (non-streaming pull, or
 * extension off), so the pool is simulated without it and a warning says so.
 */
export function calibratedLeaseExtension(figures: PoolFigures | undefined, ackDeadlineSec: number): { leaseExtension: boolean; warning?: string; short?: string } {
  const ratio = figures?.redeliveryRatio;
  const p99Sec = figures?.processingTimeMs ? figures.processingTimeMs.p99 / 1000 : undefined;
  if (ratio === undefined || p99Sec === undefined || ratio <= LEASE_CALIBRATION_REDELIVERY_RATIO || p99Sec <= ackDeadlineSec) return { leaseExtension: true };
  const pctText = `${Number((ratio * 100).toPrecision(3))}%`;
  const p99Text = `${Number(p99Sec.toPrecision(3))} s`;
  return {
    leaseExtension: false,
    warning: `Simulated without client lease extension: ${pctText} of deliveries expired their ack deadline (over ${LEASE_CALIBRATION_REDELIVERY_RATIO * 100}%) with p99 processing ${p99Text} over today's ${ackDeadlineSec} s deadline, so these clients evidently do not extend leases (https://cloud.google.com/pubsub/docs/lease-management), or not far enough.`,
    short: `simulated without lease extension: ${pctText} of deliveries expired, p99 ${p99Text} > ${ackDeadlineSec} s ack deadline`,
  };
}

/** The current configuration as a candidate; an unset concurrency is the client default of 1000 outstanding messages. */
export function candidateOf(v: PoolSettingsValues): Candidate | undefined {
  if (!v.scaling) return undefined;
  return { concurrency: v.concurrency ?? CLIENT_DEFAULT_MAX_MESSAGES, scaling: v.scaling };
}

/** Builds the model of one pool. Pure; cheap (no simulation runs here). */
export function buildPoolModel(ws: Workspace, pool: Pool, options: PoolModelOptions = {}): PoolModel {
  const seed = options.seed ?? DEFAULT_SEED;
  const figures = options.metrics?.forPool(pool.name);
  const current = currentValues(pool);
  const ident = options.identify === false ? undefined : identifyFromView(options.metrics, pool, current);
  const downstreamLimitPerSec = ident?.downstreamLimitPerSec ?? pool.settings?.downstreamLimitPerSec;
  const tuningPool: Pool = downstreamLimitPerSec !== undefined && pool.settings?.downstreamLimitPerSec === undefined
    ? { ...pool, settings: { ...pool.settings, downstreamLimitPerSec } }
    : pool;
  const recorded = buildWorkload({
    source: options.metrics?.source ?? 'declared',
    figures,
    arrivalsPerMinute: options.arrivalSeries?.(pool.name),
    declaredProcessingSec: pool.settings?.processingTimeSec,
    startupSec: pool.settings?.startupTimeSec ?? ident?.startupSec,
    downstreamLimitPerSec,
    ...(ident && ident.identification.serviceTime.basis !== 'recorded' ? { identified: { serviceTime: ident.serviceTime, meanSec: ident.meanSec, cv: ident.cv, basis: 'identified' } } : {}),
  });
  // Kept as recorded: the identification shows the figures the model runs on.
  const identification = ident && recorded && ident.identification.serviceTime.basis === 'recorded'
    ? { ...ident.identification, serviceTime: { ...ident.identification.serviceTime, meanSec: recorded.processingMeanSec, p99Sec: recorded.processingP99Sec } }
    : ident?.identification;
  const { correction, unpriced, ...shape } = instanceShape(pool, ws.settings?.settings);
  // One CPU/memory model per pool: the per-minute fits (resources.ts) the tuner's concurrency ceiling, the
  // simulator's processor sharing and the review rules all read.
  const fits = recorded ? resourceFits(options.metrics, pool.name, shape.vcpu, shape.memoryGiB * 1024, recorded.processingMeanSec) : undefined;
  if (recorded && fits?.cpu && fits.cpu.slope > 0) recorded.cpuSecondsPerMessage = fits.cpu.slope;
  const cpu = shape.gpuCount > 0 ? undefined : cpuPerMessage({ fits, figures, vcpu: shape.vcpu });
  const sampled = recorded ? sampleForBudget(recorded.arrivalsPerMinute, options.simBudgetMessages ?? DEFAULT_SIM_BUDGET_MESSAGES) : undefined;
  let workload = recorded && sampled ? { ...recorded, arrivalsPerMinute: sampled.arrivalsPerMinute } : recorded;
  // Warm start: the simulation starts from the recorded state at its first minute (backlog with its oldest age and,
  // for a scaler, instances), as the recording did, instead of from an empty queue at minReplicas.
  const warm = workload && sampled ? recordedStateAt(options.metrics, pool.name, sampled.minutes[0] ?? 0) : undefined;
  if (workload && warm) workload = { ...workload, ...warm };
  // At each join of the sample's segments (a jump in recorded minutes) the recorded state is restored, so each
  // segment starts where the recording did.
  if (workload && sampled) {
    const resets: NonNullable<Workload['stateResets']> = [];
    for (let i = 1; i < sampled.minutes.length; i++) {
      if (sampled.minutes[i] !== sampled.minutes[i - 1]! + 1) {
        const st = recordedStateAt(options.metrics, pool.name, sampled.minutes[i]!);
        if (st) resets.push({ minute: i, backlog: st.initialBacklog ?? 0, ...(st.initialBacklogAgeSec !== undefined ? { oldestAgeSec: st.initialBacklogAgeSec } : {}), ...(st.initialInstances !== undefined ? { instances: st.initialInstances } : {}) });
      }
    }
    if (resets.length) workload = { ...workload, stateResets: resets };
  }
  const calibrated = calibratedLeaseExtension(figures, current.ackDeadlineSec ?? 10);
  const lease = options.leaseExtension === false ? { leaseExtension: false } : calibrated;
  const sc = pool.scaler;
  const declared = pool.settings?.slo ?? {};
  const sloDefaulted = declared.queueWaitP95Sec === undefined && declared.maxMessageAgeSec === undefined && declared.latencyP95Sec === undefined;
  const slo: PoolSlo = sloDefaulted ? { ...declared, queueWaitP95Sec: DEFAULT_WAIT_TARGET_SEC } : declared;
  const baseCtx: PoolModel['baseCtx'] = workload ? {
    workload, slo, shape, seed, simulateFn: options.simulateFn,
    crema: {
      pollingIntervalSec: sc?.pollingIntervalSec ?? CREMA_UNSET_POLLING_SEC,
      metricIngestionDelaySec: metricDelayOf(ident?.identification.scalerLagSec, sc?.pollingIntervalSec ?? CREMA_UNSET_POLLING_SEC),
      scaleUp: simRulesFromConfig(sc?.scaleUp, 'up'),
      scaleDown: simRulesFromConfig(sc?.scaleDown, 'down'),
      ...scheduleClock(current, options.metrics, sampled?.minutes),
    },
  } : undefined;
  return {
    pool, seed, figures, current, currentCandidate: pool.workerPool ? candidateOf(current) : undefined, shape,
    ...(correction && pool.workerPool ? { shapeCorrection: correction } : {}),
    ...(unpriced ? { unpriced } : {}),
    slo, sloDefaulted, recorded, workload, ...(sampled?.note ? { sampleNote: sampled.note } : {}), sampleMinutes: sampled?.minutes ?? [],
    lease, baseCtx, fits, ...(cpu ? { cpu } : {}),
    ...(identification ? { identification } : {}),
    ...(downstreamLimitPerSec !== undefined ? { downstreamLimitPerSec } : {}),
    tuningPool,
  };
}

/**
 * Today's cron triggers (kept in every candidate that names none: the tuner does not remove a user's trigger) and the
 * wall clock of the first simulated minute: the snapshot window's start (UTC) + the sample's first minute; 0 when the
 * metrics do not say (cron windows then count from the window's start, as the detected phases do).
 */
export function scheduleClock(current: PoolSettingsValues, metrics: MetricsView | undefined, sampleMinutes: readonly number[] | undefined): { schedules?: Schedule[]; clockStartUtcMs: number } {
  const start = (metrics as { snapshot?: { window?: { start?: string } } } | undefined)?.snapshot?.window?.start;
  const ms = start ? Date.parse(start) : NaN;
  const clockStartUtcMs = (Number.isFinite(ms) ? ms : 0) + (sampleMinutes?.[0] ?? 0) * 60_000;
  const schedules = current.scaling?.mode === 'crema' ? current.scaling.schedules : undefined;
  return { ...(schedules?.length ? { schedules } : {}), clockStartUtcMs };
}

type Series = readonly (number | null)[];
/** The per-minute series a snapshot view carries (metrics/view.ts SnapshotView); other views have none. */
export interface RecordedSeries {
  instanceCount?: Series;
  backlogMessages?: Series;
  oldestUnackedAgeSec?: Series;
  ackedMessagesPerMin?: Series;
  deliveredMessagesPerMin?: Series;
  expiredAckDeadlinesPerMin?: Series;
}

/** The recorded per-minute series of a pool, when the metrics view has them. */
export function recordedSeries(view: MetricsView | undefined, pool: string): RecordedSeries | undefined {
  const v = view as (MetricsView & { snapshot?: { pools?: Record<string, { instanceCount?: Series } | undefined> }; subscriptionSeries?: (p: string) => RecordedSeries | undefined }) | undefined;
  const sub = typeof v?.subscriptionSeries === 'function' ? v.subscriptionSeries(pool) : undefined;
  const ps = v?.snapshot?.pools?.[pool];
  if (!sub && !ps) return undefined;
  return { ...sub, instanceCount: ps?.instanceCount };
}

/** The recorded state at a minute: backlog, its oldest unacked age (the warm start's ages, backlog-reset.ts), instances. */
function recordedStateAt(view: MetricsView | undefined, pool: string, minute: number): { initialBacklog?: number; initialBacklogAgeSec?: number; initialInstances?: number } | undefined {
  const r = recordedSeries(view, pool);
  if (!r) return undefined;
  const backlog = r.backlogMessages?.[minute];
  const age = r.oldestUnackedAgeSec?.[minute];
  const inst = r.instanceCount?.[minute];
  const out: { initialBacklog?: number; initialBacklogAgeSec?: number; initialInstances?: number } = {};
  if (typeof backlog === 'number' && backlog > 0) out.initialBacklog = Math.round(backlog);
  if (out.initialBacklog !== undefined && typeof age === 'number' && age > 0) out.initialBacklogAgeSec = age;
  if (typeof inst === 'number' && inst > 0) out.initialInstances = Math.round(inst);
  return out;
}

/** The subscription the simulator sees for a set of values (lease behaviour from the model). */
export function subscriptionOf(model: PoolModel, v: PoolSettingsValues): Partial<SimSubscription> {
  return {
    ackDeadlineSec: v.ackDeadlineSec ?? 10, leaseExtension: model.lease.leaseExtension,
    minimumBackoffSec: v.minimumBackoffSec, maximumBackoffSec: v.maximumBackoffSec, maxDeliveryAttempts: v.maxDeliveryAttempts,
  };
}

/** The simulator context for a set of subscription values, with an optional SLO (default: the declared one). */
export function contextFor(model: PoolModel, v: PoolSettingsValues, slo?: PoolSlo): SimContext | undefined {
  if (!model.baseCtx) return undefined;
  return { ...model.baseCtx, ...(slo ? { slo } : {}), subscription: subscriptionOf(model, v) };
}

const todayCache = new WeakMap<PoolModel, Evaluation | null>();

/** Whether today's configuration can be simulated: a worker pool, a known scaling, a workload with arrivals. */
export function hasToday(model: PoolModel): boolean {
  return !!(model.currentCandidate && model.workload && model.workload.arrivalsPerMinute.length > 0);
}

/**
 * The metric delay the simulated scaler reads the backlog with. Cloud Monitoring's documented ingestion delay
 * (METRIC_INGESTION_DELAY_SEC, docs/sources.md#crema) unless pool-tuner.yaml sets `model.scalerLagSec`: that lag is
 * backlog → instance count, so the delay is the lag less half a polling interval (a rise waits on average half an
 * interval for the next poll). An inferred lag is shown but not used: at one sample per minute it is known to ±30 s,
 * and the wait it implies moves in 30 s steps (docs/identification.md#scaler-lag).
 */
function metricDelayOf(lag: { value: number; basis: string } | undefined, pollSec: number): number {
  return lag?.basis === 'override' ? Math.max(0, lag.value - pollSec / 2) : METRIC_INGESTION_DELAY_SEC;
}

/**
 * Today: the pool's current configuration simulated on its recorded (sampled) arrivals with the model's seed.
 * THE one place today's figures come from; memoised per model. Undefined when today cannot be simulated.
 */
export function todayEvaluation(model: PoolModel): Evaluation | undefined {
  const hit = todayCache.get(model);
  if (hit !== undefined) return hit ?? undefined;
  let ev: Evaluation | undefined;
  if (hasToday(model)) {
    const ctx = contextFor(model, model.current)!;
    // With the per-minute timeline (calibration compares it with the recording); the timeline draws no random
    // numbers, so the figures are those of any other run with the same seed (the tuner's, the replays' first).
    const run = ctx.simulateFn ?? simulate;
    const result = run({ ...simConfigFor(ctx, model.currentCandidate!), timeline: true });
    ev = { candidate: model.currentCandidate!, figures: figuresOf(ctx, result), result };
  }
  todayCache.set(model, ev ?? null);
  return ev;
}

/** Today's figures (cost per month, mean instances, p95 wait, …); see `todayEvaluation`. */
export function todayFigures(model: PoolModel): Figures | undefined {
  return todayEvaluation(model)?.figures;
}

/**
 * Messages per second one instance of this pool can drain at a concurrency (default: today's, or the client default
 * of 1000): concurrency ÷ mean processing capped by the CPU (model/cpu.ts). The measured mean processing time when
 * there are metrics, else the declared one; undefined when neither is known.
 */
export function modelCapacity(model: PoolModel, concurrency?: number): InstanceCapacity | undefined {
  const measuredMs = model.figures?.processingTimeMs?.mean;
  const meanSec = measuredMs !== undefined && measuredMs > 0 ? measuredMs / 1000 : model.pool.settings?.processingTimeSec;
  const c = concurrency ?? model.current.concurrency ?? CLIENT_DEFAULT_MAX_MESSAGES;
  if (meanSec === undefined || !(meanSec > 0) || !(c > 0)) return undefined;
  const cText = concurrency !== undefined || model.current.concurrency !== undefined ? `concurrency ${c}` : `client default concurrency ${c}`;
  const tText = measuredMs !== undefined && measuredMs > 0 ? `${Number(meanSec.toFixed(1))} s mean processing` : `declared ${Number(meanSec.toFixed(1))} s processing`;
  return instanceCapacity({ concurrency: c, concurrencyText: cText, meanProcessingSec: meanSec, processingText: tText, cpu: model.cpu, vcpu: model.shape.vcpu, gpu: model.shape.gpuCount > 0 });
}
