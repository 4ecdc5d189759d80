/**
 * A `MetricsView` over a loaded snapshot for a workspace: pools are matched by worker pool name, their
 * subscriptions by the short ids the config links to them (shared/config/link.ts). Figures are derived lazily,
 * once per pool. Snapshot pools or subscriptions the config does not know, and config pools the snapshot has no
 * data for, are warnings (`reconcile`), never errors.
 */
import type { Workspace } from '../config/workspace.ts';
import type { Pool } from '../config/model.ts';
import type { MetricsView, PoolFigures } from './figures.ts';
import type { MetricsSnapshot, Series, SubscriptionSeries } from './snapshot-schema.ts';
import { arrivalsPerStep, combineSubscriptions, derivePoolFigures } from './derive.ts';
import { loadSnapshot, type SnapshotProblem } from './load-snapshot.ts';

/** A snapshot that failed validation, as a typed error (for adapters that want one message). */
export class SnapshotInvalidError extends Error {
  readonly code = 'SNAPSHOT_INVALID';
  constructor(readonly problems: SnapshotProblem[], source: string) {
    super(`${source}: ${problems.slice(0, 5).map((p) => p.message).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`);
    this.name = 'SnapshotInvalidError';
  }
}

/**
 * Short ids of the subscriptions a pool pulls from: the linked subscription documents, plus the ids named by its
 * scaler triggers, its pool-tuner.yaml entry and `*SUBSCRIPTION*` env vars, so a pool whose subscription YAML is
 * not in the workspace still finds its metrics.
 */
export function subscriptionIdsOf(pool: Pool): string[] {
  const short = (s: string) => s.slice(s.lastIndexOf('/') + 1);
  const ids = new Set<string>(pool.subscriptions.map((s) => s.name));
  for (const t of pool.scaler?.triggers ?? []) if (t.subscription) ids.add(short(t.subscription));
  for (const s of pool.settings?.subscriptions ?? []) ids.add(short(s));
  for (const c of pool.workerPool?.containers ?? []) {
    for (const e of c.env) if (e.value && /SUBSCRIPTION/i.test(e.name)) ids.add(short(e.value));
  }
  ids.delete('');
  return [...ids];
}

/** Pools and subscriptions the snapshot and the config disagree on. */
export function reconcile(snap: MetricsSnapshot, ws: Workspace): SnapshotProblem[] {
  const out: SnapshotProblem[] = [];
  const configPools = new Set(ws.pools.map((p) => p.name));
  const configSubs = new Set(ws.pools.flatMap(subscriptionIdsOf));
  for (const pool of Object.keys(snap.pools)) {
    if (!configPools.has(pool)) out.push({ path: `pools.${pool}`, pool, message: `pool '${pool}' is in the snapshot but not in the config (ignored)` });
  }
  for (const sub of Object.keys(snap.subscriptions)) {
    if (!configSubs.has(sub)) out.push({ path: `subscriptions.${sub}`, subscription: sub, message: `subscription '${sub}' is in the snapshot but no pool in the config pulls from it (ignored)` });
  }
  for (const p of ws.pools) {
    const ids = subscriptionIdsOf(p);
    const subsWithData = ids.filter((s) => snap.subscriptions[s] !== undefined);
    if (!snap.pools[p.name] && subsWithData.length === 0) out.push({ path: `pools.${p.name}`, pool: p.name, message: `pool '${p.name}' has no metrics in the snapshot (metric rules skip it)` });
    else if (!snap.pools[p.name]) out.push({ path: `pools.${p.name}`, pool: p.name, message: `pool '${p.name}' has no worker pool series in the snapshot (instances, CPU, memory missing)` });
    for (const s of ids) {
      if (!snap.subscriptions[s] && snap.pools[p.name]) out.push({ path: `subscriptions.${s}`, pool: p.name, subscription: s, message: `subscription '${s}' of pool '${p.name}' has no metrics in the snapshot` });
    }
  }
  return out;
}

/** MetricsView plus what the tuner, `metrics show` and the adapters read beyond figures. */
export interface SnapshotView extends MetricsView {
  snapshot: MetricsSnapshot;
  /** Steps in the window (as loadSnapshot measured it): with `snapshot`, enough to rebuild the view elsewhere (a worker thread). */
  lengthSteps: number;
  warnings: SnapshotProblem[];
  /** The combined series of the subscriptions a pool pulls from. */
  subscriptionSeries(pool: string): SubscriptionSeries | undefined;
}

/** Builds the view. `source` names the snapshot in messages ("examples/metrics/snapshot.json"). */
export function metricsViewFromSnapshot(snap: MetricsSnapshot, lengthSteps: number, ws: Workspace, source: string, loadWarnings: SnapshotProblem[] = []): SnapshotView {
  const figures = new Map<string, PoolFigures | undefined>();
  const subIds = new Map<string, string[]>(ws.pools.map((p) => [p.name, subscriptionIdsOf(p)]));
  const subsOf = (pool: string): SubscriptionSeries[] =>
    (subIds.get(pool) ?? []).map((s) => snap.subscriptions[s]).filter((s): s is SubscriptionSeries => s !== undefined);
  const window = { stepSec: snap.window.stepSec, lengthSteps };
  return {
    source,
    snapshot: snap,
    lengthSteps,
    warnings: [...loadWarnings, ...reconcile(snap, ws)],
    forPool(pool) {
      if (!figures.has(pool)) {
        const series = snap.pools[pool];
        const subs = subsOf(pool);
        figures.set(pool, series || subs.length ? derivePoolFigures(pool, series, subs, window) : undefined);
      }
      return figures.get(pool);
    },
    subscriptionSeries(pool) {
      const subs = subsOf(pool);
      return subs.length ? combineSubscriptions(subs) : undefined;
    },
    arrivalsPerMinute(pool) {
      const subs = subsOf(pool);
      const arrivals = subs.length ? arrivalsPerStep(combineSubscriptions(subs)) : undefined;
      return arrivals ? holdGaps(arrivals.series) : undefined;
    },
  };
}

/**
 * Gaps filled with the last known value (the first known value before any data) for replaying arrivals in the
 * simulator, which needs a number per minute. Holding, not zero: a gap is missing data, not an idle minute (docs/sources.md#autoscaling-on-pubsub-metrics).
 * Undefined when the series has no data at all.
 */
export function holdGaps(s: Series): number[] | undefined {
  const first = s.find((v) => v !== null);
  if (first === undefined || first === null) return undefined;
  let last = first;
  return s.map((v) => (v === null ? last : (last = v)));
}

/** Text → view in one call; throws `SnapshotInvalidError` (with every problem) when the snapshot is invalid. */
export function snapshotViewFromText(text: string, source: string, ws: Workspace): SnapshotView {
  const loaded = loadSnapshot(text);
  if (!loaded.ok) throw new SnapshotInvalidError(loaded.errors, source);
  return metricsViewFromSnapshot(loaded.snapshot, loaded.lengthSteps, ws, source, loaded.warnings);
}
