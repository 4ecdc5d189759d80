import type { Rule, RuleContext } from './types.ts';
import type { Pool } from '../config/model.ts';
import { poolModelOf } from './lib/pool-model.ts';
import { hasToday, todayEvaluation } from '../model/pool-model.ts';
import { CREMA_UNSET_POLLING_SEC, METRIC_INGESTION_DELAY_SEC } from './lib/limits.ts';

/**
 * A pool at zero wakes only after the scaler sees backlog: one polling interval (CREMA without `pollingInterval` is
 * POSTed at most once a minute, docs/sources.md#crema; KEDA default 30 s, docs/sources.md#keda-scaledobject-defaults) plus the metric ingestion delay (≤120 s, docs/sources.md#pubsub-metrics) plus
 * instance start-up (`startupTimeSec`, 0 when undeclared). The scaler then starts **one** instance (docs/sources.md#crema stabilizer).
 * docs/sources.md#autoscaling-on-pubsub-metrics: "Keep the minimum task count above 0 for latency."
 *
 * A rule of thumb: with metrics, the pool model replays today's config on the recorded arrivals (the one "today",
 * model/pool-model.ts), cold wake-ups included (the simulated scaler polls, waits for the metric delay and starts
 * instances). When that replay meets the queue-wait p95 objective, the wake-ups the traffic causes are too rare to
 * move the p95, so the rule of thumb does not apply and the rule stays quiet.
 */
export const rule: Rule = {
  meta: {
    id: 'min-instances-zero-with-latency-slo',
    title: 'Pool scales to zero but has a queue-wait SLO shorter than a cold start',
    category: 'latency',
    defaultSeverity: 'warning',
    needs: 'config',
    description: 'From zero instances the first message waits for a scaler poll, the metrics delay and a start-up before any worker pulls it, which is longer than the declared queue-wait objective.',
    remediation: 'Set minReplicaCount to 1 (one warm instance), or relax slo.queueWaitP95Sec if idle periods may be slow.',
    fixable: 'suggestion',
  },
  check(ctx) {
    for (const pool of ctx.pools) {
      const sc = pool.scaler;
      const sloSec = pool.settings?.slo?.queueWaitP95Sec;
      if (!sc || sloSec === undefined || (sc.minReplicas ?? 0) !== 0) continue;
      const pollSec = sc.pollingIntervalSec ?? CREMA_UNSET_POLLING_SEC;
      const startupSec = pool.settings?.startupTimeSec ?? 0;
      const wakeSec = pollSec + METRIC_INGESTION_DELAY_SEC + startupSec;
      if (sloSec >= wakeSec) continue;
      if (simulationMeetsSlo(ctx, pool, sloSec)) continue;
      const path = [...sc.basePath, 'minReplicaCount'];
      const edit = ctx.setEdit(sc, path, 1);
      // docs/sources.md#keda-scaledobject-defaults: with minReplicaCount ≥ 1 KEDA ignores activationValue; drop it so activation-value-ignored stays quiet.
      const activation = sc.format === 'keda' ? sc.triggers.filter((t) => t.activationValue !== undefined && t.activationValue !== 0) : [];
      const removals = activation.map((t) => ctx.removeEdit(sc, [...sc.basePath, 'triggers', t.index, 'metadata', 'activationValue']));
      const edits = edit && removals.every((r) => r !== undefined) ? [edit, ...removals.filter((r) => r !== undefined)] : undefined;
      const also = removals.length ? '; activationValue removed: KEDA ignores it from one instance up' : '';
      ctx.report({
        message: `Pool "${pool.name}" scales to zero; waking takes about ${wakeSec} s (poll ${pollSec} s + metrics delay ${METRIC_INGESTION_DELAY_SEC} s + start-up ${startupSec} s) against a ${sloSec} s queue-wait p95 objective.`,
        file: sc.ref.file,
        span: ctx.span(sc, path, sc.minReplicas === undefined ? 'key' : 'value'),
        pool: pool.name,
        suggestions: edits ? [{ title: `Set minReplicaCount to 1 (one warm instance: a cold wake-up takes ~${wakeSec} s > the ${sloSec} s objective${also})`, edits }] : undefined,
        data: { queueWaitP95Sec: sloSec, wakeUpSec: wakeSec, pollingIntervalSec: pollSec, ingestionDelaySec: METRIC_INGESTION_DELAY_SEC, startupTimeSec: startupSec },
      });
    }
  },
};

/** True when the pool model's replay of today's config (scale-to-zero and wake-ups included) meets the wait objective. */
function simulationMeetsSlo(ctx: RuleContext, pool: Pool, sloSec: number): boolean {
  if (!ctx.metrics?.forPool(pool.name)) return false;
  const model = poolModelOf(ctx, pool);
  if (!hasToday(model)) return false;
  const ev = todayEvaluation(model);
  return !!ev && ev.result.unfinished === 0 && ev.figures.queueWaitP95Sec <= sloSec;
}
