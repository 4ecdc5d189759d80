/**
 * Which part of a recording verify may judge a proposal on: only what was recorded after the proposal was applied.
 * A recording that ends before `appliedAt` (the tuning snapshot itself, say) shows the old configuration: verify
 * refuses it instead of calling the model wrong. A recording that straddles `appliedAt` is cut to the steps that
 * start at or after it, and the output says how much was used.
 */
import type { Workspace } from '../config/workspace.ts';
import type { MetricsSnapshot, Series, SubscriptionSeries } from '../metrics/snapshot-schema.ts';
import { metricsViewFromSnapshot, type SnapshotView } from '../metrics/view.ts';
import type { ProposalRecord } from './schema.ts';

export type Coverage =
  | { kind: 'after' }
  | { kind: 'predates'; message: string }
  | { kind: 'straddles'; fromStep: number; usedMinutes: number; totalMinutes: number; note: string };

const minuteText = (m: number) => `${m} min`;

/** How `after` relates to `record.appliedAt`. An unreadable date is taken as "after" (nothing to cut by). */
export function recordingCoverage(after: SnapshotView, record: Pick<ProposalRecord, 'id' | 'pool' | 'appliedAt'>): Coverage {
  const applied = Date.parse(record.appliedAt);
  const start = Date.parse(after.snapshot.window.start);
  const end = Date.parse(after.snapshot.window.end);
  const stepMs = after.snapshot.window.stepSec * 1000;
  if (!Number.isFinite(applied) || !Number.isFinite(start) || !Number.isFinite(end) || applied <= start) return { kind: 'after' };
  const totalMinutes = Math.round((after.lengthSteps * stepMs) / 60_000);
  const fromStep = Math.ceil((applied - start) / stepMs);
  if (end <= applied || fromStep >= after.lengthSteps) {
    return {
      kind: 'predates',
      message: `${after.source} ends at ${after.snapshot.window.end}, before proposal ${record.id} for ${record.pool} was applied (${record.appliedAt}): it shows the configuration before the change. Record a window after the change (pool-tuner metrics record, or --metrics live) and verify that.`,
    };
  }
  const usedMinutes = Math.round(((after.lengthSteps - fromStep) * stepMs) / 60_000);
  return {
    kind: 'straddles',
    fromStep,
    usedMinutes,
    totalMinutes,
    note: `Judged on the ${minuteText(usedMinutes)} of ${after.source} recorded after the change (from ${new Date(start + fromStep * stepMs).toISOString()}); the first ${minuteText(totalMinutes - usedMinutes)}, before ${record.id} was applied, were left out.`,
  };
}

/** `after` without its first `fromStep` steps (every series cut alike), as a view of the same workspace. */
export function recordingFrom(after: SnapshotView, fromStep: number, ws: Workspace): SnapshotView {
  const snap = after.snapshot;
  const cut = (s: Series | undefined): Series | undefined => s?.slice(fromStep);
  const pools: MetricsSnapshot['pools'] = {};
  for (const [name, p] of Object.entries(snap.pools)) {
    pools[name] = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, cut(v)])) as MetricsSnapshot['pools'][string];
  }
  const subscriptions: MetricsSnapshot['subscriptions'] = {};
  for (const [id, s] of Object.entries(snap.subscriptions)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s)) {
      if (Array.isArray(v)) out[k] = cut(v as Series);
      else if (k === 'processingTimeMs' && v && typeof v === 'object') {
        const pt = v as NonNullable<SubscriptionSeries['processingTimeMs']>;
        out[k] = { p50: cut(pt.p50)!, p95: cut(pt.p95)!, p99: cut(pt.p99)! };
      } else out[k] = v;
    }
    subscriptions[id] = out as SubscriptionSeries;
  }
  const start = new Date(Date.parse(snap.window.start) + fromStep * snap.window.stepSec * 1000).toISOString();
  return metricsViewFromSnapshot({ ...snap, window: { ...snap.window, start }, pools, subscriptions }, after.lengthSteps - fromStep, ws, after.source);
}
