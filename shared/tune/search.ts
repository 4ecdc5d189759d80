/**
 * The cheapest configuration that meets the SLO, over a fixed grid (`searchGrid`):
 * - manual: concurrency × instance count 1…maxInstances;
 * - CREMA: concurrency × scale-down window {120, 300} s × minReplicas × target `value`, with maxReplicas derived.
 *
 * Queueing maths narrows where the simulator looks (Allen–Cunneen M/G/c via `serversForWaitP95`, H5's
 * `shared/queueing`): the busiest minute's arrival rate gives the instances a static pool needs (the starting
 * point of the instance search and the basis of maxReplicas), the mean rate gives the first guess of how many
 * instances a scaler must keep warm. The simulator then decides, with the same seed and trace for every
 * candidate. What makes the search exact on the grid (the exhaustive test and bench/tuner check it):
 * - SLO feasibility is monotone: more instances, more warm replicas, or a smaller target backlog per instance,
 *   never break an SLO that a leaner setting met — so the feasible targets of a row are found by bisection;
 * - cost is NOT monotone in the target (a large target reacts late and pays for the catch-up), but it is
 *   unimodal along a row: from the feasibility frontier the search walks to smaller targets while cost falls;
 * - cost is never below minReplicas × window (a strict lower bound, used to skip whole minReplicas rows), and a
 *   manual pool's cost is proportional to its instance count.
 */
import { serversForWaitP95 } from '../queueing/index.ts';
import { concurrencyCandidates } from './concurrency.ts';
import { Evaluator, type Candidate, type Evaluation, type SimContext } from './evaluate.ts';
import { arrivalStats } from './workload.ts';
import { monthlyCostUsd } from '../cost/index.ts';

/** Target backlog per instance values searched (gcp-pubsub `value`, docs/sources.md#keda-gcp-pubsub-trigger). */
export const TARGET_VALUES = [1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200, 300, 500, 700, 1000] as const;
/** Scale-down stabilization windows searched: ≥ the 2-min metric ingestion delay (docs/sources.md#heuristics), up to the 300 s default. */
export const SCALE_DOWN_WINDOWS_SEC = [120, 300] as const;
/** minReplicas values searched (roughly geometric), plus the busiest minute's static need (see searchGrid). */
const MIN_REPLICA_STEPS = [0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300, 400, 500, 600, 800, 1000, 1200, 1500, 2000, 2500, 3000, 4000, 5000] as const;
/**
 * At most this many concurrency values are searched: the largest ones up to the ceiling. Inside the ceiling the
 * processing time does not depend on concurrency (concurrency.ts), so lower values only cost more; the second value
 * keeps the search honest about that.
 */
export const MAX_CONCURRENCY_VALUES = 2;
/** Queue-wait target assumed for sizing when the pool declares no queue-wait SLO. */
export const DEFAULT_WAIT_TARGET_SEC = 60;

export interface SearchSpace {
  mode: 'manual' | 'crema';
  concurrencyMax: number;
  currentConcurrency?: number;
  /** Hard ceiling on instances at a concurrency: downstream limits, the configured maximum or the default of 100. */
  maxInstancesFor: (concurrency: number) => number;
  /**
   * Largest target `value` at a concurrency that review accepts (model/drain.ts targetCeilingFor: rule
   * autoscaler-target-exceeds-slo's computation); absent where the rule does not judge.
   */
  maxTargetValueFor?: (concurrency: number) => number;
}

export interface GridRow {
  concurrency: number;
  /** Instances a static pool would need at the busiest minute (M/G/c, Allen–Cunneen). */
  peakInstances: number;
  /** Instances needed at the mean rate. */
  meanInstances: number;
  maxReplicas: number;
  instances: number[];
  minReplicas: number[];
  /** TARGET_VALUES within the space's target ceiling at this concurrency (at least the smallest), ascending. */
  targetValues: number[];
}

function waitTarget(ctx: SimContext): number {
  // With only an end-to-end latency objective, the queue may take what processing leaves of it (p95 latency ≈
  // wait + processing; 2 × mean stands in for processing's upper percentiles). A starting point only: the
  // simulation judges every candidate against the latency itself (evaluate.ts meetsSlo).
  const l = ctx.slo.latencyP95Sec;
  if (ctx.slo.queueWaitP95Sec === undefined && l !== undefined) return Math.max(0.05 * l, l - 2 * ctx.workload.processingMeanSec);
  return ctx.slo.queueWaitP95Sec ?? DEFAULT_WAIT_TARGET_SEC;
}

