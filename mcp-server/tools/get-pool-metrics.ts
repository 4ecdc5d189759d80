import { z } from 'zod';
import { metricsViewFromSnapshot, PoolFiguresSchema, type SnapshotView } from '../../shared/index.ts';
import { defineTool, ToolError } from '../tool.ts';
import { LIMITS_NOTE, poolArg } from '../limits.ts';
import { findPool } from '../lookup.ts';
import { downsample, POINT_SERIES, roundFigures, sliceSnapshot, type PointSeriesName } from '../series.ts';

/** At most this many points per series: enough to see a daily shape, small enough to read. */
const MAX_POINTS = 48;
const DEFAULT_POINTS = 24;
const NAMES = Object.keys(POINT_SERIES) as [PointSeriesName, ...PointSeriesName[]];
const DEFAULT_SERIES: PointSeriesName[] = ['published', 'backlog', 'oldestUnackedAgeSec', 'instances'];

function isSnapshotView(v: unknown): v is SnapshotView {
  return typeof v === 'object' && v !== null && 'snapshot' in v && typeof (v as { subscriptionSeries?: unknown }).subscriptionSeries === 'function';
}

export const getPoolMetricsTool = defineTool({
  name: 'get_pool_metrics',
  title: 'Get pool metrics',
  description: 'Summarises one pool\'s metrics from the server\'s metrics source (--metrics FILE or live) over a window: ' +
    'arrival and ack rates, backlog, oldest unacked age, processing time percentiles, utilisation, instance count, ' +
    `failure and redelivery ratios (mean/p95/max/last and trend), plus at most ${MAX_POINTS} downsampled points (mean and ` +
    `max per bucket; null = no data) for a few series. Never the raw minute series. ${LIMITS_NOTE}`,
  input: z.object({
    pool: poolArg(),
    windowSec: z.number().int().min(60).max(90 * 86400).optional()
      .describe('Look at the last this-many seconds of the recorded window (default: all of it)'),
    resolutionSec: z.number().int().min(60).max(86400).optional()
      .describe(`Seconds per point (rounded to the 60 s step; default: window / ${DEFAULT_POINTS}; raised so no series has more than ${MAX_POINTS} points)`),
    series: z.array(z.enum(NAMES)).max(NAMES.length).optional()
      .describe(`Series to return points for (default: ${DEFAULT_SERIES.join(', ')}); [] for figures only`),
  }),
  output: z.object({
    pool: z.string(),
    source: z.string().describe('Where the metrics came from (a snapshot file or live)'),
    window: z.object({
      start: z.string().optional().describe('ISO 8601 start of the window summarised'),
      end: z.string().optional(),
      windowSec: z.number(),
      stepSec: z.number().describe('Step of the recorded series'),
    }),
    figures: PoolFiguresSchema.describe('Summary statistics over the window; a figure is absent when its metric had no data'),
    resolutionSec: z.number().optional().describe('Seconds per point'),
    series: z.array(z.object({
      name: z.enum(NAMES),
      unit: z.string(),
      points: z.array(z.object({ t: z.string(), mean: z.number().nullable(), max: z.number().nullable() })),
    })).describe('Downsampled points; absent series had no data'),
    notes: z.array(z.string()).describe('Adjustments made (window clamped, resolution raised) and what is missing'),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  usesMetrics: true,
  // The points are the bulk of the answer: sent once, in structuredContent; the text says how many there are.
  text: (out) => ({
    ...out,
    series: out.series.map((s) => ({ name: s.name, unit: s.unit, points: s.points.length })),
    notes: [...out.notes, ...(out.series.length ? ['The points of each series are in structuredContent (not repeated in this text).'] : [])],
  }),
  async run(args, ctx) {
    if (!ctx.metrics) {
      throw new ToolError('This server has no metrics source. Start it with --metrics FILE (a metrics snapshot JSON) or --metrics live; analyze_pool and the propose_* tools still work from the config alone.');
    }
    const loaded = await ctx.load();
    const pool = findPool(loaded.ws, args.pool);
    const view = await ctx.metrics.view(loaded);
    const whole = view?.forPool(pool.name);
    if (!view || !whole) {
      throw new ToolError(`The metrics source (${ctx.metrics.source}) has no data for pool '${pool.name}'. Check that it covers the pool's worker pool or subscriptions.`);
    }
    const notes: string[] = [];
    if (!isSnapshotView(view)) {
      if (args.windowSec !== undefined || (args.series?.length ?? 0) > 0) notes.push('This metrics source carries figures only: no window selection or points.');
      return { pool: pool.name, source: view.source, window: { windowSec: whole.windowSec, stepSec: whole.stepSec }, figures: roundFigures(whole), series: [], notes };
    }
    const snap = view.snapshot;
    const step = snap.window.stepSec;
    const total = Math.round((Date.parse(snap.window.end) - Date.parse(snap.window.start)) / 1000 / step);
    let steps = total;
    if (args.windowSec !== undefined) {
      steps = Math.max(1, Math.round(args.windowSec / step));
      if (steps > total) {
        notes.push(`The snapshot covers ${total * step} s; the window was clamped to that.`);
        steps = total;
      }
    }
    const cut = steps === total ? snap : sliceSnapshot(snap, steps);
    const figures = steps === total ? whole : metricsViewFromSnapshot(cut, steps, loaded.ws, view.source).forPool(pool.name) ?? whole;
    let perBucket = Math.max(1, Math.round((args.resolutionSec ?? (steps * step) / DEFAULT_POINTS) / step));
    if (Math.ceil(steps / perBucket) > MAX_POINTS) {
      perBucket = Math.ceil(steps / MAX_POINTS);
      if (args.resolutionSec !== undefined) notes.push(`Resolution raised to ${perBucket * step} s to keep at most ${MAX_POINTS} points.`);
    }
    const startMs = Date.parse(cut.window.start);
    const subs = metricsViewFromSnapshot(cut, steps, loaded.ws, view.source).subscriptionSeries(pool.name);
    const poolSeries = cut.pools[pool.name];
    const series = (args.series ?? DEFAULT_SERIES).flatMap((name) => {
      const spec = POINT_SERIES[name];
      const raw = spec.of === 'pool'
        ? poolSeries?.[spec.key as keyof typeof poolSeries]
        : spec.key === 'p99' ? subs?.processingTimeMs?.p99 : subs?.[spec.key as keyof NonNullable<typeof subs>];
      if (!Array.isArray(raw)) {
        notes.push(`No ${name} series for this pool.`);
        return [];
      }
      return [{ name, unit: spec.unit, points: downsample(raw as (number | null)[], startMs, step, perBucket) }];
    });
    return {
      pool: pool.name,
      source: view.source,
      window: { start: new Date(startMs).toISOString(), end: new Date(Date.parse(cut.window.end)).toISOString(), windowSec: steps * step, stepSec: step },
      figures: roundFigures(figures),
      resolutionSec: series.length ? perBucket * step : undefined,
      series,
      notes,
    };
  },
});
