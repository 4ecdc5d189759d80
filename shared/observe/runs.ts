/**
 * The series every alert is tested on: the recorded per-minute series of the snapshot (`recordedRun`), and the
 * simulated timelines of the tuned configuration over the model's replays (`replayRuns`: shared/model
 * `buildReplays` + `replayResults` with the timeline; no simulation loop of its own). A replay is healthy when the
 * tuner's own figures for it meet the SLO (the basis of the predicted bands' SLO share).
 */
import type { MetricsView } from '../metrics/figures.ts';
import type { MetricsSnapshot } from '../metrics/snapshot-schema.ts';
import { candidateOf, contextFor, type PoolModel } from '../model/pool-model.ts';
import { buildReplays, replayResults } from '../model/replays.ts';
import type { ReplaySettings } from '../model/bands-schema.ts';
import { figuresOf } from '../tune/evaluate.ts';
import type { PoolSettingsValues } from '../tune/schema.ts';
import { CLIENT_DEFAULT_MAX_MESSAGES } from '../rules/lib/limits.ts';
import { observedFigures, seriesOfRecording, seriesOfSimulation } from '../verify/observe.ts';
import type { ObserveSeries } from './signals.ts';
import type { RecordedRun, ReplayRun } from './verdict.ts';
import type { SloPart } from './thresholds.ts';

interface SnapshotLike {
  snapshot: MetricsSnapshot;
  subscriptionSeries(pool: string): MetricsSnapshot['subscriptions'][string] | undefined;
}

function isSnapshotView(v: MetricsView | undefined): v is MetricsView & SnapshotLike {
  return !!v && typeof (v as Partial<SnapshotLike>).subscriptionSeries === 'function' && !!(v as Partial<SnapshotLike>).snapshot;
}

/** The recorded day of a pool, when the metrics are a snapshot with its series. */
export function recordedRun(view: MetricsView | undefined, model: PoolModel): RecordedRun | undefined {
  if (!isSnapshotView(view)) return undefined;
  const name = model.pool.name;
  const sub = view.subscriptionSeries(name);
  const ps = view.snapshot.pools[name];
  if (!sub && !ps) return undefined;
  const series: ObserveSeries = { ...seriesOfRecording(ps, sub), delivered: sub?.deliveredMessagesPerMin ?? [] };
  const concurrency = model.current.concurrency ?? CLIENT_DEFAULT_MAX_MESSAGES;
  const f = observedFigures(series, { concurrency, shape: model.shape, slo: model.slo });
  const slo = model.slo;
  const ids = [...new Set(model.pool.subscriptions.map((x) => x.name))];
  const perSubscription = ids.length > 1 ? ids.flatMap((id) => {
    const one = view.snapshot.subscriptions[id];
    return one ? [{ subscription: id, series: { ...seriesOfRecording(ps, one), delivered: one.deliveredMessagesPerMin ?? [] } }] : [];
  }) : [];
  const breached: SloPart[] = !f ? [] : [
    ...(slo.queueWaitP95Sec !== undefined && f.queueWaitP95Sec > slo.queueWaitP95Sec ? ['wait' as const] : []),
    ...(slo.maxMessageAgeSec !== undefined && f.maxMessageAgeSec > slo.maxMessageAgeSec ? ['age' as const] : []),
    ...(slo.duplicateRatioMax !== undefined && f.duplicateRatio > slo.duplicateRatioMax ? ['duplicates' as const] : []),
  ];
  return { series, start: view.snapshot.window.start, breached, ...(perSubscription.length > 1 ? { perSubscription } : {}) };
}

/** The tuned configuration on each replay, as per-minute series; empty when it cannot be simulated. */
export function replayRuns(model: PoolModel, recommended: PoolSettingsValues, settings: ReplaySettings): ReplayRun[] {
  const cand = candidateOf(recommended);
  const ctx = contextFor(model, recommended);
  if (!cand || !ctx || !model.recorded || !model.workload || model.workload.arrivalsPerMinute.length === 0 || !model.pool.workerPool) return [];
  const replays = buildReplays(model.recorded.arrivalsPerMinute, model.workload.arrivalsPerMinute, model.seed, settings);
  return replayResults(ctx, cand, replays, (r, c) => {
    // The arrival window only: the simulator drains the queue after it, which no recording of that day shows.
    const minutes = Math.round(r.horizonSec / 60);
    const s = seriesOfSimulation({ ...r, timeline: r.timeline.slice(0, minutes) });
    return { series: { ...s, delivered: r.timeline.slice(0, minutes).map((p) => p.delivered ?? null) }, healthy: figuresOf(c, r).sloMet };
  }, { timeline: true });
}