/** Instances for a rate by the M/G/c p95 sizing (servers ÷ concurrency, rounded up). */
function instancesFor(ctx: SimContext, ratePerSec: number, concurrency: number): number {
  const w = ctx.workload;
  const servers = serversForWaitP95(ratePerSec, w.processingMeanSec, w.processingCv, waitTarget(ctx))
    ?? Math.ceil((ratePerSec * w.processingMeanSec) / 0.9) + 1;
  return Math.max(1, Math.ceil(servers / concurrency));
}

/**
 * The grid for one search; deterministic in the workload, SLO, space and `headroom` (so the exhaustive check sees
 * the same). `headroom` multiplies the busiest minute's M/G/c need before the grid is laid out (see widenedGrid).
 */
export function searchGrid(ctx: SimContext, space: SearchSpace, headroom = 1): GridRow[] {
  const st = arrivalStats(ctx.workload.arrivalsPerMinute);
  const cs = concurrencyCandidates(space.concurrencyMax, space.currentConcurrency).slice(-MAX_CONCURRENCY_VALUES);
  return cs.map((c) => {
    const cap = Math.max(1, Math.floor(space.maxInstancesFor(c)));
    const peakInstances = Math.min(cap, Math.ceil(headroom * instancesFor(ctx, st.peakPerSec, c)));
    const meanInstances = Math.min(cap, instancesFor(ctx, st.meanPerSec, c));
    // Burst headroom: twice what the busiest minute needs, within the hard ceiling.
    const maxReplicas = Math.max(1, Math.min(cap, 2 * peakInstances));
    const instances = Array.from({ length: cap }, (_, i) => i + 1);
    // Up to the static pool the busiest minute needs, which is itself in the grid: when a spike can only be met
    // by instances already running, the search can still fall back to keeping them warm.
    const minReplicas = [...new Set([...MIN_REPLICA_STEPS.filter((m) => m < peakInstances), peakInstances])].filter((m) => m <= maxReplicas);
    const maxTarget = space.maxTargetValueFor?.(c) ?? Infinity;
    const targetValues = TARGET_VALUES.filter((v, i) => i === 0 || v <= maxTarget);
    return { concurrency: c, peakInstances, meanInstances, maxReplicas, instances, minReplicas, targetValues };
  });
}

/** Every candidate of the grid (for the exhaustive check in tests and the benchmark). */
export function gridCandidates(ctx: SimContext, space: SearchSpace, headroom = 1): Candidate[] {
  return searchGrid(ctx, space, headroom).flatMap((row) => (space.mode === 'manual'
    ? row.instances.map((n): Candidate => ({ concurrency: row.concurrency, scaling: { mode: 'manual', instances: n } }))
    : SCALE_DOWN_WINDOWS_SEC.flatMap((w) => row.minReplicas.flatMap((m) => row.targetValues.map((v): Candidate => ({
      concurrency: row.concurrency,
      scaling: { mode: 'crema', targetValue: v, minReplicas: m, maxReplicas: row.maxReplicas, scaleDownStabilizationSec: w },
    }))))));
}

export interface SearchResult {
  best?: Evaluation;
  /** The candidate closest to meeting the SLO when none does (most capacity searched). */
  bestEffort?: Evaluation;
  simulations: number;
  gridSize: number;
  evaluations: Evaluation[];
  /** The factor the grid was widened by (widenedGrid); 1 when the busiest minute's M/G/c sizing sufficed. */
  headroom: number;
}

/** Widening rounds: the grid's sizing doubled up to 2^MAX_WIDENINGS × the busiest minute's M/G/c need. */
export const MAX_WIDENINGS = 4;

/**
 * The grid, widened until its strongest candidate meets the SLO or reaches the hard ceiling. The busiest minute's
 * M/G/c need (Allen–Cunneen, a steady-state formula) is where the grid stops; a transient it does not see (a
 * burst met by instances that start minutes late, a backlog carried into the window) can need more warm
 * instances than that. Before the search says "no configuration meets the SLO under the hard limits", the grid
 * is laid out again with the sizing doubled, while its strongest candidate is below the hard ceiling (CREMA:
 * maxReplicas; a manual grid already spans 1…ceiling). Returns the grid, its strongest candidate's evaluation and
 * the headroom used.
 */
