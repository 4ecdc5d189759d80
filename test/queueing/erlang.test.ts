/**
 * Erlang B/C and the M/M/c formulas against independent computations and published values.
 * Independent methods used here: the direct Erlang sums (small c) and a log-space sum (large c), both written
 * in this file, plus closed forms (M/M/1, M/M/2, Pollaczek–Khinchine for M/G/1).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { erlangB, erlangC, queueFigures, probWaitExceeds, waitPercentileSec } from '../../shared/queueing/index.ts';

/** Erlang C by the textbook sum (Kleinrock vol. 1 §3.5), fine for small c. */
function erlangCDirect(c: number, a: number): number {
  let sum = 0;
  let term = 1;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const top = term * (c / (c - a));
  return top / (sum + top);
}

/** Erlang C in log space (log-sum-exp over ln(a^k/k!)), for large c. */
function erlangCLog(c: number, a: number): number {
  const logs: number[] = [];
  let l = 0;
  for (let k = 0; k <= c; k++) {
    if (k > 0) l += Math.log(a) - Math.log(k);
    logs.push(l);
  }
  const lTop = logs[c]! + Math.log(c / (c - a));
  const all = [...logs.slice(0, c), lTop];
  const m = Math.max(...all);
  const lse = m + Math.log(all.reduce((s, x) => s + Math.exp(x - m), 0));
  return Math.exp(lTop - lse);
}

const close = (actual: number, expected: number, relTol: number, what = '') =>
  assert.ok(Math.abs(actual - expected) <= relTol * Math.abs(expected), `${what}: ${actual} vs ${expected}`);

describe('Erlang C', () => {
  it('reduces to ρ for one server (M/M/1: P(wait) = ρ)', () => {
    for (const rho of [0.1, 0.5, 0.9, 0.99]) close(erlangC(1, rho), rho, 1e-12, `rho ${rho}`);
  });

  it('matches the classic table value λ/μ = 8, c = 10 → C ≈ 0.409', () => {
    close(erlangC(10, 8), 0.4092, 5e-4);
    close(erlangC(10, 8), erlangCDirect(10, 8), 1e-12);
  });

  it('matches the M/M/2 closed form C = a²/(2 + a) and the direct sum on a grid', () => {
    close(erlangC(2, 1), 1 / 3, 1e-12);
    for (const a of [0.2, 1.5, 1.9]) close(erlangC(2, a), (a * a) / (2 + a), 1e-12, `a=${a}`);
    for (const c of [1, 2, 3, 5, 8, 13, 21, 40]) {
      for (const rho of [0.3, 0.6, 0.85, 0.95]) close(erlangC(c, rho * c), erlangCDirect(c, rho * c), 1e-9, `c=${c} rho=${rho}`);
    }
  });

  it('matches published Erlang B table values', () => {
    // Standard Erlang B table values (any traffic table): B(5, 2) = 0.0367,
    // B(10, 5) = 0.0184.
    close(erlangB(5, 2), 0.0367, 2e-3);
    close(erlangB(10, 5), 0.01838, 2e-3);
  });

  it('is stable at c = 5000 and c = 20000 (no overflow; agrees with a log-space sum and Halfin–Whitt)', () => {
    for (const [c, a] of [[5000, 4900], [5000, 4990], [20000, 19800]] as const) {
      const v = erlangC(c, a);
      assert.ok(Number.isFinite(v) && v > 0 && v < 1, `c=${c}: ${v}`);
      close(v, erlangCLog(c, a), 1e-8, `log-space c=${c}`);
    }
    // Halfin & Whitt (Oper. Res. 29, 1981): C ≈ 1 / (1 + β Φ(β)/φ(β)), β = (c − a)/√a; β = 100/70 → ≈ 0.098.
    close(erlangC(5000, 4900), 0.098, 0.05, 'Halfin–Whitt');
  });

  it('returns 1 when overloaded and 0 with no load', () => {
    assert.equal(erlangC(4, 4), 1);
    assert.equal(erlangC(4, 9), 1);
    assert.equal(erlangC(4, 0), 0);
  });
});

describe('M/M/c waiting times', () => {
  it('M/M/1: Wq = ρ/(μ − λ), and P(W > t) = ρ·e^{−(μ−λ)t}', () => {
    const f = queueFigures({ arrivalRatePerSec: 0.8, meanServiceSec: 1, servers: 1 });
    close(f.meanWaitSec, 0.8 / 0.2, 1e-12);
    close(f.meanQueueLength, 0.8 * 4, 1e-12);
    close(probWaitExceeds({ arrivalRatePerSec: 0.8, meanServiceSec: 1, servers: 1 }, 5), 0.8 * Math.exp(-0.2 * 5), 1e-12);
  });

  it('percentiles invert P(W > t)', () => {
    const m = { arrivalRatePerSec: 30, meanServiceSec: 0.5, servers: 17 };
    for (const p of [0.5, 0.9, 0.95, 0.99]) {
      const t = waitPercentileSec(m, p);
      if (t > 0) close(probWaitExceeds(m, t), 1 - p, 1e-9, `p=${p}`);
      else assert.ok(queueFigures(m).probWait <= 1 - p);
    }
    assert.equal(waitPercentileSec({ arrivalRatePerSec: 1, meanServiceSec: 1, servers: 10 }, 0.95), 0);
  });

  it('reports an overloaded pool as unstable with infinite waits', () => {
    const f = queueFigures({ arrivalRatePerSec: 10, meanServiceSec: 1, servers: 5 });
    assert.equal(f.stable, false);
    assert.equal(f.meanWaitSec, Infinity);
    assert.equal(waitPercentileSec({ arrivalRatePerSec: 10, meanServiceSec: 1, servers: 5 }, 0.95), Infinity);
  });
});

describe('M/G/c approximation (Allen–Cunneen)', () => {
  it('is exact for M/G/1 (Pollaczek–Khinchine: Wq = ρ(1 + Cs²)/(2μ(1 − ρ)))', () => {
    for (const cs of [0, 0.5, 2]) {
      const f = queueFigures({ arrivalRatePerSec: 0.7, meanServiceSec: 1, servers: 1, serviceCv: cs });
      close(f.meanWaitSec, (0.7 * (1 + cs * cs)) / (2 * 0.3), 1e-12, `cs=${cs}`);
      assert.equal(f.exact, false);
    }
  });

  it('scales the M/M/c wait by (Ca² + Cs²)/2 and keeps P(wait) at Erlang C', () => {
    const base = { arrivalRatePerSec: 12, meanServiceSec: 1, servers: 16 };
    const mmc = queueFigures(base);
    const mdc = queueFigures({ ...base, serviceCv: 0 });
    close(mdc.meanWaitSec, mmc.meanWaitSec / 2, 1e-12);
    close(mdc.probWait, mmc.probWait, 1e-12);
    // The percentile approximation reduces to the exact M/M/c one at Cs = 1.
    close(waitPercentileSec({ ...base, serviceCv: 1 }, 0.95), waitPercentileSec(base, 0.95), 1e-12);
  });
});
