import { z } from 'zod';
import { metricsOrConfigOnly } from '../metrics.ts';
import { arrivalSeriesOf, FiguresSchema, PoolSettingsValuesSchema, WHAT_IF_KEYS, WHAT_IF_RANGES, whatIf, WhatIfError, whatIfErrors, whatIfValueError, type WhatIfKey, type WhatIfRange } from '../../shared/index.ts';
import { defineTool, ToolError } from '../tool.ts';
import { LIMITS_NOTE, MAX_LIST_ITEMS, pathArg, poolArg } from '../limits.ts';
import { findComputablePool } from '../lookup.ts';
import { inputKey, jobBase } from '../jobs.ts';

const KEYS = Object.keys(WHAT_IF_KEYS) as [WhatIfKey, ...WhatIfKey[]];

export const simulatePoolTool = defineTool({
  name: 'simulate_pool',
  title: 'Simulate pool (what-if)',
  description: 'Simulates one pool as configured and with overrides applied (same seed and arrival trace for both) and ' +
    'returns queue wait p95/p99, max message age, duplicates, dead-lettered, mean instances, monthly cost and whether the ' +
    `SLO holds, side by side. Override settings (range; int = whole numbers): ${KEYS.map((k) => `${k} (${WHAT_IF_KEYS[k]}; ${compactRange(WHAT_IF_RANGES[k])})`).join('; ')}. ` +
    'Without a metrics source, give rate (and processing if pool-tuner.yaml declares no processing time). ' + LIMITS_NOTE,
  input: z.object({
    pool: poolArg(),
    overrides: z.array(z.object({
      setting: z.enum(KEYS).describe('Setting to change'),
      value: z.number().describe('New value, in the range listed above'),
    }).superRefine((o, ctx) => {
      const problem = whatIfValueError(o.setting, o.value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['value'] });
    })).max(MAX_LIST_ITEMS, `at most ${MAX_LIST_ITEMS} overrides`).default([])
      .describe(`What to change (at most ${MAX_LIST_ITEMS}); empty simulates the current config against itself`),
    path: pathArg(),
  }),
  output: z.object({
    pool: z.string(),
    workload: z.object({ source: z.string(), minutes: z.number(), processingMeanSec: z.number() }).describe('What was simulated'),
    current: PoolSettingsValuesSchema,
    changed: PoolSettingsValuesSchema.describe('Current settings with the overrides applied'),
    currentFigures: FiguresSchema,
    predictedFigures: FiguresSchema,
    costDeltaUsdPerMonth: z.number().describe('predicted − current, per month'),
    warnings: z.array(z.string()).describe('What-if past a downstream, CPU or memory limit; metrics unavailable'),
    priceNote: z.string().optional().describe('Price unknown (GKE without gkePricing): costs compare settings only'),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  usesMetrics: true,
  async run(args, ctx) {
    const loaded = await ctx.load(args.path);
    const pool = findComputablePool(loaded.ws, args.pool, 'simulate_pool');
    const sets: Partial<Record<WhatIfKey, number>> = {};
    for (const o of args.overrides) sets[o.setting] = o.value;
    const problems = whatIfErrors(sets);
    if (problems.length) throw new ToolError(`${problems.join('; ')}.`);
    const { metrics, metricsWarning } = await metricsOrConfigOnly(ctx.metrics, loaded);
    try {
      // On a worker thread (inline only when the metrics view cannot be shipped there), cached per input.
      const base = jobBase(loaded, metrics);
      const r = await ctx.memo(JSON.stringify(['whatIf', pool.name, sets, inputKey(loaded, metrics)]), async () => base
        ? ctx.job({ kind: 'whatIf', ...base, pool: pool.name, sets, options: {} })
        : whatIf(loaded.ws, pool, sets, { metrics, arrivalSeries: arrivalSeriesOf(metrics) }));
      return { ...r, warnings: [...(metricsWarning ? [metricsWarning] : []), ...r.warnings], costDeltaUsdPerMonth: r.predictedFigures.costUsdPerMonth - r.currentFigures.costUsdPerMonth };
    } catch (err) {
      if (!(err instanceof WhatIfError)) throw err;
      if (err.code === 'NO_WORKLOAD') {
        throw new ToolError(`Pool '${pool.name}' has no arrival rate${pool.settings?.processingTimeSec === undefined && !metrics ? ' and no processing time' : ''} to simulate. ` +
          'Start the server with --metrics FILE|live, or add overrides {"setting":"rate","value":<messages per second>}' +
          `${pool.settings?.processingTimeSec === undefined ? ' and {"setting":"processing","value":<seconds per message>}' : ''}.` +
          (metricsWarning ? ` (${metricsWarning})` : ''));
      }
      throw new ToolError(`${err.message}.`);
    }
  },
});

/** A range as few words as tools/list can afford: "int 1-100000", ">0-1000000" (errors use describeRange). */
function compactRange(r: WhatIfRange): string {
  return `${r.integer ? 'int ' : ''}${r.minExclusive ? '>' : ''}${r.min}-${r.max}`;
}
