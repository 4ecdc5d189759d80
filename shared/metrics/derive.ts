/**
 * Derived per-pool figures (`PoolFigures`, shared/metrics/figures.ts) from a pool's snapshot series and the series
 * of the subscriptions it pulls from. Pure. A figure is absent, never zero, when the series behind it is missing
 * or all gaps (docs/sources.md#autoscaling-on-pubsub-metrics), and `missing` names those series.
 */
import type { PoolFigures } from './figures.ts';
import type { PoolSeries, Series, SubscriptionSeries } from './snapshot-schema.ts';
import { combineSeries, seriesStat, sumOf, type SeriesStat } from './stats.ts';

/** z-scores of the standard normal at 0.50, 0.95, 0.99 (Φ⁻¹; Abramowitz & Stegun 26.2). */
const Z = { p50: 0, p95: 1.6448536, p99: 2.3263479 } as const;

export interface Lognormal {
  mu: number;
  sigma: number;
  meanMs: number;
  cv: number;
}

/**
 * Lognormal fitted to quantiles by least squares on the probability plot: for a lognormal, ln q_p = μ + σ·z_p, so
 * regressing ln q on z over the known quantiles (p50, p95, p99) gives σ as the slope and μ as the intercept
 * (quantile/probability-plot estimation; Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions vol. 1,
 * 2nd ed., ch. 14 §4). Then mean = e^{μ+σ²/2} and CV = √(e^{σ²} − 1). Quantiles must be positive and ordered;
 * σ is floored at 0 (equal quantiles: a constant time).
 */
export function fitLognormal(q: { p50: number; p95: number; p99: number }): Lognormal | undefined {
  if (!(q.p50 > 0 && q.p95 > 0 && q.p99 > 0)) return undefined;
  const pts = [[Z.p50, Math.log(q.p50)], [Z.p95, Math.log(q.p95)], [Z.p99, Math.log(q.p99)]] as const;
  const zBar = (Z.p50 + Z.p95 + Z.p99) / 3;
  const yBar = (pts[0][1] + pts[1][1] + pts[2][1]) / 3;
  let sxy = 0;
  let sxx = 0;
  for (const [z, y] of pts) {
    sxy += (z - zBar) * (y - yBar);
    sxx += (z - zBar) ** 2;
  }
  const sigma = Math.max(0, sxy / sxx);
  const mu = yBar - sigma * zBar;
  return { mu, sigma, meanMs: Math.exp(mu + (sigma * sigma) / 2), cv: Math.sqrt(Math.expm1(sigma * sigma)) };
}

/** Per-step ÷ 60 → per second (every series has stepSec = 60, so "PerMin" values are per step). */
const perSec = (s: SeriesStat | undefined, stepSec: number) => s && scale(s, 1 / stepSec);

function scale(s: SeriesStat, k: number): PoolFigures['backlogMessages'] {
  return { mean: s.mean * k, p95: s.p95 * k, max: s.max * k, min: s.min * k, last: s.last * k, ...(s.slopePerHour === undefined ? {} : { slopePerHour: s.slopePerHour * k }) };
}

function stat(s: SeriesStat | undefined): PoolFigures['backlogMessages'] {
  return s && scale(s, 1);
}

/**
 * Arrivals per step: published counts when recorded; otherwise acked + backlog growth over the step (flow balance:
 * what arrived either was acked or is still waiting), floored at 0 because the backlog gauge is sampled and its
 * differences are noisy. A step whose inputs have a gap is a gap.
 */
export function arrivalsPerStep(sub: Pick<SubscriptionSeries, 'publishedMessagesPerMin' | 'ackedMessagesPerMin' | 'backlogMessages'>): { series: Series; basis: 'published' | 'acked+backlog' } | undefined {
  if (sub.publishedMessagesPerMin && sub.publishedMessagesPerMin.some((v) => v !== null)) return { series: sub.publishedMessagesPerMin, basis: 'published' };
  const acked = sub.ackedMessagesPerMin;
  const backlog = sub.backlogMessages;
  if (!acked || !backlog) return undefined;
  const out: Series = new Array<number | null>(acked.length);
  for (let i = 0; i < acked.length; i++) {
    const a = acked[i] ?? null;
    const b = backlog[i] ?? null;
    const prev = i > 0 ? backlog[i - 1] ?? null : null;
    out[i] = a === null || b === null || prev === null ? null : Math.max(0, a + b - prev);
  }
  return { series: out, basis: 'acked+backlog' };
}

