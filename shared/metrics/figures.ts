/**
 * Derived per-pool figures: what the metric-aware rules, the tuner, hovers and CodeLens read.
 * Every field is optional: a figure is absent (never zero) when the metrics behind it are missing,
 * and `missing` lists which metrics were absent (docs/sources.md#autoscaling-on-pubsub-metrics: no data is never zero).
 */
import { z } from 'zod';

const Stat = z.object({
  mean: z.number().optional(),
  p95: z.number().optional(),
  max: z.number().optional(),
  min: z.number().optional(),
  last: z.number().optional(),
  /** Least-squares slope over the window, per hour. */
  slopePerHour: z.number().optional(),
});

export const PoolFiguresSchema = z.object({
  pool: z.string(),
  windowSec: z.number(),
  stepSec: z.number(),
  arrivalRatePerSec: Stat.optional().describe('Messages published per second (or ack rate + backlog growth)'),
  throughputPerSec: Stat.optional().describe('Messages acked per second'),
  throughputPerInstancePerSec: z.number().optional(),
  backlogMessages: Stat.optional(),
  oldestUnackedAgeSec: Stat.optional(),
  processingTimeMs: z.object({
    p50: z.number(), p95: z.number(), p99: z.number(), mean: z.number(),
    cv: z.number().describe('Coefficient of variation of the fitted distribution'),
    distribution: z.object({ kind: z.literal('lognormal'), mu: z.number(), sigma: z.number() }).optional(),
  }).optional(),
  cpuUtilization: Stat.optional().describe('0-1'),
  memoryUtilization: Stat.optional().describe('0-1'),
  instanceCount: Stat.optional(),
  failureRatio: z.number().optional().describe('nacks / deliveries, 0-1'),
  redeliveryRatio: z.number().optional().describe('expired ack deadlines / deliveries, 0-1'),
  deadLetterPerSec: z.number().optional(),
  deadLetteredTotal: z.number().optional(),
  backlogDrainSec: z.number().optional(),
  queueWaitSecLittle: z.number().optional().describe("Mean queue wait by Little's law: backlog / throughput"),
  missing: z.array(z.string()).describe('Metric names with no data for this pool'),
});
export type PoolFigures = z.infer<typeof PoolFiguresSchema>;

/** What rules see of the metrics: figures per pool, and where they came from. */
export interface MetricsView {
  source: string;
  forPool(pool: string): PoolFigures | undefined;
  /**
   * Arrivals per minute over the window for the pool's subscriptions (gaps held at the last known value), for
   * replaying real traffic in the simulator (shared/tune/workload.ts `arrivalSeriesOf`). Optional: views that
   * only carry figures leave it out.
   */
  arrivalsPerMinute?(pool: string): number[] | undefined;
}
