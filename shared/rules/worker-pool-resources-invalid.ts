import type { Rule, RuleContext } from './types.ts';
import type { Container, WorkerPool } from '../config/model.ts';
import type { Fix } from './finding.ts';
import type { PathSeg } from '../config/yaml-source.ts';
import { WP } from '../config/kinds/worker-pool.ts';
import { formatMiB, poolOfWorkerPool } from './lib/helpers.ts';
import { checkResources, type ResourceVerdict } from './lib/resources.ts';
import { L4 } from './lib/limits.ts';

/**
 * docs/sources.md#worker-pool-limits (CPU/memory table, GPU minimums, one GPU per instance on one container) and docs/sources.md#worker-pool-yaml/#worker-pool-terraform (GPU needs
 * `nodeSelector: run.googleapis.com/accelerator`). Cloud Run rejects a revision outside these limits.
 */
export const rule: Rule = {
  meta: {
    id: 'worker-pool-resources-invalid',
    title: 'Invalid CPU, memory or GPU combination',
    category: 'correctness',
    defaultSeverity: 'error',
    needs: 'config',
    description: 'Cloud Run accepts only 1, 2, 4, 6 or 8 vCPU per worker pool instance, a memory range per CPU size, and GPUs with a minimum CPU and memory and an accelerator selector; anything else fails to deploy.',
    remediation: 'Pick a supported vCPU count and a memory size inside its range (an NVIDIA L4 needs at least 4 vCPU and 16Gi, plus nodeSelector run.googleapis.com/accelerator: nvidia-l4).',
    fixable: 'suggestion',
  },
  check(ctx) {
    for (const wp of ctx.ws.workerPools) {
      const gpuContainers = wp.containers.filter((c) => (c.gpuCount ?? 0) > 0);
      for (const c of wp.containers) {
        const verdict = checkResources(c, wp.accelerator);
        if (c === gpuContainers[1]) verdict.problems.push({ field: 'nvidia.com/gpu', message: 'a second container asks for a GPU; only one container per instance can have it' });
        const first = verdict.problems[0];
        if (!first) continue;
        const limits = [...WP.containers, c.index, 'resources', 'limits'];
        const written = { cpu: c.cpuVcpu, memory: c.memoryMiB, 'nvidia.com/gpu': c.gpuCount, accelerator: undefined }[first.field];
        const suggestion = suggest(ctx, wp, limits, verdict);
        ctx.report({
          message: `Container ${c.name ?? `#${c.index}`} of worker pool "${wp.name}": ${verdict.problems.map((p) => p.message).join('; ')}.`,
          file: wp.ref.file,
          span: ctx.span(wp, [...limits, first.field === 'accelerator' ? 'nvidia.com/gpu' : first.field], written === undefined ? 'key' : 'value'),
          pool: poolOfWorkerPool(ctx, wp)?.name,
          suggestions: suggestion ? [suggestion] : undefined,
          data: describe(wp, c, verdict),
        });
      }
    }
  },
};

/** One suggestion setting every corrected field at once, or none when any part has no safe edit. */
function suggest(ctx: RuleContext, wp: WorkerPool, limits: PathSeg[], v: ResourceVerdict): Fix | undefined {
  const parts: { label: string; edits: Fix['edits'] | undefined }[] = [];
  if (v.cpuVcpu !== undefined) {
    const e = ctx.setEdit(wp, [...limits, 'cpu'], String(v.cpuVcpu));
    parts.push({ label: `cpu ${v.cpuVcpu}`, edits: e ? [e] : undefined });
  }
  if (v.memoryMiB !== undefined) {
    const e = ctx.setEdit(wp, [...limits, 'memory'], formatMiB(v.memoryMiB));
    parts.push({ label: `memory ${formatMiB(v.memoryMiB)}`, edits: e ? [e] : undefined });
  }
  if (v.gpuCount !== undefined) {
    const e = ctx.setEdit(wp, [...limits, 'nvidia.com/gpu'], String(v.gpuCount));
    parts.push({ label: `nvidia.com/gpu ${v.gpuCount}`, edits: e ? [e] : undefined });
  }
  if (v.needsAccelerator) {
    parts.push({ label: `accelerator ${L4.accelerator}`, edits: ctx.treeEdits(wp, WP.nodeSelector, { 'run.googleapis.com/accelerator': L4.accelerator }) });
  }
  if (parts.length === 0 || parts.some((p) => !p.edits?.length)) return undefined;
  const why = v.needsAccelerator ? [...v.why, 'the GPU type offered in most worker pool regions'] : v.why;
  return { title: `Set ${parts.map((p) => p.label).join(', ')} (${why.join('; ')})`, edits: parts.flatMap((p) => p.edits ?? []) };
}

function describe(wp: WorkerPool, c: Container, v: ResourceVerdict): Record<string, string | number> {
  const d: Record<string, string | number> = { workerPool: wp.name, container: c.name ?? String(c.index), problems: v.problems.length };
  if (c.cpuVcpu !== undefined) d['cpuVcpu'] = c.cpuVcpu;
  if (c.memoryMiB !== undefined) d['memoryMiB'] = c.memoryMiB;
  if (c.gpuCount !== undefined) d['gpuCount'] = c.gpuCount;
  if (wp.accelerator) d['accelerator'] = wp.accelerator;
  if (v.cpuVcpu !== undefined) d['suggestedCpuVcpu'] = v.cpuVcpu;
  if (v.memoryMiB !== undefined) d['suggestedMemoryMiB'] = v.memoryMiB;
  return d;
}
