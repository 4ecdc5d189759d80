import type { Rule } from './types.ts';
import { WP } from '../config/kinds/worker-pool.ts';

/** docs/sources.md#worker-pool-scaling-modes: "If you use CREMA to scale your workloads, switch to manual scaling." */
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
      // A scaler whose target is a Cloud Run *service* of the same name does not scale this pool (scaler-targets-service
      // reports the likely slip; once retargeted, this rule applies).
      if (!wp || pool.scaler?.format !== 'crema' || wp.scalingMode !== 'automatic') continue;
      const edit = ctx.setEdit(wp, WP.scalingMode, 'manual');
      // minScale/maxScale bound automatic mode only (docs/sources.md#worker-pool-admin-api: gcloud clears them when switching to manual); the CREMA
      // config's minReplicaCount/maxReplicaCount bound the count instead.
      const bounds = [wp.minInstances !== undefined ? WP.minScale : undefined, wp.maxInstances !== undefined ? WP.maxScale : undefined]
        .flatMap((p) => (p ? [ctx.removeEdit(wp, p)] : []));
      const edits = edit && bounds.every((b) => b !== undefined) ? [edit, ...bounds.filter((b) => b !== undefined)] : undefined;
      ctx.report({
        message: `Worker pool "${wp.name}" is scaled by CREMA but its scaling mode is automatic; CREMA needs manual mode.`,
        file: wp.ref.file,
        span: ctx.span(wp, WP.scalingMode),
        pool: pool.name,
        suggestions: edits ? [{ title: `Set scalingMode to manual (CREMA sets the instance count)${bounds.length ? '; remove minScale/maxScale, which bound automatic mode only' : ''}`, edits }] : undefined,
      });
    }
  },
};
