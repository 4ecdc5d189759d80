/** Reading Terraform: values settled from the module, exact spans, what stays unsettled, HCL edits by model path. */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { parseWorkspace, docOf } from '../../shared/config/workspace.ts';
import { review } from '../../shared/rules/engine.ts';
import { applyEdits } from '../../shared/config/edits.ts';
import { WP } from '../../shared/config/kinds/worker-pool.ts';
import type { HclParser } from '../../shared/config/hcl/syntax.ts';
import { parser } from './load.ts';

const MAIN = `variable "project" {
  default = "acme"
}
variable "attempts" {}
locals {
  base = "orders"
  ack  = 45
}
resource "google_pubsub_topic" "dlq" {
  name = "\${local.base}-dlq"
}
resource "google_pubsub_subscription" "s" {
  project              = var.project
  name                 = "\${local.base}-sub" # main
  topic                = "projects/\${var.project}/topics/\${local.base}"
  ack_deadline_seconds = local.ack
  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dlq.id
    max_delivery_attempts = var.attempts
  }
}
resource "google_pubsub_subscription" "plain" {
  name  = "plain-sub"
  topic = "other"
}
resource "google_cloud_run_v2_worker_pool" "w" {
  name     = "w"
  location = "us-central1"
  template {
    containers {
      image = "img"
      env {
        name  = "SUBSCRIPTION_ID"
        value = google_pubsub_subscription.plain.name
      }
    }
  }
}
`;

