/**
 * Monthly cost per pool as configured (backs `pool-tuner cost`): instance shape × instance count, where the count
 * is the manual count, a CREMA range (min…max) or, with metrics, the observed mean; plus pull (this pool) vs push
 * (a request-based service doing the same work) when the message volume and processing time are known.
 */
import { z } from 'zod';
import type { Workspace } from '../config/workspace.ts';
import type { Pool } from '../config/model.ts';
import type { MetricsView } from '../metrics/figures.ts';
import { comparePullVsPush, costPerInstanceSecondUsd, monthlyCostUsd, PullVsPushResultSchema, SECONDS_PER_MONTH } from '../cost/index.ts';
import { CLIENT_DEFAULT_MAX_MESSAGES } from '../rules/lib/limits.ts';
import { currentValues, instanceShape } from './current.ts';
import { arrivalStats } from './workload.ts';
import { buildPoolModel, todayFigures, type PoolModelOptions } from '../model/pool-model.ts';
import { unsettledField } from '../config/workspace.ts';
import { WP } from '../config/kinds/worker-pool.ts';
import { describeInputError, InputErrorSchema, poolInputErrors, unreadFiles } from '../config/input-errors.ts';

export const PoolCostSchema = z.object({
  pool: z.string(),
  shape: z.object({ vcpu: z.number(), memoryGiB: z.number(), gpu: z.string() }),
  usdPerInstanceHour: z.number().optional().describe('Absent when the price is not known from the files (a GKE Pod without gkePricing: autopilot); notes say why'),
  instances: z.object({
    basis: z.enum(['manual', 'crema-range', 'simulated', 'observed', 'unknown'])
      .describe('simulated: today\'s config simulated on the recorded arrivals (the pool model\'s "today", the same figure tune, simulate and the editor show); observed: the recorded mean, when today cannot be simulated'),
    min: z.number(),
    max: z.number(),
    mean: z.number().optional().describe('Today\'s mean instance count: simulated (metrics), observed, or the manual count'),
    recordedMean: z.number().optional().describe('Mean instance count the metrics recorded, for comparison with the simulated one'),
    countUnknown: z.object({
      written: z.string().describe('The count as written, e.g. manual_instance_count = var.workers'),
      reason: z.string(),
      assumedInstances: z.number().describe('The count min/max (and the cost) assume'),
    }).optional().describe('The manual count is a Terraform value the module cannot settle: priced at the assumed count'),
  }),
  today: z.object({
    queueWaitP95Sec: z.number(),
    meanInstances: z.number(),
    costUsdPerMonth: z.number().optional(),
  }).optional().describe('Today\'s figures from the pool model (shared/model/pool-model.ts todayFigures)'),
  costUsdPerMonth: z.object({ min: z.number(), max: z.number(), expected: z.number().optional() }).optional()
    .describe('Absent when the price is not known from the files'),
  pullVsPush: PullVsPushResultSchema.optional(),
  notes: z.array(z.string()),
});
export type PoolCost = z.infer<typeof PoolCostSchema>;

export const CostOutputSchema = z.object({
  version: z.literal(1),
  metricsSource: z.string(),
  pools: z.array(PoolCostSchema),
  notPriced: z.array(InputErrorSchema).optional()
    .describe('Pools left out because their input is invalid, and files that failed to parse (their pools are missing): never priced at $0'),
});
export type CostOutput = z.infer<typeof CostOutputSchema>;

export interface CostOptions extends PoolModelOptions {
  metrics?: MetricsView;
  arrivalSeries?: (pool: string) => readonly number[] | undefined;
  pool?: string;
}

