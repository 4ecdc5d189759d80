import { z } from 'zod';
import { metricsOrConfigOnly } from '../metrics.ts';
import { arrivalSeriesOf, costReport, HOURS_PER_MONTH, InputErrorSchema, PoolCostSchema } from '../../shared/index.ts';
import { defineTool } from '../tool.ts';
import { cursorArg, limitArg, LIMITS_NOTE, pathArg, poolArg } from '../limits.ts';
import { findComputablePool } from '../lookup.ts';
import { paginate } from '../pagination.ts';

export const estimateCostTool = defineTool({
  name: 'estimate_cost',
  title: 'Estimate cost',
  description: 'Estimates the monthly Cloud Run cost of one pool (or every pool, paginated) as configured: instance shape ' +
    '(vCPU, memory, GPU) × instance count (manual count, CREMA min…max range, or the observed mean with metrics), plus pull ' +
    'vs push when the message rate is known. Optionally prices a what-if instance count. List prices before free tier and ' +
    'discounts. ' + LIMITS_NOTE,
  input: z.object({
    pool: poolArg('Pool name from list_pools; omit for every pool').optional(),
    instances: z.number().min(0).max(1000).optional().describe('Also price this many always-on instances of the pool\'s shape (what-if)'),
    path: pathArg(),
    cursor: cursorArg(),
    limit: limitArg(),
  }),
  output: z.object({
    metricsSource: z.string(),
    metricsWarning: z.string().optional().describe('The metrics source failed: costs are from the config alone'),
    pools: z.array(PoolCostSchema.extend({
      whatIf: z.object({ instances: z.number(), costUsdPerMonth: z.number() }).optional().describe('The `instances` what-if'),
    })),
    total: z.number().int(),
    nextCursor: z.string().optional(),
    notPriced: z.array(InputErrorSchema).optional()
      .describe('Not priced: pools with invalid input, files that failed to parse'),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  usesMetrics: true,
  async run(args, ctx) {
    const loaded = await ctx.load(args.path);
    const pool = args.pool === undefined ? undefined : findComputablePool(loaded.ws, args.pool, 'estimate_cost');
    const { metrics, metricsWarning } = await metricsOrConfigOnly(ctx.metrics, loaded);
    const report = costReport(loaded.ws, { metrics, arrivalSeries: arrivalSeriesOf(metrics), pool: pool?.name });
    const page = paginate(report.pools, args.cursor, args.limit);
    return {
      metricsSource: report.metricsSource,
      ...(metricsWarning ? { metricsWarning } : {}),
      // Always-on instances bill every hour of the month (shared/cost/model.ts: instances × rate × HOURS_PER_MONTH).
      pools: page.items.map((p) => (args.instances === undefined || p.usdPerInstanceHour === undefined ? p : { ...p, whatIf: { instances: args.instances, costUsdPerMonth: p.usdPerInstanceHour * HOURS_PER_MONTH * args.instances } })),
      total: page.total,
      nextCursor: page.nextCursor,
      ...(report.notPriced ? { notPriced: report.notPriced } : {}),
    };
  },
});
