/**
 * The logic behind "Pool Tuner: Generate alerts for this pool" (extension/alerts.ts), without VS Code: where the
 * files go (JSON in monitoring/ beside a YAML pool; the module's pool-tuner-observe.tf, holding every pool of the
 * module, for a Terraform pool), which of them exist (the command asks before overwriting those), the question it
 * asks, the atomic writes, and the errors (a bad notificationChannels entry names the setting).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { loadHclParser } from '../../shared/node/hcl-parser.ts';
import { overwriteQuestion, planAlerts, writeAlerts, type AlertPlan } from '../../extension/alerts.ts';
import { proposeFor } from '../../extension/tuner.ts';
import { decodeStrict, monitoringTypes } from '../observe/proto-check.ts';
import type { Workspace } from '../../shared/config/workspace.ts';
import { MAIL_POOL_WITH_DLQ as POOL, mailSettings as settings } from '../observe/mail-project.ts';


function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pool-tuner-alerts-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
const wsOf = (dir: string, files: Record<string, string>, hcl?: Awaited<ReturnType<typeof loadHclParser>>): Workspace =>
  parseWorkspace(Object.entries(files).map(([name, text]) => ({ path: path.join(dir, name), text })), hcl ? { hcl } : {});
const proposals = (ws: Workspace) => async (pool: string) => ({ proposal: proposeFor(ws, pool, undefined) });

it('a YAML pool: one AlertPolicy JSON per alert and the dashboard in monitoring/<pool>/ beside it; a second run finds them all existing', async () => {
  const files = { 'svc/pool.yaml': POOL, 'pool-tuner.yaml': settings() };
  const dir = project(files);
  const ws = wsOf(dir, files);
  const plan = await planAlerts(ws, 'mail-worker', undefined, proposals(ws)) as AlertPlan;
  assert.ok(!('error' in plan), JSON.stringify(plan));
  assert.equal(plan.target.format, 'json');
  assert.deepEqual(plan.target.pools, ['mail-worker']);
  const out = path.join(dir, 'svc', 'monitoring', 'mail-worker');
  assert.ok(plan.files.every((f) => f.path.startsWith(out)), plan.files.map((f) => f.path).join('\n'));
  assert.ok(plan.files.some((f) => f.path.endsWith('alert-dead-letters.json')), 'the dead-letters alert the quick fix is for');
  assert.deepEqual(plan.existing, []);
  assert.ok(plan.notes.some((n) => /mail-worker: No metrics for this pool: thresholds were not fitted/.test(n)), plan.notes.join('\n'));
  const written = await writeAlerts(plan);
  assert.deepEqual(readdirSync(out).sort(), plan.files.map((f) => path.basename(f.path)).sort());
  assert.ok(!readdirSync(out).some((f) => f.endsWith('.tmp')), 'no temp file left behind');
  const { alert, dashboard } = monitoringTypes();
  for (const f of written) decodeStrict(f.endsWith('dashboard.json') ? dashboard : alert, JSON.parse(readFileSync(f, 'utf8')));
  const again = await planAlerts(ws, 'mail-worker', undefined, proposals(ws)) as AlertPlan;
  assert.deepEqual(again.existing.sort(), written.sort());
  assert.match(overwriteQuestion(again, dir), new RegExp(`^Overwrite ${written.length} files \\(svc/monitoring/mail-worker/alert-[a-z-]+\\.json, .* and ${written.length - 3} more\\) with the alerts generated for mail-worker\\?$`));
});

const module = (name: string, sub: string) => `resource "google_pubsub_subscription" "${name}" {
  project = "acme-prod"
  name    = "${sub}"
  topic   = "projects/acme-prod/topics/${name}"
  dead_letter_policy {
    dead_letter_topic     = "projects/acme-prod/topics/${name}-dlq"
    max_delivery_attempts = 5
  }
}

resource "google_cloud_run_v2_worker_pool" "${name}" {
  project  = "acme-prod"
  name     = "${name}-worker"
  location = "us-central1"
  scaling {
    scaling_mode          = "MANUAL"
    manual_instance_count = 2
  }
  template {
    containers {
      image = "${name}:1"
      env {
        name  = "SUBSCRIPTION_ID"
        value = "${sub}"
      }
    }
  }
}
`;

it('a Terraform pool: the module\'s pool-tuner-observe.tf, with every pool of the module; the question says whose alerts it holds', async () => {
  const files = { 'infra/mail.tf': module('mail', 'mail-sub'), 'infra/sms.tf': module('sms', 'sms-sub') };
  const dir = project(files);
  const ws = wsOf(dir, files, await loadHclParser());
  const plan = await planAlerts(ws, 'mail-worker', undefined, proposals(ws)) as AlertPlan;
  assert.ok(!('error' in plan), JSON.stringify(plan));
  assert.equal(plan.target.format, 'terraform');
  assert.deepEqual(plan.target.pools.sort(), ['mail-worker', 'sms-worker']);
  assert.deepEqual(plan.files.map((f) => f.path), [path.join(dir, 'infra', 'pool-tuner-observe.tf')]);
  const tf = plan.files[0]!.text;
  assert.match(tf, /resource "google_monitoring_alert_policy" "mail_worker_dead_letters"/);
  assert.match(tf, /resource "google_monitoring_alert_policy" "sms_worker_dead_letters"/);
  assert.match(tf, /subscription_id=\\"\$\{google_pubsub_subscription\.mail\.name\}\\"/);
  assert.equal(tf.match(/variable "pool_tuner_notification_channels"/g)?.length, 1);
  writeFileSync(plan.files[0]!.path, '# hand-written\n');
  const again = await planAlerts(ws, 'mail-worker', undefined, proposals(ws)) as AlertPlan;
  assert.equal(overwriteQuestion(again, dir), `Overwrite infra/pool-tuner-observe.tf (it holds the alerts of ${again.target.pools.join(', ')}: the pools of that module) with the alerts generated for mail-worker?`);
  await writeAlerts(again);
  assert.equal(readFileSync(again.files[0]!.path, 'utf8'), tf);
  // Another pool of the module that cannot be tuned is left out with a note; the asked-for pool still gets its file.
  const some = await planAlerts(ws, 'mail-worker', undefined, async (p) => (p === 'sms-worker' ? { error: 'no tunable pool' } : { proposal: proposeFor(ws, p, undefined) })) as AlertPlan;
  assert.ok(!('error' in some));
  assert.doesNotMatch(some.files[0]!.text, /sms_worker/);
  assert.ok(some.notes.some((n) => /^sms-worker: left out of .*pool-tuner-observe\.tf: no tunable pool$/.test(n)), some.notes.join('\n'));
  const none = await planAlerts(ws, 'mail-worker', undefined, async () => ({ error: 'no tunable pool' }));
  assert.deepEqual(none, { error: 'Cannot tune mail-worker: no tunable pool' });
});

it('errors: a notificationChannels entry in the wrong format names the setting; an unknown pool lists the known ones', async () => {
  const files = { 'pool.yaml': POOL, 'pool-tuner.yaml': settings('notificationChannels:\n  - ops@example.com\n') };
  const dir = project(files);
  const ws = wsOf(dir, files);
  const bad = await planAlerts(ws, 'mail-worker', undefined, proposals(ws));
  assert.ok('error' in bad);
  assert.match(bad.error, /setting `notificationChannels\.0` is not a notification channel/);
  const ok = wsOf(dir, { 'pool.yaml': POOL, 'pool-tuner.yaml': settings() });
  const unknown = await planAlerts(ok, 'orders', undefined, proposals(ok));
  assert.deepEqual(unknown, { error: "No pool 'orders'. Pools with a subscription: mail-worker." });
});
