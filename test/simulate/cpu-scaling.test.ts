/**
 * Cloud Run CPU autoscaling in the simulator (shared/simulate/cpu-autoscaler.ts): it follows the CPU the working
 * slots use, not the backlog. A CPU-bound pool grows with its load; an I/O-bound pool whose full instance uses
 * less CPU than the target stays at its minimum while the queue grows.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { simulate, trySimulate } from '../../shared/simulate/index.ts';
import { CpuAutoscaler } from '../../shared/simulate/cpu-autoscaler.ts';

const arrivals = Array.from({ length: 40 }, (_, i) => (i < 5 ? 60 : 480)); // 1/s, then 8/s
const base = {
  seed: 5, arrivalsPerMinute: arrivals, serviceTime: { kind: 'exponential' as const, meanSec: 1 },
  resources: { vcpu: 1, memoryGiB: 0.5 }, timeline: true,
  scaling: { kind: 'cpu' as const, targetUtilization: 0.6, minInstances: 1, maxInstances: 100 },
};

describe('CPU autoscaling', () => {
  it('a CPU-bound pool (1 vCPU-s per 1 s message, concurrency 1) scales with its load', () => {
    const r = simulate({ ...base, concurrencyPerInstance: 1, cpuSecondsPerMessage: 1 });
    const last = r.timeline[r.timeline.length - 1]!;
    // 8 msg/s × 1 vCPU-s ÷ 60% target ≈ 13.3 → 14 instances at steady state.
    assert.ok(last.instances >= 12 && last.instances <= 16, `instances ${last.instances}`);
    assert.equal(r.unfinished, 0);
    assert.ok(r.waitSec.p95 < 120, `p95 wait ${r.waitSec.p95}`);
    assert.ok(r.meanCpuUtilization! > 0.4 && r.meanCpuUtilization! <= 1);
  });

  it('an I/O-bound pool (0.05 vCPU-s per message, concurrency 4: 20% CPU when full) stays at its minimum while the queue grows', () => {
    const r = simulate({ ...base, concurrencyPerInstance: 4, cpuSecondsPerMessage: 0.05, drainAfterSec: 0 });
    assert.ok(r.timeline.every((p) => p.instances === 1), `instances ${[...new Set(r.timeline.map((p) => p.instances))]}`);
    const backlog = r.timeline.map((p) => p.backlog);
    assert.ok(backlog[backlog.length - 1]! > 5000, `backlog ${backlog[backlog.length - 1]}`);
    assert.ok(r.meanCpuUtilization! <= 0.21, `CPU ${r.meanCpuUtilization}`);
  });

  it('is refused without CPU per message', () => {
    const r = trySimulate({ ...base, cpuSecondsPerMessage: undefined });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.issues.join(' '), /cpuSecondsPerMessage/);
  });

  it('the rule: ceil(CPU used ÷ target), immediate up, down held by the stabilization window', () => {
    const a = new CpuAutoscaler({ targetUtilization: 0.6, minInstances: 1, maxInstances: 100, windowSec: 60, scaleDownStabilizationSec: 300 });
    // 3 instances fully busy for 60 s: 3 instance-seconds per second used → ceil(3 / 0.6) = 5.
    assert.equal(a.decide(0, 3, 0), 3);
    assert.equal(a.decide(60, 3, 180), 5);
    // Then idle: desired 1, but the last 300 s held 5.
    assert.equal(a.decide(120, 5, 180), 5);
    assert.equal(a.decide(400, 5, 180), 1);
  });
});
