import type { Rule } from './types.ts';
import type { Pool, Trigger } from '../config/model.ts';
import type { PoolFigures } from '../metrics/figures.ts';
import { CLIENT_DEFAULT_MAX_MESSAGES, KEDA_PUBSUB_DEFAULT_VALUE } from './lib/limits.ts';
import { figuresOf, num } from './lib/metric-rules.ts';

/**
 * Target CPU utilisation at which an instance counts as CPU-saturated (docs/sources.md#concurrency-bounds "vCPU × target utilisation ÷ CPU-seconds
 * per message"); the same 80% the tuner sizes concurrency with (shared/tune/concurrency.ts).
 */
const CPU_SATURATION = 0.8;

/**
 * Trigger modes whose metric is a backlog count, so `value` is messages per instance. docs/sources.md#keda-gcp-pubsub-trigger: the default
 * mode `SubscriptionSize` = `NumUndeliveredMessages`; other modes (e.g. `OldestUnackedMessageAge`) are not counts.
 */
const BACKLOG_MODES: ReadonlySet<string> = new Set(['subscriptionsize', 'numundeliveredmessages']);

/**
 * docs/sources.md#heuristics: "Target backlog per instance (CREMA/KEDA `value`) ≈ per-instance throughput × acceptable drain
 * time"; with an `AverageValue` target (the default, docs/sources.md#keda-scaledobject-defaults) the scaler settles at ceil(backlog ÷ value) instances
 * (docs/sources.md#hpa-algorithm), so each instance is left with up to `value` messages. Draining them takes value ÷ drain rate seconds;
 * when that is longer than `slo.queueWaitP95Sec`, the scaler is content with a backlog whose last message waits
 * longer than the objective. Suggestion: value = floor(drain rate × queueWaitP95Sec).
 *
 * The drain rate is what an instance CAN do with a backlog (`drainRate`), not the observed acked/s per instance: an
 * idle pool's observed throughput is limited by arrivals, not capacity, and would make any target look too large.
 */
export const rule: Rule = {
  meta: {
    id: 'autoscaler-target-exceeds-slo',
    title: 'Autoscaler target holds more work per instance than the queue-wait SLO allows',
    category: 'latency',
    defaultSeverity: 'warning',
    needs: 'metrics',
    description: 'At the observed throughput per instance, draining the backlog each instance is allowed (the trigger value) takes longer than the queue-wait objective, so the scaler stops adding instances while messages still wait too long.',
    remediation: 'Set the trigger value to throughput per instance × queue-wait objective, or relax slo.queueWaitP95Sec.',
    fixable: 'suggestion',
  },
  check(ctx) {
    for (const pool of ctx.pools) {
      const sc = pool.scaler;
      const sloSec = pool.settings?.slo?.queueWaitP95Sec;
      const rate = drainRate(pool, figuresOf(ctx, pool));
      if (!sc || sloSec === undefined || !rate) continue;
      const perInstance = rate.perSec;
      for (const t of sc.triggers) {
        if (!isBacklogTarget(t)) continue;
        const value = t.targetValue ?? KEDA_PUBSUB_DEFAULT_VALUE;
        const drainSec = value / perInstance;
        // Relative tolerance: a drain time equal to the objective up to float error is within it.
        if (drainSec <= sloSec * (1 + 1e-9)) continue;
        const target = Math.floor(perInstance * sloSec + 1e-9); // epsilon absorbs float error just below a whole number
        const path = [...sc.basePath, 'triggers', t.index, 'metadata', 'value'];
        const edit = target >= 1 && target < value ? ctx.setEdit(sc, path, String(target)) : undefined;
        const written = t.targetValueRaw !== undefined;
        ctx.report({
          message: `Scaler "${sc.name}" targets ${num(value)} messages per instance${written ? '' : ' (the default)'}; at ${num(perInstance)} msg/s per instance (${rate.why}) that is ${num(drainSec, 1)} s of work, over pool "${pool.name}"'s ${sloSec} s queue-wait p95 objective.`,
          file: sc.ref.file,
          span: ctx.span(sc, path, written ? 'value' : 'key'),
          pool: pool.name,
          suggestions: edit ? [{ title: `Set value to "${target}" (${num(perInstance)} msg/s per instance × ${sloSec} s queue-wait objective)`, edits: [edit] }] : undefined,
          data: { scaler: sc.name, targetValue: value, targetValueDefault: !written, drainRatePerInstancePerSec: perInstance, drainRateBasis: rate.basis, ...(rate.observed !== undefined ? { throughputPerInstancePerSec: rate.observed } : {}), drainSec, queueWaitP95Sec: sloSec, ...(target >= 1 ? { suggestedValue: target } : {}) },
        });
      }
    }
  },
};

