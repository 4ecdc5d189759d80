/**
 * M/M/c and M/G/c waiting-time formulas.
 *
 * Assumptions (all functions here): a stationary queue, FIFO service, infinite waiting room, no abandonment,
 * `servers` identical servers (for a worker pool: instances × per-instance concurrency, every slot working at
 * the same speed), arrivals Poisson unless `arrivalCv` says otherwise. An unstable queue (λ ≥ cμ) has no
 * steady state: waits are reported as Infinity and P(wait) as 1.
 */
import { z } from 'zod';
import { erlangC } from './erlang.ts';

export const QueueModelSchema = z.object({
  arrivalRatePerSec: z.number().nonnegative().describe('λ: messages arriving per second'),
  meanServiceSec: z.number().positive().describe('1/μ: mean processing time of one message on one slot, seconds'),
  servers: z.number().int().nonnegative().describe('c: parallel slots (instances × concurrency)'),
  serviceCv: z.number().nonnegative().optional().describe('Coefficient of variation of the service time; 1 = exponential (default)'),
  arrivalCv: z.number().nonnegative().optional().describe('Coefficient of variation of inter-arrival times; 1 = Poisson (default)'),
});
export type QueueModel = z.infer<typeof QueueModelSchema>;

export const QueueFiguresSchema = z.object({
  offeredLoad: z.number().describe('a = λ/μ, Erlangs (busy slots on average)'),
  utilization: z.number().describe('ρ = a/c, 0-1 when stable; ≥ 1 means overloaded'),
  stable: z.boolean(),
  probWait: z.number().describe('P(wait > 0), 0-1'),
  meanWaitSec: z.number().describe('Mean queue wait Wq (before processing starts)'),
  meanResponseSec: z.number().describe('W = Wq + 1/μ'),
  meanQueueLength: z.number().describe("Lq = λ·Wq (Little's law)"),
  meanInSystem: z.number().describe("L = λ·W (Little's law)"),
  exact: z.boolean().describe('true for M/M/c (Erlang C); false when the M/G/c / G/G/c approximation was used'),
});
export type QueueFigures = z.infer<typeof QueueFiguresSchema>;

/**
 * (Ca² + Cs²)/2, the Allen–Cunneen variability factor (Allen, Probability, Statistics and Queueing Theory,
 * 2nd ed. 1990, §6; also Hopp & Spearman, Factory Physics, "Kingman/Allen–Cunneen"). 1 for M/M/c.
 */
export function variabilityFactor(model: QueueModel): number {
  const ca = model.arrivalCv ?? 1;
  const cs = model.serviceCv ?? 1;
  return (ca * ca + cs * cs) / 2;
}

function isExponential(model: QueueModel): boolean {
  return (model.arrivalCv ?? 1) === 1 && (model.serviceCv ?? 1) === 1;
}

/**
 * Steady-state figures.
 * M/M/c (exact): Wq = C(c, a) / (cμ − λ)  (Kleinrock vol. 1 §3.5).
 * M/G/c, G/G/c (approximate, Allen–Cunneen): Wq ≈ Wq(M/M/c) · (Ca² + Cs²)/2; P(wait) ≈ C(c, a)
 *   (the delay probability is kept from M/M/c; Whitt, "Approximations for the GI/G/m queue", Production and
 *   Operations Management 2(2), 1993, §2 finds it a good first approximation). Typical error: within ~10–20%
 *   for ρ ≥ 0.5 and Cs ≤ 2; worse at light load with very skewed service times.
 */
export function queueFigures(model: QueueModel): QueueFigures {
  const { arrivalRatePerSec: lambda, meanServiceSec } = model;
  const c = Math.floor(model.servers);
  const a = lambda * meanServiceSec;
  const utilization = c > 0 ? a / c : lambda > 0 ? Infinity : 0;
  const stable = lambda === 0 || (c > 0 && a < c);
  const exact = isExponential(model);
  if (!stable) {
    return { offeredLoad: a, utilization, stable, probWait: 1, meanWaitSec: Infinity, meanResponseSec: Infinity, meanQueueLength: Infinity, meanInSystem: Infinity, exact };
  }
  const probWait = erlangC(c, a);
  const mu = 1 / meanServiceSec;
  const wqMmc = lambda === 0 ? 0 : probWait / (c * mu - lambda);
  const meanWaitSec = wqMmc * variabilityFactor(model);
  const meanResponseSec = meanWaitSec + meanServiceSec;
  return {
    offeredLoad: a, utilization, stable, probWait, meanWaitSec, meanResponseSec,
    meanQueueLength: lambda * meanWaitSec, meanInSystem: lambda * meanResponseSec, exact,
  };
}

/**
 * P(wait > t).
 * M/M/c (exact): P(W > t) = C(c, a) · e^{−(cμ − λ)t}  (Kleinrock vol. 1 §3.5; Gross et al., ch. 2).
 * Otherwise (approximation, documented in docs/simulator.md): keep P(W > 0) ≈ C(c, a) and treat the wait of
 * those who wait as exponential with the Allen–Cunneen mean Wq/C, i.e. P(W > t) ≈ C · e^{−t·C/Wq}. This is the
 * usual "exponential conditional delay" approximation (Whitt 1993 §4); it reduces to the exact M/M/c result
 * when Ca = Cs = 1 and is conservative-to-accurate for Cs ≥ 1, optimistic for near-deterministic service.
 */
export function probWaitExceeds(model: QueueModel, tSec: number): number {
  const f = queueFigures(model);
  if (!f.stable) return 1;
  if (tSec < 0) return 1;
  if (f.probWait === 0 || f.meanWaitSec === 0) return 0;
  const conditionalMeanSec = f.meanWaitSec / f.probWait;
  return f.probWait * Math.exp(-tSec / conditionalMeanSec);
}

/**
 * Waiting-time percentile: the smallest t with P(W > t) ≤ 1 − p, by inverting the formula above:
 *   t_p = max(0, ln(C / (1 − p)) · Wq / C)     (M/M/c: Wq/C = 1/(cμ − λ), exact).
 * `p` in (0, 1), e.g. 0.95. Returns Infinity for an unstable queue.
 */
export function waitPercentileSec(model: QueueModel, p: number): number {
  const f = queueFigures(model);
  if (!f.stable) return Infinity;
  const tail = 1 - p;
  if (f.probWait <= tail || f.meanWaitSec === 0) return 0;
  return Math.log(f.probWait / tail) * (f.meanWaitSec / f.probWait);
}
