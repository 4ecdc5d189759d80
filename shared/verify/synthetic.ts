/**
 * A recording produced by the model: a pool's configuration simulated (with the timeline on) over the traffic of
 * a metrics view, optionally changed (rate, burstiness, processing time, failures), written as a metrics snapshot
 * of the same format Cloud Monitoring recordings use. For tests, the examples' "after" snapshot
 * (scripts/gen-verify-example.ts) and trying verify without waiting for a real day of traffic.
 *
 * `hiddenProcessingScale` stretches the processing time the simulation uses but not the one the recording shows
 * (its ack-latency percentiles keep the model's): a pool whose work takes longer than the metrics say, e.g. work
 * after the ack or contention the ack latency misses, which is a case the model cannot reproduce from the recording.
 */
import type { Pool } from '../config/model.ts';
import type { Workspace } from '../config/workspace.ts';
import type { MetricsView } from '../metrics/figures.ts';
import { SNAPSHOT_SCHEMA_VERSION, type MetricsSnapshot } from '../metrics/snapshot-schema.ts';
import { subscriptionIdsOf } from '../metrics/view.ts';
import { lognormalParams, serviceQuantile } from '../simulate/distributions.ts';
import { simulate } from '../simulate/index.ts';
import type { ServiceTime, SimConfigInput, SimResult } from '../simulate/types.ts';
import { DEFAULT_SEED } from '../tune/tune.ts';
import { whatIf } from '../tune/what-if.ts';
import { arrivalSeriesOf } from '../tune/workload.ts';

export interface TrafficChangeSpec {
  /** Multiplies every minute's arrivals (1.6 = 60% more traffic). */
  arrivalScale?: number;
  /** Multiplies each minute's deviation from the mean rate (2 = twice as bursty), clipped at 0. */
  burstScale?: number;
  /** Multiplies the processing time, and the recording shows it (a real change of the work). */
  processingScale?: number;
  /** Multiplies the processing time, and the recording does not show it (the model's blind spot). */
  hiddenProcessingScale?: number;
  /** Share of deliveries that fail, replacing the recorded one. */
  failureRatio?: number;
}

export interface SyntheticOptions {
  seed?: number;
  /** Start of the recorded window (ISO 8601); default 2026-12-01T00:00:00Z. */
  start?: string;
  project?: string;
  source?: string;
}

const Z95 = 1.6448536269514722;

function scaled(st: ServiceTime, k: number): ServiceTime {
  if (k === 1) return st;
  switch (st.kind) {
    case 'lognormal': return { kind: 'lognormal', p50Sec: st.p50Sec * k, p99Sec: st.p99Sec * k };
    case 'exponential': return { kind: 'exponential', meanSec: st.meanSec * k };
    case 'deterministic': return { kind: 'deterministic', sec: st.sec * k };
    case 'mixture': return { ...st, light: { p50Sec: st.light.p50Sec * k, p99Sec: st.light.p99Sec * k }, heavy: { p50Sec: st.heavy.p50Sec * k, p99Sec: st.heavy.p99Sec * k } };
  }
}

function percentilesMs(st: ServiceTime): { p50: number; p95: number; p99: number } {
  if (st.kind === 'lognormal') {
    const { mu, sigma } = lognormalParams(st.p50Sec, st.p99Sec);
    return { p50: st.p50Sec * 1000, p95: Math.exp(mu + Z95 * sigma) * 1000, p99: st.p99Sec * 1000 };
  }
  if (st.kind === 'mixture') return { p50: serviceQuantile(st, 0.5) * 1000, p95: serviceQuantile(st, 0.95) * 1000, p99: serviceQuantile(st, 0.99) * 1000 };
  if (st.kind === 'exponential') return { p50: st.meanSec * Math.LN2 * 1000, p95: st.meanSec * Math.log(20) * 1000, p99: st.meanSec * Math.log(100) * 1000 };
  return { p50: st.sec * 1000, p95: st.sec * 1000, p99: st.sec * 1000 };
}

export function changeArrivals(perMinute: readonly number[], spec: TrafficChangeSpec): number[] {
  const mean = perMinute.reduce((a, b) => a + b, 0) / Math.max(1, perMinute.length);
  const burst = spec.burstScale ?? 1;
  const rate = spec.arrivalScale ?? 1;
  return perMinute.map((n) => Math.max(0, mean + (n - mean) * burst) * rate);
}

