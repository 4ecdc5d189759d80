import { z } from 'zod';
import { PoolFiguresSchema } from '../../shared/index.ts';
import { defineTool, ToolError } from '../tool.ts';
import { LIMITS_NOTE, poolArg } from '../limits.ts';
import { findPool } from '../lookup.ts';

export const getPoolMetricsTool = defineTool({
  name: 'get_pool_metrics',
  title: 'Get pool metrics',
  description: 'Summarises one pool\'s metrics from the server\'s metrics source (--metrics FILE or live): arrival and ack ' +
    'rates, backlog, oldest unacked age, processing time percentiles, utilisation, instance count, failure and redelivery ' +
    'ratios, each as mean/p95/max/last with a trend. Summaries only, never raw series. ' + LIMITS_NOTE,
  input: z.object({
    pool: poolArg(),
  }),
  output: z.object({
    pool: z.string(),
    source: z.string().describe('Where the metrics came from (a snapshot file or live)'),
    figures: PoolFiguresSchema.describe('Summary statistics over the window; a figure is absent when its metric had no data'),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  usesMetrics: true,
  async run(args, ctx) {
    if (!ctx.metrics) {
      throw new ToolError('This server has no metrics source. Start it with --metrics FILE (a metrics snapshot JSON) or --metrics live; analyze_pool and the propose_* tools still work from the config alone.');
    }
    const loaded = await ctx.load();
    const pool = findPool(loaded.ws, args.pool);
    const view = await ctx.metrics.view(loaded);
    const figures = view?.forPool(pool.name);
    if (!view || !figures) {
      throw new ToolError(`The metrics source (${ctx.metrics.source}) has no data for pool '${pool.name}'. Check that the snapshot covers its subscriptions and worker pool.`);
    }
    return { pool: pool.name, source: view.source, figures };
  },
});
