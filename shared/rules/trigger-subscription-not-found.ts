import type { Rule } from './types.ts';
import { closestName, poolOfScaler, rawScalar, withLastSegment } from './lib/helpers.ts';
import { declaredInProject, isExternal } from './lib/scope.ts';

/**
 * docs/sources.md#keda-gcp-pubsub-trigger: the gcp-pubsub trigger reads backlog of `subscriptionName`; a name with no time series makes the
 * scaler error (`valueIfNull` unset) and the pool is not scaled on it. The files are a partial view: speaks only when
 * they declare subscriptions of the project the trigger reads (its `projects/P/…` prefix, else pool-tuner.yaml's
 * `project`), or when a declared name is a near miss; names under `external.subscriptions` are never missing.
 */
export const rule: Rule = {
  meta: {
    id: 'trigger-subscription-not-found',
    title: 'Scaler trigger reads a subscription that is not in the workspace',
    category: 'correctness',
    defaultSeverity: 'warning',
    needs: 'config',
    description: 'A trigger whose subscriptionName matches no known subscription is usually a typo: the scaler finds no metric, errors, and the pool stops following its backlog.',
    remediation: 'Correct the trigger\'s subscriptionName, add that subscription\'s config to the files, or list it under external.subscriptions in pool-tuner.yaml.',
    fixable: 'suggestion',
  },
  check(ctx) {
    const names = ctx.ws.subscriptions.map((s) => s.name);
    if (names.length === 0) return;
    // Projects the files declare subscriptions in (Config Connector ones count as pool-tuner.yaml's project).
    const defaultProject = ctx.ws.settings?.settings.project;
    const projects = new Set(ctx.ws.subscriptions.map((s) => s.project ?? defaultProject).filter((p): p is string => p !== undefined));
    for (const sc of ctx.ws.scalers) {
      for (const t of sc.triggers) {
        if (!t.subscription || names.includes(t.subscription)) continue;
        const path = [...sc.basePath, 'triggers', t.index, 'metadata', 'subscriptionName'];
        const raw = t.pubsubQuery ? t.subscription : String(rawScalar(ctx, sc, path) ?? t.subscription);
        if (isExternal(ctx, 'subscriptions', raw)) continue;
        const near = closestName(t.subscription, names);
        // Created by gcloud, a script or another project: missing only where the files declare that project's
        // subscriptions; a near miss of a declared name is a typo whatever the project.
        if (!near && !declaredInProject(ctx, { names, projects }, raw)) continue;
        const edit = near && !t.pubsubQuery ? ctx.setEdit(sc, path, withLastSegment(raw, near)) : undefined;
        const at = t.pubsubQuery ? [...sc.basePath, 'triggers', t.index, 'metadata', 'query'] : path;
        ctx.report({
          message: `Trigger ${t.name ?? `#${t.index}`} of scaler "${sc.name}" reads subscription "${t.subscription}", which is not in this workspace${near ? ` (did you mean "${near}"?)` : ''}.`,
          file: sc.ref.file,
          span: ctx.span(sc, at),
          pool: poolOfScaler(ctx, sc)?.name,
          suggestions: edit && near ? [{ title: `Read ${near} (the subscription in this workspace with the nearest name)`, edits: [edit] }] : undefined,
          data: { scaler: sc.name, subscription: t.subscription, knownSubscriptions: names.length, ...(near ? { nearest: near } : {}) },
        });
      }
    }
  },
};
