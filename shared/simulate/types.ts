/**
 * Shapes of the discrete-event simulator's input and output (zod is the source of truth; types via z.infer).
 * Defaults cite docs/sources.md; the model and its assumptions are in docs/simulator.md.
 */
import { z } from 'zod';
import { InstanceShapeSchema } from '../cost/model.ts';

/** Processing time of one delivery on one slot. Lognormal is fitted from p50/p99 (see distributions.ts). */
export const ServiceTimeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('exponential'), meanSec: z.number().positive() }),
  z.object({ kind: z.literal('lognormal'), p50Sec: z.number().positive(), p99Sec: z.number().positive().describe('≥ p50Sec') }),
  z.object({ kind: z.literal('deterministic'), sec: z.number().nonnegative() }),
  z.object({
    kind: z.literal('mixture'),
    heavyShare: z.number().gt(0).lt(1).describe('Share of messages drawn from the heavy mode, 0-1'),
    light: z.object({ p50Sec: z.number().positive(), p99Sec: z.number().positive() }).describe('Lognormal of the light messages'),
    heavy: z.object({ p50Sec: z.number().positive(), p99Sec: z.number().positive() }).describe('Lognormal of the heavy messages'),
  }).describe('Two lognormal modes (mixed work: a few heavy messages among light ones), identified by shared/model/identify-mixture.ts'),
]);
export type ServiceTime = z.infer<typeof ServiceTimeSchema>;

/** HPA/CREMA scaling policy; `Pods` is CREMA's `INSTANCES` (docs/sources.md#crema). */
export const SimScalingPolicySchema = z.object({
  type: z.enum(['Percent', 'Pods']),
  value: z.number().nonnegative(),
  periodSec: z.number().positive().max(1800),
});
export type SimScalingPolicy = z.infer<typeof SimScalingPolicySchema>;

export const SimScalingRulesSchema = z.object({
  stabilizationWindowSec: z.number().nonnegative(),
  selectPolicy: z.enum(['Max', 'Min', 'Disabled']),
  policies: z.array(SimScalingPolicySchema),
});
export type SimScalingRules = z.infer<typeof SimScalingRulesSchema>;

/** CREMA defaults when `behavior.scaleUp` / `scaleDown` are missing (docs/sources.md#crema, `internal/config/provider.go`). */
export const CREMA_DEFAULT_SCALE_UP: SimScalingRules = {
  stabilizationWindowSec: 0,
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSec: 15 }, { type: 'Pods', value: 4, periodSec: 15 }],
};
export const CREMA_DEFAULT_SCALE_DOWN: SimScalingRules = {
  stabilizationWindowSec: 300,
  selectPolicy: 'Min',
  policies: [{ type: 'Percent', value: 100, periodSec: 15 }],
};

export const ManualScalingSchema = z.object({
  kind: z.literal('manual'),
  instances: z.number().int().nonnegative(),
});

/**
 * A KEDA `cron` trigger beside the Pub/Sub one (shared/simulate/cron.ts; https://keda.sh/docs/latest/scalers/cron/):
 * inside [start, end) on the clock of `timezone` it recommends desiredReplicas; the higher recommendation wins.
 */
export const CronTriggerSchema = z.object({
  start: z.string().describe('Cron expression (5 fields) of the window start, e.g. "55 * * * *"'),
  end: z.string().describe('Cron expression (5 fields) of the window end (exclusive)'),
  timezone: z.string().default('Etc/UTC').describe('IANA time zone the expressions are read in'),
  desiredReplicas: z.number().int().nonnegative().describe('Instances the trigger asks for inside the window'),
});
export type CronTrigger = z.infer<typeof CronTriggerSchema>;

