/**
 * The metrics snapshot: what a metrics source (Cloud Monitoring, the example generator, a test) records and what
 * every downstream reader (derived figures, rules, tuner) reads. Documented in docs/metrics-snapshot.md; JSON
 * Schema generated to schemas/metrics-snapshot.schema.json by scripts/gen-snapshot-schema.ts.
 *
 * Layout for speed: a series is one array of `number | null` at the window's fixed step (index i covers
 * [start + i·stepSec, start + (i+1)·stepSec)), never an object per point, so a 7-day × 200-pool file is mostly
 * plain numbers that JSON.parse handles at full speed. `null` is a gap (no data), never zero (docs/sources.md#autoscaling-on-pubsub-metrics).
 * A whole series is absent when that metric was not recorded at all.
 */
import { z } from 'zod';

export const SNAPSHOT_SCHEMA_VERSION = 1;

/** A series of non-negative values at the fixed step; null = no data for that step. */
export const SeriesSchema = z.array(z.number().min(0).nullable());
export type Series = (number | null)[];

/**
 * The shape of the snapshot with the series type as a parameter: the checked schema (`SeriesSchema`) for the JSON
 * Schema and types, and a cheap array check in the loader, which validates the numbers itself in one tight loop
 * (a zod check per point costs more than JSON.parse for a week of data, see bench/metrics).
 */
export function buildSnapshotSchema<S extends z.ZodType<Series>>(series: S) {
  const describe = (s: S, text: string) => s.optional().describe(text);
  const PoolSeries = z.object({
    instanceCount: describe(series, 'Container instances (run.googleapis.com/container/instance_count, max per step, summed over states)'),
    cpuUtilization: describe(series, 'Mean container CPU utilisation, 0-1 (run.googleapis.com/container/cpu/utilizations)'),
    memoryUtilization: describe(series, 'Mean container memory utilisation, 0-1 (run.googleapis.com/container/memory/utilizations)'),
  }).strict().describe('Per worker pool series (resource cloud_run_worker_pool)');

  const SubscriptionSeries = z.object({
    topic: z.string().optional().describe('Short topic id the subscription reads from, when known'),
    publishedMessagesPerMin: describe(series, 'Messages published to the topic per step (topic/send_message_operation_count)'),
    deliveredMessagesPerMin: describe(series, 'Messages delivered to subscribers per step, redeliveries included (subscription/sent_message_count)'),
    ackedMessagesPerMin: describe(series, 'Messages acked per step (subscription/ack_message_count)'),
    nackedMessagesPerMin: describe(series, 'Nacks per step (subscription/nack_requests)'),
    expiredAckDeadlinesPerMin: describe(series, 'Ack deadlines that expired per step (subscription/expired_ack_deadlines_count)'),
    deadLetteredMessagesPerMin: describe(series, 'Messages forwarded to the dead-letter topic per step (subscription/dead_letter_message_count)'),
    backlogMessages: describe(series, 'Unacked messages, max per step (subscription/num_unacked_messages_by_region summed over regions)'),
    oldestUnackedAgeSec: describe(series, 'Age of the oldest unacked message in seconds, max per step (subscription/oldest_unacked_message_age_by_region)'),
    processingTimeMs: z.object({
      p50: series.describe('Median ack latency per step, ms'),
      p95: series.describe('95th percentile ack latency per step, ms'),
      p99: series.describe('99th percentile ack latency per step, ms'),
    }).strict().optional().describe('Delivery-to-ack time percentiles (subscription/ack_latencies), a stand-in for processing time'),
  }).strict().describe('Per subscription series (resource pubsub_subscription)');

  const MetricStatus = z.object({
    metric: z.string().describe('Metric type, e.g. pubsub.googleapis.com/subscription/ack_message_count'),
    status: z.enum(['ok', 'partial', 'empty', 'failed']).describe('ok: read fully; partial: some pages or points failed; empty: no series; failed: the request failed'),
    requests: z.number().int().min(0).optional().describe('API requests made for this metric (pages and retries included)'),
    message: z.string().optional().describe('What went wrong, for partial and failed'),
  }).strict();

  return z.object({
    schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION).describe('Snapshot format version; changes only on breaking changes'),
    source: z.string().describe('Where the data came from: "cloud-monitoring", "generated: <trace>", …'),
    recordedAt: z.string().optional().describe('When the snapshot was recorded (ISO 8601)'),
    project: z.string().describe('Google Cloud project id'),
    region: z.string().optional().describe('Region the worker pools were filtered on, when one was given'),
    window: z.object({
      start: z.string().describe('Start of the first step (ISO 8601, UTC)'),
      end: z.string().describe('End of the last step (ISO 8601, UTC); (end − start) / stepSec = series length'),
      stepSec: z.literal(60).describe('Step of every series, seconds (Cloud Monitoring samples Pub/Sub every 60 s, docs/sources.md#pubsub-metrics)'),
    }).strict(),
    pools: z.record(z.string(), PoolSeries).describe('Series per worker pool name'),
    subscriptions: z.record(z.string(), SubscriptionSeries).describe('Series per short subscription id'),
    metrics: z.array(MetricStatus).optional().describe('Per-metric fetch status, so partial data is visible as partial'),
    notes: z.array(z.string()).optional().describe('Free-form notes from the recorder (e.g. the generator model)'),
  }).strict();
}

export const MetricsSnapshotSchema = buildSnapshotSchema(SeriesSchema);
export type MetricsSnapshot = z.infer<typeof MetricsSnapshotSchema>;
export type PoolSeries = MetricsSnapshot['pools'][string];
export type SubscriptionSeries = MetricsSnapshot['subscriptions'][string];
export type MetricStatus = NonNullable<MetricsSnapshot['metrics']>[number];

/** Series fields of a pool and of a subscription (processing-time percentiles are checked separately). */
export const POOL_SERIES = ['instanceCount', 'cpuUtilization', 'memoryUtilization'] as const;
export const SUBSCRIPTION_SERIES = [
  'publishedMessagesPerMin', 'deliveredMessagesPerMin', 'ackedMessagesPerMin', 'nackedMessagesPerMin',
  'expiredAckDeadlinesPerMin', 'deadLetteredMessagesPerMin', 'backlogMessages', 'oldestUnackedAgeSec',
] as const;
/** Series whose values are 0-1 ratios. */
export const RATIO_SERIES: ReadonlySet<string> = new Set(['cpuUtilization', 'memoryUtilization']);
