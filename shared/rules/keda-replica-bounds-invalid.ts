import type { Rule } from './types.ts';
import { poolOfScaler } from './lib/helpers.ts';
import { SCALER_DEFAULTS } from './lib/limits.ts';

/**
 * kedacore/keda v2.20.0 `apis/keda/v1alpha1/scaledobject_types.go` `CheckReplicaCountBoundsAreValid`: minReplicaCount
 * (default 0 when unset) must not exceed maxReplicaCount (default 100), and idleReplicaCount must be less than
 * minReplicaCount ("IdleReplicaCount=%d must be less than MinReplicaCount=%d"). The admission webhook and the
 * controller refuse the ScaledObject, so nothing is scaled. Plain KEDA only: CREMA documents no such check.
 */
export const rule: Rule = {
  meta: {
    id: 'keda-replica-bounds-invalid',
    title: 'ScaledObject replica counts KEDA rejects',
    category: 'correctness',
    defaultSeverity: 'error',
    needs: 'config',
    description: 'KEDA refuses a ScaledObject whose idleReplicaCount is not below minReplicaCount, or whose minReplicaCount exceeds maxReplicaCount, so the workload is never scaled.',
    remediation: 'Keep idleReplicaCount < minReplicaCount ≤ maxReplicaCount; with minReplicaCount 0 (scale to zero already) drop idleReplicaCount.',
    fixable: 'suggestion',
  },
  check(ctx) {
    for (const sc of ctx.ws.scalers) {
      if (sc.format !== 'keda') continue;
      const min = sc.minReplicas ?? SCALER_DEFAULTS.minReplicas;
      const max = sc.maxReplicas ?? SCALER_DEFAULTS.maxReplicas;
      const pool = poolOfScaler(ctx, sc)?.name;
      if (sc.idleReplicas !== undefined && sc.idleReplicas >= min) {
        const path = [...sc.basePath, 'idleReplicaCount'];
        const edit = min === 0 && sc.idleReplicas === 0 ? ctx.removeEdit(sc, path) : undefined;
        ctx.report({
          message: `Scaler "${sc.name}": KEDA rejects idleReplicaCount ${sc.idleReplicas} with minReplicaCount ${min}${sc.minReplicas === undefined ? ' (the default)' : ''}; idle must be less than min ("IdleReplicaCount must be less than MinReplicaCount", KEDA v2.20.0).`,
          file: sc.ref.file,
          span: ctx.span(sc, path),
          pool,
          suggestions: edit ? [{ title: 'Remove idleReplicaCount (minReplicaCount 0 already scales to zero when idle)', edits: [edit] }] : undefined,
          data: { scaler: sc.name, idleReplicaCount: sc.idleReplicas, minReplicaCount: min },
        });
      }
      if (min > max) {
        ctx.report({
          message: `Scaler "${sc.name}": KEDA rejects minReplicaCount ${min} above maxReplicaCount ${max}${sc.maxReplicas === undefined ? ' (the default)' : ''} (KEDA v2.20.0).`,
          file: sc.ref.file,
          span: ctx.span(sc, [...sc.basePath, 'minReplicaCount']),
          pool,
          data: { scaler: sc.name, minReplicaCount: min, maxReplicaCount: max },
        });
      }
    }
  },
};
