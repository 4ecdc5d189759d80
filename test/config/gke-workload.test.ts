/**
 * GKE + KEDA pools (issue 10, item 3): the Deployment/StatefulSet a ScaledObject scales becomes the pool's workers,
 * so review, tune, simulate, cost and the MCP tools read its containers, requests/limits and concurrency env vars.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadSources } from '../../shared/node/files.ts';
import { parseWorkspace, type Workspace } from '../../shared/config/workspace.ts';
import { snapshotViewFromText } from '../../shared/metrics/view.ts';
import type { MetricsView } from '../../shared/metrics/figures.ts';
import { tune } from '../../shared/tune/tune.ts';
import { formatTuneText } from '../../shared/tune/render.ts';
import { whatIf } from '../../shared/tune/what-if.ts';
import { costReport, formatCostText } from '../../shared/tune/cost-report.ts';
import { arrivalSeriesOf } from '../../shared/tune/workload.ts';
import { review } from '../../shared/rules/engine.ts';
import { collectEnvSecrets } from '../../shared/secrets/collect.ts';
import { PRICES } from '../../shared/cost/prices.ts';
import { createServer } from '../../mcp-server/server.ts';
import { figuresLensTitle, poolSummary } from '../../extension/lens-text.ts';
import { silentLogger } from '../../mcp-server/logger.ts';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';

const FIXTURE = 'test/fixtures/gke';
const SNAPSHOT = readFileSync(path.resolve('examples/metrics/snapshot.json'), 'utf8');

const deployment = (name: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: jobs
spec:
  replicas: 3
  template:
    spec:
      containers:
      - name: worker
        env:
        - name: WORKER_CONCURRENCY
          value: "8"
        resources:
          requests: {cpu: 250m, memory: 512Mi}
          limits: {cpu: "1", memory: 1Gi}
${extra}`;
const scaledObject = (target: string, ns = 'jobs', kind = '') => `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: ${target}-scaler
  namespace: ${ns}
spec:
  scaleTargetRef:
    name: ${target}
${kind ? `    kind: ${kind}\n` : ''}  triggers:
  - type: gcp-pubsub
    metadata:
      subscriptionName: jobs-sub
      value: "5"
`;

describe('GKE workloads as pool workers', () => {
  it('a ScaledObject\'s target Deployment becomes the pool\'s workers: requests, limits, replicas, concurrency env', () => {
    const ws = parseWorkspace([
      { path: 'deploy.yaml', text: deployment('jobs-worker') },
      { path: 'so.yaml', text: scaledObject('jobs-worker') },
      { path: 'sub.yaml', text: 'name: projects/p/subscriptions/jobs-sub\ntopic: projects/p/topics/jobs\n' },
    ]);
    assert.deepEqual(ws.pools.map((p) => p.name), ['jobs-worker']);
    const pool = ws.pools[0]!;
    const wp = pool.workerPool!;
    assert.equal(wp.platform, 'gke');
    assert.equal(wp.workloadKind, 'Deployment');
    assert.equal(wp.namespace, 'jobs');
    assert.equal(wp.replicas, 3);
    assert.equal(wp.containers[0]!.cpuRequestVcpu, 0.25);
    assert.equal(wp.containers[0]!.memoryRequestMiB, 512);
    assert.equal(wp.containers[0]!.cpuVcpu, 1);
    assert.equal(wp.containers[0]!.memoryMiB, 1024);
    assert.deepEqual(pool.concurrency, { value: 8, envName: 'WORKER_CONCURRENCY', containerIndex: 0, envIndex: 0 });
    assert.equal(pool.scaler?.name, 'jobs-worker-scaler');
    assert.deepEqual(pool.subscriptions.map((s) => s.name), ['jobs-sub']);
    // A GKE workload is not a Cloud Run worker pool: Cloud Run rules (resources, manual count) never see it.
    assert.equal(ws.workerPools.length, 0);
  });

  it('matches kind and namespace: a StatefulSet by scaleTargetRef.kind; another namespace is not the target', () => {
    const sts = deployment('jobs-worker').replace('kind: Deployment', 'kind: StatefulSet');
    const linked = parseWorkspace([{ path: 'sts.yaml', text: sts }, { path: 'so.yaml', text: scaledObject('jobs-worker', 'jobs', 'StatefulSet') }]);
    assert.equal(linked.pools[0]!.workerPool?.workloadKind, 'StatefulSet');
    const wrongKind = parseWorkspace([{ path: 'sts.yaml', text: sts }, { path: 'so.yaml', text: scaledObject('jobs-worker') }]);
    assert.equal(wrongKind.pools[0]!.workerPool, undefined, 'a Deployment target is not the StatefulSet of that name');
    const otherNs = parseWorkspace([{ path: 'd.yaml', text: deployment('jobs-worker') }, { path: 'so.yaml', text: scaledObject('jobs-worker', 'other') }]);
    assert.equal(otherNs.pools[0]!.workerPool, undefined);
  });

  it('a Deployment no ScaledObject targets forms no pool and gets no finding, even with malformed fields', () => {
    const bad = deployment('web', '').replace('cpu: 250m', 'cpu: lots');
    const ws = parseWorkspace([{ path: 'web.yaml', text: bad }]);
    assert.equal(ws.pools.length, 0);
    assert.deepEqual(review(ws).findings, []);
    // The same malformed request on a pool's workers is reported, at the field.
    const linked = parseWorkspace([{ path: 'web.yaml', text: bad }, { path: 'so.yaml', text: scaledObject('web') }]);
    const f = review(linked).findings.find((x) => x.ruleId === 'invalid-field');
    assert.ok(f, 'invalid-field on the linked Deployment');
    assert.match(f.message, /requests\.cpu` must be a CPU quantity/);
  });

  it('concurrency-env-var-missing speaks of the Deployment, with the WorkerPool reader\'s env names', () => {
    const noConc = deployment('jobs-worker').replace('WORKER_CONCURRENCY', 'LOG_LEVEL');
    const ws = parseWorkspace([
      { path: 'deploy.yaml', text: noConc },
      { path: 'so.yaml', text: scaledObject('jobs-worker') },
      { path: 'sub.yaml', text: 'name: projects/p/subscriptions/jobs-sub\ntopic: projects/p/topics/jobs\n' },
    ]);
    const f = review(ws).findings.find((x) => x.ruleId === 'concurrency-env-var-missing');
    assert.ok(f);
    assert.match(f.message, /^Deployment "jobs-worker" sets none of MAX_OUTSTANDING_MESSAGES/);
    assert.equal(f.file, 'deploy.yaml');
  });

  it('plain secret env values of Deployments are collected for redaction', () => {
    const ws = parseWorkspace([{ path: 'd.yaml', text: deployment('w').replace('- name: WORKER_CONCURRENCY\n          value: "8"', '- name: API_TOKEN\n          value: tok_9f8e7d6c5b4a39281706') }]);
    assert.ok(collectEnvSecrets(ws).includes('tok_9f8e7d6c5b4a39281706'));
  });
});

describe('GKE + KEDA samples of the real-world corpus', () => {
  it('Google\'s gke-keda sample and KEDA\'s sample-go-gcppubsub link their Deployment as the pool\'s workers', async () => {
    const R = 'test/fixtures/real-world/yaml';
    const gke = parseWorkspace((await loadSources([`${R}/GoogleCloudPlatform__kubernetes-engine-samples`])).sources);
    const keda = gke.pools.find((p) => p.name === 'keda-pubsub')!;
    assert.equal(keda.workerPool?.platform, 'gke');
    assert.match(keda.workerPool!.ref.file, /keda-pubsub-with-workload-identity\.yaml$/);
    // The slurm sample scales a NodeSet (not a Deployment): no workers, and its ClusterTriggerAuthentication is read.
    assert.equal(gke.pools.find((p) => p.name === 'slurm-worker-cpu-nodes')?.workerPool, undefined);
    assert.ok(gke.triggerAuths.some((a) => a.authKind === 'ClusterTriggerAuthentication' && a.podIdentityProvider === 'gcp'));
    const go = parseWorkspace((await loadSources([`${R}/kedacore__sample-go-gcppubsub`])).sources);
    assert.equal(go.pools[0]!.workerPool?.workloadKind, 'Deployment');
    assert.equal(go.pools[0]!.workerPool?.namespace, 'keda-pubsub-test');
  });
});

describe('GKE pool: tune, simulate, cost and MCP on test/fixtures/gke', () => {
  let ws: Workspace;
  let metrics: MetricsView;
  const opts = () => ({ metrics, arrivalSeries: arrivalSeriesOf(metrics) });
  before(async () => {
    const { sources } = await loadSources([FIXTURE]);
    ws = parseWorkspace(sources);
    metrics = snapshotViewFromText(SNAPSHOT, 'snapshot.json', ws);
  });

  it('tune proposes for the Deployment: edits its env var and the ScaledObject, never a Cloud Run annotation, and says the price is unknown', () => {
    const out = tune(ws, { ...opts(), pool: 'orders-worker' });
    const p = out.pools[0]!;
    assert.equal(p.status, 'proposed');
    assert.equal(p.current.concurrency, 20);
    assert.equal(p.current.scaling?.mode, 'crema');
    assert.ok(p.recommended.concurrency !== undefined && p.recommended.concurrency !== 20);
    assert.match(p.diff, /orders\/deployment\.yaml/);
    assert.match(p.diff, new RegExp(`\\+ +value: "${p.recommended.concurrency}" +# flow control`));
    assert.doesNotMatch(p.diff, /run\.googleapis\.com/);
    assert.ok(p.warnings.some((w) => /Deployment "orders-worker" runs on GKE: its price is not known from the files/.test(w)), p.warnings.join('\n'));
  });

  it('simulate (what-if) runs on the Deployment\'s pool', () => {
    const pool = ws.pools.find((p) => p.name === 'orders-worker')!;
    const r = whatIf(ws, pool, { concurrency: 4 }, opts());
    assert.ok(r.currentFigures && r.predictedFigures);
    assert.ok(r.predictedFigures.meanInstances > 0);
    assert.match(r.priceNote ?? '', /price is not known from the files/);
  });

  it('cost gives no dollar figure for a GKE Pod whose price the files do not say', () => {
    const out = costReport(ws, opts());
    const p = out.pools.find((x) => x.pool === 'orders-worker')!;
    assert.equal(p.costUsdPerMonth, undefined);
    assert.equal(p.usdPerInstanceHour, undefined);
    assert.equal(p.today?.costUsdPerMonth, undefined);
    assert.deepEqual(p.shape, { vcpu: 0.5, memoryGiB: 1, gpu: 'none' }, 'the requests, not the limits');
    const text = formatCostText(out);
    assert.match(text, /^orders-worker: price not known \(1–20 × 0\.5 vCPU, 1 GiB\)/m);
    assert.doesNotMatch(text.split('\n')[0]!, /\$/);
    assert.match(text, /Total: price not known \(orders-worker\)\./);
  });

  it('cost prices the Pod requests at GKE Autopilot rates with gkePricing: autopilot', async () => {
    const { sources } = await loadSources([FIXTURE]);
    const withAutopilot = sources.map((s) => (s.path.endsWith('pool-tuner.yaml') ? { ...s, text: `${s.text}gkePricing: autopilot\n` } : s));
    const ws2 = parseWorkspace(withAutopilot);
    const p = costReport(ws2).pools.find((x) => x.pool === 'orders-worker')!;
    const hourly = (0.5 * PRICES.gkeAutopilot.usdPerVcpuSec + 1 * PRICES.gkeAutopilot.usdPerGibSec) * 3600;
    assert.ok(Math.abs(p.usdPerInstanceHour! - hourly) < 1e-12, `${p.usdPerInstanceHour} vs ${hourly}`);
    assert.ok(Math.abs(hourly - (0.5 * 0.0445 + 0.0049225)) < 1e-12);
    assert.equal(p.costUsdPerMonth?.min, p.usdPerInstanceHour! * 730 * 1);
    assert.equal(tune(ws2, { ...opts(), metrics: snapshotViewFromText(SNAPSHOT, 'snapshot.json', ws2), pool: 'orders-worker' }).pools[0]!.warnings.some((w) => /price is not known/.test(w)), false);
  });

  it('an unpriced pool shows no dollars: the proposal says why, the CodeLens says "cost not priced", with gkePricing it shows $', async () => {
    const m = snapshotViewFromText(SNAPSHOT, 'snapshot.json', ws);
    const p = tune(ws, { metrics: m, arrivalSeries: arrivalSeriesOf(m), pool: 'orders-worker' }).pools[0]!;
    assert.match(p.unpriced ?? '', /price is not known/);
    const lens = figuresLensTitle('orders-worker', poolSummary('orders-worker', 'snapshot.json', m.forPool('orders-worker'), p));
    assert.match(lens, /cost not priced$/);
    assert.doesNotMatch(lens, /\$/);
    // Left out of the dollar totals, and the text says so.
    const out = tune(ws, { metrics: m, arrivalSeries: arrivalSeriesOf(m) });
    assert.equal(out.totals.currentCostUsdPerMonth, undefined);
    assert.deepEqual(out.totals.notCounted, [{ pool: 'orders-worker', reason: 'price not known' }]);
    assert.match(formatTuneText(out), /^Total: price not known \(orders-worker\); metrics: snapshot\.json\.$/m);
    const { sources } = await loadSources([FIXTURE]);
    const ws2 = parseWorkspace(sources.map((s) => (s.path.endsWith('pool-tuner.yaml') ? { ...s, text: `${s.text}gkePricing: autopilot\n` } : s)));
    const m2 = snapshotViewFromText(SNAPSHOT, 'snapshot.json', ws2);
    const priced = tune(ws2, { metrics: m2, arrivalSeries: arrivalSeriesOf(m2), pool: 'orders-worker' }).pools[0]!;
    assert.equal(priced.unpriced, undefined);
    assert.match(figuresLensTitle('orders-worker', poolSummary('orders-worker', 'snapshot.json', m2.forPool('orders-worker'), priced)), /\$[\d,.]+\/month$/);
  });

  describe('MCP', () => {
    let client: Client;
    let cleanup: () => Promise<void>;
    before(async () => {
      const made = createServer({
        roots: [path.resolve(FIXTURE)], logger: silentLogger,
        metrics: { source: 'snapshot.json', live: false, view: async (loaded: { ws: Workspace }) => snapshotViewFromText(SNAPSHOT, 'snapshot.json', loaded.ws) },
      } as never);
      cleanup = made.cleanup;
      const [c, s] = InMemoryTransport.createLinkedPair();
      client = new Client({ name: 'gke-test', version: '0.0.0' });
      await Promise.all([made.server.connect(s), client.connect(c)]);
    });
    after(async () => {
      await client.close();
      await cleanup();
    });

    it('list_pools and get_pool_config show the Deployment as the pool\'s workers; estimate_cost says the price is unknown', async () => {
      const list = (await client.callTool({ name: 'list_pools', arguments: {} })).structuredContent as { pools: { name: string }[] };
      assert.ok(list.pools.some((p) => p.name === 'orders-worker'), JSON.stringify(list));
      const cfg = JSON.stringify((await client.callTool({ name: 'get_pool_config', arguments: { pool: 'orders-worker' } })).structuredContent);
      assert.match(cfg, /"platform":"gke"/);
      assert.match(cfg, /"workloadKind":"Deployment"/);
      const cost = (await client.callTool({ name: 'estimate_cost', arguments: { pool: 'orders-worker', instances: 4 } })).structuredContent as { pools: { costUsdPerMonth?: unknown; whatIf?: unknown; notes: string[] }[] };
      assert.equal(cost.pools[0]!.costUsdPerMonth, undefined);
      assert.equal(cost.pools[0]!.whatIf, undefined);
      assert.ok(cost.pools[0]!.notes.some((n) => /price is not known from the files/.test(n)));
    });

    it('propose_scaling gives no dollar delta for the unpriced pool, and its warnings say why', async () => {
      const r = (await client.callTool({ name: 'propose_scaling', arguments: { pool: 'orders-worker' } })).structuredContent as { costDeltaUsdPerMonth?: number; warnings: string[] };
      assert.equal(r.costDeltaUsdPerMonth, undefined);
      assert.ok(r.warnings.some((w) => /price is not known/.test(w)), JSON.stringify(r.warnings));
    });
  });
});
