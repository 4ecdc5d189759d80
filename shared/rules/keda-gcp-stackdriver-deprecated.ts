import type { Rule } from './types.ts';
import { poolOfScaler } from './lib/helpers.ts';

/**
 * docs/sources.md#keda-gcp-pubsub-trigger: KEDA deprecated its Google Cloud scalers that query Cloud Monitoring with
 * MQL, `gcp-stackdriver` among them (keda.sh/blog/2025-09-15-gcp-deprecations); the replacement is the `prometheus`
 * scaler on Google Cloud Managed Service for Prometheus. KEDA keeps the scaler while Google Cloud supports MQL, hence
 * `info`. Plain KEDA only: CREMA lists Stackdriver as a verified scaler (docs/sources.md#crema).
 */
export const rule: Rule = {
  meta: {
    id: 'keda-gcp-stackdriver-deprecated',
    title: 'KEDA gcp-stackdriver scaler is deprecated',
    category: 'reliability',
    defaultSeverity: 'info',
    needs: 'config',
    description: 'KEDA deprecated its gcp-stackdriver (Cloud Monitoring) scaler because it queries with MQL, which Google Cloud no longer recommends; the prometheus scaler on Google Cloud Managed Service for Prometheus reads the same metrics with PromQL.',
    remediation: 'Move the trigger to type prometheus with serverAddress https://monitoring.googleapis.com/v1/projects/PROJECT/location/global/prometheus and the metric as a PromQL query.',
    fixable: 'none',
  },
  check(ctx) {
    for (const sc of ctx.ws.scalers) {
      if (sc.format !== 'keda') continue;
      for (const t of sc.triggers) {
        if (t.type !== 'gcp-stackdriver') continue;
        ctx.report({
          message: `Trigger ${t.name ?? `#${t.index}`} of scaler "${sc.name}" uses KEDA's deprecated gcp-stackdriver scaler (MQL); KEDA recommends the prometheus scaler on Google Cloud Managed Service for Prometheus, with the metric as a PromQL query.`,
          file: sc.ref.file,
          span: ctx.span(sc, [...sc.basePath, 'triggers', t.index, 'type']),
          pool: poolOfScaler(ctx, sc)?.name,
          data: { scaler: sc.name, trigger: t.name ?? `#${t.index}` },
        });
      }
    }
  },
};
