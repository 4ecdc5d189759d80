/**
 * Behaviour of the metric-aware rules beyond their fixtures: missing figures are never zero, suggestions settle the
 * finding they answer, and the numbers in `data` follow the documented formulas at their edges.
 */
import { proposeAckDeadline } from '../../shared/tune/policy.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { review } from '../../shared/rules/engine.ts';
import { RULES, ruleById } from '../../shared/rules/index.ts';
import { applyEdits } from '../../shared/config/edits.ts';
import { PoolFiguresSchema, type MetricsView, type PoolFigures } from '../../shared/metrics/figures.ts';
import { instancesForTarget, TARGET_UTILIZATION } from '../../shared/rules/lib/metric-rules.ts';

const METRIC_RULES = RULES.filter((r) => r.meta.needs === 'metrics');

function view(figures: Record<string, Partial<PoolFigures>>): MetricsView {
  const map = new Map(Object.entries(figures).map(([pool, v]) => [pool, PoolFiguresSchema.parse({ pool, windowSec: 86400, stepSec: 60, missing: [], ...v })]));
  return { source: 'test', forPool: (p) => map.get(p) };
}

function run(ruleId: string, text: string, figures: Record<string, Partial<PoolFigures>>) {
  const rule = ruleById(ruleId);
  assert.ok(rule, ruleId);
  return review(parseWorkspace([{ path: 'ws.yaml', text }]), { rules: [rule], metrics: view(figures) }).findings;
}

/** Applies the first suggestion of every finding and reviews the result with the same figures. */
function afterSuggestions(ruleId: string, text: string, figures: Record<string, Partial<PoolFigures>>) {
  const edits = run(ruleId, text, figures).flatMap((f) => f.suggestions?.[0]?.edits ?? []);
  assert.ok(edits.length > 0, 'no suggestion offered');
  return run(ruleId, applyEdits(text, edits), figures);
}

/** Every kind of document in one workspace, so each metric rule has something to look at. */
const EVERYTHING = `apiVersion: run.googleapis.com/v1
kind: WorkerPool
metadata:
  name: orders
  annotations:
    run.googleapis.com/scalingMode: manual
    run.googleapis.com/manualInstanceCount: '4'
spec:
  template:
    spec:
      containers:
      - image: img
        env:
        - name: MAX_OUTSTANDING_MESSAGES
          value: '50'
---
name: projects/p/subscriptions/orders-sub
topic: projects/p/topics/orders
ackDeadlineSeconds: 10
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: orders-scaler
spec:
  scaleTargetRef:
    name: projects/p/locations/us-central1/workerpools/orders
  maxReplicaCount: 10
  triggers:
  - type: gcp-pubsub
    metadata:
      subscriptionName: orders-sub
      value: "1000"
---
apiVersion: pool-tuner/v1
kind: PoolTunerSettings
pools:
  orders:
    subscriptions: [orders-sub]
    scaler: orders-scaler
    downstreamMaxInFlight: 10
    downstreamLimitPerSec: 1
    slo: {queueWaitP95Sec: 1, duplicateRatioMax: 0.001}
`;

/** Figures that make every metric rule fire on EVERYTHING except utilization-low (busy) — see the next test. */
const BAD: Partial<PoolFigures> = {
  processingTimeMs: { p50: 20000, p95: 50000, p99: 60000, mean: 25000, cv: 1 },
  redeliveryRatio: 0.2,
  failureRatio: 0.3,
  deadLetteredTotal: 9,
  backlogMessages: { mean: 1000, slopePerHour: 500 },
  oldestUnackedAgeSec: { max: 6 * 86400, slopePerHour: 3000 },
  cpuUtilization: { mean: 0.95, p95: 0.99 },
  instanceCount: { max: 10 },
  throughputPerSec: { max: 50 },
  throughputPerInstancePerSec: 2,
};