export const CremaScalingSchema = z.object({
  kind: z.literal('crema'),
  targetBacklogPerInstance: z.number().positive().describe('gcp-pubsub trigger `value` (AverageValue target, docs/sources.md#keda-gcp-pubsub-trigger)'),
  minInstances: z.number().int().nonnegative().default(0).describe('minReplicaCount (default 0, docs/sources.md#crema)'),
  maxInstances: z.number().int().nonnegative().default(100).describe('maxReplicaCount (CREMA default 100)'),
  initialInstances: z.number().int().nonnegative().optional().describe('Instances at t = 0; default minInstances'),
  pollingIntervalSec: z.number().positive().default(30).describe('CREMA spec.pollingInterval (KEDA default 30 s, docs/sources.md#keda-scaledobject-defaults)'),
  metricIngestionDelaySec: z.number().nonnegative().default(120).describe('Cloud Monitoring ingestion delay (2+ min, docs/sources.md#crema)'),
  metricSampleSec: z.number().positive().default(60).describe('num_undelivered_messages sampling period'),
  scaleUp: SimScalingRulesSchema.default(CREMA_DEFAULT_SCALE_UP),
  scaleDown: SimScalingRulesSchema.default(CREMA_DEFAULT_SCALE_DOWN),
  schedules: z.array(CronTriggerSchema).default([]).describe('KEDA cron triggers beside the Pub/Sub trigger: the desired count is the max of all'),
  clockStartUtcMs: z.number().default(0).describe('Wall-clock time (UTC, ms since the epoch) of simulated t = 0: where the cron windows fall'),
});
export type CremaScaling = z.infer<typeof CremaScalingSchema>;

/** Cloud Run CPU autoscaling (cpu-autoscaler.ts; needs `cpuSecondsPerMessage` and `resources` to know the CPU a busy slot uses). */
export const CpuScalingSchema = z.object({
  kind: z.literal('cpu'),
  targetUtilization: z.number().gt(0).lte(1).default(0.6).describe('CPU utilisation target, 0-1 (default 60%, docs/sources.md#worker-pool-scaling-modes)'),
  minInstances: z.number().int().nonnegative().default(1).describe('Default 1 (docs/sources.md#worker-pool-scaling-modes)'),
  maxInstances: z.number().int().positive().default(100).describe('Default 100'),
  initialInstances: z.number().int().nonnegative().optional().describe('Instances at t = 0; default minInstances'),
  evaluationPeriodSec: z.number().positive().default(15).describe('Seconds between evaluations (UNCONFIRMED)'),
  windowSec: z.number().positive().default(60).describe('CPU averaged over this window ("one minute window")'),
  scaleDownStabilizationSec: z.number().nonnegative().default(300).describe('Scale-down holds the largest desired count of this window (UNCONFIRMED; HPA default)'),
});
export type CpuScaling = z.infer<typeof CpuScalingSchema>;

export const SimScalingSchema = z.discriminatedUnion('kind', [ManualScalingSchema, CremaScalingSchema, CpuScalingSchema]);
export type SimScaling = z.infer<typeof SimScalingSchema>;

/** Pub/Sub subscription and client behaviour (docs/sources.md#subscription-fields, #client-flow-control-and-leases, #ack-deadlines, #dead-letter-topics). */
export const SimSubscriptionSchema = z.object({
  ackDeadlineSec: z.number().nonnegative().default(10).describe('0 means 10 s (docs/sources.md#subscription-fields)'),
  leaseExtension: z.boolean().default(true).describe('Client library extends leases up to maxExtensionSec (docs/sources.md#client-flow-control-and-leases)'),
  maxExtensionSec: z.number().positive().default(3600).describe('Node maxExtensionTime = 60 min'),
  minimumBackoffSec: z.number().min(0).max(600).optional().describe('retryPolicy.minimumBackoff; unset (with max unset) = no retry policy'),
  maximumBackoffSec: z.number().min(0).max(600).optional().describe('retryPolicy.maximumBackoff'),
  maxDeliveryAttempts: z.number().int().min(1).optional().describe('Dead-letter after this many attempts; unset = no DLQ'),
});
export type SimSubscription = z.infer<typeof SimSubscriptionSchema>;

