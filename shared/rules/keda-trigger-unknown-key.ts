import type { Rule } from './types.ts';
import { closestName, poolOfScaler } from './lib/helpers.ts';
import { KEDA_PUBSUB_KEYS } from './lib/keda.ts';

/**
 * kedacore/keda v2.20.0: the gcp-pubsub scaler reads only the keys of `pubsubMetadata` (gcp_pubsub_scaler.go) and
 * the credential keys of gcp/gcp_common.go; `checkUnexpectedParameterExist` (scalersconfig/typed_config.go) only
 * logs others, and only when KEDA_CHECK_UNEXPECTED_SCALERS_PARAMS is set. An unknown key is silently ignored.
 */
export const rule: Rule = {
  meta: {
    id: 'keda-trigger-unknown-key',
    title: 'gcp-pubsub trigger key KEDA does not read',
    category: 'correctness',
    defaultSeverity: 'warning',
    needs: 'config',
    description: 'KEDA ignores trigger metadata it does not know (projectID, subscriptionID, a misspelt key), so a setting the author relies on has no effect.',
    remediation: 'Use the keys of the KEDA gcp-pubsub scaler (subscriptionName, topicName, mode, value, activationValue, aggregation, timeHorizon, valueIfNull, credentialsFromEnv); put the project in subscriptionName as projects/P/subscriptions/S.',
    fixable: 'none',
  },
  check(ctx) {
    for (const sc of ctx.ws.scalers) {
      for (const t of sc.triggers) {
        if (t.type !== 'gcp-pubsub') continue;
        for (const key of t.metadataKeys) {
          if (KEDA_PUBSUB_KEYS.includes(key)) continue;
          const near = /^project(id|_id)?$/i.test(key) ? undefined : closestName(key, KEDA_PUBSUB_KEYS);
          const hint = /^project(id|_id)?$/i.test(key)
            ? ' KEDA takes the project from subscriptionName (projects/P/subscriptions/S) or from the credentials.'
            : near ? ` Did you mean ${near}?` : '';
          ctx.report({
            message: `KEDA's gcp-pubsub scaler does not read \`${key}\` (trigger ${t.name ?? `#${t.index}`} of scaler "${sc.name}"); it is ignored.${hint}`,
            file: sc.ref.file,
            span: ctx.span(sc, [...sc.basePath, 'triggers', t.index, 'metadata', key], 'key'),
            pool: poolOfScaler(ctx, sc)?.name,
            data: { scaler: sc.name, key, ...(near ? { nearest: near } : {}) },
          });
        }
      }
    }
  },
};