function widenedGrid(ctx: SimContext, space: SearchSpace, evaluator: Evaluator): { rows: GridRow[]; strongest?: Evaluation; headroom: number } {
  let headroom = 1;
  let rows = searchGrid(ctx, space);
  let cand = strongestOf(rows, space);
  let ev = cand ? evaluator.evaluate(cand) : undefined;
  for (let k = 0; k < MAX_WIDENINGS && ev && !ev.figures.sloMet && space.mode === 'crema'; k++) {
    const top = rows[rows.length - 1]!;
    if (top.maxReplicas >= Math.floor(space.maxInstancesFor(top.concurrency)) && top.minReplicas[top.minReplicas.length - 1]! >= top.maxReplicas) break;
    headroom *= 2;
    rows = searchGrid(ctx, space, headroom);
    cand = strongestOf(rows, space)!;
    ev = evaluator.evaluate(cand);
  }
  return { rows, ...(ev ? { strongest: ev } : {}), headroom };
}

function better(a: Evaluation | undefined, b: Evaluation): boolean {
  if (!a) return true;
  const d = b.figures.costUsdPerMonth - a.figures.costUsdPerMonth;
  if (Math.abs(d) > 1e-9) return d < 0;
  // Equal cost: the one with more SLO margin (lower p95 wait).
  return b.figures.queueWaitP95Sec < a.figures.queueWaitP95Sec;
}

/**
 * Smallest index in [lo, hi] where `ok` holds, assuming ok is monotone (false…false true…true); hi + 1 if none.
 * Gallops outward from `guess` so a good analytic guess costs two or three simulations.
 */
function firstTrue(lo: number, hi: number, guess: number, ok: (i: number) => boolean): number {
  if (lo > hi) return hi + 1;
  const g = Math.min(hi, Math.max(lo, guess));
  let a = lo - 1; // ok(a) is false, or a = lo − 1
  let b = hi + 1; // ok(b) is true, or b = hi + 1
  if (ok(g)) {
    b = g;
    for (let step = 1; g - step >= lo; step *= 2) {
      if (!ok(g - step)) {
        a = g - step;
        break;
      }
      b = g - step;
    }
  } else {
    a = g;
    for (let step = 1; g + step <= hi; step *= 2) {
      if (ok(g + step)) {
        b = g + step;
        break;
      }
      a = g + step;
    }
  }
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (ok(mid)) b = mid;
    else a = mid;
  }
  return b;
}

