/**
 * The shape of `pool-tuner observe --format json` and of the MCP `propose_alerts` result: per pool, the alert
 * policies derived from the SLO, the pool model and the tuned configuration's predicted bands, each tested on the
 * recorded day and on the replays of the tuned configuration, and the dashboard. zod is the single source of truth;
 * docs/observe.md describes it.
 */
import { z } from 'zod';

export const ALERT_KINDS = [
  'oldest-age', 'backlog-growth', 'dead-letters', 'expired-ack-deadlines', 'pinned-at-max', 'downstream-ceiling', 'stalled',
] as const;
export const AlertKindSchema = z.enum(ALERT_KINDS).describe(
  'oldest-age: oldest unacked message approaching the SLO max age; backlog-growth: backlog growing with a drain time over the wait objective; ' +
  'dead-letters: any message dead-lettered; expired-ack-deadlines: expired ack deadlines above the predicted band; ' +
  'pinned-at-max: instances held at the scaler maximum; downstream-ceiling: ack rate at the downstream limit; stalled: no acks while the backlog is non-zero',
);
export type AlertKind = z.infer<typeof AlertKindSchema>;

export const VerdictSchema = z.enum(['ok', 'too-tight', 'too-loose', 'conflict', 'untested']).describe(
  'ok: quiet on every healthy replay and, where the recording breached the SLO, fired on it; too-tight: fired on a replay of the tuned configuration that met the SLO (threshold raised); ' +
  'too-loose: stayed quiet while the recording breached the SLO (threshold lowered); conflict: no threshold separates the two; untested: no recording and no replays',
);
export type Verdict = z.infer<typeof VerdictSchema>;

export const RecordedEvaluationSchema = z.object({
  fires: z.number().int().nonnegative().describe('Incidents the condition would have opened on the recorded series'),
  at: z.array(z.string()).describe('When each incident would have opened (ISO 8601, UTC, from the snapshot window)'),
  minutes: z.number().int().nonnegative().describe('Recorded minutes evaluated'),
  sloBreached: z.boolean().describe('True when the recording itself breached the SLO (an incident the alert should catch)'),
  bySubscription: z.array(z.object({ subscription: z.string(), fires: z.number().int().nonnegative() })).optional()
    .describe('With several subscriptions: the incidents each subscription\'s recorded series would have opened (their sum is `fires`)'),
});

export const ReplayEvaluationSchema = z.object({
  replays: z.number().int().nonnegative().describe('Replays of the tuned configuration evaluated'),
  fired: z.number().int().nonnegative().describe('Replays on which the condition opened at least one incident'),
  healthy: z.number().int().nonnegative().describe('Replays on which the tuned configuration met the SLO'),
  firedHealthy: z.number().int().nonnegative().describe('Healthy replays on which the condition fired (each makes the alert too tight)'),
});

export const AdjustmentSchema = z.object({
  from: z.number().describe('Threshold before the test'),
  to: z.number().describe('Threshold after the test'),
  why: z.string(),
});

export const AlertSchema = z.object({
  kind: AlertKindSchema,
  displayName: z.string().describe('The policy display name (the key `observe --apply live` matches on)'),
  threshold: z.number().describe('The threshold the condition compares with, in `unit`'),
  unit: z.string().describe('Unit of the threshold: s, messages, ratio, msg/s, instances, 1'),
  durationSec: z.number().int().nonnegative().describe('How long the condition must hold before an incident opens'),
  windowSec: z.number().int().positive().describe('Rate/increase window of the condition'),
  query: z.string().describe('The PromQL condition (conditionPrometheusQueryLanguage.query)'),
  derivation: z.string().describe('How the threshold was derived (also in the policy documentation)'),
  fitted: z.boolean().describe('False when the threshold comes from the SLO alone (no metrics or no predicted bands)'),
  recorded: RecordedEvaluationSchema.optional().describe('The condition evaluated on the recorded per-minute series'),
  replays: ReplayEvaluationSchema.optional().describe('The condition evaluated on the simulated timelines of the tuned configuration'),
  verdict: VerdictSchema,
  adjustment: AdjustmentSchema.optional(),
  summary: z.string().describe('One line, e.g. "would have fired 3 times (14:02, 14:31, 19:10); fires on 0 of 10 replays of the proposed configuration"'),
});
export type Alert = z.infer<typeof AlertSchema>;

export const TargetsSchema = z.object({
  project: z.string().optional(),
  subscription: z.string().describe('The first subscription'),
  subscriptions: z.array(z.string()).optional().describe('Every subscription of the pool (the first included) when it has more than one: the conditions return one series per subscription'),
  workerPool: z.string().optional(),
  region: z.string().optional(),
}).describe('The label values the queries filter on (project_id, subscription_id, worker_pool_name, location)');

export const PoolObservabilitySchema = z.object({
  pool: z.string(),
  targets: TargetsSchema.optional(),
  subscription: z.string().optional().describe('Short id of the first subscription the alerts watch'),
  subscriptions: z.array(z.string()).optional().describe('Short ids of every subscription the alerts watch; with more than one, each opens its own incidents (the conditions are grouped by subscription_id)'),
  workerPool: z.string().optional(),
  fitted: z.boolean().describe('False when the pool has no metrics: thresholds come from the SLO only'),
  notes: z.array(z.string()),
  skipped: z.array(z.object({ kind: AlertKindSchema, why: z.string() })).describe('Alert kinds not generated for this pool, and why'),
  alerts: z.array(AlertSchema),
  policies: z.array(z.record(z.string(), z.unknown())).describe('google.monitoring.v3.AlertPolicy JSON, one per alert (gcloud monitoring policies create --policy-from-file)'),
  dashboard: z.record(z.string(), z.unknown()).describe('google.monitoring.dashboard.v1.Dashboard JSON (gcloud monitoring dashboards create --config-from-file)'),
});
export type PoolObservability = z.infer<typeof PoolObservabilitySchema>;

export const ObserveOutputSchema = z.object({
  version: z.literal(1),
  tool: z.literal('pool-tuner'),
  metricsSource: z.string().describe('"declared" without metrics, else the snapshot file'),
  notificationChannels: z.array(z.string()).describe('pool-tuner.yaml notificationChannels'),
  pools: z.array(PoolObservabilitySchema),
});
export type ObserveOutput = z.infer<typeof ObserveOutputSchema>;
