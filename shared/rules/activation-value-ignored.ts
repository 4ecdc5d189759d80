import type { Rule } from './types.ts';
import { poolOfScaler } from './lib/helpers.ts';

/**
 * docs/sources.md#crema: CREMA computes `IsActive` but never uses it (HEAD b95cf54), so `activationValue` has no effect.
 * docs/sources.md#keda-scaledobject-defaults: in KEDA, activation only decides 0↔1 and "If minReplicaCount ≥ 1, activation is ignored".
 */
export const rule: Rule = {
  meta: {
    id: 'activation-value-ignored',
    title: 'Trigger activationValue has no effect',
    category: 'correctness',
    defaultSeverity: 'warning',
    needs: 'config',
    description: 'CREMA never reads a trigger\'s activationValue, and KEDA ignores it when minReplicaCount is 1 or more, so the threshold it seems to promise does not exist.',
    remediation: 'Remove activationValue; to keep the pool idle below a backlog size, raise the trigger value or minReplicaCount instead.',
    fixable: 'fix',
  },
  check(ctx) {
    for (const sc of ctx.ws.scalers) {
      const why = sc.format === 'crema' ? 'CREMA ignores activationValue'
        : (sc.minReplicas ?? 0) >= 1 ? `KEDA ignores activationValue when minReplicaCount is ${sc.minReplicas}` : undefined;
      if (!why) continue;
      for (const t of sc.triggers) {
        if (t.activationValue === undefined || t.activationValue === 0) continue;
        const path = [...sc.basePath, 'triggers', t.index, 'metadata', 'activationValue'];
        const remove = ctx.removeEdit(sc, path);
        ctx.report({
          message: `${why}: the threshold ${t.activationValue} on trigger ${t.name ?? `#${t.index}`} never applies.`,
          file: sc.ref.file,
          span: ctx.span(sc, path),
          pool: poolOfScaler(ctx, sc)?.name,
          // Meaning-preserving: the scaler never used the value, so removing it changes nothing it does.
          fix: remove ? { title: 'Remove activationValue (the scaler ignores it)', edits: [remove] } : undefined,
          data: { scaler: sc.name, format: sc.format, activationValue: t.activationValue, minReplicaCount: sc.minReplicas ?? 0 },
        });
      }
    }
  },
};
