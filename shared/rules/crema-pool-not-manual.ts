import type { Rule } from './types.ts';
import { WP } from '../config/kinds/worker-pool.ts';

/** DOMAIN.md §1.4: "If you use CREMA to scale your workloads, switch to manual scaling." */
export const rule: Rule = {
  meta: {
    id: 'crema-pool-not-manual',
    title: 'CREMA scales a worker pool that is not in manual scaling mode',
    category: 'correctness',
    defaultSeverity: 'error',
    needs: 'config',
    description: 'CREMA writes scaling.manualInstanceCount; a pool in automatic (CPU) scaling mode fights the external scaler or ignores it.',
    remediation: 'Set run.googleapis.com/scalingMode to manual on the worker pool that CREMA scales.',
    fixable: 'suggestion',
  },
  check(ctx) {
    for (const pool of ctx.pools) {
      const wp = pool.workerPool;
      if (!wp || pool.scaler?.format !== 'crema' || wp.scalingMode !== 'automatic') continue;
      const edit = ctx.setEdit(wp, WP.scalingMode, 'manual');
      ctx.report({
        message: `Worker pool "${wp.name}" is scaled by CREMA but its scaling mode is automatic; CREMA needs manual mode.`,
        file: wp.ref.file,
        span: ctx.span(wp, WP.scalingMode),
        pool: pool.name,
        suggestions: edit ? [{ title: 'Set scalingMode to manual (CREMA sets the instance count)', edits: [edit] }] : undefined,
      });
    }
  },
};
