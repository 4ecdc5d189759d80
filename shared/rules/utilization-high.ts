import type { Rule } from './types.ts';
import { capacityField, figuresOf, instancesForTarget, limitingCapacity, num, pct, poolAnchor, spanOf, TARGET_UTILIZATION } from './lib/metric-rules.ts';

/**
 * Above this on average the pool has no headroom. docs/sources.md#concurrency-bounds: past CPU saturation each message slows in
 * proportion; docs/sources.md#worker-pool-limits: an instance that exceeds its memory limit is terminated (its messages redelivered). 85% leaves
 * ~15% for a burst, a slow dependency or an instance being replaced; Cloud Run's own CPU autoscaling targets 60%
 * (docs/sources.md#worker-pool-scaling-modes), so a pool this busy is far above what the platform would choose.
 */
const HIGH_UTILIZATION = 0.85;

/**
 * "Sustained" = the window's mean CPU or memory utilisation (0–1, docs/sources.md#worker-pool-metrics `container/cpu|memory/utilizations`) is at or
 * above 85%. Manual pools get a suggestion: the count that would run the same work at 60% (`instancesForTarget`).
 */
export const rule: Rule = {
  meta: {
    id: 'utilization-high',
    title: 'Instances run without headroom (utilisation above 85%)',
    category: 'reliability',
    defaultSeverity: 'warning',
    needs: 'metrics',
    description: 'A pool whose CPU or memory averages above 85% has no room for a burst: messages slow down, ack deadlines expire, and an instance over its memory limit is killed.',
    remediation: 'Add instances (manual count, or the scaler ceiling / target), lower per-instance concurrency, or give each instance more CPU or memory.',
    fixable: 'suggestion',
  },
  check(ctx) {
    for (const pool of ctx.pools) {
      const f = figuresOf(ctx, pool);
      const cpu = f?.cpuUtilization?.mean;
      const mem = f?.memoryUtilization?.mean;
      if (!f || (cpu === undefined && mem === undefined)) continue;
      const load = Math.max(cpu ?? 0, mem ?? 0);
      if (load < HIGH_UTILIZATION) continue;
      const ref = limitingCapacity(pool, f) ?? poolAnchor(ctx, pool);
      if (!ref) continue;
      const cap = capacityField(pool);
      const target = cap?.manual && cap.value !== undefined ? instancesForTarget(cap.value, load) : undefined;
      const edit = cap && target !== undefined && target > (cap.value ?? 0) ? ctx.setEdit(cap.at, cap.path, String(target)) : undefined;
      const what = [cpu !== undefined ? `CPU ${pct(cpu)}` : undefined, mem !== undefined ? `memory ${pct(mem)}` : undefined].filter(Boolean).join(', ');
      const memoryNote = mem !== undefined && mem >= HIGH_UTILIZATION ? '; an instance over its memory limit is terminated' : '';
      const peak = f.instanceCount?.max;
      ctx.report({
        message: `Pool "${pool.name}" averaged ${what} over ${num(f.windowSec / 3600, 1)} h${peak !== undefined ? ` on up to ${num(peak, 0)} instances` : ''}: at or above ${pct(HIGH_UTILIZATION)} there is no headroom for bursts${memoryNote}.`,
        file: ref.at.ref.file,
        span: spanOf(ctx, ref),
        pool: pool.name,
        suggestions: edit && cap && target !== undefined ? [{
          title: `Set ${cap.field} to ${target} (${cap.value} × ${pct(load)} mean utilisation ÷ ${pct(TARGET_UTILIZATION)} target)`,
          edits: [edit],
        }] : undefined,
        data: {
          ...(cpu !== undefined ? { cpuUtilizationMean: cpu } : {}),
          ...(mem !== undefined ? { memoryUtilizationMean: mem } : {}),
          highUtilization: HIGH_UTILIZATION, targetUtilization: TARGET_UTILIZATION,
          ...(peak !== undefined ? { peakInstances: peak } : {}),
          ...(target !== undefined ? { suggestedInstances: target } : {}),
        },
      });
    }
  },
};
