/**
 * Replays: the draws of a workload a configuration is confirmed on before it is proposed, and the bands of its
 * figures over them (`replayBands`). A proposal searched on one draw of the traffic can sit at the edge of the SLO
 * on that draw only; the next day's traffic is another draw. Three kinds of draw:
 * - recorded: the recorded arrivals (as simulated, i.e. the tuner's sample of them) with another seed: other
 *   Poisson arrival times within each minute, other processing times, other failures;
 * - resampled: a moving-block bootstrap of the whole recording (Künsch, "The jackknife and the bootstrap for
 *   general stationary observations", Ann. Statist. 17(3), 1989): blocks of BLOCK_MINUTES consecutive minutes,
 *   drawn with replacement, joined to the simulated length. Blocks keep the minute-to-minute correlation of
 *   bursts; the draw mixes busy and quiet stretches differently from the recording (another day);
 * - growth: the recorded arrivals scaled by 1 + trafficGrowth (a stress: +20% by default), own seed.
 * Assumption: the recording is representative of the traffic to come, up to the growth stress; a trend beyond
 * that is not modelled.
 */
import { Rng } from '../simulate/prng.ts';
import { figuresOf, simConfigFor, type Candidate, type SimContext } from '../tune/evaluate.ts';
import { simulate } from '../simulate/index.ts';
import type { Figures } from '../tune/schema.ts';
import type { SimResult } from '../simulate/types.ts';
import { DEFAULT_REPLAY_SETTINGS, type Band, type PredictedBands, type ReplaySettings } from './bands-schema.ts';

export type ReplayKind = 'recorded' | 'resampled' | 'growth';

export interface Replay {
  kind: ReplayKind;
  seed: number;
  arrivalsPerMinute: number[];
}

/** Block length of the bootstrap, minutes: long enough to hold a burst and the scaler's reaction to it. */
export const BLOCK_MINUTES = 10;

/**
 * The replays for one pool. `simulated` is the arrival series the tuner simulates (the recording, or its sample for
 * the simulation budget); `recorded` the whole recording the bootstrap draws from. The first replay is always
 * `simulated` with `seed` itself: the screening replay the search ran on.
 */
export function buildReplays(recorded: readonly number[], simulated: readonly number[], seed: number, settings: ReplaySettings = DEFAULT_REPLAY_SETTINGS): Replay[] {
  const out: Replay[] = [];
  for (let i = 0; i < settings.seeds; i++) out.push({ kind: 'recorded', seed: seed + i, arrivalsPerMinute: [...simulated] });
  const n = simulated.length;
  const src = recorded.length >= BLOCK_MINUTES ? recorded : simulated;
  for (let k = 0; k < settings.resamples && src.length >= BLOCK_MINUTES && n > 0; k++) {
    const rng = new Rng(seed * 31 + 1009 * (k + 1));
    const series: number[] = [];
    while (series.length < n) {
      const start = Math.floor(rng.next() * (src.length - BLOCK_MINUTES + 1));
      for (let j = 0; j < BLOCK_MINUTES && series.length < n; j++) series.push(src[start + j]!);
    }
    out.push({ kind: 'resampled', seed: seed + 101 + k, arrivalsPerMinute: series });
  }
  for (let k = 0; k < settings.growthReplays; k++) {
    out.push({ kind: 'growth', seed: seed + 211 + k, arrivalsPerMinute: simulated.map((x) => x * (1 + settings.trafficGrowth)) });
  }
  return out;
}

/**
 * The simulation of one candidate on each replay (same context otherwise: SLO, shape, subscription, scaler), each
 * result mapped by `map` with the replay's own context. The one replay loop: the tuner's figures (`replayFigures`)
 * and verify's observable figures (shared/verify/bands.ts, with `timeline: true`) both run through it.
 */
export function replayResults<T>(ctx: SimContext, cand: Candidate, replays: readonly Replay[], map: (result: SimResult, replayCtx: SimContext, replay: Replay) => T, options: { timeline?: boolean } = {}): T[] {
  const run = ctx.simulateFn ?? simulate;
  return replays.map((r) => {
    const c = replayContext(ctx, r);
    return map(run({ ...simConfigFor(c, cand), ...(options.timeline ? { timeline: true } : {}) }), c, r);
  });
}

/** The simulation context of one replay: its seed and arrivals, the rest of `ctx` unchanged. */
export function replayContext(ctx: SimContext, r: Replay): SimContext {
  // A bootstrapped series has other minutes than the recording's: the recorded state at the sample's start and
  // joins (warm start, resets) does not belong to it, so it starts cold.
  const w = r.kind === 'resampled'
    ? { ...ctx.workload, arrivalsPerMinute: r.arrivalsPerMinute, stateResets: undefined, initialBacklog: undefined, initialBacklogAgeSec: undefined, initialInstances: undefined }
    : { ...ctx.workload, arrivalsPerMinute: r.arrivalsPerMinute };
  return { ...ctx, seed: r.seed, workload: w };
}

/** Figures of one candidate on each replay (same context otherwise: SLO, shape, subscription, scaler). */
export function replayFigures(ctx: SimContext, cand: Candidate, replays: readonly Replay[]): Figures[] {
  return replayResults(ctx, cand, replays, (result, c) => figuresOf(c, result));
}

/** Nearest-rank percentile (q in 0-1) of a non-empty list. */
export function percentileOf(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

function band(xs: readonly number[]): Band {
  return { median: percentileOf(xs, 0.5), p95: percentileOf(xs, 0.95) };
}

/** Bands of per-replay figures; `minutesOf(i)` is the length of replay i (for dead-lettered per day). */
export function bandsOf(figs: readonly Figures[], replays: readonly Replay[]): PredictedBands {
  const byKind: PredictedBands['byKind'] = {};
  figs.forEach((f, i) => {
    const k = replays[i]!.kind;
    const e = (byKind[k] ??= { replays: 0, sloMet: 0 });
    e.replays++;
    if (f.sloMet) e.sloMet++;
  });
  return {
    p95WaitSec: band(figs.map((f) => f.queueWaitP95Sec)),
    p99WaitSec: band(figs.map((f) => f.queueWaitP99Sec)),
    maxAgeSec: band(figs.map((f) => f.maxMessageAgeSec)),
    duplicateRatio: band(figs.map((f) => f.duplicateRatio)),
    // Scaled to a day: dead-lettered over the replay's minutes × 1440 / minutes.
    deadLetteredPerDay: band(figs.map((f, i) => (f.deadLettered * 1440) / Math.max(1, replays[i]!.arrivalsPerMinute.length))),
    meanInstances: band(figs.map((f) => f.meanInstances)),
    costUsdPerMonth: band(figs.map((f) => f.costUsdPerMonth)),
    sloMetShare: figs.length ? figs.filter((f) => f.sloMet).length / figs.length : 0,
    replays: figs.length,
    byKind,
  };
}

/**
 * The reusable entry point: replays configuration `cand` over `replays` of the workload in `ctx` and returns its
 * bands (median and p95 per figure, share of replays meeting the SLO). Pure and deterministic in its inputs.
 */
export function replayBands(ctx: SimContext, cand: Candidate, replays: readonly Replay[]): PredictedBands {
  return bandsOf(replayFigures(ctx, cand, replays), replays);
}
