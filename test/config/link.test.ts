/** Linking documents into pools across files. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { parseWorkspace } from '../../shared/index.ts';

const pool = (name: string) => `apiVersion: run.googleapis.com/v1\nkind: WorkerPool\nmetadata:\n  name: ${name}\n  annotations:\n    run.googleapis.com/scalingMode: manual\nspec:\n  template:\n    spec:\n      containers:\n      - env:\n        - name: SUBSCRIPTION_ID\n          value: ${name}-sub\n        - name: MAX_OUTSTANDING_MESSAGES\n          value: '8'\n`;
const crema = (kind: string, name: string) => `apiVersion: crema/v1\nkind: CremaConfig\nmetadata:\n  name: ${name}-scaler\nspec:\n  scaledObjects:\n  - spec:\n      scaleTargetRef:\n        name: projects/p/locations/r/${kind}/${name}\n      triggers:\n      - type: gcp-pubsub\n        metadata: {subscriptionName: ${name}-sub, value: "10"}\n`;
const sub = (name: string) => `name: projects/p/subscriptions/${name}-sub\ntopic: projects/p/topics/${name}\n`;

it('links worker pool, scaler and subscription across files by the names they carry', () => {
  const ws = parseWorkspace([
    { path: 'a/pool.yaml', text: pool('orders') },
    { path: 'b/crema.yaml', text: crema('workerpools', 'orders') },
    { path: 'c/sub.yaml', text: sub('orders') },
  ]);
  assert.deepEqual(ws.pools.map((p) => p.name), ['orders']);
  const p = ws.pools[0]!;
  assert.equal(p.scaler?.name, 'orders-scaler');
  assert.deepEqual(p.subscriptions.map((s) => s.name), ['orders-sub']);
  assert.deepEqual(p.concurrency, { value: 8, envName: 'MAX_OUTSTANDING_MESSAGES', containerIndex: 0, envIndex: 1 });
});

it('a scaler of a Cloud Run service is not linked to the worker pool of the same name', () => {
  const ws = parseWorkspace([
    { path: 'pool.yaml', text: pool('orders') },
    { path: 'crema.yaml', text: crema('services', 'orders') },
  ]);
  const byName = new Map(ws.pools.map((p) => [p.name, p]));
  assert.equal(byName.get('orders')?.scaler, undefined);
  assert.equal(byName.get('orders (service)')?.scaler?.targetKind, 'services');
  assert.equal(byName.get('orders (service)')?.workerPool, undefined);
});

it('an explicit pool-tuner.yaml link does not attach a service scaler to a worker pool either', () => {
  const ws = parseWorkspace([
    { path: 'pool.yaml', text: pool('orders') },
    { path: 'crema.yaml', text: crema('services', 'orders') },
    { path: 'pool-tuner.yaml', text: 'pools:\n  orders:\n    scaler: orders-scaler\n' },
  ]);
  const byName = new Map(ws.pools.map((p) => [p.name, p]));
  assert.equal(byName.get('orders')?.scaler, undefined);
  assert.equal(byName.get('orders (service)')?.scaler?.name, 'orders-scaler');
});

it('explicit links in pool-tuner.yaml win over names', () => {
  const ws = parseWorkspace([
    { path: 'pool.yaml', text: pool('worker-a') },
    { path: 'sub.yaml', text: sub('billing') },
    { path: 'pool-tuner.yaml', text: 'pools:\n  billing:\n    workerPool: worker-a\n    subscriptions: [billing-sub]\n' },
  ]);
  const p = ws.pools.find((x) => x.name === 'billing')!;
  assert.equal(p.workerPool?.name, 'worker-a');
  assert.deepEqual(p.subscriptions.map((s) => s.name), ['billing-sub']);
  assert.equal(ws.pools.length, 1);
});
