/**
 * CloudMonitoringSource against a local gRPC MetricService (test/metrics/monitoring-server.ts) through the REAL
 * MetricServiceClient: batching (requests scale with metric types, not pools), pagination, retries with backoff,
 * time budget, auth errors, empty series and malformed points. Every fault must end in a clear status or a typed
 * error, never a crash.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { CloudMonitoringSource, MonitoringAuthError, type RecordRequest } from '../../shared/node/cloud-monitoring.ts';
import { METRIC_SPECS } from '../../shared/metrics/monitoring-requests.ts';
import { validateSnapshot } from '../../shared/metrics/load-snapshot.ts';
import { startMonitoringServer, series, type Handler, type LocalMonitoringServer, type RecordedRequest } from './monitoring-server.ts';

const END_MS = Date.UTC(2026, 10, 20, 12, 0, 0);
const END = END_MS / 1000;
const STEPS = 10;
const resourceOf = (r: RecordedRequest) => /resource\.type = "([^"]+)"/.exec(r.filter)![1]!;
const labelOf = (resource: string) => (resource === 'pubsub_subscription' ? 'subscription_id' : resource === 'pubsub_topic' ? 'topic_id' : 'worker_pool_name');
const idsOf = (r: RecordedRequest) => [...(/one_of\(([^)]*)\)/.exec(r.filter)?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1]!);

/** A project where every requested id has STEPS points; value = 10·(id index) + step, utilisations ÷ 100. */
const world: Handler = (req) => {
  const resource = resourceOf(req);
  const ratio = /utilizations/.test(req.metricType);
  return {
    timeSeries: idsOf(req).map((id, k) => series(resource, { [labelOf(resource)]: id, project_id: 'p' },
      Array.from({ length: STEPS }, (_, i) => ({ endSec: END - (STEPS - 1 - i) * 60, value: ratio ? (10 * k + i) / 100 : 10 * k + i, kind: ratio ? 'double' as const : 'int64' as const })))),
  };
};

let server: LocalMonitoringServer;
before(async () => {
  server = await startMonitoringServer(world);
});
after(async () => {
  await server.close();
});

function source(extra: Partial<ConstructorParameters<typeof CloudMonitoringSource>[0]> = {}) {
  return new CloudMonitoringSource({ clientOptions: server.clientOptions(), totalBudgetMs: 5000, perCallTimeoutMs: 2000, initialBackoffMs: 5, maxBackoffMs: 20, ...extra });
}
function request(pools: number): RecordRequest {
  return {
    project: 'test-project', windowSec: STEPS * 60, endMs: END_MS,
    pools: Array.from({ length: pools }, (_, i) => `pool-${i}`),
    subscriptions: Array.from({ length: pools }, (_, i) => ({ id: `sub-${i}`, topic: `topic-${i}` })),
  };
}
async function recordWith(handler: Handler, req: RecordRequest = request(2), extra = {}) {
  server.handler = handler;
  server.requests.length = 0;
  const src = source(extra);
  try {
    return await src.record(req);
  } finally {
    await src.close();
  }
}

