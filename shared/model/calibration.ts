/**
 * Calibration: today's configuration replayed on the recorded arrivals (the pool model's `todayEvaluation`, warm
 * started from the recorded state) compared with what the metrics recorded over the same minutes: mean and p95
 * instances, p95 backlog, p95 oldest unacked age, throughput and the expired-deadline ratio. Where mean instances
 * are off by more than CALIBRATION_TOLERANCE the model does not reproduce the pool and its proposals say so
 * (status low-confidence). What is taken from the recording rather than assumed is listed in `fitted`.
 */
import type { Calibration } from '../tune/schema.ts';
import { percentileOf } from './replays.ts';
import { recordedSeries, todayEvaluation, type PoolModel } from './pool-model.ts';
import type { MetricsView } from '../metrics/figures.ts';

/** Mean instances off by more than this share: the model is not trusted for this pool. */
export const CALIBRATION_TOLERANCE = 0.25;

const fmt = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toString() : Number(x.toPrecision(3)).toString());

export function calibrate(model: PoolModel, view: MetricsView | undefined): Calibration | undefined {
  const rec = recordedSeries(view, model.pool.name);
  const today = todayEvaluation(model);
  if (!rec || !today || model.sampleMinutes.length === 0) return undefined;
  const tl = today.result.timeline;
  const idx = model.sampleMinutes;
  const n = Math.min(idx.length, tl.length);
  // Pairs (simulated, recorded) over minutes where the recording has a value (gaps are skipped, never zero).
  const pairs = (sim: (i: number) => number | undefined, series: readonly (number | null)[] | undefined) => {
    const s: number[] = [];
    const r: number[] = [];
    if (!series) return { s, r };
    for (let i = 0; i < n; i++) {
      const x = series[idx[i]!];
      const y = sim(i);
      if (typeof x === 'number' && y !== undefined) {
        s.push(y);
        r.push(x);
      }
    }
    return { s, r };
  };
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const rows: Calibration['rows'] = [];
  const add = (figure: Calibration['rows'][number]['figure'], simulated: number, recorded: number) => {
    if (!Number.isFinite(simulated) || !Number.isFinite(recorded)) return;
    rows.push({ figure, simulated, recorded, ...(recorded > 0 ? { error: (simulated - recorded) / recorded } : {}) });
  };
  const inst = pairs((i) => tl[i]!.instances, rec.instanceCount);
  if (inst.r.length) {
    add('meanInstances', mean(inst.s), mean(inst.r));
    add('p95Instances', percentileOf(inst.s, 0.95), percentileOf(inst.r, 0.95));
  }
  const backlog = pairs((i) => tl[i]!.backlog, rec.backlogMessages);
  if (backlog.r.length) add('backlogP95', percentileOf(backlog.s, 0.95), percentileOf(backlog.r, 0.95));
  const age = pairs((i) => tl[i]!.oldestAgeSec, rec.oldestUnackedAgeSec);
  if (age.r.length) add('oldestAgeP95Sec', percentileOf(age.s, 0.95), percentileOf(age.r, 0.95));
  const acked = pairs((i) => tl[i]!.acked, rec.ackedMessagesPerMin);
  if (acked.r.length) add('throughputPerSec', mean(acked.s) / 60, mean(acked.r) / 60);
  const exp = pairs((i) => tl[i]!.expired, rec.expiredAckDeadlinesPerMin);
  const del = pairs((i) => tl[i]!.delivered, rec.deliveredMessagesPerMin);
  if (exp.r.length && del.r.length && sum(del.r) > 0 && sum(del.s) > 0) add('expiredRatio', sum(exp.s) / sum(del.s), sum(exp.r) / sum(del.r));
  const mi = rows.find((r) => r.figure === 'meanInstances');
  const err = mi?.error;
  const withinTolerance = err === undefined ? true : Math.abs(err) <= CALIBRATION_TOLERANCE;
  const pct = err === undefined ? '' : ` (${err >= 0 ? '+' : '−'}${Math.abs(Math.round(err * 100))}%)`;
  const w = model.workload!;
  const fitted: string[] = [];
  if (w.cpuSecondsPerMessage !== undefined) fitted.push(`CPU ${fmt(w.cpuSecondsPerMessage)} vCPU-s per message (per-minute fit; processing stretches above saturation)`);
  if (w.downstreamLimitPerSec !== undefined) fitted.push(`downstream limit ${fmt(w.downstreamLimitPerSec)} msg/s (calls wait for the limiter)`);
  fitted.push(model.lease.leaseExtension ? 'lease extension on (recorded expiries healthy)' : 'lease extension off (recorded expiries)');
  const oldest = w.initialBacklogAgeSec !== undefined ? ` (oldest ${fmt(w.initialBacklogAgeSec)} s)` : '';
  if (w.initialBacklog !== undefined || w.initialInstances !== undefined) fitted.push(`warm start: ${fmt(w.initialBacklog ?? 0)} unacked${oldest}, ${fmt(w.initialInstances ?? 0)} instances at the first simulated minute`);
  const aged = (w.stateResets ?? []).filter((r) => r.oldestAgeSec !== undefined);
  if (aged.length) fitted.push(`segment joins: the recorded backlog and its oldest age restored at ${aged.length} join${aged.length > 1 ? 's' : ''} (oldest ${aged.map((r) => `${fmt(r.oldestAgeSec!)} s`).join(', ')}; waits count from the join)`);
  return {
    minutes: n,
    rows,
    ...(err !== undefined ? { meanInstancesError: err } : {}),
    withinTolerance,
    summary: mi ? `today simulated ${fmt(mi.simulated)} instances, recorded ${fmt(mi.recorded)}${pct}` : 'no recorded instance count to compare',
    fitted,
  };
}

/** Human table rows: figure, simulated, recorded, error. */
export function calibrationRows(c: Calibration): [string, string, string, string][] {
  const label: Record<string, string> = {
    meanInstances: 'mean instances', p95Instances: 'p95 instances', backlogP95: 'backlog p95', oldestAgeP95Sec: 'oldest age p95 (s)',
    throughputPerSec: 'throughput (msg/s)', expiredRatio: 'expired deadlines',
  };
  return c.rows.map((r) => [
    label[r.figure] ?? r.figure,
    r.figure === 'expiredRatio' ? `${fmt(r.simulated * 100)}%` : fmt(r.simulated),
    r.figure === 'expiredRatio' ? `${fmt(r.recorded * 100)}%` : fmt(r.recorded),
    r.error === undefined ? '—' : `${r.error >= 0 ? '+' : '−'}${Math.abs(Math.round(r.error * 100))}%`,
  ]);
}
