/**
 * Stage "screen": the grid searched on one replay (search.ts), then the minimal change (today's sizing clamped to
 * the ceilings) kept when it is within NEAR_TIE of the optimum, then the review rules' floors. Pure but for the
 * simulations it runs through the evaluator.
 */
import type { Pool } from '../../config/model.ts';
import { CREMA_UNSET_POLLING_SEC, METRIC_INGESTION_DELAY_SEC } from '../../rules/lib/limits.ts';
import type { Candidate, Evaluation, Evaluator } from '../evaluate.ts';
import { searchCheapest, type SearchResult } from '../search.ts';
import type { Bounds } from './bounds.ts';

/** Within this share of the optimum's cost, the minimal change (today's sizing) is kept. */
export const NEAR_TIE = 0.02;

export interface ScreenStage {
  result: SearchResult;
  chosen?: Evaluation;
  /** Set when today's sizing was kept within NEAR_TIE of the optimum. */
  kept?: { optimum: Evaluation; tolerance: number };
}

export function screen(ev: Evaluator, bounds: Bounds, currentCand: Candidate | undefined, pool: Pool): ScreenStage {
  const result = searchCheapest(ev.ctx, bounds.space, ev);
  let chosen = result.best;
  let kept: ScreenStage['kept'];
  // Minimal change first: today's sizing clamped to the ceilings (concurrency; instances or maxReplicas by the
  // downstream limits), kept when it meets the SLO within NEAR_TIE of the optimum's cost (differences that
  // small are within the simulation's noise).
  const minimal = currentCand ? clampToCeilings(currentCand, bounds.conc.max, bounds.ceiling.maxInstancesFor, bounds.space.maxTargetValueFor) : undefined;
  if (minimal && result.best) {
    const same = ev.evaluate(minimal);
    if (same.figures.sloMet && same.figures.costUsdPerMonth <= result.best.figures.costUsdPerMonth * (1 + NEAR_TIE) + 1e-9) {
      if (same !== result.best) kept = { optimum: result.best, tolerance: NEAR_TIE };
      chosen = same;
    }
  }
  if (chosen) {
    // The rules' floors (one model with review): a scaler never waits out fewer than the metric delay before
    // scaling down (rule scale-down-stabilization-too-short), and a pool whose wait SLO is shorter than a cold
    // wake-up keeps one warm instance (rule min-instances-zero-with-latency-slo).
    const floored = ruleFloors(chosen.candidate, pool);
    if (floored !== chosen.candidate) {
      const e = ev.evaluate(floored);
      if (e.figures.sloMet) {
        chosen = e;
        kept = undefined;
      }
    }
  }
  return { result, ...(chosen ? { chosen } : {}), ...(kept ? { kept } : {}) };
}

/**
 * The floors two review rules put on a CREMA candidate: scale-down stabilization ≥ the metric ingestion delay
 * (120 s, https://cloud.google.com/monitoring/api/metrics_gcp#gcp-pubsub, rule scale-down-stabilization-too-short),
 * and minReplicas ≥ 1 when the wait SLO is shorter than a wake-up from zero (poll + metric delay + start-up, rule
 * min-instances-zero-with-latency-slo, same formula). Returns the same object when nothing changes.
 */
export function ruleFloors(c: Candidate, pool: Pool): Candidate {
  const s = c.scaling;
  if (s.mode !== 'crema') return c;
  const wakeSec = (pool.scaler?.pollingIntervalSec ?? CREMA_UNSET_POLLING_SEC) + METRIC_INGESTION_DELAY_SEC + (pool.settings?.startupTimeSec ?? 0);
  const slo = pool.settings?.slo?.queueWaitP95Sec;
  const minReplicas = s.minReplicas === 0 && slo !== undefined && slo < wakeSec ? 1 : s.minReplicas;
  const window = Math.max(s.scaleDownStabilizationSec, METRIC_INGESTION_DELAY_SEC);
  if (minReplicas === s.minReplicas && window === s.scaleDownStabilizationSec) return c;
  return { ...c, scaling: { ...s, minReplicas: Math.min(minReplicas, s.maxReplicas), scaleDownStabilizationSec: window } };
}

/** A candidate with concurrency, instance count, maxReplicas and target value cut to the ceilings (minReplicas ≤ maxReplicas). */
function clampToCeilings(c: Candidate, concurrencyMax: number, maxInstancesFor: (c: number) => number, maxTargetValueFor?: (c: number) => number): Candidate {
  const concurrency = Math.min(c.concurrency, concurrencyMax);
  const cap = maxInstancesFor(concurrency);
  const s = c.scaling;
  if (s.mode === 'manual') return { concurrency, scaling: { ...s, instances: Math.min(s.instances, cap) } };
  const maxReplicas = Math.min(s.maxReplicas, cap);
  const targetValue = Math.min(s.targetValue, maxTargetValueFor?.(concurrency) ?? Infinity);
  return { concurrency, scaling: { ...s, maxReplicas, minReplicas: Math.min(s.minReplicas, maxReplicas), targetValue } };
}
