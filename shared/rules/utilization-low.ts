import type { Rule, RuleContext } from './types.ts';
import type { Pool } from '../config/model.ts';
import type { PoolFigures } from '../metrics/figures.ts';
import { WP } from '../config/kinds/worker-pool.ts';
import { CPU_AUTOSCALING_DEFAULTS, SCALER_DEFAULTS } from './lib/limits.ts';
import { capacityField, figuresOf, growthOf, instancesForTarget, num, pct, poolAnchor, spanOf, upperLevel, TARGET_UTILIZATION, type FieldRef } from './lib/metric-rules.ts';

/**
 * Below this the pool is mostly idle. docs/sources.md#worker-pool-scaling-modes/#pricing: worker pools bill every instance for its whole life, busy or
 * not, so idle capacity is paid for directly. 30% is half the 60% target of Cloud Run's own CPU autoscaling (docs/sources.md#worker-pool-scaling-modes):
 * the pool could run on about half its instances and still sit at that target.
 */
const LOW_UTILIZATION = 0.3;

interface Floor extends FieldRef {
  field: string;
  value: number;
  /** A string annotation (`'3'`) rather than a number. */
  asString: boolean;
}

/**
 * "Sustained" = even the p95 of CPU utilisation (and of memory, when known) is below 30%. The suggestion lowers the
 * instance floor the pool sits on to the count that would run the same work at 60% (`instancesForTarget`). A pool
 * whose backlog grows is skipped: its bottleneck is not CPU, and fewer instances would make it worse.
 */
export const rule: Rule = {
  meta: {
    id: 'utilization-low',
    title: 'Instances are mostly idle (utilisation below 30%)',
    category: 'cost',
    defaultSeverity: 'info',
    needs: 'metrics',
    description: 'Worker pools bill every instance whether it is busy or not; a pool whose CPU and memory stay below 30% pays for instances it does not use.',
    remediation: 'Run fewer instances: lower the manual instance count or the scaler\'s minimum, or raise the autoscaler target per instance.',
    fixable: 'suggestion',
  },
  check(ctx) {
    for (const pool of ctx.pools) {
      const f = figuresOf(ctx, pool);
      const cpu = upperLevel(f?.cpuUtilization);
      if (!f || cpu === undefined) continue;
      const mem = upperLevel(f.memoryUtilization);
      const load = Math.max(cpu, mem ?? 0);
      if (load >= LOW_UTILIZATION || growthOf(f).backlogGrowing) continue;
      report(ctx, pool, f, cpu, mem, load);
    }
  },
};

function report(ctx: RuleContext, pool: Pool, f: PoolFigures, cpu: number, mem: number | undefined, load: number): void {
  const floor = floorOf(pool);
  const peak = f.instanceCount?.max;
  // The floor decides the count when the pool is manual or never rose above its minimum.
  const onFloor = floor !== undefined && floor.value >= 1 && (capacityField(pool)?.manual === true || (peak !== undefined && peak <= floor.value));
  const target = onFloor && floor ? instancesForTarget(floor.value, load) : undefined;
  const suggest = floor !== undefined && target !== undefined && target < floor.value;
  const ref = (onFloor ? floor : scalerTarget(pool)) ?? floor ?? poolAnchor(ctx, pool);
  if (!ref) return;
  const edit = suggest ? ctx.setEdit(floor.at, floor.path, floor.asString ? String(target) : target) : undefined;
  const instances = onFloor && floor ? `${floor.value} instance${floor.value === 1 ? '' : 's'}` : peak !== undefined ? `up to ${num(peak, 0)} instances` : 'its instances';
  ctx.report({
    message: `Pool "${pool.name}" ran ${instances} at CPU p95 ${pct(cpu)}${mem !== undefined ? `, memory p95 ${pct(mem)}` : ''}: below ${pct(LOW_UTILIZATION)}, so most of the billed instance time is idle.`,
    file: ref.at.ref.file,
    span: spanOf(ctx, ref),
    pool: pool.name,
    suggestions: suggest && edit ? [{
      title: `Set ${floor.field} to ${target} (${floor.value} × ${pct(load)} p95 utilisation ÷ ${pct(TARGET_UTILIZATION)} target)`,
      edits: [edit],
    }] : undefined,
    data: {
      cpuUtilizationP95: cpu, ...(mem !== undefined ? { memoryUtilizationP95: mem } : {}),
      lowUtilization: LOW_UTILIZATION, targetUtilization: TARGET_UTILIZATION,
      ...(peak !== undefined ? { peakInstances: peak } : {}),
      ...(floor ? { floorField: floor.field, floorInstances: floor.value } : {}),
      ...(suggest ? { suggestedInstances: target } : {}),
    },
  });
}

/** The minimum the pool runs: manual count, scaler `minReplicaCount`, or `minScale` under CPU autoscaling. */
function floorOf(pool: Pool): Floor | undefined {
  const cap = capacityField(pool);
  if (cap?.manual && cap.value !== undefined) return { ...cap, field: cap.field, value: cap.value, asString: true };
  const sc = pool.scaler;
  if (sc) {
    return { at: sc, path: [...sc.basePath, 'minReplicaCount'], explicit: sc.minReplicas !== undefined, field: 'minReplicaCount', value: sc.minReplicas ?? SCALER_DEFAULTS.minReplicas, asString: false };
  }
  const wp = pool.workerPool;
  if (wp?.scalingMode === 'automatic') {
    return { at: wp, path: [...WP.minScale], explicit: wp.minInstances !== undefined, field: 'run.googleapis.com/minScale', value: wp.minInstances ?? CPU_AUTOSCALING_DEFAULTS.minInstances, asString: true };
  }
  return undefined;
}

/** A scaled pool above its floor runs as many instances as backlog ÷ target `value` asks for (docs/sources.md#heuristics). */
function scalerTarget(pool: Pool): FieldRef | undefined {
  const sc = pool.scaler;
  const t = sc?.triggers.find((x) => x.type === 'gcp-pubsub') ?? sc?.triggers[0];
  return sc && t ? { at: sc, path: [...sc.basePath, 'triggers', t.index, 'metadata', 'value'], explicit: t.targetValueRaw !== undefined } : undefined;
}