/** A gcp-pubsub trigger on a backlog count with an AverageValue target (docs/sources.md#keda-gcp-pubsub-trigger, #keda-scaledobject-defaults). */
function isBacklogTarget(t: Trigger): boolean {
  if (t.type !== 'gcp-pubsub') return false;
  if (t.metricType !== undefined && t.metricType !== 'AverageValue') return false;
  return t.mode === undefined || BACKLOG_MODES.has(t.mode.toLowerCase());
}

export interface DrainRate {
  perSec: number;
  basis: 'capacity' | 'cpu' | 'observed';
  why: string;
  observed?: number;
}

/**
 * Messages per second one instance drains from a backlog. docs/sources.md#heuristics: per-instance throughput ≈ concurrency ÷ mean
 * processing time (the measured mean, else the declared `processingTimeSec`; an unset concurrency is the client
 * default of 1000, docs/sources.md#client-flow-control-and-leases). Capped by the CPU-bound rate when CPU figures are there (docs/sources.md#concurrency-bounds): CPU-seconds per message =
 * utilisation × vCPU ÷ observed acked/s per instance, and an instance sustains vCPU × 80% ÷ that, i.e.
 * observed × 0.8 ÷ utilisation (vCPU cancels; the idle baseline is counted as work, which errs low). The observed
 * rate is used when it is higher (the estimate is then wrong) or when no capacity can be computed.
 */
export function drainRate(pool: Pool, f: PoolFigures | undefined): DrainRate | undefined {
  if (!f) return undefined; // a metrics rule: no figures for the pool, no finding
  const observed = f?.throughputPerInstancePerSec !== undefined && f.throughputPerInstancePerSec > 0 ? f.throughputPerInstancePerSec : undefined;
  const measuredMs = f?.processingTimeMs?.mean;
  const meanSec = measuredMs !== undefined && measuredMs > 0 ? measuredMs / 1000 : pool.settings?.processingTimeSec;
  const c = pool.concurrency?.value ?? CLIENT_DEFAULT_MAX_MESSAGES;
  const observedOnly = observed === undefined ? undefined : { perSec: observed, basis: 'observed' as const, why: 'observed acked/s per instance', observed };
  if (meanSec === undefined || !(meanSec > 0) || !(c > 0)) return observedOnly;
  const cText = pool.concurrency ? `concurrency ${c}` : `client default concurrency ${c}`;
  const timeText = measuredMs !== undefined && measuredMs > 0 ? `${num(meanSec, 1)} s mean processing` : `declared ${num(meanSec, 1)} s processing`;
  let rate: DrainRate = { perSec: c / meanSec, basis: 'capacity', why: `${cText} ÷ ${timeText}`, observed };
  const util = f?.cpuUtilization?.mean;
  if (observed !== undefined && util !== undefined && util > 0) {
    const cpuRate = (observed * CPU_SATURATION) / util;
    if (cpuRate < rate.perSec) {
      rate = { perSec: cpuRate, basis: 'cpu', why: `CPU-bound: ${num(observed)} msg/s observed at ${Math.round(util * 100)}% CPU, so ${CPU_SATURATION * 100}% CPU drains ${num(cpuRate)}; ${rate.why} would allow ${num(rate.perSec)}`, observed };
    }
  }
  return observed !== undefined && observed > rate.perSec ? observedOnly : rate;
}
