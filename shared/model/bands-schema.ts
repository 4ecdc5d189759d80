/**
 * The shape of predicted figures as bands over many replays (issue 9: proposals that still hold on the next day's
 * traffic). One replay is one simulation of a configuration on one draw of the workload (a seed, a resampled
 * stretch of the recording, or the recording under traffic growth); a band is the median and the 95th percentile
 * of a figure over the replays. zod is the single source of truth; docs/tune-output.md describes it.
 */
import { z } from 'zod';

export const BandSchema = z.object({
  median: z.number().describe('Median over the replays'),
  p95: z.number().describe('95th percentile over the replays (nearest rank): the bad-day value'),
}).describe('A figure over replays: median and 95th percentile');
export type Band = z.infer<typeof BandSchema>;

export const ReplayKindSchema = z.enum(['recorded', 'resampled', 'growth'])
  .describe('recorded: the recorded arrivals (or the tuner\'s sample of them) with another seed; resampled: a block bootstrap of the recording; growth: the recorded arrivals scaled by 1 + trafficGrowth');

export const PredictedBandsSchema = z.object({
  p95WaitSec: BandSchema.describe('p95 queue wait (publish → first processing start), seconds'),
  p99WaitSec: BandSchema.describe('p99 queue wait, seconds'),
  maxAgeSec: BandSchema.describe('Oldest message age reached (publish → ack or dead-letter), seconds'),
  duplicateRatio: BandSchema.describe('Redeliveries caused by expired leases ÷ published, 0-1'),
  deadLetteredPerDay: BandSchema.describe('Messages dead-lettered, scaled to a 24-hour day'),
  meanInstances: BandSchema.describe('Time-averaged instance count'),
  costUsdPerMonth: BandSchema.describe('Instance cost over a 730-hour month at the mean instance count'),
  sloMetShare: z.number().min(0).max(1).describe('Share of replays on which every SLO held, 0-1'),
  replays: z.number().int().positive().describe('Replays the bands are taken over'),
  byKind: z.record(z.string(), z.object({ replays: z.number().int(), sloMet: z.number().int() }))
    .describe('Replays and SLO passes per replay kind (recorded, resampled, growth)'),
}).describe('Predicted figures over many replays of the workload: median and p95 per figure, and the share of replays meeting the SLO');
export type PredictedBands = z.infer<typeof PredictedBandsSchema>;

export const ReplaySettingsSchema = z.object({
  seeds: z.number().int().min(1).max(50).describe('Replays of the recorded arrivals with different seeds'),
  resamples: z.number().int().min(0).max(50).describe('Replays on block-bootstrapped stretches of the recording'),
  trafficGrowth: z.number().min(0).max(5).describe('Stress: arrivals scaled by 1 + this on the growth replays (0.2 = +20%)'),
  growthReplays: z.number().int().min(0).max(20).describe('Replays under traffic growth (each with its own seed)'),
  sloMetShareMin: z.number().min(0).max(1).describe('A configuration is chosen only when its SLO holds on at least this share of replays'),
}).describe('How many replays confirm a configuration, and the criterion');
export type ReplaySettings = z.infer<typeof ReplaySettingsSchema>;

/** Defaults: 5 seeds + 4 resamples + 1 growth replay = 10 replays; 95% of 10 means all 10 must hold. */
export const DEFAULT_REPLAY_SETTINGS: ReplaySettings = { seeds: 5, resamples: 4, trafficGrowth: 0.2, growthReplays: 1, sloMetShareMin: 0.95 };
