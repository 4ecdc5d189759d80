/**
 * Stage "confirm": screen on one replay, confirm on all (model/replays.ts): the first choice is kept when its SLO
 * holds on `minShare` of the replays; else the robust search, the screening finalists, and tightened-SLO rounds.
 */
import type { PoolSlo } from '../../config/settings-schema.ts';
import type { PredictedBands } from '../../model/bands-schema.ts';
import { replayBands, type Replay } from '../../model/replays.ts';
import { Evaluator, type Candidate } from '../evaluate.ts';
import { RobustEvaluator, robustGridContext } from '../robust.ts';
import { searchCheapest, type SearchSpace } from '../search.ts';

/** Finalists confirmed on all replays, cheapest first, per round of the search. */
export const MAX_FINALISTS = 6;
/** Each further round searches with the SLO tightened by this factor (headroom for other draws of the traffic). */
export const SLO_TIGHTEN = 0.8;
export const MAX_TIGHTEN_ROUNDS = 3;

export function tightened(slo: PoolSlo, f: number): PoolSlo {
  return {
    ...(slo.queueWaitP95Sec !== undefined ? { queueWaitP95Sec: slo.queueWaitP95Sec * f } : {}),
    ...(slo.maxMessageAgeSec !== undefined ? { maxMessageAgeSec: slo.maxMessageAgeSec * f } : {}),
    ...(slo.duplicateRatioMax !== undefined ? { duplicateRatioMax: slo.duplicateRatioMax * f } : {}),
    ...(slo.latencyP95Sec !== undefined ? { latencyP95Sec: slo.latencyP95Sec * f } : {}),
  };
}

/**
 * Screen on one replay, confirm on all: the tuner's first choice (the minimal change, or the screening search's
 * cheapest) is replayed and kept when its SLO holds on at least `minShare` of the replays. When it does not, the
 * grid is searched with the robust verdict (`RobustEvaluator`: SLO on minShare of the replays) and its cheapest is
 * chosen; failing that, the screening search's cheapest finalists are replayed. When none holds, the search is rerun with the SLO tightened
 * by SLO_TIGHTEN per round (up to MAX_TIGHTEN_ROUNDS) to find configurations with headroom, and their finalists are
 * confirmed against the real SLO. If still none holds, the one holding on the most replays is returned, with a warning.
 */
export function confirmOnReplays(ev: Evaluator, space: SearchSpace, evaluations: readonly { candidate: Candidate; figures: { sloMet: boolean; costUsdPerMonth: number } }[], first: ReturnType<Evaluator['evaluate']>, replays: readonly Replay[], minShare: number): { chosen: ReturnType<Evaluator['evaluate']>; bands: PredictedBands; warning?: string } {
  const tried = new Map<string, { ev: ReturnType<Evaluator['evaluate']>; bands: PredictedBands }>();
  const tryOne = (e: ReturnType<Evaluator['evaluate']>) => {
    const key = JSON.stringify(e.candidate);
    let hit = tried.get(key);
    if (!hit) {
      hit = { ev: e, bands: replayBands(ev.ctx, e.candidate, replays) };
      tried.set(key, hit);
    }
    return hit.bands.sloMetShare + 1e-9 >= minShare ? hit : undefined;
  };
  const finalists = (list: readonly { candidate: Candidate; figures: { sloMet: boolean; costUsdPerMonth: number } }[]) =>
    [...list].filter((e) => e.figures.sloMet).sort((a, b) => a.figures.costUsdPerMonth - b.figures.costUsdPerMonth).slice(0, MAX_FINALISTS);
  const ok = tryOne(first);
  if (ok) return { chosen: ok.ev, bands: ok.bands };
  // The grid searched with the robust verdict itself (robust.ts): the cheapest candidate whose SLO holds on
  // minShare of the replays, found with the search's monotonicity (the screening search's cheapest candidates
  // need not hold; a robust choice may sit between grid points the screening search never visited).
  const rob = new RobustEvaluator(ev, replays, minShare);
  const rr = searchCheapest(robustGridContext(ev.ctx, replays), space, rob);
  if (rr.best) {
    const key = JSON.stringify(rr.best.candidate);
    const bands = rob.bandsFor(rr.best.candidate);
    if (bands && !tried.has(key)) tried.set(key, { ev: ev.evaluate(rr.best.candidate), bands });
    const hit = tryOne(ev.evaluate(rr.best.candidate));
    if (hit) return { chosen: hit.ev, bands: hit.bands };
  }
  // Fallback: the screening replay's cheapest finalists (a grid the robust search found nothing in).
  for (const e of finalists(evaluations)) {
    const hit = tryOne(ev.evaluate(e.candidate));
    if (hit) return { chosen: hit.ev, bands: hit.bands };
  }
  for (let round = 1; round <= MAX_TIGHTEN_ROUNDS; round++) {
    const strict = new Evaluator({ ...ev.ctx, slo: tightened(ev.ctx.slo, Math.pow(SLO_TIGHTEN, round)) });
    const r = searchCheapest(strict.ctx, space, strict);
    for (const e of finalists(r.evaluations)) {
      const hit = tryOne(ev.evaluate(e.candidate));
      if (hit) return { chosen: hit.ev, bands: hit.bands };
    }
  }
  const best = [...tried.values()].sort((a, b) => b.bands.sloMetShare - a.bands.sloMetShare || a.ev.figures.costUsdPerMonth - b.ev.figures.costUsdPerMonth)[0]!;
  return {
    chosen: best.ev, bands: best.bands,
    warning: `No configuration found holds the SLO on ${Math.round(minShare * 100)}% of ${replays.length} replays: the one proposed holds on ${Math.round(best.bands.sloMetShare * 100)}% (tuner.sloMetShareMin).`,
  };
}

