/**
 * Pools whose SLO no configuration meets under their hard limits (downstream rate and in-flight caps first, then
 * the instance ceiling and the concurrency ceiling). They still get a proposal:
 * - the best configuration under the limits: the cheapest one whose figures are within 10% of the best any
 *   configuration in the search space achieves (the strongest candidate's, by the search's monotonicity:
 *   search.ts), found by searching again with the SLO relaxed to that level;
 * - what would make the SLO feasible, found by the same model: the downstream rate limit at which the strongest
 *   configuration allowed under it meets the SLO (bisection over simulations), and the SLO the proposed
 *   configuration does meet (its p95 over the replays).
 */
import type { PoolSlo } from '../config/settings-schema.ts';
import type { PredictedBands } from '../model/bands-schema.ts';
import { Evaluator, type Evaluation, type SimContext } from './evaluate.ts';
import { searchCheapest, searchGrid, strongestOf, type SearchSpace } from './search.ts';

/** Slack over the best achievable figure that the relaxed search may use (cheaper configurations within it). */
export const BEST_EFFORT_SLACK = 1.1;

/** The SLO relaxed to what the strongest configuration achieves (× slack) on each objective it misses. */
export function relaxedSlo(slo: PoolSlo, best: Evaluation['figures']): PoolSlo {
  const at = (target: number | undefined, achieved: number) => (target === undefined ? undefined : Math.max(target, achieved * BEST_EFFORT_SLACK));
  const wait = at(slo.queueWaitP95Sec, best.queueWaitP95Sec);
  const age = at(slo.maxMessageAgeSec, best.maxMessageAgeSec);
  const dup = at(slo.duplicateRatioMax, best.duplicateRatio);
  return { ...(wait !== undefined ? { queueWaitP95Sec: wait } : {}), ...(age !== undefined ? { maxMessageAgeSec: age } : {}), ...(dup !== undefined ? { duplicateRatioMax: dup } : {}) };
}

/**
 * The cheapest configuration within BEST_EFFORT_SLACK of the strongest one's figures, evaluated against the real
 * SLO (so `sloMet` stays false). Falls back to the strongest when the relaxed search finds nothing.
 */
export function bestUnderLimits(ev: Evaluator, space: SearchSpace, strongest: Evaluation): Evaluation {
  const relaxed = new Evaluator({ ...ev.ctx, slo: relaxedSlo(ev.ctx.slo, strongest.figures) });
  const r = searchCheapest(relaxed.ctx, space, relaxed);
  return ev.evaluate((r.best ?? strongest).candidate);
}

/** Bisection steps between the limit and the highest one tried (≈ 14% resolution over a factor of 8). */
const LIMIT_STEPS = 4;
/** The highest downstream limit tried, as a multiple of today's. */
const LIMIT_FACTOR_MAX = 8;

/**
 * The downstream rate limit (msg/s) at which the strongest configuration allowed under it meets the SLO, rounded up
 * to two significant digits; undefined when even LIMIT_FACTOR_MAX × today's limit is not enough (something else
 * binds). `at(limit)` gives the simulator context and search space with that limit.
 */
export function feasibleDownstreamLimit(limitPerSec: number, at: (limitPerSec: number) => { ctx: SimContext; space: SearchSpace }): number | undefined {
  const meets = (l: number) => {
    const { ctx, space } = at(l);
    const cand = strongestOf(searchGrid(ctx, space), space);
    return !!cand && new Evaluator(ctx).evaluate(cand).figures.sloMet;
  };
  let lo = limitPerSec;
  let hi = limitPerSec * LIMIT_FACTOR_MAX;
  if (!meets(hi)) return undefined;
  for (let i = 0; i < LIMIT_STEPS; i++) {
    const mid = Math.sqrt(lo * hi);
    if (meets(mid)) hi = mid;
    else lo = mid;
  }
  const mag = 10 ** (Math.floor(Math.log10(hi)) - 1);
  return Math.ceil(hi / mag) * mag;
}

export interface Feasibility {
  downstreamLimitPerSec?: number;
  queueWaitP95Sec?: number;
  maxMessageAgeSec?: number;
  text: string;
}

const r2 = (x: number) => Number(x.toPrecision(2));

/** The statement of what would make the SLO feasible. */
export function feasibilityOf(slo: PoolSlo, limitPerSec: number | undefined, feasibleLimit: number | undefined, proposed: Evaluation['figures'], bands: PredictedBands | undefined): Feasibility {
  // The SLO the proposed configuration meets: the p95 over the replays of each figure (or the single run's).
  const wait = slo.queueWaitP95Sec !== undefined ? Math.ceil(bands?.p95WaitSec.p95 ?? proposed.queueWaitP95Sec) : undefined;
  const age = slo.maxMessageAgeSec !== undefined ? Math.ceil(bands?.maxAgeSec.p95 ?? proposed.maxMessageAgeSec) : undefined;
  const sloParts = [
    ...(wait !== undefined ? [`p95 queue wait ≤ ${wait} s (declared ${slo.queueWaitP95Sec} s)`] : []),
    ...(age !== undefined ? [`max message age ≤ ${age} s (declared ${slo.maxMessageAgeSec} s)`] : []),
  ];
  const limitText = limitPerSec === undefined ? ''
    : feasibleLimit !== undefined ? `a downstream limit of about ${r2(feasibleLimit)} msg/s (today ${limitPerSec} msg/s) would make the declared SLO feasible (replayed from an empty queue: the recorded backlog built up under today's limit)`
      : `even ${LIMIT_FACTOR_MAX}× the ${limitPerSec} msg/s downstream limit would not make the declared SLO feasible (the instance or concurrency ceiling binds too)`;
  const sloText = sloParts.length ? `an SLO of ${sloParts.join(' and ')} is met by the proposed configuration${bands ? ' on 95% of replays' : ''}` : '';
  const text = `What would make it feasible (simulated): ${[limitText, sloText].filter(Boolean).join('; or ')}.`;
  return { ...(feasibleLimit !== undefined ? { downstreamLimitPerSec: r2(feasibleLimit) } : {}), ...(wait !== undefined ? { queueWaitP95Sec: wait } : {}), ...(age !== undefined ? { maxMessageAgeSec: age } : {}), text };
}
