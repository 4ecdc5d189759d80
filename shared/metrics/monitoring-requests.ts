/**
 * Cloud Monitoring `ListTimeSeries` requests for a snapshot, and parsing of their responses into fixed-step series.
 * Pure: shared/node/cloud-monitoring.ts does the calls. One request per metric type for all pools of a project
 * (filter on metric and resource type, subscriptions narrowed with `one_of` when there are few), aligned server-side
 * to 60 s and reduced across series grouped by subscription / topic / worker pool, so the request count grows with
 * the number of metric types, not pools (docs/sources.md#monitoring-api for request fields, aligners and reducers).
 */
import type { Series } from './snapshot-schema.ts';
import { POOL_SERIES, SUBSCRIPTION_SERIES } from './snapshot-schema.ts';

type PoolField = (typeof POOL_SERIES)[number];
type SubField = (typeof SUBSCRIPTION_SERIES)[number];

export type MetricTarget =
  | { kind: 'subscription'; field: SubField }
  | { kind: 'processing'; percentile: 'p50' | 'p95' | 'p99' }
  | { kind: 'topic' }
  | { kind: 'pool'; field: PoolField };

export interface MetricSpec {
  metricType: string;
  resourceType: 'pubsub_subscription' | 'pubsub_topic' | 'cloud_run_worker_pool';
  aligner: string;
  reducer: string;
  target: MetricTarget;
  /** Tried when this metric fails as unknown or returns no series at all (the global variant of a `_by_region`). */
  fallbackMetricType?: string;
}

const SUB = 'pubsub.googleapis.com/subscription/';
const RUN = 'run.googleapis.com/container/';

/**
 * What a snapshot records. Gauges are aligned with ALIGN_MAX (the worst sample in the step), counters (DELTA) with
 * ALIGN_DELTA (the count in the step, i.e. per minute at a 60 s step), distributions with percentile or mean
 * aligners. `_by_region` metrics first: Google recommends them, the global ones have gaps in a regional outage
 * (docs/sources.md#pubsub-metrics, #autoscaling-on-pubsub-metrics). Kinds marked UNCONFIRMED in docs/sources.md#monitoring-metrics (nack_requests, ack_latencies, the topic's
 * send_message_operation_count) are requested like the confirmed ones; a failure only marks that metric failed.
 */
export const METRIC_SPECS: readonly MetricSpec[] = [
  { metricType: `${SUB}num_unacked_messages_by_region`, fallbackMetricType: `${SUB}num_undelivered_messages`, resourceType: 'pubsub_subscription', aligner: 'ALIGN_MAX', reducer: 'REDUCE_SUM', target: { kind: 'subscription', field: 'backlogMessages' } },
  { metricType: `${SUB}oldest_unacked_message_age_by_region`, fallbackMetricType: `${SUB}oldest_unacked_message_age`, resourceType: 'pubsub_subscription', aligner: 'ALIGN_MAX', reducer: 'REDUCE_MAX', target: { kind: 'subscription', field: 'oldestUnackedAgeSec' } },
  { metricType: `${SUB}ack_message_count`, resourceType: 'pubsub_subscription', aligner: 'ALIGN_DELTA', reducer: 'REDUCE_SUM', target: { kind: 'subscription', field: 'ackedMessagesPerMin' } },
  { metricType: `${SUB}sent_message_count`, resourceType: 'pubsub_subscription', aligner: 'ALIGN_DELTA', reducer: 'REDUCE_SUM', target: { kind: 'subscription', field: 'deliveredMessagesPerMin' } },
  { metricType: `${SUB}nack_requests`, resourceType: 'pubsub_subscription', aligner: 'ALIGN_DELTA', reducer: 'REDUCE_SUM', target: { kind: 'subscription', field: 'nackedMessagesPerMin' } },
  { metricType: `${SUB}expired_ack_deadlines_count`, resourceType: 'pubsub_subscription', aligner: 'ALIGN_DELTA', reducer: 'REDUCE_SUM', target: { kind: 'subscription', field: 'expiredAckDeadlinesPerMin' } },
  { metricType: `${SUB}dead_letter_message_count`, resourceType: 'pubsub_subscription', aligner: 'ALIGN_DELTA', reducer: 'REDUCE_SUM', target: { kind: 'subscription', field: 'deadLetteredMessagesPerMin' } },
  { metricType: `${SUB}ack_latencies`, resourceType: 'pubsub_subscription', aligner: 'ALIGN_PERCENTILE_50', reducer: 'REDUCE_MAX', target: { kind: 'processing', percentile: 'p50' } },
  { metricType: `${SUB}ack_latencies`, resourceType: 'pubsub_subscription', aligner: 'ALIGN_PERCENTILE_95', reducer: 'REDUCE_MAX', target: { kind: 'processing', percentile: 'p95' } },
  { metricType: `${SUB}ack_latencies`, resourceType: 'pubsub_subscription', aligner: 'ALIGN_PERCENTILE_99', reducer: 'REDUCE_MAX', target: { kind: 'processing', percentile: 'p99' } },
  { metricType: 'pubsub.googleapis.com/topic/send_message_operation_count', resourceType: 'pubsub_topic', aligner: 'ALIGN_DELTA', reducer: 'REDUCE_SUM', target: { kind: 'topic' } },
  { metricType: `${RUN}instance_count`, resourceType: 'cloud_run_worker_pool', aligner: 'ALIGN_MAX', reducer: 'REDUCE_SUM', target: { kind: 'pool', field: 'instanceCount' } },
  { metricType: `${RUN}cpu/utilizations`, resourceType: 'cloud_run_worker_pool', aligner: 'ALIGN_MEAN', reducer: 'REDUCE_MEAN', target: { kind: 'pool', field: 'cpuUtilization' } },
  { metricType: `${RUN}memory/utilizations`, resourceType: 'cloud_run_worker_pool', aligner: 'ALIGN_MEAN', reducer: 'REDUCE_MEAN', target: { kind: 'pool', field: 'memoryUtilization' } },
];