export const SimConfigSchema = z.object({
  seed: z.number().int().default(1),
  arrivalsPerMinute: z.array(z.number().nonnegative()).min(1).describe('Published messages per minute, one entry per minute'),
  arrivalMode: z.enum(['poisson', 'uniform-count']).default('poisson')
    .describe('poisson: a Poisson process at rate n/60 within each minute; uniform-count: exactly round(n) arrivals at uniform times'),
  serviceTime: ServiceTimeSchema,
  concurrencyPerInstance: z.number().int().positive().default(1),
  startupSec: z.number().nonnegative().default(0).describe('Seconds before a new instance takes work (billed meanwhile)'),
  scaling: SimScalingSchema,
  subscription: SimSubscriptionSchema.default({ ackDeadlineSec: 10, leaseExtension: true, maxExtensionSec: 3600 }),
  failureProbability: z.number().min(0).max(1).default(0).describe('Chance one delivery fails and is nacked'),
  initialBacklog: z.number().int().nonnegative().default(0)
    .describe('Unacked messages waiting at t = 0: a warm start from a recorded state (published at t = 0 unless initialBacklogAgeSec is set)'),
  initialBacklogAgeSec: z.number().nonnegative().default(0)
    .describe('Oldest unacked age at t = 0, seconds: the initial backlog gets publish times spread evenly over [−age, 0], oldest first (constant-rate accumulation); their waits and ages count from t = 0, only the timeline\'s oldestAgeSec sees the earlier publish times'),
  stateResets: z.array(z.object({
    minute: z.number().int().positive(),
    backlog: z.number().int().nonnegative().optional(),
    instances: z.number().int().nonnegative().optional(),
    oldestAgeSec: z.number().nonnegative().optional()
      .describe('Recorded oldest unacked age at the join, seconds: the messages added to reach `backlog` get publish times from the join − age on (as initialBacklogAgeSec)'),
  })).default([])
    .describe('Joins of non-contiguous recorded segments: at each minute the backlog (queued messages added or removed) and the scaler\'s instances are set to the recorded state'),
  downstreamLimitPerSec: z.number().positive().optional()
    .describe('Downstream rate limit across the pool, calls/s: each delivery takes one call; a call waits for the limiter (slowed call, slot held) — see engine.ts'),
  cpuSecondsPerMessage: z.number().nonnegative().optional()
    .describe('vCPU-seconds one message uses; with resources.vcpu, processing stretches when an instance\'s busy slots need more CPU than it has (processor sharing)'),
  shutdownGraceSec: z.number().nonnegative().default(10)
    .describe('SIGTERM → SIGKILL grace of a removed instance, seconds (10 s: https://cloud.google.com/run/docs/container-contract#lifecycle)'),
  inFlightOnScaleDown: z.enum(['redeliver', 'drain']).default('redeliver')
    .describe('redeliver: messages a removed instance still processes after the grace are lost and come back after the ack deadline (duplicates); drain: removed instances finish them (optimistic)'),
  drainAfterSec: z.number().nonnegative().default(3600).describe('Keep simulating after the trace until all messages finish, at most this long'),
  resources: InstanceShapeSchema.optional().describe('Instance shape for the cost; omitted → costUsd 0'),
  timeline: z.boolean().default(true).describe('Record the per-minute timeline'),
  maxBacklogMessages: z.number().int().positive().default(5_000_000)
    .describe('Stop early (stoppedEarly) once this many messages are unacked: bounds memory for hopeless configs'),
});
export type SimConfig = z.infer<typeof SimConfigSchema>;
/** CPU autoscaling reads CPU per message: a config without it is refused, not simulated as idle. */
export const SimConfigCheckedSchema = SimConfigSchema.refine((c) => c.scaling.kind !== 'cpu' || (c.cpuSecondsPerMessage !== undefined && c.resources !== undefined), {
  message: 'CPU autoscaling needs cpuSecondsPerMessage and resources (the CPU a busy slot uses)', path: ['scaling'],
});
export type SimConfigInput = z.input<typeof SimConfigSchema>;

