import type { Rule } from './types.ts';
import type { Scaler, Trigger } from '../config/model.ts';
import { poolOfScaler, rawScalar, replaceEntryLinesEdit } from './lib/helpers.ts';

/**
 * kedacore/keda `pkg/scalers/gcp_pubsub_scaler.go`: `Validate()` fails a trigger unless exactly one of
 * subscription or topic name is given ("exactly one of subscription or topic name must be given", v2.19.0 and
 * v2.20.0; v2.16.0 `parsePubSubResourceConfig` also rejects a name set both directly and `…FromEnv`, and
 * `subscriptionSize` beside `topicName`). The scaler then never starts: the pool is not scaled on Pub/Sub at all.
 */
export const rule: Rule = {
  meta: {
    id: 'keda-trigger-invalid',
    title: 'gcp-pubsub trigger KEDA rejects',
    category: 'correctness',
    defaultSeverity: 'error',
    needs: 'config',
    description: 'KEDA refuses a gcp-pubsub trigger without exactly one of subscriptionName or topicName (or with a name given twice), so the scaler never reads the backlog and the workload is not scaled on it.',
    remediation: 'Give exactly one of subscriptionName (or subscriptionNameFromEnv) and topicName (or topicNameFromEnv).',
    fixable: 'suggestion',
  },
  check(ctx) {
    for (const sc of ctx.ws.scalers) {
      for (const t of sc.triggers) {
        if (t.type !== 'gcp-pubsub') continue;
        const keys = new Set(t.metadataKeys);
        const mp = [...sc.basePath, 'triggers', t.index, 'metadata'];
        const label = `Trigger ${t.name ?? `#${t.index}`} of scaler "${sc.name}"`;
        const report = (key: string | undefined, message: string, suggestion?: { title: string; edit: ReturnType<typeof replaceEntryLinesEdit> }) => ctx.report({
          message,
          file: sc.ref.file,
          span: key ? ctx.span(sc, [...mp, key], 'key') : ctx.span(sc, [...sc.basePath, 'triggers', t.index, 'type']),
          pool: poolOfScaler(ctx, sc)?.name,
          suggestions: suggestion?.edit ? [{ title: suggestion.title, edits: [suggestion.edit] }] : undefined,
          data: { scaler: sc.name, trigger: t.name ?? `#${t.index}` },
        });
        for (const base of ['subscriptionName', 'topicName']) {
          if (keys.has(base) && keys.has(`${base}FromEnv`)) report(`${base}FromEnv`, `${label} sets both ${base} and ${base}FromEnv; KEDA accepts exactly one (kedacore/keda v2.16.0 gcp_pubsub_scaler.go).`);
        }
        const hasSub = keys.has('subscriptionName') || keys.has('subscriptionNameFromEnv');
        const hasTopic = keys.has('topicName') || keys.has('topicNameFromEnv');
        if (hasSub && hasTopic) {
          report(keys.has('topicName') ? 'topicName' : 'topicNameFromEnv', `${label} gives both a subscription and a topic; KEDA fails it: "exactly one of subscription or topic name must be given" (kedacore/keda v2.20.0 gcp_pubsub_scaler.go).`);
        } else if (!hasSub && !hasTopic) {
          const alias = t.metadataKeys.find((k) => /^(subscription(id|_id)?|subscriptionname)$/i.test(k) && k !== 'subscriptionName');
          report(alias ?? mpKey(t), `${label} has no subscriptionName or topicName${alias ? ` (KEDA does not read \`${alias}\`)` : ''}; KEDA fails it: "exactly one of subscription or topic name must be given" (kedacore/keda v2.20.0 gcp_pubsub_scaler.go).`, alias ? renameSuggestion(ctx, sc, t, alias) : undefined);
        }
        if (keys.has('subscriptionSize') && hasTopic) {
          report('subscriptionSize', `${label} sets subscriptionSize with a topic; KEDA rejects it: "you cannot use subscriptionSize field together with topicName field" (kedacore/keda v2.19.0 gcp_pubsub_scaler.go).`);
        }
      }
    }
  },
};

function mpKey(t: Trigger): string | undefined {
  return t.metadataKeys.length > 0 ? t.metadataKeys[0] : undefined;
}

/** `subscriptionID: S` (+ `projectID: P`) → `subscriptionName: projects/P/subscriptions/S`: what the author meant. */
function renameSuggestion(ctx: Parameters<Rule['check']>[0], sc: Scaler, t: Trigger, alias: string): { title: string; edit: ReturnType<typeof replaceEntryLinesEdit> } | undefined {
  const mp = [...sc.basePath, 'triggers', t.index, 'metadata'];
  const sub = rawScalar(ctx, sc, [...mp, alias]);
  if (typeof sub !== 'string' || sub === '') return undefined;
  const projectKey = t.metadataKeys.find((k) => /^project(id|_id)?$/i.test(k));
  const project = projectKey ? rawScalar(ctx, sc, [...mp, projectKey]) : undefined;
  const name = typeof project === 'string' && project !== '' && !sub.startsWith('projects/') ? `projects/${project}/subscriptions/${sub}` : sub;
  const edit = replaceEntryLinesEdit(ctx, sc, [...mp, alias], [`subscriptionName: ${JSON.stringify(name)}`]);
  return { title: `Write subscriptionName: "${name}" (the key KEDA reads)`, edit };
}
