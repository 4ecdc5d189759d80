/** Behaviour of the config rules beyond their fixtures: no secret leaks, formula edges, the resource table. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { review } from '../../shared/rules/engine.ts';
import { ruleById } from '../../shared/rules/index.ts';
import { checkResources } from '../../shared/rules/lib/resources.ts';
import { CPU_MEMORY_MIB } from '../../shared/rules/lib/limits.ts';

function run(ruleId: string, text: string) {
  const rule = ruleById(ruleId);
  assert.ok(rule, ruleId);
  return review(parseWorkspace([{ path: 'ws.yaml', text }]), { rules: [rule] }).findings;
}

describe('secret-in-plain-env-var', () => {
  it('never repeats the secret value in the finding (message, data, suggestion titles or edits)', () => {
    const secret = 'sk_live_DO_NOT_LEAK_42';
    const findings = run('secret-in-plain-env-var', `apiVersion: run.googleapis.com/v1
kind: WorkerPool
metadata:
  name: w
spec:
  template:
    spec:
      containers:
      - image: img
        env:
        - name: STRIPE_API_KEY
          value: ${secret}
`);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.data?.['envVar'], 'STRIPE_API_KEY');
    assert.ok(!JSON.stringify(findings).includes(secret));
  });
});

describe('max-replicas-exceed-downstream-limit', () => {
  const ws = (c: number, procSec: number, limit: number, max: number) => `apiVersion: run.googleapis.com/v1
kind: WorkerPool
metadata:
  name: w
  annotations:
    run.googleapis.com/scalingMode: manual
spec:
  template:
    spec:
      containers:
      - image: img
        env:
        - name: MAX_OUTSTANDING_MESSAGES
          value: '${c}'
---
apiVersion: pool-tuner/v1
kind: PoolTunerSettings
pools:
  w:
    downstreamLimitPerSec: ${limit}
    processingTimeSec: ${procSec}
---
apiVersion: crema/v1
kind: CremaConfig
spec:
  scaledObjects:
    - spec:
        scaleTargetRef:
          name: projects/p/locations/r/workerpools/w
        maxReplicaCount: ${max}
        triggers:
          - type: gcp-pubsub
            metadata: {subscriptionName: s, value: "10"}
`;

  it('fires exactly when max × concurrency ÷ processing time exceeds the limit, and the cap it suggests fits', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 100 }),
      (c, procSec, limit, max) => {
        const findings = run('max-replicas-exceed-downstream-limit', ws(c, procSec, limit, max));
        const cap = Math.floor(limit / (c / procSec));
        assert.equal(findings.length, cap < max ? 1 : 0);
        if (findings[0] && cap >= 1) {
          const suggested = Number(findings[0].data?.['suggestedMaxInstances']);
          assert.equal(suggested, cap);
          // The suggested ceiling keeps throughput within the limit.
          assert.ok((suggested * c) / procSec <= limit + 1e-9);
          assert.equal(findings[0].suggestions?.length, 1);
        } else if (findings[0]) {
          // Even one instance overruns the limit: no ceiling helps, so none is suggested (a ceiling of 1 would keep firing).
          assert.equal(findings[0].suggestions, undefined);
        }
      },
    ), { numRuns: 150 });
  });
});

describe('worker-pool-resources-invalid: checkResources against the §6.4 table', () => {
  it('accepts both ends of every CPU size\'s memory range and rejects just outside them', () => {
    for (const [cpu, r] of CPU_MEMORY_MIB) {
      assert.deepEqual(checkResources({ cpuVcpu: cpu, memoryMiB: r.minMiB }, undefined).problems, [], `${cpu} vCPU at min`);
      assert.deepEqual(checkResources({ cpuVcpu: cpu, memoryMiB: r.maxMiB }, undefined).problems, [], `${cpu} vCPU at max`);
      assert.equal(checkResources({ cpuVcpu: cpu, memoryMiB: r.maxMiB + 1 }, undefined).problems.length, 1, `${cpu} vCPU over max`);
      if (r.minMiB > 128) assert.equal(checkResources({ cpuVcpu: cpu, memoryMiB: r.minMiB - 1 }, undefined).problems.length, 1, `${cpu} vCPU under min`);
    }
  });

  it('suggests a valid shape that never lowers CPU or memory', () => {
    fc.assert(fc.property(
      fc.constantFrom(1, 2, 3, 4, 5, 6, 7, 8), fc.integer({ min: 128, max: 40 * 1024 }), fc.boolean(),
      (cpu, mem, gpu) => {
        const v = checkResources({ cpuVcpu: cpu, memoryMiB: mem, gpuCount: gpu ? 1 : undefined }, gpu ? 'nvidia-l4' : undefined);
        if (v.problems.length === 0 || (v.cpuVcpu === undefined && v.memoryMiB === undefined)) return;
        const cpu2 = v.cpuVcpu ?? cpu;
        const mem2 = v.memoryMiB ?? mem;
        assert.ok(cpu2 >= cpu && mem2 >= mem);
        assert.deepEqual(checkResources({ cpuVcpu: cpu2, memoryMiB: mem2, gpuCount: gpu ? 1 : undefined }, gpu ? 'nvidia-l4' : undefined).problems, []);
      },
    ), { numRuns: 300 });
  });
});
