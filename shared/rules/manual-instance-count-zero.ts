import type { Rule } from './types.ts';
import { WP } from '../config/kinds/worker-pool.ts';
import { poolOfWorkerPool } from './lib/helpers.ts';

/**
 * docs/sources.md#worker-pool-scaling-modes: with manual scaling, "A value of 0 stops the pool". When a scaler (CREMA) owns the count, 0 is just
 * its current decision (scale to zero), so pools with a scaler are left alone.
 */
export const rule: Rule = {
  meta: {
    id: 'manual-instance-count-zero',
    title: 'Manual instance count is 0: the pool is stopped',
    category: 'reliability',
    defaultSeverity: 'warning',
    needs: 'config',
    description: 'A worker pool in manual scaling with 0 instances runs nothing: its subscriptions back up until messages expire, and no scaler will start it again.',
    remediation: 'Set run.googleapis.com/manualInstanceCount to at least 1, or attach a scaler that owns the count.',
    fixable: 'suggestion',
  },
  check(ctx) {
    for (const wp of ctx.ws.workerPools) {
      const pool = poolOfWorkerPool(ctx, wp);
      if (wp.scalingMode === 'automatic' || wp.manualInstanceCount !== 0 || pool?.scaler) continue;
      const edit = ctx.setEdit(wp, WP.manualInstanceCount, '1');
      const subs = pool?.subscriptions.map((s) => s.name) ?? [];
      ctx.report({
        message: `Worker pool "${wp.name}" is in manual scaling with 0 instances: it is stopped${subs.length ? ` and ${subs.join(', ')} will back up` : ''}.`,
        file: wp.ref.file,
        span: ctx.span(wp, WP.manualInstanceCount),
        pool: pool?.name,
        suggestions: edit ? [{ title: 'Set manualInstanceCount to 1 (Cloud Run\'s own default for a pool without autoscaling)', edits: [edit] }] : undefined,
        data: { workerPool: wp.name, manualInstanceCount: 0, subscriptions: subs.length },
      });
    }
  },
};
