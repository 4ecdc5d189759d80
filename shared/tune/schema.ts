/**
 * Shapes of the tuner's output: one `Proposal` per pool and the versioned `pool-tuner tune --format json`
 * document (`TuneOutput`, `version: 1`). zod is the single source of truth; docs/tune-output.md describes it.
 */
import { IdentificationSchema } from '../model/identify-schema.ts';
import { InputErrorSchema } from '../config/input-errors.ts';
import { ModeComparisonSchema } from './modes-schema.ts';
import { z } from 'zod';
import { TextEditSchema } from '../config/edits.ts';
import { PredictedBandsSchema } from '../model/bands-schema.ts';

/** A KEDA `cron` trigger as the ScaledObject/CremaConfig writes it (https://keda.sh/docs/latest/scalers/cron/). */
export const ScheduleSchema = z.object({
  start: z.string().describe('Cron expression (5 fields) of the window start, e.g. "55 * * * *"'),
  end: z.string().describe('Cron expression (5 fields) of the window end (exclusive)'),
  timezone: z.string().describe('IANA time zone the expressions are read in'),
  desiredReplicas: z.number().int().nonnegative().describe('Instances the trigger asks for inside the window'),
});
export type Schedule = z.infer<typeof ScheduleSchema>;

export const ScalingChoiceSchema = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('manual'),
    instances: z.number().int().nonnegative().describe('run.googleapis.com/manualInstanceCount'),
  }),
  z.object({
    mode: z.literal('crema'),
    targetValue: z.number().positive().describe('gcp-pubsub trigger `value`: target backlog per instance (AverageValue)'),
    minReplicas: z.number().int().nonnegative().describe('minReplicaCount'),
    maxReplicas: z.number().int().positive().describe('maxReplicaCount'),
    scaleDownStabilizationSec: z.number().int().nonnegative().describe('behavior.scaleDown.stabilizationWindowSeconds'),
    schedules: z.array(ScheduleSchema).optional()
      .describe('KEDA `cron` triggers beside the Pub/Sub trigger (the higher recommendation wins); absent when none is proposed or configured'),
  }),
]).describe('How the pool is scaled: a fixed instance count, or CREMA/KEDA on subscription backlog');
export type ScalingChoice = z.infer<typeof ScalingChoiceSchema>;

/** Every tunable setting of a pool. In `current`, a field is absent when the config does not say it. */
export const PoolSettingsValuesSchema = z.object({
  concurrency: z.number().int().positive().optional().describe('Per-instance concurrency (max outstanding messages)'),
  scaling: ScalingChoiceSchema.optional(),
  ackDeadlineSec: z.number().int().optional().describe('Subscription ackDeadlineSeconds (effective: unset = 10)'),
  minimumBackoffSec: z.number().optional().describe('retryPolicy.minimumBackoff; absent = no retry policy (immediate redelivery)'),
  maximumBackoffSec: z.number().optional().describe('retryPolicy.maximumBackoff'),
  maxDeliveryAttempts: z.number().int().optional().describe('deadLetterPolicy.maxDeliveryAttempts; absent = no dead-letter policy'),
  deadLetterTopic: z.string().optional().describe('Short id of the dead-letter topic'),
});
export type PoolSettingsValues = z.infer<typeof PoolSettingsValuesSchema>;

export const FiguresSchema = z.object({
  queueWaitP95Sec: z.number().describe('95th percentile of the time a message waits before a worker starts it'),
  queueWaitP99Sec: z.number().describe('99th percentile of the same'),
  maxMessageAgeSec: z.number().describe('Oldest unacked message age reached over the window'),
  latencyP95Sec: z.number().optional().describe('95th percentile of publish → ack over acked messages (queue wait + processing)'),
  duplicateRatio: z.number().describe('Redeliveries caused by expired ack deadlines ÷ deliveries, 0-1'),
  duplicates: z.number().describe('Redeliveries caused by expired ack deadlines over the window'),
  deadLettered: z.number().describe('Messages forwarded to the dead-letter topic over the window'),
  meanInstances: z.number().describe('Time-averaged instance count'),
  costUsdPerMonth: z.number().describe('Instance cost at this rate over a 730-hour month (before free tier and discounts)'),
  sloMet: z.boolean().describe('True when every SLO in pool-tuner.yaml holds for these figures'),
}).describe('Simulated figures over the metrics window (same seed for current and proposed)');
export type Figures = z.infer<typeof FiguresSchema>;

