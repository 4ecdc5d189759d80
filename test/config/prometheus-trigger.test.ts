/** A KEDA prometheus trigger on Managed Service for Prometheus that reads a Pub/Sub metric is a Pub/Sub scaler (issue 10). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { currentValues } from '../../shared/tune/current.ts';

const yaml = (query: string) => `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: reports
spec:
  scaleTargetRef:
    name: projects/acme/locations/us-central1/workerpools/reports-worker
  triggers:
  - type: prometheus
    metadata:
      serverAddress: https://monitoring.googleapis.com/v1/projects/acme/location/global/prometheus
      query: '${query}'
      threshold: "7"
      activationThreshold: "1"
---
name: projects/acme/subscriptions/report-requests
topic: projects/acme/topics/reports
`;

describe('prometheus trigger read as Pub/Sub', () => {
  it('takes subscription, mode and threshold from the query, and links the subscription to the pool', () => {
    const ws = parseWorkspace([{ path: 'so.yaml', text: yaml('{"__name__"="pubsub.googleapis.com/subscription/num_undelivered_messages","monitored_resource"="pubsub_subscription","subscription_id"="report-requests"}') }]);
    const t = ws.scalers[0]!.triggers[0]!;
    assert.equal(t.pubsubQuery, true);
    assert.equal(t.subscription, 'report-requests');
    assert.equal(t.mode, 'SubscriptionSize');
    assert.equal(t.targetValue, 7);
    assert.equal(t.activationValue, 1);
    assert.equal(t.valueKey, 'threshold');
    const pool = ws.pools.find((p) => p.scaler === ws.scalers[0])!;
    assert.deepEqual(pool.subscriptions.map((s) => s.name), ['report-requests']);
    const scaling = currentValues(pool).scaling;
    assert.equal(scaling?.mode === 'crema' ? scaling.targetValue : undefined, 7);
  });

  it('reads the age metric as OldestUnackedMessageAge, and leaves other queries alone', () => {
    const age = parseWorkspace([{ path: 'so.yaml', text: yaml('max(max_over_time({"__name__"="pubsub.googleapis.com/subscription/oldest_unacked_message_age","subscription_id"="report-requests"}[1m]))') }]);
    assert.equal(age.scalers[0]!.triggers[0]!.mode, 'OldestUnackedMessageAge');
    const other = parseWorkspace([{ path: 'so.yaml', text: yaml('sum(rate(http_requests_total[2m]))') }]);
    const t = other.scalers[0]!.triggers[0]!;
    assert.equal(t.pubsubQuery, undefined);
    assert.equal(t.subscription, undefined);
  });
});
