import type { Rule, RuleContext } from './types.ts';
import type { Scaler } from '../config/model.ts';
import { isPubSubTrigger } from '../config/triggers.ts';
import { poolOfScaler } from './lib/helpers.ts';
import { METRIC_INGESTION_DELAY_SEC, METRIC_SAMPLE_PERIOD_SEC, SCALER_DEFAULTS } from './lib/limits.ts';
import { KEDA_DEFAULT_COOLDOWN_SEC, KEDA_DEFAULT_POLLING_SEC } from './lib/keda.ts';

/**
 * The reasoning of scale-down-stabilization-too-short, for KEDA's own timers. Pub/Sub metrics are sampled every 60 s
 * and visible up to 120 s late (cloud.google.com/monitoring/api/metrics_gcp#gcp-pubsub; KEDA's scaler says so too:
 * "Pubsub metrics are collected every 60 seconds", gcp_pubsub_scaler.go v2.20.0). KEDA uses `pollingInterval` and
 * `cooldownPeriod` only for 0 ↔ 1 (keda-docs 2.20 scaledobject-spec; the v2.20.0 webhook warns they are irrelevant
 * unless minReplicaCount or idleReplicaCount is 0), so the rule speaks only for a workload that scales to zero:
 * - `cooldownPeriod` < 120 s: a consumer that keeps up shows a backlog of 0; after the cooldown KEDA scales it to
 *   zero, the backlog builds unseen for up to 2 minutes, and it wakes again: flapping on stale data.
 * - `pollingInterval` under KEDA's default 30 s: checks read the same 60 s sample again; waking still waits for the
 *   60–120 s delay (30 s itself, the default, is left alone).
 * CREMA ignores cooldownPeriod and has its own pollingInterval (crema-ignored-field, min-instances-zero-with-latency-slo).
 */
export const rule: Rule = {
  meta: {
    id: 'keda-periods-below-metric-delay',
    title: 'KEDA cooldown or polling shorter than the Pub/Sub metric delay',
    category: 'reliability',
    defaultSeverity: 'warning',
    needs: 'config',
    description: 'Pub/Sub backlog reaches KEDA once a minute and up to two minutes late; a cooldownPeriod shorter than that scales a busy consumer to zero on a stale empty reading, and polling faster than once a minute reads the same number again.',
    remediation: 'Set cooldownPeriod to at least 120 s (KEDA\'s default 300 is safe) and pollingInterval to 60 s or more when scaling to zero on Pub/Sub metrics.',
    fixable: 'suggestion',
  },
  check(ctx) {
    const cremaDocs = new Set<string>();
    for (const sc of ctx.ws.scalers) {
      // A Cloud Monitoring metric (Pub/Sub, or any metric through gcp-stackdriver) is sampled once a minute.
      const trigger = sc.triggers.find((t) => isPubSubTrigger(t) || t.type === 'gcp-stackdriver');
      if (sc.format === 'crema') {
        // One top-level pollingInterval per CremaConfig, however many scaledObjects it holds.
        const key = `${sc.ref.file}#${sc.ref.docIndex}`;
        if (trigger && !cremaDocs.has(key)) {
          cremaDocs.add(key);
          checkCremaPolling(ctx, sc);
        }
        continue;
      }
      if (sc.format !== 'keda') continue;
      const toZero = (sc.minReplicas ?? SCALER_DEFAULTS.minReplicas) === 0 || sc.idleReplicas === 0;
      if (!trigger || !toZero) continue;
      const pool = poolOfScaler(ctx, sc)?.name;
      if (sc.cooldownPeriodSec !== undefined && sc.cooldownPeriodSec < METRIC_INGESTION_DELAY_SEC) {
        const path = [...sc.basePath, 'cooldownPeriod'];
        const edit = ctx.setEdit(sc, path, KEDA_DEFAULT_COOLDOWN_SEC);
        ctx.report({
          message: `Scaler "${sc.name}" scales to zero ${sc.cooldownPeriodSec} s after the last non-empty reading, but Pub/Sub backlog arrives up to ${METRIC_INGESTION_DELAY_SEC} s late: a consumer that keeps up reads as idle, is scaled to zero, and wakes again minutes later.`,
          file: sc.ref.file,
          span: ctx.span(sc, path),
          pool,
          suggestions: edit ? [{ title: `Set cooldownPeriod to ${KEDA_DEFAULT_COOLDOWN_SEC} (KEDA's default; covers the 2-minute metric delay)`, edits: [edit] }] : undefined,
          data: { scaler: sc.name, cooldownPeriodSec: sc.cooldownPeriodSec, ingestionDelaySec: METRIC_INGESTION_DELAY_SEC },
        });
      }
      if (sc.pollingIntervalWritten && sc.pollingIntervalSec !== undefined && sc.pollingIntervalSec < KEDA_DEFAULT_POLLING_SEC) {
        const path = [...sc.basePath, 'pollingInterval'];
        const edit = ctx.setEdit(sc, path, METRIC_SAMPLE_PERIOD_SEC);
        ctx.report({
          message: `Scaler "${sc.name}" polls every ${sc.pollingIntervalSec} s (KEDA's default is ${KEDA_DEFAULT_POLLING_SEC} s), but Pub/Sub metrics change once every ${METRIC_SAMPLE_PERIOD_SEC} s and arrive up to ${METRIC_INGESTION_DELAY_SEC} s late: faster polling reads the same sample again and does not wake the workload sooner.`,
          severity: 'info',
          file: sc.ref.file,
          span: ctx.span(sc, path),
          pool,
          suggestions: edit ? [{ title: `Set pollingInterval to ${METRIC_SAMPLE_PERIOD_SEC} (one Pub/Sub metric sample per poll)`, edits: [edit] }] : undefined,
          data: { scaler: sc.name, pollingIntervalSec: sc.pollingIntervalSec, samplePeriodSec: METRIC_SAMPLE_PERIOD_SEC },
        });
      }
    }
  },
};

/**
 * CREMA polls every scaler on its one top-level `pollingInterval` and writes a count on every poll (not only
 * between 0 and 1, as KEDA does): polling more often than every CREMA_FAST_POLLING_SEC re-reads the same 60 s sample
 * six times or more and spends Cloud Monitoring read quota (docs/sources.md#monitoring-api) for no newer figure.
 */
/** A judgement: under 10 s a poll re-reads the same 60 s sample six times or more (CREMA has no default to compare with). */
const CREMA_FAST_POLLING_SEC = 10;

function checkCremaPolling(ctx: RuleContext, sc: Scaler): void {
  const sec = sc.pollingIntervalSec;
  if (sec === undefined || sec >= CREMA_FAST_POLLING_SEC) return;
  const path = ['spec', 'pollingInterval'];
  const edit = ctx.setEdit(sc, path, METRIC_SAMPLE_PERIOD_SEC);
  ctx.report({
    message: `CREMA config of scaler "${sc.name}" polls every ${sec} s, but Cloud Monitoring metrics change once every ${METRIC_SAMPLE_PERIOD_SEC} s and arrive up to ${METRIC_INGESTION_DELAY_SEC} s late: faster polling reads the same sample again and spends Monitoring read quota.`,
    severity: 'info',
    file: sc.ref.file,
    span: ctx.span(sc, path),
    pool: poolOfScaler(ctx, sc)?.name,
    suggestions: edit ? [{ title: `Set pollingInterval to ${METRIC_SAMPLE_PERIOD_SEC} (one metric sample per poll)`, edits: [edit] }] : undefined,
    data: { scaler: sc.name, pollingIntervalSec: sec, samplePeriodSec: METRIC_SAMPLE_PERIOD_SEC },
  });
}
