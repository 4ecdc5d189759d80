/**
 * The identification's input from a metrics view: the pool's per-minute series (instances, CPU) and its
 * subscriptions' (acked, backlog, ack-latency percentiles), today's concurrency and scaling, and what
 * pool-tuner.yaml declares or overrides. Views without per-minute series (live figures only) give no input.
 */
import type { Pool } from '../config/model.ts';
import type { MetricsView } from '../metrics/figures.ts';
import type { PoolSettingsValues } from '../tune/schema.ts';
import { CLIENT_DEFAULT_MAX_MESSAGES } from '../rules/lib/limits.ts';
import { identifyPool, type IdentifyResult } from './identify.ts';

type Series = readonly (number | null)[];
interface SeriesView {
  snapshot?: { pools?: Record<string, { instanceCount?: Series; cpuUtilization?: Series } | undefined> };
  subscriptionSeries?: (p: string) => { ackedMessagesPerMin?: Series; backlogMessages?: Series; processingTimeMs?: { p50: Series; p95: Series; p99: Series } } | undefined;
}

export function identifyFromView(view: MetricsView | undefined, pool: Pool, current: PoolSettingsValues): IdentifyResult | undefined {
  const v = view as (MetricsView & SeriesView) | undefined;
  const sub = typeof v?.subscriptionSeries === 'function' ? v.subscriptionSeries(pool.name) : undefined;
  if (!sub?.processingTimeMs || !sub.ackedMessagesPerMin) return undefined;
  const ps = v?.snapshot?.pools?.[pool.name];
  const s = current.scaling;
  return identifyPool({
    acked: sub.ackedMessagesPerMin,
    backlog: sub.backlogMessages,
    instances: ps?.instanceCount,
    cpu: ps?.cpuUtilization,
    p50Ms: sub.processingTimeMs.p50,
    p95Ms: sub.processingTimeMs.p95,
    p99Ms: sub.processingTimeMs.p99,
    concurrency: current.concurrency ?? CLIENT_DEFAULT_MAX_MESSAGES,
    ...(s?.mode === 'manual' ? { manualInstances: s.instances } : {}),
    ...(pool.settings?.downstreamLimitPerSec !== undefined ? { declaredLimitPerSec: pool.settings.downstreamLimitPerSec } : {}),
    ...(pool.settings?.startupTimeSec !== undefined ? { declaredStartupSec: pool.settings.startupTimeSec } : {}),
    scaled: s?.mode === 'crema',
    ...(pool.settings?.model ? { overrides: pool.settings.model } : {}),
  });
}
