/**
 * One CPU model (issue 9): the metric rules size throughput per instance from the pool model, the same CPU fit and
 * processing time the tuner uses, and stay quiet where the model's replay shows a rule of thumb does not apply.
 * Numbers are the examples/ pools' (snapshot.json).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { snapshotViewFromText } from '../../shared/metrics/view.ts';
import { review } from '../../shared/rules/engine.ts';
import { ruleById } from '../../shared/rules/index.ts';
import { drainRate } from '../../shared/model/drain.ts';
import { poolModelOf } from '../../shared/rules/lib/pool-model.ts';
import { tunePool } from '../../shared/tune/tune.ts';
import { concurrencyCeiling } from '../../shared/tune/concurrency.ts';
import { arrivalSeriesOf } from '../../shared/tune/workload.ts';

const walk = (d: string): string[] => readdirSync(d).flatMap((n) => {
  const p = path.join(d, n);
  return statSync(p).isDirectory() ? walk(p) : /\.ya?ml$/.test(n) ? [p] : [];
});
const ws = parseWorkspace(walk('examples').map((p) => ({ path: p, text: readFileSync(p, 'utf8') })));
const metrics = snapshotViewFromText(readFileSync('examples/metrics/snapshot.json', 'utf8'), 'snapshot.json', ws);
const pool = (n: string) => ws.pools.find((p) => p.name === n)!;
const findings = (ruleId: string, withMetrics = true) => review(ws, { rules: [ruleById(ruleId)!], ...(withMetrics ? { metrics } : {}) }).findings;

describe('metric rules read the pool model (one CPU model with tune)', () => {
  it('the rules\' CPU-s per message is the tuner\'s concurrency-ceiling figure, for every example pool with CPU figures', () => {
    let checked = 0;
    for (const p of ws.pools) {
      const model = poolModelOf({ ws, metrics }, p);
      if (!model.cpu || !model.recorded) continue;
      const tuner = concurrencyCeiling({
        vcpu: model.shape.vcpu, memoryMiB: model.shape.memoryGiB * 1024, gpu: false, currentConcurrency: model.current.concurrency,
        meanProcessingSec: model.recorded.processingMeanSec, figures: model.figures, fits: model.fits,
      });
      assert.equal(model.cpu.secPerMessage, tuner.cpuSecPerMessage, p.name);
      checked++;
    }
    assert.ok(checked >= 2, `pools with CPU figures: ${checked}`);
  });

  it('notify-worker: an instance drains concurrency 100 ÷ 1.09 s ≈ 92 msg/s (CPU would allow ~179), not the 13.99 the means gave; value 200 is 2.2 s of work, within 10 s', () => {
    const rate = drainRate(poolModelOf({ ws, metrics }, pool('notify-worker')))!;
    assert.equal(rate.basis, 'capacity');
    assert.ok(Math.abs(rate.perSec - 91.7) < 0.5, `${rate.perSec}`);
    assert.match(rate.why, /the CPU would allow 1[78]\d /);
    assert.ok(Math.abs(rate.cpuSecPerMessage! - 0.0044) < 0.0001, `${rate.cpuSecPerMessage}`);
    assert.deepEqual(findings('autoscaler-target-exceeds-slo').filter((f) => f.pool === 'notify-worker').map((f) => f.message), []);
    // The tuner reads the same figure: its concurrency rationale names 0.0044 CPU-s per message.
    const p = tunePool(ws, pool('notify-worker'), { metrics, arrivalSeries: arrivalSeriesOf(metrics), replays: { seeds: 1, resamples: 0, growthReplays: 0 } });
    assert.match(p.rationale.map((r) => r.text).join(' '), /0\.0044 CPU-s per message/);
  });

  it('max-replicas-exceed-downstream-limit uses the model\'s measured processing (notify: 1.09 s, no declared time), as the tuner\'s ceiling does', () => {
    const f = findings('max-replicas-exceed-downstream-limit').find((x) => x.pool === 'notify-worker')!;
    assert.match(f.message, /its downstream allows only 1 \(100 msg\/s downstream ÷ 91\.\d+ msg\/s per instance, i\.e\. concurrency 100 ÷ 1\.09 s measured mean processing\)/);
    assert.equal(f.data?.['suggestedMaxInstances'], 1);
    // Without metrics there is no processing time: the rule can only say when the default ceiling would overrun.
    const noMetrics = findings('max-replicas-exceed-downstream-limit', false).find((x) => x.pool === 'notify-worker')!;
    assert.match(noMetrics.message, /only if a message takes 100 s or more\. Declare processingTimeSec/);
  });

  it('orders-worker: concurrency 20 is CPU-bound (0.23 CPU-s per message), so each instance sends ~3.5 msg/s, not 20 ÷ 4 s', () => {
    const f = findings('max-replicas-exceed-downstream-limit').find((x) => x.pool === 'orders-worker')!;
    assert.match(f.message, /allows only 42 \(150 msg\/s downstream ÷ 3\.5\d* msg\/s per instance, i\.e\. CPU-bound at concurrency 20 \(0\.23 CPU-s per message\)\)/);
  });

  it('min-instances-zero-with-latency-slo: quiet on orders-worker (min 0) when the replay of today meets the 30 s p95, fires without metrics', () => {
    assert.deepEqual(findings('min-instances-zero-with-latency-slo').map((f) => f.pool), []);
    assert.deepEqual(findings('min-instances-zero-with-latency-slo', false).map((f) => f.pool), ['orders-worker']);
  });
});