export function costReport(ws: Workspace, options: CostOptions = {}): CostOutput {
  const wanted = ws.pools.filter((p) => (options.pool ? p.name === options.pool : p.workerPool));
  // A pool with invalid input is named, not priced; a file that failed to parse may hold a pool we never saw.
  const refused = wanted.flatMap((p) => poolInputErrors(ws, p));
  const pools = wanted.filter((p) => !refused.some((e) => e.pool === p.name));
  const notPriced = [...refused, ...(options.pool ? [] : unreadFiles(ws))];
  return {
    version: 1,
    metricsSource: options.metrics?.source ?? 'none',
    ...(notPriced.length ? { notPriced } : {}),
    pools: pools.map((pool) => {
      const shapeIn = instanceShape(pool, ws.settings?.settings);
      const { gpuCount: _gpuCount, correction, unpriced, ...shape } = shapeIn;
      const cur = currentValues(pool);
      const f = options.metrics?.forPool(pool.name);
      const notes: string[] = [...(correction ? [correction] : []), ...(unpriced ? [unpriced] : [])];
      let instances: PoolCost['instances'];
      const unknown = cur.scaling?.mode === 'manual' ? unknownCount(ws, pool.workerPool, cur.scaling.instances) : undefined;
      if (unknown) instances = { basis: 'unknown', min: unknown.assumedInstances, max: unknown.assumedInstances, countUnknown: unknown };
      else if (cur.scaling?.mode === 'manual') instances = { basis: 'manual', min: cur.scaling.instances, max: cur.scaling.instances, mean: cur.scaling.instances };
      else if (cur.scaling?.mode === 'crema') instances = { basis: 'crema-range', min: cur.scaling.minReplicas, max: cur.scaling.maxReplicas };
      else instances = { basis: 'unknown', min: pool.workerPool?.minInstances ?? 1, max: pool.workerPool?.maxInstances ?? 100 };
      const observed = f?.instanceCount?.mean;
      // Today from the pool model: the one "today" (tune, simulate, MCP and the editor show the same figures).
      // An unknown count would be simulated as the assumed one: the recorded mean says more.
      const today = options.metrics && !unknown ? todayFigures(buildPoolModel(ws, pool, options)) : undefined;
      if (today) {
        instances = { ...instances, basis: 'simulated', mean: today.meanInstances, ...(observed !== undefined ? { recordedMean: observed } : {}) };
      } else if (observed !== undefined) instances = { ...instances, basis: instances.basis === 'manual' ? 'manual' : 'observed', mean: observed };
      else if (unknown) notes.push(unknownNote(unknown, costPerInstanceSecondUsd(shape) * SECONDS_PER_MONTH, unpriced !== undefined));
      else if (instances.basis !== 'manual') notes.push('The instance count varies with load: pass --metrics for the observed mean.');
      const hourly = costPerInstanceSecondUsd(shape) * 3600;
      const cost = {
        min: monthlyCostUsd(instances.min, shape),
        max: monthlyCostUsd(instances.max, shape),
        expected: today ? today.costUsdPerMonth : instances.mean !== undefined ? monthlyCostUsd(instances.mean, shape) : undefined,
      };
      // Pull vs push needs the message volume (metrics) and a processing time (metrics or declared).
      const series = options.arrivalSeries?.(pool.name);
      const ratePerSec = series && series.length ? arrivalStats(series).meanPerSec : f?.arrivalRatePerSec?.mean;
      const meanProcessingSec = f?.processingTimeMs ? f.processingTimeMs.mean / 1000 : pool.settings?.processingTimeSec;
      let pullVsPush: PoolCost['pullVsPush'];
      if (unpriced) {
        // No price known: instances and today's waits only, no dollar figure (never a guess).
      } else if (ratePerSec !== undefined && meanProcessingSec !== undefined && instances.mean !== undefined) {
        pullVsPush = comparePullVsPush({
          messagesPerMonth: ratePerSec * SECONDS_PER_MONTH,
          meanProcessingSec,
          pool: { averageInstances: instances.mean, shape },
          push: { shape, concurrency: Math.min(cur.concurrency ?? CLIENT_DEFAULT_MAX_MESSAGES, 1000) },
        });
      } else {
        notes.push('Pull vs push needs the message rate and the mean instance count (--metrics) and a processing time.');
      }
      return {
        pool: pool.name,
        shape: { vcpu: shape.vcpu, memoryGiB: shape.memoryGiB, gpu: shape.gpu ?? 'none' },
        ...(unpriced ? {} : { usdPerInstanceHour: hourly, costUsdPerMonth: cost }),
        instances,
        pullVsPush,
        ...(today ? { today: { queueWaitP95Sec: today.queueWaitP95Sec, meanInstances: today.meanInstances, ...(unpriced ? {} : { costUsdPerMonth: today.costUsdPerMonth }) } } : {}),
        notes,
      };
    }),
  };
}

type CountUnknown = NonNullable<PoolCost['instances']['countUnknown']>;

/** The manual count when the module cannot settle it (`manual_instance_count = var.workers`, no default). */
function unknownCount(ws: Workspace, wp: Pool['workerPool'], assumedInstances: number): CountUnknown | undefined {
  const u = wp ? unsettledField(ws, wp.ref, WP.manualInstanceCount) : undefined;
  return u ? { written: u.what, reason: u.reason, assumedInstances } : undefined;
}

function unknownNote(u: CountUnknown, usdPerInstanceMonth: number, unpriced: boolean): string {
  // Always-on instances: count × rate × 730 h (shared/cost/model.ts monthlyCostUsd); linear in the count.
  const per = unpriced ? '' : `, $${usdPerInstanceMonth.toFixed(2)}/month per instance: multiply by the count you deploy`;
  return `Instance count unknown: \`${u.written}\` (${u.reason}). Priced as ${u.assumedInstances} instance${u.assumedInstances === 1 ? '' : 's'} (Cloud Run's default for a manual pool)${per}; pass --metrics for the recorded mean.`;
}