export const TimelinePointSchema = z.object({
  minute: z.number().int(),
  instances: z.number().int().describe('Requested (billed) instances at the end of the minute'),
  readyInstances: z.number().int(),
  backlog: z.number().int().describe('Unacked messages (queued + in flight + awaiting retry) at the end of the minute'),
  published: z.number().int(),
  acked: z.number().int(),
  // Per-minute counters that a metrics recording also has (calibration and shared/verify compare them).
  delivered: z.number().int().optional().describe('Deliveries started in the minute (first deliveries, retries and duplicates)'),
  nacked: z.number().int().optional().describe('Failed deliveries in the minute'),
  expired: z.number().int().optional().describe('Ack deadline / lease expiries in the minute'),
  deadLettered: z.number().int().optional().describe('Messages forwarded to the dead-letter topic in the minute'),
  oldestAgeSec: z.number().optional().describe('Age of the oldest unacked message at the end of the minute (0 when none)'),
  busySlots: z.number().optional().describe('Slots holding a message at the end of the minute'),
});
export type TimelinePoint = z.infer<typeof TimelinePointSchema>;

export const SimResultSchema = z.object({
  published: z.number().int(),
  acked: z.number().int().describe('Messages acked (each counted once)'),
  deadLettered: z.number().int(),
  unfinished: z.number().int().describe('Messages neither acked nor dead-lettered when the simulation stopped'),
  deliveries: z.number().int().describe('Processing starts, including retries and duplicates'),
  nacks: z.number().int(),
  expiredLeases: z.number().int().describe('Ack deadline / lease expiries (each redelivers: docs/sources.md#ack-deadlines)'),
  duplicates: z.number().int().describe('Deliveries started because a lease expired while the message was still being processed, or its instance was removed mid-work'),
  killedInFlight: z.number().int().optional().describe('Deliveries cut off by scale-down (still processing when their instance was killed after the shutdown grace)'),
  duplicateRatio: z.number().describe('duplicates / published'),
  waitSec: z.object({
    p50: z.number(), p95: z.number(), p99: z.number(), mean: z.number(), max: z.number(),
    probPositive: z.number().describe('Share of messages that waited at all, 0-1'),
    samples: z.number().int(),
  }).describe('Queue wait = first processing start − publish time (for a warm-start message, − the join it entered at)'),
  maxMessageAgeSec: z.number().describe('Largest publish → ack/dead-letter time (or → end, if unfinished); a warm-start message counts from the join it entered at'),
  latencySec: z.object({ p50: z.number(), p95: z.number(), p99: z.number() }).optional()
    .describe('End-to-end latency of acked messages, publish → ack (queue wait, retries and processing)'),
  instanceSeconds: z.number(),
  horizonInstanceSeconds: z.number().optional().describe('Instance-seconds over the trace only (the drain after it excluded)'),
  averageInstances: z.number(),
  costUsd: z.number(),
  meanBusySlots: z.number().describe('Time-averaged slots processing a message'),
  meanBacklog: z.number().describe('Time-averaged unacked messages (queued + in flight + awaiting retry)'),
  throttledSec: z.number().optional().describe('Total seconds deliveries waited for the downstream rate limiter'),
  meanStretch: z.number().optional().describe('Mean factor processing times were stretched by CPU contention (1 = none)'),
  horizonSec: z.number().describe('Length of the trace'),
  simulatedSec: z.number().describe('Trace plus drain time actually simulated'),
  events: z.number().int(),
  stoppedEarly: z.boolean().describe('The backlog passed maxBacklogMessages and the run was cut short (the config cannot keep up)'),
  timeline: z.array(TimelinePointSchema),
  meanCpuUtilization: z.number().optional().describe('Time-averaged CPU used ÷ ready instances, 0-1 (when CPU per message is known)'),
});
export type SimResult = z.infer<typeof SimResultSchema>;
