/**
 * Windowing and downsampling of a snapshot's series for get_pool_metrics: a few points a model can read, never the
 * raw minute series. Gaps stay gaps: a bucket with no data is null, never zero (docs/sources.md#autoscaling-on-pubsub-metrics). The figures for a
 * window come from the core (`metricsViewFromSnapshot` over the sliced snapshot), not from here.
 */
import type { SnapshotView } from '../shared/index.ts';

type Snapshot = SnapshotView['snapshot'];
type Series = (number | null)[];

/** Series a client may ask points for, with where each lives in the snapshot and its unit. */
export const POINT_SERIES = {
  published: { unit: 'messages/min', of: 'subscription', key: 'publishedMessagesPerMin' },
  acked: { unit: 'messages/min', of: 'subscription', key: 'ackedMessagesPerMin' },
  nacked: { unit: 'messages/min', of: 'subscription', key: 'nackedMessagesPerMin' },
  expiredAckDeadlines: { unit: 'per min', of: 'subscription', key: 'expiredAckDeadlinesPerMin' },
  deadLettered: { unit: 'messages/min', of: 'subscription', key: 'deadLetteredMessagesPerMin' },
  backlog: { unit: 'messages', of: 'subscription', key: 'backlogMessages' },
  oldestUnackedAgeSec: { unit: 's', of: 'subscription', key: 'oldestUnackedAgeSec' },
  processingP99Ms: { unit: 'ms', of: 'subscription', key: 'p99' },
  instances: { unit: 'instances', of: 'pool', key: 'instanceCount' },
  cpuUtilization: { unit: '0-1', of: 'pool', key: 'cpuUtilization' },
  memoryUtilization: { unit: '0-1', of: 'pool', key: 'memoryUtilization' },
} as const;
export type PointSeriesName = keyof typeof POINT_SERIES;

/** The snapshot cut to its last `steps` steps (window.start moved accordingly). */
export function sliceSnapshot(snap: Snapshot, steps: number): Snapshot {
  const cut = (s: Series | undefined): Series | undefined => (s ? s.slice(Math.max(0, s.length - steps)) : undefined);
  const cutAll = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Array.isArray(v) ? cut(v as Series) : v && typeof v === 'object' ? cutAll(v as object) : v])) as T;
  const end = Date.parse(snap.window.end);
  return {
    ...snap,
    window: { ...snap.window, start: new Date(end - steps * snap.window.stepSec * 1000).toISOString() },
    pools: Object.fromEntries(Object.entries(snap.pools).map(([k, v]) => [k, cutAll(v)])),
    subscriptions: Object.fromEntries(Object.entries(snap.subscriptions).map(([k, v]) => [k, cutAll(v)])),
  };
}

export interface Point {
  t: string;
  mean: number | null;
  max: number | null;
}

/** Buckets of `perBucket` steps: mean and max of the values present; null when a bucket has none. */
export function downsample(series: Series, startMs: number, stepSec: number, perBucket: number): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < series.length; i += perBucket) {
    let sum = 0;
    let n = 0;
    let max = -Infinity;
    for (const v of series.slice(i, i + perBucket)) {
      if (v === null) continue;
      sum += v;
      n++;
      if (v > max) max = v;
    }
    out.push({ t: new Date(startMs + i * stepSec * 1000).toISOString(), mean: n ? round(sum / n) : null, max: n ? round(max) : null });
  }
  return out;
}

/** A deep copy with every number rounded to 4 significant digits (figures for reading, not for further maths). */
export function roundFigures<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'number') return Number.isFinite(v) && v !== 0 ? Number(v.toPrecision(4)) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

function round(x: number): number {
  return Math.abs(x) >= 100 ? Math.round(x * 10) / 10 : Math.round(x * 1000) / 1000;
}