it('50 pools cost one request per metric type, and every value lands at its step', async () => {
  const { snapshot, requests } = await recordWith(world, request(50));
  assert.equal(requests, METRIC_SPECS.length);
  assert.equal(server.requests.length, METRIC_SPECS.length, 'O(metric types), not O(pools × metric types)');
  const types = new Set(server.requests.map((r) => r.metricType));
  assert.ok(types.has('pubsub.googleapis.com/subscription/num_unacked_messages_by_region'), 'prefers _by_region');
  const r0 = server.requests[0]!;
  assert.equal(r0.name, 'projects/test-project');
  assert.equal(r0.aggregation.crossSeriesReducer, 'REDUCE_SUM');
  assert.deepEqual(r0.aggregation.groupByFields, ['resource.labels.subscription_id']);
  assert.equal(r0.aggregation.alignmentPeriod?.seconds, '60');
  assert.equal(idsOf(r0).length, 50);
  const v = validateSnapshot(JSON.parse(JSON.stringify(snapshot)));
  assert.ok(v.ok, v.ok ? '' : v.errors.map((e) => e.message).join('\n'));
  assert.equal(v.lengthSteps, STEPS);
  // sub-7 is the 8th id: 70 + step
  assert.deepEqual(snapshot.subscriptions['sub-7']!.ackedMessagesPerMin, Array.from({ length: STEPS }, (_, i) => 70 + i));
  assert.deepEqual(snapshot.subscriptions['sub-7']!.publishedMessagesPerMin, Array.from({ length: STEPS }, (_, i) => 70 + i), 'topic metric mapped to its subscription');
  assert.equal(snapshot.pools['pool-3']!.cpuUtilization![2], 0.32);
  assert.deepEqual(snapshot.subscriptions['sub-1']!.processingTimeMs!.p99.slice(0, 2), [10, 11]);
  assert.ok(snapshot.metrics!.every((m) => m.status === 'ok'), JSON.stringify(snapshot.metrics));
});

it('follows nextPageToken and merges a series split across pages', async () => {
  const handler: Handler = (req) => {
    const resource = resourceOf(req);
    const id = idsOf(req)[0]!;
    const lbl = { [labelOf(resource)]: id };
    if (!req.pageToken) return { timeSeries: [series(resource, lbl, [{ endSec: END, value: 5 }])], nextPageToken: 'page-2' };
    assert.equal(req.pageToken, 'page-2');
    return { timeSeries: [series(resource, lbl, [{ endSec: END - 60, value: 4 }])] };
  };
  const { snapshot, requests } = await recordWith(handler, request(1));
  assert.equal(requests, 2 * METRIC_SPECS.length);
  assert.ok(server.requests.every((r) => r.pageSize === 10_000));
  assert.deepEqual(snapshot.subscriptions['sub-0']!.backlogMessages!.slice(-2), [4, 5]);
});

it('retries UNAVAILABLE and RESOURCE_EXHAUSTED with backoff, then succeeds', async () => {
  let fails = 0;
  const handler: Handler = (req, i) => {
    if (req.metricType.endsWith('ack_message_count') && fails < 2) {
      fails++;
      return { error: { code: fails === 1 ? status.UNAVAILABLE : status.RESOURCE_EXHAUSTED, details: 'try later' } };
    }
    return world(req, i);
  };
  const { snapshot } = await recordWith(handler);
  const st = snapshot.metrics!.find((m) => m.metric.endsWith('ack_message_count'))!;
  assert.equal(st.status, 'ok');
  assert.equal(st.requests, 3);
});

it('a response slower than the per-call timeout is DEADLINE_EXCEEDED and retried', async () => {
  let slow = 0;
  const handler: Handler = (req, i) => (req.metricType.endsWith('instance_count') && slow++ === 0 ? { ...world(req, i), delayMs: 1500 } : world(req, i));
  const started = Date.now();
  const { snapshot } = await recordWith(handler, request(2), { perCallTimeoutMs: 200 });
  const st = snapshot.metrics!.find((m) => m.metric.endsWith('instance_count'))!;
  assert.equal(st.status, 'ok');
  assert.equal(st.requests, 2);
  assert.ok(Date.now() - started < 1500, 'did not wait for the slow response');
  assert.ok(snapshot.pools['pool-1']!.instanceCount!.every((v) => v !== null));
});

it('a metric that stays UNAVAILABLE fails alone within the time budget', async () => {
  const handler: Handler = (req, i) => (req.metricType.endsWith('nack_requests') ? { error: { code: status.UNAVAILABLE, details: 'backend down' } } : world(req, i));
  const started = Date.now();
  const { snapshot } = await recordWith(handler, request(2), { totalBudgetMs: 3000, maxBackoffMs: 100 });
  // A 3 s budget (far below the default 120 s) leaves the other metrics time to finish on a loaded 2-core machine
  // before this one runs out; the message names the error that kept failing either way.
  assert.ok(Date.now() - started < 10_000);
  const st = snapshot.metrics!.find((m) => m.metric.endsWith('nack_requests'))!;
  assert.equal(st.status, 'failed');
  assert.match(st.message!, /UNAVAILABLE.*backend down.*gave up after \d+ attempts/);
  assert.ok(st.requests! >= 2, 'retried at least once before giving up');
  assert.equal(snapshot.subscriptions['sub-0']!.nackedMessagesPerMin, undefined, 'a failed metric is absent, not zero');
  const v = validateSnapshot(JSON.parse(JSON.stringify(snapshot)));
  assert.ok(v.ok && v.warnings.some((w) => /nack_requests: failed/.test(w.message)));
});

