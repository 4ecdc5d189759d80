/**
 * The exhaustive optimum under the tuner's robust criterion: the cheapest grid candidate whose SLO holds on at
 * least `minShare` of the replays (shared/model/replays.ts), found by branch and bound over the same grid the
 * tuner's robust search uses (`gridCandidates` of `robustGridContext`). The baseline bench/tuner compares the tuner's robust choice with, and the test
 * that the tuner is not paying for robustness more than it must.
 *
 * Exact on the grid, no monotonicity assumed: candidates are visited in order of their strict cost lower bound
 * (`costLowerBound`: a CREMA pool never runs fewer than minReplicas instances, a manual pool runs its count); one
 * whose bound is not below the best found is skipped. The cost compared is the screening replay's (the first
 * replay, the search's own draw), as the tuner reports it. A candidate is replayed on all draws only when it meets
 * the SLO on the screening replay and would be cheaper than the best so far: a candidate that misses the SLO on
 * one of ≤ 20 replays cannot reach a share of 95% (the first replay is one of them), and with a share below 1 the
 * check stays exact because every cheaper screening pass is replayed.
 */
import { bandsOf, replayBands, replayFigures, type Replay } from '../model/replays.ts';
import type { PredictedBands } from '../model/bands-schema.ts';
import { candidateKey, Evaluator, type Candidate, type Evaluation, type SimContext } from './evaluate.ts';
import { costLowerBound, gridCandidates, type SearchSpace } from './search.ts';

export interface RobustOptimum {
  best?: Evaluation;
  bands?: PredictedBands;
  /** Simulations on the screening replay. */
  simulations: number;
  /** Candidates replayed on every draw. */
  replayed: number;
  gridSize: number;
}

/**
 * The context the robust grid is built from: the screening arrivals replaced by their per-minute maximum over the
 * replays, so the grid's sizes (peak instances, maxReplicas, minReplicas steps) reach what the busiest draw needs
 * (the +20% growth replay, a resample heavy in bursts). Only the grid: every simulation keeps its own context.
 */
export function robustGridContext(ctx: SimContext, replays: readonly Replay[]): SimContext {
  const base = ctx.workload.arrivalsPerMinute;
  const peak = base.map((x, i) => replays.reduce((m, r) => Math.max(m, r.arrivalsPerMinute[i] ?? 0), x));
  return { ...ctx, workload: { ...ctx.workload, arrivalsPerMinute: peak } };
}

export function exhaustiveRobustCheapest(ctx: SimContext, space: SearchSpace, replays: readonly Replay[], minShare: number, evaluator = new Evaluator(ctx)): RobustOptimum {
  const cands = gridCandidates(robustGridContext(ctx, replays), space).sort((a, b) => costLowerBound(ctx, a) - costLowerBound(ctx, b));
  let best: Evaluation | undefined;
  let bands: PredictedBands | undefined;
  let replayed = 0;
  // With minShare × replays > replays − 1 every replay must hold, the screening one included.
  const screeningMustHold = minShare * replays.length > replays.length - 1;
  for (const cand of cands) {
    const bestCost = best?.figures.costUsdPerMonth ?? Infinity;
    if (costLowerBound(ctx, cand) >= bestCost - 1e-9) continue;
    const ev = evaluator.evaluate(cand);
    if (screeningMustHold && !ev.figures.sloMet) continue;
    if (ev.figures.costUsdPerMonth >= bestCost - 1e-9) continue;
    const b = replayBands(ctx, cand, replays);
    replayed++;
    if (b.sloMetShare + 1e-9 >= minShare) {
      best = ev;
      bands = b;
    }
  }
  return { best, bands, simulations: evaluator.simulations, replayed, gridSize: cands.length };
}

/**
 * An evaluator whose SLO verdict is the robust one: `figures` are the screening replay's (cost, waits), and
 * `figures.sloMet` says whether the SLO holds on at least `minShare` of `replays`. Handing it to `searchCheapest`
 * searches the grid for the cheapest robust candidate with the search's own monotonicity (more capacity never
 * breaks an SLO on any replay that less capacity met, so it never lowers the share). Screen on one replay, confirm
 * on all: a candidate that misses the SLO on the screening replay, when every replay must hold, costs one
 * simulation; only the others are replayed.
 */
export class RobustEvaluator extends Evaluator {
  private readonly robust = new Map<string, { ev: Evaluation; bands?: PredictedBands }>();
  private readonly screeningIsFirst: boolean;
  private readonly screeningMustHold: boolean;
  private replayRuns = 0;

  constructor(readonly screen: Evaluator, readonly replays: readonly Replay[], readonly minShare: number) {
    super(screen.ctx);
    const r0 = replays[0];
    // The first replay is the screening run itself when it has the context's seed and arrivals (buildReplays).
    this.screeningIsFirst = !!r0 && r0.kind === 'recorded' && r0.seed === screen.ctx.seed
      && r0.arrivalsPerMinute.length === screen.ctx.workload.arrivalsPerMinute.length
      && r0.arrivalsPerMinute.every((x, i) => x === screen.ctx.workload.arrivalsPerMinute[i]);
    this.screeningMustHold = this.screeningIsFirst && minShare * replays.length > replays.length - 1;
  }

  override get simulations(): number {
    return this.screen.simulations + this.replayRuns;
  }

  override all(): Evaluation[] {
    return [...this.robust.values()].map((r) => r.ev);
  }

  /** The bands of a candidate evaluated here (undefined when it failed on the screening replay alone). */
  bandsFor(cand: Candidate): PredictedBands | undefined {
    return this.robust.get(candidateKey(cand))?.bands;
  }

  override evaluate(cand: Candidate): Evaluation {
    const key = candidateKey(cand);
    const hit = this.robust.get(key);
    if (hit) return hit.ev;
    const screened = this.screen.evaluate(cand);
    let entry: { ev: Evaluation; bands?: PredictedBands };
    if (this.screeningMustHold && !screened.figures.sloMet) {
      entry = { ev: screened };
    } else {
      const rest = this.screeningIsFirst ? this.replays.slice(1) : this.replays;
      const figs = replayFigures(this.ctx, cand, rest);
      this.replayRuns += rest.length;
      const bands = bandsOf(this.screeningIsFirst ? [screened.figures, ...figs] : figs, this.replays);
      const sloMet = bands.sloMetShare + 1e-9 >= this.minShare;
      entry = { ev: { ...screened, figures: { ...screened.figures, sloMet } }, bands };
    }
    this.robust.set(key, entry);
    return entry.ev;
  }
}
