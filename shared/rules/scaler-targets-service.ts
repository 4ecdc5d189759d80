import type { Rule } from './types.ts';
import { poolOfScaler, rawScalar } from './lib/helpers.ts';

/**
 * docs/sources.md#crema: CREMA scales services (`/services/NAME`) and worker pools (`/workerpools/NAME`). A Pub/Sub pull
 * consumer belongs in a worker pool: services default to request-based billing (docs/sources.md#pricing), where CPU is allocated only
 * while handling requests, so a background pull loop starves between requests; worker pools always allocate CPU
 * and never idle (docs/sources.md#worker-pool-scaling-modes container contract).
 */
export const rule: Rule = {
  meta: {
    id: 'scaler-targets-service',
    title: 'Scaler targets a Cloud Run service, not a worker pool',
    category: 'correctness',
    defaultSeverity: 'info',
    needs: 'config',
    description: 'A Pub/Sub pull consumer on a Cloud Run service only gets CPU while serving requests unless it is deployed with instance-based billing; worker pools are built for pull workloads.',
    remediation: 'Point scaleTargetRef.name at the worker pool (projects/P/locations/R/workerpools/NAME), or deploy the consumer as a worker pool.',
    fixable: 'suggestion',
  },
  check(ctx) {
    for (const sc of ctx.ws.scalers) {
      if (sc.targetKind !== 'services' || !sc.targetName) continue;
      const path = [...sc.basePath, 'scaleTargetRef', 'name'];
      const sameNamePool = ctx.ws.workerPools.some((w) => w.name === sc.targetName);
      const raw = String(rawScalar(ctx, sc, path) ?? '');
      const edit = sameNamePool ? ctx.setEdit(sc, path, raw.replace(/\/services\/([^/]+)$/, '/workerpools/$1')) : undefined;
      ctx.report({
        message: `Scaler "${sc.name}" targets Cloud Run service "${sc.targetName}"${sameNamePool ? `, but a worker pool of that name is in this workspace` : '; pull consumers belong in a worker pool'}.`,
        file: sc.ref.file,
        span: ctx.span(sc, path),
        // A worker pool of the same name next to it makes a slip of `services/` for `workerpools/` likely.
        severity: sameNamePool ? 'warning' : undefined,
        pool: poolOfScaler(ctx, sc)?.name,
        suggestions: edit ? [{ title: `Target workerpools/${sc.targetName} (the worker pool of the same name in this workspace)`, edits: [edit] }] : undefined,
        data: { scaler: sc.name, target: sc.targetName, workerPoolOfSameName: sameNamePool },
      });
    }
  },
};
