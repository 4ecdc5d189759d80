/** Cloud Run `WorkerPool` v1 (`gcloud run worker-pools replace` format, docs/sources.md#worker-pool-yaml) → `WorkerPool`. */
import type { Container, WorkerPool } from '../model.ts';
import { parseCountLoose, parseCpuVcpu, parseMemoryMiB } from '../quantity.ts';
import { arrayAt, asRecord, objectAt, parsedAt, stringAt, type NormalizeContext } from './context.ts';

export const WP = {
  annotations: ['metadata', 'annotations'],
  scalingMode: ['metadata', 'annotations', 'run.googleapis.com/scalingMode'],
  manualInstanceCount: ['metadata', 'annotations', 'run.googleapis.com/manualInstanceCount'],
  minScale: ['metadata', 'annotations', 'run.googleapis.com/minScale'],
  maxScale: ['metadata', 'annotations', 'run.googleapis.com/maxScale'],
  /** gcloud's worker-pool printer reads it; where it sits (pool or template annotations) is UNCONFIRMED: both are read. */
  cpuTarget: ['metadata', 'annotations', 'run.googleapis.com/scaling-cpu-target'],
  containers: ['spec', 'template', 'spec', 'containers'],
  nodeSelector: ['spec', 'template', 'spec', 'nodeSelector'],
} as const;

export function normalizeWorkerPool(ctx: NormalizeContext, root: Record<string, unknown>): WorkerPool | undefined {
  const metadata = objectAt(ctx, root, 'metadata', []);
  const name = stringAt(ctx, metadata, 'name', ['metadata']);
  if (!name) {
    ctx.invalid(['metadata', 'name'], 'A WorkerPool needs `metadata.name`.', 'key');
    return undefined;
  }
  const annotations = objectAt(ctx, metadata, 'annotations', ['metadata']);
  const labels = objectAt(ctx, metadata, 'labels', ['metadata']);
  const modeRaw = stringAt(ctx, annotations, 'run.googleapis.com/scalingMode', WP.annotations);
  let scalingMode: WorkerPool['scalingMode'] = 'unset';
  if (modeRaw !== undefined) {
    const m = modeRaw.toLowerCase();
    if (m === 'manual') scalingMode = 'manual';
    else if (m === 'automatic' || m === 'auto') scalingMode = 'automatic';
    else ctx.invalid(WP.scalingMode, `\`run.googleapis.com/scalingMode\` must be "manual" or "automatic", got "${modeRaw}".`);
  }
  const intAnno = (key: string) => parsedAt(ctx, annotations, key, WP.annotations, parseCountLoose, 'a whole number ≥ 0 (as a string)');
  const spec = objectAt(ctx, root, 'spec', []);
  const template = objectAt(ctx, spec, 'template', ['spec']);
  const tspec = objectAt(ctx, template, 'spec', ['spec', 'template']);
  const tmeta = asRecord(template?.['metadata']);
  const tanno = asRecord(tmeta?.['annotations']);
  const nodeSelector = objectAt(ctx, tspec, 'nodeSelector', ['spec', 'template', 'spec']);
  const cpuTarget = cpuTargetOf(ctx, annotations, WP.annotations) ?? cpuTargetOf(ctx, tanno, ['spec', 'template', 'metadata', 'annotations']);
  const containers = readContainers(ctx, tspec);
  return {
    kind: 'WorkerPool',
    ref: { file: ctx.doc.file, docIndex: ctx.doc.index },
    name,
    project: stringAt(ctx, metadata, 'namespace', ['metadata']),
    region: labels ? stringAt(ctx, labels, 'cloud.googleapis.com/location', ['metadata', 'labels']) : undefined,
    scalingMode,
    manualInstanceCount: intAnno('run.googleapis.com/manualInstanceCount'),
    minInstances: intAnno('run.googleapis.com/minScale'),
    maxInstances: intAnno('run.googleapis.com/maxScale'),
    ...(cpuTarget !== undefined ? { cpuTarget } : {}),
    accelerator: nodeSelector ? stringAt(ctx, nodeSelector, 'run.googleapis.com/accelerator', WP.nodeSelector) : undefined,
    gpuZonalRedundancyDisabled: tanno?.['run.googleapis.com/gpu-zonal-redundancy-disabled'] === undefined
      ? undefined : String(tanno['run.googleapis.com/gpu-zonal-redundancy-disabled']) === 'true',
    containers,
  };
}

