/**
 * Random variates for the simulator, all drawn from the seeded `Rng`.
 * - Exponential by inversion: X = −m·ln(1 − U) (inverse-transform method; Law & Kelton, Simulation Modeling and Analysis, ch. 8).
 * - Normal by Box–Muller, using both outputs (Box & Muller, Ann. Math. Stat. 29, 1958).
 * - Lognormal fitted from p50 and p99: ln X ~ N(μ, σ²) with μ = ln p50 and σ = ln(p99/p50) / z₀.₉₉,
 *   z₀.₉₉ = 2.3263478740408408 (standard normal 99th percentile). Mean = e^{μ+σ²/2}, CV = √(e^{σ²} − 1).
 */
import type { ServiceTime } from './types.ts';
import type { Rng } from './prng.ts';

export const Z_99 = 2.3263478740408408;

/** μ and σ of ln X for a lognormal with the given median and 99th percentile (p99 ≥ p50). */
export function lognormalParams(p50Sec: number, p99Sec: number): { mu: number; sigma: number } {
  return { mu: Math.log(p50Sec), sigma: Math.max(0, Math.log(p99Sec / p50Sec)) / Z_99 };
}

/** The lognormal `ServiceTime` with a given mean and coefficient of variation (σ² = ln(1 + CV²), μ = ln m − σ²/2). */
export function lognormalFromMeanCv(meanSec: number, cv: number): ServiceTime {
  const s2 = Math.log(1 + cv * cv);
  const mu = Math.log(meanSec) - s2 / 2;
  const sigma = Math.sqrt(s2);
  return { kind: 'lognormal', p50Sec: Math.exp(mu), p99Sec: Math.exp(mu + sigma * Z_99) };
}

/** Mean and coefficient of variation of a service-time distribution (for the queueing formulas). */
export function serviceMoments(spec: ServiceTime): { meanSec: number; cv: number } {
  switch (spec.kind) {
    case 'exponential':
      return { meanSec: spec.meanSec, cv: 1 };
    case 'deterministic':
      return { meanSec: spec.sec, cv: 0 };
    case 'lognormal': {
      const { mu, sigma } = lognormalParams(spec.p50Sec, spec.p99Sec);
      return { meanSec: Math.exp(mu + (sigma * sigma) / 2), cv: Math.sqrt(Math.expm1(sigma * sigma)) };
    }
    case 'mixture': {
      // Mixture moments: E[X] = Σ wᵢ mᵢ, E[X²] = Σ wᵢ mᵢ² (1 + CVᵢ²) (law of total expectation).
      const parts = [{ w: 1 - spec.heavyShare, m: serviceMoments({ kind: 'lognormal', ...spec.light }) }, { w: spec.heavyShare, m: serviceMoments({ kind: 'lognormal', ...spec.heavy }) }];
      const mean = parts.reduce((a, p) => a + p.w * p.m.meanSec, 0);
      const second = parts.reduce((a, p) => a + p.w * p.m.meanSec * p.m.meanSec * (1 + p.m.cv * p.m.cv), 0);
      return { meanSec: mean, cv: Math.sqrt(Math.max(0, second / (mean * mean) - 1)) };
    }
  }
}

/** The q-quantile (0 < q < 1) of a service-time distribution; a mixture's by bisection on its CDF. */
export function serviceQuantile(spec: ServiceTime, q: number): number {
  switch (spec.kind) {
    case 'exponential': return -spec.meanSec * Math.log(1 - q);
    case 'deterministic': return spec.sec;
    case 'lognormal': {
      const { mu, sigma } = lognormalParams(spec.p50Sec, spec.p99Sec);
      return Math.exp(mu + sigma * normalQuantile(q));
    }
    case 'mixture': {
      const l = lognormalParams(spec.light.p50Sec, spec.light.p99Sec);
      const h = lognormalParams(spec.heavy.p50Sec, spec.heavy.p99Sec);
      const cdf = (x: number) => (1 - spec.heavyShare) * normalCdf((Math.log(x) - l.mu) / Math.max(l.sigma, 1e-9)) + spec.heavyShare * normalCdf((Math.log(x) - h.mu) / Math.max(h.sigma, 1e-9));
      let lo = Math.log(Math.min(spec.light.p50Sec, spec.heavy.p50Sec)) - 10;
      let hi = Math.log(Math.max(spec.light.p99Sec, spec.heavy.p99Sec)) + 10;
      for (let i = 0; i < 80; i++) {
        const mid = (lo + hi) / 2;
        if (cdf(Math.exp(mid)) < q) lo = mid;
        else hi = mid;
      }
      return Math.exp((lo + hi) / 2);
    }
  }
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 erf approximation, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - pl) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Draws processing times for one spec. One instance per run; `sample()` allocates nothing. */
export class ServiceSampler {
  private readonly kind: 0 | 1 | 2 | 3;
  private readonly a: number;
  private readonly b: number;
  /** Mixture: heavy share and the heavy mode's μ, σ (a, b are the light mode's). */
  private readonly share: number = 0;
  private readonly a2: number = 0;
  private readonly b2: number = 0;
  private spare = 0;
  private hasSpare = false;

  constructor(spec: ServiceTime, private readonly rng: Rng) {
    if (spec.kind === 'exponential') {
      this.kind = 0;
      this.a = spec.meanSec;
      this.b = 0;
    } else if (spec.kind === 'lognormal') {
      const { mu, sigma } = lognormalParams(spec.p50Sec, spec.p99Sec);
      this.kind = 1;
      this.a = mu;
      this.b = sigma;
    } else if (spec.kind === 'mixture') {
      const l = lognormalParams(spec.light.p50Sec, spec.light.p99Sec);
      const h = lognormalParams(spec.heavy.p50Sec, spec.heavy.p99Sec);
      this.kind = 3;
      this.a = l.mu;
      this.b = l.sigma;
      this.share = spec.heavyShare;
      this.a2 = h.mu;
      this.b2 = h.sigma;
    } else {
      this.kind = 2;
      this.a = spec.sec;
      this.b = 0;
    }
  }

  sample(): number {
    if (this.kind === 0) return -this.a * Math.log(1 - this.rng.next());
    if (this.kind === 1) return Math.exp(this.a + this.b * this.normal());
    if (this.kind === 3) return this.rng.next() < this.share ? Math.exp(this.a2 + this.b2 * this.normal()) : Math.exp(this.a + this.b * this.normal());
    return this.a;
  }

  private normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const u1 = 1 - this.rng.next();
    const u2 = this.rng.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spare = r * Math.sin(2 * Math.PI * u2);
    this.hasSpare = true;
    return r * Math.cos(2 * Math.PI * u2);
  }
}

/** Exponential variate with the given rate (events per second); Infinity for rate 0. */
export function exponentialGap(rng: Rng, ratePerSec: number): number {
  if (!(ratePerSec > 0)) return Infinity;
  return -Math.log(1 - rng.next()) / ratePerSec;
}