/** The label each resource type is grouped by (docs/sources.md#pubsub-metrics, #worker-pool-metrics). */
export const GROUP_LABEL: Record<MetricSpec['resourceType'], string> = {
  pubsub_subscription: 'subscription_id',
  pubsub_topic: 'topic_id',
  cloud_run_worker_pool: 'worker_pool_name',
};

/** Up to this many ids go in a `one_of` filter; more, and the request reads the whole project and drops the rest. */
export const ONE_OF_MAX = 100;

export interface RecordTargets {
  project: string;
  region?: string;
  pools: string[];
  subscriptions: string[];
  topics: string[];
  /** Window end and start, epoch seconds, on whole steps. */
  startSec: number;
  endSec: number;
  stepSec: number;
}

export interface ListTimeSeriesRequest {
  name: string;
  filter: string;
  interval: { startTime: { seconds: number }; endTime: { seconds: number } };
  aggregation: { alignmentPeriod: { seconds: number }; perSeriesAligner: string; crossSeriesReducer: string; groupByFields: string[] };
  view: 'FULL';
  pageSize: number;
  pageToken?: string;
}

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Ids of the resources a spec is about. */
export function idsFor(spec: MetricSpec, t: RecordTargets): string[] {
  return spec.resourceType === 'pubsub_subscription' ? t.subscriptions : spec.resourceType === 'pubsub_topic' ? t.topics : t.pools;
}

/** The request for one metric type (first page). */
export function buildRequest(spec: MetricSpec, t: RecordTargets, metricType = spec.metricType, pageSize = 10_000): ListTimeSeriesRequest {
  const label = GROUP_LABEL[spec.resourceType];
  const parts = [`metric.type = ${quote(metricType)}`, `resource.type = ${quote(spec.resourceType)}`];
  const ids = idsFor(spec, t);
  if (ids.length > 0 && ids.length <= ONE_OF_MAX) parts.push(`resource.labels.${label} = one_of(${ids.map(quote).join(', ')})`);
  if (spec.resourceType === 'cloud_run_worker_pool' && t.region) parts.push(`resource.labels.location = ${quote(t.region)}`);
  return {
    name: `projects/${t.project}`,
    filter: parts.join(' AND '),
    interval: { startTime: { seconds: t.startSec }, endTime: { seconds: t.endSec } },
    aggregation: { alignmentPeriod: { seconds: t.stepSec }, perSeriesAligner: spec.aligner, crossSeriesReducer: spec.reducer, groupByFields: [`resource.labels.${label}`] },
    view: 'FULL',
    pageSize,
  };
}

/** Series read so far for one metric, by resource id, plus how many points were unusable. */
export interface ParsedSeries {
  byId: Map<string, Series>;
  malformedPoints: number;
  outOfWindowPoints: number;
}

export function emptyParsed(): ParsedSeries {
  return { byId: new Map(), malformedPoints: 0, outOfWindowPoints: 0 };
}

/** A number from a proto scalar as the client decodes it: number, numeric string (int64), or a Long. */
function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  if (v && typeof v === 'object' && typeof (v as { toNumber?: unknown }).toNumber === 'function') return (v as { toNumber(): number }).toNumber();
  return undefined;
}

function pointValue(value: unknown): number | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const which = typeof v['value'] === 'string' ? (v['value'] as string) : undefined;
  for (const key of which ? [which] : ['doubleValue', 'int64Value']) {
    if (v[key] === undefined || v[key] === null) continue;
    const n = key === 'distributionValue' ? toNumber((v[key] as Record<string, unknown>)['mean']) : toNumber(v[key]);
    if (n !== undefined) return n;
  }
  return undefined;
}

/**
 * Adds one page of time series into `acc` (a series can continue on the next page, so pages merge by id). A point
 * lands at step (endTime − start) / step − 1: an aligned point's end time closes its step. Points without a usable
 * value (missing, NaN, negative) are counted as malformed and stay gaps.
 */
export function addPage(acc: ParsedSeries, spec: MetricSpec, page: readonly unknown[], t: RecordTargets): void {
  const label = GROUP_LABEL[spec.resourceType];
  const steps = (t.endSec - t.startSec) / t.stepSec;
  const wanted = new Set(idsFor(spec, t));
  for (const ts of page) {
    const rec = (ts ?? {}) as { resource?: { labels?: Record<string, string> }; metric?: { labels?: Record<string, string> }; points?: unknown[] };
    const id = rec.resource?.labels?.[label] ?? rec.metric?.labels?.[label];
    if (!id || (wanted.size > 0 && !wanted.has(id))) continue;
    let series = acc.byId.get(id);
    if (!series) {
      series = new Array<number | null>(steps).fill(null);
      acc.byId.set(id, series);
    }
    for (const p of rec.points ?? []) {
      const pt = (p ?? {}) as { interval?: { endTime?: { seconds?: unknown } }; value?: unknown };
      const end = toNumber(pt.interval?.endTime?.seconds);
      const v = pointValue(pt.value);
      if (end === undefined || !Number.isFinite(end)) {
        acc.malformedPoints++;
        continue;
      }
      const i = Math.round((end - t.startSec) / t.stepSec) - 1;
      if (i < 0 || i >= steps) {
        acc.outOfWindowPoints++;
        continue;
      }
      if (v === undefined || !Number.isFinite(v) || v < 0) {
        acc.malformedPoints++;
        continue;
      }
      series[i] = v;
    }
  }
}
