/**
 * Drift: the traffic a pool sees now against the traffic its applied proposal was tuned on (traffic.ts compares
 * them dimension by dimension), and whether the applied configuration, re-simulated on the new traffic, still
 * holds: the SLO met on at least HOLDS_SLO_SHARE of the replays and the median cost inside the predicted cost band.
 * One function underneath `pool-tuner verify`, the MCP `verify_pool` tool and the `traffic-drift` review rule, so
 * they never disagree on the same recording.
 */
import type { Pool } from '../config/model.ts';
import type { Workspace } from '../config/workspace.ts';
import type { MetricsView } from '../metrics/figures.ts';
import { currentValues } from '../tune/current.ts';
import { buildEdits } from '../tune/edits.ts';
import { WhatIfError } from '../tune/what-if.ts';
import { replay, type ReplayOptions } from './bands.ts';
import { fmtBand, fmtFigure, pct } from './format.ts';
import { workspaceAfter } from './record.ts';
import type { Bands, ProposalRecord, TrafficChange, TrafficSummary } from './schema.ts';
import { costCeiling, HOLDS_SLO_SHARE } from './tolerance.ts';
import { compareTraffic, describeChange, trafficSummary } from './traffic.ts';
import { peakDrift, type PeakDrift } from './peak-drift.ts';
import { arrivalSeriesOf } from '../tune/workload.ts';
import { scheduleClock } from '../model/pool-model.ts';

export interface AppliedConfig {
  ws: Workspace;
  pool: Pool;
  /** The pool's files hold the record's "after" settings. */
  configMatches: boolean;
}

/**
 * The configuration a record's prediction was for: the files as they are when they hold the record's "after"
 * settings, else those settings set in memory (edited since, or never deployed from this checkout).
 */
export function appliedConfig(ws: Workspace, pool: Pool, record: ProposalRecord): AppliedConfig {
  const configMatches = holdsRecordSettings(pool, record);
  if (configMatches) return { ws, pool, configMatches };
  const after = workspaceAfter(ws, buildEdits(ws, pool, currentValues(pool), record.after).edits);
  return { ws: after, pool: after.pools.find((p) => p.name === pool.name) ?? pool, configMatches };
}

/** The pool's files hold the settings `record` applied. */
export function holdsRecordSettings(pool: Pool, record: ProposalRecord): boolean {
  return JSON.stringify(currentValues(pool)) === JSON.stringify(record.after);
}

export interface Drift {
  /** The traffic in the new recording (undefined: it holds no arrivals for the pool). */
  now?: TrafficSummary;
  changes: TrafficChange[];
  /** Some dimension moved beyond its threshold (traffic.ts DRIFT_THRESHOLDS). */
  detected: boolean;
  /** The applied config re-simulated on the new traffic; absent when it was not re-simulated. */
  resimulated?: { holds: boolean; sloMetShare: number; replays: number; costUsdPerMonth: number };
  /** The re-tune command, when the traffic drifted and the proposal no longer holds. */
  retune?: string;
  /** Sentences with the numbers: what changed and by how much, whether the config still holds. */
  notes: string[];
}

/** Drift of `record`'s pool given the new traffic `now` and the applied config `replayed` on it (verify's replays). */
export function assessDrift(record: ProposalRecord, now: TrafficSummary | undefined, replayed: Bands | undefined, retuneCommand: string, peak?: PeakDrift): Drift {
  const changes = now && record.workload.minutes > 0 ? compareTraffic(record.workload, now) : [];
  const significant = changes.filter((c) => c.significant);
  const notes: string[] = peak?.moved ? [peak.note] : [];
  const predicted = record.predicted?.figures;
  const resimulated = replayed && predicted
    ? { holds: replayed.sloMetShare >= HOLDS_SLO_SHARE && replayed.figures.costUsdPerMonth.median <= costCeiling(predicted), sloMetShare: replayed.sloMetShare, replays: replayed.replays, costUsdPerMonth: replayed.figures.costUsdPerMonth.median }
    : undefined;
  let retune: string | undefined;
  if (significant.length || peak?.moved) {
    if (significant.length) notes.push(`Traffic since tuning: ${significant.map(describeChange).join('; ')}.`);
    if (resimulated?.holds) notes.push(`Re-simulated on the new traffic, the current config still holds: SLO met in ${pct(resimulated.sloMetShare)} of ${resimulated.replays} replays, ${fmtFigure('costUsdPerMonth', resimulated.costUsdPerMonth)} a month.`);
    else if (resimulated && predicted) {
      retune = retuneCommand;
      const why = resimulated.sloMetShare < HOLDS_SLO_SHARE
        ? `meets the SLO in only ${pct(resimulated.sloMetShare)} of ${resimulated.replays} replays`
        : `costs ${fmtFigure('costUsdPerMonth', resimulated.costUsdPerMonth)} a month, above the predicted ${fmtBand('costUsdPerMonth', predicted.costUsdPerMonth)}`;
      notes.push(`Drift: the traffic differs from what ${record.pool} was tuned on, and the current config, re-simulated on it, ${why}: the proposal may no longer hold. Re-tune: ${retune}`);
    }
  }
  return { ...(now ? { now } : {}), changes, detected: significant.length > 0 || !!peak?.moved, ...(resimulated ? { resimulated } : {}), ...(retune ? { retune } : {}), notes };
}

export interface CheckDriftInput {
  ws: Workspace;
  pool: Pool;
  record: ProposalRecord;
  /** The recent recording (arrivals per minute, processing time, failures). */
  metrics: MetricsView;
  replay?: ReplayOptions;
  retuneCommand: string;
}

/**
 * Drift of an applied proposal on a recent recording, re-simulating the applied config only when the traffic
 * moved beyond a threshold (the same replays `verifyPool` runs). Undefined when it cannot be judged: no predicted
 * figures in the record, no arrivals in the recording, or no workload to replay.
 */
export function checkDrift(input: CheckDriftInput): (Drift & { configMatches: boolean }) | undefined {
  const { record, metrics } = input;
  if (!record.predicted) return undefined;
  const now = trafficSummary(metrics, input.pool.name);
  if (!now) return undefined;
  // A scheduled peak that moved is drift too (peak-drift.ts), whatever the rate and burstiness say.
  const peak = peakDrift(record.after, arrivalSeriesOf(metrics)?.(input.pool.name), scheduleClock(record.after, metrics, undefined).clockStartUtcMs, now.processingMeanSec);
  const first = assessDrift(record, now, undefined, input.retuneCommand, peak);
  if (!first.detected) return { ...first, configMatches: holdsRecordSettings(input.pool, record) };
  const applied = appliedConfig(input.ws, input.pool, record);
  let replayed: Bands;
  try {
    replayed = replay(applied.ws, applied.pool, metrics, input.replay).bands;
  } catch (err) {
    if (err instanceof WhatIfError) return undefined;
    throw err;
  }
  return { ...assessDrift(record, now, replayed, input.retuneCommand, peak), configMatches: applied.configMatches };
}