/** `run.googleapis.com/scaling-cpu-target`: a fraction in (0, 1] such as "0.6", or "disabled". */
function cpuTargetOf(ctx: NormalizeContext, annotations: Record<string, unknown> | undefined, at: readonly (string | number)[]): number | 'disabled' | undefined {
  const key = 'run.googleapis.com/scaling-cpu-target';
  const raw = annotations?.[key];
  if (raw === undefined || raw === null) return undefined;
  const text = String(raw).trim();
  if (text.toLowerCase() === 'disabled') return 'disabled';
  const v = Number(text);
  if (text !== '' && Number.isFinite(v) && v > 0 && v <= 1) return v;
  ctx.invalid([...at, key], `\`${key}\` must be a fraction of CPU in (0, 1] such as "0.6", or "disabled"; got "${text}".`);
  return undefined;
}

/**
 * `spec.template.spec.containers` of a pod template: the same path in a Cloud Run WorkerPool and a Kubernetes
 * Deployment/StatefulSet (`WP.containers`), so one reader serves both: limits, requests, GPUs and env.
 */
export function readContainers(ctx: NormalizeContext, tspec: Record<string, unknown> | undefined): Container[] {
  return arrayAt(ctx, tspec, 'containers', ['spec', 'template', 'spec']).map((raw, index) => {
    const base = [...WP.containers, index];
    const c = asRecord(raw);
    if (!c) {
      ctx.invalid(base, `\`containers[${index}]\` must be a mapping.`);
      return { index, env: [] };
    }
    const resources = objectAt(ctx, c, 'resources', base);
    const limits = objectAt(ctx, resources, 'limits', [...base, 'resources']);
    const requests = objectAt(ctx, resources, 'requests', [...base, 'resources']);
    const lp = [...base, 'resources', 'limits'];
    const rp = [...base, 'resources', 'requests'];
    const env = arrayAt(ctx, c, 'env', base).flatMap((e, envIndex) => {
      const ep = [...base, 'env', envIndex];
      const er = asRecord(e);
      const envName = stringAt(ctx, er, 'name', ep);
      if (!er || !envName) {
        ctx.invalid(ep, `\`env[${envIndex}]\` needs a \`name\`.`);
        return [];
      }
      const value = stringAt(ctx, er, 'value', ep);
      return [{ index: envIndex, name: envName, value, fromSecret: asRecord(er['valueFrom']) !== undefined }];
    });
    const cpuRequestVcpu = parsedAt(ctx, requests, 'cpu', rp, parseCpuVcpu, 'a CPU quantity such as "2" or "500m"');
    const memoryRequestMiB = parsedAt(ctx, requests, 'memory', rp, parseMemoryMiB, 'a memory quantity such as "512Mi" or "2Gi"');
    return {
      index,
      name: stringAt(ctx, c, 'name', base),
      cpuVcpu: parsedAt(ctx, limits, 'cpu', lp, parseCpuVcpu, 'a CPU quantity such as "2" or "500m"'),
      memoryMiB: parsedAt(ctx, limits, 'memory', lp, parseMemoryMiB, 'a memory quantity such as "512Mi" or "2Gi"'),
      gpuCount: parsedAt(ctx, limits, 'nvidia.com/gpu', lp, parseCountLoose, 'a whole number of GPUs ≥ 0'),
      ...(cpuRequestVcpu !== undefined ? { cpuRequestVcpu } : {}),
      ...(memoryRequestMiB !== undefined ? { memoryRequestMiB } : {}),
      env,
    };
  });
}
