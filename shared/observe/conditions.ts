/**
 * The PromQL condition of each alert kind (the expression signals.ts evaluates on per-minute series): a query that
 * returns a sample while the alert should fire. Windows are whole minutes (the metrics' 60 s sampling). With several
 * subscriptions every kind but the pool-wide ones (downstream ceiling: the pool's total; pinned: the worker pool)
 * returns a series per subscription (promql.ts), so each subscription opens its own incident.
 */
import { expr, promNumber, type Targets } from './promql.ts';
import type { Derived } from './thresholds.ts';

const m = (minutes: number) => `${minutes}m`;

/** Kinds that watch the pool as a whole, not each subscription: the downstream limit (total acks) and the worker pool. */
export const POOL_WIDE_KINDS: ReadonlySet<Derived['kind']> = new Set(['downstream-ceiling', 'pinned-at-max']);

export function conditionQuery(d: Pick<Derived, 'kind' | 'threshold' | 'windowMin'>, t: Targets): string {
  const T = promNumber(d.threshold);
  switch (d.kind) {
    case 'oldest-age':
      return `${expr.oldestAge(t)} > ${T}`;
    case 'backlog-growth':
      return `(${expr.backlog(t)} / clamp_min(${expr.ackRate(t, '5m')}, 0.001) > ${T}) and (${expr.backlogDelta(t, m(d.windowMin))} > 0)`;
    case 'dead-letters':
      return `${expr.deadLettered(t, m(d.windowMin))} > ${T}`;
    case 'expired-ack-deadlines':
      return `${expr.expiredRate(t, m(d.windowMin))} / clamp_min(${expr.sentRate(t, m(d.windowMin))}, 0.001) > ${T}`;
    case 'pinned-at-max':
      return `${expr.instances(t)} > ${T}`;
    case 'downstream-ceiling':
      // The limit is the pool's: acks summed over all its subscriptions.
      return `${expr.totalAckRate(t, m(d.windowMin))} > ${T}`;
    case 'stalled':
      return `(${expr.backlog(t)} > 0) unless (${expr.ackRate(t, m(d.windowMin))} > 0)`;
  }
}
