/**
 * Kubernetes `Deployment` / `StatefulSet` (apps/v1) → `WorkerPool` with `platform: 'gke'`: the workers of a GKE pool
 * when a KEDA ScaledObject's `scaleTargetRef` names it (link.ts). The pod template sits at the same path as a Cloud
 * Run WorkerPool's (`spec.template.spec.containers`), so containers, limits, requests and env are read by the one
 * reader (`readContainers`) and the concurrency env vars, the tuner's edits and the rules use the same paths.
 * Kubernetes API: https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/deployment-v1/
 */
import type { WorkerPool } from '../model.ts';
import { parseIntLoose } from '../quantity.ts';
import { asRecord, objectAt, parsedAt, stringAt, type NormalizeContext } from './context.ts';
import { readContainers } from './worker-pool.ts';

export function normalizeWorkload(ctx: NormalizeContext, root: Record<string, unknown>): WorkerPool | undefined {
  const kind = root['kind'] === 'StatefulSet' ? 'StatefulSet' : 'Deployment';
  const metadata = objectAt(ctx, root, 'metadata', []);
  const name = stringAt(ctx, metadata, 'name', ['metadata']);
  if (!name) return undefined;
  const spec = objectAt(ctx, root, 'spec', []);
  const template = objectAt(ctx, spec, 'template', ['spec']);
  const tspec = objectAt(ctx, template, 'spec', ['spec', 'template']);
  return {
    kind: 'WorkerPool',
    ref: { file: ctx.doc.file, docIndex: ctx.doc.index },
    name,
    platform: 'gke',
    workloadKind: kind,
    namespace: stringAt(ctx, metadata, 'namespace', ['metadata']),
    // Replicas are the HPA's while a ScaledObject scales the workload; min/max come from the ScaledObject.
    scalingMode: 'unset',
    replicas: parsedAt(ctx, spec, 'replicas', ['spec'], parseIntLoose, 'a whole number'),
    containers: readContainers(ctx, tspec),
  };
}

/** True for the Kubernetes workload kinds a KEDA ScaledObject scales by default (`Deployment`) or by `kind`. */
export function isWorkloadDoc(root: Record<string, unknown> | undefined): boolean {
  const r = asRecord(root);
  return !!r && (r['kind'] === 'Deployment' || r['kind'] === 'StatefulSet') && typeof r['apiVersion'] === 'string' && r['apiVersion'].startsWith('apps/');
}
