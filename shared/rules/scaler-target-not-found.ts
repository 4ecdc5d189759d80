import type { Rule } from './types.ts';
import { closestName, poolOfScaler, rawScalar, withLastSegment } from './lib/helpers.ts';

/**
 * docs/sources.md#crema: `scaleTargetRef.name` names the worker pool CREMA scales (projects/P/locations/R/workerpools/NAME).
 * A workspace is a partial view, so the rule speaks only when it holds at least one WorkerPool and none has that name.
 * A plain KEDA ScaledObject whose target is a bare name (docs/sources.md#keda-gcp-pubsub-trigger: `scaleTargetRef.name: keda-pubsub-go`) scales a
 * Kubernetes workload, not a worker pool: it is reported only when a worker pool's name is a near miss of it.
 */
export const rule: Rule = {
  meta: {
    id: 'scaler-target-not-found',
    title: 'Scaler targets a worker pool that is not in the workspace',
    category: 'correctness',
    defaultSeverity: 'warning',
    needs: 'config',
    description: 'A scaler whose scaleTargetRef names no known worker pool is usually a typo: CREMA fails every cycle on a pool that does not exist, or scales a different pool than the one reviewed here.',
    remediation: 'Correct scaleTargetRef.name to projects/P/locations/R/workerpools/NAME of an existing pool, or add that pool\'s config to the workspace.',
    fixable: 'suggestion',
  },
  check(ctx) {
    const names = ctx.ws.workerPools.map((w) => w.name);
    if (names.length === 0) return;
    for (const sc of ctx.ws.scalers) {
      if (!sc.targetName || sc.targetKind === 'services' || names.includes(sc.targetName)) continue;
      const path = [...sc.basePath, 'scaleTargetRef', 'name'];
      const near = closestName(sc.targetName, names);
      if (sc.format === 'keda' && sc.targetKind === 'unknown' && !near) continue;
      const raw = String(rawScalar(ctx, sc, path) ?? sc.targetName);
      const edit = near ? ctx.setEdit(sc, path, withLastSegment(raw, near)) : undefined;
      ctx.report({
        message: `Scaler "${sc.name}" targets worker pool "${sc.targetName}", which is not in this workspace${near ? ` (did you mean "${near}"?)` : ''}.`,
        file: sc.ref.file,
        span: ctx.span(sc, path),
        pool: poolOfScaler(ctx, sc)?.name,
        suggestions: edit && near ? [{ title: `Target ${near} (the worker pool in this workspace with the nearest name)`, edits: [edit] }] : undefined,
        data: { scaler: sc.name, target: sc.targetName, knownWorkerPools: names.length, ...(near ? { nearest: near } : {}) },
      });
    }
  },
};