for (const [code, name] of [[status.PERMISSION_DENIED, 'PERMISSION_DENIED'], [status.UNAUTHENTICATED, 'UNAUTHENTICATED']] as const) {
  it(`${name} is a typed error naming the fix, after one request`, async () => {
    await assert.rejects(recordWith(() => ({ error: { code, details: 'caller does not have permission' } })), (e: unknown) => {
      assert.ok(e instanceof MonitoringAuthError);
      assert.equal(e.code, 'MONITORING_AUTH');
      assert.match(e.message, /gcloud auth application-default login/);
      assert.match(e.message, /roles\/monitoring\.viewer/);
      assert.match(e.message, new RegExp(name));
      return true;
    });
    assert.equal(server.requests.length, 1, 'no retry on auth errors');
  });
}

it('an empty _by_region metric falls back to the global variant; empty metrics are marked empty', async () => {
  const handler: Handler = (req, i) => (/by_region|dead_letter/.test(req.metricType) ? { timeSeries: [] } : world(req, i));
  const { snapshot } = await recordWith(handler);
  const types = server.requests.map((r) => r.metricType);
  assert.ok(types.includes('pubsub.googleapis.com/subscription/num_undelivered_messages'));
  assert.ok(types.includes('pubsub.googleapis.com/subscription/oldest_unacked_message_age'));
  assert.ok(snapshot.subscriptions['sub-1']!.backlogMessages!.every((v) => v !== null));
  assert.equal(snapshot.metrics!.find((m) => m.metric.endsWith('dead_letter_message_count'))!.status, 'empty');
});

it('malformed points (no value, negative, outside the window) become gaps and mark the metric partial', async () => {
  const handler: Handler = (req, i) => {
    if (!req.metricType.endsWith('sent_message_count')) return world(req, i);
    return { timeSeries: [series('pubsub_subscription', { subscription_id: 'sub-0' }, [
      { endSec: END, value: 3 }, { endSec: END - 60, value: undefined }, { endSec: END - 120, value: -4 }, { endSec: END + 600, value: 1 },
    ]), { resource: { type: 'pubsub_subscription', labels: { subscription_id: 'sub-1' } }, points: [{ value: { doubleValue: 1 } }] }] };
  };
  const { snapshot } = await recordWith(handler);
  const st = snapshot.metrics!.find((m) => m.metric.endsWith('sent_message_count'))!;
  assert.equal(st.status, 'partial');
  assert.match(st.message!, /3 malformed points/); // no value, negative, no end time
  assert.deepEqual(snapshot.subscriptions['sub-0']!.deliveredMessagesPerMin!.slice(-3), [null, null, 3]);
  assert.ok(validateSnapshot(JSON.parse(JSON.stringify(snapshot))).ok);
});

it('INVALID_ARGUMENT fails that metric only, with the server message', async () => {
  const handler: Handler = (req, i) => (req.metricType.endsWith('memory/utilizations') ? { error: { code: status.INVALID_ARGUMENT, details: 'bad filter' } } : world(req, i));
  const { snapshot } = await recordWith(handler);
  const st = snapshot.metrics!.find((m) => m.metric.endsWith('memory/utilizations'))!;
  assert.equal(st.status, 'failed');
  assert.match(st.message!, /INVALID_ARGUMENT.*bad filter/);
  assert.equal(st.requests, 1);
  assert.ok(snapshot.pools['pool-0']!.cpuUtilization);
});
