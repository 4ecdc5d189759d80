/**
 * Shapes of the verification loop (zod is the single source of truth; docs/proposal-records.md and
 * docs/verify-output.md describe them): the proposal record written when a proposal is applied, the figures that
 * can be observed in a metrics recording, predicted bands, and the versioned `pool-tuner verify --format json`
 * document.
 */
import { z } from 'zod';
import { PoolSettingsValuesSchema } from '../tune/schema.ts';
import { PredictedBandsSchema } from '../model/bands-schema.ts';

export const PROPOSAL_RECORD_VERSION = 1;

/** The figures verify compares: each can be computed the same way from a recording and from a simulation. */
export const OBSERVABLE_FIGURES = ['queueWaitP95Sec', 'maxMessageAgeSec', 'duplicateRatio', 'deadLetterRatio', 'meanInstances', 'costUsdPerMonth'] as const;
export type ObservableFigure = (typeof OBSERVABLE_FIGURES)[number];

export const ObservedFiguresSchema = z.object({
  queueWaitP95Sec: z.number().describe("95th percentile queue wait, message-weighted over minutes, each minute by Little's law: messages waiting (unacked − in flight) ÷ arrival rate"),
  maxMessageAgeSec: z.number().describe('Largest oldest-unacked-message age over the window'),
  duplicateRatio: z.number().describe('Expired ack deadlines ÷ published messages, 0-1 (each expiry redelivers a copy)'),
  deadLetterRatio: z.number().describe('Dead-lettered ÷ published messages, 0-1'),
  meanInstances: z.number().describe('Mean instance count over the window'),
  costUsdPerMonth: z.number().describe('Mean instances priced for a 730-hour month (the cost model of pool-tuner cost)'),
  sloMet: z.boolean().describe('Every SLO in pool-tuner.yaml holds for these figures'),
}).describe('Figures that a metrics recording shows, computed the same way from a recording and from a simulated one');
export type ObservedFigures = z.infer<typeof ObservedFiguresSchema>;

export const BandSchema = z.object({
  low: z.number().describe('5th percentile over the replays'),
  median: z.number().describe('Median over the replays'),
  high: z.number().describe('95th percentile over the replays'),
});
export type Band = z.infer<typeof BandSchema>;

export const BandsSchema = z.object({
  basis: z.string().describe('How the bands were made, e.g. "5 replays (seeds 1-5) of the recorded arrivals"'),
  replays: z.number().int().positive(),
  figures: z.object(Object.fromEntries(OBSERVABLE_FIGURES.map((k) => [k, BandSchema])) as Record<ObservableFigure, typeof BandSchema>),
  sloMetShare: z.number().describe('Share of replays on which every SLO held, 0-1'),
});
export type Bands = z.infer<typeof BandsSchema>;

export const TrafficSummarySchema = z.object({
  minutes: z.number().int().describe('Length of the window, minutes'),
  meanArrivalPerSec: z.number(),
  peakArrivalPerSec: z.number().describe('Busiest minute'),
  burstiness: z.number().describe('Coefficient of variation of the per-minute arrival counts (0 = perfectly steady)'),
  processingMeanSec: z.number().optional(),
  processingP99Sec: z.number().optional(),
  failureRatio: z.number().optional().describe('Nacks ÷ deliveries, 0-1'),
}).describe('The workload a pool saw: arrival mean, peak and shape, processing time, failures');
export type TrafficSummary = z.infer<typeof TrafficSummarySchema>;

export const ProposalRecordSchema = z.object({
  schemaVersion: z.literal(PROPOSAL_RECORD_VERSION).describe('Record format version; bumped on breaking changes'),
  kind: z.literal('PoolTunerProposalRecord'),
  id: z.string().describe('The proposal id (also the file name)'),
  pool: z.string(),
  appliedAt: z.string().describe('When the proposal was applied (ISO 8601, UTC)'),
  appliedBy: z.enum(['cli', 'mcp', 'editor']).describe('Which front applied it: pool-tuner tune --apply, the MCP apply_proposal tool, or the VS Code Tune command'),
  before: PoolSettingsValuesSchema.describe('The pool\'s settings before the change'),
  after: PoolSettingsValuesSchema.describe('The pool\'s settings after the change'),
  slo: z.object({
    queueWaitP95Sec: z.number().optional(),
    maxMessageAgeSec: z.number().optional(),
    duplicateRatioMax: z.number().optional(),
  }).describe('The SLO in pool-tuner.yaml when the proposal was applied'),
  predicted: BandsSchema.optional().describe('Predicted figures of the "after" settings on the traffic it was tuned on; absent when there was no arrival rate to replay'),
  tunerBands: PredictedBandsSchema.optional().describe('The tuner\'s own predicted bands for the whole proposal (per-message waits; pool-tuner tune --format json predictedBands), when the whole proposal was applied'),
  workload: TrafficSummarySchema.extend({
    source: z.string().describe('The metrics the proposal was tuned on: a snapshot file, "live", or "declared"'),
  }),
  snapshotHash: z.string().optional().describe('64-bit FNV-1a (16 hex digits) of the metrics the proposal was tuned on; absent without metrics'),
  files: z.array(z.object({
    file: z.string().describe('Path relative to the folder holding .pool-tuner/'),
    hashBefore: z.string().describe('64-bit FNV-1a of the file before the edits'),
    hashAfter: z.string().describe('64-bit FNV-1a of the file after the edits'),
  })).describe('The files the proposal changed'),
}).strict().describe('What Pool Tuner predicted when a proposal was applied: .pool-tuner/proposals/<id>.json beside pool-tuner.yaml');
export type ProposalRecord = z.infer<typeof ProposalRecordSchema>;

