/** The simulator's building blocks: the seeded PRNG, the variates and the wait histogram. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../shared/simulate/prng.ts';
import { ServiceSampler, lognormalFromMeanCv, serviceMoments } from '../../shared/simulate/distributions.ts';
import { WaitHistogram } from '../../shared/simulate/histogram.ts';

describe('Rng (xoshiro128**)', () => {
  it('is reproducible per seed, differs across seeds, and is uniform on [0, 1)', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const xs = Array.from({ length: 5 }, () => a.next());
    assert.deepEqual(xs, Array.from({ length: 5 }, () => b.next()));
    assert.notDeepEqual(xs, Array.from({ length: 5 }, () => c.next()));
    const r = new Rng(1);
    const bins = new Array<number>(10).fill(0);
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      assert.ok(u >= 0 && u < 1);
      bins[Math.floor(u * 10)]!++;
    }
    // χ² with 9 degrees of freedom: 27.9 is the 0.999 quantile.
    const chi2 = bins.reduce((s, k) => s + (k - n / 10) ** 2 / (n / 10), 0);
    assert.ok(chi2 < 27.9, `chi2 ${chi2}`);
  });
});

describe('service-time variates', () => {
  const quantile = (xs: Float64Array, p: number) => xs[Math.floor(p * xs.length)]!;

  it('lognormal fitted from p50/p99 reproduces them (±2%)', () => {
    const s = new ServiceSampler({ kind: 'lognormal', p50Sec: 2, p99Sec: 30 }, new Rng(3));
    const xs = Float64Array.from({ length: 400_000 }, () => s.sample()).sort();
    assert.ok(Math.abs(quantile(xs, 0.5) / 2 - 1) < 0.02);
    assert.ok(Math.abs(quantile(xs, 0.99) / 30 - 1) < 0.02);
  });

  it('lognormalFromMeanCv has that mean and CV; exponential has its mean', () => {
    const spec = lognormalFromMeanCv(4, 0.8);
    const m = serviceMoments(spec);
    assert.ok(Math.abs(m.meanSec - 4) < 1e-9 && Math.abs(m.cv - 0.8) < 1e-9);
    const s = new ServiceSampler(spec, new Rng(5));
    let sum = 0;
    const n = 400_000;
    for (let i = 0; i < n; i++) sum += s.sample();
    assert.ok(Math.abs(sum / n / 4 - 1) < 0.01);
    const e = new ServiceSampler({ kind: 'exponential', meanSec: 3 }, new Rng(5));
    let es = 0;
    for (let i = 0; i < n; i++) es += e.sample();
    assert.ok(Math.abs(es / n / 3 - 1) < 0.01);
  });
});

describe('WaitHistogram', () => {
  it('reports quantiles within 0.5% and zeros, mean and max exactly', () => {
    const h = new WaitHistogram();
    for (let i = 0; i < 1000; i++) h.add(0);
    for (let i = 1; i <= 9000; i++) h.add(i / 100); // 0.01 … 90 s
    assert.equal(h.quantile(0.05), 0);
    assert.ok(Math.abs(h.probPositive() - 0.9) < 1e-12);
    for (const p of [0.5, 0.95, 0.99]) {
      const exact = (Math.ceil(p * 10000) - 1000) / 100;
      assert.ok(Math.abs(h.quantile(p) / exact - 1) <= 0.005 + 1e-9, `p${p}: ${h.quantile(p)} vs ${exact}`);
    }
    assert.equal(h.max, 90);
    assert.ok(Math.abs(h.mean() - (9000 * 9001) / 2 / 100 / 10000) < 1e-9);
  });
});
