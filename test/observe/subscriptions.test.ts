/**
 * A pool with two subscriptions: every subscription gets its alerts. One policy per alert kind whose PromQL matches
 * both subscriptions and is grouped `by (subscription_id)`, so Cloud Monitoring opens one incident per subscription;
 * the downstream ceiling sums acks over both (the limit is the pool's). On a recording each subscription's series is
 * evaluated on its own: a stall of one subscription fires even while the other acks.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { loadHclParser } from '../../shared/node/hcl-parser.ts';
import { jsonFiles, terraformFiles } from '../../shared/observe/files.ts';
import { observeWorkspace } from '../../shared/observe/run.ts';
import { ObserveOutputSchema } from '../../shared/observe/schema.ts';
import { deriveThresholds } from '../../shared/observe/thresholds.ts';
import { testAlert } from '../../shared/observe/verdict.ts';
import type { ObserveSeries } from '../../shared/observe/signals.ts';
import { decodeStrict, monitoringTypes } from './proto-check.ts';

const POOL = `apiVersion: run.googleapis.com/v1
kind: WorkerPool
metadata:
  name: mail-worker
  namespace: acme
  labels:
    cloud.googleapis.com/location: us-central1
  annotations:
    run.googleapis.com/scalingMode: manual
    run.googleapis.com/manualInstanceCount: '2'
spec:
  template:
    spec:
      containers:
      - image: mail:1
---
name: projects/acme-prod/subscriptions/mail-sub
topic: projects/acme-prod/topics/mail
ackDeadlineSeconds: 60
---
name: projects/acme-prod/subscriptions/mail.retry
topic: projects/acme-prod/topics/mail-retry
ackDeadlineSeconds: 60
`;
const SETTINGS = `apiVersion: pool-tuner/v1
kind: PoolTunerSettings
project: acme-prod
pools:
  mail-worker:
    subscriptions: [mail-sub, mail.retry]
    slo:
      maxMessageAgeSec: 300
    downstreamLimitPerSec: 50
    processingTimeSec: 2
`;

const query = (p: { alerts: { kind: string; query: string }[] }, kind: string) => p.alerts.find((a) => a.kind === kind)!.query;

it('one policy per kind matches both subscriptions, grouped by subscription_id; the downstream ceiling sums them', () => {
  const out = ObserveOutputSchema.parse(observeWorkspace(parseWorkspace([{ path: 'pool.yaml', text: POOL }, { path: 'pool-tuner.yaml', text: SETTINGS }])));
  const p = out.pools[0]!;
  assert.deepEqual(p.subscriptions, ['mail-sub', 'mail.retry']);
  assert.deepEqual(p.targets?.subscriptions, ['mail-sub', 'mail.retry']);
  // `.` escaped for RE2 inside the PromQL string (a backslash, doubled in the string).
  const match = 'subscription_id=~"mail-sub|mail\\\\.retry"';
  assert.equal(query(p, 'oldest-age'), `max by (subscription_id)(pubsub_googleapis_com:subscription_oldest_unacked_message_age_by_region{monitored_resource="pubsub_subscription",project_id="acme-prod",${match}}) > 240`);
  assert.ok(query(p, 'stalled').startsWith(`(sum by (subscription_id)(pubsub_googleapis_com:subscription_num_unacked_messages_by_region{monitored_resource="pubsub_subscription",project_id="acme-prod",${match}}) > 0) unless (sum by (subscription_id)(rate(`), query(p, 'stalled'));
  for (const kind of ['backlog-growth', 'dead-letters', 'expired-ack-deadlines']) assert.match(query(p, kind), /^\(?sum by \(subscription_id\)/, kind);
  assert.equal(query(p, 'downstream-ceiling'), `sum(rate(pubsub_googleapis_com:subscription_ack_message_count{monitored_resource="pubsub_subscription",project_id="acme-prod",${match}}[5m])) > 47.5`);
  // One policy per kind, not per subscription; the documentation says which series open incidents.
  assert.equal(p.policies.length, p.alerts.length);
  assert.equal(new Set(p.alerts.map((a) => a.kind)).size, p.alerts.length);
  const doc = (kind: string) => (p.policies[p.alerts.findIndex((a) => a.kind === kind)]!['documentation'] as { content: string }).content;
  assert.match(doc('oldest-age'), /One incident per subscription \(`mail-sub`, `mail\.retry`\)/);
  assert.match(doc('downstream-ceiling'), /Acks summed over the pool's subscriptions/);
  // The dashboard draws a line per subscription, named by its label, and the arrivals of both topics.
  const dash = JSON.stringify(p.dashboard);
  assert.match(dash, /"legendTemplate":"unacked \$\{subscription_id\}"/);
  assert.match(dash, /topic_id=~\\"mail\|mail-retry\\"/);
  // What gcloud takes: valid AlertPolicy and Dashboard messages.
  const { alert, dashboard } = monitoringTypes();
  for (const f of jsonFiles(out, 'out')) decodeStrict(f.path.endsWith('dashboard.json') ? dashboard : alert, JSON.parse(f.text));
});

it('a single subscription keeps the exact match and no grouping', () => {
  const one = POOL.split('---').slice(0, 2).join('---');
  const settings = SETTINGS.replace('subscriptions: [mail-sub, mail.retry]', 'subscriptions: [mail-sub]');
  const p = observeWorkspace(parseWorkspace([{ path: 'pool.yaml', text: one }, { path: 'pool-tuner.yaml', text: settings }])).pools[0]!;
  assert.deepEqual(p.subscriptions, ['mail-sub']);
  assert.equal(p.targets?.subscriptions, undefined);
  assert.equal(query(p, 'oldest-age'), 'max(pubsub_googleapis_com:subscription_oldest_unacked_message_age_by_region{monitored_resource="pubsub_subscription",project_id="acme-prod",subscription_id="mail-sub"}) > 240');
});

it('on a recording, each subscription is evaluated on its own series: one subscription stalling fires while the other acks', () => {
  const N = 60;
  const c = (v: number) => new Array<number | null>(N).fill(v);
  const acking = (): ObserveSeries => ({ published: c(600), acked: c(600), delivered: c(600), backlog: c(20), oldestAgeSec: c(5), expired: c(0), deadLettered: c(0), instances: c(2) });
  const stuck: ObserveSeries = { ...acking(), acked: c(0), published: c(10), backlog: c(400), oldestAgeSec: c(5) };
  const combined: ObserveSeries = { ...acking(), backlog: c(420), published: c(610) };
  const { derived } = deriveThresholds({
    slo: { maxMessageAgeSec: 300 }, sloDefaulted: false, fitted: true, recommended: { concurrency: 10, scaling: { mode: 'manual', instances: 2 } }, processingP99Sec: 2,
  });
  const stalled = derived.find((d) => d.kind === 'stalled')!;
  const start = '2026-11-20T14:00:00Z';
  const alone = testAlert(stalled, { series: combined, start, breached: [] }, []);
  assert.equal(alone.recorded!.fires, 0, 'the combined series acks, so it hides the stall');
  const each = testAlert(stalled, { series: combined, start, breached: [], perSubscription: [{ subscription: 'mail-sub', series: acking() }, { subscription: 'mail.retry', series: stuck }] }, []);
  assert.equal(each.recorded!.fires, 1);
  assert.equal(each.recorded!.at[0], '2026-11-20T14:09:00Z');
  assert.deepEqual(each.recorded!.bySubscription, [{ subscription: 'mail-sub', fires: 0 }, { subscription: 'mail.retry', fires: 1 }]);
  assert.match(each.summary, /mail\.retry 1/);
});

const MODULE = `resource "google_pubsub_subscription" "mail" {
  project = "acme-prod"
  name    = "mail-sub"
  topic   = "projects/acme-prod/topics/mail"
}

resource "google_pubsub_subscription" "retry" {
  project = "acme-prod"
  name    = "mail.retry"
  topic   = "projects/acme-prod/topics/mail-retry"
}

resource "google_cloud_run_v2_worker_pool" "mail" {
  project  = "acme-prod"
  name     = "mail-worker"
  location = "us-central1"
  scaling {
    scaling_mode          = "MANUAL"
    manual_instance_count = 2
  }
  template {
    containers {
      image = "mail:1"
    }
  }
}
`;

it('Terraform: the selector reads a local joining both subscriptions\' names, escaped by Terraform; it parses with HashiCorp\'s parser', async () => {
  const ws = parseWorkspace([{ path: 'infra/mail.tf', text: MODULE }, { path: 'pool-tuner.yaml', text: SETTINGS }], { hcl: await loadHclParser() });
  const out = observeWorkspace(ws);
  assert.deepEqual(out.pools[0]!.subscriptions, ['mail-sub', 'mail.retry']);
  const files = terraformFiles(out, ws, undefined);
  assert.deepEqual(files.map((f) => f.path), ['infra/pool-tuner-observe.tf']);
  const text = files[0]!.text;
  assert.ok(text.includes('pool_tuner_mail_worker_subscriptions = join("|", [for n in [google_pubsub_subscription.mail.name, google_pubsub_subscription.retry.name] : replace(n, "/([.+])/", "\\\\\\\\$1")])'), text);
  const parsed = await parseHcl('pool-tuner-observe.tf', text) as {
    locals: Record<string, string>[];
    resource: { google_monitoring_alert_policy: Record<string, { conditions: { condition_prometheus_query_language: { query: string }[] }[] }[]>; google_monitoring_dashboard: Record<string, { dashboard_json: string }[]> };
  };
  assert.ok(parsed.locals.some((l) => 'pool_tuner_mail_worker_subscriptions' in l));
  const age = parsed.resource.google_monitoring_alert_policy['mail_worker_oldest_age']![0]!.conditions[0]!.condition_prometheus_query_language[0]!.query;
  assert.match(age, /max by \(subscription_id\)\(.*subscription_id=~\\?"\$\{local\.pool_tuner_mail_worker_subscriptions\}\\?"/);
  // The legend label is Cloud Monitoring's: escaped so Terraform leaves `${subscription_id}` in the JSON.
  assert.match(text, /"legendTemplate": "unacked \$\$\{subscription_id\}"/);
});
