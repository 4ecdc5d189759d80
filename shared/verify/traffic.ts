/**
 * The traffic a pool saw (arrival mean, peak and burstiness, processing time, failures) and how two windows
 * differ, dimension by dimension, with the thresholds beyond which the difference counts as drift.
 */
import type { MetricsView } from '../metrics/figures.ts';
import { arrivalStats } from '../tune/workload.ts';
import type { TrafficChange, TrafficSummary } from './schema.ts';

/** The traffic summary of `pool` in `metrics`; undefined when the metrics hold no arrivals for it. */
export function trafficSummary(metrics: MetricsView | undefined, pool: string): TrafficSummary | undefined {
  const arrivals = metrics?.arrivalsPerMinute?.(pool);
  if (!arrivals || arrivals.length === 0) return undefined;
  const a = arrivalStats(arrivals);
  const f = metrics?.forPool(pool);
  const pt = f?.processingTimeMs;
  return {
    minutes: a.minutes,
    meanArrivalPerSec: a.meanPerSec,
    peakArrivalPerSec: a.peakPerSec,
    burstiness: a.cv,
    ...(pt ? { processingMeanSec: pt.mean / 1000, processingP99Sec: pt.p99 / 1000 } : {}),
    ...(f?.failureRatio !== undefined ? { failureRatio: f.failureRatio } : {}),
  };
}

/**
 * Relative change beyond which a dimension counts as drift. Rate and processing time move the offered load
 * (λ·E[S], the servers a pool needs, Erlang C) one for one; peaks and burstiness decide the backlog a scaler must
 * absorb. 20% is about the headroom a tuned pool has between adjacent candidates of the search grid.
 */
export const DRIFT_THRESHOLDS = {
  rate: 0.2,
  peak: 0.25,
  burstiness: 0.3,
  'processing time': 0.2,
} as const;
/** Failures drift when the ratio moves by more than this many points and by more than half of itself. */
export const FAILURE_DRIFT_POINTS = 0.01;

/** Dimension-by-dimension changes from `tuned` to `now`. */
export function compareTraffic(tuned: TrafficSummary, now: TrafficSummary): TrafficChange[] {
  const out: TrafficChange[] = [];
  const rel = (a: number, b: number) => (a > 0 ? b / a - 1 : b > 0 ? Infinity : 0);
  const add = (what: TrafficChange['what'], a: number | undefined, b: number | undefined, significant: (ratio: number) => boolean) => {
    if (a === undefined || b === undefined) return;
    const changeRatio = rel(a, b);
    out.push({ what, tuned: a, now: b, changeRatio, significant: significant(changeRatio) });
  };
  add('rate', tuned.meanArrivalPerSec, now.meanArrivalPerSec, (r) => Math.abs(r) > DRIFT_THRESHOLDS.rate);
  add('peak', tuned.peakArrivalPerSec, now.peakArrivalPerSec, (r) => Math.abs(r) > DRIFT_THRESHOLDS.peak);
  add('burstiness', tuned.burstiness, now.burstiness, (r) => Math.abs(r) > DRIFT_THRESHOLDS.burstiness && Math.abs(now.burstiness - tuned.burstiness) > 0.05);
  add('processing time', tuned.processingMeanSec, now.processingMeanSec, (r) => Math.abs(r) > DRIFT_THRESHOLDS['processing time']);
  const fa = tuned.failureRatio;
  const fb = now.failureRatio;
  add('failures', fa, fb, () => fa !== undefined && fb !== undefined && Math.abs(fb - fa) > FAILURE_DRIFT_POINTS && Math.abs(fb - fa) > 0.5 * fa);
  return out;
}

/** "rate +40% (1.3 → 1.8 msg/s)" */
export function describeChange(c: TrafficChange): string {
  const unit = c.what === 'rate' || c.what === 'peak' ? ' msg/s' : c.what === 'processing time' ? ' s' : '';
  const fmt = (x: number) => (c.what === 'failures' ? `${Number((x * 100).toPrecision(2))}%` : `${Number(x.toPrecision(3))}${unit}`);
  const pct = Number.isFinite(c.changeRatio) ? `${c.changeRatio >= 0 ? '+' : '−'}${Math.round(Math.abs(c.changeRatio) * 100)}%` : 'from none';
  return `${c.what} ${pct} (${fmt(c.tuned)} → ${fmt(c.now)})`;
}