describe('Terraform reader', () => {
  let hcl: HclParser;
  before(async () => {
    hcl = await parser();
  });

  it('settles literals, var defaults, locals, interpolations and resource references', () => {
    const ws = parseWorkspace([{ path: 'm/main.tf', text: MAIN }], { hcl });
    const s = ws.subscriptions.find((x) => x.name === 'orders-sub')!;
    assert.equal(s.project, 'acme');
    assert.equal(s.topic, 'orders');
    assert.equal(s.ackDeadlineSec, 45);
    assert.equal(s.deadLetterTopic, 'orders-dlq');
    assert.equal(s.maxDeliveryAttempts, undefined, 'var.attempts has no default: not guessed');
    const pool = ws.pools.find((p) => p.name === 'w')!;
    assert.deepEqual(pool.subscriptions.map((x) => x.name), ['plain-sub'], 'linked through google_pubsub_subscription.plain.name');
    const doc = docOf(ws, s.ref)!;
    assert.equal(MAIN.slice(doc.span(['ackDeadlineSeconds']).start, doc.span(['ackDeadlineSeconds']).end), 'local.ack');
    assert.equal(MAIN.slice(doc.span(['deadLetterPolicy', 'maxDeliveryAttempts'], 'key').start).split(' ')[0], 'max_delivery_attempts');
  });

  it('names from a local template are kept as written; a Dataflow job inside merge({…}) marks the subscription it reads', () => {
    const text = `variable "job" {
  type = string
}

locals {
  sub_name = "\${var.job}-input-subscription"
}

resource "google_pubsub_subscription" "input" {
  name  = local.sub_name
  topic = "projects/acme/topics/logs"
}

resource "google_dataflow_job" "main" {
  name              = "splunk"
  template_gcs_path = "gs://dataflow-templates/latest/Cloud_PubSub_to_Splunk"
  temp_gcs_location = "gs://acme-tmp/tmp"
  parameters = merge({
    inputSubscription = google_pubsub_subscription.input.id
    url               = var.job
  }, {})
}
`;
    const ws = parseWorkspace([{ path: 'm/main.tf', text }], { hcl });
    assert.deepEqual(ws.subscriptions.map((x) => x.name), ['${var.job}-input-subscription']);
    assert.deepEqual(ws.dataflowReads.map((d) => [d.job, d.subscription, d.parameter]), [['google_dataflow_job.main', '${var.job}-input-subscription', 'inputSubscription']]);
    // Read by Dataflow: neither absent policy is reported (and without the job, both are).
    const ids = (t: string) => review(parseWorkspace([{ path: 'm/main.tf', text: t }], { hcl })).findings.map((f) => f.ruleId).sort();
    assert.deepEqual(ids(text), []);
    assert.deepEqual(ids(text.slice(0, text.indexOf('resource "google_dataflow_job"'))), ['no-dead-letter-policy', 'no-retry-policy']);
  });

  it('withholds findings that depend on an unsettled value and says why in the notes', () => {
    const ws = parseWorkspace([{ path: 'm/main.tf', text: MAIN }], { hcl });
    const ids = review(ws).findings.map((f) => `${f.ruleId}:${f.message}`);
    // max_delivery_attempts = var.attempts: the attempts rule is withheld; the certain absence of a retry policy is not.
    assert.ok(!ids.some((x) => x.startsWith('max-delivery-attempts-at-minimum')), ids.join('\n'));
    assert.ok(ids.some((x) => x.startsWith('no-retry-policy') && x.includes('orders-sub')), ids.join('\n'));
    assert.ok(ids.some((x) => x.startsWith('terraform-not-checked:google_pubsub_subscription.s:') && x.includes('`max_delivery_attempts = var.attempts`')), ids.join('\n'));
    assert.ok(ids.some((x) => x.startsWith('no-dead-letter-policy') && x.includes('plain-sub')), 'a settled subscription is still reviewed');
    assert.ok(ws.notes.some((n) => /var\.attempts/.test(n.message) && /no default/.test(n.message)));
  });

  it('edits by model path: replaces a value, inserts attributes and a nested block, keeps comments', () => {
    const ws = parseWorkspace([{ path: 'm/main.tf', text: MAIN }], { hcl });
    const wp = ws.workerPools[0]!;
    const d = docOf(ws, wp.ref)!;
    const e = d.treeEdits(WP.annotations, { 'run.googleapis.com/scalingMode': 'manual', 'run.googleapis.com/manualInstanceCount': '3' })!;
    const out = applyEdits(MAIN, e);
    assert.match(out, /\n {2}scaling \{\n {4}scaling_mode {10}= "MANUAL"\n {4}manual_instance_count = 3\n {2}\}\n\}\n$/);
    const s = ws.subscriptions.find((x) => x.name === 'orders-sub')!;
    const sd = docOf(ws, s.ref)!;
    const out2 = applyEdits(MAIN, [sd.setEdit(['ackDeadlineSeconds'], 60)!, ...sd.treeEdits(['retryPolicy'], { minimumBackoff: '10s', maximumBackoff: '600s' })!]);
    assert.match(out2, /ack_deadline_seconds = 60\n/);
    assert.match(out2, /name {17}= "\$\{local\.base\}-sub" # main/);
    assert.match(out2, / {2}retry_policy \{\n {4}minimum_backoff = "10s"\n {4}maximum_backoff = "600s"\n {2}\}\n\}/);
    const reread = parseWorkspace([{ path: 'm/main.tf', text: out2 }], { hcl });
    const s2 = reread.subscriptions.find((x) => x.name === 'orders-sub')!;
    assert.equal(s2.ackDeadlineSec, 60);
    assert.equal(s2.minimumBackoffSec, 10);
  });

  it('a heredoc CremaConfig keeps .tf offsets and is edited inside the heredoc', () => {
    const text = `resource "google_parameter_manager_parameter_version" "v" {
  parameter      = "p"
  parameter_data = <<-EOT
    kind: CremaConfig
    spec:
      scaledObjects:
        - spec:
            scaleTargetRef:
              name: projects/p/locations/r/workerpools/w
            maxReplicaCount: 7 # ceiling
            triggers:
              - type: gcp-pubsub
                metadata:
                  subscriptionName: s
                  value: "10"
  EOT
}
`;
    const ws = parseWorkspace([{ path: 'c.tf', text }], { hcl });
    const sc = ws.scalers[0]!;
    assert.equal(sc.maxReplicas, 7);
    const d = docOf(ws, sc.ref)!;
    const span = d.span([...sc.basePath, 'maxReplicaCount']);
    assert.equal(text.slice(span.start, span.end), '7');
    const out = applyEdits(text, [d.setEdit([...sc.basePath, 'maxReplicaCount'], 12)!]);
    assert.match(out, /maxReplicaCount: 12 # ceiling/);
  });
});
