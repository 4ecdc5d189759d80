import { isBacklogTarget, targetKeyOf } from '../config/triggers.ts';
import type { Rule } from './types.ts';
import { KEDA_PUBSUB_DEFAULT_VALUE } from './lib/limits.ts';
import { num } from './lib/metric-rules.ts';
import { poolModelOf } from './lib/pool-model.ts';
import { drainRate, drainSec as drainSecOf, largestTargetWithinSlo, targetWithinSlo } from '../model/drain.ts';

/**
 * A backlog of `value` per instance takes value ÷ drain rate seconds to drain (model/drain.ts, the computation the
 * tuner's search bounds its targets with, so a tuned target never fires here); when that is longer than
 * `slo.queueWaitP95Sec`, the scaler is content with a backlog whose last message waits longer than the objective.
 * Suggestion: value = floor(drain rate × queueWaitP95Sec).
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
        if (targetWithinSlo(value, rate, sloSec)) continue;
        const drainSec = drainSecOf(value, rate);
        const target = largestTargetWithinSlo(rate, sloSec);
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
