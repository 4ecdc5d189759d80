/**
 * What the metric-aware rules (`needs: 'metrics'`) share: where a pool's capacity is written, a fallback place to
 * point at, the "is it growing" test, and number formatting for messages. Figures come from `ctx.metrics`
 * (shared/metrics/figures.ts); an absent figure is never zero (docs/sources.md#autoscaling-on-pubsub-metrics), so callers skip on undefined.
 */
import type { Pool } from '../../config/model.ts';
import type { PoolFigures } from '../../metrics/figures.ts';
import type { PathSeg } from '../../config/yaml-source.ts';
import { WP } from '../../config/kinds/worker-pool.ts';
import type { Locator, RuleContext } from '../types.ts';
import { maxInstancesOf } from './helpers.ts';

/** The pool's derived figures, or undefined when the snapshot has none for it. */
export function figuresOf(ctx: RuleContext, pool: Pool): PoolFigures | undefined {
  return ctx.metrics?.forPool(pool.name);
}

/** A place in the config: the document and the path of the field inside it. */
export interface FieldRef {
  at: Locator;
  path: PathSeg[];
  /** False when the field is not written (the span then falls back to its parent key). */
  explicit: boolean;
}

/** The field that sets how many instances a pool runs: scaler ceiling, `maxScale`, or the manual count. */
export interface CapacityField extends FieldRef {
  /** Name as the user writes it. */
  field: string;
  /** The configured number, when one applies (a manual count without the annotation is 1, docs/sources.md#worker-pool-scaling-modes). */
  value?: number;
  /** True for a manual pool with no scaler: the count is fixed, so a new count is a direct edit. */
  manual: boolean;
}

/** docs/sources.md#worker-pool-scaling-modes: a worker pool without CPU autoscaling runs manual scaling with 1 instance by default. */
const DEFAULT_MANUAL_INSTANCES = 1;

export function capacityField(pool: Pool): CapacityField | undefined {
  const bound = maxInstancesOf(pool);
  if (bound) return { at: bound.at, path: bound.path, explicit: bound.explicit, field: bound.field, value: bound.value, manual: false };
  const wp = pool.workerPool;
  if (!wp) return undefined;
  return {
    at: wp,
    path: [...WP.manualInstanceCount],
    explicit: wp.manualInstanceCount !== undefined,
    field: 'run.googleapis.com/manualInstanceCount',
    value: wp.manualInstanceCount ?? DEFAULT_MANUAL_INSTANCES,
    manual: true,
  };
}

/**
 * What limits capacity: with a scaler that never reached its ceiling, the target `value` held it back (docs/sources.md#heuristics: desired
 * instances = ceil(backlog ÷ value)); otherwise the instance ceiling or the manual count.
 */
export function limitingCapacity(pool: Pool, f: PoolFigures): FieldRef | undefined {
  const cap = capacityField(pool);
  const sc = pool.scaler;
  const peak = f.instanceCount?.max;
  const t = sc?.triggers.find((x) => x.type === 'gcp-pubsub');
  if (sc && t && cap?.value !== undefined && peak !== undefined && peak < cap.value) {
    return { at: sc, path: [...sc.basePath, 'triggers', t.index, 'metadata', 'value'], explicit: t.targetValueRaw !== undefined };
  }
  return cap;
}

/** Somewhere to point when the finding has no better field: the worker pool, else the scaler, else the settings. */
export function poolAnchor(ctx: RuleContext, pool: Pool): FieldRef | undefined {
  if (pool.workerPool) return { at: pool.workerPool, path: ['metadata', 'name'], explicit: true };
  if (pool.scaler) return { at: pool.scaler, path: [...pool.scaler.basePath, 'scaleTargetRef', 'name'], explicit: true };
  const sub = pool.subscriptions[0];
  if (sub) return { at: sub, path: [...sub.basePath, 'ackDeadlineSeconds'], explicit: false };
  const s = ctx.ws.settings;
  return s && pool.settings ? { at: s, path: ['pools', pool.name], explicit: true } : undefined;
}