describe('metric rules and missing figures', () => {
  it('every metric rule fires on figures that break it (so the next test is not vacuous)', () => {
    const fired = new Set(METRIC_RULES.flatMap((r) => run(r.meta.id, EVERYTHING, { orders: BAD }).map((f) => f.ruleId)));
    // traffic-drift needs an applied proposal record and a per-minute recording, not figures: test/verify/drift-rule.test.ts.
    const expected = METRIC_RULES.map((r) => r.meta.id).filter((id) => id !== 'utilization-low' && id !== 'traffic-drift');
    assert.deepEqual([...fired].sort(), expected.sort());
    const idle = run('utilization-low', EVERYTHING, { orders: { cpuUtilization: { p95: 0.05 }, instanceCount: { max: 1 } } });
    assert.equal(idle.length, 1);
  });

  it('no metric rule reports (or crashes) when every figure is missing, or the pool has no figures at all', () => {
    const missing = ['num_undelivered_messages', 'oldest_unacked_message_age', 'container/cpu/utilizations'];
    for (const r of METRIC_RULES) {
      assert.deepEqual(run(r.meta.id, EVERYTHING, { orders: { missing } }), [], r.meta.id);
      assert.deepEqual(run(r.meta.id, EVERYTHING, { 'another-pool': BAD }), [], r.meta.id);
    }
  });

  it('without a metrics view the engine skips every metric rule and lists it', () => {
    const result = review(parseWorkspace([{ path: 'ws.yaml', text: EVERYTHING }]), { rules: METRIC_RULES });
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.skippedForMetrics, METRIC_RULES.map((r) => r.meta.id));
  });
});

describe('ack-deadline-below-p99', () => {
  const sub = (ack: number) => `name: projects/p/subscriptions/s\ntopic: projects/p/topics/t\nackDeadlineSeconds: ${ack}\n---\nkind: PoolTunerSettings\npools:\n  w:\n    subscriptions: [s]\n`;
  const fig = (p99Ms: number) => ({ w: { processingTimeMs: { p50: p99Ms / 4, p95: p99Ms / 2, p99: p99Ms, mean: p99Ms / 3, cv: 1 } } });

  it('suggests p99 × 1.3 rounded up to 10 s, clamped to 10–600 (the tuner\'s function), and the suggestion settles the finding', () => {
    fc.assert(fc.property(fc.integer({ min: 11, max: 600 }), fc.integer({ min: 1, max: 2_000_000 }), (ack, p99Ms) => {
      const findings = run('ack-deadline-below-p99', sub(ack), fig(p99Ms));
      // Nothing to report at the 600 s maximum: only lease extension helps then (see the rule's docs).
      if (ack >= p99Ms / 1000 || ack >= 600) return findings.length === 0;
      const s = findings[0]?.data?.['suggestedAckDeadlineSec'] as number;
      assert.equal(s, Math.min(600, Math.max(10, Math.ceil(((p99Ms / 1000) * 1.3) / 10) * 10)));
      assert.equal(s, proposeAckDeadline(p99Ms / 1000, 'measured', ack, false).ackDeadlineSec);
      if (s < 600) assert.deepEqual(afterSuggestions('ack-deadline-below-p99', sub(ack), fig(p99Ms)), []);
      return true;
    }), { numRuns: 60 });
  });

  it('a p99 under the 10 s floor still gets a 10 s deadline, not a smaller one', () => {
    const [f] = run('ack-deadline-below-p99', sub(5), fig(6000));
    assert.equal(f?.data?.['suggestedAckDeadlineSec'], 10);
  });
});

describe('autoscaler-target-exceeds-slo', () => {
  const ws = (value: number, slo: number) => `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: sc
spec:
  scaleTargetRef:
    name: projects/p/locations/r/workerpools/w
  triggers:
  - type: gcp-pubsub
    metadata:
      subscriptionName: s
      value: "${value}"
---
kind: PoolTunerSettings
pools:
  w:
    scaler: sc
    slo: {queueWaitP95Sec: ${slo}}
`;

  it('the suggested value is the largest whole target whose drain time fits the SLO, and applying it settles the finding', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 5000 }), fc.integer({ min: 1, max: 600 }), fc.double({ min: 0.05, max: 50, noNaN: true }), (value, slo, perInstance) => {
      const figures = { w: { throughputPerInstancePerSec: perInstance } };
      const findings = run('autoscaler-target-exceeds-slo', ws(value, slo), figures);
      // The rule (shared/model/drain.ts targetWithinSlo) forgives a relative 1e-9 of float error at the boundary:
      // 300 / 49.99999995 drains in 6.0000000012 s against 6 s and is within it.
      if (value / perInstance <= slo * (1 + 1e-9)) return findings.length === 0;
      const s = findings[0]?.data?.['suggestedValue'] as number | undefined;
      if (s === undefined) return perInstance * slo < 1;
      assert.ok(s / perInstance <= slo + 1e-6, `value ${s} drains in ${s / perInstance} s > ${slo} s`);
      assert.ok((s + 1) / perInstance > slo, `value ${s + 1} would also fit`);
      assert.deepEqual(afterSuggestions('autoscaler-target-exceeds-slo', ws(value, slo), figures), []);
      return true;
    }), { numRuns: 80, examples: [[300, 6, 49.999999949999996]] });
  });
});

