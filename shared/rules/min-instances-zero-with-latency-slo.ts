import type { Rule } from './types.ts';
import { CREMA_UNSET_POLLING_SEC, METRIC_INGESTION_DELAY_SEC } from './lib/limits.ts';

/**
 * A pool at zero wakes only after the scaler sees backlog: one polling interval (CREMA without `pollingInterval` is
 * POSTed at most once a minute, docs/sources.md#crema; KEDA default 30 s, docs/sources.md#keda-scaledobject-defaults) plus the metric ingestion delay (≤120 s, docs/sources.md#pubsub-metrics) plus
 * instance start-up (`startupTimeSec`, 0 when undeclared). The scaler then starts **one** instance (docs/sources.md#crema stabilizer).
 * docs/sources.md#autoscaling-on-pubsub-metrics: "Keep the minimum task count above 0 for latency."
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