/** Simulates `pool` as configured in `ws` over `metrics`' traffic changed by `spec`; returns the snapshot. */
export function synthesizeRecording(ws: Workspace, pool: Pool, metrics: MetricsView, spec: TrafficChangeSpec = {}, options: SyntheticOptions = {}): { snapshot: MetricsSnapshot; result: SimResult } {
  let ran: { config: SimConfigInput; result: SimResult } | undefined;
  const simulateFn = (config: SimConfigInput): SimResult => {
    if (!ran) {
      const shown = scaled(config.serviceTime, spec.processingScale ?? 1);
      const changed: SimConfigInput = {
        ...config,
        arrivalsPerMinute: changeArrivals(config.arrivalsPerMinute, spec),
        serviceTime: scaled(shown, spec.hiddenProcessingScale ?? 1),
        ...(spec.failureRatio !== undefined ? { failureProbability: spec.failureRatio } : {}),
        timeline: true,
      };
      ran = { config: { ...changed, serviceTime: shown }, result: simulate(changed) };
    }
    return ran.result;
  };
  whatIf(ws, pool, {}, { metrics, arrivalSeries: arrivalSeriesOf(metrics), seed: options.seed ?? DEFAULT_SEED + 1000, simulateFn });
  const { config, result } = ran!;
  const minutes = Math.round(result.horizonSec / 60);
  const t = result.timeline.slice(0, minutes);
  const col = (f: (p: (typeof t)[number]) => number | undefined) => t.map((p) => f(p) ?? null);
  const pt = percentilesMs(config.serviceTime);
  const start = options.start ?? '2026-12-01T00:00:00Z';
  const end = new Date(Date.parse(start) + minutes * 60_000).toISOString().replace('.000Z', 'Z');
  const sub = subscriptionIdsOf(pool)[0] ?? `${pool.name}-sub`;
  const topic = pool.subscriptions.find((s) => s.name === sub)?.topic;
  return {
    result,
    snapshot: {
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      source: options.source ?? `generated: pool-tuner simulator (seed ${options.seed ?? DEFAULT_SEED + 1000})`,
      project: options.project ?? ws.settings?.settings.project ?? 'example',
      window: { start, end, stepSec: 60 },
      pools: { [pool.name]: { instanceCount: col((p) => p.instances) } },
      subscriptions: {
        [sub]: {
          ...(topic ? { topic } : {}),
          publishedMessagesPerMin: col((p) => p.published),
          deliveredMessagesPerMin: col((p) => p.delivered),
          ackedMessagesPerMin: col((p) => p.acked),
          nackedMessagesPerMin: col((p) => p.nacked),
          expiredAckDeadlinesPerMin: col((p) => p.expired),
          deadLetteredMessagesPerMin: col((p) => p.deadLettered),
          backlogMessages: col((p) => p.backlog),
          oldestUnackedAgeSec: col((p) => (p.oldestAgeSec === undefined ? undefined : Math.round(p.oldestAgeSec * 10) / 10)),
          processingTimeMs: { p50: t.map(() => Math.round(pt.p50)), p95: t.map(() => Math.round(pt.p95)), p99: t.map(() => Math.round(pt.p99)) },
        },
      },
      notes: [`Simulated: ${pool.name} as configured over ${metrics.source}${describeSpec(spec)}.`],
    },
  };
}

function describeSpec(s: TrafficChangeSpec): string {
  const parts = [
    s.arrivalScale !== undefined ? `arrivals ×${s.arrivalScale}` : '',
    s.burstScale !== undefined ? `burstiness ×${s.burstScale}` : '',
    s.processingScale !== undefined ? `processing time ×${s.processingScale}` : '',
    s.hiddenProcessingScale !== undefined ? `processing time ×${s.hiddenProcessingScale} not shown in ack latency` : '',
    s.failureRatio !== undefined ? `failure ratio ${s.failureRatio}` : '',
  ].filter(Boolean);
  return parts.length ? `, changed: ${parts.join(', ')}` : '';
}
