import type { Rule } from './types.ts';

/** DOMAIN.md §2.1: CREMA's validator rejects `scaledObjects[i].spec.pollingInterval`; only the top level is allowed. */
export const rule: Rule = {
  meta: {
    id: 'crema-per-object-polling-interval',
    title: 'pollingInterval inside a CREMA scaledObject',
    category: 'correctness',
    defaultSeverity: 'error',
    needs: 'config',
    description: 'CREMA rejects a CremaConfig that sets pollingInterval on a scaled object, so the whole autoscaler config fails to load.',
    remediation: 'Move pollingInterval to spec.pollingInterval of the CremaConfig.',
    fixable: 'fix',
  },
  check(ctx) {
    for (const sc of ctx.ws.scalers) {
      if (sc.format !== 'crema' || !sc.perObjectPollingInterval) continue;
      const path = [...sc.basePath, 'pollingInterval'];
      const remove = ctx.removeEdit(sc, path);
      const pool = ctx.pools.find((p) => p.scaler === sc);
      ctx.report({
        message: `CREMA rejects pollingInterval inside scaledObjects; set it once at spec.pollingInterval.`,
        file: sc.ref.file,
        span: ctx.span(sc, path, 'key'),
        pool: pool?.name,
        // Meaning-preserving: CREMA never accepted the per-object value, so removing it changes nothing it did.
        fix: remove ? { title: 'Remove the per-object pollingInterval (CREMA rejects it)', edits: [remove] } : undefined,
      });
    }
  },
};
