/**
 * The simulator against queueing theory on stationary models.
 * Tolerances (docs/simulator.md): mean wait within 10% relative and P(wait > 0) within 0.02 absolute of Erlang C
 * for M/M/c; Little's law within 3%. Runs are 2 million messages (≈ 4 million events): at ρ = 0.9 the
 * standard error of the mean wait is ~1-2% (Whitt, "Planning queueing simulations", Mgmt Sci 35(11), 1989),
 * so 10% is several standard errors, not a lucky seed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { simulate, lognormalFromMeanCv } from '../../shared/simulate/index.ts';
import { queueFigures, waitPercentileSec } from '../../shared/queueing/index.ts';

const MESSAGES = 2_000_000;

function stationary(servers: number, lambda: number, serviceTime: Parameters<typeof simulate>[0]['serviceTime'], seed = 11) {
  const minutes = Math.ceil(MESSAGES / (lambda * 60));
  return simulate({
    seed, arrivalsPerMinute: new Array<number>(minutes).fill(lambda * 60), serviceTime,
    scaling: { kind: 'manual', instances: servers }, timeline: false,
  });
}

describe('simulated M/M/c vs Erlang C', () => {
  for (const c of [1, 4, 16]) {
    for (const rho of [0.5, 0.7, 0.9]) {
      it(`c=${c} ρ=${rho}: mean wait within 10%, P(wait>0) within 0.02, Little's law within 3%`, () => {
        const lambda = rho * c;
        const r = stationary(c, lambda, { kind: 'exponential', meanSec: 1 });
        const q = queueFigures({ arrivalRatePerSec: lambda, meanServiceSec: 1, servers: c });
        const rel = Math.abs(r.waitSec.mean / q.meanWaitSec - 1);
        assert.ok(rel < 0.1, `mean wait ${r.waitSec.mean} vs ${q.meanWaitSec}`);
        assert.ok(Math.abs(r.waitSec.probPositive - q.probWait) < 0.02, `P(wait) ${r.waitSec.probPositive} vs ${q.probWait}`);
        // Little's law inside the simulation: time-average unacked = throughput × mean time in system, and
        // time-average busy slots = throughput × mean service time (= offered load).
        const throughput = r.acked / r.simulatedSec;
        const meanSojourn = r.waitSec.mean + r.meanBusySlots / throughput;
        assert.ok(Math.abs(r.meanBacklog / (throughput * meanSojourn) - 1) < 0.03, `L ${r.meanBacklog} vs λW`);
        assert.ok(Math.abs(r.meanBusySlots / lambda - 1) < 0.03, `busy ${r.meanBusySlots} vs a=${lambda}`);
        assert.ok(Math.abs(r.meanBacklog / q.meanInSystem - 1) < 0.1, `L ${r.meanBacklog} vs theory ${q.meanInSystem}`);
      });
    }
  }

  it('p95 wait matches the exact M/M/c percentile within 10% (c=4, ρ=0.8)', () => {
    const r = stationary(4, 3.2, { kind: 'exponential', meanSec: 1 }, 5);
    const exact = waitPercentileSec({ arrivalRatePerSec: 3.2, meanServiceSec: 1, servers: 4 }, 0.95);
    assert.ok(Math.abs(r.waitSec.p95 / exact - 1) < 0.1, `${r.waitSec.p95} vs ${exact}`);
  });
});

describe('simulated M/G/c vs the Allen–Cunneen approximation', () => {
  it('deterministic service (M/D/c, c=4, ρ=0.8): mean wait within 15% of Wq(M/M/c)/2', () => {
    const r = stationary(4, 3.2, { kind: 'deterministic', sec: 1 });
    const approx = queueFigures({ arrivalRatePerSec: 3.2, meanServiceSec: 1, servers: 4, serviceCv: 0 }).meanWaitSec;
    assert.ok(Math.abs(r.waitSec.mean / approx - 1) < 0.15, `${r.waitSec.mean} vs ${approx}`);
  });

  it('M/D/1 matches Pollaczek–Khinchine (exact) within 5%', () => {
    const r = stationary(1, 0.8, { kind: 'deterministic', sec: 1 });
    const pk = (0.8 * 1) / (2 * 0.2);
    assert.ok(Math.abs(r.waitSec.mean / pk - 1) < 0.05, `${r.waitSec.mean} vs ${pk}`);
  });

  it('lognormal service: within 15% at c=4, ρ=0.8, CV 1.5; conservative (above, by < 45%) at c=16, ρ=0.9, CV 2', () => {
    const moderate = stationary(4, 3.2, lognormalFromMeanCv(1, 1.5), 3);
    const m1 = queueFigures({ arrivalRatePerSec: 3.2, meanServiceSec: 1, servers: 4, serviceCv: 1.5 });
    assert.ok(Math.abs(m1.meanWaitSec / moderate.waitSec.mean - 1) < 0.15, `${moderate.waitSec.mean} vs ${m1.meanWaitSec}`);
    const skewed = stationary(16, 14.4, lognormalFromMeanCv(1, 2), 3);
    const m2 = queueFigures({ arrivalRatePerSec: 14.4, meanServiceSec: 1, servers: 16, serviceCv: 2 });
    const ratio = m2.meanWaitSec / skewed.waitSec.mean;
    assert.ok(ratio > 1 && ratio < 1.45, `approximation / simulation = ${ratio}`);
  });
});