/** The subscriptions' series combined into one (a pool pulling from several sees their sum). */
export function combineSubscriptions(subs: readonly SubscriptionSeries[]): SubscriptionSeries {
  if (subs.length === 1) return subs[0]!;
  const sum = (k: Exclude<keyof SubscriptionSeries, 'processingTimeMs' | 'topic' | 'oldestUnackedAgeSec'>) => combineSeries(subs.map((s) => s[k]), 'sum');
  // Processing time: the busiest subscription's percentiles (mixing percentiles of different work is meaningless).
  const busiest = [...subs].filter((s) => s.processingTimeMs).sort((a, b) => (sumOf(b.ackedMessagesPerMin) ?? 0) - (sumOf(a.ackedMessagesPerMin) ?? 0))[0];
  const out: SubscriptionSeries = {
    publishedMessagesPerMin: sum('publishedMessagesPerMin'), deliveredMessagesPerMin: sum('deliveredMessagesPerMin'),
    ackedMessagesPerMin: sum('ackedMessagesPerMin'), nackedMessagesPerMin: sum('nackedMessagesPerMin'),
    expiredAckDeadlinesPerMin: sum('expiredAckDeadlinesPerMin'), deadLetteredMessagesPerMin: sum('deadLetteredMessagesPerMin'),
    backlogMessages: sum('backlogMessages'), oldestUnackedAgeSec: combineSeries(subs.map((s) => s.oldestUnackedAgeSec), 'max'),
    processingTimeMs: busiest?.processingTimeMs,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as SubscriptionSeries;
}

/**
 * Processing-time percentiles over the window: the mean of the per-step percentiles weighted by acks in the step
 * (unweighted without ack counts). Averaging percentiles is an approximation (the source itself reports averages
 * of per-worker percentiles), good enough for sizing; the window's true p99 can be higher during bursts.
 */
export function windowPercentiles(pt: NonNullable<SubscriptionSeries['processingTimeMs']>, acked: Series | undefined): { p50: number; p95: number; p99: number } | undefined {
  const avg = (s: Series) => {
    let num = 0;
    let den = 0;
    for (let i = 0; i < s.length; i++) {
      const v = s[i];
      if (v === null || v === undefined) continue;
      const w = acked ? acked[i] ?? null : 1;
      if (w === null || w <= 0) continue;
      num += v * w;
      den += w;
    }
    return den > 0 ? num / den : undefined;
  };
  const p50 = avg(pt.p50);
  const p95 = avg(pt.p95);
  const p99 = avg(pt.p99);
  return p50 === undefined || p95 === undefined || p99 === undefined ? undefined : { p50, p95, p99 };
}

/** All figures for one pool. `subs` are the series of its subscriptions (already looked up). */
export function derivePoolFigures(pool: string, series: PoolSeries | undefined, subs: readonly SubscriptionSeries[], window: { stepSec: number; lengthSteps: number }): PoolFigures {
  const step = window.stepSec;
  const missing: string[] = [];
  const has = (name: string, s: Series | undefined): SeriesStat | undefined => {
    const st = seriesStat(s, step);
    if (!st) missing.push(name);
    return st;
  };
  const sub = subs.length ? combineSubscriptions(subs) : ({} as SubscriptionSeries);
  const f: PoolFigures = { pool, windowSec: window.lengthSteps * step, stepSec: step, missing };

  const arrivals = arrivalsPerStep(sub);
  const arrivalStat = seriesStat(arrivals?.series, step);
  if (arrivalStat) f.arrivalRatePerSec = perSec(arrivalStat, step);
  else missing.push('publishedMessagesPerMin');
  const acked = has('ackedMessagesPerMin', sub.ackedMessagesPerMin);
  if (acked) f.throughputPerSec = perSec(acked, step);
  const backlog = has('backlogMessages', sub.backlogMessages);
  if (backlog) f.backlogMessages = stat(backlog);
  const age = has('oldestUnackedAgeSec', sub.oldestUnackedAgeSec);
  if (age) f.oldestUnackedAgeSec = stat(age);
  const instances = has('instanceCount', series?.instanceCount);
  if (instances) f.instanceCount = stat(instances);
  const cpu = has('cpuUtilization', series?.cpuUtilization);
  if (cpu) f.cpuUtilization = stat(cpu);
  const mem = has('memoryUtilization', series?.memoryUtilization);
  if (mem) f.memoryUtilization = stat(mem);

  const perInstance = throughputPerInstance(sub.ackedMessagesPerMin, series?.instanceCount, step);
  if (perInstance !== undefined) f.throughputPerInstancePerSec = perInstance;
  addProcessing(f, sub, missing);
  addFailures(f, sub, missing, window);

  // Little's law (Little 1961; shared/queueing/little.ts): mean wait W = L / λ with L the mean backlog and λ the
  // mean throughput (stationary over the window; a growing backlog makes this an underestimate).
  if (backlog && acked && acked.mean > 0) f.queueWaitSecLittle = backlog.mean / (acked.mean / step);
  // Fluid drain (Newell 1982; shared/queueing/drain.ts): last backlog ÷ (sustained capacity − arrivals), with the
  // window's p95 throughput as the capacity the pool showed it can sustain. Absent when it would never drain.
  if (backlog && acked && arrivalStat) {
    const net = acked.p95 / step - arrivalStat.mean / step;
    if (backlog.last === 0) f.backlogDrainSec = 0;
    else if (net > 0) f.backlogDrainSec = backlog.last / net;
  }
  return f;
}

/** Σ acked ÷ Σ instance-seconds over the steps that have both: throughput per running instance, per second. */
function throughputPerInstance(acked: Series | undefined, instances: Series | undefined, step: number): number | undefined {
  if (!acked || !instances) return undefined;
  let msgs = 0;
  let instSec = 0;
  for (let i = 0; i < acked.length; i++) {
    const a = acked[i] ?? null;
    const n = instances[i] ?? null;
    if (a === null || n === null || n <= 0) continue;
    msgs += a;
    instSec += n * step;
  }
  return instSec > 0 ? msgs / instSec : undefined;
}

function addProcessing(f: PoolFigures, sub: SubscriptionSeries, missing: string[]): void {
  const q = sub.processingTimeMs && windowPercentiles(sub.processingTimeMs, sub.ackedMessagesPerMin);
  if (!q) {
    missing.push('processingTimeMs');
    return;
  }
  const fit = fitLognormal(q);
  f.processingTimeMs = {
    ...q,
    mean: fit?.meanMs ?? q.p50,
    cv: fit?.cv ?? 0,
    ...(fit ? { distribution: { kind: 'lognormal' as const, mu: fit.mu, sigma: fit.sigma } } : {}),
  };
}

/**
 * Ratios per delivery over the window (docs/sources.md#ack-deadlines): failure = nacks ÷ deliveries, redelivery = expired ack
 * deadlines ÷ deliveries. Deliveries are `sent_message_count` when recorded, else acks + nacks + expiries (every
 * delivery ends in exactly one of those, assuming no delivery is still in flight at the window's edges).
 */
function addFailures(f: PoolFigures, sub: SubscriptionSeries, missing: string[], window: { stepSec: number; lengthSteps: number }): void {
  const nacks = sumOf(sub.nackedMessagesPerMin);
  const expired = sumOf(sub.expiredAckDeadlinesPerMin);
  const acked = sumOf(sub.ackedMessagesPerMin);
  let deliveries = sumOf(sub.deliveredMessagesPerMin);
  if (deliveries === undefined && acked !== undefined) deliveries = acked + (nacks ?? 0) + (expired ?? 0);
  if (nacks === undefined) missing.push('nackedMessagesPerMin');
  if (expired === undefined) missing.push('expiredAckDeadlinesPerMin');
  if (deliveries !== undefined && deliveries > 0) {
    if (nacks !== undefined) f.failureRatio = Math.min(1, nacks / deliveries);
    if (expired !== undefined) f.redeliveryRatio = Math.min(1, expired / deliveries);
  }
  const dl = seriesStat(sub.deadLetteredMessagesPerMin, window.stepSec);
  if (dl) {
    f.deadLetterPerSec = dl.mean / window.stepSec;
    f.deadLetteredTotal = sumOf(sub.deadLetteredMessagesPerMin);
  } else missing.push('deadLetteredMessagesPerMin');
}