export const VerdictSchema = z.enum(['inside', 'better', 'worse']).describe('inside the predicted band (with its tolerance), better than it, or worse');
export type Verdict = z.infer<typeof VerdictSchema>;

export const FigureCheckSchema = z.object({
  figure: z.enum(OBSERVABLE_FIGURES),
  predicted: BandSchema,
  observed: z.number(),
  verdict: VerdictSchema,
  replayed: BandSchema.optional().describe('The same config replayed on the new recording: what the model says the new traffic gives'),
  reproduced: z.boolean().optional().describe('The observation lies inside the replayed band'),
});
export type FigureCheck = z.infer<typeof FigureCheckSchema>;

export const TrafficChangeSchema = z.object({
  what: z.enum(['rate', 'peak', 'burstiness', 'processing time', 'failures']),
  tuned: z.number(),
  now: z.number(),
  changeRatio: z.number().describe('now ÷ tuned − 1 (0.4 = 40% more)'),
  significant: z.boolean().describe('Beyond the drift threshold for this dimension'),
});
export type TrafficChange = z.infer<typeof TrafficChangeSchema>;

export const PoolVerificationSchema = z.object({
  pool: z.string(),
  proposalId: z.string(),
  appliedAt: z.string(),
  outcome: z.enum(['as-predicted', 'traffic-changed', 'model-wrong'])
    .describe('as-predicted: every figure inside its band; traffic-changed: figures missed their bands (better or worse) and the model, replayed on the new recording, reproduces each of them; model-wrong: it does not'),
  sloMet: z.boolean().optional().describe('The observed figures meet the SLO'),
  checks: z.array(FigureCheckSchema),
  traffic: z.object({ tuned: TrafficSummarySchema, now: TrafficSummarySchema, changes: z.array(TrafficChangeSchema) }).optional(),
  drift: z.object({
    detected: z.boolean().describe('The traffic differs beyond a threshold from what the pool was tuned on'),
    holds: z.boolean().describe('The current config, re-simulated on the new traffic, still meets the SLO and stays within the predicted cost band'),
    sloMetShare: z.number().describe('Share of replays on the new traffic that met the SLO'),
    costUsdPerMonth: z.number().describe('Median replayed cost on the new traffic'),
    retune: z.string().optional().describe('The command to re-tune, when the proposal may no longer hold'),
  }).optional(),
  configMatches: z.boolean().describe('The pool\'s files still hold the record\'s "after" settings'),
  recording: z.object({
    usedMinutes: z.number().int().describe('Minutes of the recording after appliedAt: the part judged'),
    totalMinutes: z.number().int().describe('Minutes in the recording'),
  }).optional().describe('Only when the recording straddles appliedAt: how much of it was used'),
  notes: z.array(z.string()).describe('Sentences with the numbers: what changed and by how much, what to do'),
  failed: z.boolean().describe('The pool misses its SLO or a prediction (figure worse than its band): exit code 1'),
});
export type PoolVerification = z.infer<typeof PoolVerificationSchema>;

export const VerifyOutputSchema = z.object({
  version: z.literal(1).describe('Output format version; bumped on breaking changes'),
  tool: z.literal('pool-tuner'),
  metricsSource: z.string(),
  pools: z.array(PoolVerificationSchema),
  skipped: z.array(z.object({ pool: z.string(), reason: z.string() })).describe('Pools with a record that could not be verified'),
});
export type VerifyOutput = z.infer<typeof VerifyOutputSchema>;