/** Reports at `ref`: the value when the field is written, its nearest key otherwise. */
export function spanOf(ctx: RuleContext, ref: FieldRef) {
  return ctx.span(ref.at, ref.path, ref.explicit ? 'value' : 'key');
}

/**
 * "Growing across the window" (docs/sources.md#autoscaling-on-pubsub-metrics reads the trend of backlog and oldest age): the least-squares slope
 * times the window is the growth the fit attributes to the whole window. Thresholds are set above the noise of
 * 60 s sampling (docs/sources.md#pubsub-metrics), so a flat, jittery series does not count.
 */
export const GROWTH = {
  /** Backlog must grow by at least this many messages over the window… */
  backlogMinMessages: 100,
  /** …and by at least this share of its mean: a daily wobble around a large steady backlog is not growth. */
  backlogMinShareOfMean: 0.5,
  /** Oldest-unacked age must grow by at least 10 minutes: 5× the 120 s ingestion delay (docs/sources.md#pubsub-metrics). */
  ageMinSec: 600,
} as const;

export interface Growth {
  /** Growth over the window by the fitted slope; undefined when the figure is missing. */
  backlogMessages?: number;
  ageSec?: number;
  backlogGrowing: boolean;
  ageGrowing: boolean;
}

export function growthOf(f: PoolFigures): Growth {
  const hours = f.windowSec / 3600;
  const b = f.backlogMessages?.slopePerHour;
  const a = f.oldestUnackedAgeSec?.slopePerHour;
  const backlogMessages = b === undefined ? undefined : b * hours;
  const ageSec = a === undefined ? undefined : a * hours;
  const mean = f.backlogMessages?.mean ?? 0;
  return {
    backlogMessages,
    ageSec,
    backlogGrowing: backlogMessages !== undefined && backlogMessages >= GROWTH.backlogMinMessages && backlogMessages >= GROWTH.backlogMinShareOfMean * mean,
    ageGrowing: ageSec !== undefined && ageSec >= GROWTH.ageMinSec,
  };
}

/** Up to `digits` decimals, trailing zeros dropped: 0.125 → "0.13", 2 → "2". */
export function num(n: number, digits = 2): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(digits)));
}

/** A 0–1 ratio as a percentage: 0.0234 → "2.3%". */
export function pct(ratio: number): string {
  return `${num(ratio * 100, 1)}%`;
}

/** Seconds in the largest unit that keeps them readable: 90 → "90 s", 5400 → "1.5 h", 302400 → "3.5 d". */
export function duration(sec: number): string {
  if (sec < 120) return `${num(sec, 1)} s`;
  if (sec < 7200) return `${num(sec / 60, 1)} min`;
  if (sec < 2 * 86400) return `${num(sec / 3600, 1)} h`;
  return `${num(sec / 86400, 1)} d`;
}

/**
 * Utilisation a resized pool should land at: the default target of Cloud Run CPU autoscaling for worker pools,
 * 60% (docs/sources.md#worker-pool-scaling-modes), which leaves headroom for bursts and for one instance being replaced.
 */
export const TARGET_UTILIZATION = 0.6;

/**
 * Instances that would run the same work at `TARGET_UTILIZATION`: utilisation × instances is the work in
 * instance-equivalents, assuming it spreads evenly and per-instance utilisation scales with load ÷ instances.
 * At least 1 (docs/sources.md#worker-pool-scaling-modes: a manual count of 0 stops the pool).
 */
export function instancesForTarget(instances: number, utilization: number): number {
  return Math.max(1, Math.ceil((instances * utilization) / TARGET_UTILIZATION - 1e-9));
}

/** The sustained level of a utilisation series: its p95 when known, else its max (both 0–1). */
export function upperLevel(s: { p95?: number; max?: number } | undefined): number | undefined {
  return s?.p95 ?? s?.max;
}
