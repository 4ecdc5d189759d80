import type { Rule, RuleContext } from './types.ts';
import type { Scaler, Trigger } from '../config/model.ts';
import type { TextEdit } from '../config/edits.ts';
import { poolOfScaler, projectOfPath, rawScalar, replaceEntryLinesEdit } from './lib/helpers.ts';
import { KEDA_PUBSUB_DEFAULT_VALUE } from './lib/limits.ts';

/**
 * keda-docs 2.20 `scalers/gcp-pub-sub.md`: "This scaler is deprecated and won't receive any modification"; KEDA's
 * blog "Google Cloud deprecations" (keda.sh/blog/2025-09-15-gcp-deprecations) explains why (it relies on MQL) and
 * gives the migration: a `prometheus` trigger against Google Cloud Managed Service for Prometheus, with
 * serverAddress https://monitoring.googleapis.com/v1/projects/P/location/global/prometheus, the subscription and mode
 * in the query, `value`/`activationValue` → `threshold`/`activationThreshold`, credentials unchanged. KEDA will not
 * remove the scaler while Google Cloud supports MQL, hence `info`. Plain KEDA only: CREMA lists gcp-pubsub as a
 * verified scaler (cloud-run-external-metrics-autoscaling README).
 */
export const rule: Rule = {
  meta: {
    id: 'keda-gcp-pubsub-deprecated',
    title: 'KEDA gcp-pubsub scaler is deprecated',
    category: 'reliability',
    defaultSeverity: 'info',
    needs: 'config',
    description: 'KEDA deprecated its gcp-pubsub scaler because it queries Cloud Monitoring with MQL, which Google Cloud no longer recommends; KEDA suggests the prometheus scaler on Google Cloud Managed Service for Prometheus, which reads the same Pub/Sub metric.',
    remediation: 'Move the trigger to type prometheus with serverAddress https://monitoring.googleapis.com/v1/projects/PROJECT/location/global/prometheus, the subscription metric in query, and value as threshold.',
    fixable: 'suggestion',
  },
  check(ctx) {
    for (const sc of ctx.ws.scalers) {
      if (sc.format !== 'keda') continue;
      for (const t of sc.triggers) {
        if (t.type !== 'gcp-pubsub') continue;
        const migration = migrationEdits(ctx, sc, t);
        ctx.report({
          message: `Trigger ${t.name ?? `#${t.index}`} of scaler "${sc.name}" uses KEDA's deprecated gcp-pubsub scaler (MQL); KEDA recommends the prometheus scaler on Google Cloud Managed Service for Prometheus${migration ? '' : ' (no automatic migration here: the project, subscription or mode is not plain in the files)'}.`,
          file: sc.ref.file,
          span: ctx.span(sc, [...sc.basePath, 'triggers', t.index, 'type']),
          pool: poolOfScaler(ctx, sc)?.name,
          suggestions: migration ? [{ title: migration.title, edits: migration.edits }] : undefined,
          data: { scaler: sc.name, trigger: t.name ?? `#${t.index}` },
        });
      }
    }
  },
};

/** Pub/Sub modes whose metric is a gauge the migration can query as is (mode → metric name, §2.2 of the scaler doc). */
const GAUGES: Record<string, string> = {
  subscriptionsize: 'num_undelivered_messages',
  numundeliveredmessages: 'num_undelivered_messages',
  oldestunackedmessageage: 'oldest_unacked_message_age',
};

function migrationEdits(ctx: RuleContext, sc: Scaler, t: Trigger): { title: string; edits: TextEdit[] } | undefined {
  const mp = [...sc.basePath, 'triggers', t.index, 'metadata'];
  const allowed = new Set(['subscriptionName', 'mode', 'value', 'activationValue', 'subscriptionSize', 'credentialsFromEnv', 'credentialsFromEnvFile']);
  if (!t.subscription || t.metadataKeys.some((k) => !allowed.has(k))) return undefined;
  const metric = GAUGES[(t.mode ?? 'SubscriptionSize').toLowerCase()];
  const rawSub = String(rawScalar(ctx, sc, [...mp, 'subscriptionName']) ?? '');
  const project = projectOfPath(rawSub) ?? ctx.ws.settings?.settings.project;
  if (!metric || !project) return undefined;
  const threshold = t.targetValue ?? KEDA_PUBSUB_DEFAULT_VALUE;
  const lines = [
    'metadata:',
    `  serverAddress: https://monitoring.googleapis.com/v1/projects/${project}/location/global/prometheus`,
    `  query: '{"__name__"="pubsub.googleapis.com/subscription/${metric}","monitored_resource"="pubsub_subscription","subscription_id"="${t.subscription}"}'`,
    `  threshold: "${threshold}"`,
    ...(t.activationValue !== undefined ? [`  activationThreshold: "${t.activationValue}"`] : []),
    ...['credentialsFromEnv', 'credentialsFromEnvFile'].flatMap((k) => {
      const v = rawScalar(ctx, sc, [...mp, k]);
      return typeof v === 'string' ? [`  ${k}: ${v}`] : [];
    }),
  ];
  const body = replaceEntryLinesEdit(ctx, sc, mp, lines);
  const type = ctx.setEdit(sc, [...sc.basePath, 'triggers', t.index, 'type'], 'prometheus');
  if (!body || !type) return undefined;
  return { title: `Read ${t.subscription} through the prometheus scaler on Managed Service for Prometheus (threshold ${threshold}, same target; KEDA's documented migration)`, edits: [type, body] };
}