describe('nacks-without-retry-backoff', () => {
  it('adding the suggested retry policy settles the finding', () => {
    const text = 'name: projects/p/subscriptions/s\ntopic: projects/p/topics/t\n---\nkind: PoolTunerSettings\npools:\n  w:\n    subscriptions: [s]\n';
    assert.equal(run('nacks-without-retry-backoff', text, { w: { failureRatio: 0.2 } }).length, 1);
    assert.deepEqual(afterSuggestions('nacks-without-retry-backoff', text, { w: { failureRatio: 0.2 } }), []);
  });
});

describe('backlog-growing: DOMAIN.md §6.3 interpretation', () => {
  const text = 'name: projects/p/subscriptions/s\ntopic: projects/p/topics/t\n---\nkind: PoolTunerSettings\npools:\n  w:\n    subscriptions: [s]\n';
  const diagnosis = (f: Partial<PoolFigures>) => run('backlog-growing', text, { w: f })[0]?.data?.['diagnosis'];
  const growing = { mean: 1000, slopePerHour: 100 };
  const steady = { mean: 1000, slopePerHour: 1 };

  it('tells not keeping up, stuck message, and each metric alone apart', () => {
    assert.equal(diagnosis({ backlogMessages: growing, oldestUnackedAgeSec: { slopePerHour: 600 } }), 'not-keeping-up');
    assert.equal(diagnosis({ backlogMessages: steady, oldestUnackedAgeSec: { slopePerHour: 600 } }), 'stuck-message');
    assert.equal(diagnosis({ backlogMessages: growing, oldestUnackedAgeSec: { slopePerHour: 0 } }), 'backlog-growing');
    assert.equal(diagnosis({ oldestUnackedAgeSec: { slopePerHour: 600 } }), 'age-growing');
    assert.equal(diagnosis({ backlogMessages: steady, oldestUnackedAgeSec: { slopePerHour: 10 } }), undefined);
  });

  it('a wobble around a large steady backlog is not growth (half the mean is the bar)', () => {
    assert.equal(diagnosis({ backlogMessages: { mean: 100_000, slopePerHour: 1000 } }), undefined); // +24k over 24 h < 50k
    assert.equal(diagnosis({ backlogMessages: { mean: 100_000, slopePerHour: 2500 } }), 'backlog-growing'); // +60k
  });
});

describe('utilisation resizing', () => {
  it('instancesForTarget lands the same work at or just under the 60% target, never below 1 instance', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 500 }), fc.double({ min: 0.001, max: 1, noNaN: true }), (n, u) => {
      const m = instancesForTarget(n, u);
      assert.ok(m >= 1);
      if (m > 1) {
        assert.ok((n * u) / m <= TARGET_UTILIZATION + 1e-9, `${m} instances would run at ${(n * u) / m}`);
        assert.ok((n * u) / (m - 1) > TARGET_UTILIZATION - 1e-9, `${m - 1} instances would do`);
      }
    }));
  });

  it('utilization-low suggests no count for a manual pool of one instance (0 would stop it)', () => {
    const text = `apiVersion: run.googleapis.com/v1
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
`;
    const [f] = run('utilization-low', text, { w: { cpuUtilization: { p95: 0.05 } } });
    assert.ok(f);
    assert.equal(f.suggestions, undefined);
    assert.equal(f.data?.['floorInstances'], 1);
  });
});

describe('oldest-message-near-retention', () => {
  it('uses the 7-day default retention and says data was lost past it', () => {
    const text = 'name: projects/p/subscriptions/s\ntopic: projects/p/topics/t\n---\nkind: PoolTunerSettings\npools:\n  w:\n    subscriptions: [s]\n';
    assert.deepEqual(run('oldest-message-near-retention', text, { w: { oldestUnackedAgeSec: { max: 3.5 * 86400 } } }), []);
    const [near] = run('oldest-message-near-retention', text, { w: { oldestUnackedAgeSec: { max: 3.6 * 86400 } } });
    assert.equal(near?.data?.['retentionSec'], 7 * 86400);
    assert.equal(near?.data?.['dataLost'], false);
    const [lost] = run('oldest-message-near-retention', text, { w: { oldestUnackedAgeSec: { max: 8 * 86400 } } });
    assert.equal(lost?.data?.['dataLost'], true);
  });
});
