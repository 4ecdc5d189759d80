import type { Rule } from './types.ts';
import type { TextEdit } from '../config/edits.ts';
import { poolOfScaler, rawScalar } from './lib/helpers.ts';

/**
 * docs/sources.md#crema: CREMA's validator rejects `scaledObjects[i].spec.pollingInterval`; only the top level is allowed.
 * Without `spec.pollingInterval` CREMA only runs when POSTed to, so dropping the per-object value alone would turn an
 * intended 15 s loop into "whenever Cloud Scheduler calls": when the top level is unset and exactly one scaled object
 * sets an interval, the fix moves it up instead.
 */
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
      const siblings = ctx.ws.scalers.filter((x) => x.format === 'crema' && x.ref.file === sc.ref.file && x.ref.docIndex === sc.ref.docIndex && x.perObjectPollingInterval);
      const value = rawScalar(ctx, sc, path);
      const move = sc.pollingIntervalSec === undefined && siblings.length === 1 && (typeof value === 'number' || typeof value === 'string')
        ? ctx.setEdit(sc, ['spec', 'pollingInterval'], value) : undefined;
      const edits: TextEdit[] | undefined = remove ? (move ? [move, remove] : [remove]) : undefined;
      ctx.report({
        message: `CREMA rejects pollingInterval inside scaledObjects; set it once at spec.pollingInterval.`,
        file: sc.ref.file,
        span: ctx.span(sc, path, 'key'),
        pool: poolOfScaler(ctx, sc)?.name,
        // Meaning-preserving: CREMA never accepted the per-object value; moving it up keeps the interval asked for.
        fix: edits ? { title: move ? `Move pollingInterval ${String(value)} to spec.pollingInterval (CREMA accepts it only there)` : 'Remove the per-object pollingInterval (CREMA rejects it)', edits } : undefined,
      });
    }
  },
};