export const CalibrationRowSchema = z.object({
  figure: z.enum(['meanInstances', 'p95Instances', 'backlogP95', 'oldestAgeP95Sec', 'throughputPerSec', 'expiredRatio'])
    .describe('meanInstances/p95Instances: instance count; backlogP95: unacked messages; oldestAgeP95Sec: oldest unacked age, s; throughputPerSec: acked msg/s; expiredRatio: expired ack deadlines ÷ deliveries'),
  simulated: z.number().describe('Today\'s config replayed on the recorded arrivals'),
  recorded: z.number().describe('What the metrics recorded over the same minutes'),
  error: z.number().optional().describe('(simulated − recorded) ÷ recorded; absent when recorded is 0'),
});

export const CalibrationSchema = z.object({
  minutes: z.number().int().describe('Recorded minutes compared'),
  rows: z.array(CalibrationRowSchema),
  meanInstancesError: z.number().optional().describe('Relative error of mean instances, the fit criterion'),
  withinTolerance: z.boolean().describe('Mean instances within CALIBRATION_TOLERANCE (25%) of the recording'),
  summary: z.string().describe('One line, e.g. "today simulated 37.6 instances, recorded 38.2 (−2%)"'),
  fitted: z.array(z.string()).describe('Model parameters fitted to the recording, with their values'),
}).describe('How well the model reproduces the recording: today\'s config replayed on the recorded arrivals vs the metrics');
export type Calibration = z.infer<typeof CalibrationSchema>;

export const RationaleSchema = z.object({
  setting: z.string().describe('Which setting the sentence explains, e.g. "concurrency", "ackDeadlineSec"'),
  text: z.string().describe('One or two sentences with the numbers behind the choice'),
});
export type Rationale = z.infer<typeof RationaleSchema>;

const ScheduleSideSchema = z.object({
  scaling: ScalingChoiceSchema,
  costUsdPerMonth: z.number().describe('Median monthly cost over the schedule replays'),
  queueWaitP95Sec: z.number().describe('p95 over the schedule replays of the p95 queue wait'),
  maxMessageAgeSec: z.number().describe('p95 over the schedule replays of the oldest message age'),
  sloMetShare: z.number().describe('Share of the schedule replays meeting the SLO, 0-1'),
});

export const ScheduleComparisonSchema = z.object({
  peaks: z.array(z.object({
    period: z.enum(['hour', 'day', 'week']),
    startPhaseMinute: z.number().describe('Start of the peak, minutes into the period on the UTC clock (weeks from Monday 00:00)'),
    durationMinutes: z.number(),
    heightRatio: z.number().describe('Mean arrivals in the peak ÷ the base rate'),
    jitterMinutes: z.number().describe('Largest distance of a repetition\'s start from the median start'),
    hits: z.number().int(),
    repetitions: z.number().int(),
    evidence: z.string(),
  })).describe('Regular peaks found in the recorded arrivals (shared/model/periodic.ts)'),
  proposed: z.boolean().describe('True when recommended.scaling.schedules carries the schedule below'),
  reactive: ScheduleSideSchema.optional().describe('The best reactive (Pub/Sub trigger only) configuration on the schedule replays'),
  scheduled: ScheduleSideSchema.optional().describe('The best configuration with cron windows found, on the same replays'),
  replays: z.number().int().optional().describe('Replays both sides ran on: the recorded draws, the growth stress, and the recording shifted by the peak\'s jitter'),
  text: z.string().describe('One paragraph: the peak, both sides, and why the schedule is or is not proposed'),
});
export type ScheduleComparison = z.infer<typeof ScheduleComparisonSchema>;

export const ProposalStatusSchema = z.enum(['proposed', 'no-change', 'infeasible', 'needs-metrics', 'low-confidence'])
  .describe('proposed: edits below; no-change: the current config is already the cheapest that meets the SLO; ' +
    'infeasible: no configuration meets the SLO under the hard limits; the proposal is the best configuration under them (downstream caps first) with its predicted figures, and `feasibility` says what would make the SLO feasible; ' +
    'needs-metrics: no arrival rate is known, so only policy settings were tuned; ' +
    'low-confidence: the model does not reproduce the recording (mean instances off by more than 25%), a warning says why; the edits are shown but the figures are not to be trusted');

