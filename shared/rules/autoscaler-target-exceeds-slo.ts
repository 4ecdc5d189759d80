import type { Rule } from './types.ts';
import type { Trigger } from '../config/model.ts';
import { KEDA_PUBSUB_DEFAULT_VALUE } from './lib/limits.ts';
import { figuresOf, num } from './lib/metric-rules.ts';

/**
 * Trigger modes whose metric is a backlog count, so `value` is messages per instance. DOMAIN.md §2.2: the default
 * mode `SubscriptionSize` = `NumUndeliveredMessages`; other modes (e.g. `OldestUnackedMessageAge`) are not counts.
 */
const BACKLOG_MODES: ReadonlySet<string> = new Set(['subscriptionsize', 'numundeliveredmessages']);

/**
 * DOMAIN.md §6.5: "Target backlog per instance (CREMA/KEDA `value`) ≈ per-instance throughput × acceptable drain
 * time"; with an `AverageValue` target (the default, §2.3) the scaler settles at ceil(backlog ÷ value) instances
 * (§2.4), so each instance is left with up to `value` messages. Draining them takes value ÷ throughputPerInstance
 * seconds; when that is longer than `slo.queueWaitP95Sec`, the scaler is content with a backlog whose last message
 * waits longer than the objective. Suggestion: value = floor(throughputPerInstancePerSec × queueWaitP95Sec).
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
      const perInstance = figuresOf(ctx, pool)?.throughputPerInstancePerSec;
      if (!sc || sloSec === undefined || perInstance === undefined || perInstance <= 0) continue;
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
          message: `Scaler "${sc.name}" targets ${num(value)} messages per instance${written ? '' : ' (the default)'}; at the observed ${num(perInstance)} msg/s per instance that is ${num(drainSec, 1)} s of work, over pool "${pool.name}"'s ${sloSec} s queue-wait p95 objective.`,
          file: sc.ref.file,
          span: ctx.span(sc, path, written ? 'value' : 'key'),
          pool: pool.name,
          suggestions: edit ? [{ title: `Set value to "${target}" (${num(perInstance)} msg/s per instance × ${sloSec} s queue-wait objective)`, edits: [edit] }] : undefined,
          data: { scaler: sc.name, targetValue: value, targetValueDefault: !written, throughputPerInstancePerSec: perInstance, drainSec, queueWaitP95Sec: sloSec, ...(target >= 1 ? { suggestedValue: target } : {}) },
        });
      }
    }
  },
};

/** A gcp-pubsub trigger on a backlog count with an AverageValue target (§2.2, §2.3). */
function isBacklogTarget(t: Trigger): boolean {
  if (t.type !== 'gcp-pubsub') return false;
  if (t.metricType !== undefined && t.metricType !== 'AverageValue') return false;
  return t.mode === undefined || BACKLOG_MODES.has(t.mode.toLowerCase());
}
