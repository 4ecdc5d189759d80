/**
 * Observed figures from per-minute series, the same computation for a metrics recording and for a simulated one
 * (`seriesOfSimulation`), so a prediction and an observation are always compared on one basis.
 */
import type { PoolSlo } from '../config/settings-schema.ts';
import { monthlyCostUsd, type InstanceShapeInput } from '../cost/index.ts';
import type { PoolSeries, Series, SubscriptionSeries } from '../metrics/snapshot-schema.ts';
import type { SimResult } from '../simulate/types.ts';
import type { ObservedFigures } from './schema.ts';

/** The per-minute series verify reads (a gap is null: no data, never zero). */
export interface MinuteSeries {
  published: Series;
  acked: Series;
  backlog: Series;
  oldestAgeSec: Series;
  expired: Series;
  deadLettered: Series;
  instances: Series;
}

/** The series of a pool in a snapshot: its subscriptions combined, its worker pool's instance count. */
export function seriesOfRecording(pool: PoolSeries | undefined, sub: SubscriptionSeries | undefined): MinuteSeries {
  const none: Series = [];
  return {
    published: sub?.publishedMessagesPerMin ?? none,
    acked: sub?.ackedMessagesPerMin ?? none,
    backlog: sub?.backlogMessages ?? none,
    oldestAgeSec: sub?.oldestUnackedAgeSec ?? none,
    expired: sub?.expiredAckDeadlinesPerMin ?? none,
    deadLettered: sub?.deadLetteredMessagesPerMin ?? none,
    instances: pool?.instanceCount ?? none,
  };
}

/** The same series from a simulation's timeline (the simulator records one point per minute). */
export function seriesOfSimulation(r: SimResult): MinuteSeries {
  const t = r.timeline;
  return {
    published: t.map((p) => p.published),
    acked: t.map((p) => p.acked),
    backlog: t.map((p) => p.backlog),
    oldestAgeSec: t.map((p) => p.oldestAgeSec ?? null),
    expired: t.map((p) => p.expired ?? null),
    deadLettered: t.map((p) => p.deadLettered ?? null),
    instances: t.map((p) => p.instances),
  };
}

const known = (s: Series) => s.filter((v): v is number => v !== null);
const sum = (s: Series) => known(s).reduce((a, b) => a + b, 0);

/**
 * Message-weighted 95th percentile of the per-minute mean queue wait. Each minute, Little's law (L = λW, Little
 * 1961) on the queue: messages waiting = unacked − slots (instances × concurrency; a pool with free slots has no
 * queue, and a work-conserving pool with a queue has every slot busy), W = waiting ÷ arrival rate, each minute
 * weighted by its published messages. An estimate (instances still starting and messages in retry backoff count
 * as slots and as waiting): Cloud Monitoring records no per-message wait, so the prediction and the observation
 * both use this same estimate, on the recording and on the simulated recording.
 */
export function waitP95FromSeries(s: MinuteSeries, slotsPerInstance: number): number {
  const rows: { waitSec: number; weight: number }[] = [];
  for (let i = 0; i < s.published.length; i++) {
    const pub = s.published[i];
    const backlog = s.backlog[i];
    if (pub === null || pub === undefined || pub <= 0 || backlog === null || backlog === undefined) continue;
    const slots = (s.instances[i] ?? 0) * slotsPerInstance;
    rows.push({ waitSec: Math.max(0, backlog - slots) / (pub / 60), weight: pub });
  }
  if (rows.length === 0) return 0;
  rows.sort((a, b) => a.waitSec - b.waitSec);
  const total = rows.reduce((a, r) => a + r.weight, 0);
  let acc = 0;
  for (const r of rows) {
    acc += r.weight;
    if (acc >= 0.95 * total) return r.waitSec;
  }
  return rows[rows.length - 1]!.waitSec;
}

export interface ObserveContext {
  /** Per-instance concurrency of the config that ran (unset: the client default, as the tuner assumes). */
  concurrency: number;
  shape: InstanceShapeInput;
  slo: PoolSlo;
}

/** The observable figures of a series set; undefined when it holds no arrivals. */
export function observedFigures(s: MinuteSeries, ctx: ObserveContext): ObservedFigures | undefined {
  const published = sum(s.published);
  if (!(published > 0)) return undefined;
  const inst = known(s.instances);
  const meanInstances = inst.length ? inst.reduce((a, b) => a + b, 0) / inst.length : 0;
  const ages = known(s.oldestAgeSec);
  const f = {
    queueWaitP95Sec: waitP95FromSeries(s, ctx.concurrency),
    maxMessageAgeSec: ages.length ? Math.max(...ages) : 0,
    duplicateRatio: sum(s.expired) / published,
    deadLetterRatio: sum(s.deadLettered) / published,
    meanInstances,
    costUsdPerMonth: monthlyCostUsd(meanInstances, ctx.shape),
  };
  const slo = ctx.slo;
  const sloMet = (slo.queueWaitP95Sec === undefined || f.queueWaitP95Sec <= slo.queueWaitP95Sec)
    && (slo.maxMessageAgeSec === undefined || f.maxMessageAgeSec <= slo.maxMessageAgeSec)
    && (slo.duplicateRatioMax === undefined || f.duplicateRatio <= slo.duplicateRatioMax);
  return { ...f, sloMet };
}
