/** Snapshot loading: each kind of bad input gives an error naming the pool/subscription and field, never a throw. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { loadSnapshot, validateSnapshot } from '../../shared/metrics/load-snapshot.ts';
import { metricsViewFromSnapshot, reconcile, snapshotViewFromText, SnapshotInvalidError } from '../../shared/metrics/view.ts';
import { parseWorkspace } from '../../shared/config/workspace.ts';

function snap(over: Record<string, unknown> = {}) {
  return {
    schemaVersion: 1, source: 'test', project: 'p',
    window: { start: '2026-01-01T00:00:00Z', end: '2026-01-01T00:03:00Z', stepSec: 60 },
    pools: { 'orders-worker': { instanceCount: [1, 2, null], cpuUtilization: [0.1, 0.2, 0.3] } },
    subscriptions: { 'orders-sub': { ackedMessagesPerMin: [10, 20, 30], backlogMessages: [0, 5, 10] } },
    ...over,
  };
}
const errorsOf = (v: unknown) => {
  const r = typeof v === 'string' ? loadSnapshot(v) : validateSnapshot(v);
  assert.equal(r.ok, false, 'expected the snapshot to be rejected');
  return r.ok ? [] : r.errors;
};

it('a valid snapshot loads with its length in steps', () => {
  const r = loadSnapshot(JSON.stringify(snap()));
  assert.ok(r.ok);
  assert.equal(r.lengthSteps, 3);
});

it('truncated JSON says the file ends early', () => {
  const text = JSON.stringify(snap());
  const [e] = errorsOf(text.slice(0, text.length - 20));
  assert.match(e!.message, /truncated/);
  assert.match(errorsOf('{"schemaVersion": 1,, }')[0]!.message, /not valid JSON/);
});

it('a wrong or missing schema version names the version this build reads', () => {
  assert.match(errorsOf(snap({ schemaVersion: 2 }))[0]!.message, /schemaVersion 2: this version of pool-tuner reads schemaVersion 1/);
  assert.match(errorsOf({ project: 'p' })[0]!.message, /no schemaVersion/);
  assert.match(errorsOf([1, 2])[0]!.message, /must be a JSON object/);
});

it('negative, NaN, non-number and out-of-range values name the pool, field and index', () => {
  const neg = errorsOf(snap({ pools: { 'orders-worker': { instanceCount: [1, -2, 3] } } }))[0]!;
  assert.equal(neg.pool, 'orders-worker');
  assert.equal(neg.field, 'instanceCount');
  assert.equal(neg.path, 'pools.orders-worker.instanceCount[1]');
  assert.match(neg.message, /pool 'orders-worker', instanceCount\[1\]: -2 is negative/);
  const nan = errorsOf(snap({ subscriptions: { 'orders-sub': { backlogMessages: [0, NaN, 1] } } }))[0]!;
  assert.equal(nan.subscription, 'orders-sub');
  assert.match(nan.message, /backlogMessages\[1\]: NaN is not a finite number/);
  assert.match(errorsOf(snap({ subscriptions: { 'orders-sub': { backlogMessages: [0, '5', 1] } } }))[0]!.message, /"5" is not a number/);
  assert.match(errorsOf(snap({ pools: { w: { cpuUtilization: [0.5, 1.5, 0] } } }))[0]!.message, /1.5 is above 1/);
  const pt = errorsOf(snap({ subscriptions: { s: { processingTimeMs: { p50: [1, 1, 1], p95: [1, 1, 1], p99: [1, -1, 1] } } } }))[0]!;
  assert.equal(pt.field, 'processingTimeMs.p99');
});

it('a series of the wrong length says how many points the window needs', () => {
  const e = errorsOf(snap({ pools: { 'orders-worker': { instanceCount: [1, 2] } } }))[0]!;
  assert.match(e.message, /pool 'orders-worker', instanceCount: 2 points, expected 3/);
});

it('timestamps out of order or not on the step are errors', () => {
  assert.match(errorsOf(snap({ window: { start: '2026-01-01T00:03:00Z', end: '2026-01-01T00:00:00Z', stepSec: 60 } }))[0]!.message, /out of order/);
  assert.match(errorsOf(snap({ window: { start: 'yesterday', end: '2026-01-01T00:00:00Z', stepSec: 60 } }))[0]!.message, /window.start 'yesterday' is not an ISO 8601/);
  assert.match(errorsOf(snap({ window: { start: '2026-01-01T00:00:00Z', end: '2026-01-01T00:02:30Z', stepSec: 60 } }))[0]!.message, /whole number/);
});

it('schema violations carry the zod path with pool and field', () => {
  const e = errorsOf(snap({ pools: { w: { instanceCounts: [1, 1, 1] } } }))[0]!;
  assert.equal(e.pool, 'w');
  assert.match(e.message, /instanceCounts/);
  assert.equal(errorsOf(snap({ pools: { w: { instanceCount: 'many' } } }))[0]!.field, 'instanceCount');
});

it('failed and partial metrics become warnings', () => {
  const r = loadSnapshot(JSON.stringify(snap({ metrics: [{ metric: 'run.googleapis.com/container/instance_count', status: 'failed', message: 'PERMISSION_DENIED' }, { metric: 'm2', status: 'ok' }] })));
  assert.ok(r.ok);
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0]!.message, /instance_count: failed \(PERMISSION_DENIED\)/);
});

const WS = parseWorkspace([{ path: 'wp.yaml', text: `apiVersion: run.googleapis.com/v1
kind: WorkerPool
metadata:
  name: orders-worker
spec:
  template:
    spec:
      containers:
      - image: x
        env:
        - name: SUBSCRIPTION_ID
          value: orders-sub
---
apiVersion: run.googleapis.com/v1
kind: WorkerPool
metadata:
  name: idle-worker
spec:
  template:
    spec:
      containers:
      - image: y
` }]);

it('pools in the snapshot but not the config, and vice versa, are warnings, not failures', () => {
  const s = snap({ pools: { 'orders-worker': { instanceCount: [1, 1, 1] }, 'ghost-worker': { instanceCount: [1, 1, 1] } } });
  const r = validateSnapshot(s);
  assert.ok(r.ok);
  const w = reconcile(r.snapshot, WS).map((p) => p.message);
  assert.ok(w.some((m) => /pool 'ghost-worker' is in the snapshot but not in the config/.test(m)), w.join('\n'));
  assert.ok(w.some((m) => /pool 'idle-worker' has no metrics in the snapshot/.test(m)), w.join('\n'));
  const view = metricsViewFromSnapshot(r.snapshot, r.lengthSteps, WS, 'test');
  assert.equal(view.forPool('idle-worker'), undefined);
  const f = view.forPool('orders-worker')!;
  assert.equal(f.throughputPerSec?.mean, 20 / 60);
  // arrivals from acked + backlog growth: [gap, 20+5, 30+5] → held: [25, 25, 35]
  assert.deepEqual(view.arrivalsPerMinute?.('orders-worker'), [25, 25, 35]);
});

it('snapshotViewFromText throws a typed error with every problem', () => {
  assert.throws(() => snapshotViewFromText('{', 'snap.json', WS), (e: unknown) => e instanceof SnapshotInvalidError && e.code === 'SNAPSHOT_INVALID' && /snap.json: .*truncated/.test(e.message));
});
