import type { Rule } from './types.ts';
import { WP } from '../config/kinds/worker-pool.ts';
import { docOf } from '../config/workspace.ts';
import { ignoreChangesEdit, ignoresChange } from '../config/hcl/lifecycle.ts';
import { poolOfWorkerPool } from './lib/helpers.ts';
import type { Fix } from './finding.ts';

/** What CREMA writes (docs/sources.md#worker-pool-admin-api), as Terraform names it in `ignore_changes`. */
const COUNT = 'scaling[0].manual_instance_count';

/** The provider's fields the Worker Pool API has no counterpart for, and their Terraform names. */
const NOT_IN_API = [
  { path: WP.scalingMode, attr: 'scaling_mode' },
  { path: WP.minScale, attr: 'min_instance_count' },
  { path: WP.maxScale, attr: 'max_instance_count' },
] as const;

/**
 * docs/sources.md#worker-pool-terraform: `scaling_mode`, `min_instance_count` and `max_instance_count` on
 * `google_cloud_run_v2_worker_pool` were copied from the services resource; the Admin API's `WorkerPoolScaling`
 * has only `manual_instance_count` (terraform-provider-google #26525; magic-modules #16651 deprecates them). When
 * CREMA owns the count, every `terraform apply` sets `manual_instance_count` back unless `ignore_changes` says not to.
 */
export const rule: Rule = {
  meta: {
    id: 'worker-pool-scaling-not-in-api',
    title: 'Terraform worker pool scaling fields the Worker Pool API does not have',
    category: 'correctness',
    defaultSeverity: 'warning',
    needs: 'config',
    description: 'The Worker Pool API scales only by manual_instance_count: scaling_mode, min_instance_count and max_instance_count in a Terraform scaling block do not bound anything and are being deprecated; and when CREMA owns the count, terraform apply resets it.',
    remediation: 'Remove scaling_mode, min_instance_count and max_instance_count from the worker pool\'s scaling block; when an external scaler sets the count, add lifecycle { ignore_changes = [scaling[0].manual_instance_count] }.',
    fixable: 'suggestion',
  },
  check(ctx) {
    for (const wp of ctx.ws.workerPools) {
      const doc = docOf(ctx.ws, wp.ref);
      if (doc?.language !== 'terraform') continue;
      const pool = poolOfWorkerPool(ctx, wp);
      const crema = pool?.scaler?.format === 'crema';
      const lifecycle = crema && !ignoresChange(doc, COUNT) ? ignoreChangesEdit(doc, COUNT) : undefined;
      const ignoreFix: Fix[] = lifecycle
        ? [{ title: `Add lifecycle { ignore_changes = [${COUNT}] } (CREMA sets the instance count; terraform apply would reset it)`, edits: [lifecycle] }]
        : [];
      let reported = false;
      for (const f of NOT_IN_API) {
        if (!doc.fieldSpan(f.path)) continue;
        // AUTOMATIC under CREMA: crema-pool-not-manual reports that token and offers MANUAL.
        if (f.attr === 'scaling_mode' && crema && wp.scalingMode === 'automatic') continue;
        const remove = ctx.removeEdit(wp, f.path);
        ctx.report({
          message: `Worker pool "${wp.name}": scaling.${f.attr} is not part of the Worker Pool API (its scaling has only manual_instance_count); the provider copied it from Cloud Run services and it is being deprecated.`,
          file: wp.ref.file,
          span: ctx.span(wp, f.path, 'key'),
          pool: pool?.name,
          suggestions: [...(remove ? [{ title: `Remove scaling.${f.attr} (the Worker Pool API has no such field: the pool is scaled by manual_instance_count${crema ? ', which CREMA sets' : ''})`, edits: [remove] }] : []), ...ignoreFix],
          data: { workerPool: wp.name, field: f.attr },
        });
        reported = true;
      }
      // CREMA owns the count but Terraform still writes it: each apply sets it back to the written number.
      const count = doc.fieldSpan(WP.manualInstanceCount);
      if (crema && !reported && count && ignoreFix.length) {
        ctx.report({
          message: `Worker pool "${wp.name}" is scaled by CREMA, but Terraform writes scaling.manual_instance_count without ignore_changes: every terraform apply resets the count CREMA set.`,
          file: wp.ref.file,
          span: ctx.span(wp, WP.manualInstanceCount, 'key'),
          pool: pool?.name,
          suggestions: ignoreFix,
          data: { workerPool: wp.name, field: 'manual_instance_count' },
        });
      }
    }
  },
};
