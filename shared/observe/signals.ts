/**
 * Stage 2a: each alert condition evaluated on per-minute series, the same computation for a metrics recording and
 * for a simulated timeline (shared/verify/observe.ts `MinuteSeries`), mirroring its PromQL (conditions.ts):
 * per minute, the value the query compares with the threshold, or null when the query would return no sample
 * (a gap is no data, never zero: docs/sources.md#autoscaling-on-pubsub-metrics) or its guard is false.
 */
import type { Series } from '../metrics/snapshot-schema.ts';
import type { MinuteSeries } from '../verify/observe.ts';
import type { Derived } from './thresholds.ts';

/** MinuteSeries plus deliveries (redeliveries included), the denominator of the expired-deadline ratio. */
export interface ObserveSeries extends MinuteSeries {
  delivered: Series;
}

type Values = (number | null)[];

const at = (s: Series, i: number): number | null => (i >= 0 && i < s.length ? s[i] ?? null : null);

/** Sum of the known values of s over the `w` minutes ending at i; null when none is known (PromQL rate/increase over a window). */
function windowSum(s: Series, i: number, w: number): number | null {
  let acc = 0;
  let known = 0;
  for (let j = i - w + 1; j <= i; j++) {
    const v = at(s, j);
    if (v !== null) {
      acc += v;
      known++;
    }
  }
  return known ? acc : null;
}

/** Per-second rate over the window: the window's sum ÷ its seconds. */
const rate = (s: Series, i: number, w: number) => {
  const x = windowSum(s, i, w);
  return x === null ? null : x / (w * 60);
};

/** The per-minute value of the condition of `d` on `s`. */
export function signalOf(d: Derived, s: ObserveSeries): Values {
  const n = Math.max(s.backlog.length, s.published.length, s.instances.length, s.oldestAgeSec.length);
  const out: Values = new Array(n).fill(null);
  for (let i = 0; i < n; i++) out[i] = valueAt(d, s, i);
  return out;
}

function valueAt(d: Derived, s: ObserveSeries, i: number): number | null {
  const w = d.windowMin;
  switch (d.kind) {
    case 'oldest-age':
      return at(s.oldestAgeSec, i);
    case 'backlog-growth': {
      // (backlog ÷ ack rate) when delta(backlog[10m]) > 0; ack rate floored at 0.001 msg/s as clamp_min does.
      const b = at(s.backlog, i);
      const before = at(s.backlog, i - w);
      const acks = rate(s.acked, i, 5);
      if (b === null || before === null || !(b - before > 0)) return null;
      return b / Math.max(acks ?? 0, 0.001);
    }
    case 'dead-letters':
      return windowSum(s.deadLettered, i, w);
    case 'expired-ack-deadlines': {
      const e = windowSum(s.expired, i, w);
      const den = windowSum(s.delivered.length ? s.delivered : s.published, i, w);
      if (e === null || den === null) return null;
      return e / Math.max(den, 0.001 * w * 60);
    }
    case 'pinned-at-max':
      return at(s.instances, i);
    case 'downstream-ceiling':
      return rate(s.acked, i, w);
    case 'stalled': {
      // backlog > 0 unless rate(acks[w]) > 0: a missing ack series does not clear it (no acks at all is the stall).
      const b = at(s.backlog, i);
      if (b === null || !(b > 0) || i < w - 1) return null;
      return (windowSum(s.acked, i, w) ?? 0) > 0 ? 0 : 1;
    }
  }
}