export const ProposalSchema = z.object({
  id: z.string().describe('Opaque, stable: a hash of the pool, its edits and the base files; changes when any of them changes'),
  pool: z.string(),
  status: ProposalStatusSchema,
  slo: z.object({
    queueWaitP95Sec: z.number().optional(),
    maxMessageAgeSec: z.number().optional(),
    latencyP95Sec: z.number().optional(),
    duplicateRatioMax: z.number().optional(),
  }).describe('The SLO the proposal was sized for (pool-tuner.yaml)'),
  workload: z.object({
    source: z.string().describe('Where arrivals and processing times came from: a metrics source, or "declared"'),
    windowSec: z.number(),
    meanArrivalPerSec: z.number().optional(),
    peakArrivalPerSec: z.number().optional().describe('Busiest minute'),
    processingMeanSec: z.number().optional(),
    processingP99Sec: z.number().optional(),
    failureRatio: z.number().optional(),
  }),
  current: PoolSettingsValuesSchema,
  recommended: PoolSettingsValuesSchema,
  currentFigures: FiguresSchema.optional(),
  predictedFigures: FiguresSchema.optional(),
  unpriced: z.string().optional().describe('Why the instances have no known price (a GKE Pod without gkePricing): the cost figures only compare settings of this pool'),
  identification: IdentificationSchema.optional(),
  calibration: CalibrationSchema.optional(),
  feasibility: z.object({
    downstreamLimitPerSec: z.number().optional().describe('The downstream rate limit (msg/s) at which the declared SLO becomes feasible, found by simulation'),
    queueWaitP95Sec: z.number().optional().describe('The p95 queue-wait objective the proposed configuration meets (p95 over the replays)'),
    maxMessageAgeSec: z.number().optional().describe('The max-age objective the proposed configuration meets (p95 over the replays)'),
    text: z.string(),
  }).optional().describe('Infeasible pools only: what would make the SLO feasible (the downstream limit, or the SLO, that would)'),
  mixedWork: z.object({
    heavyShare: z.number().describe('Share of heavy messages (identification.mixture)'),
    attribute: z.string().optional().describe('The attribute that marks them (pools.<name>.model.heavyAttribute)'),
    light: z.object({ concurrency: z.number().optional(), scaling: PoolSettingsValuesSchema.shape.scaling, figures: FiguresSchema }),
    heavy: z.object({ concurrency: z.number().optional(), scaling: PoolSettingsValuesSchema.shape.scaling, figures: FiguresSchema }),
    costUsdPerMonth: z.number().describe('Both pools together'),
    sloMet: z.boolean().describe('Both pools meet the SLO'),
    text: z.string(),
  }).optional().describe('Mixed work: the simulated effect of a second pool for the heavy messages (a filtered subscription), beside the proposal; never in the diff'),
  currentBands: PredictedBandsSchema.optional().describe('Today\'s configuration over the same replays as predictedBands'),
  scalingModes: ModeComparisonSchema.optional().describe('Manual, CREMA and Cloud Run CPU autoscaling compared at their cheapest robust settings, and the mode recommended'),
  schedule: ScheduleComparisonSchema.optional().describe('Present when the recording shows a regular peak: the peak, and the best schedule beside the best reactive configuration on the same replays'),
  predictedBands: PredictedBandsSchema.optional().describe('The recommended configuration over many replays (seeds, resampled stretches of the recording, traffic growth): median and p95 per figure, and the share of replays meeting the SLO'),
  rationale: z.array(RationaleSchema),
  warnings: z.array(z.string()).describe('Things the user must do or know that an edit cannot express'),
  edits: z.array(TextEditSchema).describe('Minimal text edits to the user\'s files (the one edit model)'),
  diff: z.string().describe('Unified diff of all edits, file by file'),
  baseFileHashes: z.record(z.string(), z.string()).describe('64-bit FNV-1a (16 hex digits) of the text of each edited file before the edits, keyed by path'),
  search: z.object({
    simulations: z.number().int().describe('Candidate configurations simulated'),
    pruned: z.number().int().describe('Candidates ruled out by the queueing bounds without simulating'),
    seed: z.number().int(),
  }).optional(),
});
export type Proposal = z.infer<typeof ProposalSchema>;

export const TuneOutputSchema = z.object({
  version: z.literal(1).describe('Output format version; bumped on breaking changes'),
  tool: z.literal('pool-tuner'),
  metricsSource: z.string().describe('"declared" when no metrics were given, else the snapshot file or "live"'),
  pools: z.array(ProposalSchema),
  totals: z.object({
    currentCostUsdPerMonth: z.number().optional().describe('Absent when no pool has both figures (never a $0 for pools that were not priced)'),
    proposedCostUsdPerMonth: z.number().optional(),
    pools: z.array(z.string()).describe('The pools summed'),
    notCounted: z.array(z.object({ pool: z.string(), reason: z.string() })).describe('Pools left out of the sums, and why'),
  }).describe('Sums over pools that have both figures'),
  notTuned: z.array(InputErrorSchema).optional()
    .describe('Pools not tuned because their input is invalid, and files that failed to parse (their pools are missing)'),
});
export type TuneOutput = z.infer<typeof TuneOutputSchema>;
