import { isPubSubTrigger, targetKeyOf } from '../config/triggers.ts';
import type { Rule } from './types.ts';
import type { Trigger } from '../config/model.ts';
import { KEDA_PUBSUB_DEFAULT_VALUE } from './lib/limits.ts';
import { num } from './lib/metric-rules.ts';
import { poolModelOf } from './lib/pool-model.ts';
import { modelCapacity, type PoolModel } from '../model/pool-model.ts';

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
 * The drain rate is what an instance CAN do with a backlog (`drainRate`, read from the pool model: the tuner's own
 * CPU fit and processing time), not the observed acked/s per instance: an idle pool's observed throughput is
 * limited by arrivals, not capacity, and would make any target look too large.
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
      if (!sc || sloSec === undefined || !ctx.metrics?.forPool(pool.name)) continue;
      const rate = drainRate(poolModelOf(ctx, pool));
      if (!rate) continue;
      const perInstance = rate.perSec;
      for (const t of sc.triggers) {
        if (!isBacklogTarget(t)) continue;
        const value = t.targetValue ?? KEDA_PUBSUB_DEFAULT_VALUE;
        const drainSec = value / perInstance;
        // Relative tolerance: a drain time equal to the objective up to float error is within it.
        if (drainSec <= sloSec * (1 + 1e-9)) continue;
        const target = Math.floor(perInstance * sloSec + 1e-9); // epsilon absorbs float error just below a whole number
        const path = [...sc.basePath, 'triggers', t.index, 'metadata', targetKeyOf(t)];
        const edit = target >= 1 && target < value ? ctx.setEdit(sc, path, String(target)) : undefined;
        const written = t.targetValueRaw !== undefined;
        ctx.report({
          message: `Scaler "${sc.name}" targets ${num(value)} messages per instance${written ? '' : ' (the default)'}; at ${num(perInstance)} msg/s per instance (${rate.why}) that is ${num(drainSec, 1)} s of work, over pool "${pool.name}"'s ${sloSec} s queue-wait p95 objective.`,
          file: sc.ref.file,
          span: ctx.span(sc, path, written ? 'value' : 'key'),
          pool: pool.name,
          suggestions: edit ? [{ title: `Set ${targetKeyOf(t)} to "${target}" (${num(perInstance)} msg/s per instance × ${sloSec} s queue-wait objective)`, edits: [edit] }] : undefined,
          data: { scaler: sc.name, targetValue: value, targetValueDefault: !written, drainRatePerInstancePerSec: perInstance, drainRateBasis: rate.basis, ...(rate.cpuSecPerMessage !== undefined ? { cpuSecPerMessage: rate.cpuSecPerMessage } : {}), ...(rate.observed !== undefined ? { throughputPerInstancePerSec: rate.observed } : {}), drainSec, queueWaitP95Sec: sloSec, ...(target >= 1 ? { suggestedValue: target } : {}) },
        });
      }
    }
  },
};

/** A gcp-pubsub trigger on a backlog count with an AverageValue target (docs/sources.md#keda-gcp-pubsub-trigger, #keda-scaledobject-defaults). */
function isBacklogTarget(t: Trigger): boolean {
  if (!isPubSubTrigger(t)) return false;
  if (t.metricType !== undefined && t.metricType !== 'AverageValue') return false;
  return t.mode === undefined || BACKLOG_MODES.has(t.mode.toLowerCase());
}

export interface DrainRate {
  perSec: number;
  basis: 'capacity' | 'cpu' | 'observed';
  why: string;
  observed?: number;
  cpuSecPerMessage?: number;
}

/**
 * Messages per second one instance drains from a backlog: the pool model's capacity (model/cpu.ts
 * `instanceCapacity`, the same CPU fit and processing time the tuner sizes concurrency with): concurrency ÷ mean
 * processing (the measured mean, else the declared `processingTimeSec`; an unset concurrency is the client default
 * of 1000, docs/sources.md#client-flow-control-and-leases), capped by the CPU-bound rate (0.8 × vCPU − idle) ÷
 * CPU-seconds per message (docs/sources.md#concurrency-bounds). The observed acked/s per instance is used when it
 * is higher (the estimate is then wrong) or when no capacity can be computed.
 */
export function drainRate(model: PoolModel): DrainRate | undefined {
  const f = model.figures;
  if (!f) return undefined; // a metrics rule: no figures for the pool, no finding
  const observed = f.throughputPerInstancePerSec !== undefined && f.throughputPerInstancePerSec > 0 ? f.throughputPerInstancePerSec : undefined;
  const observedOnly = observed === undefined ? undefined : { perSec: observed, basis: 'observed' as const, why: 'observed acked/s per instance', observed };
  const cap = modelCapacity(model);
  if (!cap) return observedOnly;
  const rate: DrainRate = { perSec: cap.perSec, basis: cap.basis, why: cap.why, observed, ...(cap.cpuSecPerMessage !== undefined ? { cpuSecPerMessage: cap.cpuSecPerMessage } : {}) };
  return observed !== undefined && observed > rate.perSec ? observedOnly : rate;
}
