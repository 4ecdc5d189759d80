import type { Rule } from './types.ts';
import { closestName, poolOfScaler, projectOfPath, rawScalar, withLastSegment } from './lib/helpers.ts';

/**
 * docs/sources.md#keda-gcp-pubsub-trigger: the gcp-pubsub trigger reads backlog of `subscriptionName`; a name with no time series makes the
 * scaler error (`valueIfNull` unset) and the pool is not scaled on it. Speaks only when the workspace holds
 * subscriptions (a partial view otherwise), and of the project the trigger names.
 */
export const rule: Rule = {
  meta: {
    id: 'trigger-subscription-not-found',
    title: 'Scaler trigger reads a subscription that is not in the workspace',
    category: 'correctness',
    defaultSeverity: 'warning',
    needs: 'config',
    description: 'A trigger whose subscriptionName matches no known subscription is usually a typo: the scaler finds no metric, errors, and the pool stops following its backlog.',
    remediation: 'Correct the trigger\'s subscriptionName, or add that subscription\'s config to the workspace.',
    fixable: 'suggestion',
  },
  check(ctx) {
    const names = ctx.ws.subscriptions.map((s) => s.name);
    if (names.length === 0) return;
    // Projects the workspace holds subscriptions of (Config Connector ones count as pool-tuner.yaml's project).
    const defaultProject = ctx.ws.settings?.settings.project;
    const projects = new Set(ctx.ws.subscriptions.map((s) => s.project ?? defaultProject));
    for (const sc of ctx.ws.scalers) {
      for (const t of sc.triggers) {
        if (!t.subscription || names.includes(t.subscription)) continue;
        const path = [...sc.basePath, 'triggers', t.index, 'metadata', 'subscriptionName'];
        const near = closestName(t.subscription, names);
        const raw = String(rawScalar(ctx, sc, path) ?? t.subscription);
        // A subscription of another project is outside this workspace's view, not a typo.
        const project = projectOfPath(raw);
        if (project && !projects.has(project) && !projects.has(undefined)) continue;
        const edit = near ? ctx.setEdit(sc, path, withLastSegment(raw, near)) : undefined;
        ctx.report({
          message: `Trigger ${t.name ?? `#${t.index}`} of scaler "${sc.name}" reads subscription "${t.subscription}", which is not in this workspace${near ? ` (did you mean "${near}"?)` : ''}.`,
          file: sc.ref.file,
          span: ctx.span(sc, path),
          pool: poolOfScaler(ctx, sc)?.name,
          suggestions: edit && near ? [{ title: `Read ${near} (the subscription in this workspace with the nearest name)`, edits: [edit] }] : undefined,
          data: { scaler: sc.name, subscription: t.subscription, knownSubscriptions: names.length, ...(near ? { nearest: near } : {}) },
        });
      }
    }
  },
};