/** Searches the grid (widened when its strongest candidate misses the SLO: widenedGrid) for the cheapest candidate meeting the SLO. */
export function searchCheapest(ctx: SimContext, space: SearchSpace, evaluator = new Evaluator(ctx)): SearchResult {
  let best: Evaluation | undefined;
  let bestEffort: Evaluation | undefined;
  const consider = (ev: Evaluation) => {
    if (ev.figures.sloMet && better(best, ev)) best = ev;
    if (!bestEffort || ev.figures.queueWaitP95Sec < bestEffort.figures.queueWaitP95Sec) bestEffort = ev;
  };
  // Feasibility check first: by monotonicity nothing in the grid beats the strongest candidate (largest
  // concurrency, most instances / warmest and most eager scaler). If even that misses the SLO, say so at once.
  const { rows, strongest, headroom } = widenedGrid(ctx, space, evaluator);
  const gridSize = gridCandidates(ctx, space, headroom).length;
  if (strongest) {
    if (!strongest.figures.sloMet) return { best: undefined, bestEffort: strongest, simulations: evaluator.simulations, gridSize, evaluations: evaluator.all(), headroom };
    consider(strongest);
  }
  // Largest concurrency first: it usually needs the fewest instances, so its cost prunes the rest.
  for (const row of [...rows].reverse()) {
    const c = row.concurrency;
    if (space.mode === 'manual') {
      const hi = row.instances.length;
      const ok = (i: number) => {
        const ev = evaluator.evaluate({ concurrency: c, scaling: { mode: 'manual', instances: row.instances[i]! } });
        consider(ev);
        return ev.figures.sloMet;
      };
      firstTrue(0, hi - 1, row.peakInstances - 1, ok);
      continue;
    }
    for (const w of SCALE_DOWN_WINDOWS_SEC) {
      const targets = row.targetValues;
      const rev = targets.length - 1;
      const mk = (m: number, i: number): Candidate => ({
        concurrency: c,
        scaling: { mode: 'crema', targetValue: targets[rev - i]!, minReplicas: m, maxReplicas: row.maxReplicas, scaleDownStabilizationSec: w },
      });
      // Index i counts from the largest target down, so "meets the SLO" is monotone false…true in i.
      // Analytic guess: a backlog of `value` per instance drains in value × mean ÷ concurrency seconds.
      const guessV = (waitTarget(ctx) * c) / ctx.workload.processingMeanSec;
      const above = targets.findIndex((v) => v > guessV);
      const analyticGuess = rev - (above === -1 ? rev : Math.max(0, above - 1));
      // Frontier (smallest feasible i) of the previous minReplicas row: more warm instances never break an SLO
      // that fewer met, so this row's frontier is at or before it.
      let frontier = rev + 1;
      for (const m of row.minReplicas) {
        // Strict bound: CREMA never runs fewer than minReplicas instances.
        if (best && monthlyCostUsd(m, ctx.shape) >= best.figures.costUsdPerMonth - 1e-9) break;
        const hi = Math.min(rev, frontier);
        const ok = (i: number) => {
          const ev = evaluator.evaluate(mk(m, i));
          consider(ev);
          return ev.figures.sloMet;
        };
        let b = firstTrue(0, hi, frontier <= rev ? frontier : analyticGuess, ok);
        // Near scale-to-zero the SLO can be met only by large targets (fewer scale events keep the one instance
        // up): feasibility is then not monotone in the target, so a row that looks empty gets one more look at
        // its largest target before it is given up.
        if (b > hi && hi > 0) b = ok(0) ? 0 : b;
        if (b > hi) continue; // nothing feasible in this row
        frontier = b;
        // Cost is not monotone in the target: too large a target reacts late, the backlog piles up and the
        // catch-up needs more instances than steady tracking would. Walk to smaller targets while it gets cheaper.
        let prevCost = evaluator.evaluate(mk(m, b)).figures.costUsdPerMonth;
        for (let i = b + 1; i <= rev; i++) {
          const ev = evaluator.evaluate(mk(m, i));
          consider(ev);
          if (ev.figures.costUsdPerMonth >= prevCost - 1e-9) break;
          prevCost = ev.figures.costUsdPerMonth;
        }
      }
    }
  }
  return { best, bestEffort: best ? undefined : bestEffort, simulations: evaluator.simulations, gridSize, evaluations: evaluator.all(), headroom };
}

/** The strongest candidate of a grid: largest concurrency, most instances / warmest and most eager scaler. */
export function strongestOf(rows: readonly GridRow[], space: SearchSpace): Candidate | undefined {
  const top = rows[rows.length - 1];
  if (!top) return undefined;
  return space.mode === 'manual'
    ? { concurrency: top.concurrency, scaling: { mode: 'manual', instances: top.instances[top.instances.length - 1]! } }
    : { concurrency: top.concurrency, scaling: { mode: 'crema', targetValue: top.targetValues[0]!, minReplicas: top.minReplicas[top.minReplicas.length - 1] ?? 0, maxReplicas: top.maxReplicas, scaleDownStabilizationSec: SCALE_DOWN_WINDOWS_SEC[SCALE_DOWN_WINDOWS_SEC.length - 1]! } };
}

/** A strict lower bound on a candidate's monthly cost: CREMA never runs fewer than minReplicas instances. */
export function costLowerBound(ctx: SimContext, cand: Candidate): number {
  const s = cand.scaling;
  return monthlyCostUsd(s.mode === 'manual' ? s.instances : s.minReplicas, ctx.shape);
}

/**
 * The cheapest grid candidate meeting the SLO, by brute force (tests and the benchmark's baseline). With
 * `bound`, candidates whose strict lower bound (`costLowerBound`) is not below the best found so far are skipped
 * (branch and bound: still exact, no monotonicity assumed); without it every candidate is simulated.
 */
export function exhaustiveCheapest(ctx: SimContext, space: SearchSpace, evaluator = new Evaluator(ctx), options: { bound?: boolean } = {}): SearchResult {
  const cands = gridCandidates(ctx, space);
  if (options.bound) cands.sort((a, b) => costLowerBound(ctx, a) - costLowerBound(ctx, b));
  let best: Evaluation | undefined;
  for (const cand of cands) {
    if (options.bound && best && costLowerBound(ctx, cand) >= best.figures.costUsdPerMonth - 1e-9) continue;
    const ev = evaluator.evaluate(cand);
    if (ev.figures.sloMet && better(best, ev)) best = ev;
  }
  return { best, simulations: evaluator.simulations, gridSize: cands.length, evaluations: evaluator.all(), headroom: 1 };
}
