/**
 * Mixed work from per-minute percentiles: is the processing time one lognormal, or a few heavy messages among
 * light ones? A lognormal has ln(p99/p50) ÷ ln(p95/p50) = z₀.₉₉ ÷ z₀.₉₅ = 2.326 ÷ 1.645 = 1.414 whatever its σ
 * (its quantiles are e^{μ+zσ}); a tail ratio well above that (HEAVY_TAIL_RATIO) says the top percent comes from
 * another mode. Two lognormal modes with one σ (the heavy mode a scaled copy of the light one: the same work,
 * repeated k times) are then fitted by grid search to the pooled p50, p95, p99 and, when known, the mean from
 * Little's law (L = λW, Little, Operations Research 9(3), 1961: in-flight messages ÷ throughput on unsaturated
 * minutes), which the three percentiles alone cannot pin down (four unknowns: μ, σ, share, factor).
 */
import { serviceMoments, serviceQuantile } from '../simulate/distributions.ts';
import type { ServiceTime } from '../simulate/types.ts';

/** Tail ratio above which a mixture is tried (a lognormal gives 1.414). */
export const HEAVY_TAIL_RATIO = 1.9;
/** And p99 ÷ p50 above this (a narrow distribution's tail ratio is noise). */
export const HEAVY_TAIL_SPREAD = 4;

export interface MixtureFit {
  serviceTime: Extract<ServiceTime, { kind: 'mixture' }>;
  heavyShare: number;
  heavyFactor: number;
  /** Root mean squared log error of the fitted quantiles (and mean). */
  error: number;
}

const logspace = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => a * Math.pow(b / a, i / (n - 1)));

/** ln(p99/p50) ÷ ln(p95/p50); undefined when p95 ≤ p50. */
export function tailRatio(p50: number, p95: number, p99: number): number | undefined {
  const d = Math.log(p95 / p50);
  return d > 1e-9 ? Math.log(p99 / p50) / d : undefined;
}

/** The mixture through pooled percentiles (seconds) and an optional mean; undefined when none fits better than a lognormal. */
export function fitMixture(p: { p50: number; p95: number; p99: number; meanSec?: number }): MixtureFit | undefined {
  const target = [Math.log(p.p50), Math.log(p.p95), Math.log(p.p99)];
  let best: MixtureFit | undefined;
  for (const share of logspace(0.004, 0.3, 22)) {
    for (const factor of logspace(3, 400, 26)) {
      for (const sigma of logspace(0.04, 1.2, 14)) {
        // Light median so the mixture's median lands on p50: the light mode's (0.5 ÷ (1 − share)) quantile,
        // nearly; refined by the quantile check below.
        const z = 2.3263478740408408;
        const lightP50 = p.p50 / Math.exp(sigma * approxZ(0.5 / (1 - share)));
        const light = { p50Sec: lightP50, p99Sec: lightP50 * Math.exp(z * sigma) };
        const heavy = { p50Sec: lightP50 * factor, p99Sec: lightP50 * factor * Math.exp(z * sigma) };
        const st: MixtureFit['serviceTime'] = { kind: 'mixture', heavyShare: share, light, heavy };
        const q = [serviceQuantile(st, 0.5), serviceQuantile(st, 0.95), serviceQuantile(st, 0.99)].map(Math.log);
        let e = q.reduce((a, x, i) => a + (x - target[i]!) ** 2, 0);
        let n = 3;
        if (p.meanSec !== undefined && p.meanSec > 0) {
          e += (Math.log(serviceMoments(st).meanSec) - Math.log(p.meanSec)) ** 2;
          n++;
        }
        const err = Math.sqrt(e / n);
        if (!best || err < best.error) best = { serviceTime: st, heavyShare: share, heavyFactor: factor, error: err };
      }
    }
  }
  return best;
}

/** Standard normal quantile, coarse (for the starting light median only). */
function approxZ(q: number): number {
  // Logistic approximation of Φ⁻¹ (Bowling et al., J. Industrial Eng. Mgmt 2(1), 2009): z ≈ ln(q/(1−q)) ÷ 1.702.
  return Math.log(q / (1 - q)) / 1.702;
}
