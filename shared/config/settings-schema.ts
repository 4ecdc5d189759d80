/**
 * `pool-tuner.yaml`: the project settings file. This zod schema is the single source of truth; the JSON Schema
 * in `schemas/pool-tuner.schema.json` is generated from it (`npm run schemas`) and a test keeps it current.
 */
import { z } from 'zod';
import { ModelOverridesSchema } from '../model/identify-schema.ts';
import { NOTIFICATION_CHANNEL_FORMAT, NOTIFICATION_CHANNEL_RE } from '../observe/channels.ts';

/** Env var names read, in order, as a container's per-instance concurrency when the settings name none. */
export const DEFAULT_CONCURRENCY_ENV_VARS = [
  'MAX_OUTSTANDING_MESSAGES',
  'MAX_MESSAGES',
  'FLOW_CONTROL_MAX_MESSAGES',
  'CONCURRENCY',
  'WORKER_CONCURRENCY',
  'MAX_CONCURRENCY',
] as const;

export const PoolSloSchema = z.object({
  queueWaitP95Sec: z.number().positive().optional()
    .describe('Target 95th percentile of the time a message waits before a worker starts on it, in seconds'),
  maxMessageAgeSec: z.number().positive().optional()
    .describe('Oldest unacked message age the pool must never exceed, in seconds'),
  latencyP95Sec: z.number().positive().optional()
    .describe('Target 95th percentile of end-to-end latency, publish → ack (queue wait plus processing), in seconds: what "p95 latency" usually means'),
  duplicateRatioMax: z.number().min(0).max(1).optional()
    .describe('Highest acceptable share of deliveries that are redeliveries (0-1), e.g. 0.01'),
}).strict();
export type PoolSlo = z.infer<typeof PoolSloSchema>;

export const PoolSettingsSchema = z.object({
  workerPool: z.string().optional().describe('Name of the Cloud Run WorkerPool (metadata.name) that belongs to this pool'),
  subscriptions: z.array(z.string()).optional().describe('Pub/Sub subscription names (short or full) the pool pulls from'),
  scaler: z.string().optional().describe('Name of the CremaConfig or ScaledObject (metadata.name) that scales this pool'),
  slo: PoolSloSchema.optional().describe('Service level objectives for this pool'),
  downstreamLimitPerSec: z.number().positive().optional()
    .describe('Messages per second the pool\'s downstream dependency accepts (a rate limit), across all instances'),
  downstreamMaxInFlight: z.number().int().positive().optional()
    .describe('Concurrent requests the downstream dependency accepts across all instances'),
  processingTimeSec: z.number().positive().optional()
    .describe('Expected (declared) processing time of one message, in seconds, when no metrics say otherwise'),
  concurrencyEnvVar: z.string().optional()
    .describe('Container env var that holds per-instance concurrency (overrides the project default)'),
  deadLetterAlerting: z.boolean().optional()
    .describe('True when an alert fires on dead-lettered messages for this pool'),
  startupTimeSec: z.number().nonnegative().optional().describe('Instance start-up time in seconds, for the simulator'),
  timezone: z.string().optional()
    .describe('IANA time zone of proposed cron schedules (KEDA cron trigger `timezone`); default Etc/UTC'),
  model: ModelOverridesSchema.optional(),
}).strict();
export type PoolSettings = z.infer<typeof PoolSettingsSchema>;

export const ExternalResourcesSchema = z.object({
  subscriptions: z.array(z.string()).optional()
    .describe('Pub/Sub subscriptions (short names or projects/P/subscriptions/S) that exist outside these files'),
  workerPools: z.array(z.string()).optional()
    .describe('Cloud Run worker pools (short names or projects/P/locations/R/workerpools/NAME) that exist outside these files'),
}).strict();
export type ExternalResources = z.infer<typeof ExternalResourcesSchema>;
/** How proposals are confirmed on many replays (shared/model/replays.ts); defaults in DEFAULT_REPLAY_SETTINGS. */
export const TunerSettingsSchema = z.object({
  trafficGrowth: z.number().min(0).max(5).optional()
    .describe('Traffic-growth stress: the growth replays scale arrivals by 1 + this (default 0.2 = +20%)'),
  sloMetShareMin: z.number().min(0).max(1).optional()
    .describe('Propose the cheapest configuration whose SLO holds on at least this share of replays (default 0.95)'),
  replaySeeds: z.number().int().min(1).max(50).optional().describe('Replays of the recorded arrivals with other seeds (default 5)'),
  replayResamples: z.number().int().min(0).max(50).optional().describe('Replays on block-bootstrapped stretches of the recording (default 4)'),
}).strict();
export type TunerSettings = z.infer<typeof TunerSettingsSchema>;

export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

export const ProjectSettingsSchema = z.object({
  apiVersion: z.literal('pool-tuner/v1').optional().describe('Settings format version'),
  kind: z.literal('PoolTunerSettings').optional().describe('Marks this document as Pool Tuner settings'),
  project: z.string().optional().describe('Google Cloud project id, used for live metrics'),
  region: z.string().optional().describe('Default region of the pools, e.g. us-central1'),
  priceTier: z.union([z.literal(1), z.literal(2)]).optional().describe('Cloud Run pricing tier of the region (1 or 2)'),
  gkePricing: z.enum(['autopilot', 'unknown']).optional()
    .describe('How the GKE pools (Deployments a KEDA ScaledObject scales) are billed: "autopilot" prices their Pods at GKE Autopilot general-purpose rates (UNCONFIRMED) on their requests; unset or "unknown": cost says the price is not known'),
  concurrencyEnvVars: z.array(z.string()).optional()
    .describe(`Env var names read as per-instance concurrency, in order (default: ${DEFAULT_CONCURRENCY_ENV_VARS.join(', ')})`),
  rules: z.record(z.string(), z.union([SeveritySchema, z.literal('off')])).optional()
    .describe('Severity override per rule id, or "off"'),
  pools: z.record(z.string(), PoolSettingsSchema).optional()
    .describe('Per-pool settings and explicit links, keyed by pool name'),
  kedaVersion: z.string().regex(/^v?\d+\.\d+(\.\d+)?$/, 'a KEDA version such as 2.19 or v2.20.1').optional()
    .describe('KEDA version that runs the plain ScaledObjects (e.g. "2.19"); unset: checks that differ by version say so. CremaConfigs use the KEDA CREMA bundles'),
  external: ExternalResourcesSchema.optional()
    .describe('Resources that exist but whose configs are not in these files (created by gcloud, scripts or another repository)'),
  tuner: TunerSettingsSchema.optional().describe('How the tuner confirms a configuration on replays of the traffic (docs/tuner.md)'),
  notificationChannels: z.array(z.string().regex(NOTIFICATION_CHANNEL_RE, `a notification channel name, ${NOTIFICATION_CHANNEL_FORMAT}`)).optional()
    .describe(`Cloud Monitoring notification channels the alert policies of \`pool-tuner observe\` notify, each ${NOTIFICATION_CHANNEL_FORMAT} (docs/observe.md)`),
}).strict();
export type ProjectSettings = z.infer<typeof ProjectSettingsSchema>;
