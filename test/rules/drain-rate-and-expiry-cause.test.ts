/**
 * autoscaler-target-exceeds-slo judges a target by what an instance CAN drain (concurrency ÷ mean processing, capped
 * by CPU), not by an idle pool's arrival-limited throughput; expired-ack-deadlines-high does not blame a deadline that
 * already covers p99 with headroom. Numbers are the examples/ orders-worker's (snapshot.json).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { review } from '../../shared/rules/engine.ts';
import { ruleById } from '../../shared/rules/index.ts';
import { fixtureMetrics } from './fixture-metrics.ts';

const dir = 'test/fixtures/rules';
function findings(ruleId: string, name: string) {
  const text = readFileSync(`${dir}/${ruleId}/${name}.yaml`, 'utf8');
  const ws = parseWorkspace([{ path: `${name}.yaml`, text }]);
  return review(ws, { rules: [ruleById(ruleId)!], metrics: fixtureMetrics(readFileSync(`${dir}/${ruleId}/${name}.metrics.json`, 'utf8'), ws) }).findings;
}

describe('autoscaler-target-exceeds-slo drain rate', () => {
  it('an idle pool (1.27 msg/s observed at 35% CPU) is judged by its capacity: value 50 is 17 s of work, within 30 s', () => {
    assert.deepEqual(findings('autoscaler-target-exceeds-slo', 'pass.idle-pool-capacity'), []);
  });
  it('CPU caps the concurrency estimate (the pool model\'s CPU figure): 2 msg/s at 80% CPU, not 100 ÷ 1 s', () => {
    const [f] = findings('autoscaler-target-exceeds-slo', 'fail.cpu-bound');
    assert.equal(f?.data?.['drainRateBasis'], 'cpu');
    assert.equal(f?.data?.['drainRatePerInstancePerSec'], 2);
    assert.equal(f?.data?.['suggestedValue'], 60);
    assert.equal(f?.data?.['cpuSecPerMessage'], 0.4);
    assert.match(f!.message, /at 2 msg\/s per instance \(CPU-bound: 80% of 1 vCPU at 2 msg\/s per instance = 0\.40 CPU-s per message, so 1 vCPU at 80% drain 2 msg\/s; concurrency 100 ÷ 1 s mean processing would allow 100\) that is 50 s of work/);
  });
  it('without CPU figures the capacity is concurrency ÷ mean processing (10 ÷ 2 s = 5 msg/s), not the 0.5 observed', () => {
    const [f] = findings('autoscaler-target-exceeds-slo', 'fail.capacity-from-processing-time');
    assert.equal(f?.data?.['drainRateBasis'], 'capacity');
    assert.equal(f?.data?.['suggestedValue'], 150);
    assert.match(f!.message, /at 5 msg\/s per instance \(concurrency 10 ÷ 2 s mean processing\) that is 100 s of work/);
  });
  it('the observed rate wins when it is above the estimate', () => {
    assert.deepEqual(findings('autoscaler-target-exceeds-slo', 'pass.observed-above-estimate'), []);
  });
});

describe('expired-ack-deadlines-high cause', () => {
  it('a deadline covering p99 × 1.3 is not blamed: the message names the other §6.1 causes', () => {
    const [f] = findings('expired-ack-deadlines-high', 'fail.deadline-covers-p99');
    assert.ok(f, 'still fires: the expiries are real');
    assert.equal(f.data?.['deadlineCoversP99'], true);
    assert.doesNotMatch(f.message, /\(ack deadline 60 s, p99 processing 25\.1 s\)/);
    assert.match(f.message, /ack deadline \(60 s\) already covers p99 processing 25\.1 s with 30% headroom/);
    assert.match(f.message, /under-provisioned subscribers.*lease extension off.*crashing messages.*older, shorter deadline/);
  });
  it('a deadline below p99 × 1.3 keeps the deadline-and-p99 context', () => {
    const [f] = findings('expired-ack-deadlines-high', 'fail.above-one-percent');
    assert.equal(f?.data?.['deadlineCoversP99'], false);
    assert.match(f!.message, /\(ack deadline 30 s, p99 processing 41 s\); each expiry is a redelivery\.$/);
  });
});
