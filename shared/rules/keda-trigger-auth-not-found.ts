import type { Rule } from './types.ts';
import { closestName, poolOfScaler } from './lib/helpers.ts';
import { authCandidates, authRefKind, KEDA_AUTH_KINDS } from './lib/keda.ts';

/**
 * A trigger's `authenticationRef` names a TriggerAuthentication (in the ScaledObject's namespace) or, with
 * `kind: ClusterTriggerAuthentication`, a cluster-wide one (keda-docs 2.20 concepts/authentication). KEDA cannot build
 * the scaler without it, so the workload is not scaled on that trigger. In a CremaConfig the name refers to an entry
 * of the same config's `spec.triggerAuthentications` (CREMA README).
 * Scope, as for the other "not found" rules: the files are a partial view, so the rule speaks only when they declare
 * that kind of object where the reference would resolve (the same CremaConfig; the same namespace; any
 * ClusterTriggerAuthentication), or when a declared name is a near miss.
 */
export const rule: Rule = {
  meta: {
    id: 'keda-trigger-auth-not-found',
    title: 'Trigger authenticationRef names an authentication object that is not in the files',
    category: 'correctness',
    defaultSeverity: 'warning',
    needs: 'config',
    description: 'KEDA (or CREMA) cannot build a scaler whose authenticationRef names no TriggerAuthentication or ClusterTriggerAuthentication: the trigger errors and the pool no longer follows its backlog.',
    remediation: 'Correct authenticationRef.name (and kind for a ClusterTriggerAuthentication), or add the authentication object to the files.',
    fixable: 'suggestion',
  },
  check(ctx) {
    for (const sc of ctx.ws.scalers) {
      for (const t of sc.triggers) {
        if (!t.authenticationRef) continue;
        const kind = authRefKind(sc, t);
        if (!KEDA_AUTH_KINDS.includes(kind)) continue;
        const candidates = authCandidates(ctx.ws.triggerAuths, sc, t);
        if (candidates.length === 0) continue; // the files declare none where it would resolve: it may live in the cluster
        const names = candidates.map((a) => a.name);
        if (names.includes(t.authenticationRef)) continue;
        const near = closestName(t.authenticationRef, names);
        const path = [...sc.basePath, 'triggers', t.index, 'authenticationRef', 'name'];
        const edit = near ? ctx.setEdit(sc, path, near) : undefined;
        const where = sc.format === 'crema' ? 'in this CremaConfig\'s triggerAuthentications'
          : kind === 'ClusterTriggerAuthentication' ? 'among the ClusterTriggerAuthentications in the files'
            : `among the TriggerAuthentications in the files${sc.namespace ? ` for namespace ${sc.namespace}` : ''}`;
        ctx.report({
          message: `Trigger ${t.name ?? `#${t.index}`} of scaler "${sc.name}" authenticates with ${kind} "${t.authenticationRef}", which is not ${where}${near ? ` (did you mean "${near}"?)` : ''}.`,
          file: sc.ref.file,
          span: ctx.span(sc, path),
          pool: poolOfScaler(ctx, sc)?.name,
          suggestions: edit && near ? [{ title: `Use ${near} (the ${kind} in the files with the nearest name)`, edits: [edit] }] : undefined,
          data: { scaler: sc.name, authenticationRef: t.authenticationRef, kind, declared: names.length, ...(near ? { nearest: near } : {}) },
        });
      }
    }
  },
};