export function formatCostText(out: CostOutput): string {
  const usd = (x: number) => `$${x >= 1000 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2)}`;
  const lines: string[] = [];
  for (const p of out.pools) {
    const inst = p.instances.min === p.instances.max ? `${p.instances.min}` : `${p.instances.min}–${p.instances.max}`;
    const assumed = p.instances.countUnknown && p.instances.basis === 'unknown' ? ` assuming ${inst} instance${inst === '1' ? '' : 's'} (count unknown, see note)` : '';
    const shapeText = `${p.shape.vcpu} vCPU, ${Number(p.shape.memoryGiB.toPrecision(3))} GiB${p.shape.gpu !== 'none' ? `, ${p.shape.gpu}` : ''}`;
    if (!p.costUsdPerMonth || p.usdPerInstanceHour === undefined) {
      lines.push(`${p.pool}: price not known${assumed} (${inst} × ${shapeText})`);
      if (p.today) lines.push(`  today ${Number(p.today.meanInstances.toPrecision(3))} instances, p95 wait ${Number(p.today.queueWaitP95Sec.toPrecision(2))} s (simulated on the recorded arrivals)`);
      for (const n of p.notes) lines.push(`  note: ${n}`);
      continue;
    }
    const range = p.costUsdPerMonth.min === p.costUsdPerMonth.max ? usd(p.costUsdPerMonth.min) : `${usd(p.costUsdPerMonth.min)}–${usd(p.costUsdPerMonth.max)}`;
    lines.push(`${p.pool}: ${range}/month${assumed} (${inst} × ${shapeText} at ${usd(p.usdPerInstanceHour)}/instance-hour)`);
    if (p.today?.costUsdPerMonth !== undefined && p.instances.basis === 'simulated') {
      const rec = p.instances.recordedMean;
      const err = rec !== undefined && rec > 0 ? ` (${p.today.meanInstances >= rec ? '+' : '−'}${Math.abs(Math.round(((p.today.meanInstances - rec) / rec) * 100))}%)` : '';
      lines.push(`  today ${Number(p.today.meanInstances.toPrecision(3))} instances → ${usd(p.today.costUsdPerMonth)}/month, p95 wait ${Number(p.today.queueWaitP95Sec.toPrecision(2))} s (simulated on the recorded arrivals${rec !== undefined ? `; recorded ${Number(rec.toPrecision(3))} instances${err}` : ''})`);
    } else if (p.costUsdPerMonth.expected !== undefined && p.instances.basis === 'observed') {
      const mean = Number(p.instances.mean!.toPrecision(3));
      lines.push(`  observed mean ${mean} instance${mean === 1 ? '' : 's'} → ${usd(p.costUsdPerMonth.expected)}/month`);
    }
    if (p.pullVsPush) {
      const v = p.pullVsPush;
      lines.push(`  pull (this pool) ${usd(v.pullUsdPerMonth)} vs push (request-based service) ${usd(v.pushUsdPerMonth)}: ${v.cheaper} is cheaper by ${usd(v.savingsUsdPerMonth)}/month`);
      const packing = v.assumptions.find((a) => a.startsWith('push billed time'));
      if (packing) lines.push(`    (${packing}; cold starts, idle minimum instances and retries not counted)`);
    }
    for (const n of p.notes) lines.push(`  note: ${n}`);
  }
  const failed = out.notPriced ?? [];
  for (const e of failed) lines.push(`${e.pool ?? e.file}: not priced: ${e.pool ? 'invalid input' : 'the file failed to parse'} (${describeInputError(e)})`);
  const total = out.pools.reduce((a, p) => [a[0]! + (p.costUsdPerMonth?.min ?? 0), a[1]! + (p.costUsdPerMonth?.max ?? 0)], [0, 0]);
  const unpricedPools = out.pools.filter((p) => !p.costUsdPerMonth).map((p) => p.pool);
  const left = [...new Set(failed.map((e) => e.pool ?? e.file))];
  const assumedPools = out.pools.filter((p) => p.costUsdPerMonth && p.instances.countUnknown && p.instances.basis === 'unknown')
    .map((p) => `${p.instances.min} instance${p.instances.min === 1 ? '' : 's'} for ${p.pool}`);
  const leftNote = (left.length ? `, not counting ${left.join(', ')} (not priced, see above)` : '')
    + (assumedPools.length ? `, assuming ${assumedPools.join(', ')} (count unknown)` : '');
  if (out.pools.length === 0 && left.length) lines.push(`Total: nothing priced (${left.join(', ')}: see above).`);
  else if (unpricedPools.length === out.pools.length && out.pools.length > 0) lines.push(`Total: price not known (${unpricedPools.join(', ')})${leftNote}.`);
  else lines.push(`Total: ${total[0] === total[1] ? usd(total[0]!) : `${usd(total[0]!)}–${usd(total[1]!)}`}/month before free tier and discounts (prices: docs/sources.md#pricing; tier from pool-tuner.yaml priceTier)${unpricedPools.length ? `, not counting ${unpricedPools.join(', ')} (price not known)` : ''}${leftNote}.`);
  return `${lines.join('\n')}\n`;
}
