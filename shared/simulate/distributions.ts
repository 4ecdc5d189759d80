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
  }
}

/** Draws processing times for one spec. One instance per run; `sample()` allocates nothing. */
export class ServiceSampler {
  private readonly kind: 0 | 1 | 2;
  private readonly a: number;
  private readonly b: number;
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
    } else {
      this.kind = 2;
      this.a = spec.sec;
      this.b = 0;
    }
  }

  sample(): number {
    if (this.kind === 0) return -this.a * Math.log(1 - this.rng.next());
    if (this.kind === 1) return Math.exp(this.a + this.b * this.normal());
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
